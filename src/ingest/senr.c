/* senr.c - see senr.h.
 *
 * Field shapes checked here (formats.md §4.2-4.3; "blank" = empty field):
 *   1.01 SENR                      1.02 blank, space, A, D, R
 *   1.04, 1.05 7 digits            1.06 blank or 7 digits (required for 1.05 = 0000001)
 *   1.07 YYYY-YYYY, consecutive, second year 1990..2100
 *   1.08 10 digits                 1.17, 1.22 CCYYMMDD, required
 *   1.18 M, F, X                   1.23 10, 20, 30, 50
 *   1.24 TK KN 01-12 UE US PS AD IN TD
 *   1.25 blank or CCYYMMDD         1.26 blank or E/N/T + 3 digits (the known code list
 *                                  is partial, so any code of that shape passes)
 *   1.27 blank or 3 digits         1.28, 1.31 blank or 7 digits
 *   1.29, 1.32-1.35 blank, Y, N    1.30 blank or one digit */
#include "ingest/senr.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "domain/ids.h"
#include "ingest/csvread.h"
#include "util/clock.h"

enum {
  F_RECORD_TYPE,
  F_TXN,
  F_LOCAL_RECORD_ID,
  F_LEA,
  F_SCHOOL,
  F_SCHOOL_NPS,
  F_ACADEMIC_YEAR,
  F_SSID,
  F_LOCAL_STUDENT_ID,
  F_FIRST_NAME,
  F_MIDDLE_NAME,
  F_LAST_NAME,
  F_NAME_SUFFIX,
  F_ALIAS_FIRST,
  F_ALIAS_MIDDLE,
  F_ALIAS_LAST,
  F_BIRTH_DATE,
  F_GENDER,
  F_BIRTH_CITY,
  F_BIRTH_STATE,
  F_BIRTH_COUNTRY,
  F_START_DATE,
  F_STATUS,
  F_GRADE,
  F_EXIT_DATE,
  F_EXIT_REASON,
  F_COMPLETION,
  F_EXPECTED_RECEIVER,
  F_UC_CSU,
  F_TRANSFER,
  F_RESIDENCE,
  F_GOLDEN_STATE_SEAL,
  F_BILITERACY_SEAL,
  F_ADULT_TRANSITION,
  F_GRAD_EXEMPTION,
};

static const char *const NAMES[SENR_NFIELDS] = {
    "Record Type Code",
    "Transaction Type Code",
    "Local Record ID",
    "Reporting LEA",
    "School of Attendance",
    "School of Attendance NPS",
    "Academic Year ID",
    "SSID",
    "Local Student ID",
    "Student Legal First Name",
    "Student Legal Middle Name",
    "Student Legal Last Name",
    "Student Legal Name Suffix Code",
    "Student Alias First Name",
    "Student Alias Middle Name",
    "Student Alias Last Name",
    "Student Birth Date",
    "Student Gender Code",
    "Student Birth City",
    "Student Birth State Province Code",
    "Student Birth Country Code",
    "Enrollment Start Date",
    "Enrollment Status Code",
    "Grade Level Code",
    "Enrollment Exit Date",
    "Student Exit Reason Code",
    "Student School Completion Status Code",
    "Expected Receiver School of Attendance",
    "Student Met All UC/CSU Requirements Indicator",
    "Student School Transfer Code",
    "District of Geographic Residence Code",
    "Student Golden State Seal Merit Diploma Indicator",
    "Student Seal of Biliteracy Indicator",
    "Adult Age Students with Disabilities in Transition Status",
    "Graduation Exemption Indicator",
};

/* Personal data whose value never appears in a message. */
static bool is_personal(int f) {
  return f >= F_FIRST_NAME && f <= F_BIRTH_COUNTRY;
}

struct ctx {
  const char *const *f;
  const size_t *len;
  struct sb_err *err;
};

