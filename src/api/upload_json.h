/* upload_json.h - the JSON shape of a score data file upload, one for every surface that
 * shows uploads: the Files API (files.c, which adds live progress) and `scorebridge scores
 * --json`. */
#ifndef SB_API_UPLOAD_JSON_H
#define SB_API_UPLOAD_JSON_H

#include <jansson.h>

#include "store/store.h"

/* A new JSON object (the caller owns the reference): id, status, file, size, sha256,
 * family, basis, year, lea, uploaded_by, counts, message, current, replaces,
 * duplicate_of, created_at, updated_at, errors_csv (the path of the problem report) and
 * archived (a year before the current administration year and the two before it).
 * Returns NULL when out of memory. */
json_t *upload_json(const struct score_upload *u);

#endif
