/* test_scorefile.c - the TOMS Student Score Data File reader (src/ingest/scorefile.h).
 * Every fixture is built here from the known header rows (ingest/score_columns.h): a row
 * is the header's columns with a valid default per column name, then overrides. */
#include "testutil.h"

#include <strings.h>

#include "ingest/score_columns.h"
#include "ingest/scorefile.h"

/* ---- building files ---- */

struct buf {
  char *p;
  size_t n, cap;
};

static void put(struct buf *b, const char *s, size_t n) {
  if (b->n + n + 1 > b->cap) {
    b->cap = (b->n + n + 1) * 2;
    b->p = realloc(b->p, b->cap);
    assert_non_null(b->p);
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = '\0';
}

static void puts_(struct buf *b, const char *s) {
  put(b, s, strlen(s));
}

/* One override: value for column name in data row row (0-based; -1 = every row). */
struct ov {
  int row;
  const char *name, *value;
};

enum { L_CAASPP_24, L_CAASPP_25, L_SUM_24, L_SUM_25, L_INI_24, L_INI_25 };

static const struct score_columns *layout(int i) {
  assert_true((size_t)i < score_columns_known_count);
  return &score_columns_known[i];
}

static bool is_yes_no(const char *n) {
  static const char *const YN[] = {"Section504Status",
                                   "CALPADSSpecialEducation",
                                   "CALPADSMigrantStatus",
                                   "MigrantStatus",
                                   "ELStatus",
                                   "CALPADSMilitaryStatus",
                                   "MilitaryStatus",
                                   "CALPADSFosterStatus",
                                   "FosterStatus",
                                   "CALPADSHomelessStatus",
                                   "HomelessStatus",
                                   "EconomicDisadvantageStatus",
                                   "CALPADSEconomicDisadvantageStatus",
                                   "HispanicorLatino",
                                   "AmericanIndianorAlaskaNative",
                                   "Asian",
                                   "HawaiianOrOtherPacificIslander",
                                   "Filipino",
                                   "BlackorAfricanAmerican",
                                   "White",
                                   "TwoorMoreRaces",
                                   NULL};
  for (int i = 0; YN[i]; i++)
    if (strcasecmp(n, YN[i]) == 0) return true;
  return false;
}

/* A valid value for column n of a row of family f. */
static const char *dflt(enum score_family f, const char *n, int row, char *tmp) {
  bool ca = f == SCORE_CAASPP, in = f == SCORE_INITIAL_ELPAC;
  if (!strcmp(n, "RecordType")) return ca ? "01" : in ? "22" : "21";
  if (!strcmp(n, "SSID")) return "1234567890";
  if (!strcmp(n, "UIN")) {
    snprintf(tmp, 32, "%d", 42420000 + row);
    return tmp;
  }
  if (!strcmp(n, "GradeAssessed") || !strcmp(n, "CALPADSGrade")) return "03";
  if (!strcmp(n, "CALPADSDistrictCode") || !strcmp(n, "TestedDistrictCode1") ||
      !strcmp(n, "FinalTestedDistrictCode"))
    return "19647330000000";
  if (!strcmp(n, "CALPADSSchoolCode") || !strcmp(n, "TestedSchoolCode1") ||
      !strcmp(n, "FinalTestedSchoolCode"))
    return "19647331930650";
  if (!strcmp(n, "CALPADSSchoolName")) return "Escuela Año Nuevo";
  if (!strcmp(n, "FinalTestedSchoolName") || !strcmp(n, "TestedSchoolName1"))
    return "Tested School";
  if (!strcmp(n, "CALPADSDistrictName")) return "Unified District";
  if (!strcmp(n, "TestCompletedDate1") || !strcmp(n, "FinalTestCompletedDate")) return "";
  if (!strcmp(n, "Gender")) return "F";
  if (!strcmp(n, "StudentLastName")) return "Garcia";
  if (!strcmp(n, "ScaleScore")) return "2450";
  if (!strcmp(n, "AchievementLevels")) return "3";
  if (!strcmp(n, "StandardErrorMeasurement")) return "0041";
  if (!strcmp(n, "OverallScaleScore")) return in ? "400" : "1500";
  if (!strcmp(n, "OverallPL")) return in ? "Intermediate English Learner" : "3";
  if (!strcmp(n, "OralLanguageScaleScore")) return "1480";
  if (!strcmp(n, "WrittenLanguageScaleScore")) return "1510";
  if (!strcmp(n, "OralLanguagePL")) return in ? "Well developed" : "3";
  if (!strcmp(n, "WrittenLanguagePL")) return in ? "Beginning to develop" : "2";
  if (!strcmp(n, "ListeningPL") || !strcmp(n, "SpeakingPL")) return "2";
  if (!strcmp(n, "Attemptedness") || !strcmp(n, "IncludeIndicator")) return "Y";
  if (!strcmp(n, "EthnicityforTesting") || !strcmp(n, "ReportingEthnicity")) return "500";
  if (!strcmp(n, "ParentEducationLevel") || !strcmp(n, "CALPADSParentEducationLevel")) return "12";
  if (!strcmp(n, "ELAS")) return "EO";
  if (!strcmp(n, "SmarterClaim1PL") || !strcmp(n, "SmarterCompClaim1PL")) return "2";
  if (!strcmp(n, "SmarterCompClaim2PL")) return "3";
  if (!strcmp(n, "LexileorQuantileMeasure")) return "1045L";
  if (!strcmp(n, "EndofRecord")) return "ZZ";
  if (is_yes_no(n)) return "No";
  return "";
}

struct spec {
  const struct score_columns *sc;
  const char *const *names; /* header names to write (default sc->names) */
  int rows;
  const struct ov *ov;
  size_t nov;
  const char *eol; /* default "\n" */
  char delim;      /* default '^' */
  bool bom, quote_header;
};

static void build(const struct spec *s, struct buf *b) {
  const char *eol = s->eol ? s->eol : "\n";
  char d = s->delim ? s->delim : '^';
  const char *const *names = s->names ? s->names : s->sc->names;
  if (s->bom) puts_(b, "\xEF\xBB\xBF");
  for (size_t k = 0; k < s->sc->ncols; k++) {
    if (k) put(b, &d, 1);
    if (s->quote_header) puts_(b, "\"");
    puts_(b, names[k]);
    if (s->quote_header) puts_(b, "\"");
  }
  puts_(b, eol);
  for (int r = 0; r < s->rows; r++) {
    for (size_t k = 0; k < s->sc->ncols; k++) {
      char tmp[32];
      const char *v = dflt(s->sc->family, s->sc->names[k], r, tmp);
      for (size_t i = 0; i < s->nov; i++)
        if ((s->ov[i].row == r || s->ov[i].row == -1) && !strcmp(s->ov[i].name, s->sc->names[k]))
          v = s->ov[i].value;
      if (k) put(b, &d, 1);
      puts_(b, v);
    }
    puts_(b, eol);
  }
}

/* ---- running the reader ---- */

struct got {
  long n;
  struct score_record first, last;
};

static int on_row(void *ctx, const struct score_record *r, struct sb_err *err) {
  (void)err;
  struct got *g = ctx;
  if (g->n++ == 0) g->first = *r;
  g->last = *r;
  return 0;
}

struct run {
  struct scorefile *f;
  struct got got;
};

static void run_opts(struct run *rn, const char *data, size_t n, const struct scorefile_opts *o,
                     size_t step) {
  struct sb_err err = {{0}};
  memset(&rn->got, 0, sizeof rn->got);
  rn->f = scorefile_new(o, on_row, &rn->got, &err);
  assert_non_null(rn->f);
  if (step == 0) step = n ? n : 1;
  for (size_t i = 0; i < n; i += step)
    assert_int_equal(scorefile_feed(rn->f, data + i, n - i < step ? n - i : step, &err), 0);
  assert_int_equal(scorefile_finish(rn->f, &err), 0);
}

static void run(struct run *rn, const struct buf *b) {
  run_opts(rn, b->p, b->n, NULL, 0);
}

/* Asserts an issue with this level, line and column whose reason holds sub. */
static void expect(const struct run *rn, enum score_issue_level lvl, long line, const char *column,
                   const char *sub) {
  size_t n;
  const struct score_issue *is = scorefile_issues(rn->f, &n);
  for (size_t i = 0; i < n; i++)
    if (is[i].level == lvl && is[i].line == line && !strcmp(is[i].column, column) &&
        strstr(is[i].reason, sub))
      return;
  for (size_t i = 0; i < n; i++)
    fprintf(stderr, "  issue %d line %ld [%s] %s\n", is[i].level, is[i].line, is[i].column,
            is[i].reason);
  fail_msg("no issue level %d line %ld column '%s' with '%s'", lvl, line, column, sub);
}

static void expect_clean(const struct run *rn) {
  size_t n;
  const struct score_issue *is = scorefile_issues(rn->f, &n);
  for (size_t i = 0; i < n; i++)
    fprintf(stderr, "  issue %d line %ld [%s] %s\n", is[i].level, is[i].line, is[i].column,
            is[i].reason);
  assert_int_equal(n, 0);
  assert_false(scorefile_rejected(rn->f));
}

static void done(struct run *rn, struct buf *b) {
  scorefile_free(rn->f);
  free(b->p);
  memset(b, 0, sizeof *b);
}

/* Builds layout li with rows and overrides, runs it whole. */
static void one(struct run *rn, struct buf *b, int li, int rows, const struct ov *ov, size_t nov) {
  struct spec s = {.sc = layout(li), .rows = rows, .ov = ov, .nov = nov};
  memset(b, 0, sizeof *b);
  build(&s, b);
  run(rn, b);
}

#define NOV(a) (sizeof(a) / sizeof((a)[0]))

/* An ERROR at line, column, with sub, from layout li with one override on data row 1
 * (file line 3) of a 3-row file. */
static void reject_one(int li, const char *name, const char *value, const char *sub) {
  struct ov ov[] = {{1, name, value}};
  struct run rn;
  struct buf b;
  one(&rn, &b, li, 3, ov, NOV(ov));
  expect(&rn, SCORE_ERROR, 3, name, sub);
  assert_true(scorefile_rejected(rn.f));
  assert_int_equal(scorefile_info(rn.f)->valid_rows, 2);
  done(&rn, &b);
}

/* ---- tests ---- */

static void test_every_known_layout(void **state) {
  (void)state;
  for (size_t i = 0; i < score_columns_known_count; i++) {
    struct run rn;
    struct buf b;
    one(&rn, &b, (int)i, 3, NULL, 0);
    expect_clean(&rn);
    const struct scorefile_info *in = scorefile_info(rn.f);
    assert_int_equal(in->family, score_columns_known[i].family);
    assert_int_equal(in->layout_year, score_columns_known[i].year);
    assert_int_equal(in->year, score_columns_known[i].year);
    assert_int_equal(in->ncols, score_columns_known[i].ncols);
    assert_int_equal(in->rows, 3);
    assert_int_equal(in->valid_rows, 3);
    assert_int_equal(rn.got.n, 3);
    assert_string_equal(rn.got.first.ssid, "1234567890");
    assert_string_equal(rn.got.first.uin, "42420000");
    assert_string_equal(rn.got.last.uin, "42420002");
    assert_string_equal(rn.got.first.lea, "1964733");
    assert_string_equal(rn.got.first.school, "19647331930650");
    assert_string_equal(rn.got.first.tested_lea, "1964733");
    /* names where the layout has them (the Initial ELPAC files have none) */
    bool names = false;
    for (size_t c = 0; c < score_columns_known[i].ncols; c++)
      names |= !strcmp(score_columns_known[i].names[c], "CALPADSSchoolName");
    assert_string_equal(rn.got.first.school_name, names ? "Escuela Año Nuevo" : "");
    assert_string_equal(rn.got.first.lea_name, names ? "Unified District" : "");
    assert_string_equal(rn.got.first.tested_school_name, "Tested School");
    assert_string_equal(rn.got.first.grade_assessed, "03");
    assert_int_equal(rn.got.first.gender, 'F');
    assert_int_equal(rn.got.first.hispanic, 'N');
    assert_string_equal(rn.got.first.ethnicity, "500");
    assert_int_equal(rn.got.first.year, score_columns_known[i].year);
    assert_string_equal(in->lea, "1964733");
    /* every row tested by its own LEA: ambiguous, no name, no caller's word */
    assert_int_equal(in->basis, 0);
    done(&rn, &b);
  }
}

static void test_fields_caaspp(void **state) {
  (void)state;
  struct run rn;
  struct buf b;
  one(&rn, &b, L_CAASPP_24, 1, NULL, 0);
  expect_clean(&rn);
  const struct score_record *r = &rn.got.first;
  assert_int_equal(r->family, SCORE_CAASPP);
  assert_string_equal(r->record_type, "01");
  assert_int_equal(r->scale_score, 2450);
  assert_int_equal(r->sem, 41);
  assert_int_equal(r->level, 3);
  assert_int_equal(r->claim[0], '2'); /* 2023-24: individual claims */
  assert_int_equal(r->claim[1], 0);
  assert_string_equal(r->lexile, "1045L");
  assert_int_equal(r->attemptedness, 'Y');
  assert_string_equal(r->elas, "EO");
  assert_string_equal(r->parent_education, "12");
  done(&rn, &b);

  one(&rn, &b, L_CAASPP_25, 1, NULL, 0);
  expect_clean(&rn);
  assert_int_equal(rn.got.first.claim[0], '2'); /* 2024-25: composite claims */
  assert_int_equal(rn.got.first.claim[1], '3');
  done(&rn, &b);

  struct ov nt[] = {{0, "ScaleScore", ""},
                    {0, "AchievementLevels", ""},
                    {0, "ConditionCode", "NT"},
                    {0, "Attemptedness", "N"},
                    {0, "IncludeIndicator", "N"}};
  one(&rn, &b, L_CAASPP_25, 1, nt, NOV(nt));
  expect_clean(&rn);
  assert_int_equal(rn.got.first.level, 0);
  assert_int_equal(rn.got.first.scale_score, 0);
  assert_string_equal(rn.got.first.condition_code, "NT");
  done(&rn, &b);

  struct ov cast[] = {{0, "RecordType", "06"},  {0, "GradeAssessed", "05"},
                      {0, "ScaleScore", "215"}, {0, "Domain1Level", "3"},
                      {0, "Domain4Level", "1"}, {0, "LexileorQuantileMeasure", ""}};
  one(&rn, &b, L_CAASPP_25, 1, cast, NOV(cast));
  expect_clean(&rn);
  assert_int_equal(rn.got.first.domain[0], '3');
  assert_int_equal(rn.got.first.domain[3], '1');
  done(&rn, &b);
}

static void test_fields_elpac(void **state) {
  (void)state;
  struct run rn;
  struct buf b;
  struct ov sum[] = {{0, "OverallScaleScoreCSEM", "14"}, {0, "ReadingPL", "NS"}};
  one(&rn, &b, L_SUM_25, 1, sum, NOV(sum));
  expect_clean(&rn);
  const struct score_record *r = &rn.got.first;
  assert_int_equal(r->family, SCORE_SUMMATIVE_ELPAC);
  assert_int_equal(r->scale_score, 1500);
  assert_int_equal(r->level, 3);
  assert_int_equal(r->sem, 14);
  assert_int_equal(r->oral_score, 1480);
  assert_int_equal(r->written_score, 1510);
  assert_int_equal(r->oral_level, 3);
  assert_int_equal(r->written_level, 2);
  assert_int_equal(r->domain[0], '2');
  assert_int_equal(r->domain[1], '2');
  assert_int_equal(r->domain[2], 0);
  done(&rn, &b);

  struct ov ini[] = {{0, "OverallPL", "initial fluent English proficient (IFEP)"},
                     {0, "OverallScaleScore", "500"}};
  one(&rn, &b, L_INI_25, 1, ini, NOV(ini));
  expect_clean(&rn);
  r = &rn.got.first;
  assert_int_equal(r->family, SCORE_INITIAL_ELPAC);
  assert_int_equal(r->level, 3);
  assert_int_equal(r->oral_level, 3);
  assert_int_equal(r->written_level, 1);
  done(&rn, &b);

  struct ov ns[] = {{0, "OverallPL", "Novice English Learner"},
                    {0, "OverallScaleScore", "NS"},
                    {0, "Attemptedness", "P"}};
  one(&rn, &b, L_INI_24, 1, ns, NOV(ns));
  expect_clean(&rn);
  assert_int_equal(rn.got.first.level, 1);
  assert_int_equal(rn.got.first.scale_score, 0);
  done(&rn, &b);
}

/* A 2022-23-style CAASPP header: the 2023-24 names with the earlier spellings. */
static void test_aliases_older_year(void **state) {
  (void)state;
  const struct score_columns *sc = layout(L_CAASPP_24);
  const char **names = calloc(sc->ncols, sizeof *names);
  assert_non_null(names);
  for (size_t k = 0; k < sc->ncols; k++) {
    names[k] = sc->names[k];
    if (!strcmp(names[k], "CALPADSSpecialEducation")) names[k] = "CALPADSIDEAIndicator";
    if (!strcmp(names[k], "ScienceCurrentYearFlag")) names[k] = "CASTCurrentYearFlag";
    if (!strcmp(names[k], "SSRAvailableDate")) names[k] = "ScoreAvailableDate";
    if (!strcmp(names[k], "HispanicorLatino")) names[k] = "  HISPANICORLATINO ";
    if (!strcmp(names[k], "ReportingEthnicity")) names[k] = "reportingethnicity";
  }
  struct ov ov[] = {{0, "CALPADSSpecialEducation", "Yes"},
                    {0, "HispanicorLatino", "Yes"},
                    {0, "ScienceCurrentYearFlag", "Q"}};
  struct spec s = {.sc = sc, .names = names, .rows = 1, .ov = ov, .nov = 2};
  struct buf b = {0};
  build(&s, &b);
  struct scorefile_opts o = {.file_name = "x_2023_DLMTR.CSV"};
  struct run rn;
  run_opts(&rn, b.p, b.n, &o, 0);
  expect_clean(&rn);
  assert_int_equal(scorefile_info(rn.f)->layout_year, 0); /* mapped by name only */
  assert_int_equal(scorefile_info(rn.f)->year, 2023);
  assert_int_equal(rn.got.first.disability, 'Y');
  assert_int_equal(rn.got.first.hispanic, 'Y');
  done(&rn, &b);

  /* the renamed column is checked under its old name */
  s.nov = 3;
  build(&s, &b);
  run(&rn, &b);
  expect(&rn, SCORE_ERROR, 2, "CASTCurrentYearFlag", "is not Y or N");
  done(&rn, &b);

  /* a Summative ELPAC file named like an Initial one: the header decides, with a warning */
  struct buf sb = {0};
  struct spec ss = {.sc = layout(L_SUM_25), .rows = 1};
  build(&ss, &sb);
  struct scorefile_opts ini = {.file_name = "x_Initial_ELPAC_Student_Score_Data_File_2025.csv"};
  run_opts(&rn, sb.p, sb.n, &ini, 0);
  assert_int_equal(scorefile_info(rn.f)->family, SCORE_SUMMATIVE_ELPAC);
  expect(&rn, SCORE_WARNING, 1, "", "the header is a Summative ELPAC file");
  done(&rn, &sb);

  /* Summative ELPAC 2023-24 names (no CALPADS prefix, ReportingEthnicity) */
  one(&rn, &b, L_SUM_24, 1, (struct ov[]){{0, "MilitaryStatus", "Yes"}}, 1);
  expect_clean(&rn);
  assert_int_equal(rn.got.first.military, 'Y');
  done(&rn, &b);
  free(names);
}

static void test_reject_comma_file(void **state) {
  (void)state;
  struct spec s = {.sc = layout(L_CAASPP_25), .rows = 2, .delim = ','};
  struct buf b = {0};
  build(&s, &b);
  struct run rn;
  run(&rn, &b);
  expect(&rn, SCORE_ERROR, 1, "", "comma-delimited");
  expect(&rn, SCORE_ERROR, 1, "", "spreadsheet");
  assert_true(scorefile_rejected(rn.f));
  assert_int_equal(rn.got.n, 0);
  done(&rn, &b);
}

static void test_reject_unknown_header(void **state) {
  (void)state;
  const struct score_columns *sc = layout(L_CAASPP_25);
  const char **names = calloc(sc->ncols, sizeof *names);
  assert_non_null(names);
  for (size_t k = 0; k < sc->ncols; k++)
    names[k] = !strcmp(sc->names[k], "ScaleScore") ? "Score" : sc->names[k];
  struct spec s = {.sc = sc, .names = names, .rows = 1};
  struct buf b = {0};
  build(&s, &b);
  struct run rn;
  run(&rn, &b);
  expect(&rn, SCORE_ERROR, 1, "ScaleScore", "lacks ScaleScore");
  expect(&rn, SCORE_ERROR, 1, "ScaleScore", "no known");
  assert_int_equal(scorefile_info(rn.f)->family, 0);
  done(&rn, &b);
  free(names);

  /* a file without its header row */
  memset(&b, 0, sizeof b);
  puts_(&b, "01^1234567890^x\n01^1234567891^y\n");
  run(&rn, &b);
  expect(&rn, SCORE_ERROR, 1, "RecordType", "looks like a data row");
  done(&rn, &b);
}

static void test_reject_field_count_and_truncation(void **state) {
  (void)state;
  struct buf b = {0};
  struct spec s = {.sc = layout(L_SUM_25), .rows = 3};
  build(&s, &b);
  /* a stray caret in row 2 (line 3): one field too many */
  char *line3 = strstr(strchr(strchr(b.p, '\n') + 1, '\n') + 1, "^");
  assert_non_null(line3);
  struct buf c = {0};
  put(&c, b.p, (size_t)(line3 - b.p));
  puts_(&c, "^");
  puts_(&c, line3);
  struct run rn;
  run(&rn, &c);
  expect(&rn, SCORE_ERROR, 3, "", "has 377 fields but the header has 376");
  assert_int_equal(scorefile_info(rn.f)->valid_rows, 2);
  done(&rn, &c);

  /* cut short in the middle of the last record */
  put(&c, b.p, b.n - 100);
  run(&rn, &c);
  expect(&rn, SCORE_ERROR, 4, "EndofRecord", "truncated");
  assert_int_equal(scorefile_info(rn.f)->valid_rows, 2);
  done(&rn, &c);

  /* cut just before ZZ: right field count, EndofRecord blank */
  put(&c, b.p, b.n - 3);
  run(&rn, &c);
  expect(&rn, SCORE_ERROR, 4, "EndofRecord", "truncated or incomplete");
  done(&rn, &c);

  /* a middle record without ZZ is not a truncation */
  struct ov ov[] = {{0, "EndofRecord", "Z"}};
  one(&rn, &c, L_SUM_25, 2, ov, 1);
  expect(&rn, SCORE_ERROR, 2, "EndofRecord", "not ZZ");
  done(&rn, &c);
  free(b.p);
}

static void test_reject_codes(void **state) {
  (void)state;
  reject_one(L_CAASPP_25, "SSID", "12345", "not a 10-digit SSID");
  reject_one(L_CAASPP_25, "SSID", "", "blank");
  reject_one(L_CAASPP_25, "SSID", "12345678901", "not a 10-digit SSID");
  reject_one(L_CAASPP_25, "GradeAssessed", "02", "not a grade CAASPP tests");
  reject_one(L_SUM_25, "GradeAssessed", "13", "not a grade");
  reject_one(L_CAASPP_25, "CALPADSGrade", "3", "is not one of");
  reject_one(L_CAASPP_25, "RecordType", "07", "not a record type");
  reject_one(L_CAASPP_25, "RecordType", "21", "does not belong in a CAASPP file");
  reject_one(L_SUM_25, "RecordType", "22", "does not belong in a Summative ELPAC file");
  reject_one(L_INI_25, "RecordType", "01", "does not belong in a Initial ELPAC file");
  reject_one(L_CAASPP_25, "AchievementLevels", "5", "not an achievement level");
  reject_one(L_SUM_25, "OverallPL", "5", "not an achievement level");
  reject_one(L_INI_25, "OverallPL", "Expert", "not an Initial ELPAC level");
  reject_one(L_INI_25, "OralLanguagePL", "Great", "not a composite level");
  reject_one(L_SUM_25, "WrittenLanguagePL", "7", "not a composite level");
  reject_one(L_CAASPP_25, "ConditionCode", "ALT", "not a condition code");
  reject_one(L_SUM_25, "ConditionCode", "LOSS", "not a condition code");
  reject_one(L_CAASPP_25, "Attemptedness", "X", "not an attemptedness code");
  reject_one(L_SUM_25, "Attemptedness", "N", "not an attemptedness code");
  reject_one(L_CAASPP_25, "IncludeIndicator", "Q", "not an include indicator");
  reject_one(L_INI_25, "IncludeIndicator", "E", "not an include indicator");
  reject_one(L_CAASPP_25, "Section504Status", "Maybe", "not Yes or No");
  reject_one(L_SUM_25, "CALPADSMilitaryStatus", "yes", "not Yes or No");
  reject_one(L_CAASPP_25, "Gender", "Q", "not one of F, M, X");
  reject_one(L_CAASPP_25, "EthnicityforTesting", "900", "not one of 100");
  reject_one(L_INI_25, "ReportingEthnicity", "50", "not one of 100");
  reject_one(L_CAASPP_25, "CALPADSParentEducationLevel", "16", "not one of 10");
  reject_one(L_CAASPP_25, "ELAS", "LEP", "not one of EO");
  reject_one(L_CAASPP_24, "SmarterClaim1PL", "4", "not a claim level");
  reject_one(L_CAASPP_25, "SmarterCompClaim2PL", "0", "not a claim level");
  reject_one(L_CAASPP_25, "Domain1Level", "4", "not a domain level");
  reject_one(L_SUM_25, "ListeningPL", "4", "not a domain level");
  reject_one(L_CAASPP_25, "CALPADSDistrictCode", "1964733", "not a 14-digit CDS code");
  reject_one(L_CAASPP_25, "SSREligible", "X", "not Y or N");
  reject_one(L_INI_25, "SSR Eligible", "X", "not Y or N");
  reject_one(L_CAASPP_25, "StandardErrorMeasurement", "4x", "not a number");
}

static void test_reject_scale_scores(void **state) {
  (void)state;
  reject_one(L_CAASPP_25, "ScaleScore", "3100", "3100 is outside 2115–2650, the grade 3 Smarter");
  reject_one(L_CAASPP_25, "ScaleScore", "2114", "outside 2115–2650");
  reject_one(L_CAASPP_25, "ScaleScore", "NS", "not a number");
  reject_one(L_CAASPP_25, "ScaleScore", "24a0", "not a number");
  struct ov math[] = {
      {1, "RecordType", "02"}, {1, "GradeAssessed", "11"}, {1, "ScaleScore", "2901"}};
  struct run rn;
  struct buf b;
  one(&rn, &b, L_CAASPP_25, 3, math, NOV(math));
  expect(&rn, SCORE_ERROR, 3, "ScaleScore",
         "outside 2280–2900, the grade 11 Smarter Balanced math");
  done(&rn, &b);
  struct ov g10[] = {{1, "GradeAssessed", "10"}};
  one(&rn, &b, L_CAASPP_25, 3, g10, NOV(g10));
  expect(&rn, SCORE_ERROR, 3, "ScaleScore", "has no grade 10 test");
  done(&rn, &b);
  struct ov cast[] = {
      {1, "RecordType", "06"}, {1, "GradeAssessed", "08"}, {1, "ScaleScore", "451"}};
  one(&rn, &b, L_CAASPP_25, 3, cast, NOV(cast));
  expect(&rn, SCORE_ERROR, 3, "ScaleScore", "outside 350–450, the grade 8 CAST");
  done(&rn, &b);
  struct ov caa[] = {{1, "RecordType", "03"}, {1, "ScaleScore", "400"}};
  one(&rn, &b, L_CAASPP_25, 3, caa, NOV(caa));
  expect(&rn, SCORE_ERROR, 3, "ScaleScore", "outside 300–399, the grade 3 CAA ELA");
  done(&rn, &b);
  struct ov csa[] = {{1, "RecordType", "09"}, {1, "GradeAssessed", "10"}, {1, "ScaleScore", "899"}};
  one(&rn, &b, L_CAASPP_25, 3, csa, NOV(csa));
  expect(&rn, SCORE_ERROR, 3, "ScaleScore", "outside 900–999, the grade 10 CSA");
  done(&rn, &b);
  /* CAA for Science: range unknown, any 1..9999 */
  struct ov caas[] = {{-1, "RecordType", "05"}, {-1, "ScaleScore", "1234"}};
  one(&rn, &b, L_CAASPP_25, 3, caas, NOV(caas));
  expect_clean(&rn);
  done(&rn, &b);
  /* Summative ELPAC: 1150 up to the band's top; grade 2 tops at 1700 */
  struct ov sum[] = {{1, "GradeAssessed", "02"}, {1, "OverallScaleScore", "1750"}};
  one(&rn, &b, L_SUM_25, 3, sum, NOV(sum));
  expect(&rn, SCORE_ERROR, 3, "OverallScaleScore", "outside 1150–1700, the grade 2 Summative");
  done(&rn, &b);
  struct ov kn[] = {{1, "GradeAssessed", "KN"}, {1, "OralLanguageScaleScore", "1149"}};
  one(&rn, &b, L_SUM_25, 3, kn, NOV(kn));
  expect(&rn, SCORE_ERROR, 3, "OralLanguageScaleScore", "kindergarten");
  done(&rn, &b);
  struct ov hs[] = {{-1, "GradeAssessed", "12"},
                    {-1, "OverallScaleScore", "1950"},
                    {-1, "WrittenLanguageScaleScore", "NS"}};
  one(&rn, &b, L_SUM_25, 3, hs, NOV(hs));
  expect_clean(&rn);
  done(&rn, &b);
  /* Summative Alternate ELPAC: any 1..9999 */
  struct ov alt[] = {{-1, "RecordType", "23"},
                     {-1, "OverallScaleScore", "150"},
                     {-1, "OralLanguageScaleScore", "9"},
                     {-1, "WrittenLanguageScaleScore", "9"}};
  one(&rn, &b, L_SUM_25, 3, alt, NOV(alt));
  expect_clean(&rn);
  done(&rn, &b);
  reject_one(L_INI_25, "OverallScaleScore", "601", "outside 150–600");
  reject_one(L_INI_24, "OverallScaleScore", "149", "outside 150–600");
}

/* What csvread refuses (here a quote inside an unquoted field) becomes an ERROR. */
static void test_reject_broken_quoting(void **state) {
  (void)state;
  struct ov ov[] = {{1, "StudentLastName", "O\"Brien"}};
  struct run rn;
  struct buf b;
  one(&rn, &b, L_INI_25, 3, ov, NOV(ov));
  expect(&rn, SCORE_ERROR, 3, "", "quote inside an unquoted field");
  assert_true(scorefile_rejected(rn.f));
  done(&rn, &b);
}

static void test_reject_empty(void **state) {
  (void)state;
  struct run rn;
  struct buf b = {0};
  run_opts(&rn, "", 0, NULL, 0);
  expect(&rn, SCORE_ERROR, 0, "", "empty");
  assert_true(scorefile_rejected(rn.f));
  done(&rn, &b);
  run_opts(&rn, "\r\n\n", 3, NULL, 0);
  expect(&rn, SCORE_ERROR, 0, "", "empty");
  done(&rn, &b);
  one(&rn, &b, L_CAASPP_25, 0, NULL, 0);
  expect(&rn, SCORE_ERROR, 0, "", "no student records");
  done(&rn, &b);
}

static void test_duplicate_uin(void **state) {
  (void)state;
  struct ov ov[] = {{2, "UIN", "42420000"}};
  struct run rn;
  struct buf b;
  one(&rn, &b, L_CAASPP_25, 3, ov, NOV(ov));
  expect(&rn, SCORE_WARNING, 4, "UIN", "42420000 appears more than once");
  assert_false(scorefile_rejected(rn.f));
  assert_int_equal(scorefile_info(rn.f)->warnings, 1);
  assert_int_equal(scorefile_info(rn.f)->valid_rows, 3);
  done(&rn, &b);
  /* non-numeric UINs too */
  struct ov ov2[] = {{0, "UIN", "A-1"}, {1, "UIN", "A-1"}};
  one(&rn, &b, L_INI_25, 3, ov2, NOV(ov2));
  expect(&rn, SCORE_WARNING, 3, "UIN", "more than once");
  done(&rn, &b);
}

static void test_bom_crlf_quotes_latin1(void **state) {
  (void)state;
  struct ov ov[] = {{-1, "StudentLastName", "Mu\xF1oz"}, {-1, "StudentFirstName", "Jos\xE9"}};
  struct spec s = {.sc = layout(L_CAASPP_25),
                   .rows = 3,
                   .ov = ov,
                   .nov = NOV(ov),
                   .eol = "\r\n",
                   .bom = true,
                   .quote_header = true};
  struct buf b = {0};
  build(&s, &b);
  struct run rn;
  run(&rn, &b);
  expect_clean(&rn);
  assert_int_equal(scorefile_info(rn.f)->layout_year, 2025);
  assert_int_equal(rn.got.n, 3);
  done(&rn, &b);
}

/* Digest of everything the reader reported. */
static void digest(const struct run *rn, char *out, size_t cap) {
  const struct scorefile_info *in = scorefile_info(rn->f);
  size_t n;
  const struct score_issue *is = scorefile_issues(rn->f, &n);
  int w = snprintf(out, cap, "%d %d %d %s %ld %ld %ld %ld %ld %s|", in->family, in->basis, in->year,
                   in->lea, in->rows, in->valid_rows, in->errors, in->warnings, rn->got.n,
                   rn->got.last.uin);
  for (size_t i = 0; i < n && w > 0 && (size_t)w < cap; i++)
    w += snprintf(out + w, cap - (size_t)w, "%ld %s %s|", is[i].line, is[i].column, is[i].reason);
}

static void test_byte_by_byte(void **state) {
  (void)state;
  struct ov ov[] = {
      {1, "ScaleScore", "9999"}, {2, "UIN", "42420000"}, {-1, "StudentLastName", "\xF1"}};
  struct spec s = {
      .sc = layout(L_CAASPP_25), .rows = 4, .ov = ov, .nov = NOV(ov), .eol = "\r\n", .bom = true};
  struct buf b = {0};
  build(&s, &b);
  b.n -= 20; /* truncated too */
  char whole[4096], bytes[4096], sevens[4096];
  struct run rn;
  run_opts(&rn, b.p, b.n, NULL, 0);
  digest(&rn, whole, sizeof whole);
  scorefile_free(rn.f);
  run_opts(&rn, b.p, b.n, NULL, 1);
  digest(&rn, bytes, sizeof bytes);
  scorefile_free(rn.f);
  run_opts(&rn, b.p, b.n, NULL, 7);
  digest(&rn, sevens, sizeof sevens);
  scorefile_free(rn.f);
  assert_string_equal(whole, bytes);
  assert_string_equal(whole, sevens);
  assert_non_null(strstr(whole, "truncated"));
  assert_non_null(strstr(whole, "outside"));
  free(b.p);
}

#define TESTED "_CAASPP_Student_Score_Data_File_TestedStudentScoreData_2025_DLMTR.CSV"
#define ENROLLED "_CAASPP_Student_Score_Data_File_EnrolledStudentScoreData_2025_DLMTR.CSV"

static void run_basis(struct run *rn, struct buf *b, const struct ov *ov, size_t nov,
                      const struct scorefile_opts *o) {
  struct spec s = {.sc = layout(L_CAASPP_25), .rows = 3, .ov = ov, .nov = nov};
  memset(b, 0, sizeof *b);
  build(&s, b);
  run_opts(rn, b->p, b->n, o, 0);
}

static void test_detect_basis(void **state) {
  (void)state;
  struct run rn;
  struct buf b;
  /* Enrolled: an untested student, every CALPADS district the LEA */
  struct ov enr[] = {
      {1, "TestedDistrictCode1", ""}, {1, "FinalTestedDistrictCode", ""},
      {1, "ConditionCode", "NT"},     {1, "ScaleScore", ""},
      {1, "AchievementLevels", ""},   {2, "FinalTestedDistrictCode", "37683380000000"}};
  run_basis(&rn, &b, enr, NOV(enr), NULL);
  expect_clean(&rn);
  assert_int_equal(scorefile_info(rn.f)->basis, SCORE_ENROLLED);
  assert_string_equal(scorefile_info(rn.f)->lea, "1964733");
  assert_string_equal(rn.got.last.tested_lea, "3768338"); /* FinalTested wins over Tested1 */
  assert_string_equal(rn.got.first.tested_lea, "1964733");
  done(&rn, &b);

  /* Tested: all tested by the LEA, some enrolled elsewhere */
  struct ov tst[] = {{2, "CALPADSDistrictCode", "37683380000000"}};
  run_basis(&rn, &b, tst, NOV(tst), NULL);
  expect_clean(&rn);
  assert_int_equal(scorefile_info(rn.f)->basis, SCORE_TESTED);
  assert_string_equal(scorefile_info(rn.f)->lea, "1964733");
  done(&rn, &b);

  /* ambiguous rows: the file name tells, then the caller */
  struct scorefile_opts o = {.file_name = "/tmp/up/19647330000000" TESTED};
  run_basis(&rn, &b, NULL, 0, &o);
  expect_clean(&rn);
  assert_int_equal(scorefile_info(rn.f)->basis, SCORE_TESTED);
  assert_int_equal(scorefile_info(rn.f)->year, 2025);
  done(&rn, &b);
  o.basis = SCORE_ENROLLED; /* the caller wins over the name */
  run_basis(&rn, &b, NULL, 0, &o);
  expect_clean(&rn);
  assert_int_equal(scorefile_info(rn.f)->basis, SCORE_ENROLLED);
  done(&rn, &b);
  struct scorefile_opts only = {.basis = SCORE_TESTED};
  run_basis(&rn, &b, NULL, 0, &only);
  assert_int_equal(scorefile_info(rn.f)->basis, SCORE_TESTED);
  done(&rn, &b);

  /* the caller contradicts the rows */
  struct scorefile_opts says_tested = {.basis = SCORE_TESTED};
  run_basis(&rn, &b, enr, NOV(enr), &says_tested);
  expect(&rn, SCORE_ERROR, 3, "FinalTestedDistrictCode", "given as Tested");
  done(&rn, &b);
  struct scorefile_opts says_enrolled = {.basis = SCORE_ENROLLED};
  run_basis(&rn, &b, tst, NOV(tst), &says_enrolled);
  expect(&rn, SCORE_ERROR, 4, "CALPADSDistrictCode", "given as Enrolled");
  done(&rn, &b);

  /* the name contradicts the rows: the rows win, with a warning */
  struct scorefile_opts named = {.file_name = "19647330000000" ENROLLED};
  run_basis(&rn, &b, tst, NOV(tst), &named);
  assert_false(scorefile_rejected(rn.f));
  expect(&rn, SCORE_WARNING, 0, "", "renamed");
  assert_int_equal(scorefile_info(rn.f)->basis, SCORE_TESTED);
  done(&rn, &b);

  /* more than one LEA */
  struct ov two[] = {{2, "CALPADSDistrictCode", "37683380000000"},
                     {2, "FinalTestedDistrictCode", "37683380000000"},
                     {2, "TestedDistrictCode1", "37683380000000"}};
  run_basis(&rn, &b, two, NOV(two), NULL);
  expect(&rn, SCORE_ERROR, 4, "CALPADSDistrictCode", "more than one LEA");
  done(&rn, &b);
  struct scorefile_opts e = {.basis = SCORE_ENROLLED};
  run_basis(&rn, &b, two, NOV(two), &e);
  expect(&rn, SCORE_ERROR, 4, "CALPADSDistrictCode", "enrolled in LEA 3768338");
  done(&rn, &b);
  struct ov two_tested[] = {{1, "CALPADSDistrictCode", "37683380000000"},
                            {2, "FinalTestedDistrictCode", "01611920000000"}};
  struct scorefile_opts t = {.basis = SCORE_TESTED};
  run_basis(&rn, &b, two_tested, NOV(two_tested), &t);
  expect(&rn, SCORE_ERROR, 4, "FinalTestedDistrictCode", "tested by LEA 0161192");
  done(&rn, &b);
}

static void test_detect_year(void **state) {
  (void)state;
  struct run rn;
  struct buf b;
  /* a header of no exact layout (one column renamed), dates only: Aug-Dec is next spring */
  const struct score_columns *sc = layout(L_CAASPP_25);
  const char **names = calloc(sc->ncols, sizeof *names);
  assert_non_null(names);
  for (size_t k = 0; k < sc->ncols; k++)
    names[k] = !strcmp(sc->names[k], "Blank1") ? "TKIndicator" : sc->names[k];
  struct ov dates[] = {{0, "FinalTestCompletedDate", "2026-04-20"},
                       {1, "TestCompletedDate1", "2025-10-01"},
                       {2, "FinalTestCompletedDate", "2026-05-02"}};
  struct spec s = {.sc = sc, .names = names, .rows = 3, .ov = dates, .nov = NOV(dates)};
  memset(&b, 0, sizeof b);
  build(&s, &b);
  run(&rn, &b);
  expect_clean(&rn);
  assert_int_equal(scorefile_info(rn.f)->layout_year, 0);
  assert_int_equal(scorefile_info(rn.f)->year, 2026);
  assert_int_equal(rn.got.first.year, 2026);
  done(&rn, &b);

  /* the caller's year against the dates */
  build(&s, &b);
  struct scorefile_opts o = {.year = 2024};
  run_opts(&rn, b.p, b.n, &o, 0);
  expect(&rn, SCORE_ERROR, 0, "FinalTestCompletedDate", "the dates point to 2025-26");
  assert_int_equal(scorefile_info(rn.f)->year, 2024);
  done(&rn, &b);

  /* the name's year against the dates: read as named, with a warning */
  build(&s, &b);
  struct scorefile_opts nm = {.file_name = "19647330000000" TESTED};
  run_opts(&rn, b.p, b.n, &nm, 0);
  assert_false(scorefile_rejected(rn.f));
  expect(&rn, SCORE_WARNING, 0, "FinalTestCompletedDate", "the file name says 2024-25");
  assert_int_equal(scorefile_info(rn.f)->year, 2025);
  done(&rn, &b);
  free(names);

  /* the caller's year older than the exact layout */
  struct scorefile_opts old = {.year = 2024};
  struct spec s25 = {.sc = layout(L_CAASPP_25), .rows = 1};
  build(&s25, &b);
  run_opts(&rn, b.p, b.n, &old, 0);
  expect(&rn, SCORE_ERROR, 1, "", "2024-25 layout");
  done(&rn, &b);

  /* the exact layout's year against the dates: kept, with a warning */
  struct ov late[] = {{0, "FinalTestCompletedDate", "2026-04-01"}};
  struct spec s25d = {.sc = layout(L_CAASPP_25), .rows = 1, .ov = late, .nov = 1};
  build(&s25d, &b);
  run(&rn, &b);
  assert_false(scorefile_rejected(rn.f));
  expect(&rn, SCORE_WARNING, 0, "FinalTestCompletedDate", "the header layout says 2024-25");
  assert_int_equal(scorefile_info(rn.f)->year, 2025);
  done(&rn, &b);

  /* later years with the 2024-25 layout: the name's year */
  build(&s25, &b);
  struct scorefile_opts later = {.file_name = "19647330000000"
                                              "_CAASPP_x_2027_DLMTR.CSV"};
  run_opts(&rn, b.p, b.n, &later, 0);
  expect_clean(&rn);
  assert_int_equal(scorefile_info(rn.f)->year, 2027);
  assert_int_equal(scorefile_info(rn.f)->layout_year, 2025);
  done(&rn, &b);
}

static int fail_row(void *ctx, const struct score_record *r, struct sb_err *err) {
  (void)ctx;
  (void)r;
  return sb_err_set(err, "disk full");
}

static void test_callback_failure_and_names(void **state) {
  (void)state;
  struct buf b = {0};
  struct spec s = {.sc = layout(L_INI_25), .rows = 2};
  build(&s, &b);
  struct sb_err err = {{0}};
  struct scorefile *f = scorefile_new(NULL, fail_row, NULL, &err);
  assert_non_null(f);
  assert_int_equal(scorefile_feed(f, b.p, b.n, &err), -1);
  assert_string_equal(err.msg, "disk full");
  assert_int_equal(scorefile_finish(f, &err), -1);
  scorefile_free(f);
  free(b.p);
  assert_string_equal(score_family_name(SCORE_CAASPP), "CAASPP");
  assert_string_equal(score_family_name(SCORE_SUMMATIVE_ELPAC), "Summative ELPAC");
  assert_string_equal(score_family_name(SCORE_INITIAL_ELPAC), "Initial ELPAC");
  assert_string_equal(score_basis_name(SCORE_ENROLLED), "Enrolled");
  assert_string_equal(score_basis_name(SCORE_TESTED), "Tested");
}

static void test_max_issues(void **state) {
  (void)state;
  struct ov ov[] = {{-1, "SSID", "1"}};
  struct spec s = {.sc = layout(L_CAASPP_25), .rows = 20, .ov = ov, .nov = 1};
  struct buf b = {0};
  build(&s, &b);
  struct scorefile_opts o = {.max_issues = 5};
  struct run rn;
  run_opts(&rn, b.p, b.n, &o, 0);
  size_t n;
  scorefile_issues(rn.f, &n);
  assert_int_equal(n, 5);
  assert_int_equal(scorefile_info(rn.f)->errors, 20);
  done(&rn, &b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_known_layout),
      cmocka_unit_test(test_fields_caaspp),
      cmocka_unit_test(test_fields_elpac),
      cmocka_unit_test(test_aliases_older_year),
      cmocka_unit_test(test_reject_comma_file),
      cmocka_unit_test(test_reject_unknown_header),
      cmocka_unit_test(test_reject_field_count_and_truncation),
      cmocka_unit_test(test_reject_codes),
      cmocka_unit_test(test_reject_scale_scores),
      cmocka_unit_test(test_reject_broken_quoting),
      cmocka_unit_test(test_reject_empty),
      cmocka_unit_test(test_duplicate_uin),
      cmocka_unit_test(test_bom_crlf_quotes_latin1),
      cmocka_unit_test(test_byte_by_byte),
      cmocka_unit_test(test_detect_basis),
      cmocka_unit_test(test_detect_year),
      cmocka_unit_test(test_callback_failure_and_names),
      cmocka_unit_test(test_max_issues),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
