/* listing.h - the compact per-student report listing a storage backend keeps beside its
 * report table.
 *
 * Listing a student's reports is the API's hot path (bench/api). Reading them as rows
 * means an index search with text-key comparisons and a dozen column decodes per report,
 * often over two leaf pages; a backend instead keeps one record per student holding the
 * listing fields of all of that student's reports, already in the order store.h promises,
 * and rebuilds it whenever one of them changes. This module is that record's format and
 * nothing else: pure functions, no I/O.
 *
 * Format (version 1), all integers little-endian:
 *   u8 version (1), u16 count, then count entries of
 *   i64 id, u16 year, u8 final (0/1), then six strings each as u8 length + bytes (no NUL):
 *   type, lang, format, content_area, grade, content_type.
 * Each string must fit its field in struct report (length < sizeof field). */
#ifndef SB_STORE_LISTING_H
#define SB_STORE_LISTING_H

#include <stddef.h>

#include "domain/report.h"
#include "util/buf.h"
#include "util/err.h"

/* Most reports one student can have (the codec's u16 count). */
#define LISTING_MAX_REPORTS 65535

/* Sorts reports into the listing order: newest year first, then type, English before
 * other languages, then language, PDF before HTML before VIDEO, then content area. */
void listing_sort(struct report *reports, size_t n);

/* Appends the encoding of reports[0..n) (in the order given) to out. Returns 0, or -1
 * with err when n is too large, a field is too long or out's limit is reached. */
int listing_encode(const struct report *reports, size_t n, struct buf *out, struct sb_err *err);

/* Decodes an encoding of len bytes. On success returns 0, *reports is a malloc'ed array
 * of *n reports owned by the caller (NULL when *n is 0), each with its listing fields and
 * content_type set, ssid copied from the argument, and sha256/size/updated_at empty.
 * Returns -1 with err (and *reports NULL) when the bytes are not a valid encoding. */
int listing_decode(const unsigned char *data, size_t len, const char *ssid, struct report **reports,
                   size_t *n, struct sb_err *err);

#endif
