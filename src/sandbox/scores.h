/* scores.h - scale-score ranges and cut scores the sandbox draws scores from.
 *
 * Data from shared/reference/formats.md: §2.7 (Smarter Balanced ELA and mathematics,
 * grades 3-8 and 11; CAST grades 5, 8 and high school), §3.2 (Summative ELPAC overall
 * score, KN-12) and §3.5 (Initial ELPAC, 150-600, three levels). The Smarter Balanced
 * lowest/highest obtainable scores are the 2020-21-on values for every year (earlier
 * years differ only at the ends; the cut points are the same). Pure; no memory. */
#ifndef SB_SANDBOX_SCORES_H
#define SB_SANDBOX_SCORES_H

#include <stdbool.h>

/* What a score is a score of. */
enum sbx_subject {
  SBX_SUBJ_ELA,      /* Smarter Balanced English language arts/literacy */
  SBX_SUBJ_MATH,     /* Smarter Balanced mathematics */
  SBX_SUBJ_SCI,      /* California Science Test */
  SBX_SUBJ_ELPAC,    /* Summative ELPAC, overall */
  SBX_SUBJ_ELPAC_IA, /* Initial ELPAC, overall */
  SBX_SUBJ_COUNT
};

/* One grade's scale: lowest and highest obtainable score and the lowest score of each
 * level above level 1 (cut[0] starts level 2, cut[1] level 3, cut[2] level 4). */
struct sbx_scale {
  int lo, hi;
  int nlevels; /* 4, or 3 for Initial ELPAC */
  int cut[3];
};

/* Grade numbers: 0 = kindergarten (KN), 1..12. */

/* Fills *out with the scale of subject s in grade g. Returns false when the subject is
 * not tested in that grade (e.g. Smarter Balanced in grade 9). */
bool sbx_scale_for(enum sbx_subject s, int grade, struct sbx_scale *out);

/* Level (1..nlevels) of score on the scale. */
int sbx_level_of(const struct sbx_scale *sc, int score);
/* Lowest and highest score of level (1..nlevels). */
int sbx_level_lo(const struct sbx_scale *sc, int level);
int sbx_level_hi(const struct sbx_scale *sc, int level);
/* A score for a bell-curve draw z100 (mean 0, standard deviation 100): centred a little
 * below the "standard met" cut (level 3, or level 2 of a three-level scale) so that
 * somewhat under half the draws meet the standard; clamped to the scale. */
int sbx_score_from_z(const struct sbx_scale *sc, int z100);
/* The score in the middle of level (what shared template reports show). */
int sbx_level_mid(const struct sbx_scale *sc, int level);

/* True for the grades that take Smarter Balanced ELA and mathematics (3-8, 11). */
bool sbx_sb_grade(int grade);

#endif
