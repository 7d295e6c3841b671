/* cmd_user.c - scorebridge user add|list|disable: the web users who sign in to the Files
 * page, and scorebridge audit: the audit log they leave. A password is read from stdin
 * when stdin is not a terminal (one line); otherwise a strong one is generated and
 * printed once. Only its Argon2id hash is stored (auth/password.h). */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "auth/password.h"
#include "cli/cli.h"
#include "domain/ids.h"
#include "domain/role.h"
#include "store/store.h"
#include "util/clock.h"

static void usage(FILE *f) {
  fputs("usage: scorebridge user add --lea CODE --role ROLE [--username NAME]\n"
        "                            [--school CDS ...] [--json]\n"
        "       scorebridge user list [--json]\n"
        "       scorebridge user disable NAME [--json]\n"
        "  --lea CODE       the 7-digit LEA code the user acts for\n"
        "  --role ROLE      lea-caaspp-coordinator (CAASPP files), lea-elpac-coordinator\n"
        "                   (ELPAC files), district-lead (both), site-admin (needs --school),\n"
        "                   aggregate-viewer (dashboards with small groups suppressed)\n"
        "  --username NAME  letters, digits, '.', '_', '-', '@' (default: generated)\n"
        "  --school CDS     a 14-digit CDS code of the LEA (site-admin; repeatable)\n"
        "  --data DIR       data directory (SCOREBRIDGE_DATA; default ./var)\n"
        "  --json           print one JSON object on stdout\n"
        "The password is read from stdin when it is not a terminal (at least 12\n"
        "characters); otherwise one is generated and printed once.\n",
        f);
}

struct opts {
  struct cli_common c;
  struct web_user u;
  bool has_role;
  int nargs;
  char *args[3];
};

static bool username_ok(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > 63) return false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '_' || c == '-' || c == '@'))
      return false;
  }
  return true;
}

