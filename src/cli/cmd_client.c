/* cmd_client.c - scorebridge client: the reference client of the SSR API v3
 * (client/ssr_client.h) on the command line, for vendors and districts to test a
 * credential, look up a student's reports, download a link and follow the changes feed.
 * The client object and every JSON value are owned here and freed before returning. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "client/ssr_client.h"
#include "util/clock.h"

/* Exit codes (also in the usage text and README). */
enum {
  EX_OK = 0,
  EX_FAIL = 1,    /* no answer, or 429/5xx after every retry, or an answer not the API's */
  EX_USAGE = 2,   /* bad options */
  EX_AUTH = 3,    /* the credential or token was refused */
  EX_REFUSED = 4, /* the request was refused: 400, 403 (not enrolled), 404, expired link */
  EX_LOCAL = 5,   /* a local failure: the output file cannot be written, out of memory */
};

static void usage(FILE *f) {
  fputs("usage: scorebridge client COMMAND [options]\n"
        "  check                       get a token and verify it: prints the LEAs the\n"
        "                              credential covers and when the token expires\n"
        "  reports SSID [--type T] [--lang L] [--year Y] [--format F] [--final true|false]\n"
        "                              the student's score reports (type, year, format, link)\n"
        "  fetch URL [--out FILE]      download a temporary link to stdout, or to FILE\n"
        "                              (written beside it and renamed when complete)\n"
        "  sync [--since CURSOR] [--limit N]\n"
        "                              follow GET /v3/score-reports/changes page by page until\n"
        "                              the end: one JSON item a line on stdout, the cursor to\n"
        "                              resume from on stderr (with --json: one object)\n"
        "options:\n"
        "  --url URL            the server (SCOREBRIDGE_URL)\n"
        "  --username NAME      the credential's username (SCOREBRIDGE_USERNAME)\n"
        "  --api-token SECRET   its api_token (SCOREBRIDGE_API_TOKEN; prefer the variable:\n"
        "                       a command line is visible to other users of the machine)\n"
        "  --max-attempts N     tries per request for 429, 5xx and network failures (5)\n"
        "  --max-time S         seconds per request, waits included (60)\n"
        "  --json               print JSON on stdout\n"
        "  --quiet              do not print the retries on stderr\n"
        "exit codes: 0 ok; 1 no answer, or 429/5xx after every retry; 2 usage; 3 the\n"
        "credential or token was refused; 4 the request was refused (400, 403, 404, an\n"
        "expired link); 5 a local failure (cannot write the output)\n",
        f);
}

static int exit_code(enum ssr_rc rc) {
  switch (rc) {
  case SSR_OK:
    return EX_OK;
  case SSR_ERR_AUTH:
    return EX_AUTH;
  case SSR_ERR_REFUSED:
    return EX_REFUSED;
  case SSR_ERR_LOCAL:
    return EX_LOCAL;
  case SSR_ERR_NETWORK:
  case SSR_ERR_SERVER:
  default:
    return EX_FAIL;
  }
}

static void print_retry(void *ud, const char *line) {
  (void)ud;
  fprintf(stderr, "scorebridge client: %s\n", line);
}

static const char *env_or(const char *v, const char *name) {
  if (v) return v;
  const char *e = getenv(name);
  return e && *e ? e : NULL;
}

static int do_check(struct ssr_client *sc, bool json, const char *url) {
  struct sb_err err = {""};
  int64_t exp = 0;
  json_t *leas = NULL;
  enum ssr_rc rc = ssr_client_token(sc, &exp, &err);
  if (rc == SSR_OK) rc = ssr_client_verify(sc, &leas, &err);
  if (rc != SSR_OK) {
    cli_error("client", "check: %s", err.msg);
    return exit_code(rc);
  }
  char iso[32] = "unknown";
  if (exp > 0) clock_format_iso(exp, iso, sizeof iso);
  if (json) {
    cli_print_json(json_pack("{s:s, s:O, s:s?}", "server", url, "leas", leas, "token_expires_at",
                             exp > 0 ? iso : NULL));
  } else {
    printf("server:        %s\nLEAs:          ", url);
    size_t i;
    json_t *v;
    json_array_foreach(leas, i, v) printf("%s%s", i ? ", " : "", json_string_value(v));
    printf("%s\ntoken expires: %s (server's clock)\n", json_array_size(leas) ? "" : "(none)", iso);
  }
  json_decref(leas);
  return EX_OK;
}

