/* scorefile.c - see scorefile.h.
 *
 * How it works: csvread (delimiter detected, so that a comma file can be named as such)
 * hands over records. The first is the header: every column the reader needs is looked
 * up once by name (case-insensitive, surrounding spaces and quotes ignored), with each
 * year's renames as aliases; the family is the one whose required columns are all there.
 * Each data row then reads only those columns (about 70 of 290-401), checks them against
 * the code sets and scale ranges of domain/score_codes.h, fills a struct score_record on
 * the stack and hands it to the caller. Report type, LEA and year are settled in
 * scorefile_finish from what the rows showed (see settle_basis, settle_year).
 *
 * A row whose field count is wrong or whose EndofRecord is not ZZ is held back as a
 * pending issue: if it turns out to be the last row, the issue says the download looks
 * truncated instead. */
#include "ingest/scorefile.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/ids.h"
#include "domain/score_codes.h"
#include "ingest/csvread.h"
#include "ingest/score_columns.h"

enum col {
  C_RECORD_TYPE,
  C_SSID,
  C_UIN,
  C_GENDER,
  C_CALPADS_GRADE,
  C_GRADE,
  C_CALPADS_DISTRICT,
  C_CALPADS_SCHOOL,
  C_CALPADS_DISTRICT_NAME,
  C_CALPADS_SCHOOL_NAME,
  C_TESTED_SCHOOL_NAME1,
  C_FINAL_SCHOOL_NAME,
  C_SECTION504,
  C_SPECIAL_ED,
  C_MIGRANT,
  C_EL_STATUS,
  C_ELAS,
  C_MILITARY,
  C_FOSTER,
  C_HOMELESS,
  C_ECON,
  C_HISPANIC,
  C_AMERICAN_INDIAN,
  C_ASIAN,
  C_PACIFIC,
  C_FILIPINO,
  C_BLACK,
  C_WHITE,
  C_TWO_OR_MORE,
  C_ETHNICITY,
  C_PARENT_ED,
  C_SPED_ACCT,
  C_TESTED_DISTRICT1,
  C_TESTED_SCHOOL1,
  C_FINAL_DISTRICT,
  C_FINAL_SCHOOL,
  C_COMPLETED1,
  C_FINAL_COMPLETED,
  C_CONDITION,
  C_ATTEMPTED,
  C_INCLUDE,
  C_SSR_ELIGIBLE,
  C_SCIENCE_CURRENT,
  C_LEXILE,
  C_SCALE,
  C_SEM,
  C_LEVEL,
  C_CLAIM1,
  C_CLAIM2,
  C_CLAIM3,
  C_CLAIM4,
  C_COMP1,
  C_COMP2,
  C_DOMAIN1,
  C_DOMAIN2,
  C_DOMAIN3,
  C_DOMAIN4,
  C_ORAL_SCALE,
  C_WRITTEN_SCALE,
  C_ORAL_PL,
  C_WRITTEN_PL,
  C_END,
  C_COUNT
};

#define CA (1u << SCORE_CAASPP)
#define SE (1u << SCORE_SUMMATIVE_ELPAC)
#define IE (1u << SCORE_INITIAL_ELPAC)
#define ALL (CA | SE | IE)

/* A column as the families name it: the first name is the current one, the others are
 * earlier years' names (formats.md §2.4, §3.3, §3.6). */
struct colspec {
  enum col col;
  unsigned families; /* where the names below apply */
  unsigned required; /* where the column must be present */
  const char *names[3];
};

static const struct colspec COLS[] = {
    {C_RECORD_TYPE, ALL, ALL, {"RecordType"}},
    {C_SSID, ALL, ALL, {"SSID"}},
    {C_UIN, ALL, ALL, {"UIN"}},
    {C_GENDER, ALL, 0, {"Gender"}},
    {C_CALPADS_GRADE, ALL, 0, {"CALPADSGrade"}},
    {C_GRADE, ALL, ALL, {"GradeAssessed"}},
    {C_CALPADS_DISTRICT, ALL, ALL, {"CALPADSDistrictCode"}},
    {C_CALPADS_SCHOOL, ALL, 0, {"CALPADSSchoolCode"}},
    {C_CALPADS_DISTRICT_NAME, ALL, 0, {"CALPADSDistrictName"}},
    {C_CALPADS_SCHOOL_NAME, ALL, 0, {"CALPADSSchoolName"}},
    {C_TESTED_SCHOOL_NAME1, ALL, 0, {"TestedSchoolName1"}},
    {C_FINAL_SCHOOL_NAME, ALL, 0, {"FinalTestedSchoolName"}},
    {C_SECTION504, ALL, 0, {"Section504Status"}},
    {C_SPECIAL_ED, ALL, 0, {"CALPADSSpecialEducation", "CALPADSIDEAIndicator"}},
    {C_MIGRANT, ALL, 0, {"CALPADSMigrantStatus", "MigrantStatus"}},
    {C_EL_STATUS, ALL, 0, {"ELStatus"}},
    {C_ELAS, CA, 0, {"ELAS"}},
    {C_ELAS, SE | IE, 0, {"ELASforTesting"}},
    {C_MILITARY, ALL, 0, {"CALPADSMilitaryStatus", "MilitaryStatus"}},
    {C_FOSTER, ALL, 0, {"CALPADSFosterStatus", "FosterStatus"}},
    {C_HOMELESS, ALL, 0, {"CALPADSHomelessStatus", "HomelessStatus"}},
    {C_ECON, ALL, 0, {"CALPADSEconomicDisadvantageStatus", "EconomicDisadvantageStatus"}},
    {C_HISPANIC, ALL, 0, {"HispanicorLatino"}},
    {C_AMERICAN_INDIAN, ALL, 0, {"AmericanIndianorAlaskaNative"}},
    {C_ASIAN, ALL, 0, {"Asian"}},
    {C_PACIFIC, ALL, 0, {"HawaiianOrOtherPacificIslander"}},
    {C_FILIPINO, ALL, 0, {"Filipino"}},
    {C_BLACK, ALL, 0, {"BlackorAfricanAmerican"}},
    {C_WHITE, ALL, 0, {"White"}},
    {C_TWO_OR_MORE, ALL, 0, {"TwoorMoreRaces"}},
    {C_ETHNICITY, ALL, 0, {"EthnicityforTesting", "ReportingEthnicity"}},
    {C_PARENT_ED, ALL, 0, {"CALPADSParentEducationLevel", "ParentEducationLevel"}},
    {C_SPED_ACCT, ALL, 0, {"SPEDAcctDist"}},
    {C_TESTED_DISTRICT1, ALL, ALL, {"TestedDistrictCode1"}},
    {C_TESTED_SCHOOL1, ALL, 0, {"TestedSchoolCode1"}},
    {C_FINAL_DISTRICT, ALL, 0, {"FinalTestedDistrictCode"}},
    {C_FINAL_SCHOOL, ALL, 0, {"FinalTestedSchoolCode"}},
    {C_COMPLETED1, ALL, 0, {"TestCompletedDate1"}},
    {C_FINAL_COMPLETED, ALL, 0, {"FinalTestCompletedDate"}},
    {C_CONDITION, ALL, ALL, {"ConditionCode"}},
    {C_ATTEMPTED, ALL, ALL, {"Attemptedness"}},
    {C_INCLUDE, ALL, ALL, {"IncludeIndicator"}},
    {C_SSR_ELIGIBLE, ALL, 0, {"SSREligible", "SSR Eligible"}},
    {C_SCIENCE_CURRENT, CA, 0, {"ScienceCurrentYearFlag", "CASTCurrentYearFlag"}},
    {C_LEXILE, CA, 0, {"LexileorQuantileMeasure"}},
    {C_SCALE, CA, CA, {"ScaleScore"}},
    {C_SCALE, SE | IE, SE | IE, {"OverallScaleScore"}},
    {C_SEM, CA, 0, {"StandardErrorMeasurement"}},
    {C_SEM, SE, 0, {"OverallScaleScoreCSEM"}},
    {C_LEVEL, CA, CA, {"AchievementLevels"}},
    {C_LEVEL, SE | IE, SE | IE, {"OverallPL"}},
    {C_CLAIM1, CA, 0, {"SmarterClaim1PL"}},
    {C_CLAIM2, CA, 0, {"SmarterClaim2PL"}},
    {C_CLAIM3, CA, 0, {"SmarterClaim3PL"}},
    {C_CLAIM4, CA, 0, {"SmarterClaim4PL"}},
    {C_COMP1, CA, 0, {"SmarterCompClaim1PL"}},
    {C_COMP2, CA, 0, {"SmarterCompClaim2PL"}},
    {C_DOMAIN1, CA, 0, {"Domain1Level"}},
    {C_DOMAIN2, CA, 0, {"Domain2Level"}},
    {C_DOMAIN3, CA, 0, {"Domain3Level"}},
    {C_DOMAIN4, CA, 0, {"Domain4Level"}},
    {C_DOMAIN1, SE, 0, {"ListeningPL"}},
    {C_DOMAIN2, SE, 0, {"SpeakingPL"}},
    {C_DOMAIN3, SE, 0, {"ReadingPL"}},
    {C_DOMAIN4, SE, 0, {"WritingPL"}},
    {C_ORAL_SCALE, SE, SE, {"OralLanguageScaleScore"}},
    {C_WRITTEN_SCALE, SE, SE, {"WrittenLanguageScaleScore"}},
    {C_ORAL_PL, SE | IE, 0, {"OralLanguagePL"}},
    {C_WRITTEN_PL, SE | IE, 0, {"WrittenLanguagePL"}},
    {C_END, ALL, ALL, {"EndofRecord"}},
};
#define NCOLSPEC (sizeof COLS / sizeof COLS[0])

