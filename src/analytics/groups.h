/* groups.h - the CDE student groups of the CAASPP/ELPAC results (formats.md §5.4) and the
 * rule that puts one student result (struct score_record) into them, for the district
 * dashboards' "by student group" views and the research-file style export (formats.md §5.3,
 * field 11 "Student Group ID"). Pure table and functions: no I/O; the table is static and
 * read-only, the caller owns every output array.
 *
 * How membership is derived (every rule is in groups.c beside the code):
 *   1 All Students                 every record
 *   3 / 4 Male / Female            Gender M / F (§1.4). Gender X (nonbinary) has a CDE
 *                                  group whose ID was not found (§5.4): no group.
 *   74..80, 144 race/ethnicity     the reporting ethnicity 100..800 (§1.4: derived by ETS,
 *                                  Hispanic = Yes wins, one value per student, 800 = two or
 *                                  more races or not reported), not the eight Yes/No flags,
 *                                  so each student is in exactly one race group.
 *   200..207 / 220..227            SED x race: economic disadvantage Y / N crossed with the
 *                                  same reporting ethnicity, order Black, American Indian,
 *                                  Asian, Filipino, Hispanic, Pacific Islander, White, Two+.
 *   English-language fluency       ELAS (§1.4, §2.5 field 30): EL 160, RFEP 8, IFEP 7, EO 180,
 *                                  TBD 190, ADEL 243; 6 = IFEP + RFEP + EO; 170 Ever-EL =
 *                                  EL + RFEP.
 *   31 / 111                       economic disadvantage Y / N
 *   128 / 99                       IDEA special education (disability) Y / N
 *   90..94, 121                    parent education 14, 13, 12, 11, 10, 15 (§1.4)
 *   28 / 29, 50 / 51, 52 / 53,     migrant, military, homeless, foster Y / N
 *   240 / 241
 * A blank flag (0) puts the student in neither group of the pair.
 *
 * Listed in the table but never derived from a record, because struct score_record does
 * not keep the field they need: 120 / 142 (EL under / 12 months or more in a US school:
 * FirstEntryDateInUSSchool), 250 / 251 / 252 (LTEL, at-risk of LTEL, never-EL:
 * LTELorARLTEL, whose codes are not documented). ELPAC-only primary-language groups
 * 228..239 are not listed (§5.4 gives them for ELPAC research files only and the record
 * does not keep the language). */
#ifndef SB_ANALYTICS_GROUPS_H
#define SB_ANALYTICS_GROUPS_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/score.h"

/* Enough room for every group one record can be in (groups_of never writes more). */
#define GROUPS_MAX_PER_RECORD 16

struct student_group {
  int id;               /* CDE Student Group ID */
  const char *name;     /* e.g. "Socioeconomically disadvantaged" */
  const char *category; /* e.g. "Economic Status" */
  bool derived;         /* false: listed by CDE, not derivable from a score_record */
};

/* The whole table, in CDE category order; *n gets its length. Static, never NULL. */
const struct student_group *groups_table(size_t *n);
/* The entry for id, or NULL when id is not a known group. Static. */
const struct student_group *groups_find(int id);

/* Writes into ids[0..cap) the IDs of the groups r belongs to, in table order, and
 * returns how many there are (which may exceed cap: then only cap were written; with
 * cap >= GROUPS_MAX_PER_RECORD everything fits). r NULL gives 0. */
size_t groups_of(const struct score_record *r, int *ids, size_t cap);

/* The same as groups_of, as indexes into groups_table (ascending) instead of IDs. */
size_t groups_of_index(const struct score_record *r, int *idx, size_t cap);

/* True when r belongs to group id (same rules as groups_of). */
bool groups_member(const struct score_record *r, int id);

/* The disjoint sets of groups that split a parent group (used by complementary
 * suppression: when one member is withheld, the parent's total minus the others would
 * give it away). Sets: gender {3, 4} of 1; ELAS {7, 8, 160, 180, 190, 243} of 1; economic
 * {31, 111}, disability {128, 99}, race {74..80, 144}, parent education {90..94, 121},
 * migrant {28, 29}, military {50, 51}, homeless {52, 53}, foster {240, 241} of 1; SED x race
 * {200..207} of 31 and {220..227} of 111. Returns the number of members of id's set
 * (written into ids[0..cap)) and *parent its parent group, or 0 when id is in no set
 * (1, 6, 170, the underived groups). */
size_t groups_siblings(int id, int *parent, int *ids, size_t cap);

#endif
