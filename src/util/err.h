/* err.h - an error message carried from where a failure is found to where it is shown.
 *
 * Convention across scorebridge: a function that can fail returns an int (0 on success,
 * -1 on failure) or a pointer (NULL on failure) and, on failure, writes a sentence a
 * person can act on into the caller's struct sb_err. The caller owns the struct; nothing
 * in it needs freeing. */
#ifndef SB_UTIL_ERR_H
#define SB_UTIL_ERR_H

#include <stddef.h>

#define SB_ERR_MAX 512

struct sb_err {
  char msg[SB_ERR_MAX];
};

/* Writes a printf-style message into e (truncated to fit). e may be NULL. Returns -1 so
 * that "return sb_err_set(e, ...);" reads naturally in functions returning int. */
int sb_err_set(struct sb_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Clears the message. */
void sb_err_clear(struct sb_err *e);

#endif
