/* assets.h - the files of web/ (pages, CSS, JS), compiled into the binary at build time
 * (scripts/embed-web writes build/gen/web_assets.c), so the server needs no files on disk
 * and no CDN. Read-only static data; nothing to free.
 *
 * Paths are relative to web/: "login.html", "static/app.css". Pages are the .html files at
 * the top; everything under static/ is served as is under /static/. */
#ifndef SB_WEB_ASSETS_H
#define SB_WEB_ASSETS_H

#include <stddef.h>

struct web_asset {
  const char *path;
  const unsigned char *data; /* len bytes, then a NUL not counted in len */
  size_t len;
  const char *content_type;
  const char *etag; /* a quoted strong ETag from the content's SHA-256 */
};

extern const struct web_asset web_assets[];
extern const size_t web_nassets;

/* The asset at path, or NULL. */
const struct web_asset *web_asset_find(const char *path);

#endif
