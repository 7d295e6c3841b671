/* ssr_client.c - see ssr_client.h. */
#include "client/ssr_client.h"

#include <curl/curl.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/b64.h"
#include "util/buf.h"

#define ANSWER_MAX (64u * 1024 * 1024) /* largest JSON answer kept in memory */
#define URL_MAX 8192
#define RETRY_AFTER_MAX 128

struct ssr_client {
  CURL *h;
  char *base; /* without a trailing / */
  char *username, *api_token;
  int max_attempts;
  double max_total, base_delay, max_delay;
  long timeout;
  void (*on_retry)(void *, const char *);
  void *ud;
  char *token;        /* cached, or NULL */
  int64_t token_exp;  /* server's clock, 0 unknown */
  int64_t refresh_at; /* local clock */
  long last_status;
  struct ssr_client_stats stats;
  /* per exchange */
  char retry_after[RETRY_AFTER_MAX];
  FILE *out; /* where a 2xx body goes (fetch), or NULL: into body */
  struct buf *body;
  uint64_t out_bytes;
  int out_errno;
};

enum auth_mode { AUTH_NONE, AUTH_BASIC, AUTH_BEARER };

/* --- pure parts --------------------------------------------------------------------- */

int ssr_jwt_claims(const char *token, int64_t *exp, int64_t *iat, struct sb_err *err) {
  if (token == NULL) return sb_err_set(err, "no token");
  const char *d1 = strchr(token, '.');
  const char *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
  if (d1 == NULL || d2 == NULL || strchr(d2 + 1, '.') != NULL)
    return sb_err_set(err, "the token is not a compact JWT (three dot-separated parts)");
  size_t len = (size_t)(d2 - d1 - 1);
  if (len == 0 || len > 8192) return sb_err_set(err, "the token's payload is empty or too long");
  unsigned char payload[6144 + 1];
  long n = b64url_decode(d1 + 1, len, payload, sizeof payload - 1);
  if (n < 0) return sb_err_set(err, "the token's payload is not base64url");
  json_error_t je;
  json_t *claims = json_loadb((const char *)payload, (size_t)n, JSON_REJECT_DUPLICATES, &je);
  if (!json_is_object(claims)) {
    json_decref(claims);
    return sb_err_set(err, "the token's payload is not a JSON object");
  }
  json_t *e = json_object_get(claims, "exp"), *i = json_object_get(claims, "iat");
  int rc = 0;
  if (!json_is_number(e) || json_number_value(e) <= 0 || json_number_value(e) > 1e12) {
    rc = sb_err_set(err, "the token has no usable exp claim");
  } else if (i != NULL &&
             (!json_is_number(i) || json_number_value(i) < 0 || json_number_value(i) > 1e12)) {
    rc = sb_err_set(err, "the token's iat claim is not a time");
  } else {
    *exp = (int64_t)json_number_value(e);
    *iat = i ? (int64_t)json_number_value(i) : 0;
  }
  json_decref(claims);
  return rc;
}

/* Parses s fully with fmt, as UTC; rejects dates that do not exist. */
static int parse_date_fmt(const char *s, const char *fmt, int64_t *out) {
  struct tm tm;
  memset(&tm, 0, sizeof tm);
  const char *end = strptime(s, fmt, &tm);
  if (end == NULL || *end != '\0') return -1;
  struct tm want = tm;
  time_t t = timegm(&tm);
  if (t == (time_t)-1) return -1;
  struct tm back;
  if (gmtime_r(&t, &back) == NULL || back.tm_mday != want.tm_mday || back.tm_mon != want.tm_mon ||
      back.tm_year != want.tm_year || back.tm_hour != want.tm_hour || back.tm_min != want.tm_min)
    return -1;
  *out = (int64_t)t;
  return 0;
}

