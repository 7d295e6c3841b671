/* population.c - see population.h.
 *
 * The random mix (per student, before roles are forced):
 *   grade in year Y uniform over KN..12 plus two "already graduated" cohorts, so every
 *   year has KN entrants and grade-12 graduates; 10 % move in from outside (half of them
 *   mid-year); 7 % leave the sandbox's schools (T180 private school, E140 no known
 *   enrollment, or T160 to a California school outside the sandbox), mid-year or at year
 *   end; 4 % transfer between LEAs mid-year (T160, new span 2-7 days later); 5 % move
 *   LEA over a summer; 4 % of high-school students get a concurrent secondary (status 20)
 *   enrollment at another LEA's high school; 1.2 % have an N470 no-show record; 25 %
 *   have a family language with translated reports; about 20 % are English learners. */
#include "sandbox/population.h"

#include <stdio.h>
#include <string.h>

#include "domain/codes.h"
#include "domain/window.h"
#include "sandbox/rng.h"
#include "util/clock.h"

/* ---- fixed tables ------------------------------------------------------------------ */

/* Real county codes (formats.md §1.1) with invented districts. District codes 9xxxx are
 * not used by real California districts. */
static const struct {
  const char *county_code, *county, *district, *name;
  int weight;
} LEAS[SBX_MAX_LEAS] = {
    {"19", "Los Angeles", "90101", "Sandbox Unified School District", 30},
    {"37", "San Diego", "90202", "Harbor Point Sandbox Unified", 22},
    {"10", "Fresno", "90303", "Granite Ridge Sandbox Unified", 16},
    {"34", "Sacramento", "90404", "Oak Meadow Sandbox Unified", 14},
    {"01", "Alameda", "90505", "Bayshore Sandbox Unified", 10},
    {"33", "Riverside", "90606", "Desert Bloom Sandbox Unified", 8},
};

static const char *const PLACES[16] = {
    "Juniper", "Manzanita", "Sycamore", "Poppy", "Condor",  "Tule",    "Coyote", "Quail",
    "Sage",    "Willow",    "Cedar",    "Alder", "Madrone", "Buckeye", "Toyon",  "Yarrow"};
static const char *const PLACE_SUFFIX[6] = {"", " Hills", " Creek", " Valley", " Park", " Canyon"};
static const char *const BAND_NAME[SBX_BANDS] = {"Elementary", "Middle", "High"};

static const char *const FIRST[] = {
    "Aaliyah", "Aarav",  "Abigail", "Adrian", "Aiden",   "Alejandro", "Amara",  "Amir",
    "Ana",     "Andre",  "Angela",  "Anh",    "Ari",     "Aurora",    "Bao",    "Bianca",
    "Bryan",   "Camila", "Carlos",  "Chloe",  "Daniel",  "Dara",      "Diego",  "Elena",
    "Eli",     "Emily",  "Ethan",   "Fatima", "Gabriel", "Grace",     "Hana",   "Hector",
    "Isaac",   "Isabel", "Jada",    "Jamal",  "Jasmine", "Javier",    "Ji-woo", "Jordan",
    "Kai",     "Kayla",  "Layla",   "Leo",    "Lily",    "Luis",      "Maya",   "Mateo",
    "Mei",     "Miguel", "Mila",    "Minh",   "Nadia",   "Noah",      "Nora",   "Omar",
    "Priya",   "Rafael", "Rosa",    "Samuel", "Sofia",   "Tomas",     "Yusuf",  "Zoe"};
static const char *const LAST[] = {
    "Acosta",     "Alvarez", "Bautista",  "Bennett",   "Castillo",   "Chen",     "Cruz",
    "Dang",       "Delgado", "Diaz",      "Ellis",     "Flores",     "Garcia",   "Gonzalez",
    "Gupta",      "Haddad",  "Hernandez", "Huang",     "Ibrahim",    "Jackson",  "Johnson",
    "Kang",       "Khan",    "Kim",       "Lee",       "Lopez",      "Mendoza",  "Morales",
    "Nguyen",     "Ortiz",   "Park",      "Patel",     "Perez",      "Pham",     "Ramirez",
    "Reyes",      "Rivera",  "Robinson",  "Rodriguez", "Saleh",      "Santos",   "Sharma",
    "Silva",      "Singh",   "Smith",     "Soto",      "Tran",       "Torres",   "Vargas",
    "Villanueva", "Vu",      "Walker",    "Wang",      "Washington", "Williams", "Wong",
    "Wu",         "Yang",    "Young",     "Zamora",    "Zhang",      "Castro",   "Molina",
    "Navarro"};
