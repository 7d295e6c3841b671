/* codes.h - the SSR API's code tables (seed tables 1-5), each value with the
 * administration years it applies to.
 *
 * The tables are data in codes.c, in one place. Lookups are case-insensitive and return
 * the canonical spelling as a static string (never freed). A code that is valid but does
 * not apply to a year is still valid: a filter on it simply matches nothing that year. */
#ifndef SB_DOMAIN_CODES_H
#define SB_DOMAIN_CODES_H

#include <stdbool.h>
#include <stddef.h>

enum code_table {
  CODE_TYPE,         /* table 1: report type (CAASPP, ESA, ...) */
  CODE_LANG,         /* table 2: report language (EN, ES, ...) */
  CODE_FORMAT,       /* table 3: format (PDF, HTML, VIDEO, ALL) */
  CODE_CONTENT_AREA, /* table 4: content area (ELA, MA, ...) */
};

struct code_entry {
  const char *code;        /* canonical spelling */
  const char *canonical;   /* for aliases: the code it stands for; NULL otherwise */
  const char *description; /* the seed's description */
  int first_year;          /* first administration year it applies to (0 = all) */
  int last_year;           /* last administration year (0 = no end) */
};

/* Returns the entry for s (case-insensitive, aliases resolved to their canonical code's
 * entry), or NULL when s is not a code of table t. */
const struct code_entry *codes_find(enum code_table t, const char *s);
/* Canonical code for s, or NULL. */
const char *codes_canonical(enum code_table t, const char *s);
/* True when canonical code applies to administration year. */
bool codes_applies(enum code_table t, const char *canonical, int year);
/* The whole table (for --help text and docs). Sets *n. */
const struct code_entry *codes_table(enum code_table t, size_t *n);
/* Name of a table for messages ("type", "lang", ...). */
const char *codes_table_name(enum code_table t);

/* Validates a content-area list such as "ELA,MATH": one or more table-4 codes (or the
 * seed's MATH spelling), comma-separated, no repeats. Returns true when valid. */
bool codes_valid_content_area_list(const char *s);

/* Grade as the API returns it: "KN" or "01".."12". */
bool codes_valid_grade(const char *s);

#endif
