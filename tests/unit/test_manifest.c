/* test_manifest.c - the score-report manifest (src/ingest/manifest.h). */
#include "testutil.h"

#include <sys/stat.h>
#include <unistd.h>

#include "ingest/manifest.h"

#define HEADER "ssid,type,lang,year,format,content_area,grade,final,path\n"

struct seen {
  size_t nrow, nerr;
  struct manifest_row rows[8];
  size_t row_lines[8], err_lines[8];
  char msgs[8][SB_ERR_MAX];
  int error_rc;
};

static int on_row(void *ctx, size_t line, const struct manifest_row *row, struct sb_err *err) {
  (void)err;
  struct seen *s = ctx;
  assert_true(s->nrow < 8);
  s->row_lines[s->nrow] = line;
  s->rows[s->nrow++] = *row;
  return 0;
}

static int on_err(void *ctx, size_t line, const char *msg) {
  struct seen *s = ctx;
  assert_true(s->nerr < 8);
  s->err_lines[s->nerr] = line;
  snprintf(s->msgs[s->nerr++], SB_ERR_MAX, "%s", msg);
  return s->error_rc;
}

static int read_str(const char *data, const char *base, struct seen *s, struct sb_err *err) {
  memset(s, 0, sizeof *s);
  err->msg[0] = '\0';
  return manifest_read_buffer(data, strlen(data), base, on_row, on_err, s, err);
}

/* A manifest with the standard header and one data row must give exactly one row error
 * containing want, reported on line 2. */
static void expect_row_error(const char *row, const char *want) {
  char buf[4096];
  snprintf(buf, sizeof buf, HEADER "%s\n", row);
  struct seen s;
  struct sb_err err;
  assert_int_equal(read_str(buf, NULL, &s, &err), 0);
  assert_int_equal(s.nrow, 0);
  assert_int_equal(s.nerr, 1);
  assert_int_equal(s.err_lines[0], 2);
  if (strstr(s.msgs[0], want) == NULL) fail_msg("message '%s' lacks '%s'", s.msgs[0], want);
  assert_memory_equal(s.msgs[0], "line 2: ", 8);
}

static void expect_row_ok(const char *row, struct manifest_row *out) {
  char buf[4096];
  snprintf(buf, sizeof buf, HEADER "%s\n", row);
  struct seen s;
  struct sb_err err;
  assert_int_equal(read_str(buf, NULL, &s, &err), 0);
  if (s.nerr) fail_msg("unexpected row error: %s", s.msgs[0]);
  assert_int_equal(s.nrow, 1);
  if (out) *out = s.rows[0];
}

static void expect_file_error(const char *data, size_t len, const char *want) {
  struct seen s = {0};
  struct sb_err err = {{0}};
  assert_int_equal(manifest_read_buffer(data, len, NULL, on_row, on_err, &s, &err), -1);
  if (strstr(err.msg, want) == NULL) fail_msg("message '%s' lacks '%s'", err.msg, want);
}

/* ---- good input ---- */

static void test_good_file(void **state) {
  (void)state;
  const char *m = HEADER "1234567890,CAASPP,EN,2025,PDF,\"ELA,MATH\",05,true,r/a.pdf\r\n"
                         "\r\n"
                         "2345678901,cst,es,2024,html,SC,KN,False,/abs/b.html\r\n";
  struct seen s;
  struct sb_err err;
  assert_int_equal(read_str(m, "/data/in", &s, &err), 0);
  assert_int_equal(s.nerr, 0);
  assert_int_equal(s.nrow, 2);
  const struct manifest_row *a = &s.rows[0], *b = &s.rows[1];
  assert_int_equal(s.row_lines[0], 2);
  assert_int_equal(s.row_lines[1], 4);
  assert_string_equal(a->ssid, "1234567890");
  assert_string_equal(a->type, "CAASPP");
  assert_string_equal(a->lang, "EN");
  assert_int_equal(a->year, 2025);
  assert_string_equal(a->format, "PDF");
  assert_string_equal(a->content_area, "ELA,MATH");
  assert_string_equal(a->grade, "05");
  assert_true(a->final);
  assert_string_equal(a->path, "r/a.pdf");
  assert_string_equal(a->resolved, "/data/in/r/a.pdf");
  /* canonical spellings: CST is an alias of CAST; codes and final are case-insensitive */
  assert_string_equal(b->type, "CAST");
  assert_string_equal(b->lang, "ES");
  assert_string_equal(b->format, "HTML");
  assert_string_equal(b->content_area, "SC");
  assert_string_equal(b->grade, "KN");
  assert_false(b->final);
  assert_string_equal(b->resolved, "/abs/b.html");
}