int ssr_retry_after_parse(const char *v, int64_t now, double *secs) {
  if (v == NULL || *v == '\0' || strlen(v) > 64) return -1;
  if (*v >= '0' && *v <= '9') {
    int64_t n = 0;
    for (const char *p = v; *p; p++) {
      if (*p < '0' || *p > '9') return -1;
      if (n > 1000000000) return -1; /* more than 31 years: nonsense */
      n = n * 10 + (*p - '0');
    }
    *secs = (double)n;
    return 0;
  }
  int64_t t;
  if (parse_date_fmt(v, "%a, %d %b %Y %H:%M:%S GMT", &t) != 0 &&
      parse_date_fmt(v, "%A, %d-%b-%y %H:%M:%S GMT", &t) != 0 &&
      parse_date_fmt(v, "%a %b %e %H:%M:%S %Y", &t) != 0)
    return -1;
  *secs = t > now ? (double)(t - now) : 0.0;
  return 0;
}

double ssr_backoff_delay(unsigned retry, double base, double max_delay, double u) {
  if (u < 0) u = 0;
  if (u >= 1) u = 0.999999;
  double ceiling = base * ldexp(1.0, retry > 60 ? 60 : (int)retry);
  if (ceiling > max_delay) ceiling = max_delay;
  return u * ceiling;
}

int64_t ssr_token_refresh_at(int64_t exp, int64_t iat, int64_t received_at) {
  int64_t skew = iat > 0 ? received_at - iat : 0;
  int64_t life = iat > 0 ? exp - iat : exp - received_at;
  int64_t margin = life > 0 ? life / 10 : 0;
  if (margin > 60) margin = 60;
  return exp + skew - margin;
}

/* --- plumbing ----------------------------------------------------------------------- */

static double mono_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void sleep_for(double s) {
  if (s <= 0) return;
  struct timespec ts = {(time_t)s, (long)((s - floor(s)) * 1e9)};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

static double uniform01(void) {
  uint64_t r = 0;
  if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r) r = (uint64_t)rand();
  return (double)(r >> 11) / 9007199254740992.0; /* 2^53 */
}

int ssr_client_global_init(struct sb_err *err) {
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
    return sb_err_set(err, "cannot initialise libcurl");
  return 0;
}

static char *dup_str(const char *s) {
  return s ? strdup(s) : NULL;
}

struct ssr_client *ssr_client_new(const struct ssr_client_opts *o, struct sb_err *err) {
  if (o->base_url == NULL || *o->base_url == '\0') {
    sb_err_set(err, "no server URL (--url or SCOREBRIDGE_URL)");
    return NULL;
  }
  if (strncmp(o->base_url, "http://", 7) != 0 && strncmp(o->base_url, "https://", 8) != 0) {
    sb_err_set(err, "the server URL must start with https:// or http://: %.200s", o->base_url);
    return NULL;
  }
  struct ssr_client *c = calloc(1, sizeof *c);
  if (c == NULL) {
    sb_err_set(err, "out of memory");
    return NULL;
  }
  c->h = curl_easy_init();
  c->base = dup_str(o->base_url);
  c->username = dup_str(o->username ? o->username : "");
  c->api_token = dup_str(o->api_token ? o->api_token : "");
  if (c->h == NULL || c->base == NULL || c->username == NULL || c->api_token == NULL) {
    ssr_client_free(c);
    sb_err_set(err, "out of memory");
    return NULL;
  }
  size_t n = strlen(c->base);
  while (n > 0 && c->base[n - 1] == '/')
    c->base[--n] = '\0';
  c->max_attempts = o->max_attempts > 0 ? o->max_attempts : 5;
  c->max_total = o->max_total > 0 ? o->max_total : 60;
  c->base_delay = o->base_delay > 0 ? o->base_delay : 0.5;
  c->max_delay = o->max_delay > 0 ? o->max_delay : 8;
  c->timeout = o->timeout > 0 ? o->timeout : 30;
  c->on_retry = o->on_retry;
  c->ud = o->ud;
  return c;
}

static void wipe_free(char *s) {
  if (s) {
    volatile char *p = s;
    while (*p)
      *p++ = 0;
    free(s);
  }
}

void ssr_client_free(struct ssr_client *c) {
  if (c == NULL) return;
  if (c->h) curl_easy_cleanup(c->h);
  free(c->base);
  free(c->username);
  wipe_free(c->api_token);
  wipe_free(c->token);
  free(c);
}

long ssr_client_last_status(const struct ssr_client *c) {
  return c->last_status;
}

