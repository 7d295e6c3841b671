/* fsutil.h - small file-system helpers: make directories, read a whole (small) file,
 * write a file atomically (temp file + fsync + rename). */
#ifndef SB_UTIL_FSUTIL_H
#define SB_UTIL_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

#include "util/err.h"

/* mkdir -p with the given mode for created directories. */
int fs_mkdirs(const char *path, mode_t mode, struct sb_err *err);
/* Reads at most max bytes of path into a new NUL-terminated buffer (caller frees).
 * Fails when the file is larger than max. */
char *fs_read_file(const char *path, size_t max, size_t *len, struct sb_err *err);
/* Writes data to path atomically with the given mode. */
int fs_write_file_atomic(const char *path, const void *data, size_t len, mode_t mode,
                         struct sb_err *err);
/* Joins a directory and a name into out. Fails when it does not fit. */
int fs_join(char *out, size_t outsz, const char *dir, const char *name);

#endif
