/* test_keys_rotation.c - key rotation and retirement (keys.c): the retirement rule,
 * key states, pruning of retired keys' files, the JWKS and jwt_verify leaving retired
 * keys out, and keyring_reload swapping in a rotated directory. The clock is fixed by
 * SCOREBRIDGE_NOW (set before anything reads it). */
#include "testutil.h"

#include <ftw.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "auth/jwt.h"
#include "auth/keys.h"
#include "util/clock.h"
#include "util/fsutil.h"

#define NOW 1772366400 /* 2026-03-01T12:00:00Z */
#define TTL 600
#define LEEWAY 60

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path);
}

static int tmpdir_setup(void **state) {
  char *d = strdup("/tmp/sb-test-keys-XXXXXX");
  if (d == NULL || mkdtemp(d) == NULL) {
    free(d);
    return -1;
  }
  *state = d;
  return 0;
}

static int tmpdir_teardown(void **state) {
  nftw(*state, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
  free(*state);
  return 0;
}

static void keys_dir(void **state, char *out, size_t n) {
  snprintf(out, n, "%s/keys", (const char *)*state);
}

/* The keyring in dir (created when create), under the tests' retirement policy. */
static struct keyring *ring(const char *dir, bool create) {
  struct sb_err err = {{0}};
  struct keyring *kr = keyring_load(dir, create, &err);
  if (kr == NULL) fail_msg("keyring_load: %s", err.msg);
  keyring_set_retirement(kr, TTL, LEEWAY);
  return kr;
}

static bool file_exists(const char *dir, const char *kid, const char *suffix) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s%s", dir, kid, suffix);
  return access(path, F_OK) == 0;
}

/* Rewrites a key's metadata file with another creation time. */
static void set_created(const char *dir, const char *kid, int64_t serial, int64_t created) {
  char path[512], text[256];
  snprintf(path, sizeof path, "%s/%s.json", dir, kid);
  int n = snprintf(text, sizeof text,
                   "{\"kid\":\"%s\",\"alg\":\"RS256\",\"created\":%lld,\"serial\":%lld}\n", kid,
                   (long long)created, (long long)serial);
  struct sb_err err = {{0}};
  assert_int_equal(fs_write_file_atomic(path, text, (size_t)n, 0644, &err), 0);
}

static char *sign_token(const struct keyring *kr) {
  json_t *claims = json_pack("{s:s, s:s, s:I, s:I}", "iss", "https://t", "aud", "ssr-api", "iat",
                             (json_int_t)NOW, "exp", (json_int_t)(NOW + TTL));
  struct sb_err err = {{0}};
  char *tok = jwt_sign(kr, claims, &err);
  json_decref(claims);
  assert_non_null(tok);
  return tok;
}

static bool verifies(const struct keyring *kr, const char *tok) {
  struct jwt_expect ex = {.iss = "https://t", .aud = "ssr-api", .now = NOW, .leeway = LEEWAY};
  struct sb_err err = {{0}};
  json_t *claims = jwt_verify(kr, tok, strlen(tok), &ex, &err);
  json_decref(claims);
  return claims != NULL;
}

static bool jwks_has(const struct keyring *kr, const char *kid) {
  char *text = keyring_jwks_json(kr);
  assert_non_null(text);
  bool has = strstr(text, kid) != NULL;
  free(text);
  return has;
}

static void test_retire_time_rule(void **state) {
  (void)state;
  /* successor's creation + pickup + token lifetime + leeway */
  assert_int_equal(keyring_retire_time(1000, 3600, 60), 1000 + KEYRING_PICKUP_S + 3600 + 60);
  assert_int_equal(keyring_retire_time(1000, 0, 0), 1000 + KEYRING_PICKUP_S);
  /* negative lifetimes or leeways count as none, never as an earlier retirement */
  assert_int_equal(keyring_retire_time(1000, -5, -7), 1000 + KEYRING_PICKUP_S);
  assert_string_equal(keyring_state_name(KEYRING_SIGNING), "signing");
  assert_string_equal(keyring_state_name(KEYRING_PUBLISHED), "published");
  assert_string_equal(keyring_state_name(KEYRING_RETIRED), "retired");
}

static void test_states_after_rotate(void **state) {
  char dir[256];
  keys_dir(state, dir, sizeof dir);
  struct sb_err err = {{0}};
  struct keyring *kr = ring(dir, true);
  /* one key: it signs, never retires */
  assert_int_equal(keyring_key_state(kr, 0, NOW + 1000000), KEYRING_SIGNING);
  assert_int_equal(keyring_key_retires_at(kr, 0), 0);
  assert_int_equal(keyring_rotate(kr, dir, &err), 0);
  assert_int_equal(keyring_count(kr), 2);
  int64_t succ = keyring_key_created(keyring_key_at(kr, 1));
  int64_t at = keyring_retire_time(succ, TTL, LEEWAY);
  assert_int_equal(keyring_key_retires_at(kr, 0), at);
  assert_int_equal(keyring_key_retires_at(kr, 1), 0);
  assert_int_equal(keyring_key_state(kr, 1, at + 1000000), KEYRING_SIGNING);
  assert_int_equal(keyring_key_state(kr, 0, succ), KEYRING_PUBLISHED);
  assert_int_equal(keyring_key_state(kr, 0, at - 1), KEYRING_PUBLISHED);
  assert_int_equal(keyring_key_state(kr, 0, at), KEYRING_RETIRED);
  assert_int_equal(keyring_key_state(kr, 5, at), KEYRING_RETIRED); /* out of range */
  /* without a policy, keys never retire */
  keyring_set_retirement(kr, 0, 0);
  assert_int_equal(keyring_key_state(kr, 0, at + 1000000), KEYRING_PUBLISHED);
  assert_int_equal(keyring_key_retires_at(kr, 0), 0);
  keyring_free(kr);
}

