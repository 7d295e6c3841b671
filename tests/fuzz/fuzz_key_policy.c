/* fuzz_key_policy.c - libFuzzer target for the recorded key policy line
 * (src/auth/key_policy.h). Traps when a result breaks the header's contract: an accepted
 * line holds values within range, formats back to a line that parses to the same values,
 * and the effective lifetime is never below the caller's own or the record's; a refused
 * line leaves a message. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "auth/key_policy.h"

static void check(bool ok) {
  if (!ok) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > 256) return 0;
  struct key_policy p, q;
  struct sb_err err;
  err.msg[0] = '\0';
  if (key_policy_parse((const char *)data, size, &p, &err) != 0) {
    check(err.msg[0] != '\0' && memchr(err.msg, '\0', sizeof err.msg) != NULL);
    return 0;
  }
  check(p.token_ttl >= 60 && p.token_ttl <= 86400 && p.leeway >= 0 && p.leeway <= 3600);
  char line[KEY_POLICY_LINE_MAX];
  size_t len = key_policy_format(&p, line, sizeof line);
  check(len > 0 && line[len - 1] == '\n');
  check(key_policy_parse(line, len, &q, &err) == 0);
  check(memcmp(&p, &q, sizeof p) == 0);
  int64_t ttl, lw;
  key_policy_effective(&p, 60, 0, 0, &ttl, &lw);
  check(ttl >= p.token_ttl && lw >= p.leeway);
  check(p.carry_until <= 0 || (ttl >= p.carry_ttl && lw >= p.carry_leeway));
  /* a server starting at 0 with the shortest lifetime carries at least the record's */
  struct key_policy next;
  key_policy_next(&p, 60, 0, 0, &next);
  key_policy_effective(&next, 60, 0, 0, &ttl, &lw);
  check(ttl >= p.token_ttl && lw >= p.leeway);
  return 0;
}
