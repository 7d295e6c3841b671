/* cli.c - see cli.h. */
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/clock.h"
#include "util/fsutil.h"

static void env_str(const char *name, char *dst, size_t n) {
  const char *v = getenv(name);
  if (v && *v) snprintf(dst, n, "%s", v);
}

int cli_parse_long(const char *s, long min, long max, long *out) {
  if (s == NULL || *s == '\0') return -1;
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || *end != '\0' || v < min || v > max) return -1;
  *out = v;
  return 0;
}

int cli_common_init(struct cli_common *c) {
  memset(c, 0, sizeof *c);
  app_config_defaults(&c->cfg);
  struct sb_err err = {""};
  if (clock_init(&err) != 0) {
    fprintf(stderr, "scorebridge: %s\n", err.msg);
    return 2;
  }
  env_str("SCOREBRIDGE_DATA", c->cfg.data_dir, sizeof c->cfg.data_dir);
  env_str("SCOREBRIDGE_LISTEN", c->cfg.listen, sizeof c->cfg.listen);
  env_str("SCOREBRIDGE_PUBLIC_URL", c->cfg.public_url, sizeof c->cfg.public_url);
  env_str("SCOREBRIDGE_AUDIENCE", c->cfg.audience, sizeof c->cfg.audience);
  env_str("SCOREBRIDGE_FRAME_ANCESTORS", c->cfg.frame_ancestors, sizeof c->cfg.frame_ancestors);
  const char *v = getenv("SCOREBRIDGE_TOKEN_TTL");
  long n;
  if (v && *v) {
    if (cli_parse_long(v, 60, 86400, &n)) {
      fprintf(stderr, "scorebridge: SCOREBRIDGE_TOKEN_TTL must be 60..86400 seconds\n");
      return 2;
    }
    c->cfg.token_ttl = n;
  }
  v = getenv("SCOREBRIDGE_MAX_UPLOAD_MB");
  if (v && *v) {
    if (cli_parse_long(v, 1, 1024L * 1024, &n)) {
      fprintf(stderr, "scorebridge: SCOREBRIDGE_MAX_UPLOAD_MB must be 1..1048576\n");
      return 2;
    }
    c->cfg.max_upload = (uint64_t)n * 1024 * 1024;
  }
  v = getenv("SCOREBRIDGE_THREADS");
  if (v && *v) {
    if (cli_parse_long(v, 1, 256, &n)) {
      fprintf(stderr, "scorebridge: SCOREBRIDGE_THREADS must be 1..256\n");
      return 2;
    }
    c->cfg.threads = (unsigned)n;
  }
  return 0;
}

void cli_print_json(json_t *v) {
  char *s = v ? json_dumps(v, JSON_INDENT(2)) : NULL;
  if (s) {
    fputs(s, stdout);
    fputc('\n', stdout);
  }
  free(s);
  json_decref(v);
}

void cli_error(const char *cmd, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "scorebridge %s: ", cmd);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

struct store *cli_open_store(const struct cli_common *c, bool create, const char *cmd) {
  struct sb_err err = {""};
  char path[1200];
  if (create && fs_mkdirs(c->cfg.data_dir, 0700, &err) != 0) {
    cli_error(cmd, "%s", err.msg);
    return NULL;
  }
  if (app_data_path(&c->cfg, "scorebridge.db", path, sizeof path) != 0) {
    cli_error(cmd, "data directory path too long");
    return NULL;
  }
  struct store *s = store_open(path, &err);
  if (s == NULL) cli_error(cmd, "%s", err.msg);
  return s;
}

int cli_common_option(struct cli_common *c, int ch, const char *arg) {
  if (ch == 'd') {
    snprintf(c->cfg.data_dir, sizeof c->cfg.data_dir, "%s", arg);
    return 1;
  }
  if (ch == 'j') {
    c->json = true;
    return 1;
  }
  return 0;
}

double cli_seconds_since(const struct timespec *t0) {
  struct timespec t1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

const char *cli_iso(int64_t t, char *buf, size_t n) {
  clock_format_iso(t, buf, n);
  return buf;
}
