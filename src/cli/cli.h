/* cli.h - what the subcommands of the scorebridge binary share: the common options
 * (--data, --json), the SCOREBRIDGE_* environment fallbacks and output helpers.
 * Each subcommand lives in cmd_<name>.c and returns the process exit status
 * (0 ok, 1 failed, 2 usage error). */
#ifndef SB_CLI_CLI_H
#define SB_CLI_CLI_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "api/app.h"

struct cli_common {
  struct app_config cfg; /* defaults, then environment, then flags */
  bool json;             /* print one JSON object on stdout */
};

/* Defaults then SCOREBRIDGE_* variables. Returns 0, or 2 (usage) with a message printed. */
int cli_common_init(struct cli_common *c);
/* Prints a JSON value on stdout followed by a newline (steals the reference). */
void cli_print_json(json_t *v);
/* Prints "scorebridge <cmd>: message" on stderr. */
void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Parses a positive integer option value. Returns 0 or -1. */
int cli_parse_long(const char *s, long min, long max, long *out);
/* Opens the store of the data directory (creating the directory when create). */
struct store *cli_open_store(const struct cli_common *c, bool create, const char *cmd);
/* Handles an option every command shares: 'd' (--data DIR) and 'j' (--json). Returns 1
 * when ch was one of them, 0 otherwise (the caller then reports a usage error). */
int cli_common_option(struct cli_common *c, int ch, const char *arg);
/* Seconds elapsed since t0 (a CLOCK_MONOTONIC reading). */
double cli_seconds_since(const struct timespec *t0);
/* ISO-8601 text of a Unix time, written into buf; returns buf. */
const char *cli_iso(int64_t t, char *buf, size_t n);

struct report_import_result;
/* Imports one report manifest into the data directory (cmd_reports.c; used by sandbox). */
int cli_reports_import(const struct cli_common *c, const char *path, bool skip_bad_rows,
                       struct report_import_result *res, struct sb_err *err);

int cmd_serve(int argc, char **argv);
int cmd_credential(int argc, char **argv);
int cmd_enrollment(int argc, char **argv);
int cmd_reports(int argc, char **argv);
int cmd_scores(int argc, char **argv);
int cmd_sandbox(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_client(int argc, char **argv);
int cmd_keys(int argc, char **argv);

#endif
