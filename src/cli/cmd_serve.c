/* cmd_serve.c - scorebridge serve: run the HTTP API until SIGINT or SIGTERM. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "api/app.h"
#include "api/upload_worker.h"
#include "auth/keys.h"
#include "cli/cli.h"
#include "http/server.h"
#include "util/log.h"

static void usage(FILE *f) {
  fputs("usage: scorebridge serve [options]\n"
        "  --data DIR             data directory (SCOREBRIDGE_DATA; default ./var)\n"
        "  --listen ADDR:PORT     where to listen (SCOREBRIDGE_LISTEN; default 127.0.0.1:8080)\n"
        "  --public-url URL       base of temporary links and the token issuer\n"
        "                         (SCOREBRIDGE_PUBLIC_URL; default http:// + the listen address)\n"
        "  --token-ttl SECONDS    JWT lifetime (SCOREBRIDGE_TOKEN_TTL; default 3600)\n"
        "  --frame-ancestor SRC   a page origin allowed to embed report files in an iframe;\n"
        "                         repeatable (SCOREBRIDGE_FRAME_ANCESTORS, space-separated;\n"
        "                         default 'self')\n"
        "  --cors-origin ORIGIN   a portal origin (scheme://host[:port]) whose pages may call\n"
        "                         /v3/ from the browser (CORS) and embed report files;\n"
        "                         repeatable (SCOREBRIDGE_CORS_ORIGINS, space-separated;\n"
        "                         default none). Exact match, never a wildcard\n"
        "  --threads N            worker threads (SCOREBRIDGE_THREADS; default: one per CPU)\n"
        "  --max-upload MB        largest uploaded file in MiB (SCOREBRIDGE_MAX_UPLOAD_MB;\n"
        "                         default 4096)\n"
        "  --access-log FILE      JSON-lines access log ('-' = stdout, the default; 'off' =\n"
        "                         none; SCOREBRIDGE_ACCESS_LOG)\n"
        "limits (429 with Retry-After; in memory, a restart forgets them):\n"
        "  --max-live-tokens N    unexpired tokens per credential, 0 = no cap, at most 64\n"
        "                         (SCOREBRIDGE_MAX_LIVE_TOKENS; default 15)\n"
        "  --token-rate R         requests per second per bearer token, 0 = no limit\n"
        "                         (SCOREBRIDGE_TOKEN_RATE; default 50)\n"
        "  --token-burst N        burst of a token's rate (SCOREBRIDGE_TOKEN_BURST; default 100)\n"
        "  --login-free N         failed logins of a username before a delay (1, 2, 4 .. 60 s)\n"
        "                         between attempts (SCOREBRIDGE_LOGIN_FREE; default 5)\n"
        "  --login-lock N         failed logins of a username before it is refused for\n"
        "                         --login-lock-secs (SCOREBRIDGE_LOGIN_LOCK; default 10)\n"
        "  --login-addr-free N    the same per client address (SCOREBRIDGE_LOGIN_ADDR_FREE; 20)\n"
        "  --login-addr-lock N    (SCOREBRIDGE_LOGIN_ADDR_LOCK; default 100)\n"
        "  --login-lock-secs S    (SCOREBRIDGE_LOGIN_LOCK_SECS; default 900)\n"
        "operations:\n"
        "  --trust-proxy          behind a local proxy: X-Forwarded-For from a loopback peer\n"
        "                         names the client (SCOREBRIDGE_TRUST_PROXY=1)\n"
        "  --drain-secs S         on SIGTERM, wait this long for requests in flight\n"
        "                         (SCOREBRIDGE_DRAIN_SECS; default 30)\n",
        f);
}

/* A limit's value from a flag or SCOREBRIDGE_* variable. */
static int limit_value(const char *what, const char *text, long min, long max, unsigned *out) {
  long v;
  if (cli_parse_long(text, min, max, &v)) {
    cli_error("serve", "%s must be %ld..%ld", what, min, max);
    return -1;
  }
  *out = (unsigned)v;
  return 0;
}

