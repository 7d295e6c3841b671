/* key_policy.h - the token lifetime that decides when an old signing key retires,
 * recorded beside the keys (DIR/keys/policy) by the server, so that `scorebridge keys
 * prune` follows the running server's rule instead of the CLI's own --token-ttl.
 *
 * The retirement rule (auth/keys.h) needs the longest lifetime any live token may have.
 * serve records its --token-ttl and leeway when it starts. When it starts with a shorter
 * lifetime than the one recorded, tokens the previous process issued may live for the old
 * lifetime after now: the old values are carried until now + old lifetime + old leeway.
 * Whoever applies the rule takes the longest of its own lifetime and the record's
 * (key_policy_effective): a key then retires late rather than early.
 *
 * File: one line of decimal numbers, "ttl leeway" or "ttl leeway carry_ttl carry_leeway
 * carry_until" (unix seconds). Pure functions for the rule and the line; the two file
 * functions do the I/O. No allocation: everything is in struct key_policy. */
#ifndef SB_AUTH_KEY_POLICY_H
#define SB_AUTH_KEY_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define KEY_POLICY_FILE "policy"
#define KEY_POLICY_LINE_MAX 128

struct key_policy {
  int64_t token_ttl, leeway;                    /* the latest server's */
  int64_t carry_ttl, carry_leeway, carry_until; /* a previous server's, until then (0: none) */
};

/* The record after a server starts at now with token_ttl and leeway, given the record
 * before (NULL: none). */
void key_policy_next(const struct key_policy *before, int64_t token_ttl, int64_t leeway,
                     int64_t now, struct key_policy *out);
/* The lifetime and leeway to retire keys by at now: the longest of (own_ttl, own_leeway),
 * the record's, and its carried values while they last. p may be NULL (no record). */
void key_policy_effective(const struct key_policy *p, int64_t own_ttl, int64_t own_leeway,
                          int64_t now, int64_t *ttl, int64_t *leeway);
/* Text form. format returns the length, or 0 when out is too small. */
size_t key_policy_format(const struct key_policy *p, char *out, size_t n);
/* Parses one line (a trailing newline allowed). -1 with err naming the field when it is
 * not 2 or 5 non-negative numbers within range (ttl 60..86400, leeway 0..3600). */
int key_policy_parse(const char *text, size_t len, struct key_policy *out, struct sb_err *err);

/* DIR/keys/policy: read returns 1 and fills out, 0 when there is no file, -1 with err
 * when it cannot be read or parsed. record applies key_policy_next and writes the file
 * atomically. */
int key_policy_read(const char *keys_dir, struct key_policy *out, struct sb_err *err);
int key_policy_record(const char *keys_dir, int64_t token_ttl, int64_t leeway, int64_t now,
                      struct key_policy *out, struct sb_err *err);

#endif
