/* links.h - temporary links to report files: building their URLs and the report items
 * that carry them (score_reports.c, changes.c) and serving them (GET
 * /v3/links/{token}.{ext}). */
#ifndef SB_API_LINKS_H
#define SB_API_LINKS_H

#include <stddef.h>
#include <stdint.h>

#include "api/app.h"
#include "domain/report.h"

/* Writes the absolute URL of a link to report r valid until expires (Unix seconds):
 * <public_url>/v3/links/<opaque token>.<ext>. Returns 0 or -1 (does not fit). */
int link_url(const struct app *a, const struct report *r, int64_t expires, char *out, size_t n);

/* Appends the fields every score-report item of the API carries - "type", "lang",
 * "year", "format", "content area", "grade", "final" and "url" (a link valid until
 * expires) - to b, with a leading comma unless first. The caller writes the braces and
 * any fields of its own. Returns 0, or -1 when the link or b does not fit. */
struct buf;
int link_report_fields(struct buf *b, int first, const struct app *a, const struct report *r,
                       int64_t expires);

/* The file name extension for a content type ("pdf", "html", "mp4", "bin"). */
const char *link_extension(const char *content_type);

#endif