static void test_reordered_columns(void **state) {
  (void)state;
  const char *m = "path,final,grade,content_area,format,year,lang,type,ssid\n"
                  "x.pdf,TRUE,11,ELA,Video,2025,vi,esa,9876543210\n";
  struct seen s;
  struct sb_err err;
  assert_int_equal(read_str(m, NULL, &s, &err), 0);
  assert_int_equal(s.nerr, 0);
  assert_int_equal(s.nrow, 1);
  assert_string_equal(s.rows[0].ssid, "9876543210");
  assert_string_equal(s.rows[0].type, "ESA");
  assert_string_equal(s.rows[0].lang, "VI");
  assert_int_equal(s.rows[0].year, 2025);
  assert_string_equal(s.rows[0].format, "VIDEO");
  assert_string_equal(s.rows[0].grade, "11");
  assert_true(s.rows[0].final);
  assert_string_equal(s.rows[0].resolved, "x.pdf"); /* no base directory */
}

static void test_header_case_and_bom(void **state) {
  (void)state;
  const char *m = "\xef\xbb\xbfSSID,Type,LANG,Year,Format,Content_Area,Grade,Final,Path\n"
                  "1234567890,CAASPP,EN,2025,PDF,ELA,05,true,a.pdf\n";
  struct seen s;
  struct sb_err err;
  assert_int_equal(read_str(m, NULL, &s, &err), 0);
  assert_int_equal(s.nrow, 1);
}

static void test_header_only_and_empty(void **state) {
  (void)state;
  struct seen s;
  struct sb_err err;
  assert_int_equal(read_str(HEADER, NULL, &s, &err), 0);
  assert_int_equal(s.nrow + s.nerr, 0);
  assert_int_equal(read_str("", NULL, &s, &err), -1);
  assert_non_null(strstr(err.msg, "the manifest is empty"));
  assert_int_equal(read_str("\n\r\n", NULL, &s, &err), -1);
  assert_non_null(strstr(err.msg, "the manifest is empty"));
}

/* ---- header errors ---- */

static void test_missing_column(void **state) {
  (void)state;
  const char *one = "ssid,type,lang,year,format,content_area,final,path\n";
  expect_file_error(one, strlen(one), "line 1: header: missing column grade (the columns are");
  const char *two = "\n\nssid,type,lang,year,format,content_area,path\n";
  expect_file_error(two, strlen(two), "line 3: header: missing columns grade, final (");
}

static void test_unknown_column(void **state) {
  (void)state;
  const char *m = "ssid,type,lang,year,format,content_area,grade,final,path,notes\n";
  expect_file_error(m, strlen(m), "line 1: header: unknown column 'notes'");
  const char *sp = "ssid, type,lang,year,format,content_area,grade,final,path\n";
  expect_file_error(sp, strlen(sp), "line 1: header: unknown column ' type'");
  const char *empty = "ssid,,type,lang,year,format,content_area,grade,final,path\n";
  expect_file_error(empty, strlen(empty), "line 1: header: unknown column ''");
}

static void test_duplicate_column(void **state) {
  (void)state;
  const char *m = "ssid,type,lang,year,format,content_area,grade,final,path,LANG\n";
  expect_file_error(m, strlen(m), "line 1: header: column lang appears more than once");
}

/* ---- each column's rejections ---- */

#define ROW(ssid, type, lang, year, format, area, grade, final, path)                              \
  ssid "," type "," lang "," year "," format "," area "," grade "," final "," path

static void test_bad_ssid(void **state) {
  (void)state;
  expect_row_error(ROW("123456789", "CAASPP", "EN", "2025", "PDF", "ELA", "05", "true", "a"),
                   "column ssid: '123456789' is not a 10-digit SSID");
  expect_row_error(ROW("12345678X0", "CAASPP", "EN", "2025", "PDF", "ELA", "05", "true", "a"),
                   "column ssid: '12345678X0' is not a 10-digit SSID");
  expect_row_error(ROW("", "CAASPP", "EN", "2025", "PDF", "ELA", "05", "true", "a"),
                   "column ssid: blank is not a 10-digit SSID");
}

