/* toms.c - see toms.h.
 *
 * Each record is first filled field by field (enum fld: a meaning, not a column) and then
 * laid out for the year's header row: a per-layout table maps every column to a field
 * (several header names, e.g. ReportingEthnicity and EthnicityforTesting, share one).
 * Columns mapped to no field stay blank. The CSV and .dat lines are built once per
 * record and written to the Enrolled and/or Tested file.
 *
 * What is drawn here (the scores themselves come from population.c, so the PDF reports
 * and these files agree): demographics the sandbox student has no field for (ethnicity,
 * programmes, parent education) from a per-student stream, stable across years; SEMs,
 * claim / domain levels (kept consistent with the overall level), Lexile / Quantile,
 * test dates, identifiers. CAA (about 1 % of students, all with an IEP) replaces Smarter
 * Balanced and CAST; CSA is taken by a few Spanish speakers. */
#include "sandbox/toms.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "domain/codes.h"
#include "ingest/score_columns.h"
#include "sandbox/rng.h"
#include "util/fsutil.h"

#define TOMS_IO_BUF (64 * 1024)
#define LINE_MAX_BYTES (16 * 1024)
#define VAL_MAX 48
#define NLAYOUTS 6
#define TOMS_PATH_MAX 4352

/* ---- fields ------------------------------------------------------------------------ */

enum fld {
  F_NONE,
  F_RT,
  F_UIN,
  F_SSID,
  F_LOCALID,
  F_LAST,
  F_FIRST,
  F_MIDDLE,
  F_DOB,
  F_GENDER,
  F_CGRADE,
  F_GRADE,
  F_DCODE,
  F_DNAME,
  F_SCODE,
  F_SNAME,
  F_NPS,
  F_SPED_DIST,
  F_504,
  F_DISAB,
  F_IDEA,
  F_MIGRANT,
  F_EL_STATUS,
  F_EL_ENTRY,
  F_RFEP_DATE,
  F_US_ENTRY,
  F_ENROLL_DATE,
  F_ELAS,
  F_ELAS_TESTING,
  F_CALC_ELAS,
  F_CEDS,
  F_PLANG,
  F_MILITARY,
  F_FOSTER,
  F_HOMELESS,
  F_ECON,
  F_HISP,
  F_AIAN,
  F_ASIAN,
  F_PI,
  F_FIL,
  F_BLACK,
  F_WHITE,
  F_TWO,
  F_ETH,
  F_PARED,
  F_OPP1,
  F_OPP2,
  F_OPP3,
  F_OPP4,
  F_OPPST1,
  F_OPPST2,
  F_OPPST3,
  F_OPPST4,
  F_REGID,
  F_TDNAME1,
  F_TDNAME2,
  F_TDNAME3,
  F_TDNAME4,
  F_TDCODE1,
  F_TDCODE2,
  F_TDCODE3,
  F_TDCODE4,
  F_TSNAME1,
  F_TSNAME2,
  F_TSNAME3,
  F_TSNAME4,
  F_TSCODE1,
  F_TSCODE2,
  F_TSCODE3,
  F_TSCODE4,
  F_TNPS1,
  F_TNPS2,
  F_TNPS3,
  F_TNPS4,
  F_TSTART1,
  F_TSTART2,
  F_TSTART3,
  F_TSTART4,
  F_TDONE1,
  F_TDONE2,
  F_TDONE3,
  F_TDONE4,
  F_TMODE1,
  F_TMODE2,
  F_TMODE3,
  F_TMODE4,
  F_RAW1,
  F_RAW2,
  F_RAW3,
  F_RAW4,
  F_ITEMS1,
  F_ITEMS2,
  F_ITEMS3,
  F_ITEMS4,
  F_DOMEX1,
  F_DOMEX2,
  F_DOMEX3,
  F_DOMEX4,
  F_FTDNAME,
  F_FTDCODE,
  F_FTSNAME,
  F_FTSCODE,
  F_FTNPS,
  F_FTDONE,
  F_EXIT_CODE,
  F_EXIT_DATE,
  F_EXIT_FILE_DATE,
  F_SCI_CUR,
  F_COND,
  F_ATTEMPT,
  F_SCORE_STATUS,
  F_TESTMODE,
  F_INCLUDE,
  F_SSR_ELIG,
  F_SSR_DATE,
  F_SCORE_DATE,
  F_REPORT_DATE,
  F_LEXILE,
  F_CLAIM1,
  F_CLAIM2,
  F_CLAIM3,
  F_CLAIM4,
  F_COMP1,
  F_COMP2,
  F_SS,
  F_SEM,
  F_BMIN,
  F_BMAX,
  F_AL,
  F_DOM1,
  F_DOM2,
  F_DOM3,
  F_GENRE,
  F_WERPOR,
  F_WERDEV,
  F_WERCOV,
  F_EAP,
  F_ACCOM,
  F_DESIG,
  F_ORAL_SS,
  F_WRIT_SS,
  F_ORAL_PL,
  F_WRIT_PL,
  F_ORAL_CSEM,
  F_WRIT_CSEM,
  F_LPL,
  F_SPL,
  F_RPL,
  F_WPL,
  F_OVERALL_RAW,
  F_TESTED_STATUS,
  F_FORCE,
  F_GA_M1,
  F_SS_M1,
  F_AL_M1,
  F_GA_M2,
  F_SS_M2,
  F_AL_M2,
  F_EOR,
  F_COUNT
};

