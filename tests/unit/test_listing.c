/* test_listing.c - the per-student report listing record (src/store/listing.h): round
 * trips, the listing order, and every way a stored record can be refused. */
#include "testutil.h"

#include "store/listing.h"

#define SSID "1234567890"

static struct report mk(int64_t id, int year, const char *type, const char *lang,
                        const char *format, const char *area, bool final) {
  struct report r;
  memset(&r, 0, sizeof r);
  r.id = id;
  memcpy(r.ssid, SSID, 11);
  snprintf(r.type, sizeof r.type, "%s", type);
  snprintf(r.lang, sizeof r.lang, "%s", lang);
  r.year = year;
  snprintf(r.format, sizeof r.format, "%s", format);
  snprintf(r.content_area, sizeof r.content_area, "%s", area);
  snprintf(r.grade, sizeof r.grade, "%s", "KN");
  r.final = final;
  snprintf(r.content_type, sizeof r.content_type, "%s",
           strcmp(format, "PDF") == 0 ? "application/pdf" : "text/html; charset=utf-8");
  return r;
}

static void encode(const struct report *r, size_t n, struct buf *b) {
  struct sb_err err = {{0}};
  buf_init(b, 1 << 20);
  if (listing_encode(r, n, b, &err) != 0) fail_msg("encode: %s", err.msg);
}

/* Decoding must fail, with a message naming the student. */
static void refused(const unsigned char *data, size_t len) {
  struct sb_err err = {{0}};
  struct report *out = (void *)1;
  size_t n = 7;
  assert_int_equal(listing_decode(data, len, SSID, &out, &n, &err), -1);
  assert_null(out);
  assert_int_equal(n, 0);
  assert_non_null(strstr(err.msg, SSID));
}

static void test_round_trip(void **state) {
  (void)state;
  struct report in[] = {
      mk(1, 2026, "CAASPP", "EN", "PDF", "ELA,MATH", true),
      mk(9007199254740993LL, 2025, "ELPAC", "ES", "VIDEO", "", false),
      mk(3, 2024, "LEXQUAN", "ZH", "HTML", "ELA,MATH,SCIENCE,SOMETHING,ELSE", true),
  };
  struct buf b;
  encode(in, 3, &b);
  struct report *out;
  size_t n;
  struct sb_err err = {{0}};
  assert_int_equal(listing_decode((const unsigned char *)b.data, b.len, SSID, &out, &n, &err), 0);
  assert_int_equal(n, 3);
  for (size_t i = 0; i < n; i++) {
    /* listing fields, ssid and content type survive; the file fields stay empty */
    assert_memory_equal(&out[i], &in[i], sizeof out[i]);
  }
  free(out);
  buf_free(&b);
}

static void test_empty(void **state) {
  (void)state;
  struct buf b;
  encode(NULL, 0, &b);
  assert_int_equal(b.len, 3);
  struct report *out = (void *)1;
  size_t n = 5;
  struct sb_err err = {{0}};
  assert_int_equal(listing_decode((const unsigned char *)b.data, b.len, SSID, &out, &n, &err), 0);
  assert_null(out);
  assert_int_equal(n, 0);
  buf_free(&b);
}

static void test_order(void **state) {
  (void)state;
  struct report r[] = {
      mk(1, 2024, "CAASPP", "EN", "PDF", "ELA", true),
      mk(2, 2026, "ELPAC", "EN", "PDF", "", true),
      mk(3, 2026, "CAASPP", "ES", "PDF", "ELA", true),
      mk(4, 2026, "CAASPP", "AR", "HTML", "ELA", true),
      mk(5, 2026, "CAASPP", "EN", "VIDEO", "ELA", true),
      mk(6, 2026, "CAASPP", "EN", "HTML", "MATH", true),
      mk(7, 2026, "CAASPP", "EN", "HTML", "ELA", true),
      mk(8, 2026, "CAASPP", "EN", "PDF", "ELA", true),
  };
  listing_sort(r, sizeof r / sizeof r[0]);
  /* newest year, then type, English first, then language, PDF < HTML < VIDEO, area */
  const int64_t want[] = {8, 7, 6, 5, 4, 3, 2, 1};
  for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
    assert_int_equal(r[i].id, want[i]);
}

