/* test_pdf.c - the sandbox's PDF writer: xref offsets, string escaping, transliteration,
 * word wrap, failure cases, and (when pdftoppm is on PATH) that a real renderer opens
 * the file. */
#include "testutil.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sandbox/pdf.h"

static const struct pdf_rgb BLACK = {0, 0, 0};
static const struct pdf_rgb BLUE = {30, 80, 160};

/* Builds a small document of npages pages into out. */
static void build_doc(struct buf *out, int npages) {
  struct pdf_doc d;
  struct sb_err err = {{0}};
  pdf_init(&d);
  pdf_set_title(&d, "Test (report) \\ one");
  for (int p = 0; p < npages; p++) {
    pdf_new_page(&d);
    pdf_rect(&d, 36, 700, 540, 40, BLUE);
    pdf_text(&d, 48, 712, PDF_HELVETICA_BOLD, 18, BLACK, "Student Score Report (sandbox)");
    pdf_text(&d, 48, 680, PDF_HELVETICA, 11, BLACK, "Back\\slash, (parens) and \xc3\xa9t\xc3\xa9");
    pdf_text_wrap(&d, 48, 650, 200, PDF_HELVETICA, 10, 12, BLACK,
                  "A long paragraph that has to be wrapped over several lines because it is "
                  "much wider than two hundred points.");
  }
  assert_int_equal(pdf_finish(&d, out, &err), 0);
  pdf_free(&d);
}

/* Parses the xref table of a PDF held in data and checks that every in-use entry points
 * at "N 0 obj". Returns the number of objects checked. */
static int check_xref(const char *data, size_t len) {
  const char *sx = NULL;
  for (const char *p = data; (p = strstr(p, "startxref\n")) != NULL; p++)
    sx = p;
  assert_non_null(sx);
  char *end;
  unsigned long xref = strtoul(sx + strlen("startxref\n"), &end, 10);
  assert_true(xref < len);
  assert_memory_equal(data + xref, "xref\n", 5);
  const char *p = data + xref + 5;
  unsigned long first = strtoul(p, &end, 10);
  assert_int_equal(first, 0);
  unsigned long count = strtoul(end, &end, 10);
  assert_true(count >= 6);
  assert_int_equal(*end, '\n');
  p = end + 1;
  /* Each entry is exactly 20 bytes: 10-digit offset, space, 5-digit generation, space,
   * n/f, two-byte end of line. */
  assert_memory_equal(p, "0000000000 65535 f\r\n", 20);
  for (unsigned long i = 1; i < count; i++) {
    const char *e = p + 20 * i;
    assert_true(e[10] == ' ' && e[16] == ' ' && e[17] == 'n' && e[18] == '\r' && e[19] == '\n');
    unsigned long off = strtoul(e, NULL, 10);
    assert_true(off < xref);
    char want[32];
    int n = snprintf(want, sizeof want, "%lu 0 obj\n", i);
    assert_memory_equal(data + off, want, (size_t)n);
  }
  /* The trailer's /Size matches the table. */
  char size[48];
  snprintf(size, sizeof size, "/Size %lu ", count);
  assert_non_null(strstr(p + 20 * count, size));
  return (int)count - 1;
}

static void test_xref_offsets(void **state) {
  (void)state;
  for (int pages = 1; pages <= 3; pages++) {
    struct buf out;
    buf_init(&out, 1 << 20);
    build_doc(&out, pages);
    assert_memory_equal(out.data, "%PDF-1.4\n", 9);
    assert_int_equal(check_xref(out.data, out.len), 5 + 2 * pages);
    char count[32];
    snprintf(count, sizeof count, "/Count %d", pages);
    assert_non_null(strstr(out.data, count));
    assert_non_null(strstr(out.data, "%%EOF\n"));
    buf_free(&out);
  }
}

static void test_stream_lengths(void **state) {
  (void)state;
  struct buf out;
  buf_init(&out, 1 << 20);
  build_doc(&out, 2);
  /* Every "/Length N >>\nstream\n" is followed by exactly N bytes and "\nendstream". */
  int streams = 0;
  for (const char *p = out.data; (p = strstr(p, "/Length ")) != NULL; p++) {
    char *end;
    unsigned long n = strtoul(p + 8, &end, 10);
    assert_memory_equal(end, " >>\nstream\n", 11);
    const char *body = end + 11;
    assert_memory_equal(body + n, "\nendstream", 10);
    streams++;
  }
  assert_int_equal(streams, 2);
  buf_free(&out);
}

