/* test_senr.c - CALPADS SENR record validation and file reader (src/ingest/senr.h). */
#include "testutil.h"

#include <unistd.h>

#include "ingest/senr.h"

/* A valid primary enrollment, field 1.01 first. */
static const char *const GOOD[SENR_NFIELDS] = {
    "SENR",
    "A",
    "LR-1",
    "1964733",
    "1930650",
    "",
    "2024-2025",
    "1234567890",
    "LS42",
    "Maria",
    "Elena",
    "Gonzalez",
    "",
    "",
    "",
    "",
    "20150312",
    "F",
    "Los Angeles",
    "CA",
    "US",
    "20240814",
    "10",
    "04",
    "",
    "",
    "",
    "",
    "",
    "",
    "1964733",
    "",
    "",
    "",
    "",
};

struct rec {
  const char *f[SENR_NFIELDS];
  size_t len[SENR_NFIELDS];
};

static void rec_init(struct rec *r) {
  for (int i = 0; i < SENR_NFIELDS; i++)
    r->f[i] = GOOD[i];
}

/* Sets field 1.<no> (1-based). */
static void set(struct rec *r, int no, const char *v) {
  assert_true(no >= 1 && no <= SENR_NFIELDS);
  r->f[no - 1] = v;
}

static int parse(struct rec *r, struct senr_record *out, struct sb_err *err) {
  for (int i = 0; i < SENR_NFIELDS; i++)
    r->len[i] = strlen(r->f[i]);
  err->msg[0] = '\0';
  return senr_parse_record(r->f, r->len, SENR_NFIELDS, out, err);
}

static void expect_ok_rec(struct rec *r, struct senr_record *out) {
  struct sb_err err;
  if (parse(r, out, &err) != 0) fail_msg("unexpected rejection: %s", err.msg);
}

static void expect_bad_rec(struct rec *r, const char *want) {
  struct senr_record out;
  struct sb_err err;
  assert_int_equal(parse(r, &out, &err), -1);
  if (strstr(err.msg, want) == NULL) fail_msg("message '%s' lacks '%s'", err.msg, want);
}

/* One field changed from GOOD must be rejected with a message containing want. */
static void expect_bad(int no, const char *v, const char *want) {
  struct rec r;
  rec_init(&r);
  set(&r, no, v);
  expect_bad_rec(&r, want);
}

static void expect_good(int no, const char *v) {
  struct rec r;
  struct senr_record out;
  rec_init(&r);
  set(&r, no, v);
  expect_ok_rec(&r, &out);
}

/* Joins a record's fields with delim into out, followed by eol. */
static void join(const struct rec *r, char delim, const char *eol, char *out, size_t n) {
  size_t k = 0;
  for (int i = 0; i < SENR_NFIELDS; i++) {
    size_t l = strlen(r->f[i]);
    assert_true(k + l + 2 < n);
    if (i) out[k++] = delim;
    memcpy(out + k, r->f[i], l);
    k += l;
  }
  size_t e = strlen(eol);
  assert_true(k + e < n);
  memcpy(out + k, eol, e + 1);
}

/* ---- reader plumbing ---- */

struct seen {
  size_t nrec, nerr;
  size_t rec_lines[16], err_lines[16];
  struct senr_record recs[16];
  char msgs[16][SB_ERR_MAX];
  size_t stop_after_records; /* 0 = never */
  int error_rc;              /* what on_error returns */
};

static int on_rec(void *ctx, size_t line, const struct senr_record *r, struct sb_err *err) {
  (void)err;
  struct seen *s = ctx;
  assert_true(s->nrec < 16);
  s->rec_lines[s->nrec] = line;
  s->recs[s->nrec++] = *r;
  return s->stop_after_records && s->nrec == s->stop_after_records ? 1 : 0;
}

static int on_err(void *ctx, size_t line, const char *msg) {
  struct seen *s = ctx;
  assert_true(s->nerr < 16);
  s->err_lines[s->nerr] = line;
  snprintf(s->msgs[s->nerr++], SB_ERR_MAX, "%s", msg);
  return s->error_rc;
}

