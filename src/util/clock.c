/* clock.c - see clock.h. */
#include "util/clock.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int64_t fixed_now;
static bool fixed;
static bool initialised;
static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;

int clock_init(struct sb_err *err) {
  int rc = 0;
  pthread_mutex_lock(&init_lock);
  if (!initialised) {
    const char *s = getenv("SCOREBRIDGE_NOW");
    if (s && *s) {
      int64_t t;
      if (clock_parse_iso(s, &t) != 0) {
        rc = sb_err_set(
            err, "SCOREBRIDGE_NOW=%s is not an ISO date-time such as 2026-02-01T12:00:00Z", s);
      } else {
        fixed_now = t;
        fixed = true;
      }
    }
    initialised = rc == 0;
  }
  pthread_mutex_unlock(&init_lock);
  return rc;
}

int64_t clock_now(void) {
  if (!initialised) clock_init(NULL);
  if (fixed) return fixed_now;
  return (int64_t)time(NULL);
}

bool clock_is_fixed(void) {
  if (!initialised) clock_init(NULL);
  return fixed;
}

int64_t clock_days_from_civil(int y, int m, int d) {
  /* Howard Hinnant's days_from_civil. */
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = (unsigned)(y - era * 400);
  const unsigned doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = (unsigned)(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = (int64_t)yoe + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yy + (*m <= 2));
}

static int days_in_month(int y, int m) {
  static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return dim[m - 1];
}

bool clock_valid_yyyymmdd(int32_t ymd) {
  int y = ymd / 10000, m = ymd / 100 % 100, d = ymd % 100;
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return false;
  return d <= days_in_month(y, m);
}

int32_t clock_yyyymmdd(int64_t t) {
  int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  int y, m, d;
  civil_from_days(days, &y, &m, &d);
  return (int32_t)(y * 10000 + m * 100 + d);
}

int64_t clock_from_yyyymmdd(int32_t ymd) {
  return clock_days_from_civil(ymd / 10000, ymd / 100 % 100, ymd % 100) * 86400;
}

static int take_digits(const char **p, int n, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (!isdigit((unsigned char)(*p)[i])) return -1;
    v = v * 10 + ((*p)[i] - '0');
  }
  *p += n;
  *out = v;
  return 0;
}

int clock_parse_ccyymmdd(const char *s, int32_t *out) {
  int v;
  const char *p = s;
  if (strlen(s) != 8 || take_digits(&p, 8, &v) != 0) return -1;
  if (!clock_valid_yyyymmdd(v)) return -1;
  *out = v;
  return 0;
}

int clock_parse_iso(const char *s, int64_t *out) {
  const char *p = s;
  int y, mo, d, h = 0, mi = 0, se = 0;
  if (take_digits(&p, 4, &y) || *p++ != '-' || take_digits(&p, 2, &mo) || *p++ != '-' ||
      take_digits(&p, 2, &d))
    return -1;
  if (!clock_valid_yyyymmdd(y * 10000 + mo * 100 + d)) return -1;
  int64_t offset = 0;
  if (*p == 'T' || *p == 't' || *p == ' ') {
    p++;
    if (take_digits(&p, 2, &h) || *p++ != ':' || take_digits(&p, 2, &mi)) return -1;
    if (*p == ':') {
      p++;
      if (take_digits(&p, 2, &se)) return -1;
      if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p)) return -1;
        while (isdigit((unsigned char)*p))
          p++;
      }
    }
    if (h > 23 || mi > 59 || se > 60) return -1;
    if (*p == 'Z' || *p == 'z') {
      p++;
    } else if (*p == '+' || *p == '-') {
      int sign = *p++ == '-' ? -1 : 1, oh, om;
      if (take_digits(&p, 2, &oh) || *p++ != ':' || take_digits(&p, 2, &om)) return -1;
      if (oh > 23 || om > 59) return -1;
      offset = sign * (oh * 3600 + om * 60);
    }
  }
  if (*p != '\0') return -1;
  *out = clock_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - offset;
  return 0;
}

void clock_format_iso(int64_t t, char *out, size_t n) {
  int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  int64_t secs = t - days * 86400;
  int y, m, d;
  civil_from_days(days, &y, &m, &d);
  snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, (int)(secs / 3600),
           (int)(secs / 60 % 60), (int)(secs % 60));
}

void clock_format_http(int64_t t, char *out, size_t n) {
  static const char *wd[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
  static const char *mn[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
  int64_t secs = t - days * 86400;
  int y, m, d;
  civil_from_days(days, &y, &m, &d);
  int w = (int)(((days % 7) + 7) % 7);
  snprintf(out, n, "%s, %02d %s %04d %02d:%02d:%02d GMT", wd[w], d, mn[m - 1], y,
           (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}
