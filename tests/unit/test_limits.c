/* test_limits.c - the token bucket, live-token table and failure backoff of
 * src/http/limits.h, with an injected clock, and the thread-safe tables around them. */
#include "testutil.h"

#include <pthread.h>

#include "http/limits.h"

#define S 1000000000LL /* one second in ns */

static void test_bucket_burst_then_rate(void **state) {
  (void)state;
  struct tbucket b = {0};
  unsigned retry = 0;
  int64_t t = 5 * S;
  for (int i = 0; i < 4; i++)
    assert_true(tbucket_take(&b, 2.0, 4, t, &retry)); /* the burst */
  assert_false(tbucket_take(&b, 2.0, 4, t, &retry));
  assert_int_equal(retry, 1);
  assert_false(tbucket_take(&b, 2.0, 4, t + S / 4, &retry)); /* half a token back */
  assert_true(tbucket_take(&b, 2.0, 4, t + S / 2, &retry));  /* one token back */
  assert_false(tbucket_take(&b, 2.0, 4, t + S / 2, &retry));
  /* a long pause refills to the burst, never beyond */
  for (int i = 0; i < 4; i++)
    assert_true(tbucket_take(&b, 2.0, 4, t + 100 * S, &retry));
  assert_false(tbucket_take(&b, 2.0, 4, t + 100 * S, &retry));
}

static void test_bucket_slow_rate_retry(void **state) {
  (void)state;
  struct tbucket b = {0};
  unsigned retry = 0;
  assert_true(tbucket_take(&b, 0.1, 1, 0, &retry));
  assert_false(tbucket_take(&b, 0.1, 1, S, &retry));
  assert_int_equal(retry, 9);                     /* 0.9 token missing at 0.1/s */
  assert_true(tbucket_take(&b, 0, 1, S, &retry)); /* rate 0: no limit */
}

static const struct backoff_policy POL = {
    .free_failures = 2, .lock_failures = 5, .lock_secs = 100, .max_delay_secs = 4};

static void test_backoff_free_delay_lock(void **state) {
  (void)state;
  struct backoff b = {0};
  unsigned retry = 0;
  int64_t t = 10 * S;
  assert_true(backoff_check(&b, &POL, t, &retry));
  backoff_fail(&b, t);
  assert_true(backoff_check(&b, &POL, t, &retry)); /* one free failure left */
  backoff_fail(&b, t);
  assert_false(backoff_check(&b, &POL, t, &retry)); /* 2 failures: wait 1 s */
  assert_int_equal(retry, 1);
  assert_true(backoff_check(&b, &POL, t + S, &retry));
  backoff_fail(&b, t + S); /* 3: wait 2 s */
  assert_false(backoff_check(&b, &POL, t + 2 * S, &retry));
  assert_int_equal(retry, 1);
  assert_true(backoff_check(&b, &POL, t + 3 * S, &retry));
  backoff_fail(&b, t + 3 * S); /* 4: wait 4 s (the cap) */
  assert_false(backoff_check(&b, &POL, t + 3 * S, &retry));
  assert_int_equal(retry, 4);
  backoff_fail(&b, t + 7 * S); /* 5: locked for 100 s from the last failure */
  assert_false(backoff_check(&b, &POL, t + 50 * S, &retry));
  assert_int_equal(retry, 57);
  assert_false(backoff_check(&b, &POL, t + 106 * S, &retry));
  assert_int_equal(retry, 1);
  assert_true(backoff_check(&b, &POL, t + 107 * S, &retry)); /* forgotten */
  assert_int_equal(b.failures, 0);
}

static void test_live_tokens(void **state) {
  (void)state;
  struct live_tokens t = {0};
  unsigned retry = 0;
  int64_t now = 1000;
  for (int i = 0; i < 3; i++)
    assert_true(live_tokens_issue(&t, 3, now + i, now + i + 3600, &retry));
  assert_false(live_tokens_issue(&t, 3, now + 10, now + 3610, &retry));
  assert_int_equal(retry, 3600 - 10); /* the oldest expires at now + 3600 */
  /* once the oldest has expired, one more may be issued */
  assert_true(live_tokens_issue(&t, 3, now + 3600, now + 7200, &retry));
  assert_false(live_tokens_issue(&t, 3, now + 3600, now + 7200, &retry));
  assert_int_equal(retry, 1);
  assert_true(live_tokens_issue(&t, 0, now, now + 1, &retry)); /* cap 0: no cap */
}

