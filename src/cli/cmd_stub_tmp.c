/* temporary: replaced as the ingest and sandbox commands land */
#include "cli/cli.h"
int cmd_reports(int argc, char **argv) { (void)argc; (void)argv; return 2; }
int cmd_sandbox(int argc, char **argv) { (void)argc; (void)argv; return 2; }