#define MAX_NAME 64 /* longest header name compared; longer ones match nothing */

/* ---- duplicate-UIN set: open addressing over 64-bit keys, 0 = empty ---- */

struct uinset {
  uint64_t *slot;
  size_t cap, n; /* cap a power of two */
};

static uint64_t mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}

/* Returns 1 when key was already there, 0 when added, -1 out of memory. */
static int uinset_add(struct uinset *s, uint64_t key) {
  if ((s->n + 1) * 10 > s->cap * 7) {
    size_t cap = s->cap ? s->cap * 2 : 1024;
    uint64_t *slot = calloc(cap, sizeof *slot);
    if (slot == NULL) return -1;
    for (size_t i = 0; i < s->cap; i++) {
      if (s->slot[i] == 0) continue;
      size_t j = mix64(s->slot[i]) & (cap - 1);
      while (slot[j] != 0)
        j = (j + 1) & (cap - 1);
      slot[j] = s->slot[i];
    }
    free(s->slot);
    s->slot = slot;
    s->cap = cap;
  }
  size_t j = mix64(key) & (s->cap - 1);
  while (s->slot[j] != 0) {
    if (s->slot[j] == key) return 1;
    j = (j + 1) & (s->cap - 1);
  }
  s->slot[j] = key;
  s->n++;
  return 0;
}

/* The UIN as a key: the number + 1 when all digits (16 at most), else an FNV-1a hash with
 * the top bit set (numbers stay below 2^54, so the two never meet). */
static uint64_t uin_key(const char *s, size_t n) {
  bool digits = n > 0 && n <= 18;
  uint64_t v = 0;
  for (size_t i = 0; digits && i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      digits = false;
    else
      v = v * 10 + (uint64_t)(s[i] - '0');
  }
  if (digits) return v + 1;
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++)
    h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
  return h | (1ull << 63);
}

/* ---- the reader ---- */

struct scorefile {
  struct scorefile_opts opts;
  scorefile_row_fn fn;
  void *ctx;
  struct csvread *csv;
  struct scorefile_info info;
  struct score_issue *issues;
  size_t nissues, cap_issues;
  struct score_issue pending; /* held back: wrong field count or no ZZ */
  bool has_pending;
  size_t pending_nfields;

  bool header_seen, header_ok, done, finished, cb_failed, oom;
  bool csv_failed; /* csvread refused the input (quoting, NUL, delimiter...) */
  struct sb_err cb_err;
  int idx[C_COUNT];                /* column index per role, -1 when absent */
  char colname[C_COUNT][MAX_NAME]; /* the header's own spelling, for messages */
  bool individual_claims;

  /* hints from the file name */
  enum score_basis name_basis;
  int name_year;
  enum score_family name_family;
  char name_lea[8];

  /* what the rows showed */
  char cal_lea[8], test_lea[8];
  long first_cal_diff_line, first_untested_line, first_test_diff_line;
  char cal_diff_lea[8], test_diff_lea[8];
  long year_counts[100]; /* spring years 2000..2099 from completion dates */
  long dated_rows;
  long lea_rows; /* rows seen by track_leas */

  struct uinset uins;
};

static const char *basis_names[] = {"", "Enrolled", "Tested"};

const char *score_family_name(enum score_family f) {
  switch (f) {
  case SCORE_CAASPP:
    return "CAASPP";
  case SCORE_SUMMATIVE_ELPAC:
    return "Summative ELPAC";
  case SCORE_INITIAL_ELPAC:
    return "Initial ELPAC";
  }
  return "unknown";
}

const char *score_basis_name(enum score_basis b) {
  return b == SCORE_ENROLLED || b == SCORE_TESTED ? basis_names[b] : "unknown";
}

static void issue(struct scorefile *f, enum score_issue_level level, long line, const char *column,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void issue_v(struct score_issue *is, enum score_issue_level level, long line,
                    const char *column, const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));