static void test_bad_type(void **state) {
  (void)state;
  expect_row_error(ROW("1234567890", "SBAC", "EN", "2025", "PDF", "ELA", "05", "true", "a"),
                   "column type: 'SBAC' is not a report type code");
  expect_row_error(ROW("1234567890", "", "EN", "2025", "PDF", "ELA", "05", "true", "a"),
                   "column type: blank is not a report type code");
}

static void test_bad_lang(void **state) {
  (void)state;
  expect_row_error(ROW("1234567890", "CAASPP", "XX", "2025", "PDF", "ELA", "05", "true", "a"),
                   "line 2: column lang: 'XX' is not a report language code");
  expect_row_error(ROW("1234567890", "CAASPP", "ENG", "2025", "PDF", "ELA", "05", "true", "a"),
                   "column lang: 'ENG' is not a report language code");
}

static void test_bad_year(void **state) {
  (void)state;
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "20x5", "PDF", "ELA", "05", "true", "a"),
                   "column year: '20x5' is not a 4-digit year");
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "25", "PDF", "ELA", "05", "true", "a"),
                   "column year: '25' is not a 4-digit year");
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "02025", "PDF", "ELA", "05", "true", "a"),
                   "column year: '02025' is not a 4-digit year");
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "1989", "PDF", "ELA", "05", "true", "a"),
                   "column year: '1989' is outside 1990..2100");
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "2101", "PDF", "ELA", "05", "true", "a"),
                   "column year: '2101' is outside 1990..2100");
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "", "PDF", "ELA", "05", "true", "a"),
                   "column year: blank is not a 4-digit year");
  expect_row_ok(ROW("1234567890", "CAASPP", "EN", "1990", "PDF", "ELA", "05", "true", "a"), NULL);
  expect_row_ok(ROW("1234567890", "CAASPP", "EN", "2100", "PDF", "ELA", "05", "true", "a"), NULL);
}

static void test_bad_format(void **state) {
  (void)state;
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "2025", "ALL", "ELA", "05", "true", "a"),
                   "column format: 'ALL' is not a file format (PDF, HTML or VIDEO)");
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "2025", "all", "ELA", "05", "true", "a"),
                   "column format: 'all' is not a file format");
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "2025", "DOCX", "ELA", "05", "true", "a"),
                   "column format: 'DOCX' is not PDF, HTML or VIDEO");
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "2025", "", "ELA", "05", "true", "a"),
                   "column format: blank is not PDF, HTML or VIDEO");
}

static void test_bad_content_area(void **state) {
  (void)state;
  const char *want = "is not a content-area list such as ELA or ELA,MATH";
  expect_row_error(
      ROW("1234567890", "CAASPP", "EN", "2025", "PDF", "\"ELA,ELA\"", "05", "true", "a"),
      "column content_area: 'ELA,ELA' is not a content-area list");
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "2025", "PDF", "ela", "05", "true", "a"),
                   want);
  expect_row_error(
      ROW("1234567890", "CAASPP", "EN", "2025", "PDF", "\"ELA,XX\"", "05", "true", "a"), want);
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "2025", "PDF", "\"ELA,\"", "05", "true", "a"),
                   want);
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "2025", "PDF", "", "05", "true", "a"),
                   "column content_area: blank is not a content-area list");
  /* longer than struct report's 32 bytes, even if every code were valid */
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "2025", "PDF",
                       "\"ELA,MA,SC,RLA,EP,ELA,MA,SC,RLA,EP\"", "05", "true", "a"),
                   want);
  /* unquoted ELA,MATH splits into ten columns */
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "2025", "PDF", "ELA,MATH", "05", "true", "a"),
                   "row has 10 columns but the header has 9 (quote a content_area that holds a "
                   "comma");
}

static void test_wrong_column_count(void **state) {
  (void)state;
  expect_row_error("1234567890,CAASPP,EN,2025,PDF,ELA,05,true",
                   "line 2: row has 8 columns but the header has 9");
}

static void test_bad_grade(void **state) {
  (void)state;
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "2025", "PDF", "ELA", "13", "true", "a"),
                   "column grade: '13' is not a grade (KN or 01..12)");
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "2025", "PDF", "ELA", "5", "true", "a"),
                   "column grade: '5' is not a grade");
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "2025", "PDF", "ELA", "TK", "true", "a"),
                   "column grade: 'TK' is not a grade");
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "2025", "PDF", "ELA", "", "true", "a"),
                   "column grade: blank is not a grade");
}

