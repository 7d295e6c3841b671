/* pdf.h - a small PDF 1.4 writer for the sandbox's score reports.
 *
 * US Letter pages (612 x 792 points, origin bottom left), the two standard fonts
 * Helvetica and Helvetica-Bold (WinAnsiEncoding, no embedding), text lines and filled
 * rectangles. No compression, images or dates, so the same calls give byte-identical
 * files. Text is printed as ASCII: UTF-8 Latin-1 letters are transliterated ("e" for
 * "é"), anything else becomes "?"; ( ) and \ are escaped.
 *
 * Drawing calls never fail by themselves: when memory runs out (or a page grows past
 * PDF_PAGE_MAX bytes, or more than PDF_MAX_PAGES pages are begun) the document is marked
 * failed and pdf_finish reports it. The document owns its page buffers; pdf_free
 * releases them (also after pdf_finish). */
#ifndef SB_SANDBOX_PDF_H
#define SB_SANDBOX_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

#define PDF_MAX_PAGES 8
#define PDF_PAGE_W 612
#define PDF_PAGE_H 792
#define PDF_PAGE_MAX (256 * 1024)

enum pdf_font { PDF_HELVETICA, PDF_HELVETICA_BOLD };

struct pdf_rgb {
  uint8_t r, g, b;
};

struct pdf_doc {
  struct buf page[PDF_MAX_PAGES]; /* content stream of each page */
  int npages;
  bool failed;
  char title[128]; /* document information Title (ASCII) */
};

/* Starts an empty document (no pages). */
void pdf_init(struct pdf_doc *d);
/* Sets the document title stored in the information dictionary. */
void pdf_set_title(struct pdf_doc *d, const char *title);
/* Begins a new page; later drawing goes to it. */
void pdf_new_page(struct pdf_doc *d);
/* Fills the rectangle with lower-left corner (x, y), width w and height h. */
void pdf_rect(struct pdf_doc *d, int x, int y, int w, int h, struct pdf_rgb fill);
/* Draws one line of text with its baseline starting at (x, y). */
void pdf_text(struct pdf_doc *d, int x, int y, enum pdf_font f, int size, struct pdf_rgb color,
              const char *text);
/* Draws text word-wrapped to width points, lines leading points apart, first baseline
 * at y. Returns the baseline y of the line after the last one drawn. */
int pdf_text_wrap(struct pdf_doc *d, int x, int y, int width, enum pdf_font f, int size,
                  int leading, struct pdf_rgb color, const char *text);
/* Width in points (rounded up) of text set in font f at size, as pdf_text prints it. */
int pdf_text_width(enum pdf_font f, int size, const char *text);

/* Appends text to out as a PDF literal string "(...)": transliterated to ASCII, with
 * ( ) \ escaped. Returns 0, or -1 when out is full. */
int pdf_append_string(struct buf *out, const char *text);

/* Appends the complete file (header, objects, xref table, trailer) to out. Fails when the
 * document has no page or drawing failed. The document can be freed afterwards. */
int pdf_finish(struct pdf_doc *d, struct buf *out, struct sb_err *err);
/* Releases the page buffers. */
void pdf_free(struct pdf_doc *d);

#endif