static void issue_v(struct score_issue *is, enum score_issue_level level, long line,
                    const char *column, const char *fmt, va_list ap) {
  memset(is, 0, sizeof *is);
  is->level = level;
  is->line = line;
  snprintf(is->column, sizeof is->column, "%s", column ? column : "");
  vsnprintf(is->reason, sizeof is->reason, fmt, ap);
}

static void push_issue(struct scorefile *f, const struct score_issue *is) {
  if (is->level == SCORE_ERROR)
    f->info.errors++;
  else
    f->info.warnings++;
  if (f->nissues >= f->opts.max_issues) return;
  if (f->nissues == f->cap_issues) {
    size_t cap = f->cap_issues ? f->cap_issues * 2 : 16;
    if (cap > f->opts.max_issues) cap = f->opts.max_issues;
    struct score_issue *p = realloc(f->issues, cap * sizeof *p);
    if (p == NULL) {
      f->oom = true;
      return;
    }
    f->issues = p;
    f->cap_issues = cap;
  }
  f->issues[f->nissues++] = *is;
}

static void flush_pending(struct scorefile *f) {
  if (f->has_pending) push_issue(f, &f->pending);
  f->has_pending = false;
}

static void issue(struct scorefile *f, enum score_issue_level level, long line, const char *column,
                  const char *fmt, ...) {
  struct score_issue is;
  va_list ap;
  va_start(ap, fmt);
  issue_v(&is, level, line, column, fmt, ap);
  va_end(ap);
  push_issue(f, &is);
}

/* The value of the n decimal digits at s (the caller has checked they are digits). */
static int dec(const char *s, size_t n) {
  int v = 0;
  for (size_t i = 0; i < n; i++)
    v = v * 10 + (s[i] - '0');
  return v;
}

/* ---- file name hints ---- */

static bool contains_ci(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  for (; *hay; hay++)
    if (strncasecmp(hay, needle, n) == 0) return true;
  return false;
}

static void read_name(struct scorefile *f) {
  const char *p = f->opts.file_name;
  if (p == NULL) return;
  for (const char *q = p; *q; q++)
    if (*q == '/' || *q == '\\') p = q + 1;
  if (contains_ci(p, "EnrolledStudentScoreData")) f->name_basis = SCORE_ENROLLED;
  if (contains_ci(p, "TestedStudentScoreData")) f->name_basis = SCORE_TESTED;
  if (contains_ci(p, "Summative_ELPAC"))
    f->name_family = SCORE_SUMMATIVE_ELPAC;
  else if (contains_ci(p, "Initial_ELPAC"))
    f->name_family = SCORE_INITIAL_ELPAC;
  else if (contains_ci(p, "CAASPP"))
    f->name_family = SCORE_CAASPP;
  size_t n = strlen(p);
  if (strspn(p, "0123456789") >= 14) {
    memcpy(f->name_lea, p, 7);
    f->name_lea[7] = '\0';
  }
  for (size_t i = 0; i + 6 <= n; i++) {
    const char *s = p + i;
    if (s[0] != '_' || (s[5] != '_' && s[5] != '.')) continue;
    if (strspn(s + 1, "0123456789") < 4) continue;
    int y = dec(s + 1, 4);
    if (y >= 2015 && y <= 2099) f->name_year = y;
  }
}

/* ---- header ---- */

/* Header name without surrounding spaces and double quotes, lower-cased into out. */
static bool norm_name(const char *s, size_t n, char *out) {
  while (n > 0 && (*s == ' ' || *s == '\t' || *s == '"')) {
    s++;
    n--;
  }
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '"' || s[n - 1] == '\r'))
    n--;
  if (n >= MAX_NAME) return false;
  for (size_t i = 0; i < n; i++)
    out[i] = (char)tolower((unsigned char)s[i]);
  out[n] = '\0';
  return true;
}

static bool name_is(const char *normed, const char *name) {
  return strcasecmp(normed, name) == 0;
}

/* Column indexes of the family; returns the number of required columns missing and names
 * them in missing (comma-separated). */
static int resolve(const struct csvread_record *rec, enum score_family fam, int *idx, char *missing,
                   size_t cap) {
  unsigned bit = 1u << fam;
  for (int c = 0; c < C_COUNT; c++)
    idx[c] = -1;
  char nm[MAX_NAME];
  for (size_t k = 0; k < rec->nfields; k++) {
    if (!norm_name(rec->fields[k], rec->lens[k], nm)) continue;
    for (size_t i = 0; i < NCOLSPEC; i++) {
      if (!(COLS[i].families & bit) || idx[COLS[i].col] >= 0) continue;
      for (size_t a = 0; a < 3 && COLS[i].names[a]; a++)
        if (name_is(nm, COLS[i].names[a])) idx[COLS[i].col] = (int)k;
    }
  }
  int nmissing = 0;
  size_t used = 0;
  if (cap) missing[0] = '\0';
  for (size_t i = 0; i < NCOLSPEC; i++) {
    if (!(COLS[i].required & bit) || idx[COLS[i].col] >= 0) continue;
    nmissing++;
    if (used < cap) {
      int w = snprintf(missing + used, cap - used, "%s%s", used ? ", " : "", COLS[i].names[0]);
      if (w > 0) used += (size_t)w;
    }
  }
  return nmissing;
}

static const struct score_columns *exact_layout(const struct csvread_record *rec) {
  char nm[MAX_NAME];
  for (size_t l = 0; l < score_columns_known_count; l++) {
    const struct score_columns *sc = &score_columns_known[l];
    if (sc->ncols != rec->nfields) continue;
    size_t k = 0;
    for (; k < sc->ncols; k++)
      if (!norm_name(rec->fields[k], rec->lens[k], nm) || !name_is(nm, sc->names[k])) break;
    if (k == sc->ncols) return sc;
  }
  return NULL;
}

