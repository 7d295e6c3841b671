/* cmd_scores.c - scorebridge scores: load TOMS Student Score Data Files (the same pipeline
 * as uploads through the web, run in this process) and look at the uploads. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "blob/blob.h"
#include "api/upload_json.h"
#include "cli/cli.h"
#include "domain/ids.h"
#include "domain/window.h"
#include "ingest/score_import.h"
#include "ingest/scorefile.h"
#include "store/store.h"
#include "util/clock.h"

static void usage(FILE *f) {
  fputs("usage: scorebridge scores import --lea CODE FILE [--basis enrolled|tested] [--year YYYY]\n"
        "       scorebridge scores list [--lea CODE] [--limit N]\n"
        "       scorebridge scores show ID\n"
        "  import        load a CAASPP, Summative ELPAC or Initial ELPAC Student Score Data File\n"
        "                as downloaded from TOMS: the caret-delimited .csv or the whole ZIP. The\n"
        "                file is checked whole first; a file with problems changes nothing, and\n"
        "                every problem is listed with its line and column. A newer file for the\n"
        "                same LEA, test family, report type and year replaces the older one.\n"
        "  --lea CODE    the 7-digit LEA (county + district) the file must belong to\n"
        "  --basis B     the TOMS report type, when the file cannot tell (Enrolled or Tested)\n"
        "  --year YYYY   the administration year (2025 for 2024-25), when the file cannot tell\n"
        "  list          recent uploads, newest first; show: one upload and its problems\n"
        "  --data DIR    data directory (SCOREBRIDGE_DATA; default ./var)\n"
        "  --json        print one JSON object on stdout\n",
        f);
}

/* A progress bar on stderr when it is a terminal. */
struct bar {
  bool on;
  int last_status;
  int last_pct;
};

static void on_progress(void *ctx, int64_t id, const struct score_progress *p) {
  (void)id;
  struct bar *b = ctx;
  if (!b->on) return;
  int pct = p->total > 0 ? (int)(p->done * 100 / p->total) : 0;
  if (p->status == b->last_status && pct == b->last_pct) return;
  b->last_status = p->status;
  b->last_pct = pct;
  char bar[41];
  int fill = pct * 40 / 100;
  for (int i = 0; i < 40; i++)
    bar[i] = i < fill ? '#' : '.';
  bar[40] = '\0';
  fprintf(stderr, "\r%-10s [%s] %3d%%  %ld rows", upload_status_name(p->status), bar, pct, p->rows);
  fflush(stderr);
}

struct issue_print {
  FILE *f;
  json_t *arr;
  int shown;
};

static int print_issue(void *ctx, const struct upload_issue *i) {
  struct issue_print *ip = ctx;
  if (ip->arr) {
    json_array_append_new(ip->arr,
                          json_pack("{s:s, s:I, s:s, s:s}", "level",
                                    i->level == SCORE_ERROR ? "error" : "warning", "line",
                                    (json_int_t)i->line, "column", i->column, "reason", i->reason));
    return 0;
  }
  if (ip->shown++ >= 50) return 1;
  if (i->line > 0)
    fprintf(ip->f, "  %s: line %ld%s%s: %s\n", i->level == SCORE_ERROR ? "error" : "warning",
            i->line, i->column[0] ? ", column " : "", i->column, i->reason);
  else
    fprintf(ip->f, "  %s: %s\n", i->level == SCORE_ERROR ? "error" : "warning", i->reason);
  return 0;
}

static int parse_basis(const char *s) {
  if (strcasecmp(s, "enrolled") == 0) return SCORE_ENROLLED;
  if (strcasecmp(s, "tested") == 0) return SCORE_TESTED;
  return -1;
}

static int do_import(struct cli_common *c, const char *lea, const char *path, int basis, int year) {
  struct sb_err err = {""};
  char dir[1200];
  if (app_data_path(&c->cfg, "blobs", dir, sizeof dir) != 0) {
    cli_error("scores", "data path too long");
    return 1;
  }
  struct store *s = cli_open_store(c, true, "scores");
  if (s == NULL) return 1;
  struct blob_store *b = blob_open(dir, &err);
  if (b == NULL) {
    cli_error("scores", "%s", err.msg);
    store_close(s);
    return 1;
  }
  struct score_upload u;
  memset(&u, 0, sizeof u);
  const char *base = strrchr(path, '/');
  snprintf(u.file_name, sizeof u.file_name, "%s", base ? base + 1 : path);
  const char *user = getenv("USER");
  snprintf(u.uploaded_by, sizeof u.uploaded_by, "cli:%s", user && *user ? user : "unknown");
  snprintf(u.uploader_lea, sizeof u.uploader_lea, "%s", lea);
  /* the command line speaks for the operator: every family, one LEA */
  u.families = (1u << SCORE_CAASPP) | (1u << SCORE_SUMMATIVE_ELPAC) | (1u << SCORE_INITIAL_ELPAC);
  u.basis_hint = basis;
  u.year_hint = year;
  int64_t now = clock_now();
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int rc = 1;
  if (score_import_receive_file(s, b, path, &u, now, &err) != 0) {
    cli_error("scores", "%s: %s", path, err.msg);
    goto out;
  }
  struct bar bar = {isatty(STDERR_FILENO) && !c->json, 0, -1};
  struct score_import_opts o = {
      .today = clock_yyyymmdd(now), .now = now, .progress = on_progress, .progress_ctx = &bar};
  int run = score_import_run(s, b, &u, &o, &err);
  if (bar.on) fputc('\n', stderr);
  double secs = cli_seconds_since(&t0);
  if (run != 0) {
    cli_error("scores", "%s: upload %lld: %s (it can be run again)", path, (long long)u.id,
              err.msg);
    goto out;
  }
  if (c->json) {
    json_t *j = upload_json(&u);
    json_t *arr = json_array();
    struct issue_print ip = {NULL, arr, 0};
    store_upload_issues(s, u.id, print_issue, &ip, &err);
    json_object_set_new(j, "issues", arr);
    json_object_set_new(j, "seconds", json_real(secs));
    cli_print_json(j);
  } else {
    printf("%s: upload %lld %s: %s (%.1f s)\n", path, (long long)u.id, upload_status_name(u.status),
           u.message, secs);
    struct issue_print ip = {stdout, NULL, 0};
    store_upload_issues(s, u.id, print_issue, &ip, &err);
    if (u.errors + u.warnings > 50)
      printf("  ... %ld problems in all: scorebridge scores show %lld --json lists them\n",
             u.errors + u.warnings, (long long)u.id);
  }
  rc = u.status == UPLOAD_READY ? 0 : 1;
out:
  blob_close(b);
  store_close(s);
  return rc;
}

