/* fuzz_senr.c - libFuzzer target for the SENR reader and the CSV reader under it.
 *
 * 1. senr_read_buffer over the input: no crash, no leak, and every record it accepts
 *    satisfies the documented shapes (checked again here independently).
 * 2. Differential: csvread with the SENR options over the same input whole, whole with
 *    libcsv only (no fast path), one byte at a time and split in two at an input-chosen
 *    point must give the same records, line numbers and messages. A difference traps. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/ids.h"
#include "ingest/csvread.h"
#include "ingest/senr.h"
#include "util/clock.h"

#define CHECK(x)                                                                                   \
  do {                                                                                             \
    if (!(x)) __builtin_trap();                                                                    \
  } while (0)

struct state {
  size_t last_line;
};

static int on_rec(void *ctx, size_t line, const struct senr_record *r, struct sb_err *err) {
  (void)err;
  struct state *st = ctx;
  CHECK(line >= 1 && line > st->last_line);
  st->last_line = line;
  const struct enrollment_span *s = &r->span;
  CHECK(ids_valid_ssid(s->ssid) && ids_valid_lea(s->lea) && ids_valid_school(s->school));
  CHECK(clock_valid_yyyymmdd(s->start));
  CHECK(s->exit == 0 || clock_valid_yyyymmdd(s->exit));
  CHECK((s->exit == 0) == (s->exit_reason[0] == '\0'));
  CHECK(s->exit == 0 || s->exit >= s->start || strcmp(s->exit_reason, "N470") == 0);
  CHECK(s->status == 10 || s->status == 20 || s->status == 30 || s->status == 50);
  CHECK(s->status != 20 || s->exit == 0 || strcmp(s->exit_reason, "E170") == 0);
  CHECK(strlen(s->grade) == 2);
  CHECK(s->academic_year >= 1990 && s->academic_year <= 2100);
  CHECK(r->txn == SENR_ADD || r->txn == SENR_DELETE || r->txn == SENR_REPLACE);
  CHECK(r->completion_status[0] == '\0' || strcmp(s->exit_reason, "E230") == 0);
  return 0;
}

static int on_err(void *ctx, size_t line, const char *msg) {
  struct state *st = ctx;
  CHECK(line >= 1 && line > st->last_line);
  st->last_line = line;
  CHECK(strncmp(msg, "line ", 5) == 0);
  return 0;
}

/* FNV-1a over every record and the outcome. */
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
  mix(d, &r->delim, 1);
  for (size_t i = 0; i < r->nfields; i++) {
    CHECK(strlen(r->fields[i]) == r->lens[i]);
    mix(d, r->fields[i], r->lens[i] + 1);
  }
  return 0;
}

static const struct csvread_opts OPTS = {
    .detect_delim = true,
    .max_fields = SENR_NFIELDS,
    .max_field_len = 512,
    .max_record_len = 2048,
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
  struct state st = {0};
  struct sb_err err = {{0}};
  int rc = senr_read_buffer(data, size, on_rec, on_err, &st, &err);
  CHECK(rc == 0 || (rc == -1 && err.msg[0] != '\0'));

  uint64_t whole = run_split(data, size, size ? size : 1, 0, false);
  CHECK(run_split(data, size, size ? size : 1, 0, true) == whole);
  CHECK(run_split(data, size, 1, 0, false) == whole);
  size_t cut = size ? (size_t)data[0] * 31 % (size + 1) : 0;
  CHECK(run_split(data, size, 0, cut, false) == whole);
  return 0;
}