static int on_header(struct scorefile *f, const struct csvread_record *rec) {
  f->header_seen = true;
  f->info.ncols = rec->nfields;
  long line = (long)rec->line;
  if (rec->delim == ',') {
    issue(f, SCORE_ERROR, line, "",
          "the file is comma-delimited: it looks re-saved by a spreadsheet. TOMS files are "
          "caret-delimited (^); upload the .csv file from the TOMS download as it is");
    return 1;
  }
  static const enum score_family FAMS[] = {SCORE_CAASPP, SCORE_SUMMATIVE_ELPAC,
                                           SCORE_INITIAL_ELPAC};
  int best = -1, best_missing = 1 << 30;
  char missing[3][200];
  int idx[C_COUNT];
  for (int i = 0; i < 3; i++) {
    int m = resolve(rec, FAMS[i], idx, missing[i], sizeof missing[i]);
    if (m < best_missing || (m == best_missing && m > 0 && FAMS[i] == f->name_family)) {
      best = i;
      best_missing = m;
    }
  }
  if (best_missing > 0) {
    char first[MAX_NAME] = "";
    sscanf(missing[best], "%63[^,]", first);
    bool looks_data = rec->nfields > 0 && rec->lens[0] == 2 &&
                      isdigit((unsigned char)rec->fields[0][0]) &&
                      isdigit((unsigned char)rec->fields[0][1]);
    issue(f, SCORE_ERROR, line, first,
          "%sthe header matches no known Student Score Data File layout; closest is %s, but "
          "it lacks %s",
          looks_data ? "the first line looks like a data row (no header row?): " : "",
          score_family_name(FAMS[best]), missing[best]);
    return 1;
  }
  f->info.family = FAMS[best];
  resolve(rec, f->info.family, f->idx, NULL, 0);
  for (int c = 0; c < C_COUNT; c++) {
    f->colname[c][0] = '\0';
    int k = f->idx[c];
    if (k < 0) continue;
    const char *s = rec->fields[k];
    size_t n = rec->lens[k];
    while (n > 0 && (*s == ' ' || *s == '\t' || *s == '"')) {
      s++;
      n--;
    }
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '"'))
      n--;
    snprintf(f->colname[c], sizeof f->colname[c], "%.*s", (int)n, s);
  }
  f->individual_claims = f->idx[C_CLAIM1] >= 0;
  const struct score_columns *sc = exact_layout(rec);
  if (sc != NULL && sc->family == f->info.family) f->info.layout_year = sc->year;
  if (f->name_family != 0 && f->name_family != f->info.family)
    issue(f, SCORE_WARNING, line, "",
          "the file name says %s but the header is a %s file; the header is used",
          score_family_name(f->name_family), score_family_name(f->info.family));
  /* year known before the rows: the caller's, the name's, the exact layout's */
  if (f->opts.year)
    f->info.year = f->opts.year;
  else if (f->name_year)
    f->info.year = f->name_year;
  else
    f->info.year = f->info.layout_year;
  if (f->opts.year && f->info.layout_year && f->opts.year < f->info.layout_year)
    issue(f, SCORE_ERROR, line, "",
          "the year given is %d-%02d but the header is the %d-%02d layout, which TOMS did not "
          "use before; check the administration year",
          f->opts.year - 1, f->opts.year % 100, f->info.layout_year - 1, f->info.layout_year % 100);
  f->header_ok = true;
  return 0;
}

/* ---- rows ---- */

struct row {
  struct scorefile *f;
  const struct csvread_record *rec;
  long line;
  bool bad;
  const char *rt; /* record type when valid, else NULL */
  int grade;      /* GradeAssessed as a number, -1 when blank or bad */
};

static const char *val(const struct row *r, enum col c) {
  int i = r->f->idx[c];
  return i < 0 ? "" : r->rec->fields[i];
}

static size_t len(const struct row *r, enum col c) {
  int i = r->f->idx[c];
  return i < 0 ? 0 : r->rec->lens[i];
}

static bool blank(const struct row *r, enum col c) {
  return len(r, c) == 0;
}

/* Copies a name column into out (cap bytes), cut at a UTF-8 character boundary. */
static void name(const struct row *r, enum col c, char *out, size_t cap) {
  size_t n = len(r, c);
  if (n >= cap) {
    n = cap - 1;
    while (n > 0 && ((unsigned char)val(r, c)[n] & 0xC0) == 0x80)
      n--; /* do not split a character */
  }
  memcpy(out, val(r, c), n);
  out[n] = '\0';
}

