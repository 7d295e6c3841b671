/* cmd_credential.c - scorebridge credential create|list|revoke|rotate: the API
 * credentials an LEA coordinator creates in TOMS. Only a digest of each api_token is
 * stored; the token is printed once. As in TOMS, rotating replaces the secret and the
 * old one stops working at once; revoking or rotating also ends the JWTs already
 * issued from the credential (the API checks the credential on every request). */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/apitoken.h"
#include "cli/cli.h"
#include "domain/ids.h"
#include "store/store.h"
#include "util/clock.h"

static void usage(FILE *f) {
  fputs("usage: scorebridge credential create --lea CODE [--lea CODE ...] [--name TEXT]\n"
        "                                     [--days N] [--json]\n"
        "       scorebridge credential list [--json]\n"
        "       scorebridge credential revoke ID [--json]\n"
        "       scorebridge credential rotate ID [--days N] [--json]\n"
        "  --lea CODE   a 7-digit LEA code (county + district) the credential may act for\n"
        "  --name TEXT  who uses it, e.g. the SIS vendor\n"
        "  --days N     days until it expires (default 365, as in TOMS)\n"
        "  --data DIR   data directory (SCOREBRIDGE_DATA; default ./var)\n"
        "  --json       print one JSON object on stdout\n",
        f);
}

static json_t *leas_json(const struct credential *c) {
  json_t *a = json_array();
  for (size_t i = 0; i < c->nleas; i++)
    json_array_append_new(a, json_string(c->leas[i]));
  return a;
}

static json_t *credential_json(const struct credential *c, const char *api_token) {
  char created[32], expires[32], revoked[32];
  json_t *o = json_pack("{s:s, s:s}", "id", c->id, "username", c->username);
  if (api_token) json_object_set_new(o, "api_token", json_string(api_token));
  json_object_set_new(o, "leas", leas_json(c));
  json_object_set_new(o, "name", json_string(c->name));
  json_object_set_new(o, "created_at",
                      json_string(cli_iso(c->created_at, created, sizeof created)));
  json_object_set_new(o, "expires_at",
                      json_string(cli_iso(c->expires_at, expires, sizeof expires)));
  json_object_set_new(o, "revoked_at",
                      c->revoked_at ? json_string(cli_iso(c->revoked_at, revoked, sizeof revoked))
                                    : json_null());
  return o;
}

static void print_secret(const struct credential *c, const char *api_token, const char *what) {
  char expires[32];
  printf("%s. The api_token is shown only this once: store it now.\n", what);
  printf("  id:         %s\n", c->id);
  printf("  username:   %s\n", c->username);
  printf("  api_token:  %s\n", api_token);
  printf("  LEAs:      ");
  for (size_t i = 0; i < c->nleas; i++)
    printf(" %s", c->leas[i]);
  printf("\n  expires:    %s\n", cli_iso(c->expires_at, expires, sizeof expires));
}

struct opts {
  struct cli_common c;
  struct credential cred;
  long days;
  int nargs;
  char *args[4];
};

static int parse(int argc, char **argv, struct opts *o) {
  static const struct option lo[] = {{"lea", required_argument, NULL, 'l'},
                                     {"name", required_argument, NULL, 'n'},
                                     {"days", required_argument, NULL, 'y'},
                                     {"data", required_argument, NULL, 'd'},
                                     {"json", no_argument, NULL, 'j'},
                                     {"help", no_argument, NULL, 'h'},
                                     {NULL, 0, NULL, 0}};
  int ch;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
    switch (ch) {
    case 'l':
      if (!ids_valid_lea(optarg)) {
        cli_error("credential", "--lea %s: an LEA code is 7 digits (county + district)", optarg);
        return 2;
      }
      if (o->cred.nleas == CRED_MAX_LEAS) {
        cli_error("credential", "at most %d LEAs per credential", CRED_MAX_LEAS);
        return 2;
      }
      for (size_t i = 0; i < o->cred.nleas; i++)
        if (strcmp(o->cred.leas[i], optarg) == 0) goto next;
      snprintf(o->cred.leas[o->cred.nleas++], 8, "%s", optarg);
    next:
      break;
    case 'n':
      if (strlen(optarg) >= sizeof o->cred.name) {
        cli_error("credential", "--name is longer than %zu characters", sizeof o->cred.name - 1);
        return 2;
      }
      snprintf(o->cred.name, sizeof o->cred.name, "%s", optarg);
      break;
    case 'y':
      if (cli_parse_long(optarg, 1, 3650, &o->days)) {
        cli_error("credential", "--days must be 1..3650");
        return 2;
      }
      break;
    case 'h':
      usage(stdout);
      return -1;
    default:
      if (cli_common_option(&o->c, ch, optarg)) break;
      usage(stderr);
      return 2;
    }
  }
  for (int i = optind; i < argc; i++) {
    if (o->nargs == 4) {
      usage(stderr);
      return 2;
    }
    o->args[o->nargs++] = argv[i];
  }
  return 0;
}