/* Header names -> field. Names ending in '#' stand for name1..name4 (field + n - 1). */
static const struct {
  const char *name;
  enum fld f;
} NAMES[] = {
    {"RecordType", F_RT},
    {"UIN", F_UIN},
    {"SSID", F_SSID},
    {"LocalStudentID", F_LOCALID},
    {"StudentLastName", F_LAST},
    {"StudentFirstName", F_FIRST},
    {"StudentMiddleName", F_MIDDLE},
    {"DateofBirth", F_DOB},
    {"DateofBirthforTesting", F_DOB},
    {"Gender", F_GENDER},
    {"CALPADSGrade", F_CGRADE},
    {"GradeAssessed", F_GRADE},
    {"CALPADSDistrictCode", F_DCODE},
    {"CALPADSDistrictName", F_DNAME},
    {"CALPADSSchoolCode", F_SCODE},
    {"CALPADSSchoolName", F_SNAME},
    {"CALPADSNPSSchoolFlag", F_NPS},
    {"SPEDAcctDist", F_SPED_DIST},
    {"SPEDACCTDist", F_SPED_DIST},
    {"Section504Status", F_504},
    {"PrimaryDisabilityType", F_DISAB},
    {"PrimaryDisabilityforTesting", F_DISAB},
    {"CALPADSSpecialEducation", F_IDEA},
    {"SpecialEducationforTesting", F_IDEA},
    {"CALPADSIDEAIndicator", F_IDEA},
    {"MigrantStatus", F_MIGRANT},
    {"CALPADSMigrantStatus", F_MIGRANT},
    {"MigrantStatusforTesting", F_MIGRANT},
    {"ELStatus", F_EL_STATUS},
    {"ELEntryDate", F_EL_ENTRY},
    {"RFEPDate", F_RFEP_DATE},
    {"FirstEntryDateInUSSchool", F_US_ENTRY},
    {"EnrollmentEffectiveDate", F_ENROLL_DATE},
    {"ELAS", F_ELAS},
    {"ELASforTesting", F_ELAS_TESTING},
    {"CalculatedELAS", F_CALC_ELAS},
    {"CEDSLanguageCode", F_CEDS},
    {"CALPADSPrimaryLanguage", F_PLANG},
    {"PrimaryLanguageforTesting", F_PLANG},
    {"MilitaryStatus", F_MILITARY},
    {"CALPADSMilitaryStatus", F_MILITARY},
    {"MilitaryStatusforTesting", F_MILITARY},
    {"FosterStatus", F_FOSTER},
    {"CALPADSFosterStatus", F_FOSTER},
    {"FosterStatusforTesting", F_FOSTER},
    {"HomelessStatus", F_HOMELESS},
    {"CALPADSHomelessStatus", F_HOMELESS},
    {"HomelessStatusforTesting", F_HOMELESS},
    {"EconomicDisadvantageStatus", F_ECON},
    {"EconomicDisadvantageTesting", F_ECON},
    {"CALPADSEconomicDisadvantageStatus", F_ECON},
    {"HispanicorLatino", F_HISP},
    {"AmericanIndianorAlaskaNative", F_AIAN},
    {"Asian", F_ASIAN},
    {"HawaiianOrOtherPacificIslander", F_PI},
    {"HawaiianorOtherPacificIslander", F_PI},
    {"Filipino", F_FIL},
    {"BlackorAfricanAmerican", F_BLACK},
    {"White", F_WHITE},
    {"TwoorMoreRaces", F_TWO},
    {"ReportingEthnicity", F_ETH},
    {"EthnicityforTesting", F_ETH},
    {"ParentEducationLevel", F_PARED},
    {"CALPADSParentEducationLevel", F_PARED},
    {"ParentEducationLevelforTesting", F_PARED},
    {"OpportunityID#", F_OPP1},
    {"OpportunityTestingStatus#", F_OPPST1},
    {"TestRegistrationID", F_REGID},
    {"TestedDistrictName#", F_TDNAME1},
    {"TestedDistrictCode#", F_TDCODE1},
    {"TestedSchoolName#", F_TSNAME1},
    {"TestedSchoolCode#", F_TSCODE1},
    {"TestedSchoolNPSFlag#", F_TNPS1},
    {"TestStartDate#", F_TSTART1},
    {"TestCompletedDate#", F_TDONE1},
    {"TestMode#", F_TMODE1},
    {"RawScore#", F_RAW1},
    {"ItemsAttempted#", F_ITEMS1},
    {"DomainEx#", F_DOMEX1},
    {"FinalTestedDistrictName", F_FTDNAME},
    {"FinalTestedDistrictCode", F_FTDCODE},
    {"FinalTestedSchoolName", F_FTSNAME},
    {"FinalTestedSchoolCode", F_FTSCODE},
    {"FinalTestedSchoolNPSFlag", F_FTNPS},
    {"FinalTestCompletedDate", F_FTDONE},
    {"StudentExitCode", F_EXIT_CODE},
    {"StudentExitDate", F_EXIT_DATE},
    {"StudentExitWithdrawalDate", F_EXIT_DATE},
    {"StudentExitFileDate", F_EXIT_FILE_DATE},
    {"StudentRemovedCALPADSFileDate", F_EXIT_FILE_DATE},
    {"ScienceCurrentYearFlag", F_SCI_CUR},
    {"ConditionCode", F_COND},
    {"Attemptedness", F_ATTEMPT},
    {"ScoreStatus", F_SCORE_STATUS},
    {"TestMode", F_TESTMODE},
    {"IncludeIndicator", F_INCLUDE},
    {"SSREligible", F_SSR_ELIG},
    {"SSR Eligible", F_SSR_ELIG},
    {"SSRAvailableDate", F_SSR_DATE},
    {"ScoreAvailableDate", F_SCORE_DATE},
    {"ReportCreatedDate", F_REPORT_DATE},
    {"LexileorQuantileMeasure", F_LEXILE},
    {"SmarterClaim1PL", F_CLAIM1},
    {"SmarterClaim2PL", F_CLAIM2},
    {"SmarterClaim3PL", F_CLAIM3},
    {"SmarterClaim4PL", F_CLAIM4},
    {"SmarterCompClaim1PL", F_COMP1},
    {"SmarterCompClaim2PL", F_COMP2},
    {"ScaleScore", F_SS},
    {"OverallScaleScore", F_SS},
    {"StandardErrorMeasurement", F_SEM},
    {"OverallScaleScoreCSEM", F_SEM},
    {"SmarterScaleScoresErrorBandsMin", F_BMIN},
    {"SmarterScaleScoresErrorBandsMax", F_BMAX},
    {"AchievementLevels", F_AL},
    {"OverallPL", F_AL},
    {"Domain1Level", F_DOM1},
    {"Domain2Level", F_DOM2},
    {"Domain3Level", F_DOM3},
    {"Genre", F_GENRE},
    {"WERPOR", F_WERPOR},
    {"WERDEVEEL", F_WERDEV},
    {"WERCOV", F_WERCOV},
    {"EAP", F_EAP},
    {"AccommodationsIndicator", F_ACCOM},
    {"DesignatedSupportIndicator", F_DESIG},
    {"OralLanguageScaleScore", F_ORAL_SS},
    {"WrittenLanguageScaleScore", F_WRIT_SS},
    {"OralLanguagePL", F_ORAL_PL},
    {"WrittenLanguagePL", F_WRIT_PL},
    {"OralLanguageCSEM", F_ORAL_CSEM},
    {"WrittenLanguageCSEM", F_WRIT_CSEM},
    {"ListeningPL", F_LPL},
    {"SpeakingPL", F_SPL},
    {"ReadingPL", F_RPL},
    {"WritingPL", F_WPL},
    {"OverallRawScore", F_OVERALL_RAW},
    {"TestedStatus", F_TESTED_STATUS},
    {"ForceComplete", F_FORCE},
    {"GradeAssessedMinus1", F_GA_M1},
    {"ScaleScoreMinus1", F_SS_M1},
    {"OverallScaleScoreMinus1", F_SS_M1},
    {"AchievementLevelMinus1", F_AL_M1},
    {"OverallPLMinus1", F_AL_M1},
    {"GradeAssessedMinus2", F_GA_M2},
    {"ScaleScoreMinus2", F_SS_M2},
    {"OverallScaleScoreMinus2", F_SS_M2},
    {"AchievementLevelMinus2", F_AL_M2},
    {"OverallPLMinus2", F_AL_M2},
    {"EndofRecord", F_EOR},
};

static enum fld field_of(const char *col) {
  size_t n = strlen(col);
  for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; i++) {
    const char *nm = NAMES[i].name;
    size_t m = strlen(nm);
    if (nm[m - 1] == '#') {
      if (n == m && memcmp(col, nm, m - 1) == 0 && col[m - 1] >= '1' && col[m - 1] <= '4')
        return (enum fld)(NAMES[i].f + (col[m - 1] - '1'));
    } else if (n == m && memcmp(col, nm, m) == 0) {
      return NAMES[i].f;
    }
  }
  return F_NONE;
}

/* ---- .dat widths -------------------------------------------------------------------- */

static bool starts(const char *s, const char *p) {
  return strncmp(s, p, strlen(p)) == 0;
}

static bool has(const char *s, const char *p) {
  return strstr(s, p) != NULL;
}

int sbx_toms_dat_width(enum score_family f, const char *c) {
  static const struct {
    const char *name;
    int w;
  } EXACT[] = {
      {"RecordType", 2},
      {"UIN", 16},
      {"SSID", 10},
      {"AlternateSSID", 10},
      {"LocalStudentID", 15},
      {"StudentLastName", 50},
      {"StudentFirstName", 30},
      {"StudentMiddleName", 30},
      {"Gender", 1},
      {"TKIndicator", 1},
      {"CountryofOrigin", 3},
      {"CALPADSGrade", 2},
      {"SPEDAcctDist", 7},
      {"SPEDACCTDist", 7},
      {"ScienceParticipatedDistrictofAccountability", 7},
      {"ScienceParticipatedHighSchoolGrade", 2},
      {"CEDSLanguageCode", 3},
      {"CALPADSPrimaryLanguage", 3},
      {"PrimaryLanguageforTesting", 3},
      {"ReportingEthnicity", 3},
      {"EthnicityforTesting", 3},
      {"PrimaryDisabilityType", 3},
      {"PrimaryDisabilityforTesting", 3},
      {"LexileorQuantileMeasure", 6},
      {"Genre", 4},
      {"StudentExitCode", 4},
      {"EndofRecord", 2},
      {"StudentAddressLine1", 60},
      {"StudentAddressLine2", 60},
      {"StudentAddressCityName", 30},
      {"StudentAddressStateName", 5},
      {"StudentAddressStateCode", 5},
      {"StudentAddressZipCode", 10},
      {"LocalUse", 20},
      {"CTRIDPaper", 16},
      {"TestingEligibilityID", 16},
      {"MasterAppointmentID", 16},
      {"TestRegistrationID", 16},
      {"ThetaScore", 8},
      {"LTELorARLTEL", 1},
  };
  for (size_t i = 0; i < sizeof EXACT / sizeof EXACT[0]; i++)
    if (strcmp(c, EXACT[i].name) == 0) return EXACT[i].w;
  if (strcmp(c, "OverallPL") == 0) return f == SCORE_INITIAL_ELPAC ? 40 : 2;
  if (strcmp(c, "OralLanguagePL") == 0 || strcmp(c, "WrittenLanguagePL") == 0)
    return f == SCORE_INITIAL_ELPAC ? 32 : 2;
  if (strcmp(c, "EAP") == 0) return 1;
  /* Accessibility resources: TDS codes of 3-39 characters in 2021-22; here always blank
   * or "No", so a middle width keeps records near the real length. */
  if (starts(c, "EA") || starts(c, "NEA") || starts(c, "EDS") || starts(c, "NEDS")) return 12;
  if (starts(c, "GradeAssessed")) return 2;
  if (has(c, "ELAS")) return 4;
  if (starts(c, "ParentEducationLevel") || starts(c, "CALPADSParentEducationLevel")) return 2;
  if (starts(c, "ConditionCode") || has(c, "ConditionCodeMinus")) return 4;
  if (has(c, "CharterCode")) return 4;
  if (has(c, "Name")) return 100;
  if ((has(c, "District") || has(c, "School")) && has(c, "Code")) return 14;
  if (has(c, "Indicator") && (has(c, "Charter") || has(c, "TestedSchool"))) return 2;
  if (has(c, "NPS")) return 1;
  if (has(c, "Date")) return 10;
  if (starts(c, "OpportunityID")) return 16;
  if (starts(c, "OpportunityTestingStatus")) return 1;
  if (starts(c, "ItemsAttempted") || strcmp(c, "OverallNumberAnswered") == 0) return 3;
  if (starts(c, "RawScore")) return 2;
  if (has(c, "RawScore")) return 3;
  if (has(c, "ScaleScore") || has(c, "ClaimScore") || has(c, "CompClaim1Score") ||
      has(c, "GrowthScore") || has(c, "ErrorBands"))
    return 4;
  if (has(c, "SEM") || has(c, "StandardError")) return 4;
  if (has(c, "PL")) return 2;
  if (has(c, "Level")) return 1;
  if (starts(c, "Blank")) return 1;
  return 3; /* Yes/No flags and one-letter codes */
}

