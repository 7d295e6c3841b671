/* assessments.h - the state assessments the dashboards show, as a static catalogue: URL
 * name, record type, family, level names and which level counts as meeting the standard,
 * claim / domain / composite names (formats.md §2.5, §2.7, §3.1, §3.2, §5.3). Pure tables;
 * everything returned is static.
 *
 * "Met or above" (the overview's one number) is the share of students with a valid score
 * at or above `met_from`: Smarter Balanced and CAST levels 3-4 (Standard Met or Exceeded);
 * CAA and CSA level 3 of 3; Summative ELPAC level 4 (Well Developed: the ELPAC criterion
 * of reclassification, analytics-anchors.md §2.7); Summative Alternate ELPAC level 3 of 3;
 * Initial ELPAC and Initial Alternate level 3 (IFEP). */
#ifndef SB_ANALYTICS_ASSESSMENTS_H
#define SB_ANALYTICS_ASSESSMENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/score.h"

struct assessment {
  const char *slug;        /* "sb-ela": the URL's test= value */
  const char *record_type; /* "01" */
  enum score_family family;
  const char *name;       /* "Smarter Balanced ELA" */
  const char *short_name; /* "SB ELA" */
  int nlevels;
  const char *levels[4]; /* level 1..nlevels, lowest first */
  int met_from;          /* lowest level that counts as met or above */
  const char *met_label; /* "Met or Exceeded", "Well Developed", "IFEP", ... */
  int nclaims;           /* SB claims / reporting categories */
  const char *claims[4];
  int ndomains; /* CAST domains, ELPAC domains */
  const char *domains[4];
  const char *claim_levels[3]; /* 1..3 of a claim or domain */
  bool composites;             /* ELPAC oral and written composites */
  int ncomposite_levels;       /* 4 Summative, 3 Initial */
  bool dfs;                    /* Distance from Standard (SB ELA and math) */
};

/* The whole catalogue, overview order; *n gets its length. */
const struct assessment *assessments(size_t *n);
/* By URL name or by record type; NULL when unknown. */
const struct assessment *assessment_by_slug(const char *slug);
const struct assessment *assessment_by_record_type(const char *rt);

#endif