static int bad(const struct ctx *c, int f, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "field 1.23 Enrollment Status Code: '40' <reason>". */
static int bad(const struct ctx *c, int f, const char *fmt, ...) {
  char reason[256], val[CSVREAD_SHOW_MAX + 4];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(reason, sizeof reason, fmt, ap);
  va_end(ap);
  if (c->len[f] == 0)
    return sb_err_set(c->err, "field 1.%02d %s: blank %s", f + 1, NAMES[f], reason);
  if (is_personal(f))
    return sb_err_set(c->err, "field 1.%02d %s: the value (withheld) %s", f + 1, NAMES[f], reason);
  csvread_show(val, c->f[f], c->len[f]);
  return sb_err_set(c->err, "field 1.%02d %s: '%s' %s", f + 1, NAMES[f], val, reason);
}

static bool blank(const struct ctx *c, int f) {
  return c->len[f] == 0;
}

static bool is(const struct ctx *c, int f, const char *s) {
  return strcmp(c->f[f], s) == 0;
}

/* Free text: valid UTF-8, at most max characters (max_bytes for byte-capped fields). */
static int text(const struct ctx *c, int f, size_t max_chars, size_t max_bytes) {
  const char *s = c->f[f];
  size_t n = c->len[f];
  if (n > max_bytes) return bad(c, f, "is longer than %zu bytes", max_bytes);
  size_t ascii = 0;
  while (ascii < n && (unsigned char)s[ascii] < 0x80)
    ascii++;
  size_t chars = ascii;
  if (ascii < n) {
    if (!csvread_utf8_valid(s + ascii, n - ascii)) return bad(c, f, "is not valid UTF-8");
    for (size_t i = ascii; i < n; i++)
      if (((unsigned char)s[i] & 0xc0) != 0x80) chars++;
  }
  if (chars > max_chars) return bad(c, f, "is longer than %zu characters", max_chars);
  return 0;
}

/* Exactly n digits, or blank when optional. Copies into out (n + 1 bytes). */
static int digits(const struct ctx *c, int f, int n, bool optional, char *out, const char *what) {
  if (blank(c, f)) {
    if (!optional) return bad(c, f, "but %s is required", what);
    out[0] = '\0';
    return 0;
  }
  if (!ids_all_digits(c->f[f], n)) return bad(c, f, "is not %s", what);
  memcpy(out, c->f[f], (size_t)n + 1);
  return 0;
}

static int date(const struct ctx *c, int f, bool optional, int32_t *out) {
  *out = 0;
  if (blank(c, f)) return optional ? 0 : bad(c, f, "but a CCYYMMDD date is required");
  if (clock_parse_ccyymmdd(c->f[f], out) != 0) return bad(c, f, "is not a valid CCYYMMDD date");
  return 0;
}

static int yes_no(const struct ctx *c, int f) {
  if (blank(c, f) || is(c, f, "Y") || is(c, f, "N")) return 0;
  return bad(c, f, "is not blank, Y or N");
}

static int academic_year(const struct ctx *c, int *out) {
  const char *s = c->f[F_ACADEMIC_YEAR];
  int a = 0, b = 0;
  bool shape = c->len[F_ACADEMIC_YEAR] == 9 && s[4] == '-';
  for (int i = 0; shape && i < 4; i++) {
    if (s[i] < '0' || s[i] > '9' || s[5 + i] < '0' || s[5 + i] > '9') shape = false;
    a = a * 10 + (s[i] - '0');
    b = b * 10 + (s[5 + i] - '0');
  }
  if (!shape) return bad(c, F_ACADEMIC_YEAR, "is not YYYY-YYYY (e.g. 2024-2025)");
  if (b != a + 1)
    return bad(c, F_ACADEMIC_YEAR, "does not name two consecutive years (e.g. 2024-2025)");
  if (b < 1990 || b > 2100) return bad(c, F_ACADEMIC_YEAR, "is outside 1989-1990..2099-2100");
  *out = b;
  return 0;
}

static bool valid_grade(const char *g) {
  static const char *const GRADES[] = {"TK", "KN", "01", "02", "03", "04", "05", "06", "07", "08",
                                       "09", "10", "11", "12", "UE", "US", "PS", "AD", "IN", "TD"};
  for (size_t i = 0; i < sizeof GRADES / sizeof GRADES[0]; i++)
    if (strcmp(g, GRADES[i]) == 0) return true;
  return false;
}

/* Fields one at a time, in order. */
static int check_fields(const struct ctx *c, struct senr_record *out) {
  struct enrollment_span *sp = &out->span;
  if (!is(c, F_RECORD_TYPE, "SENR")) return bad(c, F_RECORD_TYPE, "is not SENR");

  if (blank(c, F_TXN) || is(c, F_TXN, " ") || is(c, F_TXN, "A"))
    out->txn = SENR_ADD;
  else if (is(c, F_TXN, "D"))
    out->txn = SENR_DELETE;
  else if (is(c, F_TXN, "R"))
    out->txn = SENR_REPLACE;
  else
    return bad(c, F_TXN, "is not blank, a space, A, D or R");

  if (text(c, F_LOCAL_RECORD_ID, 255, 255)) return -1;
  if (digits(c, F_LEA, LEA_LEN, false, sp->lea, "a 7-digit LEA code")) return -1;
  if (digits(c, F_SCHOOL, SCHOOL_LEN, false, sp->school, "a 7-digit school code")) return -1;
  if (digits(c, F_SCHOOL_NPS, SCHOOL_LEN, true, out->school_nps, "a 7-digit school code"))
    return -1;
  if (is(c, F_SCHOOL, "0000001") && blank(c, F_SCHOOL_NPS))
    return bad(c, F_SCHOOL_NPS,
               "but it is required when 1.05 School of Attendance is 0000001 (nonpublic "
               "school)");
  if (academic_year(c, &sp->academic_year)) return -1;
  if (digits(c, F_SSID, SSID_LEN, false, sp->ssid, "a 10-digit SSID")) return -1;
  if (text(c, F_LOCAL_STUDENT_ID, 255, 255)) return -1;

  static const int names[] = {F_FIRST_NAME,  F_MIDDLE_NAME,  F_LAST_NAME,
                              F_ALIAS_FIRST, F_ALIAS_MIDDLE, F_ALIAS_LAST};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (text(c, names[i], 50, 200)) return -1;
  if (text(c, F_NAME_SUFFIX, 10, 40)) return -1;
  int32_t birth;
  if (date(c, F_BIRTH_DATE, false, &birth)) return -1;
  if (!is(c, F_GENDER, "M") && !is(c, F_GENDER, "F") && !is(c, F_GENDER, "X"))
    return bad(c, F_GENDER, "is not M, F or X");
  if (text(c, F_BIRTH_CITY, 50, 200)) return -1;
  if (text(c, F_BIRTH_STATE, 10, 40)) return -1;
  if (text(c, F_BIRTH_COUNTRY, 10, 40)) return -1;

  if (date(c, F_START_DATE, false, &sp->start)) return -1;
  if (is(c, F_STATUS, "10"))
    sp->status = ENROLL_PRIMARY;
  else if (is(c, F_STATUS, "20"))
    sp->status = ENROLL_SECONDARY;
  else if (is(c, F_STATUS, "30"))
    sp->status = ENROLL_SHORT_TERM;
  else if (is(c, F_STATUS, "50"))
    sp->status = ENROLL_NON_ADA;
  else
    return bad(c, F_STATUS, "is not one of 10, 20, 30, 50");
  if (!valid_grade(c->f[F_GRADE]))
    return bad(c, F_GRADE, "is not one of TK, KN, 01-12, UE, US, PS, AD, IN, TD");
  memcpy(sp->grade, c->f[F_GRADE], 3);
  if (date(c, F_EXIT_DATE, true, &sp->exit)) return -1;

  const char *r = c->f[F_EXIT_REASON];
  if (!blank(c, F_EXIT_REASON)) {
    if (c->len[F_EXIT_REASON] != 4 || (r[0] != 'E' && r[0] != 'N' && r[0] != 'T') ||
        !ids_all_digits(r + 1, 3))
      return bad(c, F_EXIT_REASON, "is not an exit reason code (E, N or T and 3 digits)");
    memcpy(sp->exit_reason, r, 5);
  } else {
    sp->exit_reason[0] = '\0';
  }
  if (!blank(c, F_COMPLETION) && !ids_all_digits(c->f[F_COMPLETION], 3))
    return bad(c, F_COMPLETION, "is not blank or 3 digits");
  memcpy(out->completion_status, c->f[F_COMPLETION], c->len[F_COMPLETION] + 1);
  if (digits(c, F_EXPECTED_RECEIVER, SCHOOL_LEN, true, out->expected_receiver,
             "a 7-digit school code"))
    return -1;
  if (yes_no(c, F_UC_CSU)) return -1;
  if (!blank(c, F_TRANSFER) &&
      (c->len[F_TRANSFER] != 1 || c->f[F_TRANSFER][0] < '0' || c->f[F_TRANSFER][0] > '9'))
    return bad(c, F_TRANSFER, "is not blank or one digit");
  if (digits(c, F_RESIDENCE, LEA_LEN, true, out->residence_district, "a 7-digit LEA code"))
    return -1;
  for (int f = F_GOLDEN_STATE_SEAL; f <= F_GRAD_EXEMPTION; f++)
    if (yes_no(c, f)) return -1;
  return 0;
}

/* Rules across fields. */
static int check_rules(const struct ctx *c, const struct senr_record *out) {
  const struct enrollment_span *sp = &out->span;
  bool has_exit = sp->exit != 0, has_reason = sp->exit_reason[0] != '\0';
  if (has_exit && !has_reason)
    return bad(c, F_EXIT_REASON, "but it is required when 1.25 Enrollment Exit Date is given");
  if (has_reason && !has_exit)
    return bad(c, F_EXIT_REASON, "is given but 1.25 Enrollment Exit Date is blank");
  if (out->completion_status[0] && strcmp(sp->exit_reason, "E230") != 0)
    return bad(c, F_COMPLETION, "is only allowed with exit reason E230 (the exit reason is %s)",
               has_reason ? sp->exit_reason : "blank");
  if (has_exit && sp->exit < sp->start) {
    bool n470 = strcmp(sp->exit_reason, "N470") == 0;
    int64_t e = clock_days_from_civil(sp->exit / 10000, sp->exit / 100 % 100, sp->exit % 100);
    int64_t s = clock_days_from_civil(sp->start / 10000, sp->start / 100 % 100, sp->start % 100);
    if (!n470)
      return bad(c, F_EXIT_DATE, "is before 1.22 Enrollment Start Date %d", (int)sp->start);
    if (e < s - 1)
      return bad(c, F_EXIT_DATE,
                 "is more than one day before 1.22 Enrollment Start Date %d (exit reason N470 "
                 "allows one day before)",
                 (int)sp->start);
  }
  if (sp->status == ENROLL_SECONDARY && has_reason && strcmp(sp->exit_reason, "E170") != 0)
    return bad(c, F_EXIT_REASON,
               "is not allowed for a secondary enrollment (1.23 = 20), which exits only with "
               "E170");
  return 0;
}

int senr_parse_record(const char *const *fields, const size_t *lens, size_t nfields,
                      struct senr_record *out, struct sb_err *err) {
  if (nfields != SENR_NFIELDS)
    return sb_err_set(err, "record has %zu fields; a SENR record has exactly %d", nfields,
                      SENR_NFIELDS);
  memset(out, 0, sizeof *out);
  struct ctx c = {fields, lens, err};
  if (check_fields(&c, out) != 0 || check_rules(&c, out) != 0) return -1;
  return 0;
}

void senr_to_enrollment(const struct senr_record *rec, struct enrollment_span *out) {
  *out = rec->span;
}

/* ---- reader ---- */

struct reader {
  senr_record_fn on_record;
  senr_error_fn on_error;
  void *ctx;
};

static int on_csv(void *vr, const struct csvread_record *rec, struct sb_err *err) {
  struct reader *rd = vr;
  if (rec->nfields != SENR_NFIELDS)
    return sb_err_set(err, "line %zu: record has %zu fields; a SENR record has exactly %d",
                      rec->line, rec->nfields, SENR_NFIELDS);
  struct senr_record out;
  struct sb_err why;
  if (senr_parse_record(rec->fields, rec->lens, rec->nfields, &out, &why) != 0) {
    struct sb_err msg;
    sb_err_set(&msg, "line %zu: %s", rec->line, why.msg);
    if (rd->on_error == NULL || rd->on_error(rd->ctx, rec->line, msg.msg) != 0) {
      *err = msg;
      return -1;
    }
    return 0;
  }
  if (rd->on_record == NULL) return 0;
  int rc = rd->on_record(rd->ctx, rec->line, &out, err);
  return rc < 0 ? -1 : rc;
}

static const struct csvread_opts OPTS = {
    .detect_delim = true,
    .max_fields = SENR_NFIELDS,
    .max_field_len = SENR_MAX_RECORD,
    .max_record_len = SENR_MAX_RECORD,
};

int senr_read_file(const char *path, senr_record_fn on_record, senr_error_fn on_error, void *ctx,
                   struct sb_err *err) {
  struct reader rd = {on_record, on_error, ctx};
  return csvread_file(path, &OPTS, on_csv, &rd, err);
}

int senr_read_buffer(const void *data, size_t len, senr_record_fn on_record, senr_error_fn on_error,
                     void *ctx, struct sb_err *err) {
  struct reader rd = {on_record, on_error, ctx};
  return csvread_buffer(data, len, &OPTS, on_csv, &rd, err);
}