static int parse(int argc, char **argv, struct opts *o) {
  static const struct option lo[] = {
      {"lea", required_argument, NULL, 'l'},      {"role", required_argument, NULL, 'r'},
      {"username", required_argument, NULL, 'u'}, {"school", required_argument, NULL, 's'},
      {"data", required_argument, NULL, 'd'},     {"json", no_argument, NULL, 'j'},
      {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
  int ch;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
    switch (ch) {
    case 'l':
      if (!ids_valid_lea(optarg)) {
        cli_error("user", "--lea %s: an LEA code is 7 digits (county + district)", optarg);
        return 2;
      }
      memcpy(o->u.who.lea, optarg, 8);
      break;
    case 'r':
      if (role_parse(optarg, &o->u.who.role) != 0) {
        cli_error("user", "--role %s: not a role (see --help)", optarg);
        return 2;
      }
      o->has_role = true;
      break;
    case 'u':
      if (!username_ok(optarg)) {
        cli_error("user", "--username %s: 1-63 letters, digits, '.', '_', '-', '@'", optarg);
        return 2;
      }
      snprintf(o->u.username, sizeof o->u.username, "%s", optarg);
      break;
    case 's':
      if (!ids_all_digits(optarg, 14) || o->u.who.nschools == ROLE_MAX_SCHOOLS) {
        cli_error("user", "--school %s: a CDS code is 14 digits (at most %d)", optarg,
                  ROLE_MAX_SCHOOLS);
        return 2;
      }
      memcpy(o->u.who.schools[o->u.who.nschools++], optarg, 15);
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
    if (o->nargs == 3) {
      usage(stderr);
      return 2;
    }
    o->args[o->nargs++] = argv[i];
  }
  return 0;
}

static json_t *user_json(const struct web_user *u) {
  char created[32], disabled[32];
  json_t *sch = json_array();
  for (size_t i = 0; i < u->who.nschools; i++)
    json_array_append_new(sch, json_string(u->who.schools[i]));
  return json_pack("{s:s, s:s, s:s, s:o, s:s, s:o}", "username", u->username, "role",
                   role_name(u->who.role), "lea", u->who.lea, "schools", sch, "created_at",
                   cli_iso(u->created_at, created, sizeof created), "disabled_at",
                   u->disabled_at ? json_string(cli_iso(u->disabled_at, disabled, sizeof disabled))
                                  : json_null());
}

static void audit_cli(struct store *s, const char *action, const char *target) {
  struct audit_entry e;
  memset(&e, 0, sizeof e);
  e.at = clock_now();
  snprintf(e.actor, sizeof e.actor, "cli");
  snprintf(e.action, sizeof e.action, "%s", action);
  snprintf(e.target, sizeof e.target, "%s", target);
  snprintf(e.outcome, sizeof e.outcome, "ok");
  snprintf(e.client, sizeof e.client, "cli");
  struct sb_err err = {""};
  if (store_audit_append(s, &e, &err) != 0) cli_error("user", "audit log: %s", err.msg);
}

/* Reads one line from stdin into pw. Returns 0 or -1. */
static int read_password(char *pw, size_t n) {
  if (fgets(pw, (int)n, stdin) == NULL) return -1;
  size_t len = strlen(pw);
  if (len == n - 1 && pw[len - 1] != '\n') return -1; /* too long */
  while (len > 0 && (pw[len - 1] == '\n' || pw[len - 1] == '\r'))
    pw[--len] = '\0';
  return 0;
}

static int do_add(struct opts *o, struct store *s) {
  struct web_user *u = &o->u;
  if (!o->has_role || u->who.lea[0] == '\0') {
    cli_error("user", "add needs --lea CODE and --role ROLE");
    return 2;
  }
  if (role_needs_schools(u->who.role) != (u->who.nschools > 0)) {
    cli_error("user", role_needs_schools(u->who.role) ? "a site-admin needs --school CDS"
                                                      : "--school is only for a site-admin");
    return 2;
  }
  for (size_t i = 0; i < u->who.nschools; i++)
    if (strncmp(u->who.schools[i], u->who.lea, 7) != 0) {
      cli_error("user", "--school %s is not a school of LEA %s", u->who.schools[i], u->who.lea);
      return 2;
    }
  if (u->username[0] == '\0') {
    unsigned char rnd[4];
    randombytes_buf(rnd, sizeof rnd);
    snprintf(u->username, sizeof u->username, "web-%s-%02x%02x%02x%02x", u->who.lea, rnd[0], rnd[1],
             rnd[2], rnd[3]);
  }
  char pw[PASSWORD_MAX_LEN + 2];
  bool generated = isatty(STDIN_FILENO);
  if (generated ? password_generate(pw, sizeof pw) : read_password(pw, sizeof pw)) {
    cli_error("user",
              generated ? "cannot generate a password"
                        : "cannot read the password from stdin (one line, at most %d)",
              PASSWORD_MAX_LEN);
    return 1;
  }
  struct sb_err err = {""};
  int rc = password_hash(pw, u->password_hash, sizeof u->password_hash, &err);
  if (rc != 0) {
    sodium_memzero(pw, sizeof pw);
    cli_error("user", "%s", err.msg);
    return 2;
  }
  u->created_at = clock_now();
  rc = store_user_create(s, u, &err);
  if (rc <= 0) {
    sodium_memzero(pw, sizeof pw);
    if (rc == 0) cli_error("user", "the username %s is taken", u->username);
    if (rc < 0) cli_error("user", "%s", err.msg);
    return 1;
  }
  char target[160];
  snprintf(target, sizeof target, "%s %s %s", u->username, role_name(u->who.role), u->who.lea);
  audit_cli(s, "user-add", target);
  if (o->c.json) {
    json_t *j = user_json(u);
    if (generated) json_object_set_new(j, "password", json_string(pw));
    cli_print_json(j);
  } else {
    printf("Web user created.\n  username:  %s\n  role:      %s\n  LEA:       %s\n", u->username,
           role_name(u->who.role), u->who.lea);
    if (generated) printf("  password:  %s   (shown only this once: store it now)\n", pw);
  }
  sodium_memzero(pw, sizeof pw);
  return 0;
}

struct list_ctx {
  bool json;
  json_t *arr;
};

static int list_one(void *ctx, const struct web_user *u) {
  struct list_ctx *l = ctx;
  if (l->json) return json_array_append_new(l->arr, user_json(u));
  char schools[ROLE_SCHOOLS_TEXT];
  if (role_schools_format(&u->who, schools, sizeof schools) != 0) schools[0] = '\0';
  printf("%-32s  %-24s  %-7s  %-8s  %s\n", u->username, role_name(u->who.role), u->who.lea,
         u->disabled_at ? "disabled" : "active", schools);
  return 0;
}

static int do_list(struct opts *o, struct store *s) {
  struct sb_err err = {""};
  struct list_ctx l = {o->c.json, json_array()};
  if (!o->c.json)
    printf("%-32s  %-24s  %-7s  %-8s  %s\n", "username", "role", "LEA", "state", "schools");
  if (store_user_list(s, list_one, &l, &err) != 0) {
    json_decref(l.arr);
    cli_error("user", "%s", err.msg);
    return 1;
  }
  if (o->c.json)
    cli_print_json(json_pack("{s:o}", "users", l.arr));
  else
    json_decref(l.arr);
  return 0;
}

static int do_disable(struct opts *o, struct store *s) {
  if (o->nargs != 2) {
    cli_error("user", "disable needs the username");
    return 2;
  }
  struct sb_err err = {""};
  int rc = store_user_disable(s, o->args[1], clock_now(), &err);
  if (rc < 0) {
    cli_error("user", "%s", err.msg);
    return 1;
  }
  if (rc == 0) {
    cli_error("user", "no enabled user %s", o->args[1]);
    return 1;
  }
  audit_cli(s, "user-disable", o->args[1]);
  if (o->c.json)
    cli_print_json(json_pack("{s:s, s:b}", "username", o->args[1], "disabled", 1));
  else
    printf("User %s disabled; their sessions ended.\n", o->args[1]);
  return 0;
}

int cmd_user(int argc, char **argv) {
  struct opts o;
  memset(&o, 0, sizeof o);
  int rc = cli_common_init(&o.c);
  if (rc) return rc;
  rc = parse(argc, argv, &o);
  if (rc == -1) return 0;
  if (rc) return rc;
  if (o.nargs == 0) {
    usage(stderr);
    return 2;
  }
  const char *sub = o.args[0];
  int (*fn)(struct opts *, struct store *) = NULL;
  if (strcmp(sub, "add") == 0)
    fn = do_add;
  else if (strcmp(sub, "list") == 0)
    fn = do_list;
  else if (strcmp(sub, "disable") == 0)
    fn = do_disable;
  if (fn == NULL) {
    cli_error("user", "unknown subcommand '%s'", sub);
    usage(stderr);
    return 2;
  }
  struct store *s = cli_open_store(&o.c, strcmp(sub, "add") == 0, "user");
  if (s == NULL) return 1;
  rc = fn(&o, s);
  store_close(s);
  return rc;
}

/* --- scorebridge audit --- */

static void audit_usage(FILE *f) {
  fputs("usage: scorebridge audit [--since DATE] [--user NAME] [--json]\n"
        "       scorebridge audit --ssid SSID | --lea CODE [--since DATE] [--json]\n"
        "  --since DATE  only lines at or after DATE (YYYY-MM-DD or an ISO date-time)\n"
        "  --user NAME   only what the web user NAME did\n"
        "  --ssid SSID   the score-report disclosure trail of one student instead\n"
        "  --lea CODE    the disclosures to one LEA's credentials instead (with --ssid: both)\n"
        "  --data DIR    data directory (SCOREBRIDGE_DATA; default ./var)\n"
        "  --json        print one JSON object on stdout\n",
        f);
}

static int audit_one(void *ctx, const struct audit_entry *e) {
  struct list_ctx *l = ctx;
  char at[32];
  cli_iso(e->at, at, sizeof at);
  if (l->json)
    return json_array_append_new(l->arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
                                                   (json_int_t)e->id, "at", at, "actor", e->actor,
                                                   "action", e->action, "target", e->target,
                                                   "outcome", e->outcome, "client", e->client));
  printf("%s  %-24s  %-12s  %-7s  %-15s  %s\n", at, e->actor, e->action, e->outcome, e->client,
         e->target);
  return 0;
}

static int disclosure_one(void *ctx, const struct disclosure *d) {
  struct list_ctx *l = ctx;
  char at[32];
  cli_iso(d->at, at, sizeof at);
  if (l->json)
    return json_array_append_new(
        l->arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)d->id, "at",
                          at, "endpoint", d->endpoint, "credential", d->credential, "leas", d->leas,
                          "ssid", d->ssid, "reports", d->report_ids, "client", d->client));
  printf("%s  %-8s  %-36s  %-15s  %-10s  %-15s  %s\n", at, d->endpoint,
         d->credential[0] ? d->credential : "-", d->leas[0] ? d->leas : "-", d->ssid, d->client,
         d->report_ids);
  return 0;
}

