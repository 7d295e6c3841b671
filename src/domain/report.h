/* report.h - one registered score report file, as the store returns it and the API lists
 * it. Plain data; no memory to free. */
#ifndef SB_DOMAIN_REPORT_H
#define SB_DOMAIN_REPORT_H

#include <stdbool.h>
#include <stdint.h>

struct report {
  int64_t id;
  char ssid[11];
  char type[8];          /* table 1, canonical */
  char lang[3];          /* table 2 */
  int year;              /* administration year */
  char format[6];        /* PDF, HTML or VIDEO */
  char content_area[32]; /* e.g. "ELA,MATH" */
  char grade[3];         /* "KN", "01".."12" */
  bool final;
  char sha256[65];       /* content address of the file in the blob store */
  int64_t size;          /* bytes */
  char content_type[48]; /* e.g. "application/pdf" */
  int64_t updated_at;    /* when the row last changed (Unix seconds) */
};

#endif
