/* links.h - temporary links to report files: building their URLs (score_reports.c) and
 * serving them (GET /v3/links/{token}.{ext}). */
#ifndef SB_API_LINKS_H
#define SB_API_LINKS_H

#include <stddef.h>
#include <stdint.h>

#include "api/app.h"
#include "domain/report.h"

/* Writes the absolute URL of a link to report r valid until expires (Unix seconds):
 * <public_url>/v3/links/<opaque token>.<ext>. Returns 0 or -1 (does not fit). */
int link_url(const struct app *a, const struct report *r, int64_t expires, char *out, size_t n);

/* The file name extension for a content type ("pdf", "html", "mp4", "bin"). */
const char *link_extension(const char *content_type);

#endif
