/* upload_json.c - see upload_json.h. */
#include "api/upload_json.h"

#include <stdio.h>

#include "domain/window.h"
#include "ingest/score_import.h"
#include "ingest/scorefile.h"
#include "util/clock.h"

json_t *upload_json(const struct score_upload *u) {
  char created[32], updated[32], errors_csv[64];
  clock_format_iso(u->created_at, created, sizeof created);
  clock_format_iso(u->updated_at, updated, sizeof updated);
  snprintf(errors_csv, sizeof errors_csv, "/api/files/%lld/errors.csv", (long long)u->id);
  bool archived = u->year && score_year_archived(u->year, clock_yyyymmdd(clock_now()));
  return json_pack(
      "{s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:i, s:s, s:s, s:I, s:I, s:I, s:I, s:s, s:b, s:I, s:I, "
      "s:s, s:s, s:s, s:b}",
      "id", (json_int_t)u->id, "status", upload_status_name(u->status), "file", u->file_name,
      "size", (json_int_t)u->size, "sha256", u->sha256, "family",
      u->family ? score_family_name(u->family) : "", "basis",
      u->basis ? score_basis_name(u->basis) : "", "year", u->year, "lea", u->lea, "uploaded_by",
      u->uploaded_by, "rows", (json_int_t)u->rows, "loaded", (json_int_t)u->loaded, "errors",
      (json_int_t)u->errors, "warnings", (json_int_t)u->warnings, "message", u->message, "current",
      u->current, "replaces", (json_int_t)u->replaces, "duplicate_of", (json_int_t)u->duplicate_of,
      "created_at", created, "updated_at", updated, "errors_csv", errors_csv, "archived", archived);
}
