/* sandbox.h - `scorebridge sandbox`: writes a deterministic synthetic data set.
 *
 * What lands in out_dir (created if missing; files of an earlier run are overwritten,
 * files it had that this run does not make are left alone):
 *   senr/senr_<Y-3>-<Y-2>.txt, senr_<Y-2>-<Y-1>.txt, senr_<Y-1>-<Y>.txt
 *       CALPADS SENR feeds (formats.md §4: 35 caret-separated fields, no header, CR LF),
 *       one full snapshot per administration year of every sandbox LEA's enrollments;
 *       import them oldest first (sandbox_result.senr_paths order).
 *   reports/manifest.csv
 *       ssid,type,lang,year,format,content_area,grade,final,path: one row per (student,
 *       report); paths are relative to reports/.
 *   reports/files/<year>/<2 digits>/...   one report file per row (small data sets), or
 *   reports/shared/<year>/...             shared template files keyed by (year, type,
 *       grade, language, format, content area, achievement level) when students >
 *       shared_above: the manifest points many rows at one file, so a million students
 *       stay within a few GB.
 *   scores/<CDS14>_<family>_Student_Score_Data_File_<Enrolled|Tested>StudentScoreData_<Y>.zip
 *       TOMS Student Score Data Files (CAASPP, Summative ELPAC, Initial ELPAC) per LEA,
 *       year and report type: caret CSV + fixed-width .dat + README.txt (toms.h).
 *   sandbox.json
 *       LEAs with names and schools, the file list (score files with family, basis, year,
 *       LEA and rows), counts and example SSIDs with what
 *       each demonstrates (read by the demo and the end-to-end tests).
 *
 * Reports exist for every year a student was enrolled on the year's test day (April 15,
 * or `today` in the newest year when that is earlier), so the newest year has reports
 * whatever `today` is; some of its reports are preliminary (final=false).
 *
 * Same options => byte-identical files on any machine: the generator uses its own PRNG
 * (rng.h), integer arithmetic and no clock. The result struct is plain data owned by
 * the caller; nothing to free. */
#ifndef SB_SANDBOX_SANDBOX_H
#define SB_SANDBOX_SANDBOX_H

#include <stdbool.h>
#include <stdint.h>

#include "util/err.h"

#define SANDBOX_PATH_MAX 4096
#define SANDBOX_YEARS 3
#define SANDBOX_MAX_LEAS 6
#define SANDBOX_MAX_SCHOOLS 16
#define SANDBOX_MAX_STUDENTS 2000000L
#define SANDBOX_DEFAULT_SHARED_ABOVE 20000L
#define SANDBOX_DEFAULT_YEAR 2025
#define SANDBOX_MAX_SCORE_FILES (3 * 2 * SANDBOX_YEARS * SANDBOX_MAX_LEAS)

struct sandbox_opts {
  long students;       /* 1 .. SANDBOX_MAX_STUDENTS */
  uint64_t seed;       /* any value */
  const char *out_dir; /* created if missing */
  int last_year;       /* newest administration year Y (school year ending June Y); the data
                          covers Y-2, Y-1, Y. 0: the year containing `today`, or
                          SANDBOX_DEFAULT_YEAR when today is 0 too */
  int32_t today;       /* YYYYMMDD inside year Y: the current-year feed is as of this day
                          (enrollments open on it). 0: June 1 of Y */
  long shared_above;   /* report files are shared templates when students > this; 0 means
                          SANDBOX_DEFAULT_SHARED_ABOVE; negative: always shared */
};