static void test_bad_final(void **state) {
  (void)state;
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "2025", "PDF", "ELA", "05", "yes", "a"),
                   "column final: 'yes' is not true or false");
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "2025", "PDF", "ELA", "05", "1", "a"),
                   "column final: '1' is not true or false");
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "2025", "PDF", "ELA", "05", "", "a"),
                   "column final: blank is not true or false");
}

static void test_bad_path(void **state) {
  (void)state;
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "2025", "PDF", "ELA", "05", "true", ""),
                   "column path: blank but a file path is required");
  expect_row_error(
      ROW("1234567890", "CAASPP", "EN", "2025", "PDF", "ELA", "05", "true", "\"a\tb.pdf\""),
      "column path: 'a?b.pdf' contains a control character");
  expect_row_error(
      ROW("1234567890", "CAASPP", "EN", "2025", "PDF", "ELA", "05", "true", "\"a\nb.pdf\""),
      "column path: 'a?b.pdf' contains a control character");
  char row[2048], path[1100];
  memset(path, 'p', 1024);
  path[1024] = '\0';
  snprintf(row, sizeof row, "1234567890,CAASPP,EN,2025,PDF,ELA,05,true,%s", path);
  expect_row_error(row, "column path: 'pppppppppppppppppppppppppppppppppppppppp...' is longer "
                        "than 1023 bytes");
  path[1023] = '\0';
  snprintf(row, sizeof row, "1234567890,CAASPP,EN,2025,PDF,ELA,05,true,%s", path);
  struct manifest_row out;
  expect_row_ok(row, &out);
  assert_int_equal(strlen(out.path), 1023);
}

static void test_resolved_too_long(void **state) {
  (void)state;
  char base[3200], path[1100], buf[2048];
  memset(base, 'd', sizeof base - 1);
  base[0] = '/';
  base[sizeof base - 1] = '\0';
  memset(path, 'p', 1000);
  path[1000] = '\0';
  snprintf(buf, sizeof buf, HEADER "1234567890,CAASPP,EN,2025,PDF,ELA,05,true,%s\n", path);
  struct seen s;
  struct sb_err err;
  assert_int_equal(read_str(buf, base, &s, &err), 0);
  assert_int_equal(s.nerr, 1);
  assert_non_null(strstr(s.msgs[0], "is too long once joined to the manifest's directory"));
}

/* ---- code applicability by year ---- */

static void test_codes_by_year(void **state) {
  (void)state;
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "2024", "VIDEO", "ELA", "05", "true", "a"),
                   "column format: 'VIDEO' does not apply to year 2024 (VIDEO applies from "
                   "2025)");
  expect_row_error(ROW("1234567890", "CAASPP", "EN", "2023", "HTML", "ELA", "05", "true", "a"),
                   "column format: 'HTML' does not apply to year 2023 (HTML applies from 2024)");
  expect_row_error(ROW("1234567890", "CAASPP", "AR", "2022", "PDF", "ELA", "05", "true", "a"),
                   "column lang: 'AR' does not apply to year 2022 (AR applies from 2024)");
  expect_row_error(ROW("1234567890", "LEXQUAN", "EN", "2025", "PDF", "ELA", "05", "true", "a"),
                   "column type: 'LEXQUAN' does not apply to year 2025 (LEXQUAN applies up to "
                   "2023)");
  expect_row_error(ROW("1234567890", "STS", "ES", "2019", "PDF", "RLA", "05", "true", "a"),
                   "column type: 'STS' does not apply to year 2019 (STS applies 2016-2018 only)");
  expect_row_error(ROW("1234567890", "cst", "EN", "2018", "PDF", "SC", "05", "true", "a"),
                   "column type: 'cst' does not apply to year 2018 (CAST applies from 2019)");
  /* and the years where they do apply */
  expect_row_ok(ROW("1234567890", "CAASPP", "EN", "2025", "VIDEO", "ELA", "05", "true", "a"), NULL);
  expect_row_ok(ROW("1234567890", "CAASPP", "AR", "2024", "PDF", "ELA", "05", "true", "a"), NULL);
  expect_row_ok(ROW("1234567890", "LEXQUAN", "EN", "2023", "PDF", "ELA", "05", "true", "a"), NULL);
}

