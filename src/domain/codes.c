/* codes.c - the code tables of the SSR API v3 seed (tables 1-5). See codes.h.
 *
 * Administration year Y means the school year ending in June of Y (2024-25 is 2025).
 * Where the seed says "Applicable for all years" first_year is 0. */
#include "domain/codes.h"

#include <string.h>
#include <strings.h>

/* Table 1. "CAST,CST" in the seed lists two spellings of one type: CST is accepted as an
 * alias of CAST. "STS (2018 only)" applies to 2015-16..2017-18 per its comment. */
static const struct code_entry TYPES[] = {
    {"CAASPP", NULL, "CAASPP for ELA, mathematics, and science SSR (Smarter Balanced and CAA)", 0,
     0},
    {"LEXQUAN", NULL, "Lexile/Quantile SSR", 0, 2023},
    {"CAST", NULL, "California Science Test SSR", 2019, 0},
    {"CST", "CAST", "California Science Test SSR (alias of CAST)", 2019, 0},
    {"CAAS", NULL, "California Alternate Assessment for Science SSR", 2020, 0},
    {"CSA", NULL, "California Spanish Assessment SSR", 2019, 0},
    {"STS", NULL, "Standards-based Tests in Spanish (STS) SSR", 2016, 2018},
    {"EIA", NULL, "Initial ELPAC SSR", 2022, 0},
    {"ESA", NULL, "Summative ELPAC SSR", 2018, 0},
    {"EIALT", NULL, "Initial Alternate ELPAC SSR", 2023, 0},
    {"ESALT", NULL, "Summative Alternate ELPAC SSR", 2022, 0},
};

/* Table 2. */
static const struct code_entry LANGS[] = {
    {"EN", NULL, "English", 0, 0},       {"ES", NULL, "Spanish", 0, 0},
    {"VI", NULL, "Vietnamese", 2019, 0}, {"ZH", NULL, "Chinese (Traditional)", 2019, 0},
    {"FL", NULL, "Filipino", 2019, 0},   {"KR", NULL, "Korean", 2023, 0},
    {"AR", NULL, "Arabic", 2024, 0},
};

/* Table 3. The seed dates PDF and ALL "from 2023-24", which is when the v3 format
 * parameter appeared; PDF score reports exist for every year (the API served them
 * before v3), so PDF and ALL apply to all years here, or a PDF of 2022-23 could never
 * be listed while that year is still in the window. */
static const struct code_entry FORMATS[] = {
    {"PDF", NULL, "PDF", 0, 0},
    {"HTML", NULL, "Device-adaptive HTML", 2024, 0},
    {"VIDEO", NULL, "Video", 2025, 0},
    {"ALL", NULL, "All formats", 0, 0},
};

/* Table 4. The seed's response sample writes mathematics as "MATH" while table 4 says
 * "MA"; both spellings are accepted and a report keeps the one it was registered with. */
static const struct code_entry AREAS[] = {
    {"ELA", NULL, "English language arts/literacy", 2024, 0},
    {"MA", NULL, "Mathematics", 2024, 0},
    {"MATH", "MA", "Mathematics (spelling used in the seed's response sample)", 2024, 0},
    {"SC", NULL, "Science", 2024, 0},
    {"RLA", NULL, "Reading/language arts", 2024, 0},
    {"EP", NULL, "English language proficiency", 2024, 0},
};

static const struct code_entry *table(enum code_table t, size_t *n) {
  switch (t) {
  case CODE_TYPE:
    *n = sizeof TYPES / sizeof TYPES[0];
    return TYPES;
  case CODE_LANG:
    *n = sizeof LANGS / sizeof LANGS[0];
    return LANGS;
  case CODE_FORMAT:
    *n = sizeof FORMATS / sizeof FORMATS[0];
    return FORMATS;
  case CODE_CONTENT_AREA:
    *n = sizeof AREAS / sizeof AREAS[0];
    return AREAS;
  }
  *n = 0;
  return NULL;
}

const struct code_entry *codes_table(enum code_table t, size_t *n) {
  return table(t, n);
}

const char *codes_table_name(enum code_table t) {
  switch (t) {
  case CODE_TYPE:
    return "type";
  case CODE_LANG:
    return "lang";
  case CODE_FORMAT:
    return "format";
  case CODE_CONTENT_AREA:
    return "content area";
  }
  return "?";
}

static const struct code_entry *find_exact(enum code_table t, const char *s) {
  size_t n;
  const struct code_entry *e = table(t, &n);
  for (size_t i = 0; i < n; i++)
    if (strcasecmp(e[i].code, s) == 0) return &e[i];
  return NULL;
}

const struct code_entry *codes_find(enum code_table t, const char *s) {
  if (s == NULL) return NULL;
  const struct code_entry *e = find_exact(t, s);
  if (e && e->canonical) e = find_exact(t, e->canonical);
  return e;
}

const char *codes_canonical(enum code_table t, const char *s) {
  const struct code_entry *e = codes_find(t, s);
  return e ? e->code : NULL;
}

bool codes_applies(enum code_table t, const char *canonical, int year) {
  const struct code_entry *e = codes_find(t, canonical);
  if (e == NULL) return false;
  if (e->first_year && year < e->first_year) return false;
  if (e->last_year && year > e->last_year) return false;
  return true;
}

bool codes_valid_content_area_list(const char *s) {
  const char *seen[8];
  size_t nseen = 0;
  const char *p = s;
  if (s == NULL || *s == '\0') return false;
  for (;;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    char code[8];
    if (len == 0 || len >= sizeof code) return false;
    memcpy(code, p, len);
    code[len] = '\0';
    const char *c = codes_canonical(CODE_CONTENT_AREA, code);
    if (c == NULL || strcmp(code, c) != 0) {
      /* must be spelled exactly as a code (upper case) or the MATH alias */
      if (c == NULL || strcmp(code, "MATH") != 0) return false;
    }
    for (size_t i = 0; i < nseen; i++)
      if (strcmp(seen[i], c) == 0) return false;
    if (nseen == sizeof seen / sizeof seen[0]) return false;
    seen[nseen++] = c;
    if (comma == NULL) break;
    p = comma + 1;
  }
  return true;
}

bool codes_valid_grade(const char *s) {
  if (s == NULL || strlen(s) != 2) return false;
  if (strcmp(s, "KN") == 0) return true;
  if (s[0] < '0' || s[0] > '1' || s[1] < '0' || s[1] > '9') return false;
  int g = (s[0] - '0') * 10 + (s[1] - '0');
  return g >= 1 && g <= 12;
}