static void test_tables(void **state) {
  (void)state;
  struct sb_limits_config c;
  sb_limits_config_defaults(&c);
  assert_int_equal(c.max_live_tokens, 15);
  c.max_live_tokens = 2;
  c.token_rate = 1;
  c.token_burst = 2;
  c.login_user = POL;
  c.login_addr = (struct backoff_policy){
      .free_failures = 10, .lock_failures = 20, .lock_secs = 100, .max_delay_secs = 4};
  struct sb_limits *l = sb_limits_new(&c);
  assert_non_null(l);
  unsigned retry = 0;
  assert_true(sb_limits_token_issue(l, "cred-a", 100, 200, &retry));
  assert_true(sb_limits_token_issue(l, "cred-a", 100, 200, &retry));
  assert_false(sb_limits_token_issue(l, "cred-a", 150, 200, &retry));
  assert_int_equal(retry, 50);
  assert_true(sb_limits_token_issue(l, "cred-b", 150, 250, &retry)); /* per credential */
  uint64_t h = sb_limits_hash("tok", 3);
  assert_true(sb_limits_token_request(l, h, S, &retry));
  assert_true(sb_limits_token_request(l, h, S, &retry));
  assert_false(sb_limits_token_request(l, h, S, &retry));
  assert_true(sb_limits_token_request(l, h + 1, S, &retry)); /* another token */
  /* a username is slowed, another username from the same address is not */
  for (int i = 0; i < 2; i++) {
    assert_true(sb_limits_login_check(l, "10.0.0.1", "alice", S, &retry));
    sb_limits_login_result(l, "10.0.0.1", "alice", false, S);
  }
  assert_false(sb_limits_login_check(l, "10.0.0.1", "alice", S, &retry));
  assert_true(sb_limits_login_check(l, "10.0.0.1", "bob", S, &retry));
  /* a success resets the username */
  sb_limits_login_result(l, "10.0.0.1", "alice", true, 2 * S);
  assert_true(sb_limits_login_check(l, "10.0.0.1", "alice", 2 * S, &retry));
  /* the address: 10 free failures across usernames, then a delay for everyone there */
  char user[16];
  for (int i = 0; i < 10; i++) {
    snprintf(user, sizeof user, "u%d", i);
    sb_limits_login_result(l, "10.0.0.2", user, false, 3 * S);
  }
  assert_false(sb_limits_login_check(l, "10.0.0.2", "carol", 3 * S, &retry));
  assert_true(sb_limits_login_check(l, "10.0.0.3", "carol", 3 * S, &retry));
  sb_limits_free(l);
}

static void test_tables_bounded(void **state) {
  (void)state;
  struct sb_limits_config c;
  sb_limits_config_defaults(&c);
  c.token_rate = 1;
  c.token_burst = 1;
  struct sb_limits *l = sb_limits_new(&c);
  assert_non_null(l);
  unsigned retry = 0;
  /* far more keys than slots: old ones are forgotten (allowed again), nothing grows */
  for (uint64_t k = 1; k <= 200000; k++)
    assert_true(sb_limits_token_request(l, sb_limits_hash(&k, sizeof k), S, &retry));
  uint64_t last = 200000;
  assert_false(sb_limits_token_request(l, sb_limits_hash(&last, sizeof last), S, &retry));
  sb_limits_free(l);
}

struct hammer {
  struct sb_limits *l;
  int allowed;
};

static void *hammer_run(void *p) {
  struct hammer *h = p;
  unsigned retry;
  for (int i = 0; i < 10000; i++)
    if (sb_limits_token_request(h->l, 42, S, &retry)) h->allowed++;
  return NULL;
}

static void test_threads(void **state) {
  (void)state;
  struct sb_limits_config c;
  sb_limits_config_defaults(&c);
  c.token_rate = 1;
  c.token_burst = 1000;
  struct sb_limits *l = sb_limits_new(&c);
  assert_non_null(l);
  pthread_t th[4];
  struct hammer hs[4];
  for (int i = 0; i < 4; i++) {
    hs[i] = (struct hammer){l, 0};
    pthread_create(&th[i], NULL, hammer_run, &hs[i]);
  }
  int total = 0;
  for (int i = 0; i < 4; i++) {
    pthread_join(th[i], NULL);
    total += hs[i].allowed;
  }
  assert_int_equal(total, 1000); /* exactly the burst, whatever the interleaving */
  sb_limits_free(l);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_bucket_burst_then_rate),
      cmocka_unit_test(test_bucket_slow_rate_retry),
      cmocka_unit_test(test_backoff_free_delay_lock),
      cmocka_unit_test(test_live_tokens),
      cmocka_unit_test(test_tables),
      cmocka_unit_test(test_tables_bounded),
      cmocka_unit_test(test_threads),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
