/* cmd_serve.c - scorebridge serve: run the HTTP API until SIGINT or SIGTERM. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
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
        "  --threads N            worker threads (SCOREBRIDGE_THREADS; default: one per CPU)\n"
        "  --max-upload MB        largest uploaded file in MiB (SCOREBRIDGE_MAX_UPLOAD_MB;\n"
        "                         default 4096)\n"
        "  --access-log FILE      JSON-lines access log ('-' = stdout, the default; 'off' =\n"
        "                         none; SCOREBRIDGE_ACCESS_LOG)\n",
        f);
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
  bool first_ancestor = true;
  static const struct option opts[] = {{"data", required_argument, NULL, 'd'},
                                       {"listen", required_argument, NULL, 'l'},
                                       {"public-url", required_argument, NULL, 'u'},
                                       {"token-ttl", required_argument, NULL, 't'},
                                       {"frame-ancestor", required_argument, NULL, 'f'},
                                       {"threads", required_argument, NULL, 'n'},
                                       {"access-log", required_argument, NULL, 'a'},
                                       {"max-upload", required_argument, NULL, 'm'},
                                       {"help", no_argument, NULL, 'h'},
                                       {NULL, 0, NULL, 0}};
  int ch;
  long v;
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
  struct key_reloader reloader;
  if (key_reloader_start(&reloader, app.keys) != 0) {
    cli_error("serve", "cannot start the key reloader thread");
    upload_worker_stop(app.worker);
    app_close(&app);
    return 1;
  }
  size_t nroutes;
  const struct route *routes = api_routes(&nroutes);
  struct http_config hc = {
      .listen = c.cfg.listen, .threads = c.cfg.threads, .max_upload = c.cfg.max_upload};
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
  log_info("scorebridge listening on %s (port %u), public URL %s, data %s", c.cfg.listen,
           (unsigned)http_server_port(srv), app.cfg.public_url, c.cfg.data_dir);
  int sig = 0;
  sigwait(&stop, &sig);
  log_info("stopping on signal %d", sig);
  http_server_stop(srv);
  key_reloader_stop(&reloader);
  upload_worker_stop(app.worker); /* a load in progress finishes or rolls back first */
  app_close(&app);
  if (log_fd > 2) close(log_fd);
  return 0;
}
