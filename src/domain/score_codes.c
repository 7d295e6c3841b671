/* score_codes.c - see score_codes.h. Numbers from formats.md §2.7 (SB, CAST, CAA, CSA),
 * §3.2 (Summative ELPAC) and §3.5 (Initial ELPAC). */
#include "domain/score_codes.h"

#include <stddef.h>
#include <string.h>

static bool in_list(const char *s, const char *const *list) {
  for (size_t i = 0; list[i] != NULL; i++)
    if (strcmp(s, list[i]) == 0) return true;
  return false;
}

static bool is_rt(const char *rt, const char *want) {
  return rt != NULL && strcmp(rt, want) == 0;
}

enum score_family score_record_type_family(const char *rt) {
  static const char *const CAASPP[] = {"01", "02", "03", "04", "05", "06", "09", NULL};
  if (rt == NULL) return 0;
  if (in_list(rt, CAASPP)) return SCORE_CAASPP;
  if (is_rt(rt, "21") || is_rt(rt, "23")) return SCORE_SUMMATIVE_ELPAC;
  if (is_rt(rt, "22") || is_rt(rt, "24")) return SCORE_INITIAL_ELPAC;
  return 0;
}

const char *score_record_type_name(const char *rt) {
  static const struct {
    const char *rt, *name;
  } NAMES[] = {
      {"01", "Smarter Balanced ELA"},
      {"02", "Smarter Balanced math"},
      {"03", "CAA ELA"},
      {"04", "CAA math"},
      {"05", "CAA for Science"},
      {"06", "CAST"},
      {"09", "CSA"},
      {"21", "Summative ELPAC"},
      {"22", "Initial ELPAC"},
      {"23", "Summative Alternate ELPAC"},
      {"24", "Initial Alternate ELPAC"},
  };
  for (size_t i = 0; rt != NULL && i < sizeof NAMES / sizeof NAMES[0]; i++)
    if (strcmp(rt, NAMES[i].rt) == 0) return NAMES[i].name;
  return "unknown test";
}

int score_grade_number(const char *g) {
  if (g == NULL) return -1;
  if (strcmp(g, "KN") == 0) return 0;
  if (g[0] < '0' || g[0] > '1' || g[1] < '0' || g[1] > '9' || g[2] != '\0') return -1;
  int n = (g[0] - '0') * 10 + (g[1] - '0');
  return n >= 1 && n <= 12 ? n : -1;
}

/* Smarter Balanced: per grade lowest, Level 2, 3, 4 minima, highest (2020-21 on). */
struct sb_cuts {
  int grade, lo, l2, l3, l4, hi, old_lo, old_hi;
};
static const struct sb_cuts SB_ELA[] = {
    {3, 2115, 2367, 2432, 2490, 2650, 2114, 2623},  {4, 2140, 2416, 2473, 2533, 2690, 2131, 2663},
    {5, 2200, 2442, 2502, 2582, 2730, 2201, 2701},  {6, 2230, 2457, 2531, 2618, 2770, 2210, 2724},
    {7, 2260, 2479, 2552, 2649, 2810, 2258, 2745},  {8, 2290, 2487, 2567, 2668, 2850, 2288, 2769},
    {11, 2300, 2493, 2583, 2682, 2900, 2299, 2795},
};
static const struct sb_cuts SB_MATH[] = {
    {3, 2190, 2381, 2436, 2501, 2660, 2189, 2621},  {4, 2205, 2411, 2485, 2549, 2700, 2204, 2659},
    {5, 2220, 2455, 2528, 2579, 2740, 2219, 2700},  {6, 2235, 2473, 2552, 2610, 2780, 2235, 2748},
    {7, 2250, 2484, 2567, 2635, 2820, 2250, 2778},  {8, 2265, 2504, 2586, 2653, 2860, 2265, 2802},
    {11, 2280, 2543, 2628, 2718, 2900, 2280, 2862},
};

static const struct sb_cuts *sb_find(const char *rt, int grade) {
  const struct sb_cuts *t = is_rt(rt, "01") ? SB_ELA : is_rt(rt, "02") ? SB_MATH : NULL;
  for (size_t i = 0; t != NULL && i < sizeof SB_ELA / sizeof SB_ELA[0]; i++)
    if (t[i].grade == grade) return &t[i];
  return NULL;
}

/* CAST: g5, g8, high school (10-12): lowest, Level 2, 3, 4 minima, highest. */
static const int CAST[3][5] = {
    {150, 179, 214, 231, 250}, {350, 378, 415, 433, 450}, {550, 576, 615, 636, 650}};

static const int *cast_find(int grade) {
  if (grade == 5) return CAST[0];
  if (grade == 8) return CAST[1];
  if (grade >= 10 && grade <= 12) return CAST[2];
  return NULL;
}

