/* fuzz_scorefile.c - libFuzzer target for the Student Score Data File reader.
 *
 * The first input byte picks options (caller's basis and year, a file name hint, the feed
 * size); the rest is the file. Invariants: no crash or leak; every kept issue has a
 * level, a line >= 0 and a reason; rejected iff errors > 0; errors + warnings >= issues
 * kept; every record handed over has NUL-terminated text fields of the documented
 * shapes; feeding one byte at a time gives the same outcome as one chunk. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "domain/ids.h"
#include "ingest/scorefile.h"

#define CHECK(x)                                                                                   \
  do {                                                                                             \
    if (!(x)) __builtin_trap();                                                                    \
  } while (0)

static bool nul_within(const char *s, size_t cap) {
  return memchr(s, '\0', cap) != NULL;
}

struct digest {
  uint64_t h;
  long n;
};

static void mix(struct digest *d, const void *p, size_t n) {
  const unsigned char *u = p;
  for (size_t i = 0; i < n; i++)
    d->h = (d->h ^ u[i]) * 1099511628211ull;
}

static int on_row(void *ctx, const struct score_record *r, struct sb_err *err) {
  (void)err;
  struct digest *d = ctx;
  CHECK(nul_within(r->record_type, sizeof r->record_type) && nul_within(r->ssid, sizeof r->ssid));
  CHECK(nul_within(r->uin, sizeof r->uin) && nul_within(r->lea, sizeof r->lea));
  CHECK(nul_within(r->school, sizeof r->school) && nul_within(r->tested_lea, sizeof r->tested_lea));
  CHECK(nul_within(r->tested_school, sizeof r->tested_school));
  CHECK(nul_within(r->grade_assessed, sizeof r->grade_assessed));
  CHECK(nul_within(r->calpads_grade, sizeof r->calpads_grade));
  CHECK(nul_within(r->ethnicity, sizeof r->ethnicity) && nul_within(r->elas, sizeof r->elas));
  CHECK(nul_within(r->parent_education, sizeof r->parent_education));
  CHECK(nul_within(r->condition_code, sizeof r->condition_code));
  CHECK(nul_within(r->lexile, sizeof r->lexile));
  CHECK(ids_valid_ssid(r->ssid));
  CHECK(r->lea[0] == '\0' || ids_valid_lea(r->lea));
  CHECK(r->tested_lea[0] == '\0' || ids_valid_lea(r->tested_lea));
  CHECK(r->family >= SCORE_CAASPP && r->family <= SCORE_INITIAL_ELPAC);
  CHECK(r->scale_score >= 0 && r->scale_score <= 99999 && r->level >= 0 && r->level <= 9);
  d->n++;
  mix(d, r, sizeof *r);
  return 0;
}

static uint64_t run(const uint8_t *data, size_t size, const struct scorefile_opts *o, size_t step) {
  struct digest d = {1469598103934665603ull, 0};
  struct sb_err err = {{0}};
  struct scorefile *f = scorefile_new(o, on_row, &d, &err);
  CHECK(f != NULL);
  for (size_t i = 0; i < size; i += step)
    CHECK(scorefile_feed(f, data + i, size - i < step ? size - i : step, &err) == 0);
  CHECK(scorefile_finish(f, &err) == 0);
  const struct scorefile_info *in = scorefile_info(f);
  size_t n;
  const struct score_issue *is = scorefile_issues(f, &n);
  CHECK(scorefile_rejected(f) == (in->errors > 0));
  CHECK((size_t)(in->errors + in->warnings) >= n);
  CHECK(in->valid_rows <= in->rows && in->valid_rows == d.n);
  CHECK(in->lea[0] == '\0' || ids_valid_lea(in->lea));
  long errors = 0;
  for (size_t i = 0; i < n; i++) {
    CHECK(is[i].level == SCORE_ERROR || is[i].level == SCORE_WARNING);
    CHECK(is[i].line >= 0);
    CHECK(nul_within(is[i].column, sizeof is[i].column));
    CHECK(nul_within(is[i].reason, sizeof is[i].reason) && is[i].reason[0] != '\0');
    errors += is[i].level == SCORE_ERROR;
    mix(&d, &is[i], sizeof is[i].level + sizeof is[i].line);
    mix(&d, is[i].column, strlen(is[i].column));
    mix(&d, is[i].reason, strlen(is[i].reason));
  }
  CHECK(errors <= in->errors);
  mix(&d, in, sizeof *in);
  scorefile_free(f);
  return d.h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  static const char *const NAMES[] = {
      NULL, "19647330000000_CAASPP_Student_Score_Data_File_TestedStudentScoreData_2025_DLMTR.CSV",
      "19647330000000_Summative_ELPAC_Student_Score_Data_File_EnrolledStudentScoreData_2024_"
      "DLMTR.CSV",
      "x_Initial_ELPAC_2023.csv"};
  uint8_t sel = data[0];
  struct scorefile_opts o = {
      .file_name = NAMES[sel & 3],
      .basis = (enum score_basis)((sel >> 2) % 3),
      .year = (sel & 0x10) ? 2025 : 0,
      .max_issues = (sel & 0x20) ? 3 : 0,
  };
  data++;
  size--;
  uint64_t whole = run(data, size, &o, size ? size : 1);
  CHECK(run(data, size, &o, 1) == whole);
  size_t step = (size_t)(sel >> 6) * 13 + 5;
  CHECK(run(data, size, &o, step) == whole);
  return 0;
}
