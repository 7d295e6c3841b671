/* pdf.c - see pdf.h.
 *
 * File layout written by pdf_finish (object numbers):
 *   1 Catalog, 2 Pages, 3 font Helvetica, 4 font Helvetica-Bold, 5 Info,
 *   then for page i (0-based): 6 + 2i the Page, 7 + 2i its content stream.
 * The xref table has one 20-byte entry per object, offsets counted from the first byte
 * of the file. */
#include "sandbox/pdf.h"

#include "util/fmt.h"

#include <string.h>

/* Advance widths (1/1000 em) of WinAnsi characters 32..126 (Adobe core font metrics). */
static const short HELV_W[95] = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333,  278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667,  611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278,  556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500,  500, 334, 260, 334, 584};

static const short HELV_BOLD_W[95] = {
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
    611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
    278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584};

/* ASCII stand-ins for U+00C0..U+00FF. */
static const char LATIN1[] = "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";

/* Decodes one UTF-8 character at *p (advancing *p) and returns its ASCII stand-in. */
static char ascii_next(const unsigned char **p) {
  const unsigned char *s = *p;
  unsigned c = s[0];
  if (c < 0x80) {
    *p = s + 1;
    return c < 0x20 || c == 0x7F ? ' ' : (char)c;
  }
  int n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
  unsigned cp = n == 3 ? c & 0x07 : n == 2 ? c & 0x0F : c & 0x1F;
  if (n == 0) {
    *p = s + 1;
    return '?';
  }
  for (int i = 1; i <= n; i++) {
    if ((s[i] & 0xC0) != 0x80) { /* truncated sequence: skip the lead byte only */
      *p = s + 1;
      return '?';
    }
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  *p = s + n + 1;
  if (cp >= 0xC0 && cp <= 0xFF) return LATIN1[cp - 0xC0];
  switch (cp) {
  case 0xA0:
    return ' ';
  case 0x2010:
  case 0x2011:
  case 0x2012:
  case 0x2013:
  case 0x2014:
    return '-';
  case 0x2018:
  case 0x2019:
    return '\'';
  case 0x201C:
  case 0x201D:
    return '"';
  default:
    return '?';
  }
}

/* Transliterates text into out (at most cap-1 characters, NUL-terminated). */
static size_t to_ascii(const char *text, char *out, size_t cap) {
  const unsigned char *p = (const unsigned char *)text;
  size_t n = 0;
  while (*p && n + 1 < cap)
    out[n++] = ascii_next(&p);
  out[n] = '\0';
  return n;
}

static int char_width(enum pdf_font f, char c) {
  unsigned u = (unsigned char)c;
  if (u < 32 || u > 126) u = '?';
  return f == PDF_HELVETICA_BOLD ? HELV_BOLD_W[u - 32] : HELV_W[u - 32];
}

static int ascii_width(enum pdf_font f, int size, const char *s, size_t n) {
  long sum = 0;
  for (size_t i = 0; i < n; i++)
    sum += char_width(f, s[i]);
  return (int)((sum * size + 999) / 1000);
}

int pdf_text_width(enum pdf_font f, int size, const char *text) {
  char tmp[2048];
  size_t n = to_ascii(text, tmp, sizeof tmp);
  return ascii_width(f, size, tmp, n);
}

static int append_ascii_string(struct buf *out, const char *s, size_t n) {
  char tmp[4200];
  size_t k = 0;
  tmp[k++] = '(';
  for (size_t i = 0; i < n && k + 4 < sizeof tmp; i++) {
    char c = s[i];
    if (c == '(' || c == ')' || c == '\\') tmp[k++] = '\\';
    tmp[k++] = c;
  }
  tmp[k++] = ')';
  return buf_append(out, tmp, k);
}

int pdf_append_string(struct buf *out, const char *text) {
  char tmp[2048];
  size_t n = to_ascii(text, tmp, sizeof tmp);
  return append_ascii_string(out, tmp, n);
}

void pdf_init(struct pdf_doc *d) {
  memset(d, 0, sizeof *d);
  for (int i = 0; i < PDF_MAX_PAGES; i++)
    buf_init(&d->page[i], PDF_PAGE_MAX);
}

void pdf_set_title(struct pdf_doc *d, const char *title) {
  to_ascii(title, d->title, sizeof d->title);
}

void pdf_new_page(struct pdf_doc *d) {
  if (d->npages == PDF_MAX_PAGES) {
    d->failed = true;
    return;
  }
  d->npages++;
}

static struct buf *cur(struct pdf_doc *d) {
  if (d->npages == 0 || d->failed) {
    d->failed = true;
    return NULL;
  }
  return &d->page[d->npages - 1];
}

/* Appends a decimal integer (no printf: these run for every drawing operator). */
static int put_int(struct buf *b, long v) {
  char t[FMT_INT64_MAX];
  return buf_append(b, t, fmt_int64(v, t));
}

/* Appends "v " for each integer of vals. */
static int put_ints(struct buf *b, const long *vals, int n) {
  int rc = 0;
  for (int i = 0; i < n; i++)
    rc |= put_int(b, vals[i]) | buf_putc(b, ' ');
  return rc;
}

/* Writes a colour component 0..255 as a decimal 0.000..1.000 (integers only). */
static int put_unit(struct buf *b, int v) {
  int milli = v * 1000 / 255;
  char t[7] = {(char)('0' + milli / 1000),     '.',
               (char)('0' + milli / 100 % 10), (char)('0' + milli / 10 % 10),
               (char)('0' + milli % 10),       ' '};
  return buf_append(b, t, 6);
}

static int put_rgb(struct buf *b, struct pdf_rgb c) {
  if (put_unit(b, c.r) || put_unit(b, c.g) || put_unit(b, c.b)) return -1;
  return buf_puts(b, "rg\n");
}

void pdf_rect(struct pdf_doc *d, int x, int y, int w, int h, struct pdf_rgb fill) {
  struct buf *b = cur(d);
  if (b == NULL) return;
  const long v[4] = {x, y, w, h};
  if (put_rgb(b, fill) || put_ints(b, v, 4) || buf_puts(b, "re f\n")) d->failed = true;
}

static void text_ascii(struct pdf_doc *d, int x, int y, enum pdf_font f, int size,
                       struct pdf_rgb color, const char *s, size_t n) {
  struct buf *b = cur(d);
  if (b == NULL) return;
  const long v[3] = {size, x, y};
  if (put_rgb(b, color) || buf_puts(b, f == PDF_HELVETICA_BOLD ? "BT /F2 " : "BT /F1 ") ||
      put_ints(b, v, 1) || buf_puts(b, "Tf ") || put_ints(b, v + 1, 2) || buf_puts(b, "Td ") ||
      append_ascii_string(b, s, n) || buf_puts(b, " Tj ET\n"))
    d->failed = true;
}

void pdf_text(struct pdf_doc *d, int x, int y, enum pdf_font f, int size, struct pdf_rgb color,
              const char *text) {
  char tmp[2048];
  size_t n = to_ascii(text, tmp, sizeof tmp);
  text_ascii(d, x, y, f, size, color, tmp, n);
}

int pdf_text_wrap(struct pdf_doc *d, int x, int y, int width, enum pdf_font f, int size,
                  int leading, struct pdf_rgb color, const char *text) {
  char tmp[2048];
  size_t n = to_ascii(text, tmp, sizeof tmp);
  const long limit = (long)width * 1000; /* in 1/1000 em x points */
  size_t start = 0;
  while (start < n) {
    while (start < n && tmp[start] == ' ')
      start++;
    if (start >= n) break;
    /* Take words while the line fits; always at least one word. Widths add up as the
     * line grows, so each character is measured once. */
    size_t fit = start, pos = start;
    long w = 0;
    while (pos < n) {
      long add = 0;
      size_t e = pos;
      while (e < n && tmp[e] == ' ')
        add += char_width(f, tmp[e++]);
      while (e < n && tmp[e] != ' ')
        add += char_width(f, tmp[e++]);
      if (fit != start && (w + add) * size > limit) break;
      w += add;
      fit = pos = e;
    }
    text_ascii(d, x, y, f, size, color, tmp + start, fit - start);
    y -= leading;
    start = fit;
  }
  return y;
}

int pdf_finish(struct pdf_doc *d, struct buf *out, struct sb_err *err) {
  if (d->failed) return sb_err_set(err, "the PDF could not be drawn (out of memory or too big)");
  if (d->npages == 0) return sb_err_set(err, "a PDF needs at least one page");
  const size_t base = out->len;
  const int nobj = 5 + 2 * d->npages; /* objects 1..nobj */
  size_t off[5 + 2 * PDF_MAX_PAGES + 1];
  int rc = 0;

  /* The second line's high bytes mark the file as binary for transfer tools. */
  rc |= buf_puts(out, "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
  off[1] = out->len - base;
  rc |= buf_puts(out, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
  off[2] = out->len - base;
  rc |= buf_puts(out, "2 0 obj\n<< /Type /Pages /Kids [");
  for (int i = 0; i < d->npages; i++)
    rc |= buf_printf(out, "%s%d 0 R", i ? " " : "", 6 + 2 * i);
  rc |= buf_printf(out, "] /Count %d >>\nendobj\n", d->npages);
  off[3] = out->len - base;
  rc |= buf_puts(out, "3 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                      "/Encoding /WinAnsiEncoding >>\nendobj\n");
  off[4] = out->len - base;
  rc |= buf_puts(out, "4 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold "
                      "/Encoding /WinAnsiEncoding >>\nendobj\n");
  off[5] = out->len - base;
  rc |= buf_puts(out, "5 0 obj\n<< /Producer (scorebridge sandbox) /Title ");
  rc |= append_ascii_string(out, d->title, strlen(d->title));
  rc |= buf_puts(out, " >>\nendobj\n");
  for (int i = 0; i < d->npages; i++) {
    int page_obj = 6 + 2 * i;
    off[page_obj] = out->len - base;
    rc |= buf_printf(out,
                     "%d 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
                     "/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R "
                     ">>\nendobj\n",
                     page_obj, PDF_PAGE_W, PDF_PAGE_H, page_obj + 1);
    off[page_obj + 1] = out->len - base;
    const struct buf *pg = &d->page[i];
    rc |= buf_printf(out, "%d 0 obj\n<< /Length %zu >>\nstream\n", page_obj + 1, pg->len);
    rc |= buf_append(out, buf_cstr(pg), pg->len);
    rc |= buf_puts(out, "\nendstream\nendobj\n");
  }
  size_t xref = out->len - base;
  rc |= buf_printf(out, "xref\n0 %d\n0000000000 65535 f\r\n", nobj + 1);
  for (int i = 1; i <= nobj; i++)
    rc |= buf_printf(out, "%010zu 00000 n\r\n", off[i]);
  rc |=
      buf_printf(out, "trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
                 nobj + 1, xref);
  if (rc != 0) return sb_err_set(err, "out of memory writing a PDF");
  return 0;
}

void pdf_free(struct pdf_doc *d) {
  for (int i = 0; i < PDF_MAX_PAGES; i++)
    buf_free(&d->page[i]);
  d->npages = 0;
}