/* CAA ELA/math (grades 3-8, 11) and CSA (3-12): base = lowest score of the grade. */
static int caa_base(const char *rt, int grade) {
  bool csa = is_rt(rt, "09");
  if (grade >= 3 && grade <= 8) return grade * 100;
  if (grade == 11 || (csa && grade >= 9 && grade <= 12)) return 900;
  return -1;
}
/* CSA Level 2 and 3 minima above the base, grades 3..8 then 9-12. */
static const int CSA_CUTS[7][2] = {{49, 60}, {49, 60}, {46, 60}, {48, 60},
                                   {44, 60}, {48, 60}, {50, 60}};

/* Summative ELPAC overall: Level 2, 3, 4 minima by grade K..12; highest by band. */
static const int SELPAC_CUTS[13][3] = {
    {1374, 1422, 1474}, {1411, 1455, 1507}, {1424, 1471, 1532}, {1448, 1488, 1535},
    {1459, 1499, 1549}, {1467, 1514, 1560}, {1475, 1517, 1567}, {1481, 1527, 1576},
    {1486, 1534, 1590}, {1493, 1545, 1606}, {1493, 1545, 1606}, {1500, 1555, 1615},
    {1500, 1555, 1615},
};

static int selpac_hi(int grade) {
  return grade <= 2 ? 1700 : grade <= 5 ? 1800 : grade <= 8 ? 1900 : 1950;
}

int score_scale_range(const char *rt, int grade, int year, struct score_range *out) {
  out->lo = out->hi = 0;
  if (is_rt(rt, "01") || is_rt(rt, "02")) {
    const struct sb_cuts *c = sb_find(rt, grade);
    if (c == NULL) return -1;
    bool old = year != 0 && year < 2021;
    out->lo = old ? c->old_lo : c->lo;
    out->hi = old ? c->old_hi : c->hi;
    return 0;
  }
  if (is_rt(rt, "03") || is_rt(rt, "04") || is_rt(rt, "09")) {
    int base = caa_base(rt, grade);
    if (base < 0) return -1;
    out->lo = base;
    out->hi = base + 99;
    return 0;
  }
  if (is_rt(rt, "06")) {
    const int *c = cast_find(grade);
    if (c == NULL) return -1;
    out->lo = c[0];
    out->hi = c[4];
    return 0;
  }
  if (is_rt(rt, "21")) {
    if (grade < 0 || grade > 12) return -1;
    out->lo = 1150;
    out->hi = selpac_hi(grade);
    return 0;
  }
  if (is_rt(rt, "22")) {
    if (grade < 0 || grade > 12) return -1;
    out->lo = 150;
    out->hi = 600;
    return 0;
  }
  if (is_rt(rt, "05") || is_rt(rt, "23") || is_rt(rt, "24")) {
    out->lo = 1;
    out->hi = 9999;
    return 0;
  }
  return -1;
}

int score_level3_min(const char *rt, int grade) {
  const struct sb_cuts *c = sb_find(rt, grade);
  return c ? c->l3 : -1;
}

static int level_of(int scale, int l2, int l3, int l4) {
  return scale >= l4 ? 4 : scale >= l3 ? 3 : scale >= l2 ? 2 : 1;
}

int score_level_from_scale(const char *rt, int grade, int year, int scale) {
  struct score_range r;
  if (score_scale_range(rt, grade, year, &r) != 0 || scale < r.lo || scale > r.hi) return 0;
  if (is_rt(rt, "01") || is_rt(rt, "02")) {
    const struct sb_cuts *c = sb_find(rt, grade);
    return level_of(scale, c->l2, c->l3, c->l4);
  }
  if (is_rt(rt, "06")) {
    const int *c = cast_find(grade);
    return level_of(scale, c[1], c[2], c[3]);
  }
  if (is_rt(rt, "03") || is_rt(rt, "04")) return level_of(scale, r.lo + 45, r.lo + 60, 1 << 30);
  if (is_rt(rt, "09")) {
    const int *c = CSA_CUTS[grade >= 9 ? 6 : grade - 3];
    return level_of(scale, r.lo + c[0], r.lo + c[1], 1 << 30);
  }
  if (is_rt(rt, "21")) {
    const int *c = SELPAC_CUTS[grade];
    return level_of(scale, c[0], c[1], c[2]);
  }
  if (is_rt(rt, "22")) return level_of(scale, 370, 450, 1 << 30);
  return 0;
}

