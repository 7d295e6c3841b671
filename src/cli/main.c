/* main.c - the scorebridge binary: dispatches to a subcommand. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static void usage(FILE *f) {
  fputs("usage: scorebridge COMMAND [options]\n"
        "\n"
        "The California Student Score Report API v3 (and district analytics), in one binary.\n"
        "\n"
        "commands:\n"
        "  serve        run the HTTP API\n"
        "  credential   create, list, revoke and rotate API credentials (the TOMS role)\n"
        "  enrollment   import a CALPADS SENR enrollment file\n"
        "  reports      register score report files from a manifest\n"
        "  scores       load TOMS Student Score Data Files (CAASPP, ELPAC) and list uploads\n"
        "  sandbox      write (and optionally load) a synthetic data set\n"
        "  user         add, list and disable web users (the Files page)\n"
        "  audit        print the audit log of the web side, or the disclosure trail\n"
        "  export       write shareable files: the research-file export of SB results\n"
        "  client       the reference SSR API v3 client: check, reports, fetch, sync\n"
        "  keys         rotate, list and prune the RS256 keys that sign access tokens\n"
        "\n"
        "Run 'scorebridge COMMAND --help' for a command's options. Every command takes\n"
        "--data DIR (default ./var, or SCOREBRIDGE_DATA). SCOREBRIDGE_NOW=2026-02-01T12:00:00Z\n"
        "fixes the clock, for tests and demos.\n",
        f);
}

int main(int argc, char **argv) {
  if (sodium_init() < 0) {
    fputs("scorebridge: cannot initialise libsodium\n", stderr);
    return 1;
  }
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  const char *cmd = argv[1];
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
    usage(stdout);
    return 0;
  }
  static const struct {
    const char *name;
    int (*fn)(int, char **);
  } cmds[] = {
      {"serve", cmd_serve},
      {"credential", cmd_credential},
      {"enrollment", cmd_enrollment},
      {"reports", cmd_reports},
      {"scores", cmd_scores},
      {"sandbox", cmd_sandbox},
      {"user", cmd_user},
      {"audit", cmd_audit},
      {"export", cmd_export},
      {"client", cmd_client},
      {"keys", cmd_keys},
  };
  for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
    if (strcmp(cmd, cmds[i].name) == 0) return cmds[i].fn(argc - 1, argv + 1);
  fprintf(stderr, "scorebridge: unknown command '%s'\n\n", cmd);
  usage(stderr);
  return 2;
}