static void test_old_key_verifies_until_retired(void **state) {
  char dir[256];
  keys_dir(state, dir, sizeof dir);
  struct sb_err err = {{0}};
  struct keyring *kr = ring(dir, true);
  char old_kid[KEYRING_KID_SIZE];
  snprintf(old_kid, sizeof old_kid, "%s", keyring_signing_kid(kr));
  char *old_tok = sign_token(kr);
  assert_int_equal(keyring_rotate(kr, dir, &err), 0);
  char new_kid[KEYRING_KID_SIZE];
  snprintf(new_kid, sizeof new_kid, "%s", keyring_signing_kid(kr));
  assert_string_not_equal(old_kid, new_kid);
  char *new_tok = sign_token(kr);
  /* at NOW (the successor was just created) the old key is published and verifies */
  assert_true(verifies(kr, old_tok));
  assert_true(verifies(kr, new_tok));
  assert_true(jwks_has(kr, old_kid));
  assert_true(jwks_has(kr, new_kid));
  assert_non_null(keyring_find(kr, old_kid, strlen(old_kid)));
  /* date the successor back so the rule retires the old key at NOW: the files stay,
   * but the JWKS and jwt_verify leave it out */
  set_created(dir, new_kid, 2, NOW - TTL - LEEWAY - KEYRING_PICKUP_S);
  struct keyring *kr2 = ring(dir, false);
  assert_int_equal(keyring_key_state(kr2, 0, NOW), KEYRING_RETIRED);
  assert_null(keyring_find(kr2, old_kid, strlen(old_kid)));
  assert_false(verifies(kr2, old_tok));
  assert_true(verifies(kr2, new_tok));
  assert_false(jwks_has(kr2, old_kid));
  assert_true(jwks_has(kr2, new_kid));
  /* one second earlier it was still published */
  set_created(dir, new_kid, 2, NOW - TTL - LEEWAY - KEYRING_PICKUP_S + 1);
  struct keyring *kr3 = ring(dir, false);
  assert_true(verifies(kr3, old_tok));
  assert_true(jwks_has(kr3, old_kid));
  keyring_free(kr3);
  keyring_free(kr2);
  keyring_free(kr);
  free(old_tok);
  free(new_tok);
}

static void test_prune(void **state) {
  char dir[256];
  keys_dir(state, dir, sizeof dir);
  struct sb_err err = {{0}};
  struct keyring *kr = ring(dir, true);
  char old_kid[KEYRING_KID_SIZE];
  snprintf(old_kid, sizeof old_kid, "%s", keyring_signing_kid(kr));
  assert_int_equal(keyring_rotate(kr, dir, &err), 0);
  int64_t at = keyring_key_retires_at(kr, 0);
  char removed[4][KEYRING_KID_SIZE];
  size_t n = 99;
  /* not yet retired: nothing is removed */
  assert_int_equal(keyring_prune(kr, dir, at - 1, removed, 4, &n, &err), 0);
  assert_int_equal(n, 0);
  assert_int_equal(keyring_count(kr), 2);
  assert_true(file_exists(dir, old_kid, ".key.pem"));
  /* retired: its three files go, the signing key stays */
  assert_int_equal(keyring_prune(kr, dir, at, removed, 4, &n, &err), 0);
  assert_int_equal(n, 1);
  assert_string_equal(removed[0], old_kid);
  assert_int_equal(keyring_count(kr), 1);
  assert_false(file_exists(dir, old_kid, ".key.pem"));
  assert_false(file_exists(dir, old_kid, ".pub.pem"));
  assert_false(file_exists(dir, old_kid, ".json"));
  const char *signing = keyring_signing_kid(kr);
  assert_true(file_exists(dir, signing, ".key.pem"));
  /* the signing key is never pruned, however late */
  assert_int_equal(keyring_prune(kr, dir, at + 100000000, NULL, 0, &n, &err), 0);
  assert_int_equal(n, 0);
  struct keyring *again = keyring_load(dir, false, &err);
  assert_non_null(again);
  assert_int_equal(keyring_count(again), 1);
  keyring_free(again);
  keyring_free(kr);
}

