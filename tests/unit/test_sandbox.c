/* test_sandbox.c - the synthetic data set generator: determinism, SENR layout and rules,
 * manifest rows and files, shared templates, sandbox.json examples against the files. */
#include "testutil.h"

#include <ftw.h>
#include <jansson.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox/sandbox.h"
#include "util/fsutil.h"

#define STUDENTS 300
#define SEED 42

static char g_dir[64];
static struct sandbox_result g_res;

/* ---- helpers --------------------------------------------------------------------- */

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path);
}

/* Deletes the test's whole tree once, at the end: deleting thousands of files between
 * runs would slow down the next run's file creation (ext4 skips recently freed inodes). */
static void rm_rf(const char *dir) {
  nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static char *slurp(const char *path, size_t *len) {
  struct sb_err err = {{0}};
  char *p = fs_read_file(path, 256u << 20, len, &err);
  if (p == NULL) fail_msg("%s", err.msg);
  return p;
}

static bool same_file(const char *a, const char *b) {
  size_t la, lb;
  char *pa = slurp(a, &la), *pb = slurp(b, &lb);
  bool same = la == lb && memcmp(pa, pb, la) == 0;
  free(pa);
  free(pb);
  return same;
}

static int generate(const char *dir, uint64_t seed, long shared_above, struct sandbox_result *res) {
  struct sandbox_opts o;
  struct sb_err err = {{0}};
  sandbox_opts_init(&o);
  o.students = STUDENTS;
  o.seed = seed;
  o.out_dir = dir;
  o.last_year = 2025;
  o.today = 20250601;
  o.shared_above = shared_above;
  int rc = sandbox_generate(&o, res, &err);
  if (rc != 0) print_error("sandbox_generate: %s\n", err.msg);
  return rc;
}

/* One parsed SENR record. */
struct rec {
  int year;
  char lea[8], school[8], ssid[11], grade[3], reason[5], completion[4];
  int32_t start, exit;
  int status;
};

struct feed {
  struct rec *r;
  size_t n, cap;
};

static int32_t to_date(const char *s) {
  return s[0] ? (int32_t)strtol(s, NULL, 10) : 0;
}

static void copy_field(char *dst, size_t n, const char *src) {
  snprintf(dst, n, "%s", src);
}

/* Reads every SENR file of the result, checking the layout of each line. */
static void read_feeds(const struct sandbox_result *res, struct feed *f) {
  memset(f, 0, sizeof *f);
  for (int k = 0; k < SANDBOX_YEARS; k++) {
    size_t len;
    char *data = slurp(res->senr_paths[k], &len);
    assert_true(len > 0);
    /* Every record ends with CR LF; no bare LF anywhere. */
    assert_memory_equal(data + len - 2, "\r\n", 2);
    size_t lines = 0;
    char *p = data;
    char ay[16];
    snprintf(ay, sizeof ay, "%d-%d", res->years[k] - 1, res->years[k]);
    while (p < data + len) {
      char *eol = strstr(p, "\r\n");
      assert_non_null(eol);
      *eol = '\0';
      assert_null(strchr(p, '\n'));
      char *fld[40];
      int nf = 0;
      for (char *q = p;;) {
        if (nf < 40) fld[nf++] = q;
        char *c = strchr(q, '^');
        if (c == NULL) break;
        *c = '\0';
        q = c + 1;
      }
      assert_int_equal(nf, 35);
      assert_string_equal(fld[0], "SENR");
      assert_string_equal(fld[1], "A");
      assert_string_equal(fld[6], ay);
      if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 1024;
        f->r = realloc(f->r, f->cap * sizeof *f->r);
        assert_non_null(f->r);
      }
      struct rec *r = &f->r[f->n++];
      r->year = res->years[k];
      copy_field(r->lea, sizeof r->lea, fld[3]);
      copy_field(r->school, sizeof r->school, fld[4]);
      copy_field(r->ssid, sizeof r->ssid, fld[7]);
      copy_field(r->grade, sizeof r->grade, fld[23]);
      copy_field(r->reason, sizeof r->reason, fld[25]);
      copy_field(r->completion, sizeof r->completion, fld[26]);
      r->start = to_date(fld[21]);
      r->exit = to_date(fld[24]);
      r->status = (int)strtol(fld[22], NULL, 10);
      assert_int_equal(strlen(r->lea), 7);
      assert_int_equal(strlen(r->school), 7);
      assert_int_equal(strlen(r->ssid), 10);
      assert_true(r->ssid[0] >= '1' && r->ssid[0] <= '9');
      for (int i = 0; i < 10; i++)
        assert_true(r->ssid[i] >= '0' && r->ssid[i] <= '9');
      assert_true(r->status == 10 || r->status == 20 || r->status == 30 || r->status == 50);
      assert_int_equal(strlen(r->grade), 2);
      /* Exit date and reason come together; completion status only with E230. */
      assert_int_equal(r->exit == 0, r->reason[0] == '\0');
      if (r->completion[0]) assert_string_equal(r->reason, "E230");
      if (strcmp(r->reason, "E230") == 0) assert_string_equal(r->completion, "100");
      if (r->status == 20) assert_true(r->reason[0] == '\0' || strcmp(r->reason, "E170") == 0);
      if (r->exit && strcmp(r->reason, "N470") != 0) assert_true(r->exit >= r->start);
      /* Finished years are fully exited by June 30; the newest is as of today. */
      if (k < SANDBOX_YEARS - 1) {
        assert_true(r->exit != 0 && r->exit <= res->years[k] * 10000 + 630);
      } else {
        assert_true(r->start <= res->today);
        assert_true(r->exit <= res->today);
      }
      lines++;
      p = eol + 2;
    }
    assert_int_equal(lines, (size_t)res->senr_rows[k]);
    free(data);
  }
}

