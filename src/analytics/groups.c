/* groups.c - CDE student groups and membership of one record (see groups.h). */
#include "analytics/groups.h"

#include <string.h>

/* formats.md §5.4 (IDs: High, S12; names and categories: Medium, S13). */
static const struct student_group GROUPS[] = {
    {1, "All Students", "All Students", true},
    {3, "Male", "Gender", true},
    {4, "Female", "Gender", true},
    {6, "IFEP, RFEP, and EO (fluent English proficient and English only)",
     "English-Language Fluency", true},
    {7, "IFEP (initial fluent English proficient)", "English-Language Fluency", true},
    {8, "RFEP (reclassified fluent English proficient)", "English-Language Fluency", true},
    {120, "ELs enrolled in a US school less than 12 months", "English-Language Fluency", false},
    {142, "ELs enrolled in a US school 12 months or more", "English-Language Fluency", false},
    {160, "EL (English learner)", "English-Language Fluency", true},
    {170, "Ever-EL", "English-Language Fluency", true},
    {180, "EO (English only)", "English-Language Fluency", true},
    {190, "To be determined (TBD)", "English-Language Fluency", true},
    {243, "ADEL (adult English learner)", "English-Language Fluency", true},
    {250, "LTEL (long-term English learner)", "English-Language Fluency", false},
    {251, "At-risk of LTEL", "English-Language Fluency", false},
    {252, "Never-EL", "English-Language Fluency", false},
    {31, "Socioeconomically disadvantaged", "Economic Status", true},
    {111, "Not socioeconomically disadvantaged", "Economic Status", true},
    {128, "Reported disabilities", "Disability Status", true},
    {99, "No reported disabilities", "Disability Status", true},
    {74, "Black or African American", "Race and Ethnicity", true},
    {75, "American Indian or Alaska Native", "Race and Ethnicity", true},
    {76, "Asian", "Race and Ethnicity", true},
    {77, "Filipino", "Race and Ethnicity", true},
    {78, "Hispanic or Latino", "Race and Ethnicity", true},
    {79, "Native Hawaiian or Pacific Islander", "Race and Ethnicity", true},
    {80, "White", "Race and Ethnicity", true},
    {144, "Two or more races", "Race and Ethnicity", true},
    {200, "Black or African American", "Ethnicity for Socioeconomically Disadvantaged", true},
    {201, "American Indian or Alaska Native", "Ethnicity for Socioeconomically Disadvantaged",
     true},
    {202, "Asian", "Ethnicity for Socioeconomically Disadvantaged", true},
    {203, "Filipino", "Ethnicity for Socioeconomically Disadvantaged", true},
    {204, "Hispanic or Latino", "Ethnicity for Socioeconomically Disadvantaged", true},
    {205, "Native Hawaiian or Pacific Islander", "Ethnicity for Socioeconomically Disadvantaged",
     true},
    {206, "White", "Ethnicity for Socioeconomically Disadvantaged", true},
    {207, "Two or more races", "Ethnicity for Socioeconomically Disadvantaged", true},
    {220, "Black or African American", "Ethnicity for Not Socioeconomically Disadvantaged", true},
    {221, "American Indian or Alaska Native", "Ethnicity for Not Socioeconomically Disadvantaged",
     true},
    {222, "Asian", "Ethnicity for Not Socioeconomically Disadvantaged", true},
    {223, "Filipino", "Ethnicity for Not Socioeconomically Disadvantaged", true},
    {224, "Hispanic or Latino", "Ethnicity for Not Socioeconomically Disadvantaged", true},
    {225, "Native Hawaiian or Pacific Islander",
     "Ethnicity for Not Socioeconomically Disadvantaged", true},
    {226, "White", "Ethnicity for Not Socioeconomically Disadvantaged", true},
    {227, "Two or more races", "Ethnicity for Not Socioeconomically Disadvantaged", true},
    {90, "Not a high school graduate", "Parent Education", true},
    {91, "High school graduate", "Parent Education", true},
    {92, "Some college (includes AA degree)", "Parent Education", true},
    {93, "College graduate", "Parent Education", true},
    {94, "Graduate school/Post graduate", "Parent Education", true},
    {121, "Declined to state", "Parent Education", true},
    {28, "Migrant education", "Migrant", true},
    {29, "Not migrant education", "Migrant", true},
    {50, "Armed forces family member", "Military Status", true},
    {51, "Not armed forces family member", "Military Status", true},
    {52, "Homeless", "Homeless Status", true},
    {53, "Not homeless", "Homeless Status", true},
    {240, "Foster youth", "Foster Status", true},
    {241, "Not foster youth", "Foster Status", true},
};