void ssr_client_get_stats(const struct ssr_client *c, struct ssr_client_stats *s) {
  *s = c->stats;
}

static size_t on_header(char *data, size_t size, size_t nitems, void *ud) {
  struct ssr_client *c = ud;
  size_t n = size * nitems;
  static const char name[] = "retry-after:";
  if (n > sizeof name - 1 && strncasecmp(data, name, sizeof name - 1) == 0) {
    const char *v = data + sizeof name - 1;
    size_t vl = n - (sizeof name - 1);
    while (vl > 0 && (*v == ' ' || *v == '\t')) {
      v++;
      vl--;
    }
    while (vl > 0 && (v[vl - 1] == '\r' || v[vl - 1] == '\n' || v[vl - 1] == ' '))
      vl--;
    if (vl >= sizeof c->retry_after) vl = sizeof c->retry_after - 1;
    memcpy(c->retry_after, v, vl);
    c->retry_after[vl] = '\0';
  }
  return n;
}

static size_t on_body(char *data, size_t size, size_t nitems, void *ud) {
  struct ssr_client *c = ud;
  size_t n = size * nitems;
  long status = 0;
  curl_easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, &status);
  if (c->out && status >= 200 && status < 300) {
    if (fwrite(data, 1, n, c->out) != n) {
      c->out_errno = errno ? errno : EIO;
      return 0;
    }
    c->out_bytes += n;
    return n;
  }
  if (buf_append(c->body, data, n) != 0) return 0;
  return n;
}

/* "path" of a URL for messages: without the query (links carry signatures there). */
static void url_path(const char *url, char *out, size_t n) {
  const char *p = strstr(url, "://");
  p = p ? strchr(p + 3, '/') : NULL;
  if (p == NULL) p = "/";
  size_t l = strcspn(p, "?#");
  snprintf(out, n, "%.*s", (int)(l > 300 ? 300 : l), p);
}

/* The "error" text of a JSON error answer, or a short excerpt of the body. */
static void answer_text(const struct buf *b, char *out, size_t n) {
  json_t *j = json_loadb(buf_cstr(b), b->len, 0, NULL);
  const char *e = json_string_value(json_object_get(j, "error"));
  if (e)
    snprintf(out, n, "%s", e);
  else if (b->len)
    snprintf(out, n, "%.120s", buf_cstr(b));
  else
    snprintf(out, n, "(no body)");
  for (char *p = out; *p; p++)
    if (*p == '\n' || *p == '\r') *p = ' ';
  json_decref(j);
}

static enum ssr_rc get_token(struct ssr_client *c, struct sb_err *err);