static void bad(struct row *r, enum col c, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* An ERROR naming the column as the header spells it: "'3100' is outside ...". */
static void bad(struct row *r, enum col c, const char *fmt, ...) {
  char reason[200], shown[CSVREAD_SHOW_MAX + 4];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(reason, sizeof reason, fmt, ap);
  va_end(ap);
  if (blank(r, c)) {
    issue(r->f, SCORE_ERROR, r->line, r->f->colname[c], "blank: %s", reason);
  } else {
    csvread_show(shown, val(r, c), len(r, c));
    issue(r->f, SCORE_ERROR, r->line, r->f->colname[c], "%s %s", shown, reason);
  }
  r->bad = true;
}

/* Copies a blank-or-code field checked by ok into out (cap bytes). */
static void code(struct row *r, enum col c, bool (*ok)(const char *), char *out, size_t cap,
                 const char *set) {
  out[0] = '\0';
  if (blank(r, c)) return;
  if (len(r, c) >= cap || !ok(val(r, c))) {
    bad(r, c, "is not one of %s", set);
    return;
  }
  memcpy(out, val(r, c), len(r, c) + 1);
}

/* Yes/No flag: 'Y', 'N', 0 when blank. */
static char yes_no(struct row *r, enum col c) {
  const char *v = val(r, c);
  if (blank(r, c)) return 0;
  if (strcmp(v, "Yes") == 0 || strcmp(v, "Y") == 0) return 'Y';
  if (strcmp(v, "No") == 0 || strcmp(v, "N") == 0) return 'N';
  bad(r, c, "is not Yes or No");
  return 0;
}

/* A number of at most 5 digits; 0 when blank (or "NS" where allowed). -1 when bad. */
static int number(struct row *r, enum col c, bool ns_ok, bool *ns) {
  const char *v = val(r, c);
  size_t n = len(r, c);
  if (ns) *ns = false;
  if (n == 0) return 0;
  if (ns_ok && strcmp(v, "NS") == 0) {
    if (ns) *ns = true;
    return 0;
  }
  if (n > 5 || strspn(v, "0123456789") != n) {
    bad(r, c, "is not a number%s", ns_ok ? " or NS" : "");
    return -1;
  }
  return dec(v, n);
}

static void grade_words(int g, char *out, size_t cap) {
  if (g == 0)
    snprintf(out, cap, "kindergarten");
  else
    snprintf(out, cap, "grade %d", g);
}

/* A scale score checked against its test's range for the grade. */
static int scale(struct row *r, enum col c, bool ns_ok, const char *what) {
  bool ns;
  int s = number(r, c, ns_ok, &ns);
  if (s <= 0 || r->rt == NULL) return s < 0 ? 0 : s;
  char g[24];
  if (r->grade < 0) {
    bad(r, c,
        "is a scale score but GradeAssessed is blank or not a grade, so its range is "
        "unknown");
    return 0;
  }
  grade_words(r->grade, g, sizeof g);
  struct score_range rg;
  if (score_scale_range(r->rt, r->grade, r->f->info.year, &rg) != 0) {
    bad(r, c, "is a scale score, but %s has no %s test", score_record_type_name(r->rt), g);
    return 0;
  }
  if (s < rg.lo || s > rg.hi) {
    bad(r, c, "is outside %d–%d, the %s %s%s range", rg.lo, rg.hi, g, score_record_type_name(r->rt),
        what);
    return 0;
  }
  return s;
}

/* 14-digit CDS code or blank; the first 7 digits (the LEA) into lea when given. */
static void cds(struct row *r, enum col c, char *lea, char *school) {
  if (lea) lea[0] = '\0';
  if (school) school[0] = '\0';
  if (blank(r, c)) return;
  if (!ids_all_digits(val(r, c), 14)) {
    bad(r, c, "is not a 14-digit CDS code");
    return;
  }
  if (lea) {
    memcpy(lea, val(r, c), 7);
    lea[7] = '\0';
  }
  if (school) memcpy(school, val(r, c), 15);
}

/* Initial ELPAC text levels; 0 blank, 9 NS, -1 not known. */
static int initial_overall(const char *v) {
  if (v[0] == '\0') return 0;
  if (strcmp(v, "NS") == 0) return 9;
  if (strncasecmp(v, "Novice", 6) == 0) return 1;
  if (strncasecmp(v, "Intermediate", 12) == 0) return 2;
  if (strncasecmp(v, "Initial fluent", 14) == 0 || strcasecmp(v, "IFEP") == 0) return 3;
  if (v[1] == '\0' && v[0] >= '1' && v[0] <= '3') return v[0] - '0';
  return -1;
}

static int initial_composite(const char *v) {
  if (v[0] == '\0' || strcmp(v, "NS") == 0) return 0;
  if (strcasecmp(v, "Beginning to develop") == 0) return 1;
  if (strcasecmp(v, "Somewhat to moderately developed") == 0) return 2;
  if (strcasecmp(v, "Well developed") == 0) return 3;
  if (v[1] == '\0' && v[0] >= '1' && v[0] <= '3') return v[0] - '0';
  return -1;
}

/* Spring year of a YYYY-MM-DD (or DD-MM-YYYY) date: Aug-Dec count for the next spring. */
static int spring_year(const char *s, size_t n) {
  if (n != 10) return 0;
  int y, m;
  if (s[4] == '-' && s[7] == '-' && strspn(s, "0123456789") == 4) {
    y = dec(s, 4);
    if (strspn(s + 5, "0123456789") < 2) return 0;
    m = dec(s + 5, 2);
  } else if (s[2] == '-' && s[5] == '-' && strspn(s + 6, "0123456789") == 4) {
    y = dec(s + 6, 4);
    if (strspn(s + 3, "0123456789") < 2) return 0;
    m = dec(s + 3, 2);
  } else {
    return 0;
  }
  if (m < 1 || m > 12 || y < 2000 || y > 2098) return 0;
  return m >= 8 ? y + 1 : y;
}

static void track_leas(struct scorefile *f, long line, const char *cal, const char *tested) {
  if (f->lea_rows++ == 0) memcpy(f->cal_lea, cal, 8);
  if (f->first_cal_diff_line == 0 && (cal[0] == '\0' || strcmp(cal, f->cal_lea) != 0)) {
    f->first_cal_diff_line = line;
    memcpy(f->cal_diff_lea, cal, 8);
  }
  if (tested[0] == '\0') {
    if (f->first_untested_line == 0) f->first_untested_line = line;
    return;
  }
  if (f->test_lea[0] == '\0') memcpy(f->test_lea, tested, 8);
  if (f->first_test_diff_line == 0 && strcmp(tested, f->test_lea) != 0) {
    f->first_test_diff_line = line;
    memcpy(f->test_diff_lea, tested, 8);
  }
}

static int on_row(struct scorefile *f, const struct csvread_record *rec) {
  flush_pending(f);
  f->info.rows++;
  struct row r = {.f = f, .rec = rec, .line = (long)rec->line, .grade = -1};
  if (rec->nfields != f->info.ncols) {
    struct score_issue *p = &f->pending;
    memset(p, 0, sizeof *p);
    p->level = SCORE_ERROR;
    p->line = r.line;
    snprintf(p->reason, sizeof p->reason,
             "the record has %zu fields but the header has %zu; check that no field holds a "
             "stray ^ and that the file was not cut short",
             rec->nfields, f->info.ncols);
    f->has_pending = true;
    f->pending_nfields = rec->nfields;
    return 0;
  }
  if (strcmp(val(&r, C_END), "ZZ") != 0) {
    struct score_issue *p = &f->pending;
    char shown[CSVREAD_SHOW_MAX + 4];
    csvread_show(shown, val(&r, C_END), len(&r, C_END));
    memset(p, 0, sizeof *p);
    p->level = SCORE_ERROR;
    p->line = r.line;
    snprintf(p->column, sizeof p->column, "%s", f->colname[C_END]);
    snprintf(p->reason, sizeof p->reason, "is '%s', not ZZ: the record is incomplete", shown);
    f->has_pending = true;
    f->pending_nfields = rec->nfields;
    return 0;
  }

  struct score_record o;
  memset(&o, 0, sizeof o);
  o.family = f->info.family;

  /* keys */
  const char *rt = val(&r, C_RECORD_TYPE);
  enum score_family rf = len(&r, C_RECORD_TYPE) == 2 ? score_record_type_family(rt) : 0;
  if (rf == 0)
    bad(&r, C_RECORD_TYPE,
        "is not a record type (01-06, 09 CAASPP; 21, 23 Summative ELPAC; 22, "
        "24 Initial ELPAC)");
  else if (rf != f->info.family)
    bad(&r, C_RECORD_TYPE,
        "is a %s record, which does not belong in a %s file; upload each "
        "assessment's file on its own",
        score_record_type_name(rt), score_family_name(f->info.family));
  else {
    r.rt = rt;
    memcpy(o.record_type, rt, 3);
  }
  if (!ids_valid_ssid(val(&r, C_SSID)))
    bad(&r, C_SSID, "is not a 10-digit SSID");
  else
    memcpy(o.ssid, val(&r, C_SSID), 11);
  size_t un = len(&r, C_UIN);
  if (un >= sizeof o.uin) {
    bad(&r, C_UIN, "is longer than %zu characters", sizeof o.uin - 1);
  } else if (un > 0) {
    memcpy(o.uin, val(&r, C_UIN), un + 1);
    int dup = uinset_add(&f->uins, uin_key(o.uin, un));
    if (dup < 0) {
      f->oom = true;
      return -1;
    }
    if (dup == 1)
      issue(f, SCORE_WARNING, r.line, f->colname[C_UIN],
            "UIN %s appears more than once in the file; TOMS gives every record its own UIN, "
            "so this record may be a copy",
            o.uin);
  }

  /* where */
  cds(&r, C_CALPADS_DISTRICT, o.lea, NULL);
  if (!blank(&r, C_CALPADS_SCHOOL)) {
    const char *v = val(&r, C_CALPADS_SCHOOL);
    if (ids_all_digits(v, 14))
      memcpy(o.school, v, 15);
    else if (ids_all_digits(v, 7) && o.lea[0]) {
      memcpy(o.school, o.lea, 7);
      memcpy(o.school + 7, v, 8);
    } else
      bad(&r, C_CALPADS_SCHOOL, "is not a 14-digit CDS code");
  }
  if (!blank(&r, C_SPED_ACCT) && !ids_all_digits(val(&r, C_SPED_ACCT), 7))
    bad(&r, C_SPED_ACCT, "is not a 7-digit county and district code");
  char t1_lea[8] = "", t1_school[15] = "", fin_lea[8] = "", fin_school[15] = "";
  cds(&r, C_TESTED_DISTRICT1, t1_lea, NULL);
  cds(&r, C_TESTED_SCHOOL1, NULL, t1_school);
  cds(&r, C_FINAL_DISTRICT, fin_lea, NULL);
  cds(&r, C_FINAL_SCHOOL, NULL, fin_school);
  if (fin_lea[0]) {
    memcpy(o.tested_lea, fin_lea, 8);
    memcpy(o.tested_school, fin_school, 15);
    name(&r, C_FINAL_SCHOOL_NAME, o.tested_school_name, sizeof o.tested_school_name);
  } else {
    memcpy(o.tested_lea, t1_lea, 8);
    memcpy(o.tested_school, t1_school, 15);
    name(&r, C_TESTED_SCHOOL_NAME1, o.tested_school_name, sizeof o.tested_school_name);
  }
  name(&r, C_CALPADS_DISTRICT_NAME, o.lea_name, sizeof o.lea_name);
  name(&r, C_CALPADS_SCHOOL_NAME, o.school_name, sizeof o.school_name);

  /* grades */
  if (!blank(&r, C_GRADE)) {
    if (len(&r, C_GRADE) != 2 || !score_grade_assessed_valid(f->info.family, val(&r, C_GRADE)))
      bad(&r, C_GRADE, "is not a grade %s tests (%s)", score_family_name(f->info.family),
          f->info.family == SCORE_CAASPP ? "03-12" : "KN, 01-12");
    else {
      memcpy(o.grade_assessed, val(&r, C_GRADE), 3);
      r.grade = score_grade_number(o.grade_assessed);
    }
  }
  code(&r, C_CALPADS_GRADE, score_calpads_grade_valid, o.calpads_grade, sizeof o.calpads_grade,
       "TK, KN, 01-12, UE, US, PS, AD, IN, TD");

  /* demographics */
  char g[2] = "";
  code(&r, C_GENDER, score_gender_valid, g, sizeof g, "F, M, X");
  o.gender = g[0];
  o.hispanic = yes_no(&r, C_HISPANIC);
  o.american_indian = yes_no(&r, C_AMERICAN_INDIAN);
  o.asian = yes_no(&r, C_ASIAN);
  o.pacific_islander = yes_no(&r, C_PACIFIC);
  o.filipino = yes_no(&r, C_FILIPINO);
  o.black = yes_no(&r, C_BLACK);
  o.white = yes_no(&r, C_WHITE);
  o.two_or_more = yes_no(&r, C_TWO_OR_MORE);
  code(&r, C_ETHNICITY, score_ethnicity_valid, o.ethnicity, sizeof o.ethnicity,
       "100, 200, ... 800");
  o.el_status = yes_no(&r, C_EL_STATUS);
  code(&r, C_ELAS, score_elas_valid, o.elas, sizeof o.elas, "EO, IFEP, RFEP, EL, ADEL, TBD");
  o.economic_disadvantage = yes_no(&r, C_ECON);
  o.disability = yes_no(&r, C_SPECIAL_ED);
  o.section504 = yes_no(&r, C_SECTION504);
  o.migrant = yes_no(&r, C_MIGRANT);
  o.military = yes_no(&r, C_MILITARY);
  o.foster = yes_no(&r, C_FOSTER);
  o.homeless = yes_no(&r, C_HOMELESS);
  code(&r, C_PARENT_ED, score_parent_education_valid, o.parent_education, sizeof o.parent_education,
       "10, 11, 12, 13, 14, 15");
  const char *y = val(&r, C_SSR_ELIGIBLE);
  if (!blank(&r, C_SSR_ELIGIBLE) && strcmp(y, "Y") != 0 && strcmp(y, "N") != 0)
    bad(&r, C_SSR_ELIGIBLE, "is not Y or N");
  y = val(&r, C_SCIENCE_CURRENT);
  if (!blank(&r, C_SCIENCE_CURRENT) && strcmp(y, "Y") != 0 && strcmp(y, "N") != 0)
    bad(&r, C_SCIENCE_CURRENT, "is not Y or N");

  /* test event and scores: their code sets depend on the test */
  if (r.rt != NULL) {
    const char *name = score_record_type_name(r.rt);
    const char *v = val(&r, C_CONDITION);
    if (len(&r, C_CONDITION) >= sizeof o.condition_code || !score_condition_valid(r.rt, v))
      bad(&r, C_CONDITION, "is not a condition code of the %s", name);
    else
      memcpy(o.condition_code, v, len(&r, C_CONDITION) + 1);
    v = val(&r, C_ATTEMPTED);
    if (len(&r, C_ATTEMPTED) > 1 || !score_attemptedness_valid(r.rt, v))
      bad(&r, C_ATTEMPTED, "is not an attemptedness code of the %s (%s)", name,
          f->info.family == SCORE_CAASPP ? "N, P, Y" : "P, Y");
    else
      o.attemptedness = v[0];
    v = val(&r, C_INCLUDE);
    if (len(&r, C_INCLUDE) > 1 || !score_include_valid(r.rt, v))
      bad(&r, C_INCLUDE, "is not an include indicator of the %s", name);
    else
      o.include_indicator = v[0];

    bool elpac = f->info.family != SCORE_CAASPP;
    o.scale_score = scale(&r, C_SCALE, elpac, elpac ? " overall" : "");
    bool ns;
    int sem = number(&r, C_SEM, elpac, &ns);
    o.sem = sem > 0 ? sem : 0;
    v = val(&r, C_LEVEL);
    if (f->info.family == SCORE_INITIAL_ELPAC) {
      int lv = initial_overall(v);
      if (lv < 0)
        bad(&r, C_LEVEL,
            "is not an Initial ELPAC level (Novice English Learner, Intermediate "
            "English Learner, Initial Fluent English Proficient, NS)");
      else
        o.level = lv;
      int ol = initial_composite(val(&r, C_ORAL_PL)), wl = initial_composite(val(&r, C_WRITTEN_PL));
      if (ol < 0)
        bad(&r, C_ORAL_PL,
            "is not a composite level (Beginning to develop, Somewhat "
            "to moderately developed, Well developed, NS)");
      if (wl < 0)
        bad(&r, C_WRITTEN_PL,
            "is not a composite level (Beginning to develop, "
            "Somewhat to moderately developed, Well developed, NS)");
      o.oral_level = ol > 0 ? ol : 0;
      o.written_level = wl > 0 ? wl : 0;
    } else {
      if (!score_level_code_valid(r.rt, v))
        bad(&r, C_LEVEL, "is not an achievement level of the %s", name);
      else
        o.level = v[0] == '\0' ? 0 : strcmp(v, "NS") == 0 ? 9 : v[0] - '0';
    }
    if (f->info.family == SCORE_CAASPP) {
      static const enum col CLAIMS[4] = {C_CLAIM1, C_CLAIM2, C_CLAIM3, C_CLAIM4};
      static const enum col COMPS[2] = {C_COMP1, C_COMP2};
      const enum col *cl = f->individual_claims ? CLAIMS : COMPS;
      int ncl = f->individual_claims ? 4 : 2;
      for (int i = 0; i < ncl; i++) {
        v = val(&r, cl[i]);
        if (blank(&r, cl[i])) continue;
        if (len(&r, cl[i]) != 1 || (v[0] != '9' && (v[0] < '1' || v[0] > '3')))
          bad(&r, cl[i], "is not a claim level (1, 2, 3, 9)");
        else
          o.claim[i] = v[0];
      }
      v = val(&r, C_LEXILE);
      if (len(&r, C_LEXILE) >= sizeof o.lexile)
        bad(&r, C_LEXILE, "is longer than %zu characters", sizeof o.lexile - 1);
      else
        memcpy(o.lexile, v, len(&r, C_LEXILE) + 1);
    }
    if (f->info.family != SCORE_INITIAL_ELPAC) {
      static const enum col DOMS[4] = {C_DOMAIN1, C_DOMAIN2, C_DOMAIN3, C_DOMAIN4};
      for (int i = 0; i < 4; i++) {
        v = val(&r, DOMS[i]);
        if (blank(&r, DOMS[i]) || (elpac && strcmp(v, "NS") == 0)) continue;
        if (len(&r, DOMS[i]) != 1 || v[0] < '1' || v[0] > '3')
          bad(&r, DOMS[i], "is not a domain level (1, 2, 3%s)", elpac ? ", NS" : "");
        else
          o.domain[i] = v[0];
      }
    }
    if (f->info.family == SCORE_SUMMATIVE_ELPAC) {
      o.oral_score = scale(&r, C_ORAL_SCALE, true, " oral language");
      o.written_score = scale(&r, C_WRITTEN_SCALE, true, " written language");
      static const enum col PLS[2] = {C_ORAL_PL, C_WRITTEN_PL};
      int *lv[2] = {&o.oral_level, &o.written_level};
      for (int i = 0; i < 2; i++) {
        v = val(&r, PLS[i]);
        if (blank(&r, PLS[i]) || strcmp(v, "NS") == 0) continue;
        if (len(&r, PLS[i]) != 1 || v[0] < '1' || v[0] > '4')
          bad(&r, PLS[i], "is not a composite level (1-4, NS)");
        else
          *lv[i] = v[0] - '0';
      }
    }
  }

  /* what the row says about the file */
  int sy = spring_year(val(&r, C_FINAL_COMPLETED), len(&r, C_FINAL_COMPLETED));
  if (sy == 0) sy = spring_year(val(&r, C_COMPLETED1), len(&r, C_COMPLETED1));
  if (sy) {
    f->year_counts[sy - 2000]++;
    f->dated_rows++;
  }
  o.year = f->info.year ? f->info.year : sy;
  track_leas(f, r.line, o.lea, o.tested_lea);

  if (r.bad) return 0;
  f->info.valid_rows++;
  if (f->fn != NULL && f->fn(f->ctx, &o, &f->cb_err) != 0) {
    f->cb_failed = true;
    return -1;
  }
  return 0;
}

static int on_csv(void *ctx, const struct csvread_record *rec, struct sb_err *err) {
  struct scorefile *f = ctx;
  (void)err;
  int rc = rec->index == 0 ? on_header(f, rec) : on_row(f, rec);
  if (rc > 0) f->done = true;
  if (f->oom) {
    f->cb_failed = true;
    sb_err_set(&f->cb_err, "out of memory");
    return -1;
  }
  return rc;
}

/* ---- public ---- */

struct scorefile *scorefile_new(const struct scorefile_opts *opts, scorefile_row_fn fn, void *ctx,
                                struct sb_err *err) {
  struct scorefile *f = calloc(1, sizeof *f);
  if (f == NULL) {
    sb_err_set(err, "out of memory");
    return NULL;
  }
  if (opts) f->opts = *opts;
  if (f->opts.max_issues == 0) f->opts.max_issues = 1000;
  if (f->opts.basis != SCORE_ENROLLED && f->opts.basis != SCORE_TESTED) f->opts.basis = 0;
  f->fn = fn;
  f->ctx = ctx;
  read_name(f);
  static const struct csvread_opts CSV = {
      .detect_delim = true,
      .max_fields = 1024,
      .max_field_len = 64 * 1024,
      .max_record_len = 1024 * 1024,
  };
  f->csv = csvread_new(&CSV, on_csv, f, err);
  if (f->csv == NULL) {
    free(f);
    return NULL;
  }
  return f;
}

/* A csvread failure that is not ours: a problem in the file, made an issue. */
static int after_csv(struct scorefile *f, int rc, struct sb_err *e, struct sb_err *err) {
  if (rc == 0) return 0;
  f->done = true;
  if (f->cb_failed) {
    *err = f->cb_err;
    return -1;
  }
  if (strstr(e->msg, "out of memory") != NULL) {
    *err = *e;
    return -1;
  }
  f->csv_failed = true;
  long line = 0;
  const char *msg = e->msg;
  if (sscanf(msg, "line %ld:", &line) == 1) {
    const char *c = strchr(msg, ':');
    msg = c ? c + 1 : msg;
    while (*msg == ' ')
      msg++;
  }
  if (!f->header_seen) f->header_seen = true;
  issue(f, SCORE_ERROR, line, "", "%s", msg);
  return 0;
}

int scorefile_feed(struct scorefile *f, const void *data, size_t n, struct sb_err *err) {
  if (f->cb_failed) return sb_err_set(err, "%s", f->cb_err.msg);
  if (f->done || f->finished || n == 0) return 0;
  struct sb_err e = {{0}};
  int rc = csvread_feed(f->csv, data, n, &e);
  return after_csv(f, rc, &e, err);
}

static void settle_basis(struct scorefile *f) {
  bool enrolled_ok = f->first_cal_diff_line == 0;
  bool tested_ok = f->first_untested_line == 0 && f->first_test_diff_line == 0;
  enum score_basis implied = enrolled_ok && !tested_ok   ? SCORE_ENROLLED
                             : tested_ok && !enrolled_ok ? SCORE_TESTED
                                                         : 0;
  enum score_basis b = f->opts.basis;
  bool reported = false;
  if (b != 0 && implied != 0 && implied != b) {
    reported = true;
    if (b == SCORE_TESTED)
      issue(f, SCORE_ERROR,
            f->first_untested_line ? f->first_untested_line : f->first_test_diff_line,
            f->colname[f->idx[C_FINAL_DISTRICT] >= 0 ? C_FINAL_DISTRICT : C_TESTED_DISTRICT1],
            "the file was given as Tested, but the rows are an Enrolled file: this student "
            "was %s; choose Enrolled or upload the Tested file",
            f->first_untested_line ? "not tested by any LEA" : "tested by another LEA");
    else
      issue(f, SCORE_ERROR, f->first_cal_diff_line, f->colname[C_CALPADS_DISTRICT],
            "the file was given as Enrolled, but the rows are a Tested file: this student is "
            "enrolled in LEA %s, not %s; choose Tested or upload the Enrolled file",
            f->cal_diff_lea[0] ? f->cal_diff_lea : "(blank)", f->cal_lea);
  }
  if (b == 0) b = implied;
  if (implied != 0 && f->name_basis != 0 && f->name_basis != implied && f->opts.basis == 0)
    issue(f, SCORE_WARNING, 0, "",
          "the file name says %s but the rows are a %s file (was it renamed?); read as %s",
          score_basis_name(f->name_basis), score_basis_name(implied), score_basis_name(implied));
  if (b == 0) b = f->name_basis;
  f->info.basis = b;

  if (b == SCORE_ENROLLED) {
    memcpy(f->info.lea, f->cal_lea, 8);
    if (!enrolled_ok && !reported)
      issue(f, SCORE_ERROR, f->first_cal_diff_line, f->colname[C_CALPADS_DISTRICT],
            "this student is enrolled in LEA %s but the file's first record is LEA %s; an "
            "Enrolled file holds one LEA's students - upload one file per LEA",
            f->cal_diff_lea[0] ? f->cal_diff_lea : "(blank)", f->cal_lea);
  } else if (b == SCORE_TESTED) {
    memcpy(f->info.lea, f->test_lea, 8);
    const char *col =
        f->colname[f->idx[C_FINAL_DISTRICT] >= 0 ? C_FINAL_DISTRICT : C_TESTED_DISTRICT1];
    if (!reported && f->first_untested_line)
      issue(f, SCORE_ERROR, f->first_untested_line, col,
            "this student was not tested by any LEA, but a Tested file holds only students "
            "the LEA tested; upload the file as downloaded from TOMS");
    if (!reported && f->first_test_diff_line)
      issue(f, SCORE_ERROR, f->first_test_diff_line, col,
            "this student was tested by LEA %s but the file's first tested record is LEA %s; a "
            "Tested file holds one LEA's tests - upload one file per LEA",
            f->test_diff_lea, f->test_lea);
  } else {
    if (!enrolled_ok && !tested_ok)
      issue(f, SCORE_ERROR, f->first_cal_diff_line, f->colname[C_CALPADS_DISTRICT],
            "the rows belong to more than one LEA (enrolled in %s here, %s on the first "
            "record; tested LEAs differ too); upload one file per LEA",
            f->cal_diff_lea[0] ? f->cal_diff_lea : "(blank)", f->cal_lea);
    else if (enrolled_ok && (!tested_ok || strcmp(f->cal_lea, f->test_lea) == 0))
      memcpy(f->info.lea, f->cal_lea, 8);
    else if (tested_ok && !enrolled_ok)
      memcpy(f->info.lea, f->test_lea, 8);
  }
  if (f->info.lea[0] == '\0' && f->name_lea[0])
    memcpy(f->info.lea, f->name_lea, 8);
  else if (f->info.lea[0] && f->name_lea[0] && strcmp(f->info.lea, f->name_lea) != 0)
    issue(f, SCORE_WARNING, 0, "",
          "the file name names LEA %s but the rows are LEA %s (was it renamed?); read as %s",
          f->name_lea, f->info.lea, f->info.lea);
}

static void settle_year(struct scorefile *f) {
  int mode = 0;
  long best = 0;
  for (int i = 0; i < 100; i++)
    if (f->year_counts[i] > best) {
      best = f->year_counts[i];
      mode = 2000 + i;
    }
  int y = f->info.year;
  if (y == 0) {
    f->info.year = mode;
    return;
  }
  if (f->dated_rows == 0 || (y >= 2000 && y <= 2099 && f->year_counts[y - 2000] > 0)) return;
  {
    if (f->opts.year)
      issue(f, SCORE_ERROR, 0, f->colname[C_FINAL_COMPLETED],
            "the year given is %d-%02d but no test in the file was completed in that "
            "administration (the dates point to %d-%02d); check the administration year",
            y - 1, y % 100, mode - 1, mode % 100);
    else
      issue(f, SCORE_WARNING, 0, f->colname[C_FINAL_COMPLETED],
            "the %s says %d-%02d but the test dates point to %d-%02d; read as %d-%02d - give "
            "the year if that is wrong",
            f->name_year ? "file name" : "header layout", y - 1, y % 100, mode - 1, mode % 100,
            y - 1, y % 100);
  }
}

int scorefile_finish(struct scorefile *f, struct sb_err *err) {
  if (f->cb_failed) return sb_err_set(err, "%s", f->cb_err.msg);
  if (f->finished) return 0;
  f->finished = true;
  if (!f->done) {
    struct sb_err e = {{0}};
    int rc = csvread_finish(f->csv, &e);
    if (after_csv(f, rc, &e, err) != 0) return -1;
  }
  if (f->has_pending) {
    if (f->pending_nfields <= f->info.ncols && !f->csv_failed) {
      f->pending.column[0] = '\0';
      snprintf(f->pending.column, sizeof f->pending.column, "%s", f->colname[C_END]);
      snprintf(f->pending.reason, sizeof f->pending.reason,
               "the last record does not end with EndofRecord ZZ: the download looks truncated "
               "or incomplete; download the file from TOMS again");
    }
    flush_pending(f);
  }
  if (!f->header_seen) {
    issue(f, SCORE_ERROR, 0, "", "the file is empty: expected a header row and student records");
  } else if (f->header_ok && f->info.rows == 0) {
    issue(f, SCORE_ERROR, 0, "",
          "the file has a header row but no student records; download it from TOMS again");
  } else if (f->header_ok) {
    settle_basis(f);
    settle_year(f);
  }
  if (f->oom) return sb_err_set(err, "out of memory");
  return 0;
}

const struct scorefile_info *scorefile_info(const struct scorefile *f) {
  return &f->info;
}

const struct score_issue *scorefile_issues(const struct scorefile *f, size_t *n) {
  *n = f->nissues;
  return f->issues;
}

bool scorefile_rejected(const struct scorefile *f) {
  return f->info.errors > 0;
}

void scorefile_free(struct scorefile *f) {
  if (f == NULL) return;
  csvread_free(f->csv);
  free(f->issues);
  free(f->uins.slot);
  free(f);
}