static int do_reports(struct ssr_client *sc, bool json, const char *ssid,
                      const struct ssr_report_query *q) {
  struct sb_err err = {""};
  json_t *reps = NULL;
  enum ssr_rc rc = ssr_client_score_reports(sc, ssid, q, &reps, &err);
  if (rc != SSR_OK) {
    cli_error("client", "reports: %s", err.msg);
    return exit_code(rc);
  }
  if (json) {
    cli_print_json(reps);
    return EX_OK;
  }
  size_t i;
  json_t *r;
  json_array_foreach(reps, i, r) {
    json_t *y = json_object_get(r, "year"), *fin = json_object_get(r, "final");
    printf("%lld %s %s %s %s grade %s%s %s\n", (long long)json_integer_value(y),
           json_string_value(json_object_get(r, "type")) ?: "?",
           json_string_value(json_object_get(r, "lang")) ?: "?",
           json_string_value(json_object_get(r, "format")) ?: "?",
           json_string_value(json_object_get(r, "content area")) ?: "-",
           json_string_value(json_object_get(r, "grade")) ?: "?",
           json_is_false(fin) ? " (preliminary)" : "",
           json_string_value(json_object_get(r, "url")) ?: "");
  }
  if (json_array_size(reps) == 0) fprintf(stderr, "scorebridge client: no score reports\n");
  json_decref(reps);
  return EX_OK;
}

static int do_fetch(struct ssr_client *sc, bool json, const char *url, const char *out) {
  struct sb_err err = {""};
  uint64_t bytes = 0;
  enum ssr_rc rc;
  if (out == NULL || strcmp(out, "-") == 0) {
    rc = ssr_client_fetch(sc, url, stdout, &bytes, &err);
    if (rc == SSR_OK && fflush(stdout) != 0) {
      sb_err_set(&err, "cannot write stdout: %s", strerror(errno));
      rc = SSR_ERR_LOCAL;
    }
    if (rc != SSR_OK) cli_error("client", "fetch: %s", err.msg);
    return exit_code(rc);
  }
  char tmp[4200];
  if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", out, (long)getpid()) >= (int)sizeof tmp) {
    cli_error("client", "fetch: path too long: %s", out);
    return EX_USAGE;
  }
  int fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  FILE *f = fd >= 0 ? fdopen(fd, "w+") : NULL;
  if (f == NULL) {
    cli_error("client", "fetch: cannot create %s: %s", tmp, strerror(errno));
    if (fd >= 0) {
      close(fd);
      unlink(tmp);
    }
    return EX_LOCAL;
  }
  rc = ssr_client_fetch(sc, url, f, &bytes, &err);
  if (rc == SSR_OK && (fflush(f) != 0 || fsync(fileno(f)) != 0)) {
    sb_err_set(&err, "cannot write %s: %s", tmp, strerror(errno));
    rc = SSR_ERR_LOCAL;
  }
  if (fclose(f) != 0 && rc == SSR_OK) {
    sb_err_set(&err, "cannot close %s: %s", tmp, strerror(errno));
    rc = SSR_ERR_LOCAL;
  }
  if (rc == SSR_OK && rename(tmp, out) != 0) {
    sb_err_set(&err, "cannot rename %s to %s: %s", tmp, out, strerror(errno));
    rc = SSR_ERR_LOCAL;
  }
  if (rc != SSR_OK) {
    unlink(tmp);
    cli_error("client", "fetch: %s", err.msg);
    return exit_code(rc);
  }
  if (json)
    cli_print_json(json_pack("{s:s, s:I}", "file", out, "bytes", (json_int_t)bytes));
  else
    printf("%s: %llu bytes\n", out, (unsigned long long)bytes);
  return EX_OK;
}

static int do_sync(struct ssr_client *sc, bool json, const char *since, long limit) {
  struct sb_err err = {""};
  json_t *all = json ? json_array() : NULL;
  char *cursor = since ? strdup(since) : NULL;
  long pages = 0, items = 0;
  int code = EX_OK;
  for (;;) {
    json_t *page = NULL;
    enum ssr_rc rc = ssr_client_changes(sc, cursor, limit, &page, &err);
    if (rc != SSR_OK) {
      cli_error("client", "sync: %s (resume with --since %s)", err.msg, cursor ? cursor : "''");
      code = exit_code(rc);
      break;
    }
    pages++;
    json_t *its = json_object_get(page, "items");
    size_t i;
    json_t *it;
    json_array_foreach(its, i, it) {
      if (all)
        json_array_append(all, it);
      else {
        char *line = json_dumps(it, JSON_COMPACT);
        if (line) puts(line);
        free(line);
      }
      items++;
    }
    const char *next = json_string_value(json_object_get(page, "next"));
    bool done = next == NULL || *next == '\0' || json_array_size(its) == 0 ||
                (cursor && strcmp(next, cursor) == 0) || pages >= 1000000;
    if (next && *next) {
      char *n = strdup(next);
      if (n) {
        free(cursor);
        cursor = n;
      }
    }
    json_decref(page);
    if (done) break;
  }
  if (code == EX_OK) {
    if (all)
      cli_print_json(json_pack("{s:o, s:s?, s:i, s:i}", "items", all, "next", cursor, "pages",
                               (int)pages, "count", (int)items));
    else
      fprintf(stderr, "scorebridge client: sync: %ld items in %ld pages; resume with --since %s\n",
              items, pages, cursor ? cursor : "''");
    all = NULL;
  }
  json_decref(all);
  fflush(stdout);
  free(cursor);
  return code;
}

