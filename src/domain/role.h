/* role.h - who may do what on the web side: the roles of web users and the pure rules
 * that decide which Student Score Data Files (enum score_family) a user may load, and for
 * which LEA. No I/O; callers own every buffer.
 *
 * A user acts for exactly one LEA (7-digit code). The roles:
 *   lea-caaspp-coordinator   loads CAASPP files of its LEA
 *   lea-elpac-coordinator    loads Summative and Initial ELPAC files of its LEA
 *   district-lead            loads all three families for its LEA
 *   site-admin               one or more schools (14-digit CDS) of its LEA; loads nothing;
 *                            sees the dashboards and rosters of its schools only
 *   aggregate-viewer         sees the LEA's dashboards with small groups suppressed and
 *                            no student: board members, partners, public-facing staff
 *                            (analytics-anchors.md §3.2, §3.4); loads nothing
 * Dashboards (role_may_view_family, role_may_view_school): every role sees its own LEA;
 * a coordinator only the families it loads; rosters (role_may_see_students) every role
 * with a legitimate educational interest, which is all but aggregate-viewer.
 * Anything not allowed here is refused: the rules are an allow-list. */
#ifndef SB_DOMAIN_ROLE_H
#define SB_DOMAIN_ROLE_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/score.h"

#define ROLE_MAX_SCHOOLS 32
#define ROLE_SCHOOLS_TEXT (ROLE_MAX_SCHOOLS * 15) /* "cds,cds,..." with NUL */

enum role {
  ROLE_NONE = 0,
  ROLE_LEA_CAASPP_COORDINATOR,
  ROLE_LEA_ELPAC_COORDINATOR,
  ROLE_DISTRICT_LEAD,
  ROLE_SITE_ADMIN,
  ROLE_AGGREGATE_VIEWER,
};

/* What the rules need to know of a user. */
struct principal {
  enum role role;
  char lea[8];
  size_t nschools;
  char schools[ROLE_MAX_SCHOOLS][15];
};

/* "district-lead" etc., or "none" for ROLE_NONE / unknown values. Static string. */
const char *role_name(enum role r);
/* Parses a role name (exact spelling). Returns 0 and sets *out, or -1. */
int role_parse(const char *s, enum role *out);
/* True when the role needs at least one school (site-admin) and false when schools make
 * no sense for it. */
bool role_needs_schools(enum role r);

/* True when p may load files of family f for lea. */
bool role_may_load(const struct principal *p, enum score_family f, const char *lea);
/* True when p may load files of any family for any LEA (shows the Files page at all). */
bool role_may_load_any(const struct principal *p);
/* The families p may load for its own LEA, as bits (1u << family); 0 when none. */
unsigned role_families(const struct principal *p);
/* True when p may see results of school (14-digit CDS) of lea: the LEA-wide roles see
 * every school of their LEA, a site-admin only its own. */
bool role_may_view_school(const struct principal *p, const char *lea, const char *school);

/* True when p may see dashboards of family f for lea. */
bool role_may_view_family(const struct principal *p, enum score_family f, const char *lea);
/* True when p may see the LEA-wide results (all schools together) of lea: every role but
 * site-admin. */
bool role_may_view_lea(const struct principal *p, const char *lea);
/* True when p may see individual students (rosters) at all; which ones is then
 * role_may_view_school's answer for their school. */
bool role_may_see_students(const struct principal *p);

/* Parses "cds,cds" into p->schools (every entry 14 digits, no duplicates). Returns 0 or
 * -1. An empty text gives no schools. */
int role_schools_parse(struct principal *p, const char *text);
/* Writes p's schools as "cds,cds" into out. Returns 0 or -1 when it does not fit. */
int role_schools_format(const struct principal *p, char *out, size_t n);

/* "caaspp", "summative-elpac", "initial-elpac" <-> enum score_family. */
const char *role_family_name(enum score_family f);
int role_family_parse(const char *s, enum score_family *out);

#endif
