/* web.c - see web.h: sign-in, sign-out, the session endpoint, pages and static files. */
#include "api/web.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "auth/password.h"
#include "store/store_pool.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/log.h"
#include "web/assets.h"

#define LOGIN_COOKIE "sb_login"

static const char CSP[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
                          "img-src 'self'; connect-src 'self'; form-action 'self'; "
                          "base-uri 'none'; frame-ancestors 'none'";

void web_security_headers_csp(struct http_req *r, const char *csp) {
  http_add_header(r, "Content-Security-Policy", csp);
  http_add_header(r, "X-Frame-Options", "DENY");
  http_add_header(r, "Referrer-Policy", "same-origin");
}

void web_security_headers(struct http_req *r) {
  web_security_headers_csp(r, CSP);
}

static bool is_https(const struct app *a) {
  return strncasecmp(a->cfg.public_url, "https://", 8) == 0;
}

static struct store *thread_store(struct app *a, struct http_req *r) {
  struct sb_err err = {""};
  struct store *s = store_pool_get(a->pool, &err);
  if (s == NULL) {
    log_error("request %s: %s", http_req_id(r), err.msg);
    http_respond_error(r, 500, "Internal error occurred");
  }
  return s;
}

void web_audit(struct http_req *r, struct store *s, const char *actor, const char *action,
               const char *target, const char *outcome) {
  struct audit_entry e;
  memset(&e, 0, sizeof e);
  e.at = clock_now();
  snprintf(e.actor, sizeof e.actor, "%s", actor ? actor : "anonymous");
  snprintf(e.action, sizeof e.action, "%s", action);
  snprintf(e.target, sizeof e.target, "%s", target ? target : "");
  snprintf(e.outcome, sizeof e.outcome, "%s", outcome);
  snprintf(e.client, sizeof e.client, "%s", r ? http_req_client(r) : "cli");
  struct sb_err err = {""};
  if (s == NULL || store_audit_append(s, &e, &err) != 0)
    log_error("audit log: cannot append %s %s %s: %s", e.actor, e.action, e.outcome,
              s ? err.msg : "no database");
}

static bool is_api_path(const char *path) {
  return strncmp(path, "/api/", 5) == 0;
}

static void deny_unauthenticated(struct http_req *r) {
  web_security_headers(r);
  if (is_api_path(http_req_path(r))) {
    http_respond_error(r, 401, "Sign in first");
    return;
  }
  http_add_header(r, "Location", "/login");
  http_add_header(r, "Cache-Control", "no-store");
  http_respond_bytes(r, 303, "", 0, "text/plain; charset=utf-8");
}

static bool safe_method(const char *m) {
  return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

bool web_require(struct app *a, struct http_req *r, struct web_ctx *w) {
  memset(w, 0, sizeof *w);
  char token[WEBSESSION_TOKEN_SIZE];
  if (!websession_cookie_token(http_req_header(r, "Cookie"), token, sizeof token)) {
    deny_unauthenticated(r);
    return false;
  }
  w->store = thread_store(a, r);
  if (w->store == NULL) return false;
  unsigned char id[32];
  websession_digest(token, id);
  sodium_memzero(token, sizeof token);
  int64_t now = clock_now();
  struct sb_err err = {""};
  int rc = store_session_get(w->store, id, now, &w->session, &w->user, &err);
  if (rc < 0) {
    log_error("request %s: %s", http_req_id(r), err.msg);
    http_respond_error(r, 500, "Internal error occurred");
    return false;
  }
  if (rc == 0) {
    deny_unauthenticated(r);
    return false;
  }
  websession_csrf_token(w->session.csrf, w->csrf, sizeof w->csrf);
  snprintf(w->actor, sizeof w->actor, "user:%s", w->user.username);
  http_req_set_subject(r, w->actor);
  if (!safe_method(http_req_method(r))) {
    const char *given = http_req_header(r, "X-CSRF-Token");
    char field[WEBSESSION_CSRF_SIZE + 8];
    if (given == NULL && http_req_form(r, "csrf", field, sizeof field) == 1) given = field;
    if (!websession_csrf_check(w->session.csrf, given)) {
      web_audit(r, w->store, w->actor, "csrf-check", http_req_path(r), "denied");
      web_security_headers(r);
      http_respond_error(r, 403, "Missing or wrong CSRF token");
      return false;
    }
  }
  if (now - w->session.last_seen >= WEBSESSION_TOUCH_SECS) {
    int64_t exp = websession_expiry(w->session.created_at, now);
    if (store_session_touch(w->store, id, now, exp, &err) != 0)
      log_warn("request %s: %s", http_req_id(r), err.msg);
    w->session.last_seen = now;
    w->session.expires_at = exp;
  }
  return true;
}

bool web_require_load(struct app *a, struct http_req *r, struct web_ctx *w, enum score_family f,
                      const char *lea, const char *action) {
  (void)a;
  if (role_may_load(&w->user.who, f, lea)) return true;
  char target[160];
  snprintf(target, sizeof target, "%s %s", role_family_name(f), lea ? lea : "-");
  web_audit(r, w->store, w->actor, action, target, "denied");
  web_security_headers(r);
  http_respond_error(r, 403, "Your role may not do this for this LEA");
  return false;
}

/* --- pages --- */

static bool etag_matches(struct http_req *r, const char *etag) {
  const char *inm = http_req_header(r, "If-None-Match");
  return inm && (strcmp(inm, etag) == 0 || strstr(inm, etag) != NULL);
}

void web_respond_asset(struct http_req *r, const struct web_asset *as) {
  http_add_header(r, "Cache-Control", "no-cache");
  http_add_header(r, "ETag", as->etag);
  if (etag_matches(r, as->etag)) {
    http_respond_bytes(r, 304, "", 0, NULL);
    return;
  }
  http_respond_bytes(r, 200, as->data, as->len, as->content_type);
}

static void serve_asset(struct http_req *r, const struct web_asset *as, bool page) {
  web_security_headers(r);
  if (!page) {
    web_respond_asset(r, as);
    return;
  }
  http_add_header(r, "Cache-Control", "no-store");
  http_respond_bytes(r, 200, as->data, as->len, as->content_type);
}

void api_web_static(struct http_req *r, void *app) {
  (void)app;
  const char *path = http_req_path(r) + 1; /* "static/..." */
  const struct web_asset *as = strstr(path, "..") ? NULL : web_asset_find(path);
  if (as == NULL) {
    http_respond_error(r, 404, "Not found");
    return;
  }
  serve_asset(r, as, false);
}

void api_web_page(struct http_req *r, void *app) {
  struct web_ctx w;
  if (!web_require(app, r, &w)) return;
  const char *path = http_req_path(r);
  char name[128];
  size_t plen = strlen(path);
  while (plen > 1 && path[plen - 1] == '/')
    plen--;
  int n = plen <= 1 ? snprintf(name, sizeof name, "index.html")
                    : snprintf(name, sizeof name, "%.*s.html", (int)(plen - 1), path + 1);
  const struct web_asset *as =
      n > 0 && (size_t)n < sizeof name && !strchr(name, '/') ? web_asset_find(name) : NULL;
  if (as == NULL) {
    http_respond_error(r, 404, "Not found");
    return;
  }
  serve_asset(r, as, true);
}

/* The login page with its pre-session CSRF token (double submit: the same random value
 * in an HttpOnly SameSite=Strict cookie and in the form) and an optional error line. */
static void login_page(struct app *a, struct http_req *r, unsigned status, const char *error) {
  const struct web_asset *as = web_asset_find("login.html");
  if (as == NULL) {
    http_respond_error(r, 500, "Internal error occurred");
    return;
  }
  unsigned char rnd[32];
  char token[WEBSESSION_CSRF_SIZE];
  websession_new_csrf(rnd);
  websession_csrf_token(rnd, token, sizeof token);
  char cookie[160];
  snprintf(cookie, sizeof cookie, LOGIN_COOKIE "=%s; Path=/login; HttpOnly; SameSite=Strict%s",
           token, is_https(a) ? "; Secure" : "");
  struct buf b;
  buf_init(&b, as->len + 512);
  const char *t = (const char *)as->data;
  int rc = 0;
  for (;;) {
    const char *mark = strstr(t, "{{");
    if (mark == NULL) {
      rc |= buf_puts(&b, t);
      break;
    }
    rc |= buf_append(&b, t, (size_t)(mark - t));
    if (strncmp(mark, "{{csrf}}", 8) == 0) {
      rc |= buf_puts(&b, token);
      t = mark + 8;
    } else if (strncmp(mark, "{{error}}", 9) == 0) {
      if (error) rc |= buf_printf(&b, "<p class=\"error\" role=\"alert\">%s</p>", error);
      t = mark + 9;
    } else {
      rc |= buf_append(&b, mark, 2);
      t = mark + 2;
    }
  }
  if (rc) {
    buf_free(&b);
    http_respond_error(r, 500, "Internal error occurred");
    return;
  }
  web_security_headers(r);
  http_add_header(r, "Cache-Control", "no-store");
  http_add_header(r, "Set-Cookie", cookie);
  http_respond_buf(r, status, &b, "text/html; charset=utf-8");
  buf_free(&b);
}

void api_web_login_page(struct http_req *r, void *app) {
  login_page(app, r, 200, NULL);
}

static bool login_cookie(struct http_req *r, char *out, size_t n) {
  const char *h = http_req_header(r, "Cookie");
  static const char name[] = LOGIN_COOKIE "=";
  out[0] = '\0';
  for (const char *p = h; p && *p;) {
    while (*p == ' ' || *p == ';')
      p++;
    const char *end = strchr(p, ';');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len > sizeof name - 1 && strncmp(p, name, sizeof name - 1) == 0 &&
        len - (sizeof name - 1) < n) {
      memcpy(out, p + sizeof name - 1, len - (sizeof name - 1));
      out[len - (sizeof name - 1)] = '\0';
      return true;
    }
    p = end ? end + 1 : NULL;
  }
  return false;
}

void api_web_login(struct http_req *r, void *app) {
  struct app *a = app;
  char username[64], password[PASSWORD_MAX_LEN + 2], csrf[WEBSESSION_CSRF_SIZE + 8],
      cookie_csrf[WEBSESSION_CSRF_SIZE + 8];
  int fu = http_req_form(r, "username", username, sizeof username);
  int fp = http_req_form(r, "password", password, sizeof password);
  int fc = http_req_form(r, "csrf", csrf, sizeof csrf);
  bool same = fc == 1 && login_cookie(r, cookie_csrf, sizeof cookie_csrf) &&
              strlen(csrf) == WEBSESSION_CSRF_LEN && strlen(cookie_csrf) == WEBSESSION_CSRF_LEN &&
              sodium_memcmp(csrf, cookie_csrf, WEBSESSION_CSRF_LEN) == 0;
  if (!same) {
    sodium_memzero(password, sizeof password);
    web_security_headers(r);
    http_respond_error(r, 403, "Missing or wrong CSRF token");
    return;
  }
  if (fu != 1 || fp != 1 || username[0] == '\0') {
    sodium_memzero(password, sizeof password);
    login_page(a, r, 400, "Enter a username and a password.");
    return;
  }
  struct store *s = thread_store(a, r);
  if (s == NULL) return;
  struct web_user u;
  struct sb_err err = {""};
  int rc = store_user_by_name(s, username, &u, &err);
  if (rc < 0) {
    sodium_memzero(password, sizeof password);
    log_error("request %s: %s", http_req_id(r), err.msg);
    http_respond_error(r, 500, "Internal error occurred");
    return;
  }
  bool ok;
  if (rc == 0) {
    password_burn(password); /* as long as a real check: do not reveal unknown names */
    ok = false;
  } else {
    ok = password_verify(u.password_hash, password) && u.disabled_at == 0;
  }
  char actor[80];
  snprintf(actor, sizeof actor, "user:%.60s", username);
  if (!ok) {
    sodium_memzero(password, sizeof password);
    web_audit(r, s, actor, "login", "", "failed");
    login_page(a, r, 401, "Wrong username or password.");
    return;
  }
  if (password_needs_rehash(u.password_hash)) {
    char hash[PASSWORD_HASH_SIZE];
    if (password_hash(password, hash, sizeof hash, &err) == 0)
      (void)store_user_set_password(s, u.id, hash, &err);
  }
  sodium_memzero(password, sizeof password);
  char token[WEBSESSION_TOKEN_SIZE];
  struct web_session ws;
  memset(&ws, 0, sizeof ws);
  int64_t now = clock_now();
  if (websession_new_token(token, sizeof token) != 0) {
    http_respond_error(r, 500, "Internal error occurred");
    return;
  }
  websession_digest(token, ws.id);
  websession_new_csrf(ws.csrf);
  ws.user_id = u.id;
  ws.created_at = now;
  ws.last_seen = now;
  ws.expires_at = websession_expiry(now, now);
  if (store_session_purge(s, now, &err) != 0) log_warn("%s", err.msg);
  if (store_session_create(s, &ws, &err) != 0) {
    sodium_memzero(token, sizeof token);
    log_error("request %s: %s", http_req_id(r), err.msg);
    http_respond_error(r, 500, "Internal error occurred");
    return;
  }
  char cookie[160];
  websession_set_cookie(token, is_https(a), cookie, sizeof cookie);
  sodium_memzero(token, sizeof token);
  web_audit(r, s, actor, "login", "", "ok");
  http_req_set_subject(r, actor);
  web_security_headers(r);
  http_add_header(r, "Set-Cookie", cookie);
  http_add_header(r, "Location", "/");
  http_add_header(r, "Cache-Control", "no-store");
  http_respond_bytes(r, 303, "", 0, "text/plain; charset=utf-8");
  sodium_memzero(cookie, sizeof cookie);
}

void api_web_logout(struct http_req *r, void *app) {
  struct app *a = app;
  struct web_ctx w;
  if (!web_require(a, r, &w)) return;
  struct sb_err err = {""};
  if (store_session_delete(w.store, w.session.id, &err) < 0) {
    log_error("request %s: %s", http_req_id(r), err.msg);
    http_respond_error(r, 500, "Internal error occurred");
    return;
  }
  web_audit(r, w.store, w.actor, "logout", "", "ok");
  char cookie[160];
  websession_set_cookie(NULL, is_https(a), cookie, sizeof cookie);
  web_security_headers(r);
  http_add_header(r, "Set-Cookie", cookie);
  http_add_header(r, "Location", "/login");
  http_respond_bytes(r, 303, "", 0, "text/plain; charset=utf-8");
}

void api_web_session(struct http_req *r, void *app) {
  struct web_ctx w;
  if (!web_require(app, r, &w)) return;
  char expires[32];
  clock_format_iso(w.session.expires_at, expires, sizeof expires);
  json_t *sch = json_array();
  for (size_t i = 0; i < w.user.who.nschools; i++)
    json_array_append_new(sch, json_string(w.user.who.schools[i]));
  json_t *fam = json_array();
  unsigned may = role_families(&w.user.who);
  for (enum score_family f = SCORE_CAASPP; f <= SCORE_INITIAL_ELPAC; f++)
    if (may & (1u << f)) json_array_append_new(fam, json_string(role_family_name(f)));
  web_security_headers(r);
  http_add_header(r, "Cache-Control", "no-store");
  http_respond_json(r, 200,
                    json_pack("{s:s, s:s, s:s, s:o, s:o, s:s, s:s}", "user", w.user.username,
                              "role", role_name(w.user.who.role), "lea", w.user.who.lea, "schools",
                              sch, "may_load", fam, "csrf", w.csrf, "expires_at", expires));
}