static int read_buf(const char *data, struct seen *s, struct sb_err *err) {
  err->msg[0] = '\0';
  return senr_read_buffer(data, strlen(data), on_rec, on_err, s, err);
}

/* ---- good records ---- */

static void check_good_values(const struct senr_record *r) {
  assert_int_equal(r->txn, SENR_ADD);
  assert_string_equal(r->span.ssid, "1234567890");
  assert_string_equal(r->span.lea, "1964733");
  assert_string_equal(r->span.school, "1930650");
  assert_int_equal(r->span.start, 20240814);
  assert_int_equal(r->span.exit, 0);
  assert_int_equal(r->span.status, ENROLL_PRIMARY);
  assert_string_equal(r->span.exit_reason, "");
  assert_string_equal(r->span.grade, "04");
  assert_int_equal(r->span.academic_year, 2025);
  assert_string_equal(r->school_nps, "");
  assert_string_equal(r->completion_status, "");
  assert_string_equal(r->expected_receiver, "");
  assert_string_equal(r->residence_district, "1964733");
}

static void test_good_caret_record(void **state) {
  (void)state;
  struct rec r;
  rec_init(&r);
  char line[1024];
  join(&r, '^', "\r\n", line, sizeof line);
  struct seen s = {0};
  struct sb_err err;
  assert_int_equal(read_buf(line, &s, &err), 0);
  assert_int_equal(s.nrec, 1);
  assert_int_equal(s.nerr, 0);
  assert_int_equal(s.rec_lines[0], 1);
  check_good_values(&s.recs[0]);
  /* the pure parser agrees */
  struct senr_record out;
  expect_ok_rec(&r, &out);
  check_good_values(&out);
}

static void test_good_comma_record(void **state) {
  (void)state;
  struct rec r;
  rec_init(&r);
  set(&r, 12, "\"Gonzalez, Jr\""); /* a quoted comma inside a name */
  set(&r, 25, "20250612");
  set(&r, 26, "E155");
  set(&r, 22, "20240814");
  char line[1024];
  join(&r, ',', "\r\n", line, sizeof line);
  struct seen s = {0};
  struct sb_err err;
  assert_int_equal(read_buf(line, &s, &err), 0);
  if (s.nerr) fail_msg("%s", s.msgs[0]);
  assert_int_equal(s.nrec, 1);
  assert_int_equal(s.recs[0].span.exit, 20250612);
  assert_string_equal(s.recs[0].span.exit_reason, "E155");
  assert_string_equal(s.recs[0].span.ssid, "1234567890");
  assert_int_equal(s.recs[0].span.academic_year, 2025);
}

