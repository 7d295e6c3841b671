/* fuzz_manifest.c - libFuzzer target for the score-report manifest reader.
 *
 * 1. manifest_read_buffer over the input: no crash, no leak, and every row it accepts
 *    satisfies the documented rules (checked again here independently).
 * 2. Differential: csvread with the manifest's options (comma, UTF-8 required) over the
 *    same input whole, whole with libcsv only (no fast path), one byte at a time and
 *    split at an input-chosen point must give the same records and messages. A
 *    difference traps. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/codes.h"
#include "domain/ids.h"
#include "ingest/csvread.h"
#include "ingest/manifest.h"

#define CHECK(x)                                                                                   \
  do {                                                                                             \
    if (!(x)) __builtin_trap();                                                                    \
  } while (0)

#define BASE "/base"

static int on_row(void *ctx, size_t line, const struct manifest_row *r, struct sb_err *err) {
  (void)ctx;
  (void)err;
  CHECK(line >= 2);
  CHECK(ids_valid_ssid(r->ssid));
  CHECK(r->year >= 1990 && r->year <= 2100);
  CHECK(codes_applies(CODE_TYPE, r->type, r->year));
  CHECK(strcmp(codes_canonical(CODE_TYPE, r->type), r->type) == 0);
  CHECK(codes_applies(CODE_LANG, r->lang, r->year));
  CHECK(codes_applies(CODE_FORMAT, r->format, r->year) && strcmp(r->format, "ALL") != 0);
  CHECK(codes_valid_content_area_list(r->content_area));
  CHECK(codes_valid_grade(r->grade));
  size_t n = strlen(r->path);
  CHECK(n >= 1 && n <= MANIFEST_PATH_MAX);
  for (size_t i = 0; i < n; i++)
    CHECK((unsigned char)r->path[i] >= 0x20 && r->path[i] != 0x7f);
  if (r->path[0] == '/')
    CHECK(strcmp(r->resolved, r->path) == 0);
  else
    CHECK(strncmp(r->resolved, BASE "/", sizeof BASE) == 0 &&
          strcmp(r->resolved + sizeof BASE, r->path) == 0);
  return 0;
}

static int on_err(void *ctx, size_t line, const char *msg) {
  (void)ctx;
  CHECK(line >= 2);
  CHECK(strncmp(msg, "line ", 5) == 0);
  return 0;
}

struct digest {
  uint64_t h;
};

static void mix(struct digest *d, const void *p, size_t n) {
  const unsigned char *u = p;
  for (size_t i = 0; i < n; i++)
    d->h = (d->h ^ u[i]) * 1099511628211ull;
}

static int dig_rec(void *ctx, const struct csvread_record *r, struct sb_err *err) {
  (void)err;
  struct digest *d = ctx;
  mix(d, &r->line, sizeof r->line);
  mix(d, &r->nfields, sizeof r->nfields);
  for (size_t i = 0; i < r->nfields; i++) {
    CHECK(strlen(r->fields[i]) == r->lens[i]);
    CHECK(csvread_utf8_valid(r->fields[i], r->lens[i]));
    mix(d, r->fields[i], r->lens[i] + 1);
  }
  return 0;
}

static const struct csvread_opts OPTS = {
    .delim = ',',
    .utf8 = true,
    .max_fields = 12,
    .max_field_len = 256,
    .max_record_len = 1024,
};

static uint64_t run_split(const uint8_t *data, size_t size, size_t step, size_t cut,
                          bool libcsv_only) {
  struct digest d = {1469598103934665603ull};
  struct sb_err err = {{0}};
  struct csvread_opts o = OPTS;
  o.libcsv_only = libcsv_only;
  struct csvread *r = csvread_new(&o, dig_rec, &d, &err);
  CHECK(r != NULL);
  int rc = 0;
  if (step) {
    for (size_t i = 0; i < size && rc == 0; i += step)
      rc = csvread_feed(r, data + i, size - i < step ? size - i : step, &err);
  } else {
    rc = csvread_feed(r, data, cut, &err);
    if (rc == 0) rc = csvread_feed(r, data + cut, size - cut, &err);
  }
  if (rc == 0) rc = csvread_finish(r, &err);
  csvread_free(r);
  mix(&d, &rc, sizeof rc);
  if (rc != 0) mix(&d, err.msg, strlen(err.msg));
  return d.h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct sb_err err = {{0}};
  int rc = manifest_read_buffer(data, size, BASE, on_row, on_err, NULL, &err);
  CHECK(rc == 0 || (rc == -1 && err.msg[0] != '\0'));

  uint64_t whole = run_split(data, size, size ? size : 1, 0, false);
  CHECK(run_split(data, size, size ? size : 1, 0, true) == whole);
  CHECK(run_split(data, size, 1, 0, false) == whole);
  size_t cut = size ? (size_t)data[0] * 31 % (size + 1) : 0;
  CHECK(run_split(data, size, 0, cut, false) == whole);
  return 0;
}
