/* score_columns.h - header rows of the Student Score Data File layouts known column by
 * column (see score_columns.c for the sources). Static data; nothing to free. */
#ifndef SB_INGEST_SCORE_COLUMNS_H
#define SB_INGEST_SCORE_COLUMNS_H

#include <stddef.h>

#include "domain/score.h"

struct score_columns {
  enum score_family family;
  int year;                 /* administration (spring) year whose files have this header */
  size_t ncols;             /* including EndofRecord, the last column */
  const char *const *names; /* ncols column names, exactly as in the file's header row */
};

extern const struct score_columns score_columns_known[];
extern const size_t score_columns_known_count;

#endif
