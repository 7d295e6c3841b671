/* fuzz_query.c - libFuzzer target for the score-reports query filter
 * (src/domain/report_query.h): the input is split into key=value pairs on '&' and the
 * first '=', each copied and NUL-terminated, then parsed and matched against fixed
 * reports. Traps when a parsed filter breaks the header's contract. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/codes.h"
#include "domain/report_query.h"
#include "fuzz_args.h"

static void check(bool ok) {
  if (!ok) __builtin_trap();
}

/* A parsed code must be the table's own static spelling (or NULL). */
static void check_code(enum code_table t, const char *c) {
  if (c == NULL) return;
  check(codes_canonical(t, c) == c);
}

static struct report mkreport(const char *type, const char *lang, int year, const char *format,
                              bool final) {
  struct report r;
  memset(&r, 0, sizeof r);
  r.id = 1;
  memcpy(r.ssid, "1234567890", 11);
  strncpy(r.type, type, sizeof r.type - 1);
  strncpy(r.lang, lang, sizeof r.lang - 1);
  r.year = year;
  strncpy(r.format, format, sizeof r.format - 1);
  memcpy(r.content_area, "ELA,MATH", 9);
  memcpy(r.grade, "04", 3);
  r.final = final;
  return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 4096) return 0;
  struct fuzz_args fa;
  if (fuzz_args_split(data, size, &fa) != 0) return 0;
  const struct query_arg *args = fa.v;
  size_t n = fa.n;

  struct report_filter f;
  struct sb_err err;
  err.msg[0] = '\0';
  int rc = report_filter_parse(args, n, &f, &err);
  check(rc == 0 || rc == -1);
  if (rc == -1) {
    check(err.msg[0] != '\0');
    check(memchr(err.msg, '\0', sizeof err.msg) != NULL);
  } else {
    check_code(CODE_TYPE, f.type);
    check_code(CODE_LANG, f.lang);
    check_code(CODE_FORMAT, f.format);
    check(f.format == NULL || strcmp(f.format, "ALL") != 0);
    check(f.year == 0 || (f.year >= 1000 && f.year <= 9999));
    check(f.final >= -1 && f.final <= 1);

    const struct report reps[] = {
        mkreport("CAASPP", "EN", 2025, "PDF", true),
        mkreport("CAST", "ES", 2024, "HTML", false),
        mkreport("LEXQUAN", "EN", 2024, "PDF", true),
        mkreport("CAASPP", "AR", 2025, "VIDEO", true),
        mkreport("CAASPP", "EN", 2024, "VIDEO", true),
        mkreport("STS", "ES", 2018, "PDF", false),
    };
    for (size_t i = 0; i < sizeof reps / sizeof reps[0]; i++) {
      const struct report *r = &reps[i];
      bool m = report_filter_match(&f, r);
      if (!m) continue;
      /* a match honours every set field */
      check(f.year == 0 || r->year == f.year);
      check(f.final < 0 || (int)r->final == f.final);
      check(f.type == NULL || (strcmp(codes_canonical(CODE_TYPE, r->type), f.type) == 0 &&
                               codes_applies(CODE_TYPE, f.type, r->year)));
      check(f.lang == NULL ||
            (strcmp(r->lang, f.lang) == 0 && codes_applies(CODE_LANG, f.lang, r->year)));
      check(f.format == NULL ||
            (strcmp(r->format, f.format) == 0 && codes_applies(CODE_FORMAT, f.format, r->year)));
    }
    /* the empty filter matches everything */
    struct report_filter none = {NULL, NULL, NULL, 0, -1};
    check(report_filter_match(&none, &reps[0]));
  }

  fuzz_args_free(&fa);
  return 0;
}