/* ---- layouts ------------------------------------------------------------------------ */

struct layout {
  const struct score_columns *cols;
  uint8_t *field; /* per column */
  int *width;     /* per column */
  int *start;     /* per column, 0-based offset in the .dat record */
  int reclen;     /* .dat record length without CR LF */
};

struct out {
  struct sbx_toms_file info;
  const struct layout *lay;
  FILE *csv, *dat;
  char *csv_buf, *dat_buf;
  char csv_tmp[TOMS_PATH_MAX], dat_tmp[TOMS_PATH_MAX];
};

struct sbx_toms {
  const struct sbx_world *w;
  char dir[TOMS_PATH_MAX];
  struct layout lays[NLAYOUTS];
  int nfiles;
  struct out files[SBX_TOMS_MAX_FILES];
  /* the record being built */
  char v[F_COUNT][VAL_MAX];
  uint8_t len[F_COUNT];
  uint8_t used[F_COUNT];
  int nused;
  char csv_line[LINE_MAX_BYTES];
  char dat_line[LINE_MAX_BYTES];
};

/* Per-student traits the sandbox student has no field for; stable across years. */
struct demo {
  bool hisp, aian, asian, pi, fil, black, white, two;
  char eth[4];
  bool econ, idea, s504, migrant, military, foster, homeless, caa;
  const char *disab;
  char pared[3];
  int32_t us_entry; /* first entry in a US school (students from other-language homes) */
};

static const char *const FAMILY_NAMES[] = {"", "CAASPP", "Summative ELPAC", "Initial ELPAC"};
static const char *const FAMILY_FILE[] = {
    "", "CAASPP_Student_Score_Data_File",
    "Summative_ELPAC_and_Summative_Alternate_ELPAC_Student_Score_Data_File",
    "Initial_ELPAC_and_Initial_Alternate_ELPAC_Student_Score_Data_File"};

const char *sbx_toms_family_name(enum score_family f) {
  return f >= SCORE_CAASPP && f <= SCORE_INITIAL_ELPAC ? FAMILY_NAMES[f] : "";
}

static const struct score_columns *columns_for(enum score_family f, int year) {
  int want = year >= 2025 ? 2025 : 2024;
  for (size_t i = 0; i < score_columns_known_count; i++)
    if (score_columns_known[i].family == f && score_columns_known[i].year == want)
      return &score_columns_known[i];
  return NULL;
}

static int layout_init(struct layout *l, const struct score_columns *c, struct sb_err *err) {
  l->cols = c;
  l->field = calloc(c->ncols, 1);
  l->width = calloc(c->ncols, sizeof *l->width);
  l->start = calloc(c->ncols, sizeof *l->start);
  if (l->field == NULL || l->width == NULL || l->start == NULL)
    return sb_err_set(err, "toms: out of memory");
  int pos = 0;
  for (size_t i = 0; i < c->ncols; i++) {
    l->field[i] = (uint8_t)field_of(c->names[i]);
    l->width[i] = sbx_toms_dat_width(c->family, c->names[i]);
    l->start[i] = pos;
    pos += l->width[i];
  }
  l->reclen = pos;
  if (pos + 2 > LINE_MAX_BYTES) return sb_err_set(err, "toms: .dat record too long (%d)", pos);
  return 0;
}

static const struct layout *layout_for(const struct sbx_toms *t, enum score_family f, int year) {
  const struct score_columns *c = columns_for(f, year);
  for (int i = 0; i < NLAYOUTS; i++)
    if (t->lays[i].cols == c) return &t->lays[i];
  return NULL;
}

/* ---- record values -------------------------------------------------------------------- */

static void rec_clear(struct sbx_toms *t) {
  for (int i = 0; i < t->nused; i++) {
    t->v[t->used[i]][0] = '\0';
    t->len[t->used[i]] = 0;
  }
  t->nused = 0;
}

static void put(struct sbx_toms *t, enum fld f, const char *s) {
  size_t n = strlen(s);
  if (n >= VAL_MAX) n = VAL_MAX - 1;
  if (t->len[f] == 0 && n > 0) t->used[t->nused++] = (uint8_t)f;
  memcpy(t->v[f], s, n);
  t->v[f][n] = '\0';
  t->len[f] = (uint8_t)n;
  if (n == 0) {
    /* clearing a value: leave it in `used`; rec_clear handles repeats */
  }
}

