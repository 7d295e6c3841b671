/* assets.c - see assets.h. */
#include "web/assets.h"

#include <string.h>

const struct web_asset *web_asset_find(const char *path) {
  if (path == NULL) return NULL;
  for (size_t i = 0; i < web_nassets; i++)
    if (strcmp(web_assets[i].path, path) == 0) return &web_assets[i];
  return NULL;
}
