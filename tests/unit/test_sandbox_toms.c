/* test_sandbox_toms.c - the sandbox's TOMS Student Score Data Files: determinism, ZIP
 * contents, header rows and field counts, CSV and .dat agreement, score ranges and levels,
 * Enrolled / Tested membership against the sandbox's enrollment, sandbox.json. */
#include "testutil.h"

#include <dirent.h>
#include <ftw.h>
#include <jansson.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include "domain/codes.h"
#include "ingest/score_columns.h"
#include "sandbox/population.h"
#include "sandbox/sandbox.h"
#include "sandbox/scores.h"
#include "sandbox/toms.h"
#include "util/fsutil.h"

#define STUDENTS 1000
#define SEED 7
#define YEAR 2025
#define TODAY 20250601

static char g_dir[64];
static char g_a[128], g_b[128];
static struct sandbox_result *g_res;

/* ---- helpers ---------------------------------------------------------------------- */

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path);
}

static int generate(const char *dir, struct sandbox_result *res) {
  struct sandbox_opts o;
  struct sb_err err = {{0}};
  sandbox_opts_init(&o);
  o.students = STUDENTS;
  o.seed = SEED;
  o.out_dir = dir;
  o.last_year = YEAR;
  o.today = TODAY;
  o.shared_above = -1; /* shared report templates: few files, a fast test */
  int rc = sandbox_generate(&o, res, &err);
  if (rc != 0) print_error("sandbox_generate: %s\n", err.msg);
  return rc;
}

static int setup(void **state) {
  (void)state;
  snprintf(g_dir, sizeof g_dir, "/tmp/sb-toms-XXXXXX");
  if (mkdtemp(g_dir) == NULL) return -1;
  snprintf(g_a, sizeof g_a, "%s/a", g_dir);
  snprintf(g_b, sizeof g_b, "%s/b", g_dir);
  g_res = calloc(2, sizeof *g_res);
  if (g_res == NULL) return -1;
  if (generate(g_a, &g_res[0]) != 0) return -1;
  return generate(g_b, &g_res[1]);
}