static int rate_value(const char *text, double *out) {
  char *end;
  double v = strtod(text, &end);
  if (*text == '\0' || *end != '\0' || !isfinite(v) || v < 0 || v > 1e6) {
    cli_error("serve", "--token-rate must be 0..1000000 requests per second");
    return -1;
  }
  *out = v;
  return 0;
}

/* The limit options: SCOREBRIDGE_* variables first, then flags override. */
enum {
  OPT_LIVE = 1000,
  OPT_RATE,
  OPT_BURST,
  OPT_LFREE,
  OPT_LLOCK,
  OPT_AFREE,
  OPT_ALOCK,
  OPT_LSECS,
  OPT_TRUST,
  OPT_DRAIN
};
static const struct {
  int opt;
  const char *flag, *env;
  long min, max;
} LIMIT_OPTS[] = {
    {OPT_LIVE, "--max-live-tokens", "SCOREBRIDGE_MAX_LIVE_TOKENS", 0, 64},
    {OPT_BURST, "--token-burst", "SCOREBRIDGE_TOKEN_BURST", 1, 1000000},
    {OPT_LFREE, "--login-free", "SCOREBRIDGE_LOGIN_FREE", 0, 1000},
    {OPT_LLOCK, "--login-lock", "SCOREBRIDGE_LOGIN_LOCK", 0, 100000},
    {OPT_AFREE, "--login-addr-free", "SCOREBRIDGE_LOGIN_ADDR_FREE", 0, 1000000},
    {OPT_ALOCK, "--login-addr-lock", "SCOREBRIDGE_LOGIN_ADDR_LOCK", 0, 1000000},
    {OPT_LSECS, "--login-lock-secs", "SCOREBRIDGE_LOGIN_LOCK_SECS", 1, 86400},
    {OPT_DRAIN, "--drain-secs", "SCOREBRIDGE_DRAIN_SECS", 1, 3600},
};

static unsigned *limit_field(struct app_config *cfg, unsigned *drain, int opt) {
  struct sb_limits_config *l = &cfg->limits;
  switch (opt) {
  case OPT_LIVE:
    return &l->max_live_tokens;
  case OPT_BURST:
    return &l->token_burst;
  case OPT_LFREE:
    return &l->login_user.free_failures;
  case OPT_LLOCK:
    return &l->login_user.lock_failures;
  case OPT_AFREE:
    return &l->login_addr.free_failures;
  case OPT_ALOCK:
    return &l->login_addr.lock_failures;
  case OPT_LSECS:
    return &l->login_user.lock_secs;
  case OPT_DRAIN:
    return drain;
  default:
    return NULL;
  }
}

static int set_limit(struct app_config *cfg, unsigned *drain, int opt, const char *text) {
  for (size_t i = 0; i < sizeof LIMIT_OPTS / sizeof LIMIT_OPTS[0]; i++) {
    if (LIMIT_OPTS[i].opt != opt) continue;
    if (limit_value(LIMIT_OPTS[i].flag, text, LIMIT_OPTS[i].min, LIMIT_OPTS[i].max,
                    limit_field(cfg, drain, opt)))
      return -1;
    if (opt == OPT_LSECS) cfg->limits.login_addr.lock_secs = cfg->limits.login_user.lock_secs;
    return 0;
  }
  return -1;
}

static int limits_from_env(struct app_config *cfg, unsigned *drain) {
  for (size_t i = 0; i < sizeof LIMIT_OPTS / sizeof LIMIT_OPTS[0]; i++) {
    const char *v = getenv(LIMIT_OPTS[i].env);
    if (v && *v && set_limit(cfg, drain, LIMIT_OPTS[i].opt, v)) return -1;
  }
  const char *v = getenv("SCOREBRIDGE_TOKEN_RATE");
  if (v && *v && rate_value(v, &cfg->limits.token_rate)) return -1;
  v = getenv("SCOREBRIDGE_TRUST_PROXY");
  if (v && strcmp(v, "1") == 0) cfg->trust_proxy = true;
  return 0;
}