static void note(struct ssr_client *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct ssr_client *c, const char *fmt, ...) {
  if (c->on_retry == NULL) return;
  char line[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  c->on_retry(c->ud, line);
}

static enum ssr_rc ensure_token(struct ssr_client *c, struct sb_err *err) {
  if (c->token && (int64_t)time(NULL) < c->refresh_at) return SSR_OK;
  return get_token(c, err);
}

static void drop_token(struct ssr_client *c) {
  wipe_free(c->token);
  c->token = NULL;
  c->token_exp = 0;
  c->refresh_at = 0;
}

/* One GET with the retry policy. A 2xx body goes to out (when set) or into body. */
static enum ssr_rc perform(struct ssr_client *c, const char *url, enum auth_mode mode, FILE *out,
                           struct buf *body, struct sb_err *err) {
  char path[320];
  url_path(url, path, sizeof path);
  bool seekable = false;
  if (out) {
    struct stat st;
    seekable = fstat(fileno(out), &st) == 0 && S_ISREG(st.st_mode);
  }
  double start = mono_now();
  bool refreshed = false;
  unsigned retry = 0;
  for (int attempt = 1;; attempt++) {
    if (mode == AUTH_BEARER) {
      enum ssr_rc rc = ensure_token(c, err);
      if (rc != SSR_OK) return rc;
    }
    buf_reset(body);
    c->retry_after[0] = '\0';
    c->out = out;
    c->body = body;
    c->out_errno = 0;
    c->last_status = 0;
    if (out && seekable && attempt > 1) {
      if (fflush(out) != 0 || ftruncate(fileno(out), 0) != 0 || fseeko(out, 0, SEEK_SET) != 0)
        return sb_err_set(err, "cannot rewind the output file: %s", strerror(errno)), SSR_ERR_LOCAL;
      c->out_bytes = 0;
    }
    uint64_t bytes_before = c->out_bytes;
    CURL *h = c->h;
    curl_easy_reset(h);
    struct curl_slist *hdrs = NULL;
    char authz[8192];
    hdrs = curl_slist_append(hdrs, "Accept: application/json, */*");
    if (mode == AUTH_BEARER) {
      snprintf(authz, sizeof authz, "Authorization: Bearer %s", c->token);
      struct curl_slist *h2 = curl_slist_append(hdrs, authz);
      memset(authz, 0, sizeof authz);
      if (h2 == NULL) {
        curl_slist_free_all(hdrs);
        return sb_err_set(err, "out of memory"), SSR_ERR_LOCAL;
      }
      hdrs = h2;
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, c->timeout);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, c->timeout < 10 ? c->timeout : 10L);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "scorebridge-ssr-client/1");
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, c);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, c);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    if (mode == AUTH_BASIC) {
      curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
      curl_easy_setopt(h, CURLOPT_USERNAME, c->username);
      curl_easy_setopt(h, CURLOPT_PASSWORD, c->api_token);
    }
    CURLcode cr = curl_easy_perform(h);
    curl_slist_free_all(hdrs);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
    char why[300];
    if (cr != CURLE_OK) {
      if (c->out_errno)
        return sb_err_set(err, "cannot write the file: %s", strerror(c->out_errno)), SSR_ERR_LOCAL;
      if (cr == CURLE_WRITE_ERROR)
        return sb_err_set(err, "GET %s: the answer is larger than %u bytes", path, ANSWER_MAX),
               SSR_ERR_SERVER;
      snprintf(why, sizeof why, "%s", curl_easy_strerror(cr));
    } else {
      long status = 0;
      curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
      c->last_status = status;
      if (status >= 200 && status < 300) return SSR_OK;
      char text[200];
      answer_text(body, text, sizeof text);
      if (status == 401 && mode == AUTH_BEARER && !refreshed) {
        refreshed = true;
        drop_token(c);
        c->stats.retries++;
        note(c, "GET %s: 401 (%s); getting a new token and trying again", path, text);
        attempt--; /* the refresh is not a backoff attempt */
        continue;
      }
      if (status != 429 && status < 500) {
        sb_err_set(err, "GET %s: %ld %s", path, status, text);
        if (status == 401 || (status == 403 && mode == AUTH_BASIC)) return SSR_ERR_AUTH;
        return SSR_ERR_REFUSED;
      }
      snprintf(why, sizeof why, "%ld %s", status, text);
    }
    /* retryable: 429, 5xx, no answer */
    enum ssr_rc fail_rc = cr != CURLE_OK ? SSR_ERR_NETWORK : SSR_ERR_SERVER;
    if (out && !seekable && c->out_bytes > bytes_before)
      return sb_err_set(err, "GET %s: %s after part of the file was written; not retried", path,
                        why),
             fail_rc;
    double elapsed = mono_now() - start;
    if (attempt >= c->max_attempts)
      return sb_err_set(err, "GET %s: %s (gave up after %d attempts in %.1f s)", path, why, attempt,
                        elapsed),
             fail_rc;
    double delay, ra;
    bool honoured =
        c->retry_after[0] && ssr_retry_after_parse(c->retry_after, (int64_t)time(NULL), &ra) == 0;
    delay = honoured ? ra : ssr_backoff_delay(retry, c->base_delay, c->max_delay, uniform01());
    if (elapsed + delay > c->max_total)
      return sb_err_set(err,
                        "GET %s: %s (gave up after %d attempts: waiting %.1f s more would pass "
                        "the limit of %.0f s)",
                        path, why, attempt, delay, c->max_total),
             fail_rc;
    note(c, "GET %s: %s; trying again in %.2f s%s (attempt %d of %d)", path, why, delay,
         honoured ? " (Retry-After)" : "", attempt + 1, c->max_attempts);
    sleep_for(delay);
    retry++;
    c->stats.retries++;
  }
}

