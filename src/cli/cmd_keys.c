/* cmd_keys.c - scorebridge keys rotate|list|prune: the RS256 keys that sign access tokens
 * (DIR/keys, auth/keys.h). rotate adds a key that signs new tokens from then on; older
 * keys stay published (JWKS) and keep verifying until every token they may have signed
 * has expired, then they retire (the rule in auth/keys.h: successor's creation +
 * KEYRING_PICKUP_S + token TTL + leeway). prune deletes the files of retired keys;
 * rotate prunes too. A running server picks changes up within KEYRING_POLL_S seconds.
 * The rule takes the longest of --token-ttl (SCOREBRIDGE_TOKEN_TTL) and the lifetime the
 * server recorded beside the keys when it started (auth/key_policy.h), so a CLI run
 * without the server's setting cannot prune a key the server still needs. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "auth/key_policy.h"
#include "auth/keys.h"
#include "cli/cli.h"
#include "util/clock.h"

static void usage(FILE *f) {
  fputs("usage: scorebridge keys rotate [--token-ttl S] [--json]\n"
        "       scorebridge keys list [--token-ttl S] [--json]\n"
        "       scorebridge keys prune [--token-ttl S] [--json]\n"
        "  rotate           add a new signing key; prune retired keys\n"
        "  list             every key: kid, created, state (signing, published, retired)\n"
        "  prune            delete the files of retired keys\n"
        "  --token-ttl S    a JWT lifetime (SCOREBRIDGE_TOKEN_TTL; default 3600): an old key\n"
        "                   retires S + leeway + pickup seconds after its successor; the\n"
        "                   lifetime the server recorded in DIR/keys/policy counts when longer\n"
        "  --data DIR       data directory (SCOREBRIDGE_DATA; default ./var)\n"
        "  --json           print one JSON object on stdout\n",
        f);
}

static json_t *keys_json(const struct keyring *kr, int64_t now) {
  json_t *arr = json_array();
  for (size_t i = keyring_count(kr); i-- > 0;) {
    const struct keyring_key *k = keyring_key_at(kr, i);
    char created[32], retires[32];
    int64_t at = keyring_key_retires_at(kr, i);
    json_t *o =
        json_pack("{s:s, s:s, s:s, s:s}", "kid", keyring_key_kid(k), "alg", keyring_key_alg(k),
                  "created", cli_iso(keyring_key_created(k), created, sizeof created), "state",
                  keyring_state_name(keyring_key_state(kr, i, now)));
    json_object_set_new(o, "retires_at",
                        at ? json_string(cli_iso(at, retires, sizeof retires)) : json_null());
    json_array_append_new(arr, o);
  }
  return arr;
}

static void print_keys(const struct keyring *kr, int64_t now) {
  printf("%-43s  %-20s  %-9s  %s\n", "kid", "created", "state", "retires at");
  for (size_t i = keyring_count(kr); i-- > 0;) {
    const struct keyring_key *k = keyring_key_at(kr, i);
    char created[32], retires[32];
    int64_t at = keyring_key_retires_at(kr, i);
    printf("%-43s  %-20s  %-9s  %s\n", keyring_key_kid(k),
           cli_iso(keyring_key_created(k), created, sizeof created),
           keyring_state_name(keyring_key_state(kr, i, now)),
           at ? cli_iso(at, retires, sizeof retires) : "-");
  }
}

int cmd_keys(int argc, char **argv) {
  struct cli_common c;
  int rc = cli_common_init(&c);
  if (rc) return rc;
  static const struct option lo[] = {{"token-ttl", required_argument, NULL, 't'},
                                     {"data", required_argument, NULL, 'd'},
                                     {"json", no_argument, NULL, 'j'},
                                     {"help", no_argument, NULL, 'h'},
                                     {NULL, 0, NULL, 0}};
  int ch;
  long v;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
    switch (ch) {
    case 't':
      if (cli_parse_long(optarg, 60, 86400, &v)) {
        cli_error("keys", "--token-ttl must be 60..86400 seconds");
        return 2;
      }
      c.cfg.token_ttl = v;
      break;
    case 'h':
      usage(stdout);
      return 0;
    default:
      if (cli_common_option(&c, ch, optarg)) break;
      usage(stderr);
      return 2;
    }
  }
  if (optind + 1 != argc) {
    usage(stderr);
    return 2;
  }
  const char *sub = argv[optind];
  bool rotate = strcmp(sub, "rotate") == 0, prune = strcmp(sub, "prune") == 0;
  if (!rotate && !prune && strcmp(sub, "list") != 0) {
    cli_error("keys", "unknown subcommand '%s'", sub);
    usage(stderr);
    return 2;
  }
  struct sb_err err = {""};
  if (clock_init(&err) != 0) {
    cli_error("keys", "%s", err.msg);
    return 2;
  }
  char dir[1200];
  if (app_data_path(&c.cfg, "keys", dir, sizeof dir)) {
    cli_error("keys", "data directory path too long");
    return 2;
  }
  struct keyring *kr = keyring_load(dir, false, &err);
  if (kr == NULL) {
    cli_error("keys", "%s (start `scorebridge serve` once to create the first key)", err.msg);
    return 1;
  }
  int64_t now = clock_now(), ttl, leeway;
  struct key_policy kp;
  int recorded = key_policy_read(dir, &kp, &err);
  if (recorded < 0) {
    cli_error("keys", "%s", err.msg);
    keyring_free(kr);
    return 1;
  }
  key_policy_effective(recorded ? &kp : NULL, c.cfg.token_ttl, c.cfg.leeway, now, &ttl, &leeway);
  keyring_set_retirement(kr, ttl, leeway);
  char previous[KEYRING_KID_SIZE];
  snprintf(previous, sizeof previous, "%.43s", keyring_signing_kid(kr));
  if (rotate && keyring_rotate(kr, dir, &err) != 0) {
    cli_error("keys", "%s", err.msg);
    keyring_free(kr);
    return 1;
  }
  char removed[KEYRING_MAX_KEYS][KEYRING_KID_SIZE];
  size_t nremoved = 0;
  if (rotate || prune) {
    if (keyring_prune(kr, dir, now, removed, KEYRING_MAX_KEYS, &nremoved, &err) != 0) {
      cli_error("keys", "%s", err.msg);
      keyring_free(kr);
      return 1;
    }
  }
  if (c.json) {
    json_t *out = json_object();
    if (rotate) {
      json_object_set_new(out, "kid", json_string(keyring_signing_kid(kr)));
      json_object_set_new(out, "previous", json_string(previous));
    }
    if (rotate || prune) {
      json_t *gone = json_array();
      for (size_t i = 0; i < nremoved; i++)
        json_array_append_new(gone, json_string(removed[i]));
      json_object_set_new(out, "removed", gone);
    }
    json_object_set_new(out, "token_ttl", json_integer(ttl));
    json_object_set_new(out, "leeway", json_integer(leeway));
    json_object_set_new(out, "keys", keys_json(kr, now));
    cli_print_json(out);
  } else {
    if (rotate)
      printf("New signing key %s (previous %s stays published until its tokens expire).\n",
             keyring_signing_kid(kr), previous);
    for (size_t i = 0; i < nremoved; i++)
      printf("Removed retired key %s.\n", removed[i]);
    printf("Retirement by a token lifetime of %lld s and a leeway of %lld s (%s).\n",
           (long long)ttl, (long long)leeway,
           recorded ? "the longest of --token-ttl and the server's record" : "--token-ttl");
    print_keys(kr, now);
  }
  keyring_free(kr);
  return 0;
}