/* Appends one CSP source, refusing characters that would break out of the header. */
static int add_ancestor(char *list, size_t n, bool *first, const char *src) {
  for (const char *p = src; *p; p++)
    if (*p == ';' || *p == ',' || *p == ' ' || (unsigned char)*p < 0x21 || (unsigned char)*p > 0x7e)
      return -1;
  size_t len = *first ? 0 : strlen(list);
  int w = snprintf(list + len, n - len, "%s%s", *first ? "" : " ", src);
  *first = false;
  return w < 0 || (size_t)w >= n - len ? -1 : 0;
}

/* The key reloader: every KEYRING_POLL_S seconds, keyring_reload picks up a key that
 * `scorebridge keys rotate` added (or `keys prune` removed) without a restart. The
 * keyring swaps its snapshot atomically; worker threads never wait for it. */
struct key_reloader {
  struct keyring *keys;
  pthread_mutex_t lock;
  pthread_cond_t wake;
  bool stop;
  pthread_t thread;
};

static void *key_reloader_main(void *arg) {
  struct key_reloader *kr = arg;
  bool failing = false;
  pthread_mutex_lock(&kr->lock);
  while (!kr->stop) {
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += KEYRING_POLL_S;
    int w = 0;
    while (!kr->stop && w != ETIMEDOUT)
      w = pthread_cond_timedwait(&kr->wake, &kr->lock, &until);
    if (kr->stop) break;
    pthread_mutex_unlock(&kr->lock);
    struct sb_err err = {""};
    int rc = keyring_reload(kr->keys, &err);
    if (rc == 1) {
      log_info("signing keys reloaded: %zu keys, signing kid %s", keyring_count(kr->keys),
               keyring_signing_kid(kr->keys));
      failing = false;
    } else if (rc < 0 && !failing) {
      log_warn("cannot reload the signing keys (the current ones stay): %s", err.msg);
      failing = true;
    } else if (rc == 0) {
      failing = false;
    }
    pthread_mutex_lock(&kr->lock);
  }
  pthread_mutex_unlock(&kr->lock);
  return NULL;
}

static int key_reloader_start(struct key_reloader *kr, struct keyring *keys) {
  memset(kr, 0, sizeof *kr);
  kr->keys = keys;
  pthread_mutex_init(&kr->lock, NULL);
  pthread_cond_init(&kr->wake, NULL);
  if (pthread_create(&kr->thread, NULL, key_reloader_main, kr) != 0) {
    pthread_cond_destroy(&kr->wake);
    pthread_mutex_destroy(&kr->lock);
    return -1;
  }
  return 0;
}

static void key_reloader_stop(struct key_reloader *kr) {
  pthread_mutex_lock(&kr->lock);
  kr->stop = true;
  pthread_cond_signal(&kr->wake);
  pthread_mutex_unlock(&kr->lock);
  pthread_join(kr->thread, NULL);
  pthread_cond_destroy(&kr->wake);
  pthread_mutex_destroy(&kr->lock);
}

