/* fuzz_form.c - libFuzzer target for form bodies (src/http/form.h) and body framing
 * (src/http/body.h). The input is a form body; the first line of it, when there is one,
 * also serves as a Content-Length value. Traps when a result breaks the header's
 * contract: a found field decodes to at most cap-1 bytes with no NUL inside, a body that
 * validates gives every field name a definite answer, decoding never writes past cap. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/body.h"
#include "http/form.h"

static void check(bool ok) {
  if (!ok) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 8192) return 0;
  const char *body = (const char *)data;
  struct sb_err err;
  err.msg[0] = '\0';

  /* decoding: into a tight buffer and a roomy one */
  char small[16], *big = malloc(size + 1);
  if (big == NULL) return 0;
  long n = form_decode(body, size, big, size + 1, &err);
  check(n >= -1 && n <= (long)size);
  if (n >= 0) {
    check(big[n] == '\0');
    check(memchr(big, '\0', (size_t)n) == NULL);
  } else {
    check(err.msg[0] != '\0');
  }
  long m = form_decode(body, size, small, sizeof small, &err);
  check(m < (long)sizeof small);
  if (n >= 0 && n < (long)sizeof small) check(m == n && memcmp(small, big, (size_t)n + 1) == 0);

  /* fields */
  long nf = form_validate(body, size, &err);
  check(nf >= -1 && nf <= 64);
  static const char *const names[] = {"username", "password", "csrf", "a", ""};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    char out[64];
    int rc = form_field(body, size, names[i], out, sizeof out, &err);
    check(rc >= -1 && rc <= 1);
    if (nf < 0) check(rc == -1);
    if (rc >= 0) check(memchr(out, '\0', sizeof out) != NULL);
    if (rc == 0) check(out[0] == '\0');
  }

  /* framing: the first line as a Content-Length */
  const char *nl = memchr(body, '\n', size);
  size_t ll = nl ? (size_t)(nl - body) : size;
  if (ll < 32) {
    char cl[32];
    memcpy(cl, body, ll);
    cl[ll] = '\0';
    struct body_plan p;
    enum body_verdict v = body_plan_init(&p, cl, 1, NULL, 1000);
    check(v == BODY_OK || v == BODY_BAD_FRAMING || v == BODY_TOO_LARGE);
    if (v == BODY_OK) {
      check(p.has_length && p.length <= 1000);
      uint64_t total = 0;
      for (size_t i = 0; i < size && i < 64; i++) {
        enum body_verdict c = body_count(&p, data[i]);
        total += data[i];
        check(c == ((total <= p.length) ? BODY_OK : BODY_TOO_LARGE) || total > p.length);
        if (c != BODY_OK) break;
      }
    }
  }
  free(big);
  return 0;
}