static enum ssr_rc get_json(struct ssr_client *c, const char *url, enum auth_mode mode,
                            json_t **out, struct sb_err *err) {
  struct buf b;
  buf_init(&b, ANSWER_MAX);
  enum ssr_rc rc = perform(c, url, mode, NULL, &b, err);
  if (rc == SSR_OK) {
    json_error_t je;
    *out = json_loadb(buf_cstr(&b), b.len, JSON_REJECT_DUPLICATES, &je);
    if (*out == NULL) {
      char path[320];
      url_path(url, path, sizeof path);
      sb_err_set(err, "GET %s: the answer is not JSON (%s)", path, je.text);
      rc = SSR_ERR_SERVER;
    }
  }
  buf_free(&b);
  return rc;
}

static enum ssr_rc get_token(struct ssr_client *c, struct sb_err *err) {
  drop_token(c);
  char url[URL_MAX];
  if (snprintf(url, sizeof url, "%s/v3/token", c->base) >= (int)sizeof url)
    return sb_err_set(err, "the server URL is too long"), SSR_ERR_LOCAL;
  json_t *j = NULL;
  enum ssr_rc rc = get_json(c, url, AUTH_BASIC, &j, err);
  if (rc != SSR_OK) {
    if (rc == SSR_ERR_AUTH)
      sb_err_set(err, "the server refused the username and api_token (401 from /v3/token)");
    return rc;
  }
  const char *tok = json_string_value(json_object_get(j, "token"));
  json_t *ein = json_object_get(j, "expires_in");
  int64_t now = (int64_t)time(NULL), exp = 0, iat = 0;
  struct sb_err jerr = {""};
  if (tok == NULL || *tok == '\0' || strlen(tok) > 6000) {
    json_decref(j);
    return sb_err_set(err, "GET /v3/token: the answer has no usable \"token\""), SSR_ERR_SERVER;
  }
  if (ssr_jwt_claims(tok, &exp, &iat, &jerr) == 0) {
    c->token_exp = exp;
    c->refresh_at = ssr_token_refresh_at(exp, iat, now);
  } else if (json_is_integer(ein) && json_integer_value(ein) > 0) {
    c->token_exp = 0;
    c->refresh_at = ssr_token_refresh_at(now + json_integer_value(ein), now, now);
  } else {
    c->refresh_at = now; /* unknown life: use it for this request only */
  }
  c->token = strdup(tok);
  json_decref(j);
  if (c->token == NULL) return sb_err_set(err, "out of memory"), SSR_ERR_LOCAL;
  c->stats.token_fetches++;
  return SSR_OK;
}

enum ssr_rc ssr_client_token(struct ssr_client *c, int64_t *exp, struct sb_err *err) {
  enum ssr_rc rc = ensure_token(c, err);
  if (rc == SSR_OK && exp) *exp = c->token_exp;
  return rc;
}

enum ssr_rc ssr_client_verify(struct ssr_client *c, json_t **leas, struct sb_err *err) {
  char url[URL_MAX];
  if (snprintf(url, sizeof url, "%s/v3/token/verify", c->base) >= (int)sizeof url)
    return sb_err_set(err, "the server URL is too long"), SSR_ERR_LOCAL;
  json_t *j = NULL;
  enum ssr_rc rc = get_json(c, url, AUTH_BEARER, &j, err);
  if (rc == SSR_ERR_REFUSED && c->last_status == 403) rc = SSR_ERR_AUTH;
  if (rc != SSR_OK) return rc;
  json_t *out = json_array();
  size_t i;
  json_t *v;
  bool ok = json_is_array(j) && out;
  json_array_foreach(j, i, v) {
    const char *lea = json_string_value(json_object_get(v, "LEA"));
    if (lea == NULL) {
      ok = false;
      break;
    }
    json_array_append_new(out, json_string(lea));
  }
  json_decref(j);
  if (!ok) {
    json_decref(out);
    return sb_err_set(err, "GET /v3/token/verify: the answer is not [{\"LEA\":...}]"),
           SSR_ERR_SERVER;
  }
  *leas = out;
  return SSR_OK;
}