static bool ssid_in_feed(const struct feed *f, const char *ssid) {
  for (size_t i = 0; i < f->n; i++)
    if (strcmp(f->r[i].ssid, ssid) == 0) return true;
  return false;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* ---- fixtures -------------------------------------------------------------------- */

/* The data sets go to /dev/shm when it is there: a few thousand small files created
 * shortly after other runs deleted theirs are slow on ext4 (inode allocation skips
 * recently freed inodes), which has nothing to do with what is tested here. */
static int setup(void **state) {
  (void)state;
  const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
  snprintf(g_dir, sizeof g_dir, "%s/test_sandbox.XXXXXX", base);
  if (mkdtemp(g_dir) == NULL) return -1;
  char out[128];
  snprintf(out, sizeof out, "%s/a", g_dir);
  return generate(out, SEED, 0, &g_res);
}

static int teardown(void **state) {
  (void)state;
  rm_rf(g_dir);
  return 0;
}

/* ---- tests ----------------------------------------------------------------------- */

static void test_result_fields(void **state) {
  (void)state;
  assert_int_equal(g_res.students, STUDENTS);
  assert_int_equal(g_res.last_year, 2025);
  assert_int_equal(g_res.years[0], 2023);
  assert_int_equal(g_res.years[2], 2025);
  assert_false(g_res.shared);
  assert_true(g_res.nleas >= 4 && g_res.nleas <= SANDBOX_MAX_LEAS);
  for (int i = 0; i < g_res.nleas; i++) {
    assert_int_equal(strlen(g_res.leas[i].code), 7);
    assert_true(g_res.leas[i].nschools >= 3);
    for (int j = 0; j < g_res.leas[i].nschools; j++)
      assert_int_equal(strlen(g_res.leas[i].schools[j].code), 7);
  }
  assert_true(g_res.reports > STUDENTS);
  assert_int_equal(g_res.files, g_res.reports); /* personal files below the threshold */
  for (int k = 0; k < SANDBOX_EX_COUNT; k++)
    assert_true(g_res.examples[k].found);
}

/* Reads path into a new buffer (caller frees). */
static char *copy_of(const char *path, size_t *len) {
  return slurp(path, len);
}

static void test_determinism(void **state) {
  (void)state;
  /* Same seed again, over the same directory: every file comes out byte-identical (and
   * overwriting an earlier data set works). Files are compared before and after. */
  const char *names[SANDBOX_YEARS + 3];
  for (int k = 0; k < SANDBOX_YEARS; k++)
    names[k] = g_res.senr_paths[k];
  names[SANDBOX_YEARS] = g_res.manifest_path;
  names[SANDBOX_YEARS + 1] = g_res.json_path;
  char first_report[SANDBOX_PATH_MAX + 600];
  {
    size_t len;
    char *m = slurp(g_res.manifest_path, &len);
    char *row = strchr(m, '\n') + 1, *end = strchr(row, '\n'), *comma = end;
    while (comma[-1] != ',')
      comma--;
    *end = '\0';
    snprintf(first_report, sizeof first_report, "%s", g_res.manifest_path);
    *strrchr(first_report, '/') = '\0';
    size_t n = strlen(first_report);
    snprintf(first_report + n, sizeof first_report - n, "/%s", comma);
    free(m);
  }
  names[SANDBOX_YEARS + 2] = first_report;
  char *before[SANDBOX_YEARS + 3];
  size_t blen[SANDBOX_YEARS + 3];
  for (int i = 0; i < SANDBOX_YEARS + 3; i++)
    before[i] = copy_of(names[i], &blen[i]);

  char a[128];
  struct sandbox_result again;
  snprintf(a, sizeof a, "%s/a", g_dir);
  assert_int_equal(generate(a, SEED, 0, &again), 0);
  for (int i = 0; i < SANDBOX_YEARS + 3; i++) {
    size_t len;
    char *now = copy_of(names[i], &len);
    if (len != blen[i] || memcmp(now, before[i], len) != 0) fail_msg("%s changed", names[i]);
    free(now);
    free(before[i]);
  }
  assert_int_equal(again.reports, g_res.reports);
  assert_int_equal(again.files, g_res.files);
  assert_int_equal(again.bytes, g_res.bytes);
}

/* A different seed (written with shared template files, which also tests that mode):
 * different students, different feeds and manifest; many rows share one file. */
static void test_other_seed_shared(void **state) {
  (void)state;
  char d[128];
  struct sandbox_result r;
  snprintf(d, sizeof d, "%s/shared", g_dir);
  assert_int_equal(generate(d, SEED + 1, -1, &r), 0); /* negative threshold: always shared */
  for (int k = 0; k < SANDBOX_YEARS; k++)
    assert_false(same_file(r.senr_paths[k], g_res.senr_paths[k]));
  assert_false(same_file(r.manifest_path, g_res.manifest_path));
  assert_true(r.shared);
  assert_true(r.files < r.reports);
  size_t len;
  char *data = slurp(r.manifest_path, &len);
  assert_non_null(strstr(data, ",shared/2025/CAASPP_G"));
  assert_null(strstr(data, ",files/"));
  free(data);
  /* The examples differ too (other SSIDs). */
  assert_string_not_equal(r.examples[SANDBOX_EX_CURRENT].ssid,
                          g_res.examples[SANDBOX_EX_CURRENT].ssid);
  assert_string_not_equal(r.examples[SANDBOX_EX_MISSING].ssid,
                          g_res.examples[SANDBOX_EX_MISSING].ssid);
}

static void test_senr_rules(void **state) {
  (void)state;
  struct feed f;
  read_feeds(&g_res, &f);
  /* SSIDs: the set of students in the feeds is STUDENTS unique 10-digit numbers. */
  const char **ids = malloc(f.n * sizeof *ids);
  assert_non_null(ids);
  for (size_t i = 0; i < f.n; i++)
    ids[i] = f.r[i].ssid;
  qsort(ids, f.n, sizeof *ids, cmp_str);
  size_t distinct = 0;
  for (size_t i = 0; i < f.n; i++)
    if (i == 0 || strcmp(ids[i], ids[i - 1]) != 0) distinct++;
  assert_int_equal(distinct, STUDENTS);
  free(ids);

  /* A mid-year transfer: two primary spans of one student in one year, in different LEAs,
   * the first exited with T160 before the second starts. */
  int transfers = 0, secondary = 0, no_show = 0, graduates = 0;
  for (size_t i = 0; i < f.n; i++) {
    const struct rec *a = &f.r[i];
    if (a->status == 20) secondary++;
    if (strcmp(a->reason, "N470") == 0) no_show++;
    if (strcmp(a->reason, "E230") == 0) graduates++;
    if (strcmp(a->reason, "T160") != 0) continue;
    for (size_t j = 0; j < f.n; j++) {
      const struct rec *b = &f.r[j];
      if (j != i && b->year == a->year && strcmp(b->ssid, a->ssid) == 0 && b->status == 10 &&
          strcmp(b->lea, a->lea) != 0 && b->start > a->exit)
        transfers++;
    }
  }
  assert_true(transfers >= 1);
  assert_true(secondary >= 1);
  assert_true(no_show >= 1);
  assert_true(graduates >= 1);

  /* Primary enrollments of one student never overlap (no-shows aside). */
  for (size_t i = 0; i < f.n; i++) {
    const struct rec *a = &f.r[i];
    if (a->status != 10 || strcmp(a->reason, "N470") == 0) continue;
    for (size_t j = i + 1; j < f.n; j++) {
      const struct rec *b = &f.r[j];
      if (b->status != 10 || strcmp(b->reason, "N470") == 0 || strcmp(a->ssid, b->ssid) != 0)
        continue;
      int32_t a_end = a->exit ? a->exit : 99991231, b_end = b->exit ? b->exit : 99991231;
      assert_true(a_end <= b->start || b_end <= a->start);
    }
  }
  free(f.r);
}

static void test_manifest(void **state) {
  (void)state;
  size_t len;
  char *data = slurp(g_res.manifest_path, &len);
  char *save = NULL;
  char *line = strtok_r(data, "\n", &save);
  assert_string_equal(line, "ssid,type,lang,year,format,content_area,grade,final,path");
  char dir[SANDBOX_PATH_MAX];
  snprintf(dir, sizeof dir, "%s", g_res.manifest_path);
  *strrchr(dir, '/') = '\0';
  long rows = 0, html = 0, video = 0, translated = 0, preliminary = 0;
  while ((line = strtok_r(NULL, "\n", &save)) != NULL) {
    char ssid[16], type[16], lang[8], fmt[8], area[16], grade[8], final[8], path[512];
    int year;
    /* content_area is quoted when it holds a comma. */
    if (strstr(line, ",\"ELA,MATH\",")) {
      assert_int_equal(sscanf(line,
                              "%15[^,],%15[^,],%7[^,],%d,%7[^,],\"ELA,MATH\",%7[^,],%7[^,],%511s",
                              ssid, type, lang, &year, fmt, grade, final, path),
                       8);
      snprintf(area, sizeof area, "ELA,MATH");
    } else {
      assert_int_equal(sscanf(line, "%15[^,],%15[^,],%7[^,],%d,%7[^,],%15[^,],%7[^,],%7[^,],%511s",
                              ssid, type, lang, &year, fmt, area, grade, final, path),
                       9);
    }
    rows++;
    assert_int_equal(strlen(ssid), 10);
    assert_true(strcmp(type, "CAASPP") == 0 || strcmp(type, "CAST") == 0 ||
                strcmp(type, "ESA") == 0 || strcmp(type, "EIA") == 0);
    assert_int_equal(strlen(grade), 2);
    assert_true(year >= 2023 && year <= 2025);
    assert_true(strcmp(final, "true") == 0 || strcmp(final, "false") == 0);
    if (strcmp(final, "false") == 0) {
      assert_int_equal(year, 2025);
      preliminary++;
    }
    if (strcmp(fmt, "HTML") == 0) {
      assert_true(year >= 2024);
      html++;
    } else if (strcmp(fmt, "VIDEO") == 0) {
      assert_true(year >= 2025);
      assert_string_equal(area, "ELA,MATH");
      video++;
    } else {
      assert_string_equal(fmt, "PDF");
    }
    if (strcmp(lang, "EN") != 0) translated++;
    if (strcmp(lang, "KR") == 0) assert_true(year >= 2023);
    if (strcmp(lang, "AR") == 0) assert_true(year >= 2024);
    if (strcmp(type, "CAASPP") == 0)
      assert_true(strcmp(area, "ELA,MATH") == 0 || strcmp(area, "ELA") == 0 ||
                  strcmp(area, "MATH") == 0);
    if (strcmp(type, "CAST") == 0) assert_string_equal(area, "SC");
    if (strcmp(type, "ESA") == 0 || strcmp(type, "EIA") == 0) assert_string_equal(area, "EP");
    /* The file exists, relative to the manifest's directory, and looks like its format. */
    assert_true(path[0] != '/');
    char full[SANDBOX_PATH_MAX + 600];
    snprintf(full, sizeof full, "%s/%s", dir, path);
    FILE *fp = fopen(full, "rb");
    if (fp == NULL) fail_msg("missing report file %s", full);
    char head[600] = {0};
    size_t got = fread(head, 1, sizeof head - 1, fp);
    fclose(fp);
    assert_true(got > 16);
    if (strcmp(fmt, "PDF") == 0) {
      assert_memory_equal(head, "%PDF-1.4\n", 9);
    } else {
      assert_memory_equal(head, "<!DOCTYPE html>\n<html lang=\"", 28);
      if (strcmp(lang, "AR") == 0)
        assert_non_null(strstr(head, "dir=\"rtl\""));
      else
        assert_non_null(strstr(head, "dir=\"ltr\""));
    }
  }
  assert_int_equal(rows, g_res.reports);
  assert_true(html > 0 && video > 0 && translated > 0 && preliminary > 0);
  free(data);
}

static const char *jstr(json_t *o, const char *key) {
  json_t *v = json_object_get(o, key);
  if (!json_is_string(v)) fail_msg("sandbox.json: %s is not a string", key);
  return json_string_value(v);
}

/* Manifest rows of ssid (counted by a plain scan). */
static long manifest_rows_of(const char *ssid, const char *type) {
  size_t len;
  char *data = slurp(g_res.manifest_path, &len);
  long n = 0;
  char needle[32];
  snprintf(needle, sizeof needle, "\n%s,", ssid);
  for (char *p = data; (p = strstr(p, needle)) != NULL; p++) {
    if (type == NULL || strncmp(p + 12, type, strlen(type)) == 0) n++;
  }
  free(data);
  return n;
}

static void test_json_examples(void **state) {
  (void)state;
  json_error_t jerr;
  json_t *root = json_load_file(g_res.json_path, 0, &jerr);
  if (root == NULL) fail_msg("sandbox.json: %s", jerr.text);
  assert_int_equal(json_integer_value(json_object_get(root, "students")), STUDENTS);
  assert_int_equal(json_array_size(json_object_get(root, "leas")), (size_t)g_res.nleas);
  json_t *senr = json_object_get(json_object_get(root, "files"), "senr");
  assert_int_equal(json_array_size(senr), 3);
  for (size_t k = 0; k < 3; k++) {
    /* Import order: oldest first; paths relative to the output directory exist. */
    json_t *e = json_array_get(senr, k);
    assert_int_equal(json_integer_value(json_object_get(e, "year")), 2023 + (int)k);
    char full[512];
    snprintf(full, sizeof full, "%s/a/%s", g_dir, jstr(e, "path"));
    assert_string_equal(full, g_res.senr_paths[k]);
  }

  struct feed f;
  read_feeds(&g_res, &f);
  json_t *ex = json_object_get(root, "examples");

  /* current: an open primary span in the newest feed at the example's LEA, reports in 2025. */
  json_t *cur = json_object_get(ex, "current");
  const char *ssid = jstr(cur, "ssid");
  bool open = false;
  for (size_t i = 0; i < f.n; i++)
    if (strcmp(f.r[i].ssid, ssid) == 0 && f.r[i].year == 2025 && f.r[i].exit == 0 &&
        f.r[i].status == 10 && strcmp(f.r[i].lea, jstr(cur, "lea")) == 0)
      open = true;
  assert_true(open);
  assert_true(manifest_rows_of(ssid, NULL) > 0);
  /* ... with CAASPP reports in each of the three years, in English and another language. */
  {
    size_t len;
    char *m = slurp(g_res.manifest_path, &len);
    for (int y = 2023; y <= 2025; y++) {
      char row[64];
      snprintf(row, sizeof row, "\n%s,CAASPP,EN,%d,PDF,", ssid, y);
      assert_non_null(strstr(m, row));
    }
    char other[32];
    snprintf(other, sizeof other, "\n%s,CAASPP,ES,", ssid);
    assert_non_null(strstr(m, other));
    free(m);
  }
  assert_int_equal(manifest_rows_of(ssid, NULL),
                   json_integer_value(json_object_get(cur, "reports")));

  /* transfer: T160 exit at from_lea on exit_date, new span at lea from new_start_date. */
  json_t *tr = json_object_get(ex, "transfer");
  ssid = jstr(tr, "ssid");
  bool left_a = false, joined_b = false;
  for (size_t i = 0; i < f.n; i++) {
    const struct rec *r = &f.r[i];
    if (strcmp(r->ssid, ssid) != 0) continue;
    char iso[16];
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", (int)(r->exit / 10000), (int)(r->exit / 100 % 100),
             (int)(r->exit % 100));
    if (strcmp(r->reason, "T160") == 0 && strcmp(r->lea, jstr(tr, "from_lea")) == 0 &&
        strcmp(iso, jstr(tr, "exit_date")) == 0)
      left_a = true;
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", (int)(r->start / 10000),
             (int)(r->start / 100 % 100), (int)(r->start % 100));
    if (strcmp(r->lea, jstr(tr, "lea")) == 0 && strcmp(iso, jstr(tr, "new_start_date")) == 0)
      joined_b = true;
  }
  assert_true(left_a && joined_b);
  assert_string_not_equal(jstr(tr, "lea"), jstr(tr, "from_lea"));

  /* left: present in the feeds, no open span in the newest feed, no current LEA. */
  json_t *lf = json_object_get(ex, "left");
  ssid = jstr(lf, "ssid");
  assert_true(ssid_in_feed(&f, ssid));
  for (size_t i = 0; i < f.n; i++)
    if (strcmp(f.r[i].ssid, ssid) == 0 && f.r[i].year == 2025) assert_true(f.r[i].exit != 0);
  assert_int_equal(json_array_size(json_object_get(lf, "current_leas")), 0);
  assert_true(manifest_rows_of(ssid, NULL) > 0);

  /* missing: nowhere. */
  ssid = jstr(json_object_get(ex, "missing"), "ssid");
  assert_int_equal(strlen(ssid), 10);
  assert_false(ssid_in_feed(&f, ssid));
  assert_int_equal(manifest_rows_of(ssid, NULL), 0);

  /* secondary: a status 20 record at secondary_lea. */
  json_t *se = json_object_get(ex, "secondary");
  ssid = jstr(se, "ssid");
  bool sec = false;
  for (size_t i = 0; i < f.n; i++)
    if (strcmp(f.r[i].ssid, ssid) == 0 && f.r[i].status == 20 &&
        strcmp(f.r[i].lea, jstr(se, "secondary_lea")) == 0)
      sec = true;
  assert_true(sec);

  /* graduate: E230 with completion 100; no_show: N470; english_learner: ESA rows. */
  ssid = jstr(json_object_get(ex, "graduate"), "ssid");
  bool grad = false;
  for (size_t i = 0; i < f.n; i++)
    if (strcmp(f.r[i].ssid, ssid) == 0 && strcmp(f.r[i].reason, "E230") == 0 &&
        strcmp(f.r[i].completion, "100") == 0)
      grad = true;
  assert_true(grad);
  ssid = jstr(json_object_get(ex, "no_show"), "ssid");
  bool ns = false;
  for (size_t i = 0; i < f.n; i++)
    if (strcmp(f.r[i].ssid, ssid) == 0 && strcmp(f.r[i].reason, "N470") == 0 &&
        f.r[i].exit == f.r[i].start)
      ns = true;
  assert_true(ns);
  ssid = jstr(json_object_get(ex, "english_learner"), "ssid");
  assert_true(manifest_rows_of(ssid, "ESA") > 0);

  free(f.r);
  json_decref(root);
}

