/* window.h - administration years and the window of years the API serves.
 *
 * Administration year Y runs from July 1 of Y-1 to June 30 of Y. From 2026-01-20 on the
 * API serves only the current administration year and the two before it; before that
 * date every stored year is served (seed, "Overview"). Stored reports are never deleted:
 * the window only limits what the API lists. Pure functions. */
#ifndef SB_DOMAIN_WINDOW_H
#define SB_DOMAIN_WINDOW_H

#include <stdbool.h>
#include <stdint.h>

/* The day the three-year limit starts (2026-01-20). */
#define WINDOW_START_YMD 20260120

struct year_window {
  int first; /* oldest year served (0 = no lower bound) */
  int last;  /* newest year served */
};

/* Administration year containing the calendar date ymd (YYYYMMDD). */
int admin_year_of_ymd(int32_t ymd);
/* First and last calendar day (YYYYMMDD) of administration year y. */
int32_t admin_year_start(int y);
int32_t admin_year_end(int y);
/* The window in force on calendar date today (YYYYMMDD). */
struct year_window window_for(int32_t today);
bool window_contains(const struct year_window *w, int year);

/* The district analytics keep the current administration year and the two before it ready
 * for year-over-year views; a score data file of an older year is archived: kept, listed
 * as archived, left out of the dashboards. (No start date: this is not the SSR API's
 * window.) */
bool score_year_archived(int year, int32_t today);

#endif
