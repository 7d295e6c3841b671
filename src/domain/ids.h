/* ids.h - shapes of the identifiers the system trades in: SSID (10 digits), LEA code
 * (7 digits: county + district), school code (7 digits), CDS (14 digits). Pure. */
#ifndef SB_DOMAIN_IDS_H
#define SB_DOMAIN_IDS_H

#include <stdbool.h>

#define SSID_LEN 10
#define LEA_LEN 7
#define SCHOOL_LEN 7

bool ids_valid_ssid(const char *s);
bool ids_valid_lea(const char *s);
bool ids_valid_school(const char *s);
/* True when s is exactly n ASCII digits. */
bool ids_all_digits(const char *s, int n);

#endif
