/* role.c - see role.h. */
#include "domain/role.h"

#include <stdio.h>
#include <string.h>

#include "domain/ids.h"

static const struct {
  enum role role;
  const char *name;
} ROLES[] = {
    {ROLE_LEA_CAASPP_COORDINATOR, "lea-caaspp-coordinator"},
    {ROLE_LEA_ELPAC_COORDINATOR, "lea-elpac-coordinator"},
    {ROLE_DISTRICT_LEAD, "district-lead"},
    {ROLE_SITE_ADMIN, "site-admin"},
    {ROLE_AGGREGATE_VIEWER, "aggregate-viewer"},
};

const char *role_name(enum role r) {
  for (size_t i = 0; i < sizeof ROLES / sizeof ROLES[0]; i++)
    if (ROLES[i].role == r) return ROLES[i].name;
  return "none";
}

int role_parse(const char *s, enum role *out) {
  if (s == NULL) return -1;
  for (size_t i = 0; i < sizeof ROLES / sizeof ROLES[0]; i++)
    if (strcmp(ROLES[i].name, s) == 0) {
      *out = ROLES[i].role;
      return 0;
    }
  return -1;
}

bool role_needs_schools(enum role r) {
  return r == ROLE_SITE_ADMIN;
}

static bool family_valid(enum score_family f) {
  return f == SCORE_CAASPP || f == SCORE_SUMMATIVE_ELPAC || f == SCORE_INITIAL_ELPAC;
}

bool role_may_load(const struct principal *p, enum score_family f, const char *lea) {
  if (p == NULL || lea == NULL || !family_valid(f) || !ids_valid_lea(p->lea) ||
      strcmp(p->lea, lea) != 0)
    return false;
  switch (p->role) {
  case ROLE_DISTRICT_LEAD:
    return true;
  case ROLE_LEA_CAASPP_COORDINATOR:
    return f == SCORE_CAASPP;
  case ROLE_LEA_ELPAC_COORDINATOR:
    return f == SCORE_SUMMATIVE_ELPAC || f == SCORE_INITIAL_ELPAC;
  case ROLE_SITE_ADMIN:
  case ROLE_NONE:
  default:
    return false;
  }
}

static const enum score_family FAMILIES[] = {SCORE_CAASPP, SCORE_SUMMATIVE_ELPAC,
                                             SCORE_INITIAL_ELPAC};
#define NFAMILIES (sizeof FAMILIES / sizeof FAMILIES[0])

unsigned role_families(const struct principal *p) {
  unsigned m = 0;
  for (size_t i = 0; p && i < NFAMILIES; i++)
    if (role_may_load(p, FAMILIES[i], p->lea)) m |= 1u << FAMILIES[i];
  return m;
}

bool role_may_load_any(const struct principal *p) {
  return role_families(p) != 0;
}

bool role_may_view_school(const struct principal *p, const char *lea, const char *school) {
  if (p == NULL || lea == NULL || school == NULL || !ids_valid_lea(p->lea) ||
      strcmp(p->lea, lea) != 0 || !ids_all_digits(school, 14) || strncmp(school, lea, 7) != 0)
    return false;
  switch (p->role) {
  case ROLE_DISTRICT_LEAD:
  case ROLE_LEA_CAASPP_COORDINATOR:
  case ROLE_LEA_ELPAC_COORDINATOR:
  case ROLE_AGGREGATE_VIEWER:
    return true;
  case ROLE_SITE_ADMIN:
    for (size_t i = 0; i < p->nschools; i++)
      if (strcmp(p->schools[i], school) == 0) return true;
    return false;
  case ROLE_NONE:
  default:
    return false;
  }
}

static bool own_lea(const struct principal *p, const char *lea) {
  return p != NULL && lea != NULL && ids_valid_lea(p->lea) && strcmp(p->lea, lea) == 0;
}

bool role_may_view_family(const struct principal *p, enum score_family f, const char *lea) {
  if (!own_lea(p, lea) || !family_valid(f)) return false;
  switch (p->role) {
  case ROLE_DISTRICT_LEAD:
  case ROLE_SITE_ADMIN:
  case ROLE_AGGREGATE_VIEWER:
    return true;
  case ROLE_LEA_CAASPP_COORDINATOR:
  case ROLE_LEA_ELPAC_COORDINATOR:
    return role_may_load(p, f, lea);
  case ROLE_NONE:
  default:
    return false;
  }
}

bool role_may_view_lea(const struct principal *p, const char *lea) {
  if (!own_lea(p, lea)) return false;
  switch (p->role) {
  case ROLE_DISTRICT_LEAD:
  case ROLE_LEA_CAASPP_COORDINATOR:
  case ROLE_LEA_ELPAC_COORDINATOR:
  case ROLE_AGGREGATE_VIEWER:
    return true;
  case ROLE_SITE_ADMIN:
  case ROLE_NONE:
  default:
    return false;
  }
}

bool role_may_see_students(const struct principal *p) {
  if (p == NULL) return false;
  switch (p->role) {
  case ROLE_DISTRICT_LEAD:
  case ROLE_LEA_CAASPP_COORDINATOR:
  case ROLE_LEA_ELPAC_COORDINATOR:
  case ROLE_SITE_ADMIN:
    return true;
  case ROLE_AGGREGATE_VIEWER:
  case ROLE_NONE:
  default:
    return false;
  }
}

int role_schools_parse(struct principal *p, const char *text) {
  p->nschools = 0;
  if (text == NULL || *text == '\0') return 0;
  const char *s = text;
  for (;;) {
    const char *comma = strchr(s, ',');
    size_t len = comma ? (size_t)(comma - s) : strlen(s);
    if (len != 14 || p->nschools == ROLE_MAX_SCHOOLS) return -1;
    char cds[15];
    memcpy(cds, s, 14);
    cds[14] = '\0';
    if (!ids_all_digits(cds, 14)) return -1;
    for (size_t i = 0; i < p->nschools; i++)
      if (strcmp(p->schools[i], cds) == 0) return -1;
    memcpy(p->schools[p->nschools++], cds, 15);
    if (comma == NULL) return 0;
    s = comma + 1;
  }
}

int role_schools_format(const struct principal *p, char *out, size_t n) {
  size_t off = 0;
  if (n == 0) return -1;
  out[0] = '\0';
  for (size_t i = 0; i < p->nschools; i++) {
    int w = snprintf(out + off, n - off, "%s%s", i ? "," : "", p->schools[i]);
    if (w < 0 || (size_t)w >= n - off) return -1;
    off += (size_t)w;
  }
  return 0;
}

const char *role_family_name(enum score_family f) {
  switch (f) {
  case SCORE_CAASPP:
    return "caaspp";
  case SCORE_SUMMATIVE_ELPAC:
    return "summative-elpac";
  case SCORE_INITIAL_ELPAC:
    return "initial-elpac";
  default:
    return "unknown";
  }
}

int role_family_parse(const char *s, enum score_family *out) {
  if (s == NULL) return -1;
  for (size_t i = 0; i < NFAMILIES; i++)
    if (strcmp(s, role_family_name(FAMILIES[i])) == 0) {
      *out = FAMILIES[i];
      return 0;
    }
  return -1;
}
