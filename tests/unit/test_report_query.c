/* test_report_query.c - query parameters of GET /v3/students/{ssid}/score-reports and the
 * filter they select (src/domain/report_query.h). */
#include "testutil.h"

#include "domain/report_query.h"

/* Splits a query string like "type=CST&year=2025" into args (values NULL when a pair has
 * no '='). The strings point into storage, which must outlive the args. */
struct query {
  char storage[512];
  struct query_arg args[16];
  size_t n;
};

static void split(struct query *q, const char *qs) {
  assert_true(strlen(qs) < sizeof q->storage);
  memcpy(q->storage, qs, strlen(qs) + 1);
  q->n = 0;
  char *p = q->storage;
  for (;;) {
    char *amp = strchr(p, '&');
    if (amp) *amp = '\0';
    char *eq = strchr(p, '=');
    if (eq) *eq = '\0';
    assert_true(q->n < sizeof q->args / sizeof q->args[0]);
    q->args[q->n].key = p;
    q->args[q->n].value = eq ? eq + 1 : NULL;
    q->n++;
    if (amp == NULL) break;
    p = amp + 1;
  }
}

static int parse(const char *qs, struct report_filter *f, struct sb_err *err) {
  struct query q;
  split(&q, qs);
  memset(err, 0, sizeof *err);
  return report_filter_parse(q.args, q.n, f, err);
}

static void assert_parses(const char *qs, struct report_filter *f) {
  struct sb_err err;
  if (parse(qs, f, &err) != 0) fail_msg("'%s' rejected: %s", qs, err.msg);
}

/* The parameter fails and the message names it. */
static void assert_rejected(const char *qs, const char *param) {
  struct report_filter f;
  struct sb_err err;
  if (parse(qs, &f, &err) != -1) fail_msg("'%s' accepted", qs);
  if (strstr(err.msg, param) == NULL) fail_msg("'%s': message '%s' lacks '%s'", qs, err.msg, param);
}

static void assert_empty_filter(const struct report_filter *f) {
  assert_null(f->type);
  assert_null(f->lang);
  assert_null(f->format);
  assert_int_equal(f->year, 0);
  assert_int_equal(f->final, -1);
}

static void test_no_parameters(void **state) {
  (void)state;
  struct report_filter f;
  struct sb_err err;
  memset(&f, 0x5a, sizeof f);
  assert_int_equal(report_filter_parse(NULL, 0, &f, &err), 0);
  assert_empty_filter(&f);
  assert_parses("", &f); /* one empty pair */
  assert_empty_filter(&f);
}

static void test_blank_values_are_absent(void **state) {
  (void)state;
  struct report_filter f;
  assert_parses("type=&lang=&year=&format=&final=", &f);
  assert_empty_filter(&f);
  assert_parses("final", &f); /* "?final" without '=' */
  assert_empty_filter(&f);
  assert_parses("year&type", &f);
  assert_empty_filter(&f);
}

static void test_leading_ampersand_and_unknown_names(void **state) {
  (void)state;
  struct report_filter f;
  assert_parses("&type=CAASPP", &f); /* the seed's "?&type=..." */
  assert_string_equal(f.type, "CAASPP");
  assert_parses("&&type=ESA&&", &f);
  assert_string_equal(f.type, "ESA");
  assert_parses("=junk&type=ESA", &f); /* empty key with a value: ignored */
  assert_string_equal(f.type, "ESA");
  assert_parses("grade=04&ssid=1&foo&bar=&cache=no-cache", &f);
  assert_empty_filter(&f);
  assert_parses("foo=1&foo=2", &f); /* unknown names may repeat */
  assert_empty_filter(&f);
}

static void test_all_parameters(void **state) {
  (void)state;
  struct report_filter f;
  assert_parses("type=caaspp&lang=es&year=2025&format=video&final=TRUE", &f);
  assert_string_equal(f.type, "CAASPP");
  assert_string_equal(f.lang, "ES");
  assert_string_equal(f.format, "VIDEO");
  assert_int_equal(f.year, 2025);
  assert_int_equal(f.final, 1);
  /* codes come back canonical and static */
  assert_parses("type=CST&format=Html&final=false", &f);
  assert_string_equal(f.type, "CAST");
  assert_string_equal(f.format, "HTML");
  assert_int_equal(f.final, 0);
  assert_null(f.lang);
  assert_int_equal(f.year, 0);
}

