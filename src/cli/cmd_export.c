/* cmd_export.c - scorebridge export: files made from the stored results to be shared
 * outside the district. "export research" writes one LEA's Smarter Balanced results for one
 * year in the layout of the state's public research files (analytics/research.h), from the
 * aggregate cells kept at load time, always with small-cell and complementary suppression.
 * The cells are read into memory (owned here, freed before returning); the file is written
 * to a temporary name beside --out and renamed over it when complete, so a reader never
 * sees half a file. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "analytics/orgnames.h"
#include "analytics/research.h"
#include "cli/cli.h"
#include "domain/ids.h"
#include "domain/score.h"
#include "store/store.h"

static void usage(FILE *f) {
  fputs("usage: scorebridge export research --lea CODE --year YYYY [--basis tested|enrolled]\n"
        "                                   --out FILE\n"
        "  research      one LEA's Smarter Balanced ELA and math results for one year as the\n"
        "                state's public research file: 69 caret-delimited columns, one row per\n"
        "                (LEA or school) x grade (13 = all grades) x student group x test.\n"
        "                Counts of 1-10 students, and everything computed from them, are\n"
        "                written as *, with complementary suppression so that a withheld\n"
        "                count cannot be worked out as a total minus the others shown.\n"
        "                Names are left blank; composite areas are not kept (blank).\n"
        "  --lea CODE    the 7-digit LEA (county + district)\n"
        "  --year YYYY   the administration year (2026 for 2025-26)\n"
        "  --basis B     the TOMS report the results come from: tested (default) or enrolled\n"
        "  --out FILE    where to write the file (replaced whole when done); - for stdout\n"
        "  --data DIR    data directory (SCOREBRIDGE_DATA; default ./var)\n"
        "  --json        print a JSON summary on stdout (not with --out -)\n",
        f);
}

/* The cells read from the store: a growable array. */
struct cell_list {
  struct agg_cell *c;
  size_t n, cap;
  bool oom; /* collect ran out of memory (the query then stops without an error) */
};

static int collect(void *ctx, int year, const struct agg_cell *c) {
  (void)year;
  struct cell_list *l = ctx;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 1024;
    struct agg_cell *p = realloc(l->c, cap * sizeof *p);
    if (p == NULL) {
      l->oom = true;
      return -1;
    }
    l->c = p;
    l->cap = cap;
  }
  l->c[l->n++] = *c;
  return 0;
}

/* What the LEA does have, for the message when the asked year / basis has nothing. */
struct loaded {
  char text[400];
  size_t len;
};

static int note_loaded(void *ctx, int family, int basis, int year, int64_t id) {
  (void)id;
  struct loaded *l = ctx;
  if (family != SCORE_CAASPP || l->len >= sizeof l->text) return 0;
  int n = snprintf(l->text + l->len, sizeof l->text - l->len, "%s%d %s", l->len ? ", " : "", year,
                   basis == SCORE_TESTED ? "Tested" : "Enrolled");
  if (n > 0) l->len += (size_t)n;
  return 0;
}

/* Output to a FILE; remembers the first error. */
struct file_out {
  FILE *f;
  int err;
};

static int to_file(void *ctx, const char *data, size_t len) {
  struct file_out *o = ctx;
  if (fwrite(data, 1, len, o->f) != len) {
    o->err = errno ? errno : EIO;
    return -1;
  }
  return 0;
}

/* Writes the file to path (or stdout for "-"): to path.tmp.PID, flushed and renamed. */
static const char *name_of(void *ctx, const char *code) {
  return orgnames_get(ctx, code);
}

static int write_out(const char *path, const char *lea, int year, const struct cell_list *l,
                     struct orgnames *names, long *rows, struct sb_err *err) {
  if (strcmp(path, "-") == 0) {
    struct file_out o = {stdout, 0};
    if (research_write_named(lea, year, l->c, l->n, name_of, names, to_file, &o, rows, err) != 0)
      return -1;
    if (fflush(stdout) != 0) return sb_err_set(err, "cannot write stdout: %s", strerror(errno));
    return 0;
  }
  char tmp[4200];
  if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp)
    return sb_err_set(err, "path too long: %s", path);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return sb_err_set(err, "cannot create %s: %s", tmp, strerror(errno));
  FILE *f = fdopen(fd, "w");
  if (f == NULL) {
    int e = errno;
    close(fd);
    unlink(tmp);
    return sb_err_set(err, "cannot write %s: %s", tmp, strerror(e));
  }
  struct file_out o = {f, 0};
  int rc = research_write_named(lea, year, l->c, l->n, name_of, names, to_file, &o, rows, err);
  if (rc != 0 && o.err) sb_err_set(err, "cannot write %s: %s", tmp, strerror(o.err));
  if (rc == 0 && (fflush(f) != 0 || fsync(fileno(f)) != 0))
    rc = sb_err_set(err, "cannot flush %s: %s", tmp, strerror(errno));
  if (fclose(f) != 0 && rc == 0) rc = sb_err_set(err, "cannot close %s: %s", tmp, strerror(errno));
  if (rc == 0 && rename(tmp, path) != 0)
    rc = sb_err_set(err, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
  if (rc != 0) unlink(tmp);
  return rc;
}