static int do_create(struct opts *o, struct store *s) {
  struct credential *c = &o->cred;
  if (c->nleas == 0) {
    cli_error("credential", "create needs at least one --lea CODE");
    return 2;
  }
  char secret[128];
  apitoken_new_uuid(c->id);
  if (apitoken_new_username(c->username, sizeof c->username) ||
      apitoken_new_secret(secret, sizeof secret)) {
    cli_error("credential", "cannot generate a secret");
    return 1;
  }
  apitoken_digest(secret, strlen(secret), c->digest);
  c->created_at = clock_now();
  c->expires_at = c->created_at + o->days * 86400;
  c->generation = 1;
  struct sb_err err = {""};
  if (store_credential_create(s, c, &err) != 0) {
    cli_error("credential", "%s", err.msg);
    return 1;
  }
  if (o->c.json)
    cli_print_json(credential_json(c, secret));
  else
    print_secret(c, secret, "Credential created");
  sodium_memzero(secret, sizeof secret);
  return 0;
}

struct list_ctx {
  bool json;
  json_t *arr;
};

static int list_one(void *ctx, const struct credential *c) {
  struct list_ctx *l = ctx;
  if (l->json) return json_array_append_new(l->arr, credential_json(c, NULL));
  char expires[32];
  const char *state = c->revoked_at                  ? "revoked"
                      : c->expires_at <= clock_now() ? "expired"
                                                     : "active";
  printf("%-36s  %-20s  %-8s  %s ", c->id, c->username, state,
         cli_iso(c->expires_at, expires, sizeof expires));
  for (size_t i = 0; i < c->nleas; i++)
    printf("%s%s", i ? "," : "", c->leas[i]);
  printf("  %s\n", c->name);
  return 0;
}

static int do_list(struct opts *o, struct store *s) {
  struct sb_err err = {""};
  struct list_ctx l = {o->c.json, json_array()};
  if (!o->c.json)
    printf("%-36s  %-20s  %-8s  %-20s LEAs  name\n", "id", "username", "state", "expires");
  int rc = store_credential_list(s, list_one, &l, &err);
  if (rc != 0) {
    json_decref(l.arr);
    cli_error("credential", "%s", err.msg);
    return 1;
  }
  if (o->c.json)
    cli_print_json(json_pack("{s:o}", "credentials", l.arr));
  else
    json_decref(l.arr);
  return 0;
}

static int do_revoke(struct opts *o, struct store *s) {
  if (o->nargs != 2) {
    cli_error("credential", "revoke needs the credential ID");
    return 2;
  }
  struct sb_err err = {""};
  int rc = store_credential_revoke(s, o->args[1], clock_now(), &err);
  if (rc < 0) {
    cli_error("credential", "%s", err.msg);
    return 1;
  }
  if (rc == 0) {
    cli_error("credential", "no active credential with id %s", o->args[1]);
    return 1;
  }
  if (o->c.json)
    cli_print_json(json_pack("{s:s, s:b}", "id", o->args[1], "revoked", 1));
  else
    printf("Credential %s revoked; its tokens stop working now.\n", o->args[1]);
  return 0;
}

static int do_rotate(struct opts *o, struct store *s) {
  if (o->nargs != 2) {
    cli_error("credential", "rotate needs the credential ID");
    return 2;
  }
  char secret[128];
  unsigned char digest[32];
  if (apitoken_new_secret(secret, sizeof secret)) {
    cli_error("credential", "cannot generate a secret");
    return 1;
  }
  apitoken_digest(secret, strlen(secret), digest);
  struct sb_err err = {""};
  struct credential c;
  int rc = store_credential_rotate(s, o->args[1], digest, clock_now() + o->days * 86400, &c, &err);
  if (rc < 0) {
    cli_error("credential", "%s", err.msg);
    return 1;
  }
  if (rc == 0) {
    cli_error("credential", "no active credential with id %s", o->args[1]);
    return 1;
  }
  if (o->c.json)
    cli_print_json(credential_json(&c, secret));
  else
    print_secret(&c, secret,
                 "Credential rotated; the old api_token and its tokens stopped working");
  sodium_memzero(secret, sizeof secret);
  return 0;
}

int cmd_credential(int argc, char **argv) {
  struct opts o;
  memset(&o, 0, sizeof o);
  int rc = cli_common_init(&o.c);
  if (rc) return rc;
  o.days = 365;
  rc = parse(argc, argv, &o);
  if (rc == -1) return 0;
  if (rc) return rc;
  if (o.nargs == 0) {
    usage(stderr);
    return 2;
  }
  const char *sub = o.args[0];
  int (*fn)(struct opts *, struct store *) = NULL;
  if (strcmp(sub, "create") == 0)
    fn = do_create;
  else if (strcmp(sub, "list") == 0)
    fn = do_list;
  else if (strcmp(sub, "revoke") == 0)
    fn = do_revoke;
  else if (strcmp(sub, "rotate") == 0)
    fn = do_rotate;
  if (fn == NULL) {
    cli_error("credential", "unknown subcommand '%s'", sub);
    usage(stderr);
    return 2;
  }
  struct store *s = cli_open_store(&o.c, strcmp(sub, "create") == 0, "credential");
  if (s == NULL) return 1;
  rc = fn(&o, s);
  store_close(s);
  return rc;
}
