/* population.h - the sandbox's synthetic world: LEAs, schools and students with three
 * years of enrollment spans and test results.
 *
 * Every student is a pure function of (seed, index): sbx_student_make draws it from its
 * own random stream, so students can be made one at a time, in any order, without
 * keeping the others in memory. SSIDs come from a keyed permutation of the index, so they
 * are unique without a lookup table, and sbx_ssid(w, students) is an SSID nobody has.
 * Dates are YYYYMMDD integers; administration year Y runs July 1 (Y-1) to June 30 Y.
 * Year index k = 0, 1, 2 stands for Y-2, Y-1, Y. Plain data; nothing to free. */
#ifndef SB_SANDBOX_POPULATION_H
#define SB_SANDBOX_POPULATION_H

#include <stdbool.h>
#include <stdint.h>

#include "sandbox/render.h"
#include "sandbox/scores.h"
#include "util/err.h"

#define SBX_YEARS 3
#define SBX_MAX_LEAS 6
#define SBX_MAX_SCHOOLS_PER_LEA 16
#define SBX_MAX_SCHOOLS (SBX_MAX_LEAS * SBX_MAX_SCHOOLS_PER_LEA)
#define SBX_MAX_SPANS 12

/* School bands: elementary KN-05, middle 06-08, high 09-12. */
enum sbx_band { SBX_ELEMENTARY, SBX_MIDDLE, SBX_HIGH, SBX_BANDS };

struct sbx_school {
  char code[8]; /* 7-digit school code */
  char name[64];
  int lea;  /* index into world.leas */
  int band; /* enum sbx_band */
};

struct sbx_lea {
  char code[8]; /* 7 digits: 2-digit county + 5-digit district */
  char name[64];
  char county_code[3];
  const char *county;                                /* county name (static) */
  int weight;                                        /* relative share of the students */
  int first_school[SBX_BANDS], nschools[SBX_BANDS];  /* indices into world.schools */
  int32_t first_day[SBX_YEARS], last_day[SBX_YEARS]; /* school calendar per year */
};

struct sbx_world {
  long students;
  uint64_t seed;
  int last_year; /* Y */
  int32_t today; /* inside administration year Y */
  int nleas;
  struct sbx_lea leas[SBX_MAX_LEAS];
  int nschools;
  struct sbx_school schools[SBX_MAX_SCHOOLS];
  int weight_total;
  uint64_t ssid_keys[4];
};

/* One SENR record. */
struct sbx_span {
  int32_t start;
  int32_t exit;    /* 0 while open */
  uint16_t school; /* index into world.schools */
  uint8_t lea;     /* index into world.leas */
  uint8_t k;       /* year index */
  uint8_t status;  /* 10 primary, 20 secondary */
  int8_t grade;    /* 0 = KN */
  char reason[5];  /* exit reason, "" while open */
  bool graduated;  /* completion status 100 (only with E230) */
  char uc_csu;     /* graduates: 'Y' or 'N' (SENR 1.29) */
  char seal_gs;    /* graduates: Golden State Seal Merit Diploma (1.32) */
  char seal_bil;   /* graduates: Seal of Biliteracy (1.33) */
};

/* What a student did in one year. */
struct sbx_year {
  int8_t grade;    /* -1 when not enrolled that year */
  bool tested;     /* enrolled (primary) on the year's test date */
  uint16_t school; /* school and LEA on the test date */
  uint8_t lea;
  bool sb, cast, esa, eia; /* which tests were taken */
  int16_t score[SBX_SUBJ_COUNT];
  int8_t level[SBX_SUBJ_COUNT];
};

/* Roles the generator can force on a student, so that small data sets still contain
 * one of each kind the examples need. */
enum sbx_role {
  SBX_ROLE_ANY,
  SBX_ROLE_CURRENT,   /* enrolled on `today`, CAASPP reports in all three years, bilingual */
  SBX_ROLE_TRANSFER,  /* mid-year transfer between LEAs (this year if today allows) */
  SBX_ROLE_LEFT,      /* left the sandbox's schools; no current enrollment */
  SBX_ROLE_SECONDARY, /* concurrent secondary (status 20) enrollment this year */
  SBX_ROLE_NO_SHOW,   /* an N470 no-show record this year */
  SBX_ROLE_GRADUATE,  /* graduated (E230 + 100) at the end of Y-1 */
  SBX_ROLE_EL,        /* English learner taking the Summative ELPAC */
  SBX_ROLE_COUNT
};

struct sbx_student {
  long index;
  char ssid[11];
  char local_id[16];            /* SENR 1.09 */
  uint16_t first, middle, last; /* name indices; middle 0xFFFF = none */
  char gender;                  /* M, F, X */
  int32_t birth;
  enum sbx_lang family; /* report language besides English (EN = none) */
  bool el;              /* English learner when first enrolled */
  int hs_cast_grade;    /* 10, 11 or 12 */
  /* Events, -1 when they did not happen. */
  int transfer_k;
  int32_t transfer_exit, transfer_start;
  uint8_t transfer_from, transfer_to;
  int left_k;
  int32_t left_date;
  char left_reason[5];
  int secondary_k;
  int no_show_k;
  int graduate_k;
  bool moved_in;
  int nspans;
  struct sbx_span spans[SBX_MAX_SPANS]; /* by year, then start date */
  struct sbx_year yr[SBX_YEARS];
};

/* Sets up LEAs, schools and calendars. last_year in 2019..2099 and today inside
 * administration year last_year (YYYYMMDD). Returns 0, or -1 with a message. */
int sbx_world_init(struct sbx_world *w, long students, uint64_t seed, int last_year, int32_t today,
                   struct sb_err *err);

/* The SSID of student `index` (0 <= index <= w->students; index == students gives the
 * SSID that exists nowhere in the data set). out gets 10 digits and a NUL. */
void sbx_ssid(const struct sbx_world *w, long index, char out[11]);

/* Draws student `index` into *s (role SBX_ROLE_ANY for the random mix). */
void sbx_student_make(const struct sbx_world *w, long index, enum sbx_role role,
                      struct sbx_student *s);

/* Name parts (static ASCII strings); middle is "" when the student has none. */
const char *sbx_first_name(const struct sbx_student *s);
const char *sbx_middle_name(const struct sbx_student *s);
const char *sbx_last_name(const struct sbx_student *s);

/* Date arithmetic on YYYYMMDD values. */
int32_t sbx_ymd_add(int32_t ymd, int days);

#endif
