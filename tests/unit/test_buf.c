/* test_buf.c - the bounded growable buffer (src/util/buf.h). */
#include "testutil.h"

#include "util/buf.h"

static void test_init_empty(void **state) {
  (void)state;
  struct buf b;
  buf_init(&b, 100);
  assert_null(b.data); /* allocates nothing yet */
  assert_int_equal(b.len, 0);
  assert_int_equal(b.max, 100);
  assert_string_equal(buf_cstr(&b), "");
  buf_free(&b);
  buf_free(&b); /* twice is harmless */
}

static void test_append_and_terminate(void **state) {
  (void)state;
  struct buf b;
  buf_init(&b, 100);
  assert_int_equal(buf_append(&b, "abc", 3), 0);
  assert_int_equal(buf_puts(&b, "def"), 0);
  assert_int_equal(buf_putc(&b, 'g'), 0);
  assert_int_equal(buf_append(&b, "x", 0), 0);
  assert_int_equal(b.len, 7);
  assert_string_equal(buf_cstr(&b), "abcdefg");
  assert_int_equal(b.data[b.len], '\0');
  /* binary data with a NUL inside is kept whole */
  assert_int_equal(buf_append(&b, "h\0i", 3), 0);
  assert_int_equal(b.len, 10);
  assert_memory_equal(b.data, "abcdefgh\0i", 11);
  buf_free(&b);
  assert_null(b.data);
  assert_int_equal(b.len, 0);
}

static void test_max_enforced(void **state) {
  (void)state;
  struct buf b;
  buf_init(&b, 5);
  assert_int_equal(buf_puts(&b, "12345"), 0); /* exactly max */
  assert_int_equal(b.len, 5);
  assert_int_equal(buf_putc(&b, 'x'), -1);
  assert_int_equal(buf_puts(&b, "xyz"), -1);
  assert_int_equal(buf_printf(&b, "%d", 7), -1);
  assert_int_equal(buf_append(&b, "", 0), 0);
  /* unchanged by the refusals */
  assert_int_equal(b.len, 5);
  assert_string_equal(buf_cstr(&b), "12345");
  buf_reset(&b);
  assert_int_equal(buf_puts(&b, "abcdef"), -1); /* too big at once: nothing written */
  assert_int_equal(b.len, 0);
  assert_string_equal(buf_cstr(&b), "");
  assert_int_equal(buf_puts(&b, "abc"), 0);
  assert_int_equal(buf_puts(&b, "def"), -1); /* would cross max */
  assert_string_equal(buf_cstr(&b), "abc");
  assert_int_equal(buf_puts(&b, "de"), 0);
  assert_string_equal(buf_cstr(&b), "abcde");
  buf_free(&b);

  buf_init(&b, 0);
  assert_int_equal(buf_puts(&b, ""), 0);
  assert_int_equal(buf_putc(&b, 'a'), -1);
  assert_string_equal(buf_cstr(&b), "");
  buf_free(&b);

  /* huge requests fail cleanly instead of wrapping */
  buf_init(&b, 10);
  assert_int_equal(buf_append(&b, "a", SIZE_MAX), -1);
  assert_int_equal(buf_puts(&b, "a"), 0);
  assert_int_equal(buf_append(&b, "a", SIZE_MAX - 1), -1);
  assert_int_equal(b.len, 1);
  buf_free(&b);
}

static void test_printf_growth(void **state) {
  (void)state;
  struct buf b;
  buf_init(&b, 1 << 20);
  char expect[4096] = "";
  size_t elen = 0;
  for (int i = 0; i < 200; i++) {
    assert_int_equal(buf_printf(&b, "[%03d:%s]", i, i % 2 ? "odd" : "even"), 0);
    elen += (size_t)snprintf(expect + elen, sizeof expect - elen, "[%03d:%s]", i,
                             i % 2 ? "odd" : "even");
  }
  assert_int_equal(b.len, elen);
  assert_string_equal(buf_cstr(&b), expect);
  assert_true(b.cap > b.len);
  /* one printf far larger than the current capacity */
  char big[3000];
  memset(big, 'q', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  size_t before = b.len;
  assert_int_equal(buf_printf(&b, "<%s>", big), 0);
  assert_int_equal(b.len, before + sizeof big + 1);
  assert_int_equal(b.data[before], '<');
  assert_int_equal(b.data[b.len - 1], '>');
  assert_int_equal(b.data[b.len], '\0');
  assert_int_equal(strlen(buf_cstr(&b)), b.len);
  /* an empty printf on a fresh buffer gives "" */
  buf_free(&b);
  buf_init(&b, 10);
  assert_int_equal(buf_printf(&b, "%s", ""), 0);
  assert_string_equal(buf_cstr(&b), "");
  assert_int_equal(buf_printf(&b, "%s-%d", "ab", 12345), 0);
  assert_string_equal(buf_cstr(&b), "ab-12345");
  assert_int_equal(buf_printf(&b, "%s", "xyz"), -1); /* 11 > 10 */
  assert_string_equal(buf_cstr(&b), "ab-12345");
  buf_free(&b);
}

static void test_reset_keeps_memory(void **state) {
  (void)state;
  struct buf b;
  buf_init(&b, 1000);
  assert_int_equal(buf_puts(&b, "hello world"), 0);
  char *data = b.data;
  size_t cap = b.cap;
  buf_reset(&b);
  assert_int_equal(b.len, 0);
  assert_ptr_equal(b.data, data);
  assert_int_equal(b.cap, cap);
  assert_string_equal(buf_cstr(&b), "");
  assert_int_equal(buf_puts(&b, "again"), 0);
  assert_string_equal(buf_cstr(&b), "again");
  buf_free(&b);
  buf_reset(&b); /* on a freed buffer: harmless */
  assert_string_equal(buf_cstr(&b), "");
}

static void test_steal(void **state) {
  (void)state;
  struct buf b;
  buf_init(&b, 100);
  assert_int_equal(buf_printf(&b, "%s=%d", "n", 42), 0);
  char *s = buf_steal(&b);
  assert_non_null(s);
  assert_string_equal(s, "n=42");
  assert_null(b.data);
  assert_int_equal(b.len, 0);
  assert_int_equal(b.cap, 0);
  assert_string_equal(buf_cstr(&b), "");
  /* the buffer is usable again and independent of the stolen string */
  assert_int_equal(buf_puts(&b, "next"), 0);
  assert_string_equal(s, "n=42");
  assert_string_equal(buf_cstr(&b), "next");
  free(s);
  buf_free(&b);

  /* stealing a never-allocated buffer gives a freeable "" */
  buf_init(&b, 100);
  s = buf_steal(&b);
  assert_non_null(s);
  assert_string_equal(s, "");
  free(s);
  buf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_init_empty),         cmocka_unit_test(test_append_and_terminate),
      cmocka_unit_test(test_max_enforced),       cmocka_unit_test(test_printf_growth),
      cmocka_unit_test(test_reset_keeps_memory), cmocka_unit_test(test_steal),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
