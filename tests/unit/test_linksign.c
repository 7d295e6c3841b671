/* test_linksign.c - signed report links (linksign.c) and their key file. */
#include "testutil.h"

#include <dirent.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "auth/linksign.h"
#include "util/b64.h"
#include "util/fsutil.h"

static const unsigned char KEY[LINKSIGN_KEY_LEN] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
                                                    12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                                                    23, 24, 25, 26, 27, 28, 29, 30, 31, 32};

static const char ALPHA[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path);
}

/* Per-test temporary directory, removed by the teardown even when the test fails. */
static int tmpdir_setup(void **state) {
  char *d = strdup("/tmp/sb-test-linkkey-XXXXXX");
  if (d == NULL || mkdtemp(d) == NULL) {
    free(d);
    return -1;
  }
  *state = d;
  return 0;
}

static int tmpdir_teardown(void **state) {
  nftw(*state, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
  free(*state);
  return 0;
}

static void make(int64_t id, int64_t exp, char tok[LINKSIGN_TOKEN_SIZE]) {
  assert_int_equal(linksign_make(KEY, id, exp, tok, LINKSIGN_TOKEN_SIZE), 0);
  assert_int_equal(strlen(tok), LINKSIGN_TOKEN_LEN);
}

static void test_round_trip(void **state) {
  (void)state;
  const int64_t ids[] = {1, 42, 9007199254740993LL, INT64_MAX, 0, -1, INT64_MIN};
  for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
    char tok[LINKSIGN_TOKEN_SIZE];
    make(ids[i], 1767227400, tok);
    for (size_t j = 0; j < LINKSIGN_TOKEN_LEN; j++)
      assert_non_null(strchr(ALPHA, tok[j]));
    int64_t id = 0, exp = 0;
    assert_int_equal(linksign_check(KEY, tok, strlen(tok), 1767225600, &id, &exp), LINK_OK);
    assert_true(id == ids[i]);
    assert_true(exp == 1767227400);
    /* NULL outputs are allowed. */
    assert_int_equal(linksign_check(KEY, tok, strlen(tok), 1767225600, NULL, NULL), LINK_OK);
  }
  /* Distinct inputs give distinct tokens; the same input gives the same token. */
  char a[LINKSIGN_TOKEN_SIZE], b[LINKSIGN_TOKEN_SIZE], c[LINKSIGN_TOKEN_SIZE];
  make(7, 1000, a);
  make(7, 1001, b);
  make(7, 1000, c);
  assert_string_not_equal(a, b);
  assert_string_equal(a, c);
  /* The version byte is 1. */
  unsigned char raw[49];
  assert_int_equal(b64url_decode(a, strlen(a), raw, sizeof raw), 49);
  assert_int_equal(raw[0], 1);
  /* Output buffer one byte short. */
  assert_int_equal(linksign_make(KEY, 7, 1000, a, LINKSIGN_TOKEN_SIZE - 1), -1);
  assert_int_equal(linksign_make(KEY, 7, 1000, NULL, LINKSIGN_TOKEN_SIZE), -1);
}

static void test_expiry_boundary(void **state) {
  (void)state;
  char tok[LINKSIGN_TOKEN_SIZE];
  make(99, 2000, tok);
  int64_t id = 0, exp = 0;
  assert_int_equal(linksign_check(KEY, tok, strlen(tok), 1999, &id, &exp), LINK_OK);
  assert_int_equal(linksign_check(KEY, tok, strlen(tok), 2000, &id, &exp), LINK_EXPIRED);
  /* Expired links still report their authenticated contents (for logs). */
  assert_true(id == 99 && exp == 2000);
  assert_int_equal(linksign_check(KEY, tok, strlen(tok), 2001, NULL, NULL), LINK_EXPIRED);
  assert_int_equal(linksign_check(KEY, tok, strlen(tok), INT64_MAX, NULL, NULL), LINK_EXPIRED);
  assert_int_equal(linksign_check(KEY, tok, strlen(tok), INT64_MIN, NULL, NULL), LINK_OK);
  assert_string_equal(link_status_name(LINK_EXPIRED), "expired");
  assert_string_equal(link_status_name(LINK_OK), "ok");
}

/* Every character of a token replaced by every other base64url character is refused,
 * and the outputs are cleared. */