bool score_condition_valid(const char *rt, const char *code) {
  static const char *const SB[] = {"PGE", "NTE", "NT", "LOSS", "NEL", NULL};
  static const char *const CAA[] = {"PGE", "NTE", "NT", "NEL", "INC0", "INC1", NULL};
  static const char *const CAAS[] = {"PGE", "NTE", "NT", "NEL", "INC0", "INC1", "NER", NULL};
  static const char *const CAST_CSA[] = {"PGE", "NTE", "NT", "LOSS", NULL};
  static const char *const SUMMATIVE[] = {"NT", "ALT", "EXD", NULL};
  static const char *const INITIAL[] = {"NT", "EXD", NULL};
  if (code[0] == '\0') return true;
  if (is_rt(rt, "01") || is_rt(rt, "02")) return in_list(code, SB);
  if (is_rt(rt, "03") || is_rt(rt, "04")) return in_list(code, CAA);
  if (is_rt(rt, "05")) return in_list(code, CAAS);
  if (is_rt(rt, "06") || is_rt(rt, "09")) return in_list(code, CAST_CSA);
  if (is_rt(rt, "21") || is_rt(rt, "23")) return in_list(code, SUMMATIVE);
  if (is_rt(rt, "22") || is_rt(rt, "24")) return in_list(code, INITIAL);
  return false;
}

bool score_include_valid(const char *rt, const char *code) {
  static const char *const SB[] = {"N", "E", "T", "R", "Y", NULL};
  static const char *const CAA[] = {"N", "E", "R", "Y", NULL};
  static const char *const CAAS[] = {"N", "R", "Y", NULL};
  static const char *const CAST_CSA[] = {"N", "R", "T", "Y", NULL};
  static const char *const ELPAC[] = {"N", "T", "Y", NULL};
  if (code[0] == '\0') return true;
  if (is_rt(rt, "01") || is_rt(rt, "02")) return in_list(code, SB);
  if (is_rt(rt, "03") || is_rt(rt, "04")) return in_list(code, CAA);
  if (is_rt(rt, "05")) return in_list(code, CAAS);
  if (is_rt(rt, "06") || is_rt(rt, "09")) return in_list(code, CAST_CSA);
  if (score_record_type_family(rt) > SCORE_CAASPP) return in_list(code, ELPAC);
  return false;
}

bool score_attemptedness_valid(const char *rt, const char *code) {
  static const char *const CAASPP[] = {"N", "P", "Y", NULL};
  static const char *const ELPAC[] = {"P", "Y", NULL};
  if (code[0] == '\0') return true;
  enum score_family f = score_record_type_family(rt);
  if (f == SCORE_CAASPP) return in_list(code, CAASPP);
  if (f != 0) return in_list(code, ELPAC);
  return false;
}

bool score_level_code_valid(const char *rt, const char *code) {
  static const char *const FOUR[] = {"1", "2", "3", "4", "9", NULL};
  static const char *const THREE[] = {"1", "2", "3", "9", NULL};
  static const char *const ELPAC4[] = {"1", "2", "3", "4", "NS", NULL};
  static const char *const ELPAC3[] = {"1", "2", "3", "NS", NULL};
  if (code[0] == '\0') return true;
  if (is_rt(rt, "01") || is_rt(rt, "02") || is_rt(rt, "06")) return in_list(code, FOUR);
  if (is_rt(rt, "03") || is_rt(rt, "04") || is_rt(rt, "05") || is_rt(rt, "09"))
    return in_list(code, THREE);
  if (is_rt(rt, "21")) return in_list(code, ELPAC4);
  if (is_rt(rt, "23")) return in_list(code, ELPAC3);
  return false;
}

bool score_grade_assessed_valid(enum score_family f, const char *g) {
  int n = score_grade_number(g);
  if (f == SCORE_CAASPP) return n >= 3 && n <= 12;
  if (f == SCORE_SUMMATIVE_ELPAC || f == SCORE_INITIAL_ELPAC) return n >= 0 && n <= 12;
  return false;
}

bool score_gender_valid(const char *s) {
  return (s[0] == 'F' || s[0] == 'M' || s[0] == 'X') && s[1] == '\0';
}

bool score_ethnicity_valid(const char *s) {
  return s[0] >= '1' && s[0] <= '8' && s[1] == '0' && s[2] == '0' && s[3] == '\0';
}

bool score_parent_education_valid(const char *s) {
  return s[0] == '1' && s[1] >= '0' && s[1] <= '5' && s[2] == '\0';
}

bool score_elas_valid(const char *s) {
  static const char *const ELAS[] = {"EO", "IFEP", "RFEP", "EL", "ADEL", "TBD", NULL};
  return in_list(s, ELAS);
}

bool score_calpads_grade_valid(const char *s) {
  static const char *const OTHER[] = {"TK", "UE", "US", "PS", "AD", "IN", "TD", NULL};
  return score_grade_number(s) >= 0 || in_list(s, OTHER);
}
