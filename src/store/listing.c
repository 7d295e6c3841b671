/* listing.c - the per-student report listing record (format in listing.h). */
#include "store/listing.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define LISTING_VERSION 1

static int format_rank(const char *f) {
  return strcmp(f, "PDF") == 0 ? 0 : strcmp(f, "HTML") == 0 ? 1 : 2;
}

static int report_order(const void *pa, const void *pb) {
  const struct report *a = pa, *b = pb;
  int c;
  if (a->year != b->year) return a->year > b->year ? -1 : 1;
  if ((c = strcmp(a->type, b->type)) != 0) return c;
  int ae = strcmp(a->lang, "EN") != 0, be = strcmp(b->lang, "EN") != 0;
  if (ae != be) return ae - be;
  if ((c = strcmp(a->lang, b->lang)) != 0) return c;
  if ((c = format_rank(a->format) - format_rank(b->format)) != 0) return c;
  return strcmp(a->content_area, b->content_area);
}

void listing_sort(struct report *reports, size_t n) {
  if (n > 1) qsort(reports, n, sizeof *reports, report_order);
}

/* --- encoding --- */

static void put_le(unsigned char *p, uint64_t v, size_t width) {
  for (size_t i = 0; i < width; i++)
    p[i] = (unsigned char)(v >> (8 * i));
}

static int put_str(struct buf *out, const char *s, size_t field, const char *name,
                   struct sb_err *err) {
  size_t len = strlen(s);
  if (len >= field || len > 255) return sb_err_set(err, "listing: %s is too long", name);
  unsigned char l = (unsigned char)len;
  if (buf_append(out, &l, 1) || buf_append(out, s, len))
    return sb_err_set(err, "listing: out of memory");
  return 0;
}

int listing_encode(const struct report *reports, size_t n, struct buf *out, struct sb_err *err) {
  if (n > LISTING_MAX_REPORTS)
    return sb_err_set(err, "listing: %zu reports for one student (at most %d)", n,
                      LISTING_MAX_REPORTS);
  unsigned char head[3] = {LISTING_VERSION};
  put_le(head + 1, n, 2);
  if (buf_append(out, head, sizeof head)) return sb_err_set(err, "listing: out of memory");
  for (size_t i = 0; i < n; i++) {
    const struct report *r = &reports[i];
    if (r->year < 0 || r->year > UINT16_MAX)
      return sb_err_set(err, "listing: year %d out of range", r->year);
    unsigned char fixed[11];
    put_le(fixed, (uint64_t)r->id, 8);
    put_le(fixed + 8, (uint64_t)r->year, 2);
    fixed[10] = r->final ? 1 : 0;
    if (buf_append(out, fixed, sizeof fixed)) return sb_err_set(err, "listing: out of memory");
    if (put_str(out, r->type, sizeof r->type, "type", err) ||
        put_str(out, r->lang, sizeof r->lang, "lang", err) ||
        put_str(out, r->format, sizeof r->format, "format", err) ||
        put_str(out, r->content_area, sizeof r->content_area, "content area", err) ||
        put_str(out, r->grade, sizeof r->grade, "grade", err) ||
        put_str(out, r->content_type, sizeof r->content_type, "content type", err))
      return -1;
  }
  return 0;
}

/* --- decoding --- */

struct reader {
  const unsigned char *p, *end;
};

static uint64_t get_le(struct reader *rd, size_t width) {
  uint64_t v = 0;
  for (size_t i = 0; i < width; i++)
    v |= (uint64_t)rd->p[i] << (8 * i);
  rd->p += width;
  return v;
}

static bool has(const struct reader *rd, size_t n) {
  return (size_t)(rd->end - rd->p) >= n;
}

static int get_str(struct reader *rd, char *dst, size_t field) {
  if (!has(rd, 1)) return -1;
  size_t len = rd->p[0];
  rd->p++;
  if (len >= field || !has(rd, len) || memchr(rd->p, '\0', len) != NULL) return -1;
  memcpy(dst, rd->p, len);
  dst[len] = '\0';
  rd->p += len;
  return 0;
}

int listing_decode(const unsigned char *data, size_t len, const char *ssid, struct report **reports,
                   size_t *n, struct sb_err *err) {
  *reports = NULL;
  *n = 0;
  struct reader rd = {data, data + len};
  size_t ssid_len = strnlen(ssid, sizeof((struct report *)0)->ssid - 1);
  if (data == NULL || !has(&rd, 3) || data[0] != LISTING_VERSION)
    return sb_err_set(err, "listing for %s: unknown format", ssid);
  rd.p++;
  size_t count = (size_t)get_le(&rd, 2);
  if (count == 0)
    return rd.p == rd.end ? 0 : sb_err_set(err, "listing for %s: trailing bytes", ssid);
  /* The smallest entry is 17 bytes: refuse a count the data cannot hold before allocating. */
  if (!has(&rd, count * 17)) return sb_err_set(err, "listing for %s: truncated", ssid);
  struct report *out = malloc(count * sizeof *out);
  if (out == NULL) return sb_err_set(err, "out of memory");
  for (size_t i = 0; i < count; i++) {
    struct report *r = &out[i];
    memset(r, 0, sizeof *r);
    memcpy(r->ssid, ssid, ssid_len);
    if (!has(&rd, 11)) goto bad;
    r->id = (int64_t)get_le(&rd, 8);
    r->year = (int)get_le(&rd, 2);
    unsigned final = rd.p[0];
    rd.p++;
    if (final > 1) goto bad;
    r->final = final == 1;
    if (get_str(&rd, r->type, sizeof r->type) || get_str(&rd, r->lang, sizeof r->lang) ||
        get_str(&rd, r->format, sizeof r->format) ||
        get_str(&rd, r->content_area, sizeof r->content_area) ||
        get_str(&rd, r->grade, sizeof r->grade) ||
        get_str(&rd, r->content_type, sizeof r->content_type))
      goto bad;
  }
  if (rd.p != rd.end) goto bad;
  *reports = out;
  *n = count;
  return 0;
bad:
  free(out);
  return sb_err_set(err, "listing for %s: corrupt entry", ssid);
}
