/* test_csvread.c - the strict CSV record reader (src/ingest/csvread.h). */
#include "testutil.h"

#include <unistd.h>

#include "ingest/csvread.h"

/* Every record flattened into one string: fields joined by '|', records by '\n', each
 * record prefixed with its line number ("3:a|b"). */
struct sink {
  char out[4096];
  size_t len;
  size_t records;
  size_t stop_after; /* 0 = never stop */
  int fail_at;       /* record index + 1 at which to return -1; 0 = never */
  char delim;
};

static void put(struct sink *k, const char *s, size_t n) {
  assert_true(k->len + n < sizeof k->out);
  memcpy(k->out + k->len, s, n);
  k->len += n;
  k->out[k->len] = '\0';
}

static int collect(void *ctx, const struct csvread_record *r, struct sb_err *err) {
  struct sink *k = ctx;
  char num[32];
  assert_int_equal(r->index, k->records);
  assert_true(r->nfields >= 1);
  int n = snprintf(num, sizeof num, "%zu:", r->line);
  put(k, num, (size_t)n);
  for (size_t i = 0; i < r->nfields; i++) {
    assert_int_equal(strlen(r->fields[i]), r->lens[i]);
    if (i) put(k, "|", 1);
    put(k, r->fields[i], r->lens[i]);
  }
  put(k, "\n", 1);
  k->records++;
  k->delim = r->delim;
  if (k->fail_at && k->records == (size_t)k->fail_at) {
    sb_err_set(err, "line %zu: refused by the test", r->line);
    return -1;
  }
  if (k->stop_after && k->records == k->stop_after) return 1;
  return 0;
}

static int read_str(const char *s, const struct csvread_opts *o, struct sink *k,
                    struct sb_err *err) {
  memset(k->out, 0, sizeof k->out);
  k->len = 0;
  k->records = 0;
  err->msg[0] = '\0';
  return csvread_buffer(s, strlen(s), o, collect, k, err);
}

/* Feeds s one byte at a time through the push API: must give the same as one piece. */
static int read_bytewise(const char *s, size_t n, const struct csvread_opts *o, struct sink *k,
                         struct sb_err *err) {
  k->len = 0;
  k->records = 0;
  k->out[0] = '\0';
  err->msg[0] = '\0';
  struct csvread *r = csvread_new(o, collect, k, err);
  assert_non_null(r);
  int rc = 0;
  for (size_t i = 0; i < n && rc == 0; i++)
    rc = csvread_feed(r, s + i, 1, err);
  if (rc == 0) rc = csvread_finish(r, err);
  csvread_free(r);
  return rc;
}

struct count {
  size_t n, last_line, last_nfields;
  char delim;
};

static int count_cb(void *ctx, const struct csvread_record *r, struct sb_err *e) {
  (void)e;
  struct count *c = ctx;
  c->n++;
  c->last_line = r->line;
  c->last_nfields = r->nfields;
  c->delim = r->delim;
  return 0;
}

/* Every input is read four ways: whole and one byte at a time, each with the fast path
 * and with libcsv only. All four must give the same records or the same message. */
static void expect_ok(const char *in, const struct csvread_opts *o, const char *want) {
  struct csvread_opts lo = o ? *o : (struct csvread_opts){0};
  lo.libcsv_only = true;
  for (int mode = 0; mode < 4; mode++) {
    const struct csvread_opts *use = mode & 2 ? &lo : o;
    struct sink k = {0};
    struct sb_err err;
    int rc = mode & 1 ? read_bytewise(in, strlen(in), use, &k, &err) : read_str(in, use, &k, &err);
    if (rc != 0) fail_msg("unexpected error (mode %d): %s", mode, err.msg);
    if (strcmp(k.out, want) != 0) fail_msg("mode %d gave '%s', want '%s'", mode, k.out, want);
  }
}

