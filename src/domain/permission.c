/* permission.c - see permission.h. */
#include "domain/permission.h"

#include <string.h>

/* No-show exits (CALPADS N420, N470): the student never attended, so the span neither
 * makes the LEA current nor makes it the last enrolled LEA. */
static bool is_no_show(const struct enrollment_span *s) {
  return strcmp(s->exit_reason, "N420") == 0 || strcmp(s->exit_reason, "N470") == 0;
}

bool permission_span_is_current(const struct enrollment_span *s, int32_t today) {
  if (s->status != ENROLL_PRIMARY && s->status != ENROLL_SECONDARY) return false;
  if (is_no_show(s)) return false;
  if (s->start > today) return false;
  /* The exit date is the first day the student is no longer enrolled. */
  return s->exit == 0 || s->exit > today;
}

/* Spans that count towards "last enrolled LEA": primary, secondary and short-term
 * enrollments (30 is an attendance enrollment at an educational-options school).
 * Non-ADA (50) records are not attendance and do not count. */
static bool counts_for_history(const struct enrollment_span *s) {
  if (s->status != ENROLL_PRIMARY && s->status != ENROLL_SECONDARY &&
      s->status != ENROLL_SHORT_TERM)
    return false;
  return !is_no_show(s);
}

static int rank_status(int status) {
  return status == ENROLL_SECONDARY ? 0 : 1; /* primary-like beats secondary on a tie */
}

size_t permission_last_leas(const struct enrollment_span *spans, size_t n, int year, int32_t today,
                            char (*lea_out)[8], size_t nmax) {
  int32_t ys = admin_year_start(year), ye = admin_year_end(year);
  if (today < ye) ye = today; /* the year is still running: nothing after today counts */
  if (ye < ys) return 0;
  int32_t best_end = 0;
  int best_rank = -1;
  int32_t best_start = 0;
  size_t nout = 0;
  for (size_t i = 0; i < n; i++) {
    const struct enrollment_span *s = &spans[i];
    if (!counts_for_history(s)) continue;
    if (s->start > ye) continue;
    if (s->exit != 0 && s->exit <= ys) continue; /* left before the year began */
    /* end is exclusive, like the exit date (the first day not enrolled): a span still open
     * on ye ends at ye + 1 (only compared, never used as a date), so a span that exited on
     * ye (last day ye - 1) does not tie with one enrolled through ye. */
    int32_t end = s->exit == 0 || s->exit > ye ? ye + 1 : s->exit;
    int rank = rank_status(s->status);
    bool better = end > best_end || (end == best_end && rank > best_rank) ||
                  (end == best_end && rank == best_rank && s->start > best_start);
    bool tie = end == best_end && rank == best_rank && s->start == best_start;
    if (better) {
      best_end = end;
      best_rank = rank;
      best_start = s->start;
      nout = 0;
    }
    if (better || tie) {
      bool dup = false;
      for (size_t k = 0; k < nout; k++)
        if (strcmp(lea_out[k], s->lea) == 0) dup = true;
      if (!dup && nout < nmax) {
        memcpy(lea_out[nout], s->lea, 8);
        lea_out[nout][7] = '\0';
        nout++;
      }
    }
  }
  return nout;
}

static bool lea_in(const char *lea, const char *const *leas, size_t nleas) {
  for (size_t i = 0; i < nleas; i++)
    if (strcmp(lea, leas[i]) == 0) return true;
  return false;
}

void permission_decide(const struct enrollment_span *spans, size_t n, const char *const *leas,
                       size_t nleas, int32_t today, const struct year_window *w,
                       struct permission *out) {
  memset(out, 0, sizeof *out);
  out->window = *w;
  for (size_t i = 0; i < n; i++)
    if (lea_in(spans[i].lea, leas, nleas) && permission_span_is_current(&spans[i], today))
      out->current = true;

  /* Historical access: every administration year a span touches, inside the window. */
  for (size_t i = 0; i < n; i++) {
    const struct enrollment_span *s = &spans[i];
    int y0 = admin_year_of_ymd(s->start);
    int y1 = admin_year_of_ymd(s->exit ? s->exit : today);
    if (y1 < y0) y1 = y0;
    for (int y = y0; y <= y1; y++) {
      if (!window_contains(w, y)) continue;
      bool have = false;
      for (int k = 0; k < out->nyears; k++)
        if (out->years[k] == y) have = true;
      if (have || out->nyears == PERMISSION_MAX_YEARS) continue;
      char last[4][8];
      size_t nl = permission_last_leas(spans, n, y, today, last, 4);
      for (size_t k = 0; k < nl; k++) {
        if (lea_in(last[k], leas, nleas)) {
          out->years[out->nyears++] = y;
          break;
        }
      }
    }
  }
}

bool permission_allows(const struct permission *p, int year) {
  if (!window_contains(&p->window, year)) return false;
  if (p->current) return true;
  for (int i = 0; i < p->nyears; i++)
    if (p->years[i] == year) return true;
  return false;
}

bool permission_any(const struct permission *p) {
  return p->current || p->nyears > 0;
}