static void test_other_valid_values(void **state) {
  (void)state;
  expect_good(2, "");
  expect_good(2, " ");
  expect_good(24, "TK");
  expect_good(24, "KN");
  expect_good(24, "12");
  expect_good(24, "IN");
  expect_good(24, "TD");
  expect_good(23, "30");
  expect_good(23, "50");
  expect_good(18, "X");
  expect_good(29, "Y");
  expect_good(30, "3");
  expect_good(32, "N");
  expect_good(35, "Y");
  expect_good(28, "1930651");
  /* 50 characters, more than 50 bytes (accented letters) */
  expect_good(10, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
                  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  expect_good(12, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"); /* exactly 50 */
}

static void test_delete_and_replace(void **state) {
  (void)state;
  struct rec r;
  struct senr_record out;
  rec_init(&r);
  set(&r, 2, "D");
  expect_ok_rec(&r, &out);
  assert_int_equal(out.txn, SENR_DELETE);
  set(&r, 2, "R");
  expect_ok_rec(&r, &out);
  assert_int_equal(out.txn, SENR_REPLACE);
  set(&r, 2, " ");
  expect_ok_rec(&r, &out);
  assert_int_equal(out.txn, SENR_ADD);
  /* a delete is validated like an add */
  set(&r, 2, "D");
  set(&r, 8, "123");
  expect_bad_rec(&r, "field 1.08 SSID: '123' is not a 10-digit SSID");
}

static void test_to_enrollment(void **state) {
  (void)state;
  struct rec r;
  struct senr_record out;
  struct enrollment_span sp;
  rec_init(&r);
  set(&r, 23, "20");
  set(&r, 25, "20241220");
  set(&r, 26, "E170");
  expect_ok_rec(&r, &out);
  senr_to_enrollment(&out, &sp);
  assert_string_equal(sp.ssid, "1234567890");
  assert_string_equal(sp.lea, "1964733");
  assert_string_equal(sp.school, "1930650");
  assert_int_equal(sp.start, 20240814);
  assert_int_equal(sp.exit, 20241220);
  assert_int_equal(sp.status, ENROLL_SECONDARY);
  assert_string_equal(sp.exit_reason, "E170");
  assert_string_equal(sp.grade, "04");
  assert_int_equal(sp.academic_year, 2025);
}

/* ---- one test per rejection ---- */

static void test_wrong_field_count(void **state) {
  (void)state;
  struct rec r;
  struct senr_record out;
  struct sb_err err;
  rec_init(&r);
  for (int i = 0; i < SENR_NFIELDS; i++)
    r.len[i] = strlen(r.f[i]);
  assert_int_equal(senr_parse_record(r.f, r.len, 34, &out, &err), -1);
  assert_string_equal(err.msg, "record has 34 fields; a SENR record has exactly 35");
  /* in a file it is a file-level error naming the line */
  char line[1024], buf[4096];
  join(&r, '^', "\r\n", line, sizeof line);
  snprintf(buf, sizeof buf, "%sSENR^A^x\r\n%s", line, line);
  struct seen s = {0};
  assert_int_equal(read_buf(buf, &s, &err), -1);
  assert_string_equal(err.msg, "line 2: record has 3 fields; a SENR record has exactly 35");
  assert_int_equal(s.nrec, 1);
  join(&r, '^', "^extra\r\n", line, sizeof line);
  struct seen s2 = {0};
  assert_int_equal(read_buf(line, &s2, &err), -1);
  assert_string_equal(err.msg, "line 1: record has more than 35 fields");
}

static void test_bad_record_type(void **state) {
  (void)state;
  expect_bad(1, "SENR-R", "field 1.01 Record Type Code: 'SENR-R' is not SENR");
  expect_bad(1, "senr", "field 1.01 Record Type Code: 'senr' is not SENR");
  expect_bad(1, "", "field 1.01 Record Type Code: blank is not SENR");
}

static void test_bad_txn_type(void **state) {
  (void)state;
  expect_bad(2, "X", "field 1.02 Transaction Type Code: 'X' is not blank, a space, A, D or R");
  expect_bad(2, "a", "field 1.02 Transaction Type Code: 'a'");
  expect_bad(2, "  ", "field 1.02 Transaction Type Code: '  '");
}

static void test_bad_lea(void **state) {
  (void)state;
  expect_bad(4, "196473", "field 1.04 Reporting LEA: '196473' is not a 7-digit LEA code");
  expect_bad(4, "19647330", "field 1.04 Reporting LEA: '19647330' is not a 7-digit LEA code");
  expect_bad(4, "19647A3", "field 1.04 Reporting LEA: '19647A3'");
  expect_bad(4, "", "field 1.04 Reporting LEA: blank but a 7-digit LEA code is required");
}

static void test_bad_school(void **state) {
  (void)state;
  expect_bad(5, "193065", "field 1.05 School of Attendance: '193065' is not a 7-digit school");
  expect_bad(5, " 1930650", "field 1.05 School of Attendance: ' 1930650'");
  expect_bad(5, "", "field 1.05 School of Attendance: blank but a 7-digit school code is");
  expect_bad(28, "12345", "field 1.28 Expected Receiver School of Attendance: '12345' is not");
  expect_bad(31, "12345678", "field 1.31 District of Geographic Residence Code: '12345678'");
}

static void test_nps_required(void **state) {
  (void)state;
  struct rec r;
  struct senr_record out;
  rec_init(&r);
  set(&r, 5, "0000001");
  expect_bad_rec(&r, "field 1.06 School of Attendance NPS: blank but it is required when 1.05 "
                     "School of Attendance is 0000001");
  set(&r, 6, "7654321");
  expect_ok_rec(&r, &out);
  assert_string_equal(out.school_nps, "7654321");
  set(&r, 6, "765432");
  expect_bad_rec(&r, "field 1.06 School of Attendance NPS: '765432' is not a 7-digit");
}

static void test_bad_academic_year(void **state) {
  (void)state;
  expect_bad(7, "2024/2025", "field 1.07 Academic Year ID: '2024/2025' is not YYYY-YYYY");
  expect_bad(7, "24-25", "field 1.07 Academic Year ID: '24-25' is not YYYY-YYYY");
  expect_bad(7, "2024-25", "is not YYYY-YYYY");
  expect_bad(7, "202A-2025", "is not YYYY-YYYY");
  expect_bad(7, "", "field 1.07 Academic Year ID: blank is not YYYY-YYYY");
  expect_bad(7, "2024-2026", "'2024-2026' does not name two consecutive years");
  expect_bad(7, "2025-2024", "'2025-2024' does not name two consecutive years");
  expect_bad(7, "1900-1901", "'1900-1901' is outside 1989-1990..2099-2100");
  expect_good(7, "1989-1990");
  expect_good(7, "2099-2100");
}

static void test_bad_ssid(void **state) {
  (void)state;
  expect_bad(8, "123456789", "field 1.08 SSID: '123456789' is not a 10-digit SSID");
  expect_bad(8, "12345678901", "field 1.08 SSID: '12345678901' is not a 10-digit SSID");
  expect_bad(8, "12345678X0", "field 1.08 SSID: '12345678X0'");
  expect_bad(8, "", "field 1.08 SSID: blank but a 10-digit SSID is required");
}

static void test_bad_dates(void **state) {
  (void)state;
  expect_bad(22, "20250230",
             "field 1.22 Enrollment Start Date: '20250230' is not a valid "
             "CCYYMMDD date");
  expect_bad(22, "2024-08-14", "'2024-08-14' is not a valid CCYYMMDD date");
  expect_bad(22, "20241301", "'20241301' is not a valid");
  expect_bad(25, "20250230", "field 1.25 Enrollment Exit Date: '20250230' is not a valid");
  /* birth date is personal data: the value is withheld */
  struct rec r;
  struct senr_record out;
  struct sb_err err;
  rec_init(&r);
  set(&r, 17, "20150230");
  assert_int_equal(parse(&r, &out, &err), -1);
  assert_string_equal(err.msg, "field 1.17 Student Birth Date: the value (withheld) is not a "
                               "valid CCYYMMDD date");
}

static void test_missing_dates(void **state) {
  (void)state;
  expect_bad(22, "", "field 1.22 Enrollment Start Date: blank but a CCYYMMDD date is required");
  expect_bad(17, "", "field 1.17 Student Birth Date: blank but a CCYYMMDD date is required");
}

static void test_bad_status(void **state) {
  (void)state;
  expect_bad(23, "40", "field 1.23 Enrollment Status Code: '40' is not one of 10, 20, 30, 50");
  expect_bad(23, "", "field 1.23 Enrollment Status Code: blank is not one of");
  expect_bad(23, "010", "'010' is not one of");
}

static void test_bad_grade(void **state) {
  (void)state;
  expect_bad(24, "13", "field 1.24 Grade Level Code: '13' is not one of TK, KN, 01-12");
  expect_bad(24, "kn", "field 1.24 Grade Level Code: 'kn'");
  expect_bad(24, "4", "field 1.24 Grade Level Code: '4'");
  expect_bad(24, "00", "field 1.24 Grade Level Code: '00'");
  expect_bad(24, "", "field 1.24 Grade Level Code: blank is not one of");
}

static void test_bad_gender(void **state) {
  (void)state;
  expect_bad(18, "Q", "field 1.18 Student Gender Code: the value (withheld) is not M, F or X");
  expect_bad(18, "", "field 1.18 Student Gender Code: blank is not M, F or X");
}

static void test_exit_before_start(void **state) {
  (void)state;
  struct rec r;
  rec_init(&r);
  set(&r, 25, "20240813");
  set(&r, 26, "T160");
  expect_bad_rec(&r, "field 1.25 Enrollment Exit Date: '20240813' is before 1.22 Enrollment "
                     "Start Date 20240814");
  set(&r, 25, "20240814"); /* same day is fine */
  struct senr_record out;
  expect_ok_rec(&r, &out);
}

static void test_n470_exception(void **state) {
  (void)state;
  struct rec r;
  struct senr_record out;
  rec_init(&r);
  set(&r, 26, "N470");
  set(&r, 25, "20240813"); /* start - 1 day */
  expect_ok_rec(&r, &out);
  assert_int_equal(out.span.exit, 20240813);
  set(&r, 25, "20240812"); /* start - 2 days */
  expect_bad_rec(&r, "field 1.25 Enrollment Exit Date: '20240812' is more than one day before "
                     "1.22 Enrollment Start Date 20240814 (exit reason N470");
  /* across a month and a year boundary */
  set(&r, 22, "20250101");
  set(&r, 7, "2024-2025");
  set(&r, 25, "20241231");
  expect_ok_rec(&r, &out);
  set(&r, 25, "20241230");
  expect_bad_rec(&r, "is more than one day before");
}

static void test_exit_date_without_reason(void **state) {
  (void)state;
  expect_bad(25, "20250612",
             "field 1.26 Student Exit Reason Code: blank but it is required "
             "when 1.25 Enrollment Exit Date is given");
}

static void test_reason_without_exit_date(void **state) {
  (void)state;
  expect_bad(26, "E155",
             "field 1.26 Student Exit Reason Code: 'E155' is given but 1.25 "
             "Enrollment Exit Date is blank");
}

static void test_bad_reason_shape(void **state) {
  (void)state;
  struct rec r;
  rec_init(&r);
  set(&r, 25, "20250612");
  static const char *const bad[] = {"X160", "T16", "T1600", "t160", "T16A", "160", "E 30"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    set(&r, 26, bad[i]);
    char want[96];
    snprintf(want, sizeof want,
             "field 1.26 Student Exit Reason Code: '%s' is not an exit "
             "reason code",
             bad[i]);
    expect_bad_rec(&r, want);
  }
  /* any code of the right shape passes: the known list is partial */
  struct senr_record out;
  set(&r, 26, "T999");
  expect_ok_rec(&r, &out);
  assert_string_equal(out.span.exit_reason, "T999");
}

static void test_completion_without_e230(void **state) {
  (void)state;
  struct rec r;
  struct senr_record out;
  rec_init(&r);
  set(&r, 25, "20250612");
  set(&r, 26, "T160");
  set(&r, 27, "100");
  expect_bad_rec(&r, "field 1.27 Student School Completion Status Code: '100' is only allowed "
                     "with exit reason E230 (the exit reason is T160)");
  set(&r, 26, "E230");
  expect_ok_rec(&r, &out);
  assert_string_equal(out.completion_status, "100");
  set(&r, 27, "10");
  expect_bad_rec(&r, "field 1.27 Student School Completion Status Code: '10' is not blank or 3 "
                     "digits");
  /* with no exit at all */
  expect_bad(27, "480", "'480' is only allowed with exit reason E230 (the exit reason is blank)");
}

static void test_secondary_exit(void **state) {
  (void)state;
  struct rec r;
  struct senr_record out;
  rec_init(&r);
  set(&r, 23, "20");
  expect_ok_rec(&r, &out); /* open */
  set(&r, 25, "20250612");
  set(&r, 26, "T160");
  expect_bad_rec(&r, "field 1.26 Student Exit Reason Code: 'T160' is not allowed for a "
                     "secondary enrollment (1.23 = 20), which exits only with E170");
  set(&r, 26, "E170");
  expect_ok_rec(&r, &out);
  /* the rule is for status 20 only */
  set(&r, 23, "10");
  set(&r, 26, "T160");
  expect_ok_rec(&r, &out);
}

static void test_yes_no_flags(void **state) {
  (void)state;
  expect_bad(29, "Yes",
             "field 1.29 Student Met All UC/CSU Requirements Indicator: 'Yes' is not "
             "blank, Y or N");
  expect_bad(32, "y", "field 1.32 Student Golden State Seal Merit Diploma Indicator: 'y' is not");
  expect_bad(33, "1", "field 1.33 Student Seal of Biliteracy Indicator: '1' is not blank, Y");
  expect_bad(34, "X", "field 1.34 ");
  expect_bad(35, "NN", "field 1.35 Graduation Exemption Indicator: 'NN' is not blank, Y or N");
}

static void test_transfer_code(void **state) {
  (void)state;
  expect_bad(30, "12", "field 1.30 Student School Transfer Code: '12' is not blank or one digit");
  expect_bad(30, "A", "field 1.30 Student School Transfer Code: 'A'");
}

static void test_length_caps(void **state) {
  (void)state;
  char big[300];
  memset(big, 'a', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  big[256] = '\0'; /* 256 bytes */
  expect_bad(3, big,
             "field 1.03 Local Record ID: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' "
             "is longer than 255 bytes");
  expect_bad(9, big, "field 1.09 Local Student ID: ");
  big[255] = '\0';
  expect_good(3, big);
  big[51] = '\0';
  expect_bad(10, big,
             "field 1.10 Student Legal First Name: the value (withheld) is longer "
             "than 50 characters");
  expect_bad(16, big, "field 1.16 Student Alias Last Name: the value (withheld)");
  expect_bad(19, big, "field 1.19 Student Birth City: the value (withheld)");
  big[11] = '\0';
  expect_bad(13, big,
             "field 1.13 Student Legal Name Suffix Code: the value (withheld) is "
             "longer than 10 characters");
  expect_bad(21, big, "field 1.21 Student Birth Country Code: the value (withheld)");
  /* the message never carries the name itself */
  struct rec r;
  struct senr_record out;
  struct sb_err err;
  rec_init(&r);
  set(&r, 12, "ZyxwvutsrqponmlkjihgfedcbazyxwvutsrqponmlkjihgfedcbaZ");
  assert_int_equal(parse(&r, &out, &err), -1);
  assert_null(strstr(err.msg, "Zyx"));
}

static void test_bad_utf8(void **state) {
  (void)state;
  expect_bad(10, "Jos\xe9",
             "field 1.10 Student Legal First Name: the value (withheld) is not "
             "valid UTF-8");
  expect_bad(9, "ab\xff", "field 1.09 Local Student ID: 'ab?' is not valid UTF-8");
}

static void test_value_shown_safely(void **state) {
  (void)state;
  /* long values are cut at 40 characters, control bytes shown as '?' */
  expect_bad(4, "1234567890123456789012345678901234567890123",
             "'1234567890123456789012345678901234567890...' is not a 7-digit LEA code");
  expect_bad(4, "19\r\n47", "field 1.04 Reporting LEA: '19??47' is not");
}

/* ---- the file reader ---- */

static void test_reader_continues_after_bad_lines(void **state) {
  (void)state;
  struct rec r;
  rec_init(&r);
  char good[1024], bad1[1024], bad2[1024], buf[8192];
  join(&r, '^', "\r\n", good, sizeof good);
  set(&r, 23, "40");
  join(&r, '^', "\r\n", bad1, sizeof bad1);
  rec_init(&r);
  set(&r, 8, "12");
  join(&r, '^', "\r\n", bad2, sizeof bad2);
  /* line 3 is blank */
  snprintf(buf, sizeof buf, "%s%s\r\n%s%s%s", good, bad1, bad2, good, bad1);
  struct seen s = {0};
  struct sb_err err;
  assert_int_equal(read_buf(buf, &s, &err), 0);
  assert_int_equal(s.nrec, 2);
  assert_int_equal(s.rec_lines[0], 1);
  assert_int_equal(s.rec_lines[1], 5);
  assert_int_equal(s.nerr, 3);
  assert_int_equal(s.err_lines[0], 2);
  assert_int_equal(s.err_lines[1], 4);
  assert_int_equal(s.err_lines[2], 6);
  assert_string_equal(s.msgs[0], "line 2: field 1.23 Enrollment Status Code: '40' is not one "
                                 "of 10, 20, 30, 50");
  assert_string_equal(s.msgs[1], "line 4: field 1.08 SSID: '12' is not a 10-digit SSID");
  assert_string_equal(s.msgs[2], "line 6: field 1.23 Enrollment Status Code: '40' is not one "
                                 "of 10, 20, 30, 50");
}

static void test_reader_error_callback_stops(void **state) {
  (void)state;
  struct rec r;
  rec_init(&r);
  char good[1024], bad[1024], buf[4096];
  join(&r, '^', "\n", good, sizeof good);
  set(&r, 24, "99");
  join(&r, '^', "\n", bad, sizeof bad);
  snprintf(buf, sizeof buf, "%s%s%s%s", good, bad, bad, good);
  struct seen s = {0};
  s.error_rc = 1;
  struct sb_err err;
  assert_int_equal(read_buf(buf, &s, &err), -1);
  assert_int_equal(s.nerr, 1);
  assert_int_equal(s.nrec, 1);
  assert_string_equal(err.msg, "line 2: field 1.24 Grade Level Code: '99' is not one of TK, KN, "
                               "01-12, UE, US, PS, AD, IN, TD");
  /* without an error callback the first bad record fails the read */
  assert_int_equal(senr_read_buffer(buf, strlen(buf), NULL, NULL, NULL, &err), -1);
  assert_non_null(strstr(err.msg, "line 2: field 1.24"));
}

static void test_reader_record_callback_stops(void **state) {
  (void)state;
  struct rec r;
  rec_init(&r);
  char good[1024], buf[4096];
  join(&r, ',', "\n", good, sizeof good);
  snprintf(buf, sizeof buf, "%s%s%s", good, good, good);
  struct seen s = {0};
  s.stop_after_records = 2;
  struct sb_err err;
  assert_int_equal(read_buf(buf, &s, &err), 0);
  assert_int_equal(s.nrec, 2);
}

static void test_reader_multiline_quoted_field(void **state) {
  (void)state;
  /* a quoted name spanning two lines: the next record is reported on line 3 */
  struct rec r;
  rec_init(&r);
  char a[1024], b[1024], buf[4096];
  set(&r, 19, "\"Los\r\nAngeles\"");
  join(&r, '^', "\r\n", a, sizeof a);
  rec_init(&r);
  set(&r, 23, "40");
  join(&r, '^', "\r\n", b, sizeof b);
  snprintf(buf, sizeof buf, "%s%s", a, b);
  struct seen s = {0};
  struct sb_err err;
  assert_int_equal(read_buf(buf, &s, &err), 0);
  assert_int_equal(s.nrec, 1);
  assert_int_equal(s.rec_lines[0], 1);
  assert_int_equal(s.nerr, 1);
  assert_int_equal(s.err_lines[0], 3);
}

static void test_reader_file_level_errors(void **state) {
  (void)state;
  struct seen s = {0};
  struct sb_err err;
  /* tab-delimited: neither caret nor comma */
  assert_int_equal(read_buf("SENR\tA\tx\r\n", &s, &err), -1);
  assert_non_null(strstr(err.msg, "line 1: cannot tell the delimiter"));
  /* a record over the size cap */
  size_t n = SENR_MAX_RECORD + 100;
  char *big = malloc(n + 1);
  assert_non_null(big);
  memset(big, 'a', n);
  memcpy(big, "SENR^", 5);
  big[n - 1] = '\n';
  big[n] = '\0';
  assert_int_equal(read_buf(big, &s, &err), -1);
  assert_non_null(strstr(err.msg, "line 1: record is longer than 8192 bytes"));
  free(big);
  /* a stray quote */
  assert_int_equal(read_buf("SENR^A^x\"y\r\n", &s, &err), -1);
  assert_non_null(strstr(err.msg, "line 1: field 3 has a quote inside an unquoted field"));
  /* a NUL byte */
  struct rec r;
  rec_init(&r);
  char line[1024];
  join(&r, '^', "\r\n", line, sizeof line);
  line[2] = '\0'; /* "SE\0R^..." */
  err.msg[0] = '\0';
  assert_int_equal(senr_read_buffer(line, strlen(line + 3) + 3, on_rec, on_err, &s, &err), -1);
  assert_string_equal(err.msg, "line 1: field 1 contains a NUL byte");
  /* cannot open */
  assert_int_equal(senr_read_file("/nonexistent/senr.txt", on_rec, on_err, &s, &err), -1);
  assert_non_null(strstr(err.msg, "cannot open /nonexistent/senr.txt"));
}

static void write_file(const char *path, const char *data) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, strlen(data), f), strlen(data));
  assert_int_equal(fclose(f), 0);
}