#define NGROUPS (sizeof GROUPS / sizeof GROUPS[0])

const struct student_group *groups_table(size_t *n) {
  if (n) *n = NGROUPS;
  return GROUPS;
}

const struct student_group *groups_find(int id) {
  for (size_t i = 0; i < NGROUPS; i++)
    if (GROUPS[i].id == id) return &GROUPS[i];
  return NULL;
}

/* Reporting ethnicity (formats.md §1.4: 100 American Indian, 200 Asian, 300 Pacific
 * Islander, 400 Filipino, 500 Hispanic, 600 Black, 700 White, 800 two or more / not
 * reported) -> index in the §5.4 SED x race order (Black, American Indian, Asian, Filipino,
 * Hispanic, Pacific Islander, White, Two+), or -1 when blank or not a code. */
static int race_index(const char *eth) {
  static const struct {
    const char *code;
    int index;
  } MAP[] = {{"600", 0}, {"100", 1}, {"200", 2}, {"400", 3},
             {"500", 4}, {"300", 5}, {"700", 6}, {"800", 7}};
  for (size_t i = 0; i < sizeof MAP / sizeof MAP[0]; i++)
    if (strcmp(eth, MAP[i].code) == 0) return MAP[i].index;
  return -1;
}

/* §5.4 race group IDs in the same order as race_index. */
static const int RACE_GROUP[8] = {74, 75, 76, 77, 78, 79, 80, 144};

/* What membership needs of a record, worked out once (the strings compared once). */
enum elas { ELAS_NONE, ELAS_EO, ELAS_IFEP, ELAS_RFEP, ELAS_EL, ELAS_ADEL, ELAS_TBD };

struct traits {
  const struct score_record *r;
  int race; /* race_index */
  enum elas elas;
  int parent_ed; /* 10..15, 0 when blank or unknown */
};

static void traits_of(const struct score_record *r, struct traits *t) {
  static const struct {
    const char *code;
    enum elas e;
  } E[] = {{"EO", ELAS_EO}, {"IFEP", ELAS_IFEP}, {"RFEP", ELAS_RFEP},
           {"EL", ELAS_EL}, {"ADEL", ELAS_ADEL}, {"TBD", ELAS_TBD}};
  t->r = r;
  t->race = race_index(r->ethnicity);
  t->elas = ELAS_NONE;
  for (size_t i = 0; i < sizeof E / sizeof E[0]; i++)
    if (strcmp(r->elas, E[i].code) == 0) t->elas = E[i].e;
  const char *pe = r->parent_education;
  t->parent_ed =
      pe[0] == '1' && pe[1] >= '0' && pe[1] <= '5' && pe[2] == '\0' ? 10 + (pe[1] - '0') : 0;
}