/* Appends "&name=escaped" (or "?name=..." for the first) when value is set. */
static int add_param(CURL *h, struct buf *u, bool *first, const char *name, const char *value) {
  if (value == NULL) return 0;
  char *e = curl_easy_escape(h, value, 0);
  if (e == NULL) return -1;
  int rc = buf_printf(u, "%c%s=%s", *first ? '?' : '&', name, e);
  curl_free(e);
  *first = false;
  return rc;
}

/* GETs the URL built in u (bad: it did not fit) with the bearer token, as JSON; frees u. */
static enum ssr_rc get_built(struct ssr_client *c, struct buf *u, int bad, json_t **j,
                             struct sb_err *err) {
  enum ssr_rc rc;
  if (bad) {
    sb_err_set(err, "the request URL is too long");
    rc = SSR_ERR_LOCAL;
  } else {
    rc = get_json(c, buf_cstr(u), AUTH_BEARER, j, err);
  }
  buf_free(u);
  return rc;
}

enum ssr_rc ssr_client_score_reports(struct ssr_client *c, const char *ssid,
                                     const struct ssr_report_query *q, json_t **reports,
                                     struct sb_err *err) {
  struct buf u;
  buf_init(&u, URL_MAX);
  char *e = curl_easy_escape(c->h, ssid, 0);
  bool first = true;
  int bad = e == NULL || buf_printf(&u, "%s/v3/students/%s/score-reports", c->base, e) != 0;
  curl_free(e);
  if (!bad && q)
    bad = add_param(c->h, &u, &first, "type", q->type) ||
          add_param(c->h, &u, &first, "lang", q->lang) ||
          add_param(c->h, &u, &first, "year", q->year) ||
          add_param(c->h, &u, &first, "format", q->format) ||
          add_param(c->h, &u, &first, "final", q->final);
  json_t *j = NULL;
  enum ssr_rc rc = get_built(c, &u, bad, &j, err);
  if (rc != SSR_OK) return rc;
  if (!json_is_array(j)) {
    json_decref(j);
    return sb_err_set(err, "score-reports: the answer is not a JSON array"), SSR_ERR_SERVER;
  }
  *reports = j;
  return SSR_OK;
}

enum ssr_rc ssr_client_changes(struct ssr_client *c, const char *since, long limit, json_t **page,
                               struct sb_err *err) {
  struct buf u;
  buf_init(&u, URL_MAX);
  bool first = true;
  char lim[32];
  snprintf(lim, sizeof lim, "%ld", limit);
  int bad = buf_printf(&u, "%s/v3/score-reports/changes", c->base) != 0 ||
            add_param(c->h, &u, &first, "since", since) ||
            add_param(c->h, &u, &first, "limit", limit > 0 ? lim : NULL);
  json_t *j = NULL;
  enum ssr_rc rc = get_built(c, &u, bad, &j, err);
  if (rc != SSR_OK) return rc;
  json_t *next = json_object_get(j, "next");
  if (!json_is_array(json_object_get(j, "items")) ||
      (next != NULL && !json_is_string(next) && !json_is_null(next))) {
    json_decref(j);
    return sb_err_set(err, "changes: the answer is not {\"items\":[...],\"next\":...}"),
           SSR_ERR_SERVER;
  }
  *page = j;
  return SSR_OK;
}

enum ssr_rc ssr_client_fetch(struct ssr_client *c, const char *url, FILE *out, uint64_t *bytes,
                             struct sb_err *err) {
  if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
    return sb_err_set(err, "not an http(s) URL: %.200s", url), SSR_ERR_LOCAL;
  struct buf b;
  buf_init(&b, 1024 * 1024);
  c->out_bytes = 0;
  enum ssr_rc rc = perform(c, url, AUTH_NONE, out, &b, err);
  if (rc == SSR_ERR_REFUSED && (c->last_status == 403 || c->last_status == 404))
    sb_err_set(err,
               "the link was refused (%ld): it expired (links last 30 minutes), was changed, "
               "or is unknown; ask for the student's reports again",
               c->last_status);
  if (rc == SSR_OK && bytes) *bytes = c->out_bytes;
  buf_free(&b);
  return rc;
}
