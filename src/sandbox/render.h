/* render.h - renders one sandbox score report file: a PDF (through pdf.h), a
 * device-adaptive HTML page (one content area) or a VIDEO page (an HTML page standing
 * for the narrated video: a player placeholder and the narration script).
 *
 * Content follows shared/reference/ssr-content.md: student information, test, year,
 * grade, school and LEA, each content area's scale score, achievement level number and
 * label, the grade's score range and a level bar, and the score history. HTML and VIDEO
 * pages are self-contained UTF-8 (inline CSS, no external resources) with <html lang>
 * and dir="rtl" for Arabic, and carry translated labels; PDFs are ASCII and use English
 * labels with a line naming the report language. Output is a pure function of the
 * view: same view, same bytes. The caller owns the output buffer. */
#ifndef SB_SANDBOX_RENDER_H
#define SB_SANDBOX_RENDER_H

#include <stdbool.h>
#include <stdint.h>

#include "sandbox/scores.h"
#include "util/buf.h"
#include "util/err.h"

/* Report types the sandbox makes (API table 1 codes). */
enum sbx_type { SBX_TYPE_CAASPP, SBX_TYPE_CAST, SBX_TYPE_ESA, SBX_TYPE_EIA, SBX_TYPE_COUNT };
/* Formats (API table 3). */
enum sbx_format { SBX_FMT_PDF, SBX_FMT_HTML, SBX_FMT_VIDEO, SBX_FMT_COUNT };
/* Report languages (API table 2), English first. */
enum sbx_lang {
  SBX_LANG_EN,
  SBX_LANG_ES,
  SBX_LANG_VI,
  SBX_LANG_ZH,
  SBX_LANG_FL,
  SBX_LANG_KR,
  SBX_LANG_AR,
  SBX_LANG_COUNT
};

/* The API codes ("CAASPP", "PDF", "ES"): static strings. */
const char *sbx_type_code(enum sbx_type t);
const char *sbx_format_code(enum sbx_format f);
const char *sbx_lang_code(enum sbx_lang l);
/* The language's English name ("Spanish"): static string. */
const char *sbx_lang_name(enum sbx_lang l);

/* Achievement level label of a subject's level (1..4, or 1..3 for Initial ELPAC) in
 * administration year `year`, in language l (UTF-8, static). Smarter Balanced and CAST
 * labels are "Standard Exceeded / Met / Nearly Met / Not Met" through 2025 and
 * "Advanced / Proficient / Developing / Minimal" from 2026 (ssr-content.md §1.11). */
const char *sbx_level_label(enum sbx_subject s, int year, enum sbx_lang l, int level);

/* One administration of a subject in the score history. */
struct sbx_hist {
  int year, grade, score, level;
};

/* One content area's result. hist holds up to three administrations, oldest first; the
 * last one is this report's (nhist >= 1). */
struct sbx_result {
  enum sbx_subject subject;
  int score, level;
  int nhist;
  struct sbx_hist hist[3];
};

/* Everything printed on one report file. Strings are UTF-8 and borrowed. */
struct sbx_view {
  enum sbx_type type;
  enum sbx_format format;
  enum sbx_lang lang;
  int year;    /* administration year */
  int grade;   /* 0 = KN */
  bool shared; /* a template standing for every student with the same key: no name */
  const char *first_name, *last_name, *ssid;
  int32_t birth; /* YYYYMMDD, 0 to leave out */
  const char *school, *lea;
  int nresults; /* 1 or 2 (CAASPP PDF and VIDEO: ELA then mathematics) */
  struct sbx_result results[2];
};

/* Renders v into out (appending). Returns 0, or -1 with a message when the view is
 * inconsistent or out is full. */
int sbx_render(const struct sbx_view *v, struct buf *out, struct sb_err *err);

#endif