static void expect_err(const char *in, size_t n, const struct csvread_opts *o,
                       const char *want_msg) {
  struct csvread_opts lo = o ? *o : (struct csvread_opts){0};
  lo.libcsv_only = true;
  char first[SB_ERR_MAX] = "";
  for (int mode = 0; mode < 4; mode++) {
    const struct csvread_opts *use = mode & 2 ? &lo : o;
    struct sink k = {0};
    struct sb_err err = {{0}};
    int rc = mode & 1 ? read_bytewise(in, n, use, &k, &err)
                      : csvread_buffer(in, n, use, collect, &k, &err);
    if (rc != -1) fail_msg("mode %d accepted the input", mode);
    if (strstr(err.msg, want_msg) == NULL)
      fail_msg("mode %d: message '%s' lacks '%s'", mode, err.msg, want_msg);
    if (mode == 0)
      snprintf(first, sizeof first, "%s", err.msg);
    else
      assert_string_equal(err.msg, first);
  }
}

static void test_comma(void **state) {
  (void)state;
  expect_ok("a,b,c\n1,2,3\n", NULL, "1:a|b|c\n2:1|2|3\n");
}

static void test_caret(void **state) {
  (void)state;
  struct csvread_opts o = {.delim = '^'};
  expect_ok("a^b,c^d\n", &o, "1:a|b,c|d\n");
}

static void test_bad_delim_option(void **state) {
  (void)state;
  struct csvread_opts o = {.delim = ';'};
  struct sb_err err = {{0}};
  struct sink k = {0};
  assert_null(csvread_new(&o, collect, &k, &err));
  assert_non_null(strstr(err.msg, "delimiter must be"));
  assert_null(csvread_new(NULL, NULL, &k, &err));
}

static void test_detect_caret(void **state) {
  (void)state;
  struct csvread_opts o = {.detect_delim = true};
  struct sink k = {0};
  struct sb_err err;
  /* commas inside the record, but more carets: caret wins */
  assert_int_equal(read_str("\r\n\r\nSmith, Jr^b^c\r\nx^y^z", &o, &k, &err), 0);
  assert_string_equal(k.out, "3:Smith, Jr|b|c\n4:x|y|z\n");
  assert_int_equal(k.delim, '^');
  expect_ok("\r\n\r\nSmith, Jr^b^c\r\nx^y^z", &o, "3:Smith, Jr|b|c\n4:x|y|z\n");
}

static void test_detect_comma_ignores_quoted(void **state) {
  (void)state;
  struct csvread_opts o = {.detect_delim = true};
  struct sink k = {0};
  struct sb_err err;
  /* four carets inside quotes do not count */
  assert_int_equal(read_str("\"^^^^\",b\n", &o, &k, &err), 0);
  assert_string_equal(k.out, "1:^^^^|b\n");
  assert_int_equal(k.delim, ',');
}

static void test_detect_fails(void **state) {
  (void)state;
  struct csvread_opts o = {.detect_delim = true};
  const char *none = "\n\nabc\n";
  expect_err(none, strlen(none), &o, "line 3: cannot tell the delimiter");
  const char *tie = "a,b^c\n";
  expect_err(tie, strlen(tie), &o, "line 1: cannot tell the delimiter");
  /* a first line without a line end is decided at the end of input */
  const char *eof = "abc";
  expect_err(eof, strlen(eof), &o, "neither ',' nor '^'");
}

static void test_detect_long_first_line(void **state) {
  (void)state;
  /* a first line longer than the 64 KiB detection window: decided on what was seen */
  size_t n = 70000;
  char *s = malloc(n);
  assert_non_null(s);
  memset(s, 'x', n);
  s[10] = '^';
  s[n - 1] = '\n';
  struct csvread_opts o = {.detect_delim = true, .max_field_len = n};
  struct count c = {0};
  struct sb_err err = {{0}};
  assert_int_equal(csvread_buffer(s, n, &o, count_cb, &c, &err), 0);
  assert_int_equal(c.n, 1);
  assert_int_equal(c.last_nfields, 2);
  assert_int_equal(c.delim, '^');
  free(s);
}

static void test_quotes(void **state) {
  (void)state;
  expect_ok("\"a,b\",\"he said \"\"hi\"\"\",\"\"\n", NULL, "1:a,b|he said \"hi\"|\n");
}

static void test_embedded_newline_line_numbers(void **state) {
  (void)state;
  /* the record starting on line 2 spans lines 2-4; the next one starts on line 5 */
  expect_ok("h1,h2\n\"x\ny\r\nz\",2\nlast,3\n", NULL, "1:h1|h2\n2:x\ny\r\nz|2\n5:last|3\n");
}