static int do_research(struct cli_common *c, const char *lea, int year, int basis,
                       const char *out) {
  struct store *s = cli_open_store(c, false, "export");
  if (s == NULL) return 1;
  struct sb_err err = {""};
  struct cell_list l = {NULL, 0, 0, false};
  struct orgnames *names = NULL;
  int rc = 1;
  static const char *const TESTS[] = {RESEARCH_TEST_ELA, RESEARCH_TEST_MATH};
  for (size_t t = 0; t < sizeof TESTS / sizeof TESTS[0]; t++) {
    struct agg_query q = {.lea = lea,
                          .test = TESTS[t],
                          .basis = basis,
                          .school = NULL,
                          .grade = NULL,
                          .group = 0,
                          .year_min = year,
                          .year_max = year};
    if (store_agg_query(s, &q, collect, &l, &err) != 0 || l.oom) {
      cli_error("export", "%s", l.oom ? "out of memory reading the results" : err.msg);
      goto out;
    }
  }
  const char *bname = basis == SCORE_TESTED ? "Tested" : "Enrolled";
  if (l.n == 0) {
    struct loaded have = {"", 0};
    store_agg_loaded(s, lea, note_loaded, &have, &err);
    cli_error("export",
              "no Smarter Balanced results for LEA %s, %d-%02d (%d), %s basis: load its CAASPP "
              "%s Student Score Data File first (scorebridge scores import --lea %s FILE)%s%s",
              lea, year - 1, year % 100, year, bname, bname, lea,
              have.len ? "; CAASPP results loaded for this LEA: " : "", have.text);
    goto out;
  }
  long rows = 0;
  names = orgnames_new();
  if (names == NULL || store_names_list(s, lea, orgnames_add, names, &err) != 0) {
    cli_error("export", "%s", names ? err.msg : "out of memory");
    goto out;
  }
  if (write_out(out, lea, year, &l, names, &rows, &err) != 0) {
    cli_error("export", "%s", err.msg);
    goto out;
  }
  if (c->json)
    cli_print_json(json_pack("{s:s, s:s, s:i, s:s, s:I}", "file", out, "lea", lea, "year", year,
                             "basis", bname, "rows", (json_int_t)rows));
  else if (strcmp(out, "-") != 0)
    printf("%s: %ld rows of Smarter Balanced results for LEA %s, %d (%s)\n", out, rows, lea, year,
           bname);
  rc = 0;
out:
  orgnames_free(names);
  free(l.c);
  store_close(s);
  return rc;
}

int cmd_export(int argc, char **argv) {
  struct cli_common c;
  int rc = cli_common_init(&c);
  if (rc) return rc;
  const char *lea = NULL, *out = NULL;
  int basis = SCORE_TESTED;
  long year = 0;
  static const struct option lo[] = {
      {"lea", required_argument, NULL, 'l'},   {"year", required_argument, NULL, 'y'},
      {"basis", required_argument, NULL, 'b'}, {"out", required_argument, NULL, 'o'},
      {"data", required_argument, NULL, 'd'},  {"json", no_argument, NULL, 'j'},
      {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0}};
  int ch;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
    switch (ch) {
    case 'l':
      lea = optarg;
      break;
    case 'y':
      if (cli_parse_long(optarg, 2015, 2100, &year) != 0) {
        cli_error("export", "--year: \"%s\" is not a year such as 2026", optarg);
        return 2;
      }
      break;
    case 'b':
      if (strcasecmp(optarg, "tested") == 0)
        basis = SCORE_TESTED;
      else if (strcasecmp(optarg, "enrolled") == 0)
        basis = SCORE_ENROLLED;
      else {
        cli_error("export", "--basis: \"%s\" is neither tested nor enrolled", optarg);
        return 2;
      }
      break;
    case 'o':
      out = optarg;
      break;
    case 'h':
      usage(stdout);
      return 0;
    default:
      if (cli_common_option(&c, ch, optarg)) break;
      usage(stderr);
      return 2;
    }
  }
  const char *sub = optind < argc ? argv[optind] : "";
  if (strcmp(sub, "research") != 0 || argc - optind != 1) {
    if (sub[0] && strcmp(sub, "research") != 0) cli_error("export", "unknown export \"%s\"", sub);
    usage(stderr);
    return 2;
  }
  if (lea == NULL || year == 0 || out == NULL || out[0] == '\0') {
    cli_error("export", "research needs --lea, --year and --out");
    usage(stderr);
    return 2;
  }
  if (!ids_valid_lea(lea)) {
    cli_error("export", "--lea: \"%s\" is not a 7-digit LEA code (county + district)", lea);
    return 2;
  }
  if (c.json && strcmp(out, "-") == 0) {
    cli_error("export", "--json prints a summary on stdout, which --out - already uses");
    return 2;
  }
  return do_research(&c, lea, (int)year, basis, out);
}
