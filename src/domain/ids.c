/* ids.c - see ids.h. */
#include "domain/ids.h"

#include <stddef.h>

bool ids_all_digits(const char *s, int n) {
  if (s == NULL) return false;
  for (int i = 0; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return false;
  return s[n] == '\0';
}

bool ids_valid_ssid(const char *s) {
  return ids_all_digits(s, SSID_LEN);
}

/* Only the shape is checked: the seed's own examples use county 00 ("0011111"). */
bool ids_valid_lea(const char *s) {
  return ids_all_digits(s, LEA_LEN);
}

bool ids_valid_school(const char *s) {
  return ids_all_digits(s, SCHOOL_LEN);
}
