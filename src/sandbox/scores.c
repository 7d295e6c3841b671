/* scores.c - see scores.h. */
#include "sandbox/scores.h"

/* One row: grade, lowest, start of level 2, 3, 4, highest. */
struct cut_row {
  int grade, lo, l2, l3, l4, hi;
};

/* formats.md §2.7, Smarter Balanced ELA. */
static const struct cut_row SB_ELA[] = {
    {3, 2115, 2367, 2432, 2490, 2650},  {4, 2140, 2416, 2473, 2533, 2690},
    {5, 2200, 2442, 2502, 2582, 2730},  {6, 2230, 2457, 2531, 2618, 2770},
    {7, 2260, 2479, 2552, 2649, 2810},  {8, 2290, 2487, 2567, 2668, 2850},
    {11, 2300, 2493, 2583, 2682, 2900},
};

/* formats.md §2.7, Smarter Balanced mathematics. */
static const struct cut_row SB_MATH[] = {
    {3, 2190, 2381, 2436, 2501, 2660},  {4, 2205, 2411, 2485, 2549, 2700},
    {5, 2220, 2455, 2528, 2579, 2740},  {6, 2235, 2473, 2552, 2610, 2780},
    {7, 2250, 2484, 2567, 2635, 2820},  {8, 2265, 2504, 2586, 2653, 2860},
    {11, 2280, 2543, 2628, 2718, 2900},
};

/* formats.md §2.7, CAST: grade 5, grade 8, high school (10, 11, 12). */
static const struct cut_row CAST[] = {
    {5, 150, 179, 214, 231, 250},  {8, 350, 378, 415, 433, 450},  {10, 550, 576, 615, 636, 650},
    {11, 550, 576, 615, 636, 650}, {12, 550, 576, 615, 636, 650},
};

/* formats.md §3.2, Summative ELPAC overall scale score, KN (0) to 12. */
static const struct cut_row ELPAC[] = {
    {0, 1150, 1374, 1422, 1474, 1700},  {1, 1150, 1411, 1455, 1507, 1700},
    {2, 1150, 1424, 1471, 1532, 1700},  {3, 1150, 1448, 1488, 1535, 1800},
    {4, 1150, 1459, 1499, 1549, 1800},  {5, 1150, 1467, 1514, 1560, 1800},
    {6, 1150, 1475, 1517, 1567, 1900},  {7, 1150, 1481, 1527, 1576, 1900},
    {8, 1150, 1486, 1534, 1590, 1900},  {9, 1150, 1493, 1545, 1606, 1950},
    {10, 1150, 1493, 1545, 1606, 1950}, {11, 1150, 1500, 1555, 1615, 1950},
    {12, 1150, 1500, 1555, 1615, 1950},
};

static bool from_rows(const struct cut_row *rows, int n, int grade, struct sbx_scale *out) {
  for (int i = 0; i < n; i++) {
    if (rows[i].grade != grade) continue;
    out->lo = rows[i].lo;
    out->hi = rows[i].hi;
    out->nlevels = 4;
    out->cut[0] = rows[i].l2;
    out->cut[1] = rows[i].l3;
    out->cut[2] = rows[i].l4;
    return true;
  }
  return false;
}

#define NROWS(a) ((int)(sizeof(a) / sizeof((a)[0])))

bool sbx_scale_for(enum sbx_subject s, int grade, struct sbx_scale *out) {
  switch (s) {
  case SBX_SUBJ_ELA:
    return from_rows(SB_ELA, NROWS(SB_ELA), grade, out);
  case SBX_SUBJ_MATH:
    return from_rows(SB_MATH, NROWS(SB_MATH), grade, out);
  case SBX_SUBJ_SCI:
    return from_rows(CAST, NROWS(CAST), grade, out);
  case SBX_SUBJ_ELPAC:
    return from_rows(ELPAC, NROWS(ELPAC), grade, out);
  case SBX_SUBJ_ELPAC_IA:
    /* formats.md §3.5: the same for every grade K-12. */
    if (grade < 0 || grade > 12) return false;
    out->lo = 150;
    out->hi = 600;
    out->nlevels = 3;
    out->cut[0] = 370;
    out->cut[1] = 450;
    out->cut[2] = 601; /* unused */
    return true;
  case SBX_SUBJ_COUNT:
    break;
  }
  return false;
}

int sbx_level_of(const struct sbx_scale *sc, int score) {
  int level = 1;
  for (int i = 0; i < sc->nlevels - 1; i++)
    if (score >= sc->cut[i]) level = i + 2;
  return level;
}

int sbx_level_lo(const struct sbx_scale *sc, int level) {
  return level <= 1 ? sc->lo : sc->cut[level - 2];
}

int sbx_level_hi(const struct sbx_scale *sc, int level) {
  return level >= sc->nlevels ? sc->hi : sc->cut[level - 1] - 1;
}

int sbx_level_mid(const struct sbx_scale *sc, int level) {
  return (sbx_level_lo(sc, level) + sbx_level_hi(sc, level)) / 2;
}

int sbx_score_from_z(const struct sbx_scale *sc, int z100) {
  int met = sc->nlevels == 4 ? sc->cut[1] : sc->cut[0];
  int low = sc->cut[0];
  int high = sc->nlevels == 4 ? sc->cut[2] : sc->cut[1];
  int spread = (high - low) * 3 / 4;
  if (spread < 10) spread = 10;
  int centre = met - (met - low) / 3;
  int score = centre + z100 * spread / 100;
  if (score < sc->lo) score = sc->lo;
  if (score > sc->hi) score = sc->hi;
  return score;
}

bool sbx_sb_grade(int grade) {
  return (grade >= 3 && grade <= 8) || grade == 11;
}