#define NFIRST ((int)(sizeof FIRST / sizeof FIRST[0]))
#define NLAST ((int)(sizeof LAST / sizeof LAST[0]))
#define NO_MIDDLE 0xFFFF

const char *sbx_first_name(const struct sbx_student *s) {
  return FIRST[s->first % NFIRST];
}

const char *sbx_middle_name(const struct sbx_student *s) {
  return s->middle == NO_MIDDLE ? "" : FIRST[s->middle % NFIRST];
}

const char *sbx_last_name(const struct sbx_student *s) {
  return LAST[s->last % NLAST];
}

int32_t sbx_ymd_add(int32_t ymd, int days) {
  return clock_yyyymmdd(clock_from_yyyymmdd(ymd) + (int64_t)days * 86400);
}

static int32_t ymd_min(int32_t a, int32_t b) {
  return a < b ? a : b;
}

static int32_t ymd_max(int32_t a, int32_t b) {
  return a > b ? a : b;
}

/* A date drawn uniformly from [lo, hi], or 0 when the interval is empty. */
static int32_t pick_date(struct sbx_rng *r, int32_t lo, int32_t hi) {
  if (lo > hi) return 0;
  int64_t a = clock_from_yyyymmdd(lo) / 86400, b = clock_from_yyyymmdd(hi) / 86400;
  return sbx_ymd_add(lo, sbx_rng_range(r, 0, (int)(b - a)));
}

/* ---- world ------------------------------------------------------------------------- */

int sbx_world_init(struct sbx_world *w, long students, uint64_t seed, int last_year, int32_t today,
                   struct sb_err *err) {
  memset(w, 0, sizeof *w);
  if (last_year < 2019 || last_year > 2099)
    return sb_err_set(err, "the newest year must be between 2019 and 2099, not %d", last_year);
  if (!clock_valid_yyyymmdd(today) || admin_year_of_ymd(today) != last_year)
    return sb_err_set(err,
                      "today (%ld) must be a date inside administration year %d "
                      "(%d-07-01 to %d-06-30)",
                      (long)today, last_year, last_year - 1, last_year);
  w->students = students;
  w->seed = seed;
  w->last_year = last_year;
  w->today = today;
  w->nleas = students < 1000 ? 4 : students < 100000 ? 5 : 6;
  int scale = students < 2000 ? 0 : students < 50000 ? 1 : students < 500000 ? 2 : 3;
  int per_band[SBX_BANDS] = {2 + 2 * scale, 1 + scale, 1 + scale};
  for (int i = 0; i < w->nleas; i++) {
    struct sbx_lea *l = &w->leas[i];
    snprintf(l->code, sizeof l->code, "%s%s", LEAS[i].county_code, LEAS[i].district);
    snprintf(l->name, sizeof l->name, "%s", LEAS[i].name);
    snprintf(l->county_code, sizeof l->county_code, "%s", LEAS[i].county_code);
    l->county = LEAS[i].county;
    l->weight = LEAS[i].weight;
    w->weight_total += l->weight;
    for (int b = 0; b < SBX_BANDS; b++) {
      l->first_school[b] = w->nschools;
      l->nschools[b] = per_band[b];
      for (int j = 0; j < per_band[b]; j++) {
        struct sbx_school *s = &w->schools[w->nschools];
        int g = w->nschools; /* global school number: unique place names */
        char code[32];
        snprintf(code, sizeof code, "99%d%04d", (i + 1) % 10, (b * 100 + j + 1) % 10000);
        memcpy(s->code, code, sizeof s->code - 1);
        s->code[sizeof s->code - 1] = '\0';
        snprintf(s->name, sizeof s->name, "%s%s %s", PLACES[g % 16], PLACE_SUFFIX[(g / 16) % 6],
                 BAND_NAME[b]);
        s->lea = i;
        s->band = b;
        w->nschools++;
      }
    }
    for (int k = 0; k < SBX_YEARS; k++) {
      int y = last_year - 2 + k;
      l->first_day[k] = (int32_t)((y - 1) * 10000 + 800 + 10 + (i * 3 + y) % 8);
      l->last_day[k] = (int32_t)(y * 10000 + 600 + 3 + (i * 2 + y) % 8);
    }
  }
  uint64_t st = seed ^ 0x55D1D5EEDULL;
  for (int i = 0; i < 4; i++)
    w->ssid_keys[i] = sbx_splitmix64(&st);
  return 0;
}