static int list_one(void *ctx, const struct score_upload *u) {
  json_t *arr = ctx;
  if (arr) return json_array_append_new(arr, upload_json(u));
  char when[32];
  printf("%6lld  %-10s %-16s %-8s %4d%s  %-7s %8ld rows  %s  %s\n", (long long)u->id,
         upload_status_name(u->status), u->family ? score_family_name(u->family) : "-",
         u->basis ? score_basis_name(u->basis) : "-", u->year,
         u->year && score_year_archived(u->year, clock_yyyymmdd(clock_now())) ? "*" : " ",
         u->lea[0] ? u->lea : "-", u->loaded, cli_iso(u->created_at, when, sizeof when),
         u->file_name);
  return 0;
}

int cmd_scores(int argc, char **argv) {
  struct cli_common c;
  int rc = cli_common_init(&c);
  if (rc) return rc;
  const char *lea = NULL;
  int basis = 0;
  long year = 0, limit = 50;
  static const struct option lo[] = {
      {"lea", required_argument, NULL, 'l'},  {"basis", required_argument, NULL, 'b'},
      {"year", required_argument, NULL, 'y'}, {"limit", required_argument, NULL, 'n'},
      {"data", required_argument, NULL, 'd'}, {"json", no_argument, NULL, 'j'},
      {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0}};
  int ch;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
    switch (ch) {
    case 'l':
      lea = optarg;
      break;
    case 'b':
      if ((basis = parse_basis(optarg)) < 0) {
        cli_error("scores", "--basis: \"%s\" is neither enrolled nor tested", optarg);
        return 2;
      }
      break;
    case 'y':
      if (cli_parse_long(optarg, 2015, 2100, &year) != 0) {
        cli_error("scores", "--year: \"%s\" is not a year such as 2025", optarg);
        return 2;
      }
      break;
    case 'n':
      if (cli_parse_long(optarg, 1, 100000, &limit) != 0) {
        cli_error("scores", "--limit: \"%s\" is not a number from 1 to 100000", optarg);
        return 2;
      }
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
  if (lea && !ids_valid_lea(lea)) {
    cli_error("scores", "--lea: \"%s\" is not a 7-digit LEA code (county + district)", lea);
    return 2;
  }
  if (strcmp(sub, "import") == 0) {
    if (argc - optind != 2 || lea == NULL) {
      usage(stderr);
      return 2;
    }
    return do_import(&c, lea, argv[optind + 1], basis, (int)year);
  }
  if (strcmp(sub, "list") == 0 && argc - optind == 1) {
    struct store *s = cli_open_store(&c, false, "scores");
    if (s == NULL) return 1;
    struct sb_err err = {""};
    json_t *arr = c.json ? json_array() : NULL;
    if (!c.json)
      printf("%6s  %-10s %-16s %-8s %4s  %-7s %13s  %-20s  %s\n", "id", "status", "family", "basis",
             "year", "LEA", "", "uploaded", "file");
    rc = store_upload_list(s, lea, (size_t)limit, list_one, arr, &err);
    store_close(s);
    if (rc != 0) {
      json_decref(arr);
      cli_error("scores", "%s", err.msg);
      return 1;
    }
    if (arr) cli_print_json(json_pack("{s:o}", "uploads", arr));
    return 0;
  }
  if (strcmp(sub, "show") == 0 && argc - optind == 2) {
    long id;
    if (cli_parse_long(argv[optind + 1], 1, 1L << 60, &id) != 0) {
      cli_error("scores", "show: \"%s\" is not an upload id", argv[optind + 1]);
      return 2;
    }
    struct store *s = cli_open_store(&c, false, "scores");
    if (s == NULL) return 1;
    struct sb_err err = {""};
    struct score_upload u;
    int found = store_upload_get(s, id, &u, &err);
    if (found != 1) {
      store_close(s);
      cli_error("scores", "%s", found < 0 ? err.msg : "no such upload");
      return 1;
    }
    if (c.json) {
      json_t *j = upload_json(&u), *arr = json_array();
      struct issue_print ip = {NULL, arr, 0};
      store_upload_issues(s, u.id, print_issue, &ip, &err);
      json_object_set_new(j, "issues", arr);
      cli_print_json(j);
    } else {
      list_one(NULL, &u);
      printf("  %s\n", u.message);
      struct issue_print ip = {stdout, NULL, 0};
      store_upload_issues(s, u.id, print_issue, &ip, &err);
    }
    store_close(s);
    return 0;
  }
  usage(stderr);
  return 2;
}
