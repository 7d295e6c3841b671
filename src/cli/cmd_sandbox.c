/* cmd_sandbox.c - scorebridge sandbox: write a deterministic synthetic data set (LEAs,
 * schools, students, three years of SENR feeds, report files and their manifest) and,
 * with --load, import it into the data directory. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "domain/window.h"
#include "ingest/enroll_import.h"
#include "ingest/report_import.h"
#include "sandbox/sandbox.h"
#include "store/store.h"
#include "util/clock.h"

static void usage(FILE *f) {
  fputs("usage: scorebridge sandbox --out DIR [--students N] [--seed S] [--year YYYY]\n"
        "                           [--today YYYY-MM-DD] [--shared-above N] [--load] [--json]\n"
        "  --out DIR          where to write the data set (DIR/sandbox.json describes it)\n"
        "  --students N       number of students (default 1000)\n"
        "  --seed S           random seed: the same seed writes the same files (default 1)\n"
        "  --year YYYY        newest administration year; the data covers it and the two\n"
        "                     before (default: the year containing --today)\n"
        "  --today DATE       the day the current enrollment feed describes (default: today,\n"
        "                     or SCOREBRIDGE_NOW)\n"
        "  --shared-above N   above N students report files are shared templates, so a large\n"
        "                     data set stays a few GB (default 20000)\n"
        "  --load             import the SENR feeds and the reports into --data\n"
        "  --data DIR         data directory for --load (SCOREBRIDGE_DATA; default ./var)\n"
        "  --json             print one JSON object on stdout\n",
        f);
}

int cmd_sandbox(int argc, char **argv) {
  struct cli_common c;
  int rc = cli_common_init(&c);
  if (rc) return rc;
  struct sandbox_opts o;
  sandbox_opts_init(&o);
  o.today = clock_yyyymmdd(clock_now());
  bool load = false;
  static const struct option lo[] = {{"out", required_argument, NULL, 'o'},
                                     {"students", required_argument, NULL, 'n'},
                                     {"seed", required_argument, NULL, 's'},
                                     {"year", required_argument, NULL, 'y'},
                                     {"today", required_argument, NULL, 't'},
                                     {"shared-above", required_argument, NULL, 'a'},
                                     {"load", no_argument, NULL, 'l'},
                                     {"data", required_argument, NULL, 'd'},
                                     {"json", no_argument, NULL, 'j'},
                                     {"help", no_argument, NULL, 'h'},
                                     {NULL, 0, NULL, 0}};
  int ch;
  long v;
  int64_t t;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
    switch (ch) {
    case 'o':
      o.out_dir = optarg;
      break;
    case 'n':
      if (cli_parse_long(optarg, 1, SANDBOX_MAX_STUDENTS, &v)) {
        cli_error("sandbox", "--students must be 1..%ld", (long)SANDBOX_MAX_STUDENTS);
        return 2;
      }
      o.students = v;
      break;
    case 's':
      if (cli_parse_long(optarg, 0, 0x7fffffffffffffffL, &v)) {
        cli_error("sandbox", "--seed must be a non-negative integer");
        return 2;
      }
      o.seed = (uint64_t)v;
      break;
    case 'y':
      if (cli_parse_long(optarg, 2000, 2100, &v)) {
        cli_error("sandbox", "--year must be YYYY");
        return 2;
      }
      o.last_year = (int)v;
      break;
    case 't':
      if (clock_parse_iso(optarg, &t) != 0) {
        cli_error("sandbox", "--today %s: expected YYYY-MM-DD", optarg);
        return 2;
      }
      o.today = clock_yyyymmdd(t);
      break;
    case 'a':
      if (cli_parse_long(optarg, 0, 100000000, &v)) {
        cli_error("sandbox", "--shared-above must be a number of students");
        return 2;
      }
      o.shared_above = v;
      break;
    case 'l':
      load = true;
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
  if (o.out_dir == NULL || optind != argc) {
    usage(stderr);
    return 2;
  }
  if (o.last_year &&
      (o.today < admin_year_start(o.last_year) || o.today > admin_year_end(o.last_year)))
    o.today = 0; /* --year without --today: the generator picks a day in that year */

  struct sandbox_result res;
  struct sb_err err = {""};
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  if (sandbox_generate(&o, &res, &err) != 0) {
    cli_error("sandbox", "%s", err.msg);
    return 1;
  }
  double gen_secs = cli_seconds_since(&t0);
  if (!c.json)
    printf("sandbox: %ld students, %d LEAs, years %d-%d, %ld reports in %ld files (%.1f MB%s), "
           "written to %s in %.1f s\n",
           res.students, res.nleas, res.years[0], res.years[SANDBOX_YEARS - 1], res.reports,
           res.files, (double)res.bytes / 1e6, res.shared ? ", shared templates" : "", o.out_dir,
           gen_secs);

  json_t *loaded = json_null();
  if (load) {
    struct store *s = cli_open_store(&c, true, "sandbox");
    if (s == NULL) return 1;
    struct enroll_import_opts eo = {.errors = stderr, .max_errors_shown = 20};
    for (int i = 0; i < SANDBOX_YEARS; i++) {
      struct enroll_import_result er;
      eo.as_of = i == SANDBOX_YEARS - 1 ? res.today : admin_year_end(res.years[i]);
      if (enroll_import_file(s, res.senr_paths[i], &eo, &er, &err) != 0) {
        cli_error("sandbox", "%s: %s", res.senr_paths[i], err.msg);
        store_close(s);
        return 1;
      }
      if (!c.json)
        printf("loaded %s: %ld records%s\n", res.senr_paths[i], er.stats.rows,
               er.unchanged ? " (unchanged)" : "");
    }
    store_close(s);
    struct report_import_result rr;
    if (cli_reports_import(&c, res.manifest_path, false, &rr, &err) != 0) {
      cli_error("sandbox", "%s: %s", res.manifest_path, err.msg);
      return 1;
    }
    if (!c.json)
      printf("loaded %s: %ld reports (%ld new or changed) from %ld files into %s\n",
             res.manifest_path, rr.rows, rr.changed, rr.files, c.cfg.data_dir);
    json_decref(loaded);
    loaded = json_pack("{s:s, s:I}", "data", c.cfg.data_dir, "reports", (json_int_t)rr.rows);
  }
  if (c.json) {
    json_t *senr = json_array();
    for (int i = 0; i < SANDBOX_YEARS; i++)
      json_array_append_new(senr, json_string(res.senr_paths[i]));
    cli_print_json(json_pack("{s:s, s:I, s:I, s:o, s:s, s:s, s:I, s:I, s:f, s:o}", "out", o.out_dir,
                             "students", (json_int_t)res.students, "seed", (json_int_t)res.seed,
                             "senr", senr, "manifest", res.manifest_path, "description",
                             res.json_path, "reports", (json_int_t)res.reports, "files",
                             (json_int_t)res.files, "seconds", gen_secs, "loaded", loaded));
  } else {
    json_decref(loaded);
    printf("description: %s\n", res.json_path);
  }
  return 0;
}
