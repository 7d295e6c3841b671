/* clock.h - wall-clock time, dates and the SCOREBRIDGE_NOW override.
 *
 * Everything in scorebridge that asks "what time is it" calls clock_now(), so tests and
 * demos can fix the clock with SCOREBRIDGE_NOW=2026-02-01T12:00:00Z. Dates inside the
 * domain are plain integers YYYYMMDD ("yyyymmdd" below), which compare correctly. */
#ifndef SB_UTIL_CLOCK_H
#define SB_UTIL_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"

/* Reads SCOREBRIDGE_NOW once. Returns 0, or -1 with a message when it is set but is not
 * an ISO date-time. Safe to call more than once; clock_now() calls it lazily. */
int clock_init(struct sb_err *err);
/* Seconds since the Unix epoch: the fixed time if SCOREBRIDGE_NOW is set, else real. */
int64_t clock_now(void);
/* True when the clock is fixed by SCOREBRIDGE_NOW. */
bool clock_is_fixed(void);

/* Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS][.fff](Z|+HH:MM|-HH:MM)" (a space may stand
 * for T; a date-time without zone is UTC). Returns 0 and sets *out, or -1. */
int clock_parse_iso(const char *s, int64_t *out);
/* Writes "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). */
void clock_format_iso(int64_t t, char *out, size_t n);
/* Writes an IMF-fixdate ("Sat, 14 Mar 2026 00:00:00 GMT") into out (at least 30 bytes). */
void clock_format_http(int64_t t, char *out, size_t n);

/* Days since 1970-01-01 for a proleptic Gregorian date. */
int64_t clock_days_from_civil(int y, int m, int d);
/* yyyymmdd of a Unix time (UTC). */
int32_t clock_yyyymmdd(int64_t t);
/* Unix time of midnight UTC starting yyyymmdd. */
int64_t clock_from_yyyymmdd(int32_t ymd);
/* True when ymd is a real calendar date (year 1900..2999). */
bool clock_valid_yyyymmdd(int32_t ymd);
/* Parses exactly 8 digits CCYYMMDD into a valid date. Returns 0 or -1. */
int clock_parse_ccyymmdd(const char *s, int32_t *out);

#endif