/* The examples sandbox.json lists, each showing one behaviour of the API. */
enum sandbox_example_kind {
  SANDBOX_EX_CURRENT,         /* enrolled today, reports in all years, bilingual */
  SANDBOX_EX_TRANSFER,        /* moved between LEAs mid-year (T160, new span days later) */
  SANDBOX_EX_LEFT,            /* left the sandbox's schools: no current enrollment */
  SANDBOX_EX_MISSING,         /* an SSID that exists nowhere: 404 */
  SANDBOX_EX_SECONDARY,       /* concurrent secondary (status 20) enrollment in another LEA */
  SANDBOX_EX_NO_SHOW,         /* an N470 no-show record that grants no access */
  SANDBOX_EX_GRADUATE,        /* graduated (E230, completion 100) */
  SANDBOX_EX_ENGLISH_LEARNER, /* Summative ELPAC (ESA) reports */
  SANDBOX_EX_COUNT
};

struct sandbox_example {
  bool found;
  char ssid[11];
  char lea[8];       /* LEA that has the student now (current, transfer, secondary, EL) or
                        had last (left, graduate); for no-show the LEA of the no-show record;
                        "" for missing */
  char other_lea[8]; /* transfer: the LEA left; secondary: the secondary enrollment's LEA;
                        no-show: the LEA actually attended */
  int year;          /* administration year of the event (0 when none) */
  int32_t date;      /* the event's exit date (transfer, left, graduate, no-show) */
  int32_t date2;     /* transfer: start of the new span; secondary: its start */
  char reason[5];    /* exit reason of the event */
  long reports;      /* manifest rows of the student */
  char current_leas[SANDBOX_MAX_LEAS][8]; /* LEAs with a current enrollment on `today` */
  int ncurrent;
  char last_lea[SANDBOX_YEARS][8]; /* last enrolled LEA per year ("" when none) */
  char what[320];                  /* one sentence: what the example demonstrates */
};

struct sandbox_school_info {
  char code[8];
  char name[64];
  char grades[8]; /* "KN-05", "06-08", "09-12" */
};

struct sandbox_lea_info {
  char code[8];
  char name[64];
  char county_code[3];
  char county[32];
  int nschools;
  struct sandbox_school_info schools[SANDBOX_MAX_SCHOOLS];
};

/* One TOMS score data ZIP written under scores/. */
struct sandbox_score_file {
  char family[16]; /* "CAASPP", "Summative ELPAC", "Initial ELPAC" */
  char basis[10];  /* "Enrolled", "Tested" */
  int year;        /* administration year */
  char lea[8];
  long rows;      /* data records in the CSV (and .dat) */
  char path[192]; /* relative to out_dir: "scores/....zip" */
};

struct sandbox_result {
  long students;
  uint64_t seed;
  int last_year;
  int32_t today;
  int years[SANDBOX_YEARS];                         /* oldest first */
  char senr_paths[SANDBOX_YEARS][SANDBOX_PATH_MAX]; /* import in this order */
  long senr_rows[SANDBOX_YEARS];
  char manifest_path[SANDBOX_PATH_MAX];
  char json_path[SANDBOX_PATH_MAX];
  long reports;    /* manifest rows */
  long files;      /* report files written */
  long long bytes; /* bytes of report files written */
  bool shared;     /* report files are shared templates */
  long enrolled_today, transfers, left, secondary, no_shows, graduates, english_learners;
  int nleas;
  struct sandbox_lea_info leas[SANDBOX_MAX_LEAS];
  struct sandbox_example examples[SANDBOX_EX_COUNT];
  int nscore_files;
  long score_rows; /* data records over all score files */
  struct sandbox_score_file score_files[SANDBOX_MAX_SCORE_FILES];
};

/* Fills o with the defaults: 1,000 students, seed 1, no out_dir, year from today. */
void sandbox_opts_init(struct sandbox_opts *o);

/* The JSON key of an example kind ("current", "transfer", "left", "missing", ...). */
const char *sandbox_example_name(enum sandbox_example_kind k);

/* Generates the data set described above into o->out_dir and fills *res. Returns 0, or
 * -1 with a message (bad options, a file that cannot be written). On failure some files
 * may have been written. */
int sandbox_generate(const struct sandbox_opts *o, struct sandbox_result *res, struct sb_err *err);

#endif