/* audit --ssid / --lea: the disclosure trail (store_disclosure_list). */
static int audit_disclosures(const struct cli_common *c, const char *ssid, const char *lea,
                             int64_t since) {
  struct store *s = cli_open_store(c, false, "audit");
  if (s == NULL) return 1;
  struct list_ctx l = {c->json, json_array()};
  struct sb_err err = {""};
  if (!c->json)
    printf("%-20s  %-8s  %-36s  %-15s  %-10s  %-15s  %s\n", "at", "endpoint", "credential", "leas",
           "ssid", "client", "reports");
  int rc = store_disclosure_list(s, ssid, lea, since, disclosure_one, &l, &err);
  store_close(s);
  if (rc != 0) {
    json_decref(l.arr);
    cli_error("audit", "%s", err.msg);
    return 1;
  }
  if (c->json)
    cli_print_json(json_pack("{s:o}", "disclosures", l.arr));
  else
    json_decref(l.arr);
  return 0;
}

int cmd_audit(int argc, char **argv) {
  struct cli_common c;
  int rc = cli_common_init(&c);
  if (rc) return rc;
  static const struct option lo[] = {
      {"since", required_argument, NULL, 's'}, {"user", required_argument, NULL, 'u'},
      {"data", required_argument, NULL, 'd'},  {"json", no_argument, NULL, 'j'},
      {"help", no_argument, NULL, 'h'},        {"ssid", required_argument, NULL, 'S'},
      {"lea", required_argument, NULL, 'L'},   {NULL, 0, NULL, 0}};
  int64_t since = 0;
  char actor[80] = "", ssid[11] = "", lea[8] = "";
  int ch;
  optind = 1;
  while ((ch = getopt_long(argc, argv, "", lo, NULL)) != -1) {
    switch (ch) {
    case 's':
      if (clock_parse_iso(optarg, &since) != 0) {
        cli_error("audit", "--since %s: expected YYYY-MM-DD or an ISO date-time", optarg);
        return 2;
      }
      break;
    case 'u':
      if (!username_ok(optarg)) {
        cli_error("audit", "--user %s: not a username", optarg);
        return 2;
      }
      snprintf(actor, sizeof actor, "user:%s", optarg);
      break;
    case 'S':
      if (!ids_valid_ssid(optarg)) {
        cli_error("audit", "--ssid %s: not a 10-digit SSID", optarg);
        return 2;
      }
      snprintf(ssid, sizeof ssid, "%s", optarg);
      break;
    case 'L':
      if (!ids_valid_lea(optarg)) {
        cli_error("audit", "--lea %s: not a 7-digit LEA code", optarg);
        return 2;
      }
      snprintf(lea, sizeof lea, "%s", optarg);
      break;
    case 'h':
      audit_usage(stdout);
      return 0;
    default:
      if (cli_common_option(&c, ch, optarg)) break;
      audit_usage(stderr);
      return 2;
    }
  }
  if (optind < argc) {
    cli_error("audit", "unexpected argument '%s'", argv[optind]);
    return 2;
  }
  if (ssid[0] || lea[0]) {
    if (actor[0]) {
      cli_error("audit", "--user is for the audit log; --ssid and --lea for disclosures");
      return 2;
    }
    return audit_disclosures(&c, ssid[0] ? ssid : NULL, lea[0] ? lea : NULL, since);
  }
  struct store *s = cli_open_store(&c, false, "audit");
  if (s == NULL) return 1;
  struct list_ctx l = {c.json, json_array()};
  struct sb_err err = {""};
  if (!c.json)
    printf("%-20s  %-24s  %-12s  %-7s  %-15s  %s\n", "at", "actor", "action", "outcome", "client",
           "target");
  rc = store_audit_list(s, since, actor[0] ? actor : NULL, audit_one, &l, &err);
  store_close(s);
  if (rc != 0) {
    json_decref(l.arr);
    cli_error("audit", "%s", err.msg);
    return 1;
  }
  if (c.json)
    cli_print_json(json_pack("{s:o}", "audit", l.arr));
  else
    json_decref(l.arr);
  return 0;
}