static void test_every_change_refused(void **state) {
  (void)state;
  char tok[LINKSIGN_TOKEN_SIZE], t[LINKSIGN_TOKEN_SIZE];
  make(12345, 1767227400, tok);
  int bad_sig = 0, malformed = 0;
  for (size_t i = 0; i < LINKSIGN_TOKEN_LEN; i++) {
    for (size_t a = 0; a < 64; a++) {
      if (ALPHA[a] == tok[i]) continue;
      memcpy(t, tok, sizeof t);
      t[i] = ALPHA[a];
      int64_t id = -7, exp = -7;
      enum link_status s = linksign_check(KEY, t, LINKSIGN_TOKEN_LEN, 0, &id, &exp);
      if (s == LINK_OK || s == LINK_EXPIRED) {
        fprintf(stderr, "changed token accepted at %zu: %s\n", i, t);
        fail();
      }
      assert_true(id == 0 && exp == 0);
      if (s == LINK_BAD_SIGNATURE) bad_sig++;
      if (s == LINK_MALFORMED) malformed++;
    }
  }
  /* Most changes reach the MAC check; those to the version byte or to the spare bits of
   * the last character are malformed. */
  assert_true(bad_sig > 60 * 63);
  assert_true(malformed > 0);
  /* Flipping each bit of each decoded byte (re-encoded canonically) is refused too. */
  unsigned char raw[49], mod[49];
  assert_int_equal(b64url_decode(tok, LINKSIGN_TOKEN_LEN, raw, sizeof raw), 49);
  for (size_t i = 0; i < sizeof raw; i++) {
    for (int bit = 0; bit < 8; bit++) {
      memcpy(mod, raw, sizeof raw);
      mod[i] ^= (unsigned char)(1u << bit);
      assert_int_equal(b64url_encode(mod, sizeof mod, t, sizeof t), LINKSIGN_TOKEN_LEN);
      enum link_status s = linksign_check(KEY, t, LINKSIGN_TOKEN_LEN, 0, NULL, NULL);
      assert_true(s == (i == 0 ? LINK_MALFORMED : LINK_BAD_SIGNATURE));
    }
  }
}

static void test_wrong_key_truncated_garbage(void **state) {
  (void)state;
  char tok[LINKSIGN_TOKEN_SIZE];
  make(5, 1767227400, tok);
  unsigned char other[LINKSIGN_KEY_LEN];
  memcpy(other, KEY, sizeof other);
  other[31] ^= 0x80;
  assert_int_equal(linksign_check(other, tok, strlen(tok), 0, NULL, NULL), LINK_BAD_SIGNATURE);
  /* Truncated at every length, and extended. */
  for (size_t n = 0; n < LINKSIGN_TOKEN_LEN; n++)
    assert_int_equal(linksign_check(KEY, tok, n, 0, NULL, NULL), LINK_MALFORMED);
  char longer[LINKSIGN_TOKEN_SIZE + 4];
  snprintf(longer, sizeof longer, "%sAAAA", tok);
  assert_int_equal(linksign_check(KEY, longer, strlen(longer), 0, NULL, NULL), LINK_MALFORMED);
  /* Garbage of the right length, padding, other alphabets, NUL. */
  char g[LINKSIGN_TOKEN_SIZE];
  memset(g, 'A', LINKSIGN_TOKEN_LEN);
  g[LINKSIGN_TOKEN_LEN] = '\0';
  assert_int_equal(linksign_check(KEY, g, LINKSIGN_TOKEN_LEN, 0, NULL, NULL), LINK_MALFORMED);
  g[0] = 'A';
  g[1] = 'Q'; /* version 1, all else zero: right shape, wrong MAC */
  assert_int_equal(linksign_check(KEY, g, LINKSIGN_TOKEN_LEN, 0, NULL, NULL), LINK_BAD_SIGNATURE);
  const char subs[] = {'+', '/', '=', ' ', '\0', '.'};
  for (size_t i = 0; i < sizeof subs; i++) {
    memcpy(g, tok, sizeof g);
    g[30] = subs[i];
    assert_int_equal(linksign_check(KEY, g, LINKSIGN_TOKEN_LEN, 0, NULL, NULL), LINK_MALFORMED);
  }
  assert_int_equal(linksign_check(KEY, NULL, 0, 0, NULL, NULL), LINK_MALFORMED);
  assert_int_equal(linksign_check(KEY, "", 0, 0, NULL, NULL), LINK_MALFORMED);
  /* A token carries no more than (version, id, expiry, MAC): 49 bytes. */
  assert_int_equal(LINKSIGN_TOKEN_LEN, (49 * 4 + 2) / 3);
}

/* The token's MAC is exactly HMAC-SHA256(key, "scorebridge-link" || body), computed here
 * independently with libsodium, for two keys in turn (the signer caches a prepared key per
 * thread and must notice the change). */