static void test_reader_files_crlf_and_no_final_newline(void **state) {
  (void)state;
  struct rec r;
  rec_init(&r);
  char crlf[1024], lf[1024], buf[4096];
  join(&r, '^', "\r\n", crlf, sizeof crlf);
  join(&r, '^', "", lf, sizeof lf);
  char path[] = "/tmp/test_senr_XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);

  snprintf(buf, sizeof buf, "%s%s%s", crlf, crlf, crlf);
  write_file(path, buf);
  struct seen s = {0};
  struct sb_err err;
  assert_int_equal(senr_read_file(path, on_rec, on_err, &s, &err), 0);
  assert_int_equal(s.nrec, 3);
  assert_int_equal(s.nerr, 0);
  assert_int_equal(s.rec_lines[2], 3);
  check_good_values(&s.recs[2]);

  snprintf(buf, sizeof buf, "%s%s%s", crlf, crlf, lf); /* no line end after the last */
  write_file(path, buf);
  struct seen s2 = {0};
  assert_int_equal(senr_read_file(path, on_rec, on_err, &s2, &err), 0);
  assert_int_equal(s2.nrec, 3);
  assert_int_equal(s2.rec_lines[2], 3);
  check_good_values(&s2.recs[2]);

  /* LF-only, comma-delimited */
  join(&r, ',', "\n", lf, sizeof lf);
  snprintf(buf, sizeof buf, "%s%s", lf, lf);
  write_file(path, buf);
  struct seen s3 = {0};
  assert_int_equal(senr_read_file(path, on_rec, on_err, &s3, &err), 0);
  assert_int_equal(s3.nrec, 2);
  assert_int_equal(s3.rec_lines[1], 2);
  unlink(path);
}

