/* csvread.h - a strict, streaming CSV record reader over libcsv, for files, in-memory
 * buffers and pushed chunks (uploads).
 *
 * What it accepts (RFC 4180 plus the ingest policy of c-stack.md §3):
 *   - delimiter ',' or '^', fixed or detected from the first non-blank line;
 *   - CR LF, LF or lone CR line ends, mixed; a last line without a line end;
 *   - a UTF-8 byte-order mark at the very start (dropped);
 *   - quoted fields holding delimiters, doubled quotes and line breaks;
 *   - blank lines, which are skipped (they are not records).
 * What it rejects, each a fatal error naming the line the record starts on:
 *   - a quote inside an unquoted field, text after a closing quote (CSV_STRICT);
 *   - a quoted field still open at the end of input (CSV_STRICT_FINI);
 *   - a NUL byte in a field; optionally a field that is not valid UTF-8;
 *   - more than max_fields fields, a field over max_field_len bytes, a record over
 *     max_record_len bytes.
 * Spaces are data: nothing is trimmed. An empty field is passed as "" (length 0), quoted
 * or not. The reader does not check that records have the same number of fields: the
 * caller knows how many it expects.
 *
 * Line numbers are physical lines, 1-based, counting LF, CR LF and a lone CR as one line
 * end each; a record is reported at the line it starts on even when a quoted field
 * carries it over several lines.
 *
 * Feeds: the input is cut into lines the same way however it is split into feeds (a
 * line cut by a feed boundary is held, within max_record_len, until its line end
 * arrives), so the records and the first error reported do not depend on the chunking.
 *
 * Speed: a complete line that holds no quote character and starts while no record is
 * open is split at the delimiter directly (that is all libcsv would do with it under
 * these options); everything else - quotes, records spanning lines, the last line
 * without a line end - goes through libcsv. Both paths give the same records and the
 * same messages: the unit tests and both fuzz targets compare them (opts.libcsv_only).
 *
 * Memory: the reader owns everything it allocates and frees it in csvread_free (the
 * one-shot functions free it themselves). Memory stays bounded by the limits whatever
 * the input size: 64 KiB read chunks plus one record. The field pointers handed to the
 * record callback are valid only during the call. Not thread-safe; use one reader per
 * thread. */
#ifndef SB_INGEST_CSVREAD_H
#define SB_INGEST_CSVREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

#define CSVREAD_CHUNK (64 * 1024)                /* bytes per read(2) of a file */
#define CSVREAD_DEFAULT_MAX_FIELDS 1024          /* when opts.max_fields is 0 */
#define CSVREAD_DEFAULT_MAX_FIELD (64 * 1024)    /* when opts.max_field_len is 0 */
#define CSVREAD_DEFAULT_MAX_RECORD (1024 * 1024) /* when opts.max_record_len is 0 */

struct csvread_opts {
  char delim;            /* ',' or '^'; 0 means ','. Ignored when detect_delim is set */
  bool detect_delim;     /* pick ',' or '^' by counting both outside quotes on the first
                            non-blank line (the more frequent wins; a tie is an error) */
  bool utf8;             /* reject a field that is not valid UTF-8 */
  bool libcsv_only;      /* send every line through libcsv, never the fast path below
                            (slower; for tests that compare the two) */
  size_t max_fields;     /* most fields in one record; 0 = CSVREAD_DEFAULT_MAX_FIELDS */
  size_t max_field_len;  /* most bytes in one field (after unquoting); 0 = default */
  size_t max_record_len; /* most raw bytes in one record, quotes, delimiters and line
                            ends included; 0 = default */
};

/* One record as the callback sees it. */
struct csvread_record {
  const char *const *fields; /* nfields NUL-terminated strings; never NULL */
  const size_t *lens;        /* their lengths in bytes (no NUL inside, see above) */
  size_t nfields;            /* >= 1 */
  size_t line;               /* physical line the record starts on, 1-based */
  size_t index;              /* 0 for the first record, 1 for the next, ... */
  char delim;                /* the delimiter in use (detected or fixed) */
};

/* Called once per record, in order. Return 0 to go on; a positive value to stop
 * reading quietly (the reader then returns 0 and ignores further input); -1 to fail
 * (the reader returns -1). On failure the callback may write a message into err (the
 * reader's own, never NULL); if it leaves it empty the reader writes a generic one. */
typedef int (*csvread_record_fn)(void *ctx, const struct csvread_record *rec, struct sb_err *err);

struct csvread;

/* Creates a push reader. opts may be NULL (all defaults, ','). cb must not be NULL.
 * Returns NULL with a message when the options are invalid or memory is short. */
struct csvread *csvread_new(const struct csvread_opts *opts, csvread_record_fn cb, void *ctx,
                            struct sb_err *err);
/* Feeds the next len bytes of input (any split, even one byte at a time). Calls cb for
 * every record completed by these bytes. Returns 0, or -1 with a message on the first
 * error; after an error or a stop, further feeds do nothing and return the same. */
int csvread_feed(struct csvread *r, const void *data, size_t len, struct sb_err *err);
/* Ends the input: emits a last record that has no line end, and fails on an open
 * quoted field. Returns 0 or -1 as csvread_feed. Call once, then csvread_free. */
int csvread_finish(struct csvread *r, struct sb_err *err);
/* The delimiter in use: the fixed one, the detected one, or 0 while still undecided. */
char csvread_delim(const struct csvread *r);
/* Records passed to the callback so far. */
size_t csvread_records(const struct csvread *r);
/* True when the callback stopped the reader with a positive return. */
bool csvread_stopped(const struct csvread *r);
/* Frees the reader. r may be NULL. */
void csvread_free(struct csvread *r);

/* Reads the file at path in CSVREAD_CHUNK pieces. Returns 0 when the whole file was read
 * (or the callback stopped it), or -1 with a message ("cannot open ...", "line 12:
 * unterminated quoted field ..."). */
int csvread_file(const char *path, const struct csvread_opts *opts, csvread_record_fn cb, void *ctx,
                 struct sb_err *err);
/* Same for len bytes at data (need not be NUL-terminated). */
int csvread_buffer(const void *data, size_t len, const struct csvread_opts *opts,
                   csvread_record_fn cb, void *ctx, struct sb_err *err);

/* Writes the len bytes at v into out for an error message: at most CSVREAD_SHOW_MAX
 * bytes, anything outside printable ASCII as '?', "..." when cut. out must hold
 * CSVREAD_SHOW_MAX + 4 bytes. */
#define CSVREAD_SHOW_MAX 40
void csvread_show(char *out, const char *v, size_t len);

/* True when the n bytes at s are well-formed UTF-8 (no overlong forms, no surrogates,
 * nothing above U+10FFFF). Used by the parsers built on this reader. */
bool csvread_utf8_valid(const char *s, size_t n);

#endif