static void test_case_insensitive_format_and_final(void **state) {
  (void)state;
  struct manifest_row out;
  expect_row_ok(ROW("1234567890", "caaspp", "en", "2025", "pDf", "ELA", "05", "TrUe", "a"), &out);
  assert_string_equal(out.format, "PDF");
  assert_string_equal(out.type, "CAASPP");
  assert_string_equal(out.lang, "EN");
  assert_true(out.final);
  expect_row_ok(ROW("1234567890", "CAASPP", "EN", "2025", "video", "ELA", "05", "FALSE", "a"),
                &out);
  assert_string_equal(out.format, "VIDEO");
  assert_false(out.final);
}

/* ---- paths ---- */

static void test_relative_path_buffer(void **state) {
  (void)state;
  const char *m = HEADER "1234567890,CAASPP,EN,2025,PDF,ELA,05,true,sub/a.pdf\n"
                         "1234567890,CAASPP,EN,2025,PDF,ELA,05,true,/abs/a.pdf\n";
  struct seen s;
  struct sb_err err;
  assert_int_equal(read_str(m, "/data/", &s, &err), 0); /* no doubled slash */
  assert_int_equal(s.nrow, 2);
  assert_string_equal(s.rows[0].resolved, "/data/sub/a.pdf");
  assert_string_equal(s.rows[0].path, "sub/a.pdf");
  assert_string_equal(s.rows[1].resolved, "/abs/a.pdf");
  assert_int_equal(read_str(m, "", &s, &err), 0);
  assert_string_equal(s.rows[0].resolved, "sub/a.pdf");
}

static void write_file(const char *path, const char *data) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, strlen(data), f), strlen(data));
  assert_int_equal(fclose(f), 0);
}

static void test_relative_path_file(void **state) {
  (void)state;
  char dir[] = "/tmp/test_manifest_XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[128], want[160];
  snprintf(path, sizeof path, "%s/MANIFEST.csv", dir);
  write_file(path, HEADER "1234567890,CAASPP,EN,2025,PDF,ELA,05,true,reports/a.pdf\n");
  struct seen s = {0};
  struct sb_err err;
  assert_int_equal(manifest_read_file(path, on_row, on_err, &s, &err), 0);
  assert_int_equal(s.nrow, 1);
  snprintf(want, sizeof want, "%s/reports/a.pdf", dir);
  assert_string_equal(s.rows[0].resolved, want);
  unlink(path);
  rmdir(dir);
  assert_int_equal(manifest_read_file(path, on_row, on_err, &s, &err), -1);
  assert_non_null(strstr(err.msg, "cannot open"));
}

/* ---- the reader ---- */

static void test_reader_continues(void **state) {
  (void)state;
  const char *m = HEADER "1234567890,CAASPP,XX,2025,PDF,ELA,05,true,a\n"
                         "1234567890,CAASPP,EN,2025,PDF,\"ELA,\n"
                         "MATH\",05,true,b\n"
                         "1234567890,CAASPP,EN,2025,PDF,ELA,05,maybe,c\n"
                         "1234567890,CAASPP,EN,2025,PDF,ELA,05,true,d\n";
  struct seen s;
  struct sb_err err;
  assert_int_equal(read_str(m, NULL, &s, &err), 0);
  assert_int_equal(s.nerr, 3);
  assert_int_equal(s.err_lines[0], 2);
  assert_int_equal(s.err_lines[1], 3); /* the record starting on line 3 spans two lines */
  assert_int_equal(s.err_lines[2], 5);
  assert_string_equal(s.msgs[0], "line 2: column lang: 'XX' is not a report language code");
  assert_non_null(strstr(s.msgs[1], "line 3: column content_area: 'ELA,?MATH'"));
  assert_string_equal(s.msgs[2], "line 5: column final: 'maybe' is not true or false");
  assert_int_equal(s.nrow, 1);
  assert_int_equal(s.row_lines[0], 6);
  assert_string_equal(s.rows[0].path, "d");
}

static void test_reader_stops_on_error(void **state) {
  (void)state;
  const char *m = HEADER "1234567890,CAASPP,XX,2025,PDF,ELA,05,true,a\n"
                         "1234567890,CAASPP,EN,2025,PDF,ELA,05,true,d\n";
  struct sb_err err = {{0}};
  assert_int_equal(manifest_read_buffer(m, strlen(m), NULL, on_row, NULL, NULL, &err), -1);
  assert_string_equal(err.msg, "line 2: column lang: 'XX' is not a report language code");
  struct seen s = {0};
  s.error_rc = 1;
  assert_int_equal(manifest_read_buffer(m, strlen(m), NULL, on_row, on_err, &s, &err), -1);
  assert_int_equal(s.nerr, 1);
  assert_int_equal(s.nrow, 0);
}