static void test_encode_refusals(void **state) {
  (void)state;
  struct sb_err err = {{0}};
  struct buf b;
  buf_init(&b, 1 << 20);
  struct report r = mk(1, 2026, "CAASPP", "EN", "PDF", "ELA", true);
  struct report bad = r;
  bad.year = 70000;
  assert_int_equal(listing_encode(&bad, 1, &b, &err), -1);
  assert_non_null(strstr(err.msg, "year"));
  /* fields filled to their full width still fit and come back whole */
  struct report wide = r;
  memset(wide.type, 'T', sizeof wide.type - 1);
  memset(wide.content_area, 'A', sizeof wide.content_area - 1);
  memset(wide.content_type, 'C', sizeof wide.content_type - 1);
  buf_reset(&b);
  assert_int_equal(listing_encode(&wide, 1, &b, &err), 0);
  struct report *out;
  size_t n;
  assert_int_equal(listing_decode((const unsigned char *)b.data, b.len, SSID, &out, &n, &err), 0);
  assert_int_equal(n, 1);
  assert_memory_equal(&out[0], &wide, sizeof wide);
  free(out);
  assert_int_equal(listing_encode(&r, LISTING_MAX_REPORTS + 1, &b, &err), -1);
  assert_non_null(strstr(err.msg, "reports for one student"));
  struct buf tiny;
  buf_init(&tiny, 10);
  assert_int_equal(listing_encode(&r, 1, &tiny, &err), -1);
  buf_free(&tiny);
  buf_free(&b);
}

static void test_decode_refusals(void **state) {
  (void)state;
  struct report in[] = {mk(1, 2026, "CAASPP", "EN", "PDF", "ELA", true),
                        mk(2, 2025, "CAST", "ES", "HTML", "SCIENCE", false)};
  struct buf b;
  encode(in, 2, &b);
  const unsigned char *d = (const unsigned char *)b.data;
  unsigned char copy[512];
  assert_true(b.len < sizeof copy);

  refused(NULL, 0);
  refused(d, 0);
  refused(d, 2); /* header cut short */
  for (size_t len = 3; len < b.len; len++)
    refused(d, len); /* every truncation */

  memcpy(copy, d, b.len);
  copy[b.len] = 0;
  refused(copy, b.len + 1); /* a trailing byte */

  memcpy(copy, d, b.len);
  copy[0] = 2; /* unknown version */
  refused(copy, b.len);

  memcpy(copy, d, b.len);
  copy[1] = 0xff; /* more entries than the bytes hold */
  copy[2] = 0xff;
  refused(copy, b.len);

  memcpy(copy, d, b.len);
  copy[1] = 1; /* fewer entries than the bytes hold: trailing bytes */
  refused(copy, b.len);

  memcpy(copy, d, b.len);
  copy[3 + 10] = 2; /* final must be 0 or 1 */
  refused(copy, b.len);

  /* the first entry's type is "CAASPP" at offset 3 + 11: length byte then text */
  memcpy(copy, d, b.len);
  assert_int_equal(copy[14], 6);
  copy[14] = 8; /* longer than the field can hold (char type[8]) */
  refused(copy, b.len);

  memcpy(copy, d, b.len);
  copy[16] = '\0'; /* a NUL inside a string */
  refused(copy, b.len);

  /* an empty listing with trailing bytes */
  const unsigned char empty_trailing[] = {1, 0, 0, 9};
  refused(empty_trailing, sizeof empty_trailing);
  buf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_round_trip),      cmocka_unit_test(test_empty),
      cmocka_unit_test(test_order),           cmocka_unit_test(test_encode_refusals),
      cmocka_unit_test(test_decode_refusals),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
