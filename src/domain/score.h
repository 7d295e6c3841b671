/* score.h - one student's result on one state assessment, as kept from a TOMS Student
 * Score Data File (CAASPP, Summative ELPAC, Initial ELPAC; formats.md §2-3) for the
 * district dashboards. Plain data; no memory to free.
 *
 * Conventions: text fields are NUL-terminated and "" when the file left them blank;
 * Yes/No flags are 'Y', 'N' or 0 when blank; numbers are 0 when blank or "NS" (no score),
 * which the flags below tell apart where it matters. */
#ifndef SB_DOMAIN_SCORE_H
#define SB_DOMAIN_SCORE_H

#include <stdbool.h>

#define SCORE_NAME_MAX 104 /* a school or district name: 100 characters in the layout */

enum score_family {
  SCORE_CAASPP = 1,          /* record types 01-06, 09 */
  SCORE_SUMMATIVE_ELPAC = 2, /* 21 Summative ELPAC, 23 Summative Alternate ELPAC */
  SCORE_INITIAL_ELPAC = 3,   /* 22 Initial ELPAC, 24 Initial Alternate ELPAC */
};

/* TOMS "report type": students enrolled in the LEA (per CALPADS) or tested by it. */
enum score_basis {
  SCORE_ENROLLED = 1,
  SCORE_TESTED = 2,
};

struct score_record {
  /* keys */
  int year; /* administration year: 2025 for 2024-25 */
  enum score_family family;
  char record_type[3]; /* "01".."09", "21".."24" */
  char ssid[11];
  char uin[17];
  /* where: CALPADS (enrolled) and final tested LEA (7 digits) and school (14-digit CDS) */
  char lea[8];
  char school[15];
  char tested_lea[8]; /* "" when not tested */
  char tested_school[15];
  /* the names the file gives those codes (UTF-8, cut at a character to fit; "" when
   * blank): not kept with the row, only in the store's directory of names */
  char lea_name[SCORE_NAME_MAX];
  char school_name[SCORE_NAME_MAX];
  char tested_school_name[SCORE_NAME_MAX];
  char grade_assessed[3]; /* KN, 01..12 */
  char calpads_grade[3];
  /* demographics */
  char gender; /* F, M, X */
  char hispanic, american_indian, asian, pacific_islander, filipino, black, white, two_or_more;
  char ethnicity[4]; /* reporting ethnicity: 100..800 */
  char el_status;    /* Y/N */
  char elas[5];      /* EO, IFEP, RFEP, EL, ADEL, TBD */
  char economic_disadvantage, disability /* IDEA special education */, section504, migrant,
      military, foster, homeless;
  char parent_education[3]; /* 10..15 */
  /* test event */
  char condition_code[5]; /* PGE, NTE, NT, LOSS, NEL, INC0, INC1, NER, ALT, EXD or "" */
  char attemptedness;     /* N, P, Y or 0 */
  char include_indicator; /* N, E, T, R, Y or 0 */
  /* scores (0 = none) */
  int scale_score; /* CAASPP scale score; ELPAC overall scale score */
  int sem;         /* standard error of measurement (SB) / overall CSEM (ELPAC) */
  int level;       /* achievement level: SB/CAST 1-4, CAA/CSA 1-3, ELPAC overall 1-4,
                      Initial ELPAC 1 Novice, 2 Intermediate, 3 IFEP; 9 = no score */
  char claim[4];   /* SB claim or composite-claim levels 1-3, '9', or 0 (claims 1-4) */
  char domain[4];  /* CAST/CAA Science domain levels 1-3; Summative ELPAC domain levels
                      1-3 (listening, speaking, reading, writing); 0 when blank */
  char lexile[8];  /* Lexile (ELA) or Quantile (math) measure, e.g. "1045L", "900Q" */
  int oral_score, written_score; /* ELPAC composites */
  int oral_level, written_level; /* Summative 1-4; Initial 1-3 */
};

#endif
