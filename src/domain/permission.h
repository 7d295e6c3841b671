/* permission.h - which of a student's score reports an LEA may see (seed, "Overview").
 *
 * The rule, in the seed's words: reports are available "for all students currently
 * enrolled in an LEA", and historical reports "to the last enrolled LEA for the test
 * administration year". So a token's LEAs see every in-window report of a student with a
 * current primary or secondary enrollment in one of them; otherwise only the reports of
 * each year Y for which one of them was the student's last enrolled LEA during Y.
 *
 * Pure function of the student's enrollment spans and a date; no I/O. */
#ifndef SB_DOMAIN_PERMISSION_H
#define SB_DOMAIN_PERMISSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/enrollment.h"
#include "domain/window.h"

#define PERMISSION_MAX_YEARS 64

struct permission {
  struct year_window window; /* the window the decision was made for */
  bool current;              /* a token LEA has the student enrolled today: every window year */
  int nyears;                /* years (inside the window) for which a token LEA was the last LEA */
  int years[PERMISSION_MAX_YEARS];
};

/* Decides what LEAs leas[0..nleas) may see of the student whose spans are given, on
 * calendar date today, within window w. Always succeeds; fills *out. */
void permission_decide(const struct enrollment_span *spans, size_t n, const char *const *leas,
                       size_t nleas, int32_t today, const struct year_window *w,
                       struct permission *out);

/* True when the permission lets the caller see reports of administration year y: y is in
 * the window, and the caller has the student now or was its last LEA in y. */
bool permission_allows(const struct permission *p, int year);
/* True when the caller may see anything at all of this student. */
bool permission_any(const struct permission *p);

/* True when span s is a current enrollment on date today: status primary (10) or
 * secondary (20), started on or before today, not exited by today, not a no-show. */
bool permission_span_is_current(const struct enrollment_span *s, int32_t today);

/* Writes into lea_out (array of nmax 8-byte strings) the LEA(s) that were the student's
 * last enrolled LEA in administration year y as seen on date today; returns how many
 * (0 when the student had no countable enrollment that year; more than one only when
 * two LEAs tie exactly). */
size_t permission_last_leas(const struct enrollment_span *spans, size_t n, int year, int32_t today,
                            char (*lea_out)[8], size_t nmax);

#endif