static void test_reader_empty(void **state) {
  (void)state;
  struct seen s = {0};
  struct sb_err err;
  assert_int_equal(read_buf("", &s, &err), 0);
  assert_int_equal(read_buf("\r\n\r\n", &s, &err), 0);
  assert_int_equal(s.nrec + s.nerr, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_good_caret_record),
      cmocka_unit_test(test_good_comma_record),
      cmocka_unit_test(test_other_valid_values),
      cmocka_unit_test(test_delete_and_replace),
      cmocka_unit_test(test_to_enrollment),
      cmocka_unit_test(test_wrong_field_count),
      cmocka_unit_test(test_bad_record_type),
      cmocka_unit_test(test_bad_txn_type),
      cmocka_unit_test(test_bad_lea),
      cmocka_unit_test(test_bad_school),
      cmocka_unit_test(test_nps_required),
      cmocka_unit_test(test_bad_academic_year),
      cmocka_unit_test(test_bad_ssid),
      cmocka_unit_test(test_bad_dates),
      cmocka_unit_test(test_missing_dates),
      cmocka_unit_test(test_bad_status),
      cmocka_unit_test(test_bad_grade),
      cmocka_unit_test(test_bad_gender),
      cmocka_unit_test(test_exit_before_start),
      cmocka_unit_test(test_n470_exception),
      cmocka_unit_test(test_exit_date_without_reason),
      cmocka_unit_test(test_reason_without_exit_date),
      cmocka_unit_test(test_bad_reason_shape),
      cmocka_unit_test(test_completion_without_e230),
      cmocka_unit_test(test_secondary_exit),
      cmocka_unit_test(test_yes_no_flags),
      cmocka_unit_test(test_transfer_code),
      cmocka_unit_test(test_length_caps),
      cmocka_unit_test(test_bad_utf8),
      cmocka_unit_test(test_value_shown_safely),
      cmocka_unit_test(test_reader_continues_after_bad_lines),
      cmocka_unit_test(test_reader_error_callback_stops),
      cmocka_unit_test(test_reader_record_callback_stops),
      cmocka_unit_test(test_reader_multiline_quoted_field),
      cmocka_unit_test(test_reader_file_level_errors),
      cmocka_unit_test(test_reader_files_crlf_and_no_final_newline),
      cmocka_unit_test(test_reader_empty),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