/* ---- SSIDs ------------------------------------------------------------------------- */

#define SSID_SPACE 9000000000ULL /* 1000000000 .. 9999999999 */
#define HALF_BITS 17
#define HALF_MASK ((1ULL << HALF_BITS) - 1)

/* A keyed 4-round Feistel permutation of [0, 2^34). */
static uint64_t feistel34(uint64_t x, const uint64_t keys[4]) {
  uint64_t l = x >> HALF_BITS, r = x & HALF_MASK;
  for (int i = 0; i < 4; i++) {
    uint64_t t = l ^ (sbx_mix64(r ^ keys[i]) & HALF_MASK);
    l = r;
    r = t;
  }
  return (l << HALF_BITS) | r;
}

void sbx_ssid(const struct sbx_world *w, long index, char out[11]) {
  /* Cycle walking keeps the permutation inside [0, SSID_SPACE): a bijection there. */
  uint64_t x = (uint64_t)index;
  do
    x = feistel34(x, w->ssid_keys);
  while (x >= SSID_SPACE);
  uint64_t v = 1000000000ULL + x;
  for (int i = 9; i >= 0; i--) {
    out[i] = (char)('0' + v % 10);
    v /= 10;
  }
  out[10] = '\0';
}

/* ---- students ---------------------------------------------------------------------- */

static int pick_lea(const struct sbx_world *w, struct sbx_rng *r) {
  int x = (int)sbx_rng_below(r, (uint32_t)w->weight_total);
  for (int i = 0; i < w->nleas; i++) {
    if (x < w->leas[i].weight) return i;
    x -= w->leas[i].weight;
  }
  return 0;
}

/* A random LEA other than a and b. */
static int other_lea(const struct sbx_world *w, struct sbx_rng *r, int a, int b) {
  for (;;) {
    int l = pick_lea(w, r);
    if (l != a && l != b) return l;
    if (w->nleas <= 2) return (a + 1) % w->nleas;
  }
}

static int band_of(int grade) {
  return grade <= 5 ? SBX_ELEMENTARY : grade <= 8 ? SBX_MIDDLE : SBX_HIGH;
}

static uint16_t school_for(const struct sbx_world *w, int lea, int grade, uint32_t hood) {
  const struct sbx_lea *l = &w->leas[lea];
  int b = band_of(grade);
  return (uint16_t)(l->first_school[b] + (int)(hood % (uint32_t)l->nschools[b]));
}

static struct sbx_span *push_span(struct sbx_student *s) {
  if (s->nspans == SBX_MAX_SPANS) return NULL; /* cannot happen: at most 4 a year */
  struct sbx_span *sp = &s->spans[s->nspans++];
  memset(sp, 0, sizeof *sp);
  return sp;
}

static void set_exit(struct sbx_span *sp, int32_t exit, const char *reason) {
  sp->exit = exit;
  snprintf(sp->reason, sizeof sp->reason, "%s", reason);
}

/* The day scores are taken from: April 15, or today in the current year if earlier. */
static int32_t test_date(const struct sbx_world *w, int k) {
  int32_t td = (int32_t)((w->last_year - 2 + k) * 10000 + 415);
  return k == SBX_YEARS - 1 ? ymd_min(td, w->today) : td;
}