static void test_duplicates_rejected(void **state) {
  (void)state;
  assert_rejected("type=CAASPP&type=ESA", "type");
  assert_rejected("type=CAASPP&type=CAASPP", "type");
  assert_rejected("lang=EN&lang=ES", "lang");
  assert_rejected("year=2025&year=2025", "year");
  assert_rejected("format=PDF&lang=EN&format=HTML", "format");
  assert_rejected("final=true&final=false", "final");
}

static void test_unknown_codes_rejected(void **state) {
  (void)state;
  assert_rejected("type=XYZ", "type");
  assert_rejected("type=EN", "type");
  assert_rejected("type=CAASPP ", "type");
  assert_rejected("lang=SP", "lang");
  assert_rejected("lang=PDF", "lang");
  assert_rejected("format=DOCX", "format");
  assert_rejected("format=EN", "format");
  assert_rejected("format=ALLX", "format");
  assert_rejected("lang=EN&type=nope", "type");
}

static void test_year_shape(void **state) {
  (void)state;
  struct report_filter f;
  assert_parses("year=2025", &f);
  assert_int_equal(f.year, 2025);
  assert_parses("year=1999", &f);
  assert_int_equal(f.year, 1999);
  static const char *bad[] = {"year=25",    "year=20255", "year=2O25",  "year=-2025",
                              "year=+202",  "year= 2025", "year=2025 ", "year=0x7E9",
                              "year=202.5", "year=20 5",  "year=2025x"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_rejected(bad[i], "year");
}

static void test_final_values(void **state) {
  (void)state;
  struct report_filter f;
  static const char *t[] = {"final=true", "final=TRUE", "final=True", "final=tRuE"};
  static const char *fa[] = {"final=false", "final=FALSE", "final=False"};
  for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
    assert_parses(t[i], &f);
    assert_int_equal(f.final, 1);
  }
  for (size_t i = 0; i < sizeof fa / sizeof fa[0]; i++) {
    assert_parses(fa[i], &f);
    assert_int_equal(f.final, 0);
  }
  static const char *bad[] = {"final=yes", "final=no",    "final=1",     "final=0",
                              "final=t",   "final=truee", "final=true ", "final={true}"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_rejected(bad[i], "final");
}

static void test_format_all_is_no_filter(void **state) {
  (void)state;
  struct report_filter f;
  assert_parses("format=ALL", &f);
  assert_null(f.format);
  assert_parses("format=all", &f);
  assert_null(f.format);
  assert_parses("format=pdf", &f);
  assert_string_equal(f.format, "PDF");
}

static struct report rep(const char *type, const char *lang, int year, const char *format,
                         bool final) {
  struct report r;
  memset(&r, 0, sizeof r);
  r.id = 1;
  snprintf(r.ssid, sizeof r.ssid, "%s", "1234567890");
  snprintf(r.type, sizeof r.type, "%s", type);
  snprintf(r.lang, sizeof r.lang, "%s", lang);
  r.year = year;
  snprintf(r.format, sizeof r.format, "%s", format);
  snprintf(r.content_area, sizeof r.content_area, "%s", "ELA,MATH");
  snprintf(r.grade, sizeof r.grade, "%s", "04");
  r.final = final;
  return r;
}

static bool matches(const char *qs, const struct report *r) {
  struct report_filter f;
  assert_parses(qs, &f);
  return report_filter_match(&f, r);
}

static void test_match_without_filter(void **state) {
  (void)state;
  /* no explicit code: everything stored passes, even a code outside its years */
  struct report lex = rep("LEXQUAN", "EN", 2024, "PDF", true);
  struct report vid = rep("CAASPP", "EN", 2024, "VIDEO", false);
  assert_true(matches("", &lex));
  assert_true(matches("", &vid));
  assert_true(matches("format=ALL", &vid));
  assert_true(matches("type=&lang=&format=", &vid));
}

static void test_match_year_and_final(void **state) {
  (void)state;
  struct report r25 = rep("CAASPP", "EN", 2025, "PDF", true);
  struct report r24 = rep("CAASPP", "EN", 2024, "PDF", false);
  assert_true(matches("year=2025", &r25));
  assert_false(matches("year=2025", &r24));
  assert_false(matches("year=2026", &r25));
  assert_true(matches("final=true", &r25));
  assert_false(matches("final=true", &r24));
  assert_true(matches("final=false", &r24));
  assert_false(matches("final=false", &r25));
}

static void test_match_codes(void **state) {
  (void)state;
  struct report cast = rep("CAST", "EN", 2025, "PDF", true);
  assert_true(matches("type=CST", &cast));
  assert_true(matches("type=cast", &cast));
  assert_false(matches("type=CAASPP", &cast));
  assert_true(matches("lang=en", &cast));
  assert_false(matches("lang=ES", &cast));
  assert_true(matches("format=PDF", &cast));
  assert_false(matches("format=HTML", &cast));
  assert_true(matches("type=CST&lang=EN&year=2025&format=pdf&final=true", &cast));
  assert_false(matches("type=CST&lang=EN&year=2025&format=pdf&final=false", &cast));
  /* a report registered under the alias is still the same type */
  struct report cst = rep("CST", "EN", 2025, "PDF", true);
  assert_true(matches("type=CAST", &cst));
  assert_false(matches("type=CAAS", &cst));
}

static void test_match_only_where_code_applies(void **state) {
  (void)state;
  /* format=VIDEO never matches a 2024 report, even one that is stored */
  struct report v24 = rep("CAASPP", "EN", 2024, "VIDEO", true);
  struct report v25 = rep("CAASPP", "EN", 2025, "VIDEO", true);
  assert_false(matches("format=VIDEO", &v24));
  assert_true(matches("format=VIDEO", &v25));
  struct report h23 = rep("CAASPP", "EN", 2023, "HTML", true);
  struct report h24 = rep("CAASPP", "EN", 2024, "HTML", true);
  assert_false(matches("format=html", &h23));
  assert_true(matches("format=html", &h24));
  /* PDF applies every year */
  struct report p18 = rep("CAASPP", "EN", 2018, "PDF", true);
  assert_true(matches("format=PDF", &p18));
  /* LEXQUAN until 2023 */
  struct report l23 = rep("LEXQUAN", "EN", 2023, "PDF", true);
  struct report l24 = rep("LEXQUAN", "EN", 2024, "PDF", true);
  assert_true(matches("type=LEXQUAN", &l23));
  assert_false(matches("type=LEXQUAN", &l24));
  /* CAST (and its alias) from 2019 */
  struct report c18 = rep("CAST", "EN", 2018, "PDF", true);
  assert_false(matches("type=CST", &c18));
  assert_false(matches("type=CAST", &c18));
  /* AR from 2024, KR from 2023 */
  struct report ar23 = rep("CAASPP", "AR", 2023, "PDF", true);
  struct report ar24 = rep("CAASPP", "AR", 2024, "PDF", true);
  assert_false(matches("lang=AR", &ar23));
  assert_true(matches("lang=ar", &ar24));
  struct report kr22 = rep("CAASPP", "KR", 2022, "PDF", true);
  struct report kr23 = rep("CAASPP", "KR", 2023, "PDF", true);
  assert_false(matches("lang=KR", &kr22));
  assert_true(matches("lang=KR", &kr23));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_no_parameters),
      cmocka_unit_test(test_blank_values_are_absent),
      cmocka_unit_test(test_leading_ampersand_and_unknown_names),
      cmocka_unit_test(test_all_parameters),
      cmocka_unit_test(test_duplicates_rejected),
      cmocka_unit_test(test_unknown_codes_rejected),
      cmocka_unit_test(test_year_shape),
      cmocka_unit_test(test_final_values),
      cmocka_unit_test(test_format_all_is_no_filter),
      cmocka_unit_test(test_match_without_filter),
      cmocka_unit_test(test_match_year_and_final),
      cmocka_unit_test(test_match_codes),
      cmocka_unit_test(test_match_only_where_code_applies),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