int cmd_serve(int argc, char **argv) {
  struct cli_common c;
  int rc = cli_common_init(&c);
  if (rc) return rc;
  const char *access_log = getenv("SCOREBRIDGE_ACCESS_LOG");
  bool first_ancestor = true, first_cors = true;
  struct sb_err cerr = {""};
  const char *cors_env = getenv("SCOREBRIDGE_CORS_ORIGINS");
  if (cors_env && cors_policy_add_list(&c.cfg.cors, cors_env, &cerr) != 0) {
    cli_error("serve", "SCOREBRIDGE_CORS_ORIGINS: %s", cerr.msg);
    return 2;
  }
  static const struct option opts[] = {{"data", required_argument, NULL, 'd'},
                                       {"listen", required_argument, NULL, 'l'},
                                       {"public-url", required_argument, NULL, 'u'},
                                       {"token-ttl", required_argument, NULL, 't'},
                                       {"frame-ancestor", required_argument, NULL, 'f'},
                                       {"cors-origin", required_argument, NULL, 'o'},
                                       {"threads", required_argument, NULL, 'n'},
                                       {"access-log", required_argument, NULL, 'a'},
                                       {"max-upload", required_argument, NULL, 'm'},
                                       {"max-live-tokens", required_argument, NULL, OPT_LIVE},
                                       {"token-rate", required_argument, NULL, OPT_RATE},
                                       {"token-burst", required_argument, NULL, OPT_BURST},
                                       {"login-free", required_argument, NULL, OPT_LFREE},
                                       {"login-lock", required_argument, NULL, OPT_LLOCK},
                                       {"login-addr-free", required_argument, NULL, OPT_AFREE},
                                       {"login-addr-lock", required_argument, NULL, OPT_ALOCK},
                                       {"login-lock-secs", required_argument, NULL, OPT_LSECS},
                                       {"trust-proxy", no_argument, NULL, OPT_TRUST},
                                       {"drain-secs", required_argument, NULL, OPT_DRAIN},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  int ch;
  long v;
  unsigned drain = 30;
  if (limits_from_env(&c.cfg, &drain)) return 2;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
    switch (ch) {
    case 'l':
      snprintf(c.cfg.listen, sizeof c.cfg.listen, "%s", optarg);
      break;
    case 'u':
      snprintf(c.cfg.public_url, sizeof c.cfg.public_url, "%s", optarg);
      break;
    case 't':
      if (cli_parse_long(optarg, 60, 86400, &v)) {
        cli_error("serve", "--token-ttl must be 60..86400 seconds");
        return 2;
      }
      c.cfg.token_ttl = v;
      break;
    case 'f':
      if (add_ancestor(c.cfg.frame_ancestors, sizeof c.cfg.frame_ancestors, &first_ancestor,
                       optarg)) {
        cli_error("serve", "--frame-ancestor %s: not a single CSP source", optarg);
        return 2;
      }
      break;
    case 'o':
      if (first_cors) c.cfg.cors.n = 0; /* flags replace the environment's list */
      first_cors = false;
      if (cors_policy_add(&c.cfg.cors, optarg, &cerr) != 0) {
        cli_error("serve", "--cors-origin: %s", cerr.msg);
        return 2;
      }
      break;
    case 'n':
      if (cli_parse_long(optarg, 1, 256, &v)) {
        cli_error("serve", "--threads must be 1..256");
        return 2;
      }
      c.cfg.threads = (unsigned)v;
      break;
    case 'a':
      access_log = optarg;
      break;
    case 'm':
      if (cli_parse_long(optarg, 1, 1024L * 1024, &v)) {
        cli_error("serve", "--max-upload must be 1..1048576 MiB");
        return 2;
      }
      c.cfg.max_upload = (uint64_t)v * 1024 * 1024;
      break;
    case OPT_RATE:
      if (rate_value(optarg, &c.cfg.limits.token_rate)) return 2;
      break;
    case OPT_TRUST:
      c.cfg.trust_proxy = true;
      break;
    case OPT_LIVE:
    case OPT_BURST:
    case OPT_LFREE:
    case OPT_LLOCK:
    case OPT_AFREE:
    case OPT_ALOCK:
    case OPT_LSECS:
    case OPT_DRAIN:
      if (set_limit(&c.cfg, &drain, ch, optarg)) return 2;
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
  if (optind < argc) {
    cli_error("serve", "unexpected argument '%s'", argv[optind]);
    return 2;
  }
  /* A portal allowed to call the API may embed its report files too (README, CORS). */
  if (cors_frame_ancestors(&c.cfg.cors, c.cfg.frame_ancestors, sizeof c.cfg.frame_ancestors)) {
    cli_error("serve", "too many frame ancestors and CORS origins");
    return 2;
  }
  /* Strip one trailing slash so links do not get "//". */
  size_t ul = strlen(c.cfg.public_url);
  if (ul > 0 && c.cfg.public_url[ul - 1] == '/') c.cfg.public_url[ul - 1] = '\0';

  int log_fd = 1;
  if (access_log && strcmp(access_log, "off") == 0) {
    log_fd = -1;
  } else if (access_log && *access_log && strcmp(access_log, "-") != 0) {
    log_fd = open(access_log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (log_fd < 0) {
      cli_error("serve", "cannot open access log %s", access_log);
      return 1;
    }
  }
  log_set_access_fd(log_fd);

  /* Block the stop signals before any thread starts, then wait for them here. */
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, NULL);
  signal(SIGPIPE, SIG_IGN);

  struct sb_err err = {""};
  struct app app;
  bool derive_url = c.cfg.public_url[0] == '\0';
  if (derive_url) snprintf(c.cfg.public_url, sizeof c.cfg.public_url, "http://%s", c.cfg.listen);
  if (app_open(&app, &c.cfg, true, &err) != 0) {
    cli_error("serve", "%s", err.msg);
    return 1;
  }
  /* Uploaded score files are processed in the background, oldest first; uploads a crash
   * left half-done are run again. Started before the server so signals stay blocked in
   * its thread too. */
  app.worker = upload_worker_start(app.db_path, app.blobs, &err);
  if (app.worker == NULL) {
    cli_error("serve", "%s", err.msg);
    app_close(&app);
    return 1;
  }
  app.limits = sb_limits_new(&c.cfg.limits);
  if (app.limits == NULL) {
    cli_error("serve", "out of memory for the limit tables");
    upload_worker_stop(app.worker);
    app_close(&app);
    return 1;
  }
  struct key_reloader reloader;
  if (key_reloader_start(&reloader, app.keys) != 0) {
    cli_error("serve", "cannot start the key reloader thread");
    upload_worker_stop(app.worker);
    app_close(&app);
    return 1;
  }
  size_t nroutes;
  const struct route *routes = api_routes(&nroutes);
  struct http_config hc = {.listen = c.cfg.listen,
                           .threads = c.cfg.threads,
                           .max_upload = c.cfg.max_upload,
                           .cors = &app.cfg.cors,
                           .trust_proxy = c.cfg.trust_proxy,
                           .drain_secs = drain};
  struct http_server *srv = http_server_start(&hc, routes, nroutes, &app, &err);
  if (srv == NULL) {
    cli_error("serve", "%s", err.msg);
    key_reloader_stop(&reloader);
    upload_worker_stop(app.worker);
    app_close(&app);
    return 1;
  }
  if (derive_url) {
    /* With port 0 the kernel chose the port: links must carry the real one. */
    char host[128];
    snprintf(host, sizeof host, "%s", c.cfg.listen);
    char *colon = strrchr(host, ':');
    if (colon) *colon = '\0';
    snprintf(app.cfg.public_url, sizeof app.cfg.public_url, "http://%s:%u",
             host[0] ? host : "127.0.0.1", (unsigned)http_server_port(srv));
  }
  log_info("scorebridge listening on %s (port %u), public URL %s, data %s, CORS origins %zu",
           c.cfg.listen, (unsigned)http_server_port(srv), app.cfg.public_url, c.cfg.data_dir,
           app.cfg.cors.n);
  int sig = 0;
  sigwait(&stop, &sig);
  log_info("stopping on signal %d: no new connections; finishing requests in flight", sig);
  http_server_stop(srv);
  key_reloader_stop(&reloader);
  upload_worker_stop(app.worker); /* a load in progress finishes or rolls back first */
  app_close(&app);
  log_info("stopped");
  if (log_fd > 2) close(log_fd);
  return 0;
}
