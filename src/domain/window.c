/* window.c - see window.h. */
#include "domain/window.h"

int admin_year_of_ymd(int32_t ymd) {
  int y = ymd / 10000, m = ymd / 100 % 100;
  return m >= 7 ? y + 1 : y;
}

int32_t admin_year_start(int y) {
  return (int32_t)((y - 1) * 10000 + 701);
}

int32_t admin_year_end(int y) {
  return (int32_t)(y * 10000 + 630);
}

struct year_window window_for(int32_t today) {
  struct year_window w;
  w.last = admin_year_of_ymd(today);
  w.first = today >= WINDOW_START_YMD ? w.last - 2 : 0;
  return w;
}

bool window_contains(const struct year_window *w, int year) {
  return year <= w->last && (w->first == 0 || year >= w->first);
}

bool score_year_archived(int year, int32_t today) {
  return year < admin_year_of_ymd(today) - 2;
}
