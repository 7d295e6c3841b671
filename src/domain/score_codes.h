/* score_codes.h - code sets, scale-score ranges and achievement-level cut scores of the
 * state assessments in the TOMS Student Score Data Files (formats.md §1.4, §2.2, §2.5,
 * §2.7, §3.1, §3.2, §3.5). Pure tables and functions: no state, no memory to free. Used
 * by the file reader (ingest/scorefile) to validate rows and by the dashboards (achievement
 * level from a scale score, Distance from Standard).
 *
 * Record types are the two-character codes of the files: "01" SB ELA, "02" SB math,
 * "03" CAA ELA, "04" CAA math, "05" CAA for Science, "06" CAST, "09" CSA, "21" Summative
 * ELPAC, "22" Initial ELPAC, "23" Summative Alternate ELPAC, "24" Initial Alternate ELPAC.
 * Grades are numbers: 0 for kindergarten (KN), 1..12. */
#ifndef SB_DOMAIN_SCORE_CODES_H
#define SB_DOMAIN_SCORE_CODES_H

#include <stdbool.h>

#include "domain/score.h"

/* The family of a record type, or 0 when rt is not a known record type. */
enum score_family score_record_type_family(const char *rt);
/* "Smarter Balanced ELA", "CAST", ... for messages; "unknown test" when not known. */
const char *score_record_type_name(const char *rt);

/* "KN" -> 0, "01".."12" -> 1..12; -1 for anything else (TK, blank, ...). */
int score_grade_number(const char *g);

struct score_range {
  int lo, hi; /* inclusive */
};

/* The valid scale-score range of test rt in grade (year = spring year of the
 * administration; 0 = current; SB before 2021 had other lowest/highest obtainable
 * scores). For Summative ELPAC the range covers the overall and both composite scores.
 * Returns 0, or -1 when the test has no form for that grade (e.g. SB grade 9). Tests whose
 * scale is not published (CAA for Science, the Alternate ELPACs) get 1..9999. */
int score_scale_range(const char *rt, int grade, int year, struct score_range *out);

/* The lowest scale score of Level 3 ("Standard Met") for SB ELA ("01") or math ("02") in
 * grade (3-8, 11): the point Distance from Standard is measured from. -1 otherwise. */
int score_level3_min(const char *rt, int grade);

/* The achievement level a scale score earns: SB and CAST 1-4, CAA and CSA 1-3, Summative
 * ELPAC overall 1-4, Initial ELPAC 1 Novice, 2 Intermediate, 3 IFEP. 0 when the score is
 * outside the range or the test has no published cut scores. */
int score_level_from_scale(const char *rt, int grade, int year, int scale);

/* Code sets that depend on the test (formats.md §2.5, §3.1). Blank ("") is valid in each
 * (not tested / not applicable). */
bool score_condition_valid(const char *rt, const char *code);
bool score_include_valid(const char *rt, const char *code);
bool score_attemptedness_valid(const char *rt, const char *code);
/* Numeric achievement level codes: SB/CAST 1-4 and 9; CAA, CAAS, CSA 1-3 and 9;
 * Summative ELPAC 1-4, Summative Alternate 1-3 (and "NS"). Not for Initial ELPAC (text). */
bool score_level_code_valid(const char *rt, const char *code);
/* The grade codes GradeAssessed may hold in the family: CAASPP 03-12, ELPAC KN-12. */
bool score_grade_assessed_valid(enum score_family f, const char *g);

/* Code sets shared by every file: gender F/M/X; reporting ethnicity 100..800; parent
 * education 10..15; ELAS EO/IFEP/RFEP/EL/ADEL/TBD; CALPADS grade TK, KN, 01-12, UE, US,
 * PS, AD, IN, TD. Blank is valid in none of these; callers decide. */
bool score_gender_valid(const char *s);
bool score_ethnicity_valid(const char *s);
bool score_parent_education_valid(const char *s);
bool score_elas_valid(const char *s);
bool score_calpads_grade_valid(const char *s);

#endif
