/* test_role.c - the role rules of the web side (src/domain/role.h). */
#include "testutil.h"

#include "domain/role.h"

#define LEA "1964733"
#define OTHER "3768338"

static struct principal who(enum role r) {
  struct principal p;
  memset(&p, 0, sizeof p);
  p.role = r;
  memcpy(p.lea, LEA, 8);
  return p;
}

static void test_names(void **state) {
  (void)state;
  enum role r;
  assert_int_equal(role_parse("district-lead", &r), 0);
  assert_int_equal(r, ROLE_DISTRICT_LEAD);
  assert_int_equal(role_parse("lea-caaspp-coordinator", &r), 0);
  assert_int_equal(r, ROLE_LEA_CAASPP_COORDINATOR);
  assert_int_equal(role_parse("lea-elpac-coordinator", &r), 0);
  assert_int_equal(role_parse("site-admin", &r), 0);
  assert_int_equal(role_parse("District-Lead", &r), -1);
  assert_int_equal(role_parse("", &r), -1);
  assert_int_equal(role_parse(NULL, &r), -1);
  assert_string_equal(role_name(ROLE_SITE_ADMIN), "site-admin");
  assert_string_equal(role_name(ROLE_NONE), "none");
  assert_string_equal(role_name((enum role)99), "none");
  enum score_family f;
  assert_int_equal(role_family_parse("summative-elpac", &f), 0);
  assert_int_equal(f, SCORE_SUMMATIVE_ELPAC);
  assert_int_equal(role_family_parse("CAASPP", &f), -1);
  assert_int_equal(role_family_parse(NULL, &f), -1);
}

static void test_may_load(void **state) {
  (void)state;
  struct principal c = who(ROLE_LEA_CAASPP_COORDINATOR), e = who(ROLE_LEA_ELPAC_COORDINATOR),
                   d = who(ROLE_DISTRICT_LEAD), s = who(ROLE_SITE_ADMIN), n = who(ROLE_NONE);
  assert_true(role_may_load(&c, SCORE_CAASPP, LEA));
  assert_false(role_may_load(&c, SCORE_SUMMATIVE_ELPAC, LEA));
  assert_false(role_may_load(&c, SCORE_INITIAL_ELPAC, LEA));
  assert_false(role_may_load(&e, SCORE_CAASPP, LEA));
  assert_true(role_may_load(&e, SCORE_SUMMATIVE_ELPAC, LEA));
  assert_true(role_may_load(&e, SCORE_INITIAL_ELPAC, LEA));
  assert_true(role_may_load(&d, SCORE_CAASPP, LEA));
  assert_true(role_may_load(&d, SCORE_INITIAL_ELPAC, LEA));
  assert_false(role_may_load(&s, SCORE_CAASPP, LEA));
  assert_false(role_may_load(&n, SCORE_CAASPP, LEA));
  /* never another LEA, never an unknown family, never a malformed LEA */
  assert_false(role_may_load(&d, SCORE_CAASPP, OTHER));
  assert_false(role_may_load(&d, (enum score_family)0, LEA));
  assert_false(role_may_load(&d, (enum score_family)9, LEA));
  assert_false(role_may_load(&d, SCORE_CAASPP, NULL));
  assert_false(role_may_load(NULL, SCORE_CAASPP, LEA));
  struct principal bad = d;
  memcpy(bad.lea, "", 1);
  assert_false(role_may_load(&bad, SCORE_CAASPP, ""));
  assert_true(role_may_load_any(&c));
  assert_true(role_may_load_any(&e));
  assert_false(role_may_load_any(&s));
  assert_false(role_may_load_any(&n));
  assert_int_equal(role_families(&c), 1u << SCORE_CAASPP);
  assert_int_equal(role_families(&e), (1u << SCORE_SUMMATIVE_ELPAC) | (1u << SCORE_INITIAL_ELPAC));
  assert_int_equal(role_families(&d), (1u << SCORE_CAASPP) | (1u << SCORE_SUMMATIVE_ELPAC) |
                                          (1u << SCORE_INITIAL_ELPAC));
  assert_int_equal(role_families(&s), 0);
  assert_int_equal(role_families(NULL), 0);
}

static void test_schools(void **state) {
  (void)state;
  struct principal s = who(ROLE_SITE_ADMIN);
  assert_int_equal(role_schools_parse(&s, LEA "6000001," LEA "6000002"), 0);
  assert_int_equal(s.nschools, 2);
  char out[ROLE_SCHOOLS_TEXT];
  assert_int_equal(role_schools_format(&s, out, sizeof out), 0);
  assert_string_equal(out, LEA "6000001," LEA "6000002");
  assert_int_equal(role_schools_format(&s, out, 10), -1);
  assert_true(role_may_view_school(&s, LEA, LEA "6000001"));
  assert_false(role_may_view_school(&s, LEA, LEA "6000003"));
  assert_false(role_may_view_school(&s, OTHER, LEA "6000001"));
  struct principal d = who(ROLE_DISTRICT_LEAD);
  assert_true(role_may_view_school(&d, LEA, LEA "6000003"));
  assert_false(role_may_view_school(&d, LEA, OTHER "6000003")); /* not of the LEA */
  assert_false(role_may_view_school(&d, LEA, "123"));
  struct principal t = who(ROLE_SITE_ADMIN);
  assert_int_equal(role_schools_parse(&t, ""), 0);
  assert_int_equal(t.nschools, 0);
  assert_int_equal(role_schools_parse(&t, LEA "600000"), -1);                 /* 13 digits */
  assert_int_equal(role_schools_parse(&t, LEA "6000001,"), -1);               /* empty entry */
  assert_int_equal(role_schools_parse(&t, LEA "600000x"), -1);                /* not digits */
  assert_int_equal(role_schools_parse(&t, LEA "6000001," LEA "6000001"), -1); /* twice */
  assert_true(role_needs_schools(ROLE_SITE_ADMIN));
  assert_false(role_needs_schools(ROLE_DISTRICT_LEAD));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_names),
      cmocka_unit_test(test_may_load),
      cmocka_unit_test(test_schools),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
