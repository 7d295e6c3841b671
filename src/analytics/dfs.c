/* dfs.c - Distance from Standard and its levels (see dfs.h for the rules and sources). */
#include "analytics/dfs.h"

#include <string.h>

#include "analytics/counting.h"
#include "domain/score_codes.h"

void dfs_init(struct dfs_acc *a) {
  if (a) {
    a->sum = 0;
    a->n = 0;
  }
}

int dfs_student(const struct score_record *r, int *out) {
  if (!r || !out || r->family != SCORE_CAASPP) return -1;
  if (strcmp(r->record_type, "01") != 0 && strcmp(r->record_type, "02") != 0) return -1;
  if (!counting_valid_score(r)) return -1;
  int cut = score_level3_min(r->record_type, score_grade_number(r->grade_assessed));
  if (cut < 0) return -1;
  *out = r->scale_score - cut;
  return 0;
}

bool dfs_add(struct dfs_acc *a, const struct score_record *r) {
  int d;
  if (!a || dfs_student(r, &d) != 0) return false;
  dfs_add_value(a, d);
  return true;
}

void dfs_add_value(struct dfs_acc *a, int dfs) {
  if (!a) return;
  a->sum += dfs;
  a->n++;
}

void dfs_merge(struct dfs_acc *a, const struct dfs_acc *b) {
  if (!a || !b) return;
  a->sum += b->sum;
  a->n += b->n;
}

bool dfs_mean(const struct dfs_acc *a, double *out) {
  if (!a || !out || a->n <= 0) return false;
  *out = (double)a->sum / (double)a->n;
  return true;
}

double dfs_change(double current, double prior) {
  return current - prior;
}

/* num / den (den > 0) rounded to an integer, halves away from zero, exactly. */
static long long div_round(long long num, long long den) {
  long long q = num / den, r = num % den; /* C rounds toward zero */
  long long twice = 2 * (r < 0 ? -r : r);
  if (twice >= den) q += num < 0 ? -1 : 1;
  return q;
}

bool dfs_mean_tenths(const struct dfs_acc *a, long long *tenths) {
  if (!a || !tenths || a->n <= 0) return false;
  *tenths = div_round(a->sum * 10, a->n);
  return true;
}

/* The change as the fraction num / den: sc / nc - sp / np = (sc np - sp nc) / (nc np). Sums
 * are at most a few hundred points times a million students; the products stay far inside
 * 64 bits. */
static bool change_fraction(const struct dfs_acc *c, const struct dfs_acc *p, long long *num,
                            long long *den) {
  if (!c || !p || c->n <= 0 || p->n <= 0) return false;
  *num = c->sum * p->n - p->sum * c->n;
  *den = (long long)c->n * p->n;
  return true;
}

bool dfs_change_tenths(const struct dfs_acc *current, const struct dfs_acc *prior,
                       long long *tenths) {
  long long num, den;
  if (!tenths || !change_fraction(current, prior, &num, &den)) return false;
  *tenths = div_round(num * 10, den);
  return true;
}

bool dfs_change_exact(const struct dfs_acc *current, const struct dfs_acc *prior, double *out) {
  long long num, den;
  if (!out || !change_fraction(current, prior, &num, &den)) return false;
  *out = (double)num / (double)den;
  return true;
}

long long dfs_round_tenths(double v) {
  double t = v * 10.0;
  /* the cast truncates toward zero, so adding 0.5 away from zero rounds halves away */
  return (long long)(t >= 0 ? t + 0.5 : t - 0.5);
}

int dfs_format(double v, char *out, size_t cap) {
  if (!out || cap == 0) return -1;
  out[0] = '\0';
  if (!(v >= -1e12 && v <= 1e12)) return -1; /* also rejects NaN */
  long long t = dfs_round_tenths(v);
  unsigned long long a = t < 0 ? (unsigned long long)(-t) : (unsigned long long)t;
  char digits[24];
  size_t nd = 0;
  unsigned long long whole = a / 10;
  do {
    digits[nd++] = (char)('0' + whole % 10);
    whole /= 10;
  } while (whole);
  size_t need = (t != 0 ? 1 : 0) + nd + 2 + 1; /* sign, digits, ".d", NUL */
  if (need > cap) return -1;
  size_t k = 0;
  if (t > 0) out[k++] = '+';
  if (t < 0) out[k++] = '-';
  while (nd)
    out[k++] = digits[--nd];
  out[k++] = '.';
  out[k++] = (char)('0' + a % 10);
  out[k] = '\0';
  return 0;
}

/* Lower bounds of levels 5, 4, 3, 2 (level 1 below the last), analytics-anchors.md §2.3. */
static const double ELA_CUTS[4] = {45.0, 10.0, -5.0, -70.0};
static const double MATH_CUTS[4] = {35.0, 0.0, -25.0, -95.0};

enum dfs_level dfs_status_level(enum dfs_subject s, double status) {
  const double *cuts = s == DFS_ELA ? ELA_CUTS : s == DFS_MATH ? MATH_CUTS : NULL;
  if (!cuts || status != status) return DFS_LEVEL_NONE;
  for (int i = 0; i < 4; i++)
    if (status >= cuts[i]) return (enum dfs_level)(5 - i);
  return DFS_LEVEL_1;
}

enum dfs_level dfs_change_level(double change) {
  if (change != change) return DFS_LEVEL_NONE;
  if (change >= 15.0) return DFS_LEVEL_5;
  if (change >= 3.0) return DFS_LEVEL_4;
  if (change > -3.0) return DFS_LEVEL_3;
  if (change >= -15.0) return DFS_LEVEL_2;
  return DFS_LEVEL_1;
}

const char *dfs_status_name(enum dfs_level l) {
  static const char *const N[] = {"No Data", "Very Low", "Low", "Medium", "High", "Very High"};
  return (l >= DFS_LEVEL_1 && l <= DFS_LEVEL_5) ? N[l] : N[0];
}

const char *dfs_change_name(enum dfs_level l) {
  static const char *const N[] = {"No Data",   "Declined Significantly", "Declined", "Maintained",
                                  "Increased", "Increased Significantly"};
  return (l >= DFS_LEVEL_1 && l <= DFS_LEVEL_5) ? N[l] : N[0];
}