static int teardown(void **state) {
  (void)state;
  nftw(g_dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
  free(g_res);
  return 0;
}

static char *slurp(const char *path, size_t *len) {
  struct sb_err err = {{0}};
  char *p = fs_read_file(path, 256u << 20, len, &err);
  if (p == NULL) fail_msg("%s", err.msg);
  return p;
}

static void zip_path(const char *dir, const struct sandbox_score_file *sf, char *out, size_t n) {
  snprintf(out, n, "%s/%s", dir, sf->path);
}

/* Reads entry `name` of an open archive into a malloc'd, NUL-terminated buffer. */
static char *zip_slurp(zip_t *za, const char *name, size_t *len) {
  zip_stat_t st;
  assert_int_equal(zip_stat(za, name, 0, &st), 0);
  zip_file_t *zf = zip_fopen(za, name, 0);
  assert_non_null(zf);
  char *b = malloc(st.size + 1);
  assert_non_null(b);
  assert_int_equal(zip_fread(zf, b, st.size), (zip_int64_t)st.size);
  zip_fclose(zf);
  b[st.size] = '\0';
  *len = st.size;
  return b;
}

static enum score_family family_of(const char *name) {
  if (strcmp(name, "CAASPP") == 0) return SCORE_CAASPP;
  if (strcmp(name, "Summative ELPAC") == 0) return SCORE_SUMMATIVE_ELPAC;
  assert_string_equal(name, "Initial ELPAC");
  return SCORE_INITIAL_ELPAC;
}

static const struct score_columns *layout_of(enum score_family f, int year) {
  int want = year >= 2025 ? 2025 : 2024;
  for (size_t i = 0; i < score_columns_known_count; i++)
    if (score_columns_known[i].family == f && score_columns_known[i].year == want)
      return &score_columns_known[i];
  fail();
  return NULL;
}

static int col(const struct score_columns *c, const char *name) {
  for (size_t i = 0; i < c->ncols; i++)
    if (strcmp(c->names[i], name) == 0) return (int)i;
  fail_msg("no column %s", name);
  return -1;
}

/* Splits a NUL-terminated line at carets in place; returns the field count. */
static int split(char *line, char **fld, int max) {
  int n = 0;
  for (char *q = line;;) {
    if (n < max) fld[n] = q;
    n++;
    char *c = strchr(q, '^');
    if (c == NULL) break;
    *c = '\0';
    q = c + 1;
  }
  return n;
}

/* A decimal field as an int (0 when blank). */
static int num(const char *s) {
  return (int)strtol(s, NULL, 10);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp((const char *)a, (const char *)b);
}

/* A sorted set of 16-byte strings. */
struct strset {
  char (*s)[17];
  size_t n, cap;
};

static void set_add(struct strset *st, const char *v) {
  if (st->n == st->cap) {
    st->cap = st->cap ? st->cap * 2 : 256;
    st->s = realloc(st->s, st->cap * sizeof *st->s);
    assert_non_null(st->s);
  }
  snprintf(st->s[st->n++], 17, "%s", v);
}

/* Sorts and drops repeats; returns how many repeats there were. */
static size_t set_finish(struct strset *st) {
  if (st->n == 0) return 0;
  qsort(st->s, st->n, sizeof *st->s, cmp_str);
  size_t w = 1, dups = 0;
  for (size_t i = 1; i < st->n; i++) {
    if (strcmp(st->s[i], st->s[w - 1]) == 0)
      dups++;
    else
      memcpy(st->s[w++], st->s[i], sizeof *st->s);
  }
  st->n = w;
  return dups;
}

/* ---- tests ------------------------------------------------------------------------ */

static void test_files_listed(void **state) {
  (void)state;
  const struct sandbox_result *r = &g_res[0];
  /* 3 families x 2 bases x 3 years x LEAs. */
  assert_int_equal(r->nscore_files, 3 * 2 * SANDBOX_YEARS * r->nleas);
  assert_true(r->score_rows > 0);
  size_t len;
  char *text = slurp(r->json_path, &len);
  json_error_t je;
  json_t *root = json_loads(text, 0, &je);
  free(text);
  assert_non_null(root);
  json_t *scores = json_object_get(json_object_get(root, "files"), "scores");
  assert_int_equal(json_array_size(scores), (size_t)r->nscore_files);
  for (int i = 0; i < r->nscore_files; i++) {
    json_t *o = json_array_get(scores, (size_t)i);
    const struct sandbox_score_file *sf = &r->score_files[i];
    assert_string_equal(json_string_value(json_object_get(o, "path")), sf->path);
    assert_string_equal(json_string_value(json_object_get(o, "family")), sf->family);
    assert_string_equal(json_string_value(json_object_get(o, "basis")), sf->basis);
    assert_string_equal(json_string_value(json_object_get(o, "lea")), sf->lea);
    assert_int_equal(json_integer_value(json_object_get(o, "year")), sf->year);
    assert_int_equal(json_integer_value(json_object_get(o, "rows")), sf->rows);
    char p[512];
    zip_path(g_a, sf, p, sizeof p);
    assert_int_equal(access(p, R_OK), 0);
    /* The name follows TOMS: {CDS14}_..._{Enrolled|Tested}StudentScoreData_{YYYY}.zip */
    char want[64];
    snprintf(want, sizeof want, "scores/%s0000000_", sf->lea);
    assert_memory_equal(sf->path, want, strlen(want));
    snprintf(want, sizeof want, "_%sStudentScoreData_%d.zip", sf->basis, sf->year);
    assert_string_equal(sf->path + strlen(sf->path) - strlen(want), want);
  }
  json_decref(root);
  /* No temporary files are left behind. */
  char dir[256];
  snprintf(dir, sizeof dir, "%s/scores", g_a);
  DIR *d = opendir(dir);
  assert_non_null(d);
  struct dirent *e;
  while ((e = readdir(d)) != NULL)
    assert_null(strstr(e->d_name, ".part"));
  closedir(d);
}

static void test_deterministic(void **state) {
  (void)state;
  assert_int_equal(g_res[0].nscore_files, g_res[1].nscore_files);
  for (int i = 0; i < g_res[0].nscore_files; i++) {
    char pa[512], pb[512];
    zip_path(g_a, &g_res[0].score_files[i], pa, sizeof pa);
    zip_path(g_b, &g_res[1].score_files[i], pb, sizeof pb);
    size_t la, lb;
    char *a = slurp(pa, &la), *b = slurp(pb, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    free(a);
    free(b);
  }
}

/* Checks one record's scores against the scales; rt is the record type. */
static void check_scores(const struct score_columns *c, char **f, int grade) {
  int rt = num(f[col(c, "RecordType")]);
  struct sbx_scale sc;
  if (rt == 1 || rt == 2) {
    const char *ss = f[col(c, "ScaleScore")];
    if (ss[0] == '\0') {
      assert_string_equal(f[col(c, "IncludeIndicator")], "N");
      assert_true(f[col(c, "ConditionCode")][0] != '\0');
      return;
    }
    assert_true(sbx_scale_for(rt == 1 ? SBX_SUBJ_ELA : SBX_SUBJ_MATH, grade, &sc));
    int s = num(ss), level = num(f[col(c, "AchievementLevels")]);
    assert_in_range(s, sc.lo, sc.hi);
    assert_int_equal(level, sbx_level_of(&sc, s));
    int sem = num(f[col(c, "StandardErrorMeasurement")]);
    assert_in_range(sem, 10, 80);
    assert_int_equal(strlen(f[col(c, "StandardErrorMeasurement")]), 4);
    const char *lx = f[col(c, "LexileorQuantileMeasure")];
    assert_int_equal(lx[strlen(lx) - 1], rt == 1 ? 'L' : 'Q');
    for (int k = 1; k <= 2; k++) {
      char nm[32];
      snprintf(nm, sizeof nm, "SmarterCompClaim%dPL", k);
      int pl = num(f[col(c, nm)]);
      assert_in_range(pl, 1, 3);
      /* Claims agree with the overall level: no "above" below standard, no "below" above. */
      if (level <= 2) assert_true(pl <= 2);
      if (level >= 3) assert_true(pl >= 2);
    }
  } else if (rt == 6) {
    const char *ss = f[col(c, "ScaleScore")];
    if (ss[0] == '\0') return;
    assert_true(sbx_scale_for(SBX_SUBJ_SCI, grade, &sc));
    int s = num(ss);
    assert_in_range(s, sc.lo, sc.hi);
    assert_int_equal(num(f[col(c, "AchievementLevels")]), sbx_level_of(&sc, s));
  } else if (rt == 21) {
    const char *ss = f[col(c, "OverallScaleScore")];
    if (ss[0] == '\0') {
      assert_string_equal(f[col(c, "ConditionCode")], "NT");
      return;
    }
    assert_true(sbx_scale_for(SBX_SUBJ_ELPAC, grade, &sc));
    int s = num(ss);
    assert_in_range(s, sc.lo, sc.hi);
    assert_int_equal(num(f[col(c, "OverallPL")]), sbx_level_of(&sc, s));
    assert_in_range(num(f[col(c, "OralLanguagePL")]), 1, 4);
    assert_in_range(num(f[col(c, "ListeningPL")]), 1, 3);
  } else if (rt == 22) {
    int s = num(f[col(c, "OverallScaleScore")]);
    assert_in_range(s, 150, 600);
    const char *pl = f[col(c, "OverallPL")];
    const char *want = s < 370   ? "Novice English Learner"
                       : s < 450 ? "Intermediate English Learner"
                                 : "Initial Fluent English Proficient (IFEP)";
    assert_string_equal(pl, want);
    assert_string_equal(f[col(c, "CalculatedELAS")], s >= 450 ? "IFEP" : "EL");
  } else {
    assert_true(rt == 3 || rt == 4 || rt == 5 || rt == 9);
    const char *al = f[col(c, "AchievementLevels")];
    if (al[0]) assert_in_range(num(al), 1, 3);
  }
}

static int grade_num(const char *g) {
  return strcmp(g, "KN") == 0 ? 0 : num(g);
}

/* Per file: what the ZIP holds, the header row, every record's fields, CSV == .dat,
 * scores, unique UINs. Collects CAASPP SSIDs per file for the membership test. */
static void check_zip(const struct sandbox_score_file *sf, struct strset *ssids, long *moved_out,
                      long *not_tested) {
  char p[512];
  zip_path(g_a, sf, p, sizeof p);
  int ze = 0;
  zip_t *za = zip_open(p, ZIP_RDONLY, &ze);
  assert_non_null(za);
  assert_int_equal(zip_get_num_entries(za, 0), 3);
  const char *base = strrchr(sf->path, '/') + 1;
  char stem[256], csv_name[300], dat_name[300];
  snprintf(stem, sizeof stem, "%.*s", (int)(strlen(base) - 4), base);
  snprintf(csv_name, sizeof csv_name, "%s_DLMTR.CSV", stem);
  snprintf(dat_name, sizeof dat_name, "%s.dat", stem);
  size_t clen, dlen, rlen;
  char *csv = zip_slurp(za, csv_name, &clen);
  char *dat = zip_slurp(za, dat_name, &dlen);
  char *readme = zip_slurp(za, "README.txt", &rlen);
  assert_non_null(strstr(readme, "SYNTHETIC"));
  free(readme);
  zip_close(za);

  enum score_family fam = family_of(sf->family);
  const struct score_columns *c = layout_of(fam, sf->year);
  int *width = calloc(c->ncols, sizeof *width);
  assert_non_null(width);
  size_t reclen = 0;
  for (size_t i = 0; i < c->ncols; i++) {
    width[i] = sbx_toms_dat_width(fam, c->names[i]);
    reclen += (size_t)width[i];
  }
  char **fld = calloc(c->ncols + 8, sizeof *fld);
  assert_non_null(fld);
  struct strset uins = {0};
  char cds[15];
  snprintf(cds, sizeof cds, "%s0000000", sf->lea);
  bool tested_basis = strcmp(sf->basis, "Tested") == 0;

  /* Header row. */
  char *eol = strstr(csv, "\r\n");
  assert_non_null(eol);
  *eol = '\0';
  assert_int_equal(split(csv, fld, (int)c->ncols + 8), (int)c->ncols);
  for (size_t i = 0; i < c->ncols; i++)
    assert_string_equal(fld[i], c->names[i]);
  char *line = eol + 2, *dline = dat;
  long rows = 0;
  while (line < csv + clen) {
    eol = strstr(line, "\r\n");
    assert_non_null(eol);
    *eol = '\0';
    assert_null(strchr(line, '\n'));
    assert_null(strchr(line, '"'));
    assert_int_equal(split(line, fld, (int)c->ncols + 8), (int)c->ncols);
    assert_string_equal(fld[c->ncols - 1], "ZZ");
    /* The .dat twin: same record, fixed width. */
    assert_true(dline + reclen + 2 <= dat + dlen);
    assert_memory_equal(dline + reclen, "\r\n", 2);
    size_t pos = 0;
    for (size_t i = 0; i < c->ncols; i++) {
      size_t n = strlen(fld[i]);
      assert_true(n <= (size_t)width[i]);
      assert_memory_equal(dline + pos, fld[i], n);
      for (size_t j = n; j < (size_t)width[i]; j++)
        assert_int_equal(dline[pos + j], ' ');
      pos += (size_t)width[i];
    }
    dline += reclen + 2;
    set_add(&uins, fld[col(c, "UIN")]);
    assert_int_equal(strlen(fld[col(c, "SSID")]), 10);
    const char *rt = fld[0];
    assert_string_equal(rt, fam == SCORE_CAASPP ? rt : fam == SCORE_SUMMATIVE_ELPAC ? "21" : "22");
    check_scores(c, fld, grade_num(fld[col(c, "GradeAssessed")]));
    const char *eth =
        fld[col(c, sf->year >= 2025 && fam != SCORE_INITIAL_ELPAC ? "EthnicityforTesting"
                                                                  : "ReportingEthnicity")];
    assert_in_range(num(eth), 100, 800);
    if (strcmp(fld[col(c, "HispanicorLatino")], "Yes") == 0) assert_string_equal(eth, "500");
    if (fam == SCORE_CAASPP) {
      set_add(ssids, fld[1]);
      if (tested_basis) {
        assert_string_equal(fld[col(c, "FinalTestedDistrictCode")], cds);
        if (strcmp(fld[col(c, "CALPADSDistrictCode")], cds) != 0) (*moved_out)++;
      } else {
        assert_string_equal(fld[col(c, "CALPADSDistrictCode")], cds);
        if (strcmp(fld[col(c, "IncludeIndicator")], "N") == 0) (*not_tested)++;
      }
    }
    rows++;
    line = eol + 2;
  }
  assert_true(dline == dat + dlen);
  assert_int_equal(rows, sf->rows);
  assert_int_equal(set_finish(&uins), 0);
  free(uins.s);
  free(fld);
  free(width);
  free(csv);
  free(dat);
}

/* The CAASPP SSIDs expected in a file, from the sandbox's students and enrollment. */
static void expected_caaspp(const struct sbx_world *w, int k, int lea, bool tested_basis,
                            struct strset *want) {
  for (long i = 0; i < STUDENTS; i++) {
    struct sbx_student s;
    enum sbx_role role = i + 1 < SBX_ROLE_COUNT ? (enum sbx_role)(i + 1) : SBX_ROLE_ANY;
    sbx_student_make(w, i, role, &s);
    const struct sbx_year *y = &s.yr[k];
    if (y->grade < 0) continue;
    const struct sbx_span *cal = sbx_toms_calpads_span(w, &s, k);
    bool takes;
    if (y->tested) {
      takes = y->sb || y->cast;
    } else {
      int g = y->grade;
      takes = sbx_sb_grade(g) || ((g == 5 || g == 8 || g == s.hs_cast_grade) &&
                                  codes_applies(CODE_TYPE, "CAST", w->last_year - 2 + k));
    }
    if (!takes) continue;
    if (tested_basis ? (y->tested && y->lea == lea) : (cal && cal->lea == lea))
      set_add(want, s.ssid);
  }
  set_finish(want);
}

static void test_contents_and_membership(void **state) {
  (void)state;
  const struct sandbox_result *r = &g_res[0];
  struct sbx_world *w = malloc(sizeof *w);
  assert_non_null(w);
  struct sb_err err = {{0}};
  assert_int_equal(sbx_world_init(w, STUDENTS, SEED, YEAR, TODAY, &err), 0);
  long moved_out = 0, not_tested = 0, caaspp_files = 0;
  for (int i = 0; i < r->nscore_files; i++) {
    const struct sandbox_score_file *sf = &r->score_files[i];
    struct strset got = {0};
    check_zip(sf, &got, &moved_out, &not_tested);
    if (strcmp(sf->family, "CAASPP") != 0) {
      free(got.s);
      continue;
    }
    caaspp_files++;
    set_finish(&got);
    int lea = -1;
    for (int l = 0; l < w->nleas; l++)
      if (strcmp(w->leas[l].code, sf->lea) == 0) lea = l;
    assert_true(lea >= 0);
    struct strset want = {0};
    expected_caaspp(w, sf->year - (YEAR - 2), lea, strcmp(sf->basis, "Tested") == 0, &want);
    assert_int_equal(got.n, want.n);
    for (size_t j = 0; j < got.n; j++)
      assert_string_equal(got.s[j], want.s[j]);
    free(got.s);
    free(want.s);
  }
  assert_int_equal(caaspp_files, 2 * SANDBOX_YEARS * w->nleas);
  /* Some tested students have since moved to another LEA; some enrolled ones never tested. */
  assert_true(moved_out > 0);
  assert_true(not_tested > 0);
  free(w);
}

/* Level shares over a larger population: roughly 45 % met or exceeded in ELA, 35 % in
 * mathematics (wide bounds; the draw is the population's). */
static void test_level_shares(void **state) {
  (void)state;
  long met[2] = {0}, all[2] = {0};
  for (int i = 0; i < g_res[0].nscore_files; i++) {
    const struct sandbox_score_file *sf = &g_res[0].score_files[i];
    if (strcmp(sf->family, "CAASPP") != 0 || strcmp(sf->basis, "Tested") != 0) continue;
    char p[512];
    zip_path(g_a, sf, p, sizeof p);
    int ze = 0;
    zip_t *za = zip_open(p, ZIP_RDONLY, &ze);
    assert_non_null(za);
    const char *base = strrchr(sf->path, '/') + 1;
    char name[300];
    snprintf(name, sizeof name, "%.*s_DLMTR.CSV", (int)(strlen(base) - 4), base);
    size_t len;
    char *csv = zip_slurp(za, name, &len);
    zip_close(za);
    const struct score_columns *c = layout_of(SCORE_CAASPP, sf->year);
    int al = col(c, "AchievementLevels");
    char **fld = calloc(c->ncols + 8, sizeof *fld);
    assert_non_null(fld);
    char *line = strstr(csv, "\r\n") + 2;
    while (line < csv + len) {
      char *eol = strstr(line, "\r\n");
      *eol = '\0';
      split(line, fld, (int)c->ncols + 8);
      int rt = num(fld[0]);
      if (rt == 1 || rt == 2) {
        all[rt - 1]++;
        if (num(fld[al]) >= 3) met[rt - 1]++;
      }
      line = eol + 2;
    }
    free(fld);
    free(csv);
  }
  assert_true(all[0] > 100 && all[1] > 100);
  long ela = met[0] * 100 / all[0], math = met[1] * 100 / all[1];
  print_message("met or exceeded: ELA %ld %%, math %ld %% (%ld, %ld records)\n", ela, math, all[0],
                all[1]);
  assert_in_range(ela, 25, 65);
  assert_in_range(math, 15, 55);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_files_listed),
      cmocka_unit_test(test_deterministic),
      cmocka_unit_test(test_contents_and_membership),
      cmocka_unit_test(test_level_shares),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