static void test_file_level_errors(void **state) {
  (void)state;
  const char nul[] = HEADER "1234567890,CAASPP,EN,2025,PDF,ELA,05,true,a\0b\n";
  expect_file_error(nul, sizeof nul - 1, "line 2: field 9 contains a NUL byte");
  const char *latin1 = HEADER "1234567890,CAASPP,EN,2025,PDF,ELA,05,true,caf\xe9.pdf\n";
  expect_file_error(latin1, strlen(latin1), "line 2: field 9 is not valid UTF-8");
  const char *quote = HEADER "1234567890,CAASPP,EN,2025,PDF,ELA,05,true,a\"b\n";
  expect_file_error(quote, strlen(quote), "line 2: field 9 has a quote inside an unquoted");
  const char *open = HEADER "1234567890,CAASPP,EN,2025,PDF,\"ELA,05,true,a\n";
  expect_file_error(open, strlen(open), "line 2: unterminated quoted field");
  /* caret is not a manifest delimiter: the header is one unknown column */
  const char *caret = "ssid^type^lang^year^format^content_area^grade^final^path\n";
  expect_file_error(caret, strlen(caret), "line 1: header: unknown column 'ssid^type^lang^");
}

static void test_pure_functions(void **state) {
  (void)state;
  const char *hdr[] = {"path",   "ssid",         "type",  "lang", "year",
                       "format", "content_area", "grade", "final"};
  size_t hl[9];
  for (int i = 0; i < 9; i++)
    hl[i] = strlen(hdr[i]);
  struct manifest_header h;
  struct sb_err err;
  assert_int_equal(manifest_parse_header(hdr, hl, 9, &h, &err), 0);
  assert_int_equal(h.index[MCOL_PATH], 0);
  assert_int_equal(h.index[MCOL_SSID], 1);
  assert_int_equal(h.ncols, 9);
  const char *row[] = {"f.pdf", "1234567890", "ESA", "EN", "2025", "HTML", "EP", "03", "true"};
  size_t rl[9];
  for (int i = 0; i < 9; i++)
    rl[i] = strlen(row[i]);
  struct manifest_row out;
  assert_int_equal(manifest_parse_row(&h, row, rl, 9, "/base", &out, &err), 0);
  assert_string_equal(out.resolved, "/base/f.pdf");
  assert_string_equal(out.content_area, "EP");
  assert_string_equal(manifest_col_name(MCOL_CONTENT_AREA), "content_area");
  assert_int_equal(manifest_parse_header(hdr, hl, 8, &h, &err), -1);
  assert_string_equal(err.msg, "header: missing column final (the columns are "
                               "ssid,type,lang,year,format,content_area,grade,final,path)");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_good_file),
      cmocka_unit_test(test_reordered_columns),
      cmocka_unit_test(test_header_case_and_bom),
      cmocka_unit_test(test_header_only_and_empty),
      cmocka_unit_test(test_missing_column),
      cmocka_unit_test(test_unknown_column),
      cmocka_unit_test(test_duplicate_column),
      cmocka_unit_test(test_bad_ssid),
      cmocka_unit_test(test_bad_type),
      cmocka_unit_test(test_bad_lang),
      cmocka_unit_test(test_bad_year),
      cmocka_unit_test(test_bad_format),
      cmocka_unit_test(test_bad_content_area),
      cmocka_unit_test(test_wrong_column_count),
      cmocka_unit_test(test_bad_grade),
      cmocka_unit_test(test_bad_final),
      cmocka_unit_test(test_bad_path),
      cmocka_unit_test(test_resolved_too_long),
      cmocka_unit_test(test_codes_by_year),
      cmocka_unit_test(test_case_insensitive_format_and_final),
      cmocka_unit_test(test_relative_path_buffer),
      cmocka_unit_test(test_relative_path_file),
      cmocka_unit_test(test_reader_continues),
      cmocka_unit_test(test_reader_stops_on_error),
      cmocka_unit_test(test_file_level_errors),
      cmocka_unit_test(test_pure_functions),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
