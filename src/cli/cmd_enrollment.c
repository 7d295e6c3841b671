/* cmd_enrollment.c - scorebridge enrollment import FILE: the CALPADS daily enrollment
 * feed (SENR layout), a full snapshot for the LEAs it contains. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "ingest/enroll_import.h"
#include "store/store.h"
#include "util/clock.h"

static void usage(FILE *f) {
  fputs(
      "usage: scorebridge enrollment import FILE [--as-of YYYY-MM-DD] [--skip-bad-rows] [--json]\n"
      "  FILE             a CALPADS SENR file: caret- or comma-delimited, no header, 35 fields\n"
      "  --as-of DATE     the day the snapshot describes (default: today); enrollments of the\n"
      "                   file's LEAs that are open but absent from the file end that day\n"
      "  --skip-bad-rows  load the valid rows of a file that has bad ones (default: reject\n"
      "                   the whole file and change nothing)\n"
      "  --data DIR       data directory (SCOREBRIDGE_DATA; default ./var)\n"
      "  --json           print one JSON object on stdout\n",
      f);
}

int cmd_enrollment(int argc, char **argv) {
  struct cli_common c;
  int rc = cli_common_init(&c);
  if (rc) return rc;
  struct enroll_import_opts o = {.errors = stderr, .max_errors_shown = 50};
  static const struct option lo[] = {
      {"as-of", required_argument, NULL, 'a'}, {"skip-bad-rows", no_argument, NULL, 's'},
      {"data", required_argument, NULL, 'd'},  {"json", no_argument, NULL, 'j'},
      {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0}};
  int ch;
  int64_t t;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
    switch (ch) {
    case 'a':
      if (clock_parse_iso(optarg, &t) != 0) {
        cli_error("enrollment", "--as-of %s: expected a date YYYY-MM-DD", optarg);
        return 2;
      }
      o.as_of = clock_yyyymmdd(t);
      break;
    case 's':
      o.skip_bad_rows = true;
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
  if (argc - optind != 2 || strcmp(argv[optind], "import") != 0) {
    usage(stderr);
    return 2;
  }
  const char *path = argv[optind + 1];
  struct store *s = cli_open_store(&c, true, "enrollment");
  if (s == NULL) return 1;
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  struct enroll_import_result res;
  struct sb_err err = {""};
  rc = enroll_import_file(s, path, &o, &res, &err);
  store_close(s);
  double secs = cli_seconds_since(&t0);
  if (rc != 0) {
    cli_error("enrollment", "%s: %s", path, err.msg);
    if (c.json)
      cli_print_json(json_pack("{s:s, s:b, s:I, s:s}", "file", path, "imported", 0, "bad_rows",
                               (json_int_t)res.bad_rows, "error", err.msg));
    return 1;
  }
  if (c.json) {
    cli_print_json(json_pack("{s:s, s:s, s:b, s:b, s:I, s:I, s:I, s:I, s:I, s:f}", "file", path,
                             "sha256", res.sha256, "imported", !res.unchanged, "unchanged",
                             res.unchanged, "records", (json_int_t)res.stats.rows, "deleted",
                             (json_int_t)res.stats.deleted, "closed", (json_int_t)res.stats.closed,
                             "leas", (json_int_t)res.stats.nleas, "bad_rows",
                             (json_int_t)res.bad_rows, "seconds", secs));
  } else if (res.unchanged) {
    printf("%s: unchanged (the same file as the last import); nothing to do\n", path);
  } else {
    printf("%s: imported %ld records for %zu LEA%s in %.1f s; %ld deleted, %ld enrollments "
           "ended (absent from the snapshot)%s\n",
           path, res.stats.rows, res.stats.nleas, res.stats.nleas == 1 ? "" : "s", secs,
           res.stats.deleted, res.stats.closed, res.bad_rows ? "; bad rows skipped" : "");
  }
  return 0;
}
