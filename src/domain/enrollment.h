/* enrollment.h - one enrollment span from the CALPADS feed, as the permission rule and
 * the store see it. Plain data; no memory to free. */
#ifndef SB_DOMAIN_ENROLLMENT_H
#define SB_DOMAIN_ENROLLMENT_H

#include <stdint.h>

/* CALPADS Enrollment Status Code (SENR 1.23). */
enum enroll_status {
  ENROLL_PRIMARY = 10,
  ENROLL_SECONDARY = 20,
  ENROLL_SHORT_TERM = 30,
  ENROLL_NON_ADA = 50,
};

struct enrollment_span {
  char ssid[11];
  char lea[8];         /* reporting LEA, 7 digits */
  char school[8];      /* school of attendance, 7 digits */
  int32_t start;       /* enrollment start date, YYYYMMDD */
  int32_t exit;        /* enrollment exit date, YYYYMMDD; 0 while open */
  int status;          /* enum enroll_status */
  char exit_reason[5]; /* e.g. "T160"; "" when open */
  char grade[3];       /* CALPADS grade level code */
  int academic_year;   /* administration year of the record (2025 for 2024-2025) */
};

#endif
