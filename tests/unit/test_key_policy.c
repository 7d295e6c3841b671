/* test_key_policy.c - the recorded key policy (src/auth/key_policy.h): a server starting
 * with a shorter lifetime carries the previous one for as long as its tokens may live, a
 * longer one replaces it, the effective values are never below anyone's, the line's round
 * trip, every rejection of the parser, and the file read/record in a temporary directory. */
#include "testutil.h"

#include <unistd.h>

#include "auth/key_policy.h"

static void test_next_and_effective(void **state) {
  (void)state;
  struct key_policy p, q;
  int64_t ttl, lw;
  /* first start: no carry */
  key_policy_next(NULL, 3600, 60, 1000, &p);
  assert_int_equal(p.token_ttl, 3600);
  assert_int_equal(p.leeway, 60);
  assert_int_equal(p.carry_until, 0);
  /* restart with a longer lifetime: nothing to carry */
  key_policy_next(&p, 7200, 60, 5000, &q);
  assert_int_equal(q.token_ttl, 7200);
  assert_int_equal(q.carry_until, 0);
  /* restart with a shorter one at 10000: the 7200 s tokens may live until 10000+7200+60 */
  key_policy_next(&q, 600, 60, 10000, &p);
  assert_int_equal(p.token_ttl, 600);
  assert_int_equal(p.carry_ttl, 7200);
  assert_int_equal(p.carry_leeway, 60);
  assert_int_equal(p.carry_until, 17260);
  key_policy_effective(&p, 600, 60, 17259, &ttl, &lw);
  assert_int_equal(ttl, 7200);
  key_policy_effective(&p, 600, 60, 17260, &ttl, &lw);
  assert_int_equal(ttl, 600); /* the carry is over */
  /* the CLI's own value counts when longer; no record: the CLI's own */
  key_policy_effective(&p, 3600, 30, 20000, &ttl, &lw);
  assert_int_equal(ttl, 3600);
  assert_int_equal(lw, 60);
  key_policy_effective(NULL, 900, 10, 0, &ttl, &lw);
  assert_int_equal(ttl, 900);
  assert_int_equal(lw, 10);
  /* another short restart at 12000 while the carry lasts: the carry stays */
  key_policy_next(&p, 300, 60, 12000, &q);
  assert_int_equal(q.token_ttl, 300);
  assert_int_equal(q.carry_ttl, 7200);
  assert_int_equal(q.carry_until, 17260);
  /* ... and after it ended: only the previous server's own 300+60 */
  key_policy_next(&q, 120, 0, 20000, &p);
  assert_int_equal(p.carry_ttl, 300);
  assert_int_equal(p.carry_leeway, 60);
  assert_int_equal(p.carry_until, 20360);
}

static void roundtrip(const struct key_policy *p, const char *want) {
  char line[KEY_POLICY_LINE_MAX];
  size_t len = key_policy_format(p, line, sizeof line);
  assert_int_equal(len, strlen(want));
  assert_string_equal(line, want);
  struct key_policy back;
  struct sb_err err = {{0}};
  assert_int_equal(key_policy_parse(line, len, &back, &err), 0);
  assert_memory_equal(&back, p, sizeof back);
}

static void test_line(void **state) {
  (void)state;
  roundtrip(&(struct key_policy){3600, 60, 0, 0, 0}, "3600 60\n");
  roundtrip(&(struct key_policy){600, 0, 7200, 60, 1790000000}, "600 0 7200 60 1790000000\n");
  char small[8];
  assert_int_equal(key_policy_format(&(struct key_policy){3600, 60, 0, 0, 0}, small, sizeof small),
                   0);
  struct key_policy p;
  struct sb_err err = {{0}};
  assert_int_equal(key_policy_parse("3600 60", 7, &p, &err), 0); /* no newline: fine */
}

static void rejects(const char *line, const char *why) {
  struct key_policy p = {1, 2, 3, 4, 5};
  struct sb_err err = {{0}};
  if (key_policy_parse(line, strlen(line), &p, &err) != -1) fail_msg("accepted \"%s\"", line);
  if (strstr(err.msg, why) == NULL)
    fail_msg("\"%s\": message \"%s\" lacks \"%s\"", line, err.msg, why);
  assert_int_equal(p.token_ttl, 1); /* untouched */
}

static void test_rejections(void **state) {
  (void)state;
  rejects("", "field 1 (token_ttl): not a number");
  rejects("\n", "field 1 (token_ttl): not a number");
  rejects("x 60", "field 1 (token_ttl)");
  rejects("-3600 60", "field 1 (token_ttl)");
  rejects("3600", "1 fields");
  rejects("3600 ", "field 2 (leeway)");
  rejects("3600  60", "field 2 (leeway)");
  rejects("3600,60", "after field 1 (token_ttl): expected a space");
  rejects("3600 60 7200", "3 fields");
  rejects("3600 60 7200 60", "4 fields");
  rejects("3600 60 7200 60 99 1", "more than 5 fields");
  rejects("3600 60\n\n", "after field 2 (leeway)");
  rejects("59 60", "token_ttl 59 out of 60..86400");
  rejects("86401 60", "token_ttl 86401");
  rejects("3600 3601", "leeway 3601 over 3600");
  rejects("3600 60 59 60 100", "carry_ttl 59");
  rejects("3600 60 7200 3601 100", "carry_leeway 3601");
  rejects("3600 60 7200 60 0", "carry_until is 0");
  rejects("1234567890123456789 60", "field 1 (token_ttl): not a number"); /* 19 digits */
}

static void test_file(void **state) {
  (void)state;
  char dir[] = "/tmp/sb-test-keypolicy-XXXXXX";
  assert_non_null(mkdtemp(dir));
  struct key_policy p, q;
  struct sb_err err = {{0}};
  assert_int_equal(key_policy_read(dir, &p, &err), 0); /* none yet */
  assert_int_equal(key_policy_record(dir, 7200, 60, 1000, &p, &err), 0);
  assert_int_equal(key_policy_read(dir, &q, &err), 1);
  assert_memory_equal(&p, &q, sizeof p);
  assert_int_equal(key_policy_record(dir, 600, 60, 2000, &p, &err), 0);
  assert_int_equal(key_policy_read(dir, &q, &err), 1);
  assert_int_equal(q.token_ttl, 600);
  assert_int_equal(q.carry_ttl, 7200);
  assert_int_equal(q.carry_until, 2000 + 7200 + 60);
  char path[128];
  snprintf(path, sizeof path, "%s/policy", dir);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs("garbage\n", f);
  fclose(f);
  assert_int_equal(key_policy_read(dir, &q, &err), -1);
  assert_non_null(strstr(err.msg, "/policy: key policy: field 1"));
  assert_int_equal(key_policy_record(dir, 600, 60, 3000, &p, &err), -1); /* not overwritten */
  unlink(path);
  rmdir(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_next_and_effective),
      cmocka_unit_test(test_line),
      cmocka_unit_test(test_rejections),
      cmocka_unit_test(test_file),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