/* Membership of one record in one group; the rules of groups.h. */
static bool member(const struct traits *t, int id) {
  const struct score_record *r = t->r;
  int race = t->race;
  enum elas elas = t->elas;
  switch (id) {
  case 1: /* All Students */
    return true;
  case 3: /* Gender (§1.4, §2.5 field 7) */
    return r->gender == 'M';
  case 4:
    return r->gender == 'F';
  /* English-language fluency from ELAS (§1.4, §2.5 field 30), not from ELStatus. */
  case 6:
    return elas == ELAS_IFEP || elas == ELAS_RFEP || elas == ELAS_EO;
  case 7:
    return elas == ELAS_IFEP;
  case 8:
    return elas == ELAS_RFEP;
  case 160:
    return elas == ELAS_EL;
  case 170: /* Ever-EL: currently EL or reclassified */
    return elas == ELAS_EL || elas == ELAS_RFEP;
  case 180:
    return elas == ELAS_EO;
  case 190:
    return elas == ELAS_TBD;
  case 243:
    return elas == ELAS_ADEL;
  /* Economic status (§2.5 field 36) */
  case 31:
    return r->economic_disadvantage == 'Y';
  case 111:
    return r->economic_disadvantage == 'N';
  /* Disability: CALPADS IDEA / special education (§2.5 fields 22-23), not Section 504 */
  case 128:
    return r->disability == 'Y';
  case 99:
    return r->disability == 'N';
  /* Parent education (§1.4): 14 not HS grad, 13 HS grad, 12 some college, 11 college
   * graduate, 10 graduate degree, 15 declined */
  case 90:
    return t->parent_ed == 14;
  case 91:
    return t->parent_ed == 13;
  case 92:
    return t->parent_ed == 12;
  case 93:
    return t->parent_ed == 11;
  case 94:
    return t->parent_ed == 10;
  case 121:
    return t->parent_ed == 15;
  /* Program flags (§1.4 "Other flags", §2.5 fields 24, 33-35) */
  case 28:
    return r->migrant == 'Y';
  case 29:
    return r->migrant == 'N';
  case 50:
    return r->military == 'Y';
  case 51:
    return r->military == 'N';
  case 52:
    return r->homeless == 'Y';
  case 53:
    return r->homeless == 'N';
  case 240:
    return r->foster == 'Y';
  case 241:
    return r->foster == 'N';
  default:
    break;
  }
  /* Race from the reporting ethnicity (one per student, §1.4) */
  for (int i = 0; i < 8; i++)
    if (id == RACE_GROUP[i]) return race == i;
  /* SED x race (§5.4): 200 + race when SED, 220 + race when not */
  if (id >= 200 && id <= 207) return r->economic_disadvantage == 'Y' && race == id - 200;
  if (id >= 220 && id <= 227) return r->economic_disadvantage == 'N' && race == id - 220;
  /* 120, 142, 250-252 and anything unknown: not derivable (groups.h) */
  return false;
}

bool groups_member(const struct score_record *r, int id) {
  const struct student_group *g = groups_find(id);
  if (!r || !g || !g->derived) return false;
  struct traits t;
  traits_of(r, &t);
  return member(&t, id);
}

size_t groups_of_index(const struct score_record *r, int *idx, size_t cap) {
  size_t n = 0;
  if (!r) return 0;
  struct traits t;
  traits_of(r, &t);
  for (size_t i = 0; i < NGROUPS; i++) {
    if (!GROUPS[i].derived || !member(&t, GROUPS[i].id)) continue;
    if (idx && n < cap) idx[n] = (int)i;
    n++;
  }
  return n;
}

size_t groups_of(const struct score_record *r, int *ids, size_t cap) {
  int idx[NGROUPS];
  size_t n = groups_of_index(r, idx, NGROUPS);
  for (size_t i = 0; ids && i < n && i < cap; i++)
    ids[i] = GROUPS[idx[i]].id;
  return n;
}

/* The partitions of groups_siblings; each list ends with 0. */
static const struct {
  int parent;
  int ids[9];
} SETS[] = {
    {1, {3, 4, 0}},
    {1, {7, 8, 160, 180, 190, 243, 0}},
    {1, {31, 111, 0}},
    {1, {128, 99, 0}},
    {1, {74, 75, 76, 77, 78, 79, 80, 144, 0}},
    {1, {90, 91, 92, 93, 94, 121, 0}},
    {1, {28, 29, 0}},
    {1, {50, 51, 0}},
    {1, {52, 53, 0}},
    {1, {240, 241, 0}},
    {31, {200, 201, 202, 203, 204, 205, 206, 207, 0}},
    {111, {220, 221, 222, 223, 224, 225, 226, 227, 0}},
};

size_t groups_siblings(int id, int *parent, int *ids, size_t cap) {
  for (size_t s = 0; s < sizeof SETS / sizeof SETS[0]; s++) {
    bool in = false;
    for (size_t i = 0; SETS[s].ids[i]; i++)
      if (SETS[s].ids[i] == id) in = true;
    if (!in) continue;
    size_t n = 0;
    for (; SETS[s].ids[n]; n++)
      if (ids && n < cap) ids[n] = SETS[s].ids[n];
    if (parent) *parent = SETS[s].parent;
    return n;
  }
  return 0;
}
