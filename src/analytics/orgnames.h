/* orgnames.h - the names of an LEA and its schools, by code, as the score files gave them
 * (the store keeps them: store_names_list), for labels and the research file's name
 * columns. A small growable table; the caller owns it (orgnames_new / orgnames_free) and
 * the strings it returns live as long as it does. */
#ifndef SB_ANALYTICS_ORGNAMES_H
#define SB_ANALYTICS_ORGNAMES_H

#include <stddef.h>

struct orgnames;

struct orgnames *orgnames_new(void); /* NULL when out of memory */
void orgnames_free(struct orgnames *m);
/* Adds (or replaces) the name of code. Returns 0, or -1 when out of memory. Its shape is
 * store_name_fn's, so a store listing can fill the table directly. */
int orgnames_add(void *m, const char *code, const char *name);
/* The name of code, or NULL when none is known. */
const char *orgnames_get(const struct orgnames *m, const char *code);
/* The i-th code in the order added (0 <= i < orgnames_count), or NULL past the end. */
size_t orgnames_count(const struct orgnames *m);
const char *orgnames_code(const struct orgnames *m, size_t i);
/* The name of code, or the code itself. */
const char *orgnames_label(const struct orgnames *m, const char *code);

#endif