static void decide_tests(const struct sbx_world *w, struct sbx_student *s, struct sbx_rng *r,
                         int eia_k, bool eia_el, const int ability[SBX_SUBJ_COUNT]) {
  bool el_active = s->el;
  for (int k = 0; k < SBX_YEARS; k++) {
    struct sbx_year *y = &s->yr[k];
    int year = w->last_year - 2 + k;
    int32_t td = test_date(w, k);
    y->tested = false;
    for (int i = 0; i < s->nspans; i++) {
      const struct sbx_span *sp = &s->spans[i];
      if (sp->k != k || sp->status != 10 || strcmp(sp->reason, "N470") == 0) continue;
      if (sp->start <= td && (sp->exit == 0 || sp->exit > td)) {
        y->tested = true;
        y->school = sp->school;
        y->lea = sp->lea;
      }
    }
    if (y->grade < 0 || !y->tested) continue;
    int g = y->grade;
    y->sb = sbx_sb_grade(g);
    y->cast = (g == 5 || g == 8 || g == s->hs_cast_grade) && codes_applies(CODE_TYPE, "CAST", year);
    y->eia = k == eia_k && codes_applies(CODE_TYPE, "EIA", year);
    y->esa = el_active && (k != eia_k || eia_el) && codes_applies(CODE_TYPE, "ESA", year);
    struct sbx_scale sc;
    for (int subj = 0; subj < SBX_SUBJ_COUNT; subj++) {
      bool take = (subj == SBX_SUBJ_ELA || subj == SBX_SUBJ_MATH) ? y->sb
                  : subj == SBX_SUBJ_SCI                          ? y->cast
                  : subj == SBX_SUBJ_ELPAC                        ? y->esa
                                                                  : y->eia;
      if (!take || !sbx_scale_for((enum sbx_subject)subj, g, &sc)) continue;
      int score;
      if (subj == SBX_SUBJ_ELPAC_IA) {
        score = eia_el ? sbx_rng_range(r, 200, sc.cut[1] - 1) : sbx_rng_range(r, sc.cut[1], 580);
      } else {
        /* English learners grow a little every year on the Summative ELPAC. */
        int growth = subj == SBX_SUBJ_ELPAC ? 45 * k : 0;
        int z = ability[subj] + growth + sbx_rng_bell100(r) * 3 / 10;
        score = sbx_score_from_z(&sc, z);
      }
      y->score[subj] = (int16_t)score;
      y->level[subj] = (int8_t)sbx_level_of(&sc, score);
    }
    /* Level 4 on the Summative ELPAC: reclassified, no more ELPAC afterwards. */
    if (y->esa && y->level[SBX_SUBJ_ELPAC] == 4) el_active = false;
  }
}

