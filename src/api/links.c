/* links.c - see links.h. Serving a link: the token is checked (HMAC, expiry), the report
 * looked up, and its file streamed with the headers a parent portal needs to embed it
 * (iframe), stream it, redirect to it or download and re-serve it (rewrite). Each fetch
 * (every range request too) is recorded in the disclosure trail before the file is sent;
 * a link carries no credential, so the record names the SSID, report and client only. */
#include "api/links.h"

#include "util/jsonw.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "api/handlers.h"
#include "api/messages.h"
#include "auth/linksign.h"
#include "blob/blob.h"
#include "http/range.h"
#include "store/store_pool.h"
#include "util/clock.h"
#include "util/log.h"

const char *link_extension(const char *content_type) {
  if (strncasecmp(content_type, "application/pdf", 15) == 0) return "pdf";
  if (strncasecmp(content_type, "text/html", 9) == 0) return "html";
  if (strncasecmp(content_type, "video/mp4", 9) == 0) return "mp4";
  return "bin";
}

int link_url(const struct app *a, const struct report *r, int64_t expires, char *out, size_t n) {
  char token[128];
  if (linksign_make(a->link_key, r->id, expires, token, sizeof token) != 0) return -1;
  /* Plain copies: this runs once per listed report (the hot path of bench/api). */
  const char *parts[] = {a->cfg.public_url, "/v3/links/", token, ".",
                         link_extension(r->content_type)};
  size_t off = 0;
  for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
    size_t len = strlen(parts[i]);
    if (len >= n - off) return -1;
    memcpy(out + off, parts[i], len);
    off += len;
  }
  out[off] = '\0';
  return 0;
}

int link_report_fields(struct buf *b, int first, const struct app *a, const struct report *r,
                       int64_t expires) {
  char url[1024];
  return link_url(a, r, expires, url, sizeof url) || jsonw_kv_string(b, first, "type", r->type) ||
                 jsonw_kv_string(b, 0, "lang", r->lang) || jsonw_kv_int(b, 0, "year", r->year) ||
                 jsonw_kv_string(b, 0, "format", r->format) ||
                 jsonw_kv_string(b, 0, "content area", r->content_area) ||
                 jsonw_kv_string(b, 0, "grade", r->grade) ||
                 jsonw_kv_bool(b, 0, "final", r->final) || jsonw_kv_string(b, 0, "url", url)
             ? -1
             : 0;
}

static void refuse(struct http_req *r) {
  http_add_header(r, "Cache-Control", "no-store");
  http_respond_error(r, 403, MSG_LINK_INVALID);
}

void api_link(struct http_req *r, void *arg) {
  struct app *a = arg;
  http_req_set_log_path(r, "/v3/links/[redacted]"); /* the token is a bearer secret */
  const char *param = http_req_param(r, 0);
  const char *dot = strrchr(param, '.');
  size_t len = dot ? (size_t)(dot - param) : strlen(param);
  int64_t now = clock_now(), report_id = 0, expires = 0;
  enum link_status st = linksign_check(a->link_key, param, len, now, &report_id, &expires);
  if (st != LINK_OK) {
    log_info("request %s: link refused (%s)", http_req_id(r),
             st == LINK_EXPIRED         ? "expired"
             : st == LINK_BAD_SIGNATURE ? "bad signature"
                                        : "malformed");
    refuse(r);
    return;
  }
  struct sb_err err = {""};
  struct store *s = store_pool_get(a->pool, &err);
  struct report rep;
  int found = s ? store_report_by_id(s, report_id, &rep, &err) : -1;
  if (found == 0) {
    refuse(r);
    return;
  }
  if (found == 1) {
    struct disclosure_set ds;
    disclosure_set_init(&ds, NULL, r, "link", now);
    if (disclosure_set_add(&ds, rep.ssid, rep.id) != 0 ||
        disclosure_set_commit(&ds, s, &err) != 0) {
      if (err.msg[0] == '\0') sb_err_set(&err, "out of memory");
      found = -1;
    }
    disclosure_set_free(&ds);
  }
  int64_t size = 0;
  int fd = found == 1 ? blob_open_read(a->blobs, rep.sha256, &size, &err) : -1;
  if (fd < 0) {
    log_error("request %s: link: %s", http_req_id(r), err.msg);
    http_respond_error(r, 500, MSG_INTERNAL);
    return;
  }
  const char *ext = link_extension(rep.content_type);
  char hdr[1200];
  snprintf(hdr, sizeof hdr, "inline; filename=\"%s-%d-%s-%s.%s\"", rep.type, rep.year, rep.lang,
           rep.format, ext);
  http_add_header(r, "Content-Disposition", hdr);
  snprintf(hdr, sizeof hdr, "private, max-age=%lld", (long long)(expires - now));
  http_add_header(r, "Cache-Control", hdr);
  snprintf(hdr, sizeof hdr, "frame-ancestors %s", a->cfg.frame_ancestors);
  http_add_header(r, "Content-Security-Policy", hdr);
  snprintf(hdr, sizeof hdr, "\"%s\"", rep.sha256);
  http_add_header(r, "ETag", hdr);
  http_add_header(r, "Accept-Ranges", "bytes");
  http_add_header(r, "Referrer-Policy", "no-referrer");

  int64_t first = 0, last = size - 1;
  switch (range_parse(http_req_header(r, "Range"), size, &first, &last)) {
  case RANGE_NONE:
    http_respond_fd(r, 200, fd, 0, (uint64_t)size, rep.content_type);
    return;
  case RANGE_UNSATISFIABLE:
    close(fd);
    snprintf(hdr, sizeof hdr, "bytes */%lld", (long long)size);
    http_add_header(r, "Content-Range", hdr);
    http_respond_bytes(r, 416, "", 0, NULL);
    return;
  case RANGE_OK:
    snprintf(hdr, sizeof hdr, "bytes %lld-%lld/%lld", (long long)first, (long long)last,
             (long long)size);
    http_add_header(r, "Content-Range", hdr);
    http_respond_fd(r, 206, fd, (uint64_t)first, (uint64_t)(last - first + 1), rep.content_type);
    return;
  }
}
