/* fuzz_range.c - libFuzzer target for range_parse (src/http/range.h): the input as a C
 * string against a few file sizes. Traps when a RANGE_OK result is not a valid range of
 * the file, or when the result is not one of the three values. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http/range.h"

static void check(int ok) {
  if (!ok) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 1024) return 0;
  char *s = malloc(size + 1);
  if (s == NULL) return 0;
  memcpy(s, data, size);
  s[size] = '\0';
  static const int64_t sizes[] = {0, 1, 2, 100, 1000, INT64_C(1) << 40, INT64_MAX};
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    int64_t first = -1, last = -1;
    enum range_result r = range_parse(s, sizes[i], &first, &last);
    check(r == RANGE_NONE || r == RANGE_OK || r == RANGE_UNSATISFIABLE);
    if (r == RANGE_OK) {
      check(first >= 0);
      check(first <= last);
      check(last < sizes[i]);
    }
    /* a file of size 0 has no satisfiable range */
    if (sizes[i] == 0) check(r != RANGE_OK);
  }
  /* anything not starting (after spaces) with "bytes=" is ignored */
  const char *p = s;
  while (*p == ' ')
    p++;
  if (strncasecmp(p, "bytes=", 6) != 0) {
    int64_t first, last;
    check(range_parse(s, 1000, &first, &last) == RANGE_NONE);
  }
  free(s);
  return 0;
}