void sbx_student_make(const struct sbx_world *w, long index, enum sbx_role role,
                      struct sbx_student *s) {
  struct sbx_rng r;
  sbx_rng_seed(&r, w->seed, (uint64_t)index);
  memset(s, 0, sizeof *s);
  s->index = index;
  sbx_ssid(w, index, s->ssid);
  snprintf(s->local_id, sizeof s->local_id, "%09ld", 100000000L + index % 800000000L);
  s->first = (uint16_t)sbx_rng_below(&r, NFIRST);
  s->middle = sbx_rng_chance(&r, 300) ? NO_MIDDLE : (uint16_t)sbx_rng_below(&r, NFIRST);
  s->last = (uint16_t)sbx_rng_below(&r, NLAST);
  int gx = (int)sbx_rng_below(&r, 1000);
  s->gender = gx < 490 ? 'F' : gx < 980 ? 'M' : 'X';
  const int Y = w->last_year;

  /* Family language and English learner status. */
  s->family = SBX_LANG_EN;
  if (sbx_rng_chance(&r, 250)) {
    static const int W[SBX_LANG_COUNT] = {0, 60, 10, 10, 8, 6, 6};
    int x = (int)sbx_rng_below(&r, 100);
    for (int l = 1; l < SBX_LANG_COUNT; l++) {
      if (x < W[l]) {
        s->family = (enum sbx_lang)l;
        break;
      }
      x -= W[l];
    }
  }
  s->el = s->family != SBX_LANG_EN ? sbx_rng_chance(&r, 600) : sbx_rng_chance(&r, 67);
  int hx = (int)sbx_rng_below(&r, 10);
  s->hs_cast_grade = hx < 6 ? 11 : hx < 8 ? 10 : 12;

  /* Grade in year Y: 0..12, or 13/14 for students who graduated before Y. */
  int gY = sbx_rng_range(&r, 0, 14);
  int ability[SBX_SUBJ_COUNT];
  ability[SBX_SUBJ_ELA] = sbx_rng_bell100(&r);
  ability[SBX_SUBJ_MATH] = (ability[SBX_SUBJ_ELA] * 6 + sbx_rng_bell100(&r) * 8) / 10;
  ability[SBX_SUBJ_SCI] = (ability[SBX_SUBJ_ELA] * 5 + sbx_rng_bell100(&r) * 8) / 10;
  ability[SBX_SUBJ_ELPAC] = sbx_rng_bell100(&r) - 40;
  ability[SBX_SUBJ_ELPAC_IA] = 0;

  int kfirst = gY >= 2 ? 0 : 2 - gY;
  int klast = gY <= 12 ? 2 : 14 - gY;
  int entry_k = kfirst;
  bool entry_mid = false;
  if (sbx_rng_chance(&r, 100)) {
    entry_k = sbx_rng_range(&r, kfirst, klast);
    entry_mid = sbx_rng_chance(&r, 500);
    s->moved_in = true;
  }
  int leave_k = -1;
  bool leave_mid = false;
  const char *leave_reason = "T180";
  if (sbx_rng_chance(&r, 70)) {
    leave_k = sbx_rng_range(&r, entry_k, klast);
    leave_mid = leave_k == 2 || sbx_rng_chance(&r, 600);
    if (!leave_mid && gY - 2 + leave_k == 12) leave_k = -1; /* that is graduation */
    int x = (int)sbx_rng_below(&r, 10);
    leave_reason = x < 4 ? "T180" : x < 6 ? "E140" : "T160";
  }
  int end_k = leave_k >= 0 ? leave_k : klast;
  int transfer_k = sbx_rng_chance(&r, 40) ? sbx_rng_range(&r, entry_k, end_k) : -1;
  int move_k =
      sbx_rng_chance(&r, 50) && end_k > entry_k ? sbx_rng_range(&r, entry_k + 1, end_k) : -1;
  int secondary_k = -1;
  if (sbx_rng_chance(&r, 40)) {
    int cand[SBX_YEARS], nc = 0;
    for (int k = entry_k; k <= end_k; k++)
      if (gY - 2 + k >= 9) cand[nc++] = k;
    if (nc) secondary_k = cand[sbx_rng_below(&r, (uint32_t)nc)];
  }
  int no_show_k = sbx_rng_chance(&r, 12) ? entry_k : -1;
  int home = pick_lea(w, &r);
  uint32_t hood = (uint32_t)(sbx_rng_next(&r) >> 32);

  /* Forced roles (small data sets still get one of each example). */
  if (role != SBX_ROLE_ANY) {
    entry_k = 0;
    entry_mid = false;
    leave_k = transfer_k = move_k = secondary_k = no_show_k = -1;
    s->moved_in = false;
  }
  switch (role) {
  case SBX_ROLE_CURRENT:
    gY = sbx_rng_range(&r, 5, 8); /* Smarter Balanced reports in all three years */
    s->family = SBX_LANG_ES;
    s->el = false;
    break;
  case SBX_ROLE_TRANSFER: {
    gY = sbx_rng_range(&r, 5, 7); /* tested in all three years */
    transfer_k = 2;
    /* A transfer this year needs room between November and (today - a week). */
    int32_t hi = ymd_min((int32_t)(Y * 10000 + 315), sbx_ymd_add(w->today, -8));
    if (hi < (int32_t)((Y - 1) * 10000 + 1101)) transfer_k = 1;
    break;
  }
  case SBX_ROLE_LEFT:
    gY = sbx_rng_range(&r, 5, 9); /* tested in Y-1 */
    leave_k = 2;
    leave_mid = true;
    leave_reason = "T180";
    if (sbx_ymd_add(w->leas[home].first_day[2], 20) >= w->today) {
      leave_mid = false; /* too early in the year: leave at the end of Y-1 instead */
      leave_k = 1;
    }
    break;
  case SBX_ROLE_SECONDARY:
    gY = sbx_rng_range(&r, 10, 11);
    secondary_k = 2;
    break;
  case SBX_ROLE_NO_SHOW:
    gY = sbx_rng_range(&r, 3, 11);
    no_show_k = 2;
    entry_k = 0;
    break;
  case SBX_ROLE_GRADUATE:
    gY = 13;
    break;
  case SBX_ROLE_EL:
    gY = sbx_rng_range(&r, 3, 8);
    s->el = true;
    s->family = SBX_LANG_VI;
    break;
  case SBX_ROLE_ANY:
  case SBX_ROLE_COUNT:
    break;
  }
  if (role != SBX_ROLE_ANY) {
    kfirst = gY >= 2 ? 0 : 2 - gY;
    klast = gY <= 12 ? 2 : 14 - gY;
    entry_k = kfirst;
    end_k = leave_k >= 0 ? leave_k : klast;
  }

  /* Birth date: five years old on September 1 of the kindergarten year. */
  int kn_fall = Y - 1 - gY; /* calendar year of the KN autumn */
  s->birth =
      pick_date(&r, (int32_t)((kn_fall - 6) * 10000 + 902), (int32_t)((kn_fall - 5) * 10000 + 901));

  for (int k = 0; k < SBX_YEARS; k++) {
    int g = gY - 2 + k;
    s->yr[k].grade = (int8_t)(k >= entry_k && k <= end_k && g >= 0 && g <= 12 ? g : -1);
  }
  s->transfer_k = s->left_k = s->secondary_k = s->no_show_k = s->graduate_k = -1;

  /* Walk the years and lay down the spans. */
  int lea = home;
  uint32_t hood2 = hood * 2654435761u + 7;
  for (int k = entry_k; k <= end_k; k++) {
    const int year = Y - 2 + k;
    const int g = gY - 2 + k;
    const bool current = k == SBX_YEARS - 1;
    if (k == move_k) lea = other_lea(w, &r, lea, lea);
    int32_t ystart = w->leas[lea].first_day[k];
    if (current && ystart > w->today) ystart = w->today;
    int32_t start = ystart;
    if (k == entry_k && entry_mid) {
      int32_t lim = current ? sbx_ymd_add(w->today, -1) : (int32_t)(year * 10000 + 331);
      int32_t d =
          pick_date(&r, ymd_max(sbx_ymd_add(ystart, 20), (int32_t)((year - 1) * 10000 + 915)),
                    ymd_min((int32_t)(year * 10000 + 331), lim));
      if (d) start = d;
    }
    if (k == no_show_k) {
      /* Registered at another LEA's school, never came: exit date = start date. */
      int lea2 = other_lea(w, &r, lea, lea);
      int32_t ns = ymd_max(sbx_ymd_add(start, -sbx_rng_range(&r, 2, 6)), admin_year_start(year));
      if (ns < start) {
        struct sbx_span *sp = push_span(s);
        if (sp) {
          sp->start = ns;
          sp->school = school_for(w, lea2, g, hood2);
          sp->lea = (uint8_t)lea2;
          sp->k = (uint8_t)k;
          sp->status = 10;
          sp->grade = (int8_t)g;
          set_exit(sp, ns, "N470");
          s->no_show_k = k;
        }
      }
    }
    struct sbx_span cur = {0};
    cur.start = start;
    cur.school = school_for(w, lea, g, hood);
    cur.lea = (uint8_t)lea;
    cur.k = (uint8_t)k;
    cur.status = 10;
    cur.grade = (int8_t)g;
    const int32_t first_primary_start = start;

    if (k == transfer_k) {
      int32_t lo = ymd_max(sbx_ymd_add(start, 21), (int32_t)((year - 1) * 10000 + 1101));
      int32_t hi = (int32_t)(year * 10000 + 315);
      if (current) hi = ymd_min(hi, sbx_ymd_add(w->today, -8));
      int32_t d = pick_date(&r, lo, hi);
      if (d) {
        int lea2 = other_lea(w, &r, lea, lea);
        int32_t start2 = sbx_ymd_add(d, sbx_rng_range(&r, 2, 7));
        struct sbx_span *sp = push_span(s);
        if (sp) {
          *sp = cur;
          set_exit(sp, d, "T160");
        }
        s->transfer_k = k;
        s->transfer_exit = d;
        s->transfer_start = start2;
        s->transfer_from = (uint8_t)lea;
        s->transfer_to = (uint8_t)lea2;
        lea = lea2;
        cur.start = start2;
        cur.lea = (uint8_t)lea2;
        cur.school = school_for(w, lea2, g, hood2);
      }
    }

    bool left_now = false;
    int32_t year_end = w->leas[cur.lea].last_day[k];
    if (k == leave_k) {
      int32_t d = 0;
      if (leave_mid) {
        int32_t hi = current ? sbx_ymd_add(w->today, -1) : sbx_ymd_add(year_end, -10);
        d = pick_date(&r, sbx_ymd_add(cur.start, 15), hi);
      }
      if (d) {
        set_exit(&cur, d, leave_reason);
        left_now = true;
      } else if (!current) {
        set_exit(&cur, year_end, "E155"); /* left over the summer */
        left_now = true;
      }
      if (left_now) {
        s->left_k = k;
        s->left_date = cur.exit;
        snprintf(s->left_reason, sizeof s->left_reason, "%s", cur.reason);
      }
    }
    if (!left_now && !current) {
      if (g == 12) {
        set_exit(&cur, year_end, "E230");
        cur.graduated = true;
        cur.uc_csu = sbx_rng_chance(&r, 450) ? 'Y' : 'N';
        cur.seal_gs = sbx_rng_chance(&r, 250) ? 'Y' : 'N';
        cur.seal_bil = s->family != SBX_LANG_EN && sbx_rng_chance(&r, 400) ? 'Y' : 'N';
        s->graduate_k = k;
      } else {
        set_exit(&cur, year_end, "E155");
      }
    }
    struct sbx_span *sp = push_span(s);
    if (sp) *sp = cur;

    if (k == secondary_k && g >= 9) {
      /* Concurrent enrollment at another LEA's high school, exited with E170. */
      int lea3 = other_lea(w, &r, lea, s->transfer_k == k ? s->transfer_from : lea);
      int32_t ss = sbx_ymd_add(first_primary_start, sbx_rng_range(&r, 10, 45));
      if (current && ss > w->today) ss = w->today;
      int32_t se = left_now ? cur.exit : current ? 0 : w->leas[lea3].last_day[k];
      if (ss > first_primary_start && (se == 0 || ss < se)) {
        struct sbx_span *s2 = push_span(s);
        if (s2) {
          s2->start = ss;
          s2->school = school_for(w, lea3, g, hood2 >> 3);
          s2->lea = (uint8_t)lea3;
          s2->k = (uint8_t)k;
          s2->status = 20;
          s2->grade = (int8_t)g;
          if (se) set_exit(s2, se, "E170");
          s->secondary_k = k;
        }
      }
    }
    if (left_now) {
      for (int k2 = k + 1; k2 < SBX_YEARS; k2++)
        s->yr[k2].grade = -1;
      break;
    }
  }

  /* Initial ELPAC for newcomers from homes with another language. */
  int eia_k = -1;
  bool eia_el = s->el;
  bool newcomer = s->moved_in || gY - 2 + entry_k == 0;
  if (newcomer && (s->family != SBX_LANG_EN || s->el) && sbx_rng_chance(&r, 600)) eia_k = entry_k;
  if (role == SBX_ROLE_EL) eia_k = -1;
  decide_tests(w, s, &r, eia_k, eia_el, ability);
}
