/* cmd_reports.c - scorebridge reports import MANIFEST.csv: register score report files. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "blob/blob.h"
#include "cli/cli.h"
#include "ingest/report_import.h"
#include "store/store.h"

static void usage(FILE *f) {
  fputs("usage: scorebridge reports import MANIFEST.csv [--skip-bad-rows] [--json]\n"
        "  MANIFEST.csv     header ssid,type,lang,year,format,content_area,grade,final,path;\n"
        "                   relative paths are read from the manifest's directory, and every\n"
        "                   file is copied into the data directory's content-addressed store\n"
        "  --skip-bad-rows  register the valid rows of a manifest that has bad ones (default:\n"
        "                   reject the whole manifest and change nothing)\n"
        "  --data DIR       data directory (SCOREBRIDGE_DATA; default ./var)\n"
        "  --json           print one JSON object on stdout\n",
        f);
}

int cli_reports_import(const struct cli_common *c, const char *path, bool skip_bad_rows,
                       struct report_import_result *res, struct sb_err *err) {
  char dir[1200];
  if (app_data_path(&c->cfg, "blobs", dir, sizeof dir) != 0)
    return sb_err_set(err, "path too long");
  struct store *s = cli_open_store(c, true, "reports");
  if (s == NULL) return sb_err_set(err, "cannot open the database");
  struct blob_store *b = blob_open(dir, err);
  if (b == NULL) {
    store_close(s);
    return -1;
  }
  struct report_import_opts o = {
      .skip_bad_rows = skip_bad_rows, .errors = stderr, .max_errors_shown = 50};
  int rc = report_import_manifest(s, b, path, &o, res, err);
  blob_close(b);
  store_close(s);
  return rc;
}

int cmd_reports(int argc, char **argv) {
  struct cli_common c;
  int rc = cli_common_init(&c);
  if (rc) return rc;
  bool skip = false;
  static const struct option lo[] = {{"skip-bad-rows", no_argument, NULL, 's'},
                                     {"data", required_argument, NULL, 'd'},
                                     {"json", no_argument, NULL, 'j'},
                                     {"help", no_argument, NULL, 'h'},
                                     {NULL, 0, NULL, 0}};
  int ch;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
    switch (ch) {
    case 's':
      skip = true;
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
  struct report_import_result res;
  struct sb_err err = {""};
  struct timespec t0;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  rc = cli_reports_import(&c, path, skip, &res, &err);
  double secs = cli_seconds_since(&t0);
  if (rc != 0) {
    cli_error("reports", "%s: %s", path, err.msg);
    if (c.json)
      cli_print_json(json_pack("{s:s, s:b, s:I, s:s}", "file", path, "imported", 0, "bad_rows",
                               (json_int_t)res.bad_rows, "error", err.msg));
    return 1;
  }
  if (c.json)
    cli_print_json(json_pack("{s:s, s:b, s:I, s:I, s:I, s:I, s:I, s:f}", "file", path, "imported",
                             1, "rows", (json_int_t)res.rows, "changed", (json_int_t)res.changed,
                             "unchanged", (json_int_t)res.unchanged, "files", (json_int_t)res.files,
                             "bad_rows", (json_int_t)res.bad_rows, "seconds", secs));
  else
    printf("%s: %ld reports (%ld new or changed, %ld unchanged) from %ld files in %.1f s%s\n", path,
           res.rows, res.changed, res.unchanged, res.files, secs,
           res.bad_rows ? "; bad rows skipped" : "");
  return 0;
}
