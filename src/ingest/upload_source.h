/* upload_source.h - the bytes of an uploaded score data file, whether the user sent the
 * .csv itself or the whole ZIP as TOMS delivers it (a caret-delimited .csv beside a
 * fixed-width .dat and another file).
 *
 * A ZIP is recognised by its signature, not its name. Inside it, the entry read is the
 * one .csv (by name, case-insensitive; with several, the one named like TOMS's
 * "..._DLMTR.CSV"); .dat and other entries are ignored. Everything is streamed: neither
 * the ZIP nor the entry is held in memory. The source owns the file descriptor it is
 * given and closes it in upload_source_close. */
#ifndef SB_INGEST_UPLOAD_SOURCE_H
#define SB_INGEST_UPLOAD_SOURCE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/err.h"

struct upload_source;

/* Opens fd (always taken over, closed on failure too). Returns NULL with err on failure;
 * *bad_input is then true when the fault is the file's (a ZIP without a .csv, a damaged
 * ZIP), false when it is the system's. */
struct upload_source *upload_source_open(int fd, struct sb_err *err, bool *bad_input);
/* Reads up to n bytes. Returns the count (0 at the end), or -1 with err. */
ssize_t upload_source_read(struct upload_source *s, void *buf, size_t n, struct sb_err *err);
/* Size of the data read (the entry's uncompressed size inside a ZIP), -1 when unknown. */
int64_t upload_source_size(const struct upload_source *s);
/* The .csv entry's name inside a ZIP, or NULL for a plain file. */
const char *upload_source_entry(const struct upload_source *s);
void upload_source_close(struct upload_source *s);

#endif