static void test_prune_three_keys(void **state) {
  char dir[256];
  keys_dir(state, dir, sizeof dir);
  struct sb_err err = {{0}};
  struct keyring *kr = ring(dir, true);
  assert_int_equal(keyring_rotate(kr, dir, &err), 0);
  assert_int_equal(keyring_rotate(kr, dir, &err), 0);
  assert_int_equal(keyring_count(kr), 3);
  /* the middle key retires after its own successor, not after the first rotation */
  char k1[KEYRING_KID_SIZE], k2[KEYRING_KID_SIZE];
  snprintf(k1, sizeof k1, "%s", keyring_key_kid(keyring_key_at(kr, 0)));
  snprintf(k2, sizeof k2, "%s", keyring_key_kid(keyring_key_at(kr, 1)));
  set_created(dir, k2, 2, NOW - 5000);
  keyring_free(kr);
  kr = ring(dir, false);
  /* k1's successor k2 is old: k1 retired; k2's successor k3 is new: k2 published */
  assert_int_equal(keyring_key_state(kr, 0, NOW), KEYRING_RETIRED);
  assert_int_equal(keyring_key_state(kr, 1, NOW), KEYRING_PUBLISHED);
  assert_int_equal(keyring_key_state(kr, 2, NOW), KEYRING_SIGNING);
  size_t n = 0;
  char removed[4][KEYRING_KID_SIZE];
  assert_int_equal(keyring_prune(kr, dir, NOW, removed, 4, &n, &err), 0);
  assert_int_equal(n, 1);
  assert_string_equal(removed[0], k1);
  assert_int_equal(keyring_count(kr), 2);
  assert_string_equal(keyring_key_kid(keyring_key_at(kr, 0)), k2);
  keyring_free(kr);
}

static void test_reload(void **state) {
  char dir[256];
  keys_dir(state, dir, sizeof dir);
  struct sb_err err = {{0}};
  struct keyring *server = ring(dir, true);
  char *old_tok = sign_token(server);
  char old_kid[KEYRING_KID_SIZE];
  snprintf(old_kid, sizeof old_kid, "%s", keyring_signing_kid(server));
  /* nothing changed: no new snapshot (however often it re-reads a fresh directory) */
  assert_true(keyring_reload(server, &err) >= 0);
  assert_int_equal(keyring_reload(server, &err), 0);
  assert_string_equal(keyring_signing_kid(server), old_kid);
  /* another process (the CLI) rotates: the server picks the new key up */
  struct keyring *cli = keyring_load(dir, false, &err);
  assert_non_null(cli);
  assert_int_equal(keyring_rotate(cli, dir, &err), 0);
  assert_int_equal(keyring_reload(server, &err), 1);
  assert_int_equal(keyring_count(server), 2);
  assert_string_equal(keyring_signing_kid(server), keyring_signing_kid(cli));
  /* the old key's token still verifies; new tokens carry the new kid */
  assert_true(verifies(server, old_tok));
  char *new_tok = sign_token(server);
  assert_true(verifies(server, new_tok));
  assert_true(verifies(cli, new_tok));
  /* a broken key file: the reload fails and the current keys stay */
  char bad[512];
  snprintf(bad, sizeof bad, "%s/%s", dir, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.key.pem");
  assert_int_equal(fs_write_file_atomic(bad, "junk", 4, 0600, &err), 0);
  assert_int_equal(keyring_reload(server, &err), -1);
  assert_int_equal(keyring_count(server), 2);
  assert_true(verifies(server, new_tok));
  assert_int_equal(unlink(bad), 0);
  assert_true(keyring_reload(server, &err) >= 0);
  assert_int_equal(keyring_count(server), 2);
  /* pruned by the CLI: the server drops the key */
  keyring_set_retirement(cli, TTL, LEEWAY);
  size_t n = 0;
  assert_int_equal(keyring_prune(cli, dir, keyring_key_retires_at(cli, 0), NULL, 0, &n, &err), 0);
  assert_int_equal(n, 1);
  assert_int_equal(keyring_reload(server, &err), 1);
  assert_int_equal(keyring_count(server), 1);
  assert_false(verifies(server, old_tok));
  assert_true(verifies(server, new_tok));
  /* no keyring: an error, not a crash */
  assert_int_equal(keyring_reload(NULL, &err), -1);
  keyring_free(cli);
  keyring_free(server);
  free(old_tok);
  free(new_tok);
}

int main(void) {
  setenv("SCOREBRIDGE_NOW", "2026-03-01T12:00:00Z", 1);
  struct sb_err err = {{0}};
  if (clock_init(&err) != 0 || clock_now() != NOW) return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_retire_time_rule),
      cmocka_unit_test_setup_teardown(test_states_after_rotate, tmpdir_setup, tmpdir_teardown),
      cmocka_unit_test_setup_teardown(test_old_key_verifies_until_retired, tmpdir_setup,
                                      tmpdir_teardown),
      cmocka_unit_test_setup_teardown(test_prune, tmpdir_setup, tmpdir_teardown),
      cmocka_unit_test_setup_teardown(test_prune_three_keys, tmpdir_setup, tmpdir_teardown),
      cmocka_unit_test_setup_teardown(test_reload, tmpdir_setup, tmpdir_teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