static void test_mac_is_hmac_sha256(void **state) {
  (void)state;
  assert_true(sodium_init() >= 0);
  unsigned char keys[2][32];
  for (int k = 0; k < 2; k++)
    for (int i = 0; i < 32; i++)
      keys[k][i] = (unsigned char)(k * 97 + i * 7 + 1);
  for (int round = 0; round < 4; round++) {
    const unsigned char *key = keys[round % 2];
    char tok[LINKSIGN_TOKEN_SIZE];
    assert_int_equal(linksign_make(key, 4242 + round, 1800000000 + round, tok, sizeof tok), 0);
    unsigned char raw[17 + 32];
    assert_int_equal(b64url_decode(tok, strlen(tok), raw, sizeof raw), (long)sizeof raw);
    crypto_auth_hmacsha256_state st;
    unsigned char want[32];
    crypto_auth_hmacsha256_init(&st, key, 32);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)"scorebridge-link", 16);
    crypto_auth_hmacsha256_update(&st, raw, 17);
    crypto_auth_hmacsha256_final(&st, want);
    assert_memory_equal(raw + 17, want, 32);
  }
}

static void test_key_file(void **state) {
  const char *dir = *state;
  char path[256];
  snprintf(path, sizeof path, "%s/secrets/link.key", dir);
  struct sb_err err = {{0}};
  unsigned char k1[LINKSIGN_KEY_LEN], k2[LINKSIGN_KEY_LEN], zero[LINKSIGN_KEY_LEN] = {0};
  /* Missing without create. */
  memset(k1, 0xaa, sizeof k1);
  assert_int_equal(linkkey_load(path, false, k1, &err), -1);
  assert_non_null(strstr(err.msg, "does not exist"));
  assert_memory_equal(k1, zero, sizeof k1);
  /* Created 0600 (with its directory), then reloaded identical. */
  assert_int_equal(linkkey_load(path, true, k1, &err), 0);
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0600);
  assert_int_equal(st.st_size, LINKSIGN_KEY_LEN);
  assert_memory_not_equal(k1, zero, sizeof k1);
  assert_int_equal(linkkey_load(path, false, k2, &err), 0);
  assert_memory_equal(k1, k2, sizeof k1);
  assert_int_equal(linkkey_load(path, true, k2, &err), 0); /* create does not replace */
  assert_memory_equal(k1, k2, sizeof k1);
  /* No temporary file left behind. */
  char secrets[256];
  snprintf(secrets, sizeof secrets, "%s/secrets", dir);
  size_t nfiles = 0;
  struct dirent *de;
  DIR *d = opendir(secrets);
  assert_non_null(d);
  while ((de = readdir(d)) != NULL)
    if (de->d_name[0] != '.') nfiles++;
  closedir(d);
  assert_int_equal(nfiles, 1);
  /* Tokens made with the loaded key check with the reloaded key. */
  char tok[LINKSIGN_TOKEN_SIZE];
  assert_int_equal(linksign_make(k1, 3, 100, tok, sizeof tok), 0);
  assert_int_equal(linksign_check(k2, tok, strlen(tok), 99, NULL, NULL), LINK_OK);
  /* A second deployment's key differs. */
  char path2[256];
  snprintf(path2, sizeof path2, "%s/other.key", dir);
  assert_int_equal(linkkey_load(path2, true, k2, &err), 0);
  assert_memory_not_equal(k1, k2, sizeof k1);
  /* Readable by others: refused. */
  assert_int_equal(chmod(path, 0644), 0);
  assert_int_equal(linkkey_load(path, false, k2, &err), -1);
  assert_non_null(strstr(err.msg, "chmod 600"));
  assert_memory_equal(k2, zero, sizeof k2);
  /* Wrong size: refused, with or without create. */
  assert_int_equal(fs_write_file_atomic(path, "short", 5, 0600, &err), 0);
  assert_int_equal(linkkey_load(path, true, k2, &err), -1);
  assert_non_null(strstr(err.msg, "exactly 32"));
  unsigned char big[33] = {0};
  assert_int_equal(fs_write_file_atomic(path, big, sizeof big, 0600, &err), 0);
  assert_int_equal(linkkey_load(path, false, k2, &err), -1);
  /* A directory is not a key file. */
  assert_int_equal(linkkey_load(secrets, false, k2, &err), -1);
  assert_int_equal(linkkey_load("", true, k2, &err), -1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_round_trip),
      cmocka_unit_test(test_expiry_boundary),
      cmocka_unit_test(test_every_change_refused),
      cmocka_unit_test(test_wrong_key_truncated_garbage),
      cmocka_unit_test(test_mac_is_hmac_sha256),
      cmocka_unit_test_setup_teardown(test_key_file, tmpdir_setup, tmpdir_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
