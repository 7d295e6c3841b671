/* err.c - see err.h. */
#include "util/err.h"

#include <stdarg.h>
#include <stdio.h>

int sb_err_set(struct sb_err *e, const char *fmt, ...) {
  if (e == NULL) return -1;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(e->msg, sizeof e->msg, fmt, ap);
  va_end(ap);
  return -1;
}

void sb_err_clear(struct sb_err *e) {
  if (e) e->msg[0] = '\0';
}