static void putf(struct sbx_toms *t, enum fld f, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void putf(struct sbx_toms *t, enum fld f, const char *fmt, ...) {
  char b[VAL_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(b, sizeof b, fmt, ap);
  va_end(ap);
  put(t, f, b);
}

static void put_yn(struct sbx_toms *t, enum fld f, bool yes) {
  put(t, f, yes ? "Yes" : "No");
}

static void put_date(struct sbx_toms *t, enum fld f, int32_t ymd) {
  if (ymd <= 0) return;
  putf(t, f, "%04d-%02d-%02d", (int)(ymd / 10000), (int)(ymd / 100 % 100), (int)(ymd % 100));
}

static void grade_code(int g, char out[3]) {
  if (g <= 0) {
    memcpy(out, "KN", 3);
  } else {
    out[0] = (char)('0' + g / 10);
    out[1] = (char)('0' + g % 10);
    out[2] = '\0';
  }
}

static void put_grade(struct sbx_toms *t, enum fld f, int g) {
  char c[3];
  grade_code(g, c);
  put(t, f, c);
}

/* ---- the student's world ------------------------------------------------------------- */

#define SALT_DEMO 0x70D5DE30ULL
#define SALT_TEST 0x70D57E57ULL

static int year_of(const struct sbx_world *w, int k) {
  return w->last_year - 2 + k;
}

/* Same rule as population.c: April 15, or today in the newest year if earlier. */
static int32_t test_day(const struct sbx_world *w, int k) {
  int32_t td = (int32_t)(year_of(w, k) * 10000 + 415);
  return k == SBX_YEARS - 1 && w->today < td ? w->today : td;
}

static int32_t file_day(const struct sbx_world *w, int k) {
  return k == SBX_YEARS - 1 ? w->today : (int32_t)(year_of(w, k) * 10000 + 630);
}

static bool primary(const struct sbx_span *sp) {
  return sp->status == 10 && strcmp(sp->reason, "N470") != 0;
}

const struct sbx_span *sbx_toms_calpads_span(const struct sbx_world *w, const struct sbx_student *s,
                                             int k) {
  const struct sbx_span *best = NULL;
  int32_t fd = file_day(w, k);
  for (int i = 0; i < s->nspans; i++) {
    const struct sbx_span *sp = &s->spans[i];
    if (sp->k == k && primary(sp) && sp->start <= fd) best = sp;
  }
  /* Transferred to a California school outside the sandbox: enrolled there now. */
  if (best && best->exit != 0 && best->exit <= fd && strcmp(best->reason, "T160") == 0) return NULL;
  return best;
}

/* The primary span open on day d of year k (the last one, as population.c). */
static const struct sbx_span *span_on(const struct sbx_student *s, int k, int32_t d) {
  const struct sbx_span *best = NULL;
  for (int i = 0; i < s->nspans; i++) {
    const struct sbx_span *sp = &s->spans[i];
    if (sp->k == k && primary(sp) && sp->start <= d && (sp->exit == 0 || sp->exit > d)) best = sp;
  }
  return best;
}

static const struct sbx_span *first_primary(const struct sbx_student *s, int k) {
  for (int i = 0; i < s->nspans; i++)
    if (s->spans[i].k == k && primary(&s->spans[i])) return &s->spans[i];
  return NULL;
}

/* English learner during year k: EL at first enrollment and not yet reclassified (overall
 * level 4 on an earlier Summative ELPAC), the rule population.c applies. */
static bool el_in_year(const struct sbx_student *s, int k, int *reclass_k) {
  if (reclass_k) *reclass_k = -1;
  if (!s->el) return false;
  for (int j = 0; j < k; j++)
    if (s->yr[j].esa && s->yr[j].level[SBX_SUBJ_ELPAC] == 4) {
      if (reclass_k) *reclass_k = j;
      return false;
    }
  return true;
}

static void draw_demo(const struct sbx_world *w, const struct sbx_student *s, struct demo *d) {
  struct sbx_rng r;
  sbx_rng_seed(&r, w->seed ^ SALT_DEMO, (uint64_t)s->index);
  memset(d, 0, sizeof *d);
  /* Race and ethnicity: California public-school shares, shifted by home language. */
  int x = (int)sbx_rng_below(&r, 1000);
  switch (s->family) {
  case SBX_LANG_ES:
    d->hisp = x < 960;
    d->white = x >= 960 || sbx_rng_chance(&r, 150);
    break;
  case SBX_LANG_VI:
  case SBX_LANG_ZH:
  case SBX_LANG_KR:
    d->asian = true;
    break;
  case SBX_LANG_FL:
    d->fil = true;
    break;
  case SBX_LANG_AR:
    d->white = true;
    break;
  default:
    if (x < 520) {
      d->hisp = true;
      if (sbx_rng_chance(&r, 200)) d->white = true;
    } else if (x < 740) {
      d->white = true;
    } else if (x < 820) {
      d->asian = true;
    } else if (x < 870) {
      d->black = true;
    } else if (x < 895) {
      d->fil = true;
    } else if (x < 900) {
      d->aian = true;
    } else if (x < 905) {
      d->pi = true;
    } else if (x < 975) {
      d->two = true;
      d->white = true;
      if (sbx_rng_chance(&r, 500))
        d->black = true;
      else
        d->asian = true;
    } /* else: not reported */
    break;
  case SBX_LANG_COUNT:
    break;
  }
  const char *eth = d->hisp    ? "500"
                    : d->two   ? "800"
                    : d->aian  ? "100"
                    : d->asian ? "200"
                    : d->pi    ? "300"
                    : d->fil   ? "400"
                    : d->black ? "600"
                    : d->white ? "700"
                               : "800";
  memcpy(d->eth, eth, 4);
  d->econ = sbx_rng_chance(&r, s->family == SBX_LANG_ES ? 820 : d->white || d->asian ? 380 : 620);
  d->idea = sbx_rng_chance(&r, 130);
  d->s504 = !d->idea && sbx_rng_chance(&r, 45);
  d->migrant = sbx_rng_chance(&r, s->family == SBX_LANG_ES ? 40 : 5);
  d->military = sbx_rng_chance(&r, 12);
  d->foster = sbx_rng_chance(&r, 4);
  d->homeless = sbx_rng_chance(&r, d->econ ? 40 : 5);
  static const char *const DIS[] = {"SLD", "SLD", "SLD", "SLD", "SLI", "SLI", "SLI", "AUT",
                                    "AUT", "OHI", "OHI", "ID",  "EMN", "HI",  "OI",  "MD"};
  d->disab = "";
  if (d->idea) {
    d->disab = DIS[sbx_rng_below(&r, 16)];
    /* The alternate assessments: about 1 % of all students, all with an IEP. */
    d->caa = sbx_rng_chance(&r, 80);
    if (d->caa) d->disab = sbx_rng_chance(&r, 500) ? "ID" : sbx_rng_chance(&r, 600) ? "AUT" : "MD";
  }
  static const char *const PARED[] = {"10", "11", "11", "12", "12", "13", "13", "14", "15"};
  int pe = (int)sbx_rng_below(&r, 9);
  if (d->econ && pe < 3) pe += 3;
  memcpy(d->pared, PARED[pe], 3);
  if (s->family != SBX_LANG_EN || s->el) {
    const struct sbx_span *first = NULL;
    for (int k = 0; k < SBX_YEARS && first == NULL; k++)
      first = first_primary(s, k);
    int32_t kn_start = (int32_t)((s->birth / 10000 + 5) * 10000 + 815);
    d->us_entry = s->moved_in && first ? first->start : kn_start;
  }
}

static const char *ceds_code(enum sbx_lang l) {
  switch (l) {
  case SBX_LANG_ES:
    return "SPA";
  case SBX_LANG_VI:
    return "VIE";
  case SBX_LANG_ZH:
    return "CMN";
  case SBX_LANG_FL:
    return "FIL";
  case SBX_LANG_KR:
    return "KOR";
  case SBX_LANG_AR:
    return "ARA";
  default:
    return "ENG";
  }
}

static void cds14(const struct sbx_world *w, int lea, int school, char out[15]) {
  memcpy(out, w->leas[lea].code, 7);
  if (school < 0)
    memcpy(out + 7, "0000000", 7);
  else
    memcpy(out + 7, w->schools[school].code, 7);
  out[14] = '\0';
}

/* Student, CALPADS enrollment and demographic fields shared by every family. cal NULL:
 * the student has moved to a district outside the sandbox (a made-up one of the same
 * county, district code 90990, which no sandbox LEA uses). */
static void put_student(struct sbx_toms *t, const struct sbx_student *s, const struct demo *d,
                        int k, const struct sbx_span *cal, const struct sbx_span *at, int grade) {
  const struct sbx_world *w = t->w;
  char code[15];
  put(t, F_SSID, s->ssid);
  put(t, F_LOCALID, s->local_id);
  put(t, F_LAST, sbx_last_name(s));
  put(t, F_FIRST, sbx_first_name(s));
  put(t, F_MIDDLE, sbx_middle_name(s));
  put_date(t, F_DOB, s->birth);
  char g[2] = {s->gender, '\0'};
  put(t, F_GENDER, g);
  put_grade(t, F_CGRADE, cal ? cal->grade : grade);
  put_grade(t, F_GRADE, grade);
  if (cal) {
    cds14(w, cal->lea, -1, code);
    put(t, F_DCODE, code);
    put(t, F_DNAME, w->leas[cal->lea].name);
    cds14(w, cal->lea, cal->school, code);
    put(t, F_SCODE, code);
    put(t, F_SNAME, w->schools[cal->school].name);
    put_date(t, F_ENROLL_DATE, cal->start);
    /* A mid-year exit (not the end of the school year) shows in the exit fields. */
    if (cal->exit != 0 && cal->exit <= file_day(w, k) &&
        cal->exit < w->leas[cal->lea].last_day[k]) {
      put(t, F_EXIT_CODE, cal->reason);
      put_date(t, F_EXIT_DATE, cal->exit);
      put_date(t, F_EXIT_FILE_DATE, sbx_ymd_add(cal->exit, 3));
    }
  } else if (at) {
    const char *cc = w->leas[at->lea].county_code;
    putf(t, F_DCODE, "%s909900000000", cc);
    put(t, F_DNAME, "Other California District (outside the sandbox)");
    putf(t, F_SCODE, "%s909909990001", cc);
    put(t, F_SNAME, "Other California School (outside the sandbox)");
  }
  put(t, F_NPS, "N");
  if (d->idea && (cal || at)) put(t, F_SPED_DIST, w->leas[cal ? cal->lea : at->lea].code);
  put_yn(t, F_504, d->s504);
  put(t, F_DISAB, d->disab);
  put_yn(t, F_IDEA, d->idea);
  put_yn(t, F_MIGRANT, d->migrant);
  int reclass_k;
  bool el = el_in_year(s, k, &reclass_k);
  put_yn(t, F_EL_STATUS, el);
  const char *elas = el ? "EL" : s->el ? "RFEP" : s->family != SBX_LANG_EN ? "IFEP" : "EO";
  put(t, F_ELAS, elas);
  put(t, F_ELAS_TESTING, elas);
  if (s->el) put_date(t, F_EL_ENTRY, d->us_entry);
  if (reclass_k >= 0) put_date(t, F_RFEP_DATE, (int32_t)(year_of(w, reclass_k) * 10000 + 612));
  put_date(t, F_US_ENTRY, d->us_entry);
  put(t, F_CEDS, ceds_code(s->family));
  put(t, F_PLANG, ceds_code(s->family));
  put_yn(t, F_MILITARY, d->military);
  put_yn(t, F_FOSTER, d->foster);
  put_yn(t, F_HOMELESS, d->homeless);
  put_yn(t, F_ECON, d->econ);
  put_yn(t, F_HISP, d->hisp);
  put_yn(t, F_AIAN, d->aian);
  put_yn(t, F_ASIAN, d->asian);
  put_yn(t, F_PI, d->pi);
  put_yn(t, F_FIL, d->fil);
  put_yn(t, F_BLACK, d->black);
  put_yn(t, F_WHITE, d->white);
  put_yn(t, F_TWO, d->two);
  put(t, F_ETH, d->eth);
  put(t, F_PARED, d->pared);
  put(t, F_EOR, "ZZ");
}

/* Where and when a test part was taken. part 1..4. */
static void put_tested(struct sbx_toms *t, int part, const struct sbx_span *at, int32_t start,
                       int32_t done) {
  const struct sbx_world *w = t->w;
  char code[15];
  int i = part - 1;
  put(t, (enum fld)(F_TDNAME1 + i), w->leas[at->lea].name);
  cds14(w, at->lea, -1, code);
  put(t, (enum fld)(F_TDCODE1 + i), code);
  put(t, (enum fld)(F_TSNAME1 + i), w->schools[at->school].name);
  cds14(w, at->lea, at->school, code);
  put(t, (enum fld)(F_TSCODE1 + i), code);
  put(t, (enum fld)(F_TNPS1 + i), "N");
  put_date(t, (enum fld)(F_TSTART1 + i), start);
  put_date(t, (enum fld)(F_TDONE1 + i), done);
}

static void put_final(struct sbx_toms *t, const struct sbx_span *at, int32_t done) {
  const struct sbx_world *w = t->w;
  char code[15];
  put(t, F_FTDNAME, w->leas[at->lea].name);
  cds14(w, at->lea, -1, code);
  put(t, F_FTDCODE, code);
  put(t, F_FTSNAME, w->schools[at->school].name);
  cds14(w, at->lea, at->school, code);
  put(t, F_FTSCODE, code);
  put(t, F_FTNPS, "N");
  put_date(t, F_FTDONE, done);
  put_date(t, F_SSR_DATE, sbx_ymd_add(done, 24));
  put_date(t, F_SCORE_DATE, sbx_ymd_add(done, 24));
}

static void put_ids(struct sbx_toms *t, const struct sbx_student *s, int k, int rt,
                    struct sbx_rng *r, int opps) {
  int year = year_of(t->w, k);
  /* Unique per record: year, record type and student index. */
  putf(t, F_UIN, "%02d%02d%09ld", year % 100, rt, s->index);
  for (int i = 0; i < opps; i++) {
    putf(t, (enum fld)(F_OPP1 + i), "%016llu",
         (unsigned long long)(sbx_rng_next(r) % 10000000000ULL));
    put(t, (enum fld)(F_OPPST1 + i), "C");
  }
  putf(t, F_REGID, "%016llu", (unsigned long long)(sbx_rng_next(r) % 100000000000000ULL));
}

static int clampi(int v, int lo, int hi) {
  return v < lo ? lo : v > hi ? hi : v;
}

/* A claim / domain performance level (1 below, 2 near, 3 above standard) for a score of
 * the given SEM around the "met" cut, kept consistent with the overall level. */
static int claim_pl(struct sbx_rng *r, int score, int sem, int met, int level, int nlevels) {
  int csem = sem * 2;
  int cs = score + sbx_rng_bell100(r) * csem / 100;
  int pl = cs + csem * 3 / 2 < met ? 1 : cs - csem * 3 / 2 >= met ? 3 : 2;
  int met_level = nlevels == 4 ? 3 : 2;
  if (level < met_level && pl > 2) pl = 2;
  if (level >= met_level && pl < 2) pl = 2;
  return pl;
}

/* ---- writing a record ------------------------------------------------------------------- */

static struct out *file_for(struct sbx_toms *t, enum score_family f, int k, int lea,
                            enum score_basis b) {
  int i = (((int)f - 1) * SBX_YEARS + k) * t->w->nleas * 2 + lea * 2 + ((int)b - 1);
  return &t->files[i];
}

/* Lays the record out for the (family, year) layout and writes it to the Enrolled file of
 * enrolled_lea and the Tested file of tested_lea (-1: not written there). */
static int emit(struct sbx_toms *t, enum score_family f, int k, int enrolled_lea, int tested_lea,
                struct sb_err *err) {
  struct out *any =
      file_for(t, f, k, enrolled_lea >= 0 ? enrolled_lea : tested_lea, SCORE_ENROLLED);
  const struct layout *l = any->lay;
  size_t n = 0;
  memset(t->dat_line, ' ', (size_t)l->reclen);
  for (size_t c = 0; c < l->cols->ncols; c++) {
    int fi = l->field[c];
    size_t len = t->len[fi];
    if (len > 0) {
      if ((int)len > l->width[c])
        return sb_err_set(err, "toms: value \"%s\" too long for column %s (width %d)", t->v[fi],
                          l->cols->names[c], l->width[c]);
      if (n + len + 4 > sizeof t->csv_line) return sb_err_set(err, "toms: CSV record too long");
      memcpy(t->csv_line + n, t->v[fi], len);
      memcpy(t->dat_line + l->start[c], t->v[fi], len);
      n += len;
    }
    if (c + 1 < l->cols->ncols) t->csv_line[n++] = '^';
  }
  t->csv_line[n++] = '\r';
  t->csv_line[n++] = '\n';
  t->dat_line[l->reclen] = '\r';
  t->dat_line[l->reclen + 1] = '\n';
  for (int b = 0; b < 2; b++) {
    int lea = b == 0 ? enrolled_lea : tested_lea;
    if (lea < 0) continue;
    struct out *o = file_for(t, f, k, lea, b == 0 ? SCORE_ENROLLED : SCORE_TESTED);
    if (fwrite(t->csv_line, 1, n, o->csv) != n ||
        fwrite(t->dat_line, 1, (size_t)l->reclen + 2, o->dat) != (size_t)l->reclen + 2)
      return sb_err_set(err, "toms: cannot write %s: %s", o->csv_tmp, strerror(errno));
    o->info.rows++;
  }
  return 0;
}

/* ---- CAASPP ----------------------------------------------------------------------------- */

/* Test start and completion inside the span `at`, on or before the test day. */
static void test_dates(struct sbx_rng *r, const struct sbx_span *at, int32_t td, int back,
                       int32_t *start, int32_t *done) {
  int32_t d = sbx_ymd_add(td, -sbx_rng_range(r, 0, back));
  if (d < at->start) d = at->start;
  int32_t s0 = sbx_ymd_add(d, -sbx_rng_range(r, 0, 6));
  if (s0 < at->start) s0 = at->start;
  *start = s0;
  *done = d;
}

static void lexile(struct sbx_toms *t, enum sbx_subject subj, int score) {
  if (subj == SBX_SUBJ_ELA) {
    int lx = clampi(650 + (score - 2432) * 36 / 10, -400, 1800) / 5 * 5;
    if (lx < 0)
      putf(t, F_LEXILE, "BR%dL", -lx);
    else
      putf(t, F_LEXILE, "%dL", lx);
  } else {
    int q = clampi(650 + (score - 2436) * 22 / 10, -400, 1600) / 5 * 5;
    if (q < 0)
      putf(t, F_LEXILE, "EM%dQ", -q);
    else
      putf(t, F_LEXILE, "%dQ", q);
  }
}

static void sb_scores(struct sbx_toms *t, const struct sbx_student *s, int k, enum sbx_subject subj,
                      struct sbx_rng *r) {
  const struct sbx_year *y = &s->yr[k];
  struct sbx_scale sc;
  if (!sbx_scale_for(subj, y->grade, &sc)) return;
  int score = y->score[subj], level = y->level[subj];
  int sem = clampi(18 + abs(score - (sc.lo + sc.hi) / 2) / 12 + sbx_rng_range(r, 0, 6), 17, 70);
  putf(t, F_SS, "%d", score);
  putf(t, F_SEM, "%04d", sem);
  putf(t, F_BMIN, "%d", clampi(score - sem, sc.lo, sc.hi));
  putf(t, F_BMAX, "%d", clampi(score + sem, sc.lo, sc.hi));
  putf(t, F_AL, "%d", level);
  int met = sc.cut[1];
  int nclaims = subj == SBX_SUBJ_ELA ? 4 : 3;
  for (int c = 0; c < nclaims; c++)
    putf(t, (enum fld)(F_CLAIM1 + c), "%d", claim_pl(r, score, sem, met, level, 4));
  putf(t, F_COMP1, "%d", claim_pl(r, score, sem * 3 / 4, met, level, 4));
  putf(t, F_COMP2, "%d", claim_pl(r, score, sem * 3 / 4, met, level, 4));
  lexile(t, subj, score);
  if (subj == SBX_SUBJ_ELA) {
    static const char *const G_ELEM[] = {"OPIN", "NARR", "INFO"};
    static const char *const G_SEC[] = {"ARGU", "EXPL", "NARR"};
    put(t, F_GENRE, (y->grade <= 5 ? G_ELEM : G_SEC)[sbx_rng_below(r, 3)]);
    putf(t, F_WERPOR, "%d", clampi(level - 1 + sbx_rng_range(r, 0, 1), 0, 4));
    putf(t, F_WERDEV, "%d", clampi(level - 1 + sbx_rng_range(r, 0, 1), 0, 4));
    putf(t, F_WERCOV, "%d", clampi(level / 2 + sbx_rng_range(r, -1, 0), 0, 2));
  }
  if (y->grade == 11) put(t, F_EAP, sbx_rng_chance(r, 700) ? "1" : "2");
  putf(t, F_ITEMS1, "%03d", sbx_rng_range(r, 36, 46));
  putf(t, F_ITEMS2, "%03d", sbx_rng_range(r, 2, 6));
  /* Up to two earlier years of the same test. */
  for (int j = 1; j <= 2 && k - j >= 0; j++) {
    const struct sbx_year *p = &s->yr[k - j];
    if (!p->sb || p->score[subj] <= 0) continue;
    put_grade(t, j == 1 ? F_GA_M1 : F_GA_M2, p->grade);
    putf(t, j == 1 ? F_SS_M1 : F_SS_M2, "%d", p->score[subj]);
    putf(t, j == 1 ? F_AL_M1 : F_AL_M2, "%d", p->level[subj]);
  }
}

static void cast_scores(struct sbx_toms *t, const struct sbx_student *s, int k, struct sbx_rng *r) {
  const struct sbx_year *y = &s->yr[k];
  struct sbx_scale sc;
  if (!sbx_scale_for(SBX_SUBJ_SCI, y->grade, &sc)) return;
  int score = y->score[SBX_SUBJ_SCI], level = y->level[SBX_SUBJ_SCI];
  putf(t, F_SS, "%d", score);
  putf(t, F_AL, "%d", level);
  int dsem = clampi((sc.cut[2] - sc.cut[0]) / 5, 5, 20);
  for (int c = 0; c < 3; c++)
    putf(t, (enum fld)(F_DOM1 + c), "%d", claim_pl(r, score, dsem, sc.cut[1], level, 4));
  put(t, F_SCI_CUR, "Y");
  putf(t, F_ITEMS1, "%03d", sbx_rng_range(r, 30, 42));
}

/* Alternate and Spanish assessments: three levels on a 100-point scale per grade
 * (formats.md §2.7); CAA for Science has no published scale, so only its level. */
static void alt_scores(struct sbx_toms *t, int rt, int grade, struct sbx_rng *r) {
  if (rt == 5) {
    int x = sbx_rng_range(r, 0, 99);
    putf(t, F_AL, "%d", x < 30 ? 1 : x < 60 ? 2 : 3);
    return;
  }
  int base = grade >= 9 ? 900 : 100 * grade;
  int l2 = base + 45, l3 = base + 60;
  if (rt == 9) {
    static const int CSA_L2[] = {49, 49, 46, 48, 44, 48};
    l2 = base + (grade >= 3 && grade <= 8 ? CSA_L2[grade - 3] : 50);
  }
  int score = clampi(base + 54 + sbx_rng_bell100(r) * 20 / 100, base, base + 99);
  putf(t, F_SS, "%d", score);
  putf(t, F_AL, "%d", score < l2 ? 1 : score < l3 ? 2 : 3);
}

static void put_common_test(struct sbx_toms *t, bool tested) {
  if (tested) {
    put(t, F_ATTEMPT, "Y");
    put(t, F_SCORE_STATUS, "V");
    put(t, F_TESTMODE, "O");
    put(t, F_INCLUDE, "Y");
    put(t, F_SSR_ELIG, "Y");
    put(t, F_ACCOM, "No");
    put(t, F_DESIG, "No");
  } else {
    put(t, F_ATTEMPT, "N");
    put(t, F_INCLUDE, "N");
    put(t, F_SSR_ELIG, "N");
  }
}

static void put_not_tested_code(struct sbx_toms *t, struct sbx_rng *r) {
  int x = sbx_rng_range(r, 0, 99);
  put(t, F_COND, x < 80 ? "NT" : x < 92 ? "PGE" : "NTE");
}

/* One CAASPP record: rt 1/2 SB, 3/4 CAA, 5 CAAS, 6 CAST, 9 CSA. at = NULL: not tested. */
static int caaspp_record(struct sbx_toms *t, const struct sbx_student *s, const struct demo *d,
                         int k, const struct sbx_span *cal, const struct sbx_span *at, int rt,
                         struct sb_err *err) {
  struct sbx_rng r;
  sbx_rng_seed(&r, t->w->seed ^ SALT_TEST,
               (uint64_t)s->index * 64 + (uint64_t)k * 16 + (uint64_t)rt);
  int grade = s->yr[k].grade;
  rec_clear(t);
  putf(t, F_RT, "%02d", rt);
  put_student(t, s, d, k, cal, at, grade);
  put_common_test(t, at != NULL);
  if (at == NULL) {
    put_ids(t, s, k, rt, &r, 0);
    put_not_tested_code(t, &r);
    return emit(t, SCORE_CAASPP, k, cal->lea, -1, err);
  }
  put_ids(t, s, k, rt, &r, rt <= 2 ? 2 : 1);
  int32_t start, done;
  test_dates(&r, at, test_day(t->w, k), 14, &start, &done);
  put_tested(t, 1, at, start, done);
  if (rt <= 2) put_tested(t, 2, at, start, done);
  put_final(t, at, done);
  if (rt == 1 || rt == 2)
    sb_scores(t, s, k, rt == 1 ? SBX_SUBJ_ELA : SBX_SUBJ_MATH, &r);
  else if (rt == 6)
    cast_scores(t, s, k, &r);
  else
    alt_scores(t, rt, grade, &r);
  return emit(t, SCORE_CAASPP, k, cal ? cal->lea : -1, at->lea, err);
}

static int caaspp_year(struct sbx_toms *t, const struct sbx_student *s, const struct demo *d, int k,
                       const struct sbx_span *cal, const struct sbx_span *at, struct sb_err *err) {
  const struct sbx_year *y = &s->yr[k];
  int g = y->grade, year = year_of(t->w, k);
  bool sb, sci;
  if (at) {
    sb = y->sb;
    sci = y->cast;
  } else {
    if (cal == NULL) return 0;
    sb = sbx_sb_grade(g);
    sci = (g == 5 || g == 8 || g == s->hs_cast_grade) && codes_applies(CODE_TYPE, "CAST", year);
  }
  int rts[4], n = 0;
  if (sb) {
    rts[n++] = d->caa ? 3 : 1;
    rts[n++] = d->caa ? 4 : 2;
  }
  if (sci) rts[n++] = d->caa ? 5 : 6;
  if (at && sb && s->family == SBX_LANG_ES && !d->caa && codes_applies(CODE_TYPE, "CSA", year) &&
      sbx_hash4(t->w->seed, (uint64_t)s->index, (uint64_t)k, 9) % 1000 < 60)
    rts[n++] = 9;
  for (int i = 0; i < n; i++)
    if (caaspp_record(t, s, d, k, cal, at, rts[i], err) != 0) return -1;
  return 0;
}

/* ---- ELPAC ------------------------------------------------------------------------------ */

/* Oral and written composite cuts (start of levels 2, 3, 4), formats.md §3.2, by grade
 * KN..12 (9-10 and 11-12 share rows). */
static const int ORAL_CUT[13][3] = {{1386, 1427, 1478}, {1408, 1451, 1493}, {1414, 1460, 1510},
                                    {1435, 1466, 1512}, {1439, 1472, 1522}, {1447, 1477, 1533},
                                    {1450, 1484, 1542}, {1456, 1498, 1554}, {1461, 1505, 1569},
                                    {1465, 1512, 1579}, {1465, 1512, 1579}, {1470, 1514, 1583},
                                    {1470, 1514, 1583}};
static const int WRITTEN_CUT[13][3] = {{1346, 1410, 1463}, {1414, 1459, 1520}, {1433, 1481, 1554},
                                       {1461, 1509, 1557}, {1478, 1525, 1575}, {1487, 1550, 1587},
                                       {1499, 1550, 1592}, {1505, 1556, 1598}, {1510, 1562, 1610},
                                       {1520, 1578, 1632}, {1520, 1578, 1632}, {1529, 1595, 1646},
                                       {1529, 1595, 1646}};

static int level4(const int cut[3], int score) {
  return score >= cut[2] ? 4 : score >= cut[1] ? 3 : score >= cut[0] ? 2 : 1;
}

/* A domain level (1 beginning, 2 somewhat/moderately, 3 well developed) near a composite
 * level 1..4. */
static int domain_pl(struct sbx_rng *r, int composite) {
  int x = sbx_rng_range(r, 0, 99);
  switch (composite) {
  case 1:
    return x < 85 ? 1 : 2;
  case 2:
    return x < 75 ? 2 : 1;
  case 3:
    return x < 60 ? 2 : 3;
  default:
    return x < 85 ? 3 : 2;
  }
}

static void elpac_parts(struct sbx_toms *t, struct sbx_rng *r, const struct sbx_span *at,
                        int32_t td, int grade, int32_t *last) {
  *last = 0;
  for (int p = 1; p <= 4; p++) {
    int32_t start, done;
    test_dates(r, at, td, 20, &start, &done);
    put_tested(t, p, at, start, done);
    put(t, (enum fld)(F_TMODE1 + p - 1), p == 4 && grade <= 2 ? "P" : "O");
    put(t, (enum fld)(F_DOMEX1 + p - 1), "N");
    if (done > *last) *last = done;
  }
}

static int summative_record(struct sbx_toms *t, const struct sbx_student *s, const struct demo *d,
                            int k, const struct sbx_span *cal, const struct sbx_span *at,
                            struct sb_err *err) {
  const struct sbx_year *y = &s->yr[k];
  struct sbx_rng r;
  sbx_rng_seed(&r, t->w->seed ^ SALT_TEST, (uint64_t)s->index * 64 + (uint64_t)k * 16 + 21);
  int g = y->grade;
  rec_clear(t);
  put(t, F_RT, "21");
  put_student(t, s, d, k, cal, at, g);
  if (at == NULL) {
    put_ids(t, s, k, 21, &r, 0);
    put(t, F_COND, "NT");
    put(t, F_INCLUDE, "N");
    put(t, F_TESTED_STATUS, "N");
    return emit(t, SCORE_SUMMATIVE_ELPAC, k, cal->lea, -1, err);
  }
  put_ids(t, s, k, 21, &r, 4);
  int32_t last;
  elpac_parts(t, &r, at, test_day(t->w, k), g, &last);
  put_final(t, at, last);
  put_date(t, F_REPORT_DATE, sbx_ymd_add(last, 30));
  put(t, F_TESTED_STATUS, "Y");
  put(t, F_ATTEMPT, "Y");
  put(t, F_INCLUDE, "Y");
  put(t, F_SSR_ELIG, "Y");
  put(t, F_ACCOM, "No");
  put(t, F_DESIG, "No");
  struct sbx_scale sc;
  if (!sbx_scale_for(SBX_SUBJ_ELPAC, g, &sc))
    return emit(t, SCORE_SUMMATIVE_ELPAC, k, cal ? cal->lea : -1, at->lea, err);
  int overall = y->score[SBX_SUBJ_ELPAC], level = y->level[SBX_SUBJ_ELPAC];
  /* Overall = weighted oral and written composites (inferred weights: oral 70 % in KN and
   * grade 1, 50 % from grade 2). */
  int wo = g <= 1 ? 70 : 50, ww = 100 - wo;
  int diff = sbx_rng_bell100(&r) * 40 / 100;
  int oral = clampi(overall + ww * diff / 100, sc.lo, sc.hi);
  int written = clampi(overall - wo * diff / 100, sc.lo, sc.hi);
  int gi = clampi(g, 0, 12);
  int ol = level4(ORAL_CUT[gi], oral), wl = level4(WRITTEN_CUT[gi], written);
  putf(t, F_SS, "%d", overall);
  putf(t, F_AL, "%d", level);
  putf(t, F_ORAL_SS, "%d", oral);
  putf(t, F_WRIT_SS, "%d", written);
  putf(t, F_ORAL_PL, "%d", ol);
  putf(t, F_WRIT_PL, "%d", wl);
  putf(t, F_SEM, "%d", sbx_rng_range(&r, 18, 30));
  putf(t, F_ORAL_CSEM, "%d", sbx_rng_range(&r, 25, 45));
  putf(t, F_WRIT_CSEM, "%d", sbx_rng_range(&r, 20, 38));
  int pls[4] = {domain_pl(&r, ol), domain_pl(&r, ol), domain_pl(&r, wl), domain_pl(&r, wl)};
  int raw_total = 0;
  for (int i = 0; i < 4; i++) {
    putf(t, (enum fld)(F_LPL + i), "%d", pls[i]);
    int raw = pls[i] * 5 + sbx_rng_range(&r, 0, 6);
    raw_total += raw;
    putf(t, (enum fld)(F_RAW1 + i), "%02d", raw);
    putf(t, (enum fld)(F_ITEMS1 + i), "%03d", sbx_rng_range(&r, 8, 24));
  }
  putf(t, F_OVERALL_RAW, "%d", raw_total);
  for (int j = 1; j <= 2 && k - j >= 0; j++) {
    const struct sbx_year *p = &s->yr[k - j];
    if (!p->esa || p->score[SBX_SUBJ_ELPAC] <= 0) continue;
    put_grade(t, j == 1 ? F_GA_M1 : F_GA_M2, p->grade);
    putf(t, j == 1 ? F_SS_M1 : F_SS_M2, "%d", p->score[SBX_SUBJ_ELPAC]);
    putf(t, j == 1 ? F_AL_M1 : F_AL_M2, "%d", p->level[SBX_SUBJ_ELPAC]);
  }
  return emit(t, SCORE_SUMMATIVE_ELPAC, k, cal ? cal->lea : -1, at->lea, err);
}

static const char *const IA_PL[] = {"", "Novice English Learner", "Intermediate English Learner",
                                    "Initial Fluent English Proficient (IFEP)"};
static const char *const IA_DOMAIN_PL[] = {"", "Beginning to develop",
                                           "Somewhat to moderately developed", "Well developed"};

static int initial_record(struct sbx_toms *t, const struct sbx_student *s, const struct demo *d,
                          int k, const struct sbx_span *cal, struct sb_err *err) {
  const struct sbx_year *y = &s->yr[k];
  const struct sbx_span *entry = first_primary(s, k);
  if (entry == NULL) return 0;
  struct sbx_rng r;
  sbx_rng_seed(&r, t->w->seed ^ SALT_TEST, (uint64_t)s->index * 64 + (uint64_t)k * 16 + 22);
  /* Within 30 days of enrolling, while still in the entry span. */
  int32_t td = sbx_ymd_add(entry->start, sbx_rng_range(&r, 5, 25));
  if (entry->exit != 0 && td >= entry->exit) td = sbx_ymd_add(entry->exit, -1);
  if (td < entry->start) td = entry->start;
  rec_clear(t);
  put(t, F_RT, "22");
  put_student(t, s, d, k, cal, entry, y->grade);
  put_ids(t, s, k, 22, &r, 4);
  int32_t last;
  elpac_parts(t, &r, entry, td, y->grade, &last);
  put_final(t, entry, last);
  put_date(t, F_REPORT_DATE, sbx_ymd_add(last, 14));
  int level = clampi(y->level[SBX_SUBJ_ELPAC_IA], 1, 3);
  putf(t, F_SS, "%d", y->score[SBX_SUBJ_ELPAC_IA]);
  put(t, F_AL, IA_PL[level]);
  int ol = clampi(level + (sbx_rng_chance(&r, 250) ? sbx_rng_range(&r, -1, 1) : 0), 1, 3);
  int wl = clampi(level + (sbx_rng_chance(&r, 250) ? sbx_rng_range(&r, -1, 1) : 0), 1, 3);
  put(t, F_ORAL_PL, IA_DOMAIN_PL[ol]);
  put(t, F_WRIT_PL, IA_DOMAIN_PL[wl]);
  put(t, F_CALC_ELAS, level == 3 ? "IFEP" : "EL");
  put(t, F_ELAS_TESTING, "TBD");
  put(t, F_TESTED_STATUS, "Y");
  put(t, F_ATTEMPT, "Y");
  put(t, F_INCLUDE, "Y");
  put(t, F_SSR_ELIG, "Y");
  put(t, F_FORCE, "N");
  put(t, F_ACCOM, "No");
  put(t, F_DESIG, "No");
  for (int i = 0; i < 4; i++) {
    putf(t, (enum fld)(F_RAW1 + i), "%02d", level * 6 + sbx_rng_range(&r, 0, 7));
    putf(t, (enum fld)(F_ITEMS1 + i), "%03d", sbx_rng_range(&r, 8, 22));
  }
  return emit(t, SCORE_INITIAL_ELPAC, k, cal ? cal->lea : -1, entry->lea, err);
}

int sbx_toms_add(struct sbx_toms *t, const struct sbx_student *s, struct sb_err *err) {
  struct demo d;
  draw_demo(t->w, s, &d);
  for (int k = 0; k < SBX_YEARS; k++) {
    const struct sbx_year *y = &s->yr[k];
    if (y->grade < 0) continue;
    int year = year_of(t->w, k);
    const struct sbx_span *cal = sbx_toms_calpads_span(t->w, s, k);
    const struct sbx_span *at = y->tested ? span_on(s, k, test_day(t->w, k)) : NULL;
    if (caaspp_year(t, s, &d, k, cal, at, err) != 0) return -1;
    if (at && y->esa) {
      if (summative_record(t, s, &d, k, cal, at, err) != 0) return -1;
    } else if (!at && cal && el_in_year(s, k, NULL) && codes_applies(CODE_TYPE, "ESA", year)) {
      if (summative_record(t, s, &d, k, cal, NULL, err) != 0) return -1;
    }
    if (at && y->eia && initial_record(t, s, &d, k, cal, err) != 0) return -1;
  }
  return 0;
}

/* ---- files ------------------------------------------------------------------------------ */

static int open_tmp(struct sbx_toms *t, struct out *o, char *path, const char *suffix, FILE **f,
                    char **vbuf, struct sb_err *err) {
  char name[SBX_TOMS_NAME_MAX + 32];
  snprintf(name, sizeof name, ".%s%s.part", o->info.base, suffix);
  if (fs_join(path, TOMS_PATH_MAX, t->dir, name) != 0)
    return sb_err_set(err, "toms: path too long: %s/%s", t->dir, name);
  *f = fopen(path, "wb");
  if (*f == NULL) return sb_err_set(err, "toms: cannot create %s: %s", path, strerror(errno));
  *vbuf = malloc(TOMS_IO_BUF);
  if (*vbuf) setvbuf(*f, *vbuf, _IOFBF, TOMS_IO_BUF);
  return 0;
}

struct sbx_toms *sbx_toms_open(const struct sbx_world *w, const char *dir, struct sb_err *err) {
  struct sbx_toms *t = calloc(1, sizeof *t);
  if (t == NULL) {
    sb_err_set(err, "toms: out of memory");
    return NULL;
  }
  t->w = w;
  if (strlen(dir) >= sizeof t->dir - SBX_TOMS_NAME_MAX - 40) {
    free(t);
    sb_err_set(err, "toms: directory path too long");
    return NULL;
  }
  snprintf(t->dir, sizeof t->dir, "%s", dir);
  for (size_t i = 0; i < score_columns_known_count && i < NLAYOUTS; i++)
    if (layout_init(&t->lays[i], &score_columns_known[i], err) != 0) goto fail;
  static const char *const BASIS[] = {"", "Enrolled", "Tested"};
  for (int f = SCORE_CAASPP; f <= SCORE_INITIAL_ELPAC; f++)
    for (int k = 0; k < SBX_YEARS; k++)
      for (int l = 0; l < w->nleas; l++)
        for (int b = SCORE_ENROLLED; b <= SCORE_TESTED; b++) {
          struct out *o = file_for(t, (enum score_family)f, k, l, (enum score_basis)b);
          t->nfiles++;
          o->info.family = (enum score_family)f;
          o->info.basis = (enum score_basis)b;
          o->info.year = year_of(w, k);
          o->info.lea = l;
          o->lay = layout_for(t, (enum score_family)f, o->info.year);
          if (o->lay == NULL) {
            sb_err_set(err, "toms: no known layout for %s %d", FAMILY_NAMES[f], o->info.year);
            goto fail;
          }
          snprintf(o->info.base, sizeof o->info.base, "%s0000000_%s_%sStudentScoreData_%d",
                   w->leas[l].code, FAMILY_FILE[f], BASIS[b], o->info.year);
          size_t bl = strlen(o->info.base);
          if (bl + 5 > sizeof o->info.name) {
            sb_err_set(err, "toms: file name too long");
            goto fail;
          }
          memcpy(o->info.name, o->info.base, bl);
          memcpy(o->info.name + bl, ".zip", 5);
          if (open_tmp(t, o, o->csv_tmp, "_DLMTR.CSV", &o->csv, &o->csv_buf, err) != 0 ||
              open_tmp(t, o, o->dat_tmp, ".dat", &o->dat, &o->dat_buf, err) != 0)
            goto fail;
          const struct score_columns *c = o->lay->cols;
          for (size_t i = 0; i < c->ncols; i++) {
            fputs(c->names[i], o->csv);
            fputs(i + 1 < c->ncols ? "^" : "\r\n", o->csv);
          }
        }
  return t;
fail:
  sbx_toms_free(t);
  return NULL;
}

int sbx_toms_nfiles(const struct sbx_toms *t) {
  return t->nfiles;
}

const struct sbx_toms_file *sbx_toms_file_at(const struct sbx_toms *t, int i) {
  return i >= 0 && i < t->nfiles ? &t->files[i].info : NULL;
}

static int close_file(FILE **f, char **vbuf, const char *path, struct sb_err *err) {
  int rc = 0;
  if (*f) {
    bool bad = ferror(*f) != 0;
    if (fclose(*f) != 0 || bad) rc = sb_err_set(err, "toms: cannot write %s", path);
  }
  *f = NULL;
  free(*vbuf);
  *vbuf = NULL;
  return rc;
}

/* README.txt of one ZIP: malloc'd text, *len its length; NULL when out of memory. */
static char *readme(const struct sbx_toms *t, const struct out *o, size_t *len) {
  const struct layout *l = o->lay;
  const struct sbx_lea *lea = &t->w->leas[o->info.lea];
  size_t cap = 4096 + l->cols->ncols * 80;
  char *b = malloc(cap);
  if (b == NULL) return NULL;
  size_t n = 0;
  int m = snprintf(
      b, cap,
      "SYNTHETIC DATA - written by `scorebridge sandbox` (seed %llu). No real students:\r\n"
      "names, identifiers, demographics and scores are invented.\r\n\r\n"
      "This ZIP imitates a TOMS %s Student Score Data File, report type \"%s\",\r\n"
      "administration year %d-%d, LEA %s0000000 %s.\r\n\r\n"
      "Files:\r\n"
      "  %s_DLMTR.CSV  caret (^) delimited, header row, CR LF, no quoting;\r\n"
      "      %ld records of %zu columns (the %d-%d layout's header row).\r\n"
      "  %s.dat  the same records in fixed width, no header, CR LF; record length %d.\r\n"
      "  README.txt  this description. Real TOMS ZIPs hold three files; what the third one\r\n"
      "      is was not found, so this file stands in for it.\r\n\r\n"
      "The .dat column widths below are inferred (the 2021-22 layout lengths where known,\r\n"
      "otherwise chosen to fit the values written). Values are left-aligned, space-padded.\r\n\r\n"
      "column  start  width  name\r\n",
      (unsigned long long)t->w->seed, FAMILY_NAMES[o->info.family],
      o->info.basis == SCORE_ENROLLED ? "By Enrolled LEA" : "By Tested LEA", o->info.year - 1,
      o->info.year, lea->code, lea->name, o->info.base, o->info.rows, l->cols->ncols,
      l->cols->year - 1, l->cols->year, o->info.base, l->reclen);
  if (m < 0 || (size_t)m >= cap) {
    free(b);
    return NULL;
  }
  n = (size_t)m;
  for (size_t i = 0; i < l->cols->ncols; i++) {
    m = snprintf(b + n, cap - n, "%6zu %6d %6d  %s\r\n", i + 1, l->start[i] + 1, l->width[i],
                 l->cols->names[i]);
    if (m < 0 || (size_t)m >= cap - n) {
      free(b);
      return NULL;
    }
    n += (size_t)m;
  }
  *len = n;
  return b;
}

/* Adds a source under name with fixed time, attributes and fast deflate. */
static int add_entry(zip_t *za, const char *name, zip_source_t *src, uint16_t dtime, uint16_t ddate,
                     struct sb_err *err) {
  if (src == NULL) return sb_err_set(err, "toms: zip source: %s", zip_strerror(za));
  zip_int64_t idx = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
  if (idx < 0) {
    zip_source_free(src);
    return sb_err_set(err, "toms: zip add %s: %s", name, zip_strerror(za));
  }
  zip_uint64_t i = (zip_uint64_t)idx;
  if (zip_set_file_compression(za, i, ZIP_CM_DEFLATE, 1) != 0 ||
      zip_file_set_dostime(za, i, dtime, ddate, 0) != 0 ||
      zip_file_set_external_attributes(za, i, 0, ZIP_OPSYS_UNIX, (zip_uint32_t)0100644 << 16) != 0)
    return sb_err_set(err, "toms: zip %s: %s", name, zip_strerror(za));
  return 0;
}

static int write_zip(struct sbx_toms *t, struct out *o, struct sb_err *err) {
  char path[TOMS_PATH_MAX], name[SBX_TOMS_NAME_MAX + 16];
  if (fs_join(path, sizeof path, t->dir, o->info.name) != 0)
    return sb_err_set(err, "toms: path too long: %s/%s", t->dir, o->info.name);
  int ze = 0;
  zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
  if (za == NULL) {
    zip_error_t e;
    zip_error_init_with_code(&e, ze);
    sb_err_set(err, "toms: cannot create %s: %s", path, zip_error_strerror(&e));
    zip_error_fini(&e);
    return -1;
  }
  /* Fixed time: July 1 of the administration year, 00:00 (DOS date and time). */
  uint16_t ddate = (uint16_t)(((o->info.year - 1980) << 9) | (7 << 5) | 1), dtime = 0;
  size_t rlen = 0;
  char *text = readme(t, o, &rlen);
  int rc = 0;
  if (text == NULL) rc = sb_err_set(err, "toms: out of memory");
  snprintf(name, sizeof name, "%s_DLMTR.CSV", o->info.base);
  if (rc == 0) rc = add_entry(za, name, zip_source_file(za, o->csv_tmp, 0, 0), dtime, ddate, err);
  snprintf(name, sizeof name, "%s.dat", o->info.base);
  if (rc == 0) rc = add_entry(za, name, zip_source_file(za, o->dat_tmp, 0, 0), dtime, ddate, err);
  if (rc == 0)
    rc = add_entry(za, "README.txt", zip_source_buffer(za, text, rlen, 0), dtime, ddate, err);
  if (rc == 0 && zip_close(za) != 0) {
    rc = sb_err_set(err, "toms: cannot write %s: %s", path, zip_strerror(za));
    zip_discard(za);
  } else if (rc != 0) {
    zip_discard(za);
  }
  free(text);
  return rc;
}

/* Compressing is most of the work: a few threads take the ZIPs one at a time. Each ZIP
 * depends only on its own files, so the bytes do not depend on the order. */
#define ZIP_THREADS_MAX 8

struct zip_pool {
  struct sbx_toms *t;
  pthread_mutex_t mu;
  int next;
  bool failed;
  struct sb_err err;
};

static void *zip_worker(void *arg) {
  struct zip_pool *p = arg;
  for (;;) {
    pthread_mutex_lock(&p->mu);
    int i = p->failed ? p->t->nfiles : p->next++;
    pthread_mutex_unlock(&p->mu);
    if (i >= p->t->nfiles) break;
    struct out *o = &p->t->files[i];
    struct sb_err e = {{0}};
    if (write_zip(p->t, o, &e) != 0) {
      pthread_mutex_lock(&p->mu);
      if (!p->failed) p->err = e;
      p->failed = true;
      pthread_mutex_unlock(&p->mu);
      break;
    }
    unlink(o->csv_tmp);
    unlink(o->dat_tmp);
    o->csv_tmp[0] = o->dat_tmp[0] = '\0';
  }
  return NULL;
}

int sbx_toms_finish(struct sbx_toms *t, struct sb_err *err) {
  for (int i = 0; i < t->nfiles; i++) {
    struct out *o = &t->files[i];
    if (close_file(&o->csv, &o->csv_buf, o->csv_tmp, err) != 0 ||
        close_file(&o->dat, &o->dat_buf, o->dat_tmp, err) != 0)
      return -1;
  }
  struct zip_pool p;
  memset(&p, 0, sizeof p);
  p.t = t;
  pthread_mutex_init(&p.mu, NULL);
  long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
  int n = ncpu < 1 ? 1 : ncpu > ZIP_THREADS_MAX ? ZIP_THREADS_MAX : (int)ncpu;
  pthread_t th[ZIP_THREADS_MAX];
  int started = 0;
  for (int i = 1; i < n; i++) {
    if (pthread_create(&th[started], NULL, zip_worker, &p) != 0) break;
    started++;
  }
  zip_worker(&p); /* this thread works too */
  for (int i = 0; i < started; i++)
    pthread_join(th[i], NULL);
  pthread_mutex_destroy(&p.mu);
  if (p.failed) {
    if (err) *err = p.err;
    return -1;
  }
  return 0;
}

void sbx_toms_free(struct sbx_toms *t) {
  if (t == NULL) return;
  for (int i = 0; i < SBX_TOMS_MAX_FILES; i++) {
    struct out *o = &t->files[i];
    if (o->csv) fclose(o->csv);
    if (o->dat) fclose(o->dat);
    free(o->csv_buf);
    free(o->dat_buf);
    if (o->csv_tmp[0]) unlink(o->csv_tmp);
    if (o->dat_tmp[0]) unlink(o->dat_tmp);
  }
  for (int i = 0; i < NLAYOUTS; i++) {
    free(t->lays[i].field);
    free(t->lays[i].width);
    free(t->lays[i].start);
  }
  free(t);
}