static void test_crlf_lf_cr(void **state) {
  (void)state;
  expect_ok("a,b\r\nc,d\ne,f\rg,h\r\n", NULL, "1:a|b\n2:c|d\n3:e|f\n4:g|h\n");
}

static void test_blank_lines_skipped(void **state) {
  (void)state;
  expect_ok("\n\r\na\r\n\r\n\nb\n\n", NULL, "3:a\n6:b\n");
}

static void test_bom_stripped(void **state) {
  (void)state;
  expect_ok("\xef\xbb\xbfid,name\n1,x\n", NULL, "1:id|name\n2:1|x\n");
  /* a partial BOM is data */
  expect_ok("\xef\xbbq,r\n", NULL, "1:\xef\xbbq|r\n");
  /* a BOM in a later position is data */
  expect_ok("a,\xef\xbb\xbf\n", NULL, "1:a|\xef\xbb\xbf\n");
}

static void test_bom_only(void **state) {
  (void)state;
  expect_ok("\xef\xbb\xbf", NULL, "");
  expect_ok("\xef", NULL, "1:\xef\n");
}

static void test_no_final_newline(void **state) {
  (void)state;
  expect_ok("a,b\nc,d", NULL, "1:a|b\n2:c|d\n");
  expect_ok("a,\"b\"", NULL, "1:a|b\n");
}

static void test_spaces_are_data(void **state) {
  (void)state;
  expect_ok(" a , b ,\t\n", NULL, "1: a | b |\t\n");
}

static void test_empty_fields(void **state) {
  (void)state;
  expect_ok(",,\n\"\",x,\n", NULL, "1:||\n2:|x|\n");
}

static void test_empty_input(void **state) {
  (void)state;
  expect_ok("", NULL, "");
  expect_ok("\n\n\r\n", NULL, "");
  struct csvread_opts o = {.detect_delim = true};
  expect_ok("", &o, "");
  expect_ok("\r\n\r\n", &o, "");
}

static void test_max_fields(void **state) {
  (void)state;
  struct csvread_opts o = {.max_fields = 3};
  expect_ok("a,b,c\n", &o, "1:a|b|c\n");
  const char *in = "a,b,c\n1,2,3,4\n";
  expect_err(in, strlen(in), &o, "line 2: record has more than 3 fields");
}

static void test_max_field_len(void **state) {
  (void)state;
  struct csvread_opts o = {.max_field_len = 4};
  expect_ok("abcd,\"wxyz\"\n", &o, "1:abcd|wxyz\n");
  const char *in = "ab\nabcde,x\n";
  expect_err(in, strlen(in), &o, "line 2: field 1 is longer than 4 bytes");
  const char *q = "a,\"abc\"\"d\"\n"; /* 5 bytes once unquoted */
  expect_err(q, strlen(q), &o, "line 1: field 2 is longer than 4 bytes");
}

static void test_open_quote_growing_is_capped(void **state) {
  (void)state;
  /* an open quote swallowing a long input stops at the field cap, not at the end */
  size_t n = 200000;
  char *s = malloc(n);
  assert_non_null(s);
  memset(s, 'y', n);
  memcpy(s, "a,\"", 3);
  struct csvread_opts o = {.max_field_len = 1000, .max_record_len = 1u << 30};
  struct sink k = {0};
  struct sb_err err = {{0}};
  assert_int_equal(csvread_buffer(s, n, &o, collect, &k, &err), -1);
  assert_non_null(strstr(err.msg, "line 1: field 2 is longer than 1000 bytes"));
  free(s);
}

static void test_max_record_len(void **state) {
  (void)state;
  struct csvread_opts o = {.max_record_len = 10};
  expect_ok("abc,defg\r\n", &o, "1:abc|defg\n"); /* exactly 10 bytes with CR LF */
  const char *in = "ab\nabc,defghi\n";
  expect_err(in, strlen(in), &o, "line 2: record is longer than 10 bytes");
  const char *open = "\"abc\n\n\n\n\n\n\n\n\n\n";
  expect_err(open, strlen(open), &o, "line 1: record is longer than 10 bytes (is a quoted");
}

static void test_nul_rejected(void **state) {
  (void)state;
  const char in[] = "a,b\nc,d\nx,y\0z\n";
  expect_err(in, sizeof in - 1, NULL, "line 3: field 2 contains a NUL byte");
  const char q[] = "\"a\0\"\n";
  expect_err(q, sizeof q - 1, NULL, "line 1: field 1 contains a NUL byte");
}

