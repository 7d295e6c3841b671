/* fuzz_listing.c - libFuzzer target for the per-student report listing decoder
 * (src/store/listing.h), which reads records back from the database: a decoded record
 * must hold NUL-terminated fields and encode back to exactly the input (the format has
 * one spelling per listing); anything else must be refused with a message. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/listing.h"

static void check(bool ok) {
  if (!ok) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct report *r = NULL;
  size_t n = 0;
  struct sb_err err;
  err.msg[0] = '\0';
  if (listing_decode(data, size, "1234567890", &r, &n, &err) != 0) {
    check(r == NULL && n == 0 && err.msg[0] != '\0');
    return 0;
  }
  check(n == 0 ? r == NULL : r != NULL);
  for (size_t i = 0; i < n; i++) {
    check(memchr(r[i].type, '\0', sizeof r[i].type) != NULL);
    check(memchr(r[i].content_type, '\0', sizeof r[i].content_type) != NULL);
    check(strcmp(r[i].ssid, "1234567890") == 0);
    check(r[i].final == 0 || r[i].final == 1);
  }
  struct buf b;
  buf_init(&b, size + 1);
  check(listing_encode(r, n, &b, &err) == 0);
  check(b.len == size && memcmp(b.data, data, size) == 0);
  buf_free(&b);
  free(r);
  return 0;
}