static void test_bad_options(void **state) {
  (void)state;
  struct sandbox_opts o;
  struct sandbox_result r;
  struct sb_err err = {{0}};
  char d[128];
  snprintf(d, sizeof d, "%s/bad", g_dir);
  sandbox_opts_init(&o);
  o.out_dir = d;
  o.students = 0;
  assert_int_equal(sandbox_generate(&o, &r, &err), -1);
  assert_non_null(strstr(err.msg, "students"));
  o.students = SANDBOX_MAX_STUDENTS + 1;
  assert_int_equal(sandbox_generate(&o, &r, &err), -1);
  o.students = 10;
  o.last_year = 2025;
  o.today = 20251001; /* that is administration year 2026 */
  assert_int_equal(sandbox_generate(&o, &r, &err), -1);
  assert_non_null(strstr(err.msg, "2025"));
  o.today = 20250231;
  assert_int_equal(sandbox_generate(&o, &r, &err), -1);
  o.today = 0;
  o.out_dir = NULL;
  assert_int_equal(sandbox_generate(&o, &r, &err), -1);
  assert_int_equal(access(d, F_OK), -1); /* nothing written */
}

static void test_tiny_and_early(void **state) {
  (void)state;
  /* One student; and a `today` early in the school year (no room for a transfer this
   * year): still valid feeds and examples that hold. */
  char d[128];
  struct sandbox_result r;
  struct sandbox_opts o;
  struct sb_err err = {{0}};
  snprintf(d, sizeof d, "%s/tiny", g_dir);
  sandbox_opts_init(&o);
  o.out_dir = d;
  o.students = 1;
  assert_int_equal(sandbox_generate(&o, &r, &err), 0);
  assert_int_equal(r.last_year, SANDBOX_DEFAULT_YEAR);
  assert_int_equal(r.today, SANDBOX_DEFAULT_YEAR * 10000 + 601);
  assert_true(r.examples[SANDBOX_EX_MISSING].found);
  snprintf(d, sizeof d, "%s/early", g_dir);
  o.students = 40;
  o.last_year = 0;
  o.today = 20240905;
  o.seed = 7;
  assert_int_equal(sandbox_generate(&o, &r, &err), 0);
  assert_int_equal(r.last_year, 2025);
  struct feed f;
  read_feeds(&r, &f);
  assert_true(r.examples[SANDBOX_EX_TRANSFER].found);
  assert_true(r.examples[SANDBOX_EX_TRANSFER].year <= 2024);
  /* The "left" example has no open span in the newest feed. */
  const char *left = r.examples[SANDBOX_EX_LEFT].ssid;
  assert_true(r.examples[SANDBOX_EX_LEFT].found);
  for (size_t i = 0; i < f.n; i++)
    if (strcmp(f.r[i].ssid, left) == 0 && f.r[i].year == 2025) assert_true(f.r[i].exit != 0);
  free(f.r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_result_fields), cmocka_unit_test(test_determinism),
      cmocka_unit_test(test_senr_rules),    cmocka_unit_test(test_manifest),
      cmocka_unit_test(test_json_examples), cmocka_unit_test(test_other_seed_shared),
      cmocka_unit_test(test_bad_options),   cmocka_unit_test(test_tiny_and_early),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