static void test_utf8_option(void **state) {
  (void)state;
  struct csvread_opts o = {.utf8 = true};
  expect_ok("Jos\xc3\xa9,\xe2\x82\xac,\xf0\x9f\x98\x80\n", &o,
            "1:Jos\xc3\xa9|\xe2\x82\xac|\xf0\x9f\x98\x80\n");
  const char *latin1 = "ok\nJos\xe9,x\n";
  expect_err(latin1, strlen(latin1), &o, "line 2: field 1 is not valid UTF-8");
  /* without the option the bytes pass through */
  expect_ok(latin1, NULL, "1:ok\n2:Jos\xe9|x\n");
}

static void test_utf8_validator(void **state) {
  (void)state;
  assert_true(csvread_utf8_valid("", 0));
  assert_true(csvread_utf8_valid("a\xc2\x80", 3));
  assert_true(csvread_utf8_valid("\xf4\x8f\xbf\xbf", 4));  /* U+10FFFF */
  assert_false(csvread_utf8_valid("\xc0\xaf", 2));         /* overlong '/' */
  assert_false(csvread_utf8_valid("\xe0\x80\xaf", 3));     /* overlong */
  assert_false(csvread_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
  assert_false(csvread_utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
  assert_false(csvread_utf8_valid("\x80", 1));             /* lone continuation */
  assert_false(csvread_utf8_valid("\xe2\x82", 2));         /* truncated */
  assert_false(csvread_utf8_valid("\xe2\x28\xa1", 3));     /* bad continuation */
}

static void test_stray_quote_rejected(void **state) {
  (void)state;
  const char *in = "a,b\nab\"c,d\n";
  expect_err(in, strlen(in), NULL, "line 2: field 1 has a quote inside an unquoted field");
  const char *after = "x,\"ab\"c,d\n";
  expect_err(after, strlen(after), NULL, "line 1: field 2 has text after its closing quote");
  const char *space = "\"ab\" ,d\n"; /* a space after the closing quote is text too */
  expect_err(space, strlen(space), NULL, "line 1: field 1 has text after its closing quote");
  /* an error on a later physical line of a multi-line record names both lines */
  const char *multi = "\"a\nb\"c\n";
  expect_err(multi, strlen(multi), NULL,
             "line 1: field 1 has text after its closing quote "
             "(on line 2)");
}

/* Regression (fuzz_senr): an input with two faults must report the same first one
 * however it is fed. Here a quoted field runs past the field cap and then has text after
 * its closing quote; lines are parsed whole, so the quote error on line 2 is found. */
static void test_first_error_independent_of_feeding(void **state) {
  (void)state;
  struct csvread_opts o = {.max_field_len = 16};
  const char *in = "a,\"0123456789\nabcdefghijk\"z\n";
  expect_err(in, strlen(in), &o, "line 1: field 2 has text after its closing quote (on line 2)");
  /* a line over the record cap is refused before its stray quote is reached */
  struct csvread_opts r = {.max_record_len = 12};
  const char *cap = "ok\nab\"cdefghijklmnop\n";
  expect_err(cap, strlen(cap), &r, "line 2: record is longer than 12 bytes");
}

static void test_unterminated_quote_at_eof(void **state) {
  (void)state;
  const char *in = "a,b\nc,\"open\nmore\n";
  expect_err(in, strlen(in), NULL, "line 2: unterminated quoted field (field 2");
}

static void test_callback_stop(void **state) {
  (void)state;
  struct sink k = {0};
  k.stop_after = 2;
  struct sb_err err = {{0}};
  const char *in = "a\nb\nc\nd\n";
  assert_int_equal(csvread_buffer(in, strlen(in), NULL, collect, &k, &err), 0);
  assert_int_equal(k.records, 2);
  /* push API: stopped, later feeds are ignored */
  k.records = 0;
  k.len = 0;
  struct csvread *r = csvread_new(NULL, collect, &k, &err);
  assert_non_null(r);
  assert_int_equal(csvread_feed(r, in, strlen(in), &err), 0);
  assert_true(csvread_stopped(r));
  assert_int_equal(csvread_records(r), 2);
  assert_int_equal(csvread_feed(r, "e\n", 2, &err), 0);
  assert_int_equal(csvread_finish(r, &err), 0);
  assert_int_equal(k.records, 2);
  csvread_free(r);
}

static void test_callback_fail(void **state) {
  (void)state;
  struct sink k = {0};
  k.fail_at = 2;
  struct sb_err err = {{0}};
  const char *in = "a\nb\nc\n";
  assert_int_equal(csvread_buffer(in, strlen(in), NULL, collect, &k, &err), -1);
  assert_string_equal(err.msg, "line 2: refused by the test");
  assert_int_equal(k.records, 2);
}

static void test_feed_after_error_and_finish(void **state) {
  (void)state;
  struct sink k = {0};
  struct sb_err err = {{0}};
  struct csvread *r = csvread_new(NULL, collect, &k, &err);
  assert_non_null(r);
  assert_int_equal(csvread_feed(r, "a\"b\n", 4, &err), -1);
  err.msg[0] = '\0';
  assert_int_equal(csvread_feed(r, "c\n", 2, &err), -1);
  assert_non_null(strstr(err.msg, "quote inside an unquoted field"));
  assert_int_equal(csvread_finish(r, &err), -1);
  csvread_free(r);
  r = csvread_new(NULL, collect, &k, &err);
  assert_non_null(r);
  assert_int_equal(csvread_finish(r, &err), 0);
  assert_int_equal(csvread_feed(r, "c\n", 2, &err), -1);
  assert_non_null(strstr(err.msg, "after the end"));
  csvread_free(r);
}

static void test_file(void **state) {
  (void)state;
  char path[] = "/tmp/test_csvread_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "w");
  assert_non_null(f);
  /* more than one 64 KiB chunk, with the CR of a CR LF as the last byte of the first */
  size_t rows = 0, written = 0;
  while (written + 6 < CSVREAD_CHUNK - 1) {
    fputs("12345\n", f);
    written += 6;
    rows++;
  }
  for (; written < CSVREAD_CHUNK - 1; written++)
    fputc('x', f);
  fputs("\r\nlast,1", f);
  fclose(f);
  struct count c = {0};
  struct sb_err err = {{0}};
  assert_int_equal(csvread_file(path, NULL, count_cb, &c, &err), 0);
  assert_int_equal(c.n, rows + 2);
  assert_int_equal(c.last_line, rows + 2); /* the split CR LF counted once */
  assert_int_equal(c.last_nfields, 2);
  unlink(path);
  assert_int_equal(csvread_file(path, NULL, count_cb, &c, &err), -1);
  assert_non_null(strstr(err.msg, "cannot open"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_comma),
      cmocka_unit_test(test_caret),
      cmocka_unit_test(test_bad_delim_option),
      cmocka_unit_test(test_detect_caret),
      cmocka_unit_test(test_detect_comma_ignores_quoted),
      cmocka_unit_test(test_detect_fails),
      cmocka_unit_test(test_detect_long_first_line),
      cmocka_unit_test(test_quotes),
      cmocka_unit_test(test_embedded_newline_line_numbers),
      cmocka_unit_test(test_crlf_lf_cr),
      cmocka_unit_test(test_blank_lines_skipped),
      cmocka_unit_test(test_bom_stripped),
      cmocka_unit_test(test_bom_only),
      cmocka_unit_test(test_no_final_newline),
      cmocka_unit_test(test_spaces_are_data),
      cmocka_unit_test(test_empty_fields),
      cmocka_unit_test(test_empty_input),
      cmocka_unit_test(test_max_fields),
      cmocka_unit_test(test_max_field_len),
      cmocka_unit_test(test_open_quote_growing_is_capped),
      cmocka_unit_test(test_max_record_len),
      cmocka_unit_test(test_nul_rejected),
      cmocka_unit_test(test_utf8_option),
      cmocka_unit_test(test_utf8_validator),
      cmocka_unit_test(test_stray_quote_rejected),
      cmocka_unit_test(test_first_error_independent_of_feeding),
      cmocka_unit_test(test_unterminated_quote_at_eof),
      cmocka_unit_test(test_callback_stop),
      cmocka_unit_test(test_callback_fail),
      cmocka_unit_test(test_feed_after_error_and_finish),
      cmocka_unit_test(test_file),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
