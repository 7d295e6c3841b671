/* blob.h - the store for report files, addressed by content (SHA-256).
 *
 * A file is kept once however many reports point at it. The local backend keeps
 * <dir>/sha256/ab/<64 hex>; an S3-compatible backend can follow behind these calls.
 * A struct blob_store is read-only after open and may be shared by threads. */
#ifndef SB_BLOB_BLOB_H
#define SB_BLOB_BLOB_H

#include <stdint.h>

#include "util/err.h"

struct blob_store;

/* Opens (creating when missing) the store rooted at dir. Caller frees with blob_close. */
struct blob_store *blob_open(const char *dir, struct sb_err *err);
void blob_close(struct blob_store *b);

/* Copies the file at src into the store, hashing it on the way. Writes the hex SHA-256
 * into sha256 (65 bytes) and the size into *size. A file already present is not copied
 * again. The copy is not yet durable: call blob_sync before recording it anywhere. */
int blob_put_file(struct blob_store *b, const char *src, char sha256[65], int64_t *size,
                  struct sb_err *err);

/* Writing a blob whose bytes arrive in pieces (an upload): the content is hashed as it
 * is written to a temporary file, and commit moves it to its place (or drops it when the
 * same content is already stored). new returns NULL with err; after commit (success or
 * not) or abort the writer is freed. Not yet durable: see blob_sync. */
struct blob_writer;
struct blob_writer *blob_writer_new(struct blob_store *b, struct sb_err *err);
int blob_writer_write(struct blob_writer *w, const void *data, size_t n, struct sb_err *err);
int blob_writer_commit(struct blob_writer *w, char sha256[65], int64_t *size, struct sb_err *err);
void blob_writer_abort(struct blob_writer *w);

/* Makes every blob written so far durable (one syncfs of the store's file system rather
 * than an fsync per file). Call it before committing the rows that point at them. */
int blob_sync(struct blob_store *b, struct sb_err *err);

/* Opens the blob for reading. Returns the fd (caller closes) and its size, or -1. */
int blob_open_read(struct blob_store *b, const char *sha256, int64_t *size, struct sb_err *err);

/* Hashes a whole file (hex SHA-256 into out, 65 bytes). Used for import idempotence. */
int blob_sha256_file(const char *path, char out[65], int64_t *size, struct sb_err *err);

#endif