static void test_escaping(void **state) {
  (void)state;
  struct buf b;
  buf_init(&b, 4096);
  assert_int_equal(pdf_append_string(&b, "a(b)c\\d"), 0);
  assert_string_equal(buf_cstr(&b), "(a\\(b\\)c\\\\d)");
  buf_reset(&b);
  /* Latin-1 letters are transliterated, other characters become '?'. */
  assert_int_equal(pdf_append_string(&b, "A\xc3\xb1o \xc3\x89t\xc3\xa9 \xe5\xad\xb8 \xe2\x80\x93"),
                   0);
  assert_string_equal(buf_cstr(&b), "(Ano Ete ? -)");
  buf_reset(&b);
  /* A truncated UTF-8 sequence does not swallow what follows; control bytes are spaces. */
  assert_int_equal(pdf_append_string(&b, "x\xc3"), 0);
  assert_string_equal(buf_cstr(&b), "(x?)");
  buf_reset(&b);
  assert_int_equal(pdf_append_string(&b, "t\tab"), 0);
  assert_string_equal(buf_cstr(&b), "(t ab)");
  buf_free(&b);

  struct buf out;
  buf_init(&out, 1 << 20);
  build_doc(&out, 1);
  assert_non_null(strstr(out.data, "(Back\\\\slash, \\(parens\\) and ete) Tj"));
  assert_non_null(strstr(out.data, "/Title (Test \\(report\\) \\\\ one)"));
  buf_free(&out);
}

static void test_width_and_wrap(void **state) {
  (void)state;
  /* "ab" in Helvetica 10 pt: (556 + 556) * 10 / 1000 = 11.12, rounded up. */
  assert_int_equal(pdf_text_width(PDF_HELVETICA, 10, "ab"), 12);
  assert_true(pdf_text_width(PDF_HELVETICA_BOLD, 10, "WWW") >
              pdf_text_width(PDF_HELVETICA, 10, "iii"));
  struct pdf_doc d;
  pdf_init(&d);
  pdf_new_page(&d);
  int y =
      pdf_text_wrap(&d, 0, 100, 60, PDF_HELVETICA, 10, 12, BLACK, "one two three four five six");
  /* Lines of at most 60 points: at least two lines were needed. */
  assert_true(y <= 100 - 24);
  assert_int_equal((100 - y) % 12, 0);
  /* A word wider than the line still goes out, alone on its line. */
  y = pdf_text_wrap(&d, 0, 100, 5, PDF_HELVETICA, 10, 12, BLACK, "supercalifragilistic");
  assert_int_equal(y, 88);
  pdf_free(&d);
}

static void test_failures(void **state) {
  (void)state;
  struct pdf_doc d;
  struct sb_err err = {{0}};
  struct buf out;
  buf_init(&out, 1 << 20);
  pdf_init(&d);
  assert_int_equal(pdf_finish(&d, &out, &err), -1);
  assert_true(strlen(err.msg) > 0);
  /* Drawing before a page marks the document failed. */
  pdf_text(&d, 0, 0, PDF_HELVETICA, 10, BLACK, "x");
  pdf_new_page(&d);
  assert_int_equal(pdf_finish(&d, &out, &err), -1);
  pdf_free(&d);
  /* Too many pages. */
  pdf_init(&d);
  for (int i = 0; i <= PDF_MAX_PAGES; i++)
    pdf_new_page(&d);
  assert_int_equal(pdf_finish(&d, &out, &err), -1);
  pdf_free(&d);
  buf_free(&out);
}

static bool on_path(const char *prog) {
  const char *path = getenv("PATH");
  if (path == NULL) return false;
  char dir[1024];
  while (*path) {
    size_t n = strcspn(path, ":");
    if (n > 0 && n < sizeof dir - 64) {
      memcpy(dir, path, n);
      snprintf(dir + n, sizeof dir - n, "/%s", prog);
      if (access(dir, X_OK) == 0) return true;
    }
    path += n;
    if (*path == ':') path++;
  }
  return false;
}

/* Runs argv with stdout and stderr sent to /dev/null; returns the exit status. */
static int run(char *const argv[]) {
  pid_t pid = fork();
  if (pid == 0) {
    int fd = open("/dev/null", O_WRONLY);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    execvp(argv[0], argv);
    _exit(127);
  }
  int st = 0;
  if (pid < 0 || waitpid(pid, &st, 0) < 0) return -1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_pdftoppm_opens(void **state) {
  (void)state;
  if (!on_path("pdftoppm")) {
    skip();
    return;
  }
  char dir[] = "/tmp/test_pdf.XXXXXX";
  assert_non_null(mkdtemp(dir));
  char pdf[128], prefix[128], png[160];
  snprintf(pdf, sizeof pdf, "%s/t.pdf", dir);
  snprintf(prefix, sizeof prefix, "%s/page", dir);
  struct buf out;
  buf_init(&out, 1 << 20);
  build_doc(&out, 3);
  FILE *f = fopen(pdf, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(out.data, 1, out.len, f), out.len);
  assert_int_equal(fclose(f), 0);
  buf_free(&out);
  char *argv[] = {"pdftoppm", "-r", "20", "-png", pdf, prefix, NULL};
  assert_int_equal(run(argv), 0);
  /* pdftoppm names pages prefix-1.png ... prefix-3.png. */
  struct stat st;
  for (int i = 1; i <= 3; i++) {
    snprintf(png, sizeof png, "%s-%d.png", prefix, i);
    assert_int_equal(stat(png, &st), 0);
    assert_true(st.st_size > 0);
    unlink(png);
  }
  unlink(pdf);
  rmdir(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_xref_offsets), cmocka_unit_test(test_stream_lengths),
      cmocka_unit_test(test_escaping),     cmocka_unit_test(test_width_and_wrap),
      cmocka_unit_test(test_failures),     cmocka_unit_test(test_pdftoppm_opens),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