int cmd_client(int argc, char **argv) {
  const char *url = NULL, *user = NULL, *secret = NULL, *out = NULL, *since = NULL;
  struct ssr_report_query q = {NULL, NULL, NULL, NULL, NULL};
  bool json = false, quiet = false;
  long limit = 0, attempts = 0, max_time = 0;
  static const struct option lo[] = {{"url", required_argument, NULL, 'u'},
                                     {"username", required_argument, NULL, 'n'},
                                     {"api-token", required_argument, NULL, 'a'},
                                     {"type", required_argument, NULL, 't'},
                                     {"lang", required_argument, NULL, 'L'},
                                     {"year", required_argument, NULL, 'y'},
                                     {"format", required_argument, NULL, 'f'},
                                     {"final", required_argument, NULL, 'F'},
                                     {"out", required_argument, NULL, 'o'},
                                     {"since", required_argument, NULL, 's'},
                                     {"limit", required_argument, NULL, 'l'},
                                     {"max-attempts", required_argument, NULL, 'm'},
                                     {"max-time", required_argument, NULL, 'T'},
                                     {"json", no_argument, NULL, 'j'},
                                     {"quiet", no_argument, NULL, 'q'},
                                     {"help", no_argument, NULL, 'h'},
                                     {NULL, 0, NULL, 0}};
  int ch;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
    switch (ch) {
    case 'u':
      url = optarg;
      break;
    case 'n':
      user = optarg;
      break;
    case 'a':
      secret = optarg;
      break;
    case 't':
      q.type = optarg;
      break;
    case 'L':
      q.lang = optarg;
      break;
    case 'y':
      q.year = optarg;
      break;
    case 'f':
      q.format = optarg;
      break;
    case 'F':
      if (strcmp(optarg, "true") != 0 && strcmp(optarg, "false") != 0) {
        cli_error("client", "--final must be true or false");
        return EX_USAGE;
      }
      q.final = optarg;
      break;
    case 'o':
      out = optarg;
      break;
    case 's':
      since = optarg;
      break;
    case 'l':
      if (cli_parse_long(optarg, 1, 100000, &limit) != 0) {
        cli_error("client", "--limit must be 1..100000");
        return EX_USAGE;
      }
      break;
    case 'm':
      if (cli_parse_long(optarg, 1, 100, &attempts) != 0) {
        cli_error("client", "--max-attempts must be 1..100");
        return EX_USAGE;
      }
      break;
    case 'T':
      if (cli_parse_long(optarg, 1, 86400, &max_time) != 0) {
        cli_error("client", "--max-time must be 1..86400 seconds");
        return EX_USAGE;
      }
      break;
    case 'j':
      json = true;
      break;
    case 'q':
      quiet = true;
      break;
    case 'h':
      usage(stdout);
      return EX_OK;
    default:
      usage(stderr);
      return EX_USAGE;
    }
  }
  const char *sub = optind < argc ? argv[optind] : "";
  int nargs = argc - optind - 1;
  const char *arg = nargs >= 1 ? argv[optind + 1] : NULL;
  int want = strcmp(sub, "reports") == 0 || strcmp(sub, "fetch") == 0 ? 1
             : strcmp(sub, "check") == 0 || strcmp(sub, "sync") == 0  ? 0
                                                                      : -1;
  if (want < 0 || nargs != want) {
    if (want < 0 && sub[0])
      cli_error("client", "unknown command \"%s\"", sub);
    else if (sub[0])
      cli_error("client", "%s takes %d argument%s", sub, want, want == 1 ? "" : "s");
    usage(stderr);
    return EX_USAGE;
  }
  url = env_or(url, "SCOREBRIDGE_URL");
  user = env_or(user, "SCOREBRIDGE_USERNAME");
  secret = env_or(secret, "SCOREBRIDGE_API_TOKEN");
  bool fetch = strcmp(sub, "fetch") == 0;
  if (!fetch && (url == NULL || user == NULL || secret == NULL)) {
    cli_error("client",
              "%s needs --url, --username and --api-token (or SCOREBRIDGE_URL, "
              "SCOREBRIDGE_USERNAME, SCOREBRIDGE_API_TOKEN)",
              sub);
    return EX_USAGE;
  }
  struct sb_err err = {""};
  if (ssr_client_global_init(&err) != 0) {
    cli_error("client", "%s", err.msg);
    return EX_LOCAL;
  }
  struct ssr_client_opts o = {.base_url = fetch && url == NULL ? arg : url,
                              .username = user,
                              .api_token = secret,
                              .max_attempts = (int)attempts,
                              .max_total = (double)max_time,
                              .on_retry = quiet ? NULL : print_retry,
                              .ud = NULL};
  struct ssr_client *sc = ssr_client_new(&o, &err);
  if (sc == NULL) {
    cli_error("client", "%s", err.msg);
    return EX_USAGE;
  }
  int rc;
  if (strcmp(sub, "check") == 0)
    rc = do_check(sc, json, url);
  else if (strcmp(sub, "reports") == 0)
    rc = do_reports(sc, json, arg, &q);
  else if (fetch)
    rc = do_fetch(sc, json, arg, out);
  else
    rc = do_sync(sc, json, since, limit);
  ssr_client_free(sc);
  return rc;
}
