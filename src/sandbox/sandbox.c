/* sandbox.c - see sandbox.h.
 *
 * One pass over the students: each is drawn (population.c), its SENR records go to the
 * three year files, its reports to the manifest and, for small data sets, to personal
 * files rendered by render.c; large data sets render each shared template the first
 * time a row needs it. Output goes through stdio with 1 MiB buffers. */
#include "sandbox/sandbox.h"

#include "util/fmt.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domain/codes.h"
#include "domain/enrollment.h"
#include "domain/permission.h"
#include "domain/window.h"
#include "sandbox/population.h"
#include "sandbox/render.h"
#include "sandbox/rng.h"
#include "sandbox/toms.h"
#include "util/buf.h"
#include "util/fsutil.h"

#define IO_BUF (1 << 20)
#define REPORT_MAX (1 << 20)
/* Share of newest-year reports that are final (the rest are preliminary), in percent. */
#define FINAL_PERCENT 85

/* ---- small line builder -------------------------------------------------------------- */

struct line {
  char b[2048];
  size_t n;
};

static void l_mem(struct line *l, const char *s, size_t k) {
  if (k > sizeof l->b - 1 - l->n) k = sizeof l->b - 1 - l->n;
  memcpy(l->b + l->n, s, k);
  l->n += k;
}

static void l_put(struct line *l, const char *s) {
  l_mem(l, s, strlen(s));
}

static void l_chr(struct line *l, char c) {
  if (l->n < sizeof l->b - 1) l->b[l->n++] = c;
}

static void l_int(struct line *l, long v) {
  char t[FMT_INT64_MAX];
  l_mem(l, t, fmt_int64(v, t));
}

/* Grade code: "KN", "01".."12". */
static void l_grade(struct line *l, int g) {
  if (g == 0) {
    l_put(l, "KN");
    return;
  }
  l_chr(l, (char)('0' + g / 10));
  l_chr(l, (char)('0' + g % 10));
}

static void grade_code(int g, char out[3]) {
  if (g == 0) {
    out[0] = 'K';
    out[1] = 'N';
  } else {
    out[0] = (char)('0' + g / 10);
    out[1] = (char)('0' + g % 10);
  }
  out[2] = '\0';
}

/* "YYYY-MM-DD" of a YYYYMMDD date (years 0..9999). */
static void iso_date(int32_t ymd, char out[11]) {
  static const int POS[8] = {0, 1, 2, 3, 5, 6, 8, 9};
  uint32_t v = (uint32_t)ymd % 100000000u;
  for (int i = 7; i >= 0; i--) {
    out[POS[i]] = (char)('0' + v % 10);
    v /= 10;
  }
  out[4] = out[7] = '-';
  out[10] = '\0';
}

/* ---- report items ---------------------------------------------------------------------- */

/* One report file kind. variant numbers the kinds of one type for the template index. */
struct item {
  enum sbx_type type;
  enum sbx_format fmt;
  const char *area;      /* manifest content_area */
  const char *area_file; /* the same, safe in a file name */
  int nsubj;
  enum sbx_subject subj[2];
  int variant;
};

static const struct item CAASPP_ITEMS[] = {
    {SBX_TYPE_CAASPP, SBX_FMT_PDF, "ELA,MATH", "ELA-MATH", 2, {SBX_SUBJ_ELA, SBX_SUBJ_MATH}, 0},
    {SBX_TYPE_CAASPP, SBX_FMT_HTML, "ELA", "ELA", 1, {SBX_SUBJ_ELA, SBX_SUBJ_ELA}, 1},
    {SBX_TYPE_CAASPP, SBX_FMT_HTML, "MATH", "MATH", 1, {SBX_SUBJ_MATH, SBX_SUBJ_MATH}, 2},
    {SBX_TYPE_CAASPP, SBX_FMT_VIDEO, "ELA,MATH", "ELA-MATH", 2, {SBX_SUBJ_ELA, SBX_SUBJ_MATH}, 3},
};
static const struct item CAST_ITEMS[] = {
    {SBX_TYPE_CAST, SBX_FMT_PDF, "SC", "SC", 1, {SBX_SUBJ_SCI, SBX_SUBJ_SCI}, 0},
    {SBX_TYPE_CAST, SBX_FMT_HTML, "SC", "SC", 1, {SBX_SUBJ_SCI, SBX_SUBJ_SCI}, 1},
};
static const struct item EIA_ITEMS[] = {
    {SBX_TYPE_EIA, SBX_FMT_PDF, "EP", "EP", 1, {SBX_SUBJ_ELPAC_IA, SBX_SUBJ_ELPAC_IA}, 0},
    {SBX_TYPE_EIA, SBX_FMT_HTML, "EP", "EP", 1, {SBX_SUBJ_ELPAC_IA, SBX_SUBJ_ELPAC_IA}, 1},
};
static const struct item ESA_ITEMS[] = {
    {SBX_TYPE_ESA, SBX_FMT_PDF, "EP", "EP", 1, {SBX_SUBJ_ELPAC, SBX_SUBJ_ELPAC}, 0},
    {SBX_TYPE_ESA, SBX_FMT_HTML, "EP", "EP", 1, {SBX_SUBJ_ELPAC, SBX_SUBJ_ELPAC}, 1},
};

/* Template index: year index x type x grade x language x variant x level pair. */
#define TEMPLATE_SLOTS (SBX_YEARS * SBX_TYPE_COUNT * 13 * SBX_LANG_COUNT * 4 * 16)

/* ---- generator state ------------------------------------------------------------------- */

struct gen {
  const struct sbx_world *w;
  struct sandbox_result *res;
  struct sb_err *err;
  char out_dir[SANDBOX_PATH_MAX];
  char reports_dir[SANDBOX_PATH_MAX];
  bool shared;
  FILE *senr[SBX_YEARS];
  char *senr_buf[SBX_YEARS];
  FILE *manifest;
  char *manifest_buf;
  bool fmt_ok[SBX_YEARS][SBX_FMT_COUNT];
  bool lang_ok[SBX_YEARS][SBX_LANG_COUNT];
  uint8_t *template_done;
  bool dir_made[SBX_YEARS][100];
  struct buf file;
  int ex_quality[SANDBOX_EX_COUNT];
  struct sbx_toms *toms;
};

/* Writes a report file. An existing file is overwritten in place and cut to length rather
 * than truncated to zero or unlinked first: on ext4 a file truncated to zero and
 * rewritten is flushed when closed (auto_da_alloc), and unlink + create makes inode
 * allocation skip every recently deleted inode; either made a re-run over an earlier
 * data set many times slower. */
static int write_whole(struct gen *g, const char *path, const char *data, size_t len) {
  int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return sb_err_set(g->err, "cannot create %s: %s", path, strerror(errno));
  size_t left = len;
  const char *p = data;
  while (left > 0) {
    ssize_t n = write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int e = errno;
      close(fd);
      return sb_err_set(g->err, "cannot write %s: %s", path, strerror(e));
    }
    p += n;
    left -= (size_t)n;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || (st.st_size > (off_t)len && ftruncate(fd, (off_t)len) != 0)) {
    int e = errno;
    close(fd);
    return sb_err_set(g->err, "cannot write %s: %s", path, strerror(e));
  }
  if (close(fd) != 0) return sb_err_set(g->err, "cannot write %s: %s", path, strerror(errno));
  g->res->files++;
  g->res->bytes += (long long)len;
  return 0;
}

static int ensure_dir(struct gen *g, const char *path) {
  if (mkdir(path, 0755) != 0 && errno != EEXIST)
    return sb_err_set(g->err, "cannot create directory %s: %s", path, strerror(errno));
  return 0;
}

/* ---- SENR -------------------------------------------------------------------------- */

/* One SENR record: 35 caret-separated fields (formats.md §4.2), CR LF. */
static void senr_line(const struct gen *g, const struct sbx_student *s, const struct sbx_span *sp,
                      int seq, struct line *l) {
  const struct sbx_world *w = g->w;
  const int year = w->last_year - 2 + sp->k;
  const bool grad = sp->graduated;
  l->n = 0;
  l_put(l, "SENR^A^SBX"); /* 1.01 record type, 1.02 transaction, 1.03 local record ID */
  l_int(l, year);
  l_chr(l, '-');
  l_int(l, s->index);
  l_chr(l, '-');
  l_int(l, seq);
  l_chr(l, '^');
  l_put(l, w->leas[sp->lea].code); /* 1.04 reporting LEA */
  l_chr(l, '^');
  l_put(l, w->schools[sp->school].code); /* 1.05 school of attendance */
  l_put(l, "^^");                        /* 1.06 NPS school: blank */
  l_int(l, year - 1);                    /* 1.07 academic year ID */
  l_chr(l, '-');
  l_int(l, year);
  l_chr(l, '^');
  l_put(l, s->ssid); /* 1.08 */
  l_chr(l, '^');
  l_put(l, s->local_id); /* 1.09 */
  l_chr(l, '^');
  l_put(l, sbx_first_name(s)); /* 1.10 - 1.12 legal name */
  l_chr(l, '^');
  l_put(l, sbx_middle_name(s));
  l_chr(l, '^');
  l_put(l, sbx_last_name(s));
  l_put(l, "^^^^^");  /* 1.13 suffix, 1.14-1.16 alias names: blank */
  l_int(l, s->birth); /* 1.17 */
  l_chr(l, '^');
  l_chr(l, s->gender); /* 1.18 */
  l_put(l, "^^^^");    /* 1.19-1.21 birth city, state, country: blank */
  l_int(l, sp->start); /* 1.22 */
  l_chr(l, '^');
  l_int(l, sp->status); /* 1.23 */
  l_chr(l, '^');
  l_grade(l, sp->grade); /* 1.24 */
  l_chr(l, '^');
  if (sp->exit) l_int(l, sp->exit); /* 1.25 exit date and 1.26 reason go together */
  l_chr(l, '^');
  l_put(l, sp->reason);
  l_chr(l, '^');
  if (grad) l_put(l, "100");      /* 1.27 completion status, only with E230 */
  l_put(l, "^^");                 /* 1.28 expected receiver school: blank */
  if (grad) l_chr(l, sp->uc_csu); /* 1.29 met UC/CSU requirements (graduates) */
  l_put(l, "^^");                 /* 1.30 transfer code: blank */
  if (sp->status == 10) l_put(l, w->leas[sp->lea].code); /* 1.31 district of residence */
  l_chr(l, '^');
  if (grad) l_chr(l, sp->seal_gs); /* 1.32 */
  l_chr(l, '^');
  if (grad) l_chr(l, sp->seal_bil); /* 1.33 */
  l_put(l, "^^\r\n");               /* 1.34, 1.35: blank */
}

static void write_senr(struct gen *g, const struct sbx_student *s) {
  struct line l;
  for (int i = 0; i < s->nspans; i++) {
    const struct sbx_span *sp = &s->spans[i];
    senr_line(g, s, sp, i, &l);
    fwrite_unlocked(l.b, 1, l.n, g->senr[sp->k]);
    g->res->senr_rows[sp->k]++;
  }
}

/* ---- reports ----------------------------------------------------------------------- */

static void build_view(const struct gen *g, const struct sbx_student *s, int k,
                       const struct item *it, enum sbx_lang lang, struct sbx_view *v) {
  const struct sbx_world *w = g->w;
  const struct sbx_year *y = &s->yr[k];
  memset(v, 0, sizeof *v);
  v->type = it->type;
  v->format = it->fmt;
  v->lang = lang;
  v->year = w->last_year - 2 + k;
  v->grade = y->grade;
  v->shared = g->shared;
  if (!g->shared) {
    v->first_name = sbx_first_name(s);
    v->last_name = sbx_last_name(s);
    v->ssid = s->ssid;
    v->birth = s->birth;
    v->school = w->schools[y->school].name;
    v->lea = w->leas[y->lea].name;
  }
  v->nresults = it->nsubj;
  for (int i = 0; i < it->nsubj; i++) {
    struct sbx_result *r = &v->results[i];
    enum sbx_subject subj = it->subj[i];
    r->subject = subj;
    r->level = y->level[subj];
    if (g->shared) {
      struct sbx_scale sc;
      sbx_scale_for(subj, y->grade, &sc);
      r->score = sbx_level_mid(&sc, r->level);
      r->hist[0] = (struct sbx_hist){v->year, y->grade, r->score, r->level};
      r->nhist = 1;
      continue;
    }
    r->score = y->score[subj];
    bool history = subj == SBX_SUBJ_ELA || subj == SBX_SUBJ_MATH || subj == SBX_SUBJ_ELPAC;
    for (int k2 = history ? 0 : k; k2 <= k; k2++) {
      const struct sbx_year *y2 = &s->yr[k2];
      if (!y2->tested || y2->score[subj] == 0) continue;
      r->hist[r->nhist++] =
          (struct sbx_hist){w->last_year - 2 + k2, y2->grade, y2->score[subj], y2->level[subj]};
    }
  }
}

static const char *ext_of(enum sbx_format f) {
  return f == SBX_FMT_PDF ? "pdf" : "html";
}

/* Renders the view into path (absolute). */
static int render_to(struct gen *g, const struct sbx_view *v, const char *path) {
  buf_reset(&g->file);
  if (sbx_render(v, &g->file, g->err) != 0) return -1;
  return write_whole(g, path, g->file.data, g->file.len);
}

/* Makes sure the file for this row exists and writes its manifest-relative path. */
static int report_file(struct gen *g, const struct sbx_student *s, int k, const struct item *it,
                       enum sbx_lang lang, char *rel, size_t reln) {
  const struct sbx_year *y = &s->yr[k];
  const int year = g->w->last_year - 2 + k;
  char abs[SANDBOX_PATH_MAX + 640];
  if (g->shared) {
    int l1 = y->level[it->subj[0]], l2 = it->nsubj == 2 ? y->level[it->subj[1]] : 1;
    char gc[3];
    grade_code(y->grade, gc);
    if (it->nsubj == 2)
      snprintf(rel, reln, "shared/%d/%s_G%s_%s_%s_%s_L%d-%d.%s", year, sbx_type_code(it->type), gc,
               sbx_format_code(it->fmt), it->area_file, sbx_lang_code(lang), l1, l2,
               ext_of(it->fmt));
    else
      snprintf(rel, reln, "shared/%d/%s_G%s_%s_%s_%s_L%d.%s", year, sbx_type_code(it->type), gc,
               sbx_format_code(it->fmt), it->area_file, sbx_lang_code(lang), l1, ext_of(it->fmt));
    size_t slot = (size_t)k;
    slot = slot * SBX_TYPE_COUNT + (size_t)it->type;
    slot = slot * 13 + (size_t)y->grade;
    slot = slot * SBX_LANG_COUNT + (size_t)lang;
    slot = slot * 4 + (size_t)it->variant;
    slot = slot * 16 + (size_t)((l1 - 1) * 4 + (l2 - 1));
    if (g->template_done[slot]) return 0;
    g->template_done[slot] = 1;
  } else {
    int dd = (s->ssid[0] - '0') * 10 + (s->ssid[1] - '0');
    if (!g->dir_made[k][dd]) {
      snprintf(abs, sizeof abs, "%s/files/%d/%c%c", g->reports_dir, year, s->ssid[0], s->ssid[1]);
      if (ensure_dir(g, abs) != 0) return -1;
      g->dir_made[k][dd] = true;
    }
    snprintf(rel, reln, "files/%d/%c%c/%s_%s_%s_%s_%s.%s", year, s->ssid[0], s->ssid[1], s->ssid,
             sbx_type_code(it->type), sbx_format_code(it->fmt), it->area_file, sbx_lang_code(lang),
             ext_of(it->fmt));
  }
  snprintf(abs, sizeof abs, "%s/%s", g->reports_dir, rel);
  struct sbx_view v;
  build_view(g, s, k, it, lang, &v);
  return render_to(g, &v, abs);
}

static void manifest_row(struct gen *g, const struct sbx_student *s, int k, const struct item *it,
                         enum sbx_lang lang, bool final, const char *rel) {
  struct line l;
  l.n = 0;
  l_put(&l, s->ssid);
  l_chr(&l, ',');
  l_put(&l, sbx_type_code(it->type));
  l_chr(&l, ',');
  l_put(&l, sbx_lang_code(lang));
  l_chr(&l, ',');
  l_int(&l, g->w->last_year - 2 + k);
  l_chr(&l, ',');
  l_put(&l, sbx_format_code(it->fmt));
  l_chr(&l, ',');
  if (strchr(it->area, ',')) {
    l_chr(&l, '"');
    l_put(&l, it->area);
    l_chr(&l, '"');
  } else {
    l_put(&l, it->area);
  }
  l_chr(&l, ',');
  l_grade(&l, s->yr[k].grade);
  l_put(&l, final ? ",true," : ",false,");
  l_put(&l, rel);
  l_chr(&l, '\n');
  fwrite_unlocked(l.b, 1, l.n, g->manifest);
  g->res->reports++;
}

/* Writes the rows (and files) of one type's items; returns rows written or -1. */
static long write_items(struct gen *g, const struct sbx_student *s, int k, const struct item *items,
                        int nitems) {
  const enum sbx_lang langs[2] = {SBX_LANG_EN, s->family};
  const int nl = s->family != SBX_LANG_EN && g->lang_ok[k][s->family] ? 2 : 1;
  bool final = true;
  if (k == SBX_YEARS - 1)
    final = sbx_hash4(g->w->seed, (uint64_t)s->index, (uint64_t)items[0].type, 0xF1) % 100 <
            FINAL_PERCENT;
  long rows = 0;
  char rel[512];
  for (int li = 0; li < nl; li++) {
    for (int i = 0; i < nitems; i++) {
      const struct item *it = &items[i];
      if (!g->fmt_ok[k][it->fmt]) continue;
      if (report_file(g, s, k, it, langs[li], rel, sizeof rel) != 0) return -1;
      manifest_row(g, s, k, it, langs[li], final, rel);
      rows++;
    }
  }
  return rows;
}

#define NITEMS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static long write_reports(struct gen *g, const struct sbx_student *s) {
  long total = 0;
  for (int k = 0; k < SBX_YEARS; k++) {
    const struct sbx_year *y = &s->yr[k];
    if (!y->tested) continue;
    const struct {
      bool taken;
      const struct item *items;
      int n;
    } groups[] = {
        {y->sb, CAASPP_ITEMS, NITEMS(CAASPP_ITEMS)},
        {y->cast, CAST_ITEMS, NITEMS(CAST_ITEMS)},
        {y->eia, EIA_ITEMS, NITEMS(EIA_ITEMS)},
        {y->esa, ESA_ITEMS, NITEMS(ESA_ITEMS)},
    };
    for (int i = 0; i < NITEMS(groups); i++) {
      if (!groups[i].taken) continue;
      long n = write_items(g, s, k, groups[i].items, groups[i].n);
      if (n < 0) return -1;
      total += n;
    }
  }
  return total;
}

/* ---- examples ---------------------------------------------------------------------- */

static size_t domain_spans(const struct gen *g, const struct sbx_student *s,
                           struct enrollment_span *out) {
  for (int i = 0; i < s->nspans; i++) {
    const struct sbx_span *sp = &s->spans[i];
    struct enrollment_span *d = &out[i];
    memset(d, 0, sizeof *d);
    memcpy(d->ssid, s->ssid, sizeof d->ssid);
    memcpy(d->lea, g->w->leas[sp->lea].code, sizeof d->lea);
    memcpy(d->school, g->w->schools[sp->school].code, sizeof d->school);
    d->start = sp->start;
    d->exit = sp->exit;
    d->status = sp->status;
    memcpy(d->exit_reason, sp->reason, sizeof d->exit_reason);
    grade_code(sp->grade, d->grade);
    d->academic_year = g->w->last_year - 2 + sp->k;
  }
  return (size_t)s->nspans;
}

static bool currently_enrolled(const struct gen *g, const struct sbx_student *s) {
  struct enrollment_span ds[SBX_MAX_SPANS];
  size_t n = domain_spans(g, s, ds);
  for (size_t i = 0; i < n; i++)
    if (permission_span_is_current(&ds[i], g->w->today)) return true;
  return false;
}

/* Who sees what: LEAs with a current enrollment, and the last LEA of each year. */
static void fill_access(const struct gen *g, const struct sbx_student *s,
                        struct sandbox_example *e) {
  struct enrollment_span ds[SBX_MAX_SPANS];
  size_t n = domain_spans(g, s, ds);
  e->ncurrent = 0;
  for (size_t i = 0; i < n; i++) {
    if (!permission_span_is_current(&ds[i], g->w->today)) continue;
    bool dup = false;
    for (int j = 0; j < e->ncurrent; j++)
      if (strcmp(e->current_leas[j], ds[i].lea) == 0) dup = true;
    if (!dup && e->ncurrent < SANDBOX_MAX_LEAS)
      memcpy(e->current_leas[e->ncurrent++], ds[i].lea, 8);
  }
  for (int k = 0; k < SBX_YEARS; k++) {
    char last[4][8];
    size_t nl = permission_last_leas(ds, n, g->w->last_year - 2 + k, g->w->today, last, 4);
    if (nl > 0)
      memcpy(e->last_lea[k], last[0], 8);
    else
      e->last_lea[k][0] = '\0';
  }
}

static const struct sbx_span *open_primary(const struct sbx_student *s) {
  for (int i = s->nspans - 1; i >= 0; i--)
    if (s->spans[i].k == SBX_YEARS - 1 && s->spans[i].status == 10 && s->spans[i].exit == 0)
      return &s->spans[i];
  return NULL;
}

static const struct sbx_span *find_span(const struct sbx_student *s, int k, int status,
                                        const char *reason) {
  for (int i = 0; i < s->nspans; i++) {
    const struct sbx_span *sp = &s->spans[i];
    if (sp->k == k && sp->status == status && (reason == NULL || strcmp(sp->reason, reason) == 0))
      return sp;
  }
  return NULL;
}

/* How good an example of kind this student is: 0 not one, 1 acceptable, 2 ideal. */
static int quality(const struct gen *g, enum sandbox_example_kind kind, const struct sbx_student *s,
                   long nrep) {
  const struct sbx_year *yr = s->yr;
  switch (kind) {
  case SANDBOX_EX_CURRENT: {
    if (open_primary(s) == NULL || !yr[2].tested || nrep == 0) return 0;
    bool plain = s->transfer_k < 0 && s->secondary_k < 0 && s->no_show_k < 0;
    return plain && s->family != SBX_LANG_EN && yr[0].sb && yr[1].sb && yr[2].sb ? 2 : 1;
  }
  case SANDBOX_EX_TRANSFER:
    if (s->transfer_k < 0 || nrep == 0) return 0;
    return s->transfer_k == 2 && yr[2].tested && yr[1].tested && s->left_k < 0 ? 2 : 1;
  case SANDBOX_EX_LEFT:
    if (s->left_k < 0 || nrep == 0 || currently_enrolled(g, s)) return 0;
    return s->left_k == 2 && s->transfer_k < 0 ? 2 : 1;
  case SANDBOX_EX_SECONDARY: {
    if (s->secondary_k < 0) return 0;
    const struct sbx_span *sec = find_span(s, s->secondary_k, 20, NULL);
    return s->secondary_k == 2 && sec && sec->exit == 0 && nrep > 0 && s->transfer_k < 0 ? 2 : 1;
  }
  case SANDBOX_EX_NO_SHOW:
    if (s->no_show_k < 0) return 0;
    return s->no_show_k == 2 && nrep > 0 && s->transfer_k < 0 && open_primary(s) ? 2 : 1;
  case SANDBOX_EX_GRADUATE:
    if (s->graduate_k < 0) return 0;
    return nrep > 0 ? 2 : 1;
  case SANDBOX_EX_ENGLISH_LEARNER: {
    bool any = yr[0].esa || yr[1].esa || yr[2].esa;
    if (!any) return 0;
    return yr[2].esa && s->family != SBX_LANG_EN && open_primary(s) ? 2 : 1;
  }
  case SANDBOX_EX_MISSING:
  case SANDBOX_EX_COUNT:
    break;
  }
  return 0;
}

static void describe(const struct gen *g, enum sandbox_example_kind kind,
                     const struct sbx_student *s, long nrep, struct sandbox_example *e) {
  const struct sbx_world *w = g->w;
  memset(e, 0, sizeof *e);
  e->found = true;
  memcpy(e->ssid, s->ssid, sizeof e->ssid);
  e->reports = nrep;
  fill_access(g, s, e);
  char d1[11], d2[11];
  switch (kind) {
  case SANDBOX_EX_CURRENT: {
    const struct sbx_span *sp = open_primary(s);
    memcpy(e->lea, w->leas[sp->lea].code, 8);
    e->year = w->last_year;
    snprintf(e->what, sizeof e->what,
             "Enrolled today at %s (%s) with reports in English and %s: that LEA sees all of "
             "them; every other LEA gets 403.",
             w->leas[sp->lea].name, e->lea, sbx_lang_name(s->family));
    break;
  }
  case SANDBOX_EX_TRANSFER: {
    memcpy(e->lea, w->leas[s->transfer_to].code, 8);
    memcpy(e->other_lea, w->leas[s->transfer_from].code, 8);
    e->year = w->last_year - 2 + s->transfer_k;
    e->date = s->transfer_exit;
    e->date2 = s->transfer_start;
    snprintf(e->reason, sizeof e->reason, "T160");
    iso_date(e->date, d1);
    iso_date(e->date2, d2);
    snprintf(e->what, sizeof e->what,
             "Transferred mid-year from %s (exit T160 on %s) to %s (enrolled from %s): the new "
             "LEA sees the reports; the old one only those of years it was the last LEA.",
             e->other_lea, d1, e->lea, d2);
    break;
  }
  case SANDBOX_EX_LEFT: {
    const struct sbx_span *last = &s->spans[0];
    for (int i = 0; i < s->nspans; i++)
      if (s->spans[i].status == 10 && strcmp(s->spans[i].reason, "N470") != 0) last = &s->spans[i];
    memcpy(e->lea, w->leas[last->lea].code, 8);
    e->year = w->last_year - 2 + s->left_k;
    e->date = s->left_date;
    snprintf(e->reason, sizeof e->reason, "%s", s->left_reason);
    iso_date(e->date, d1);
    snprintf(e->what, sizeof e->what,
             "Left %s on %s (exit %s) with no later enrollment: no LEA has the student now, so "
             "each year's reports go only to that year's last enrolled LEA.",
             e->lea, d1, e->reason);
    break;
  }
  case SANDBOX_EX_SECONDARY: {
    const struct sbx_span *sec = find_span(s, s->secondary_k, 20, NULL);
    const struct sbx_span *pri = NULL;
    for (int i = 0; i < s->nspans; i++)
      if (s->spans[i].k == s->secondary_k && s->spans[i].status == 10 &&
          strcmp(s->spans[i].reason, "N470") != 0)
        pri = &s->spans[i];
    memcpy(e->lea, w->leas[pri ? pri->lea : sec->lea].code, 8);
    memcpy(e->other_lea, w->leas[sec->lea].code, 8);
    e->year = w->last_year - 2 + s->secondary_k;
    e->date = sec->exit;
    e->date2 = sec->start;
    snprintf(e->reason, sizeof e->reason, "%s", sec->reason);
    iso_date(e->date2, d2);
    snprintf(e->what, sizeof e->what,
             "Primary enrollment at %s and a concurrent secondary (status 20) enrollment at %s "
             "from %s: while both are open, both LEAs see the reports.",
             e->lea, e->other_lea, d2);
    break;
  }
  case SANDBOX_EX_NO_SHOW: {
    const struct sbx_span *ns = find_span(s, s->no_show_k, 10, "N470");
    const struct sbx_span *pri = NULL;
    for (int i = 0; i < s->nspans; i++)
      if (s->spans[i].k == s->no_show_k && s->spans[i].status == 10 && &s->spans[i] != ns &&
          pri == NULL)
        pri = &s->spans[i];
    memcpy(e->lea, w->leas[ns->lea].code, 8);
    if (pri) memcpy(e->other_lea, w->leas[pri->lea].code, 8);
    e->year = w->last_year - 2 + s->no_show_k;
    e->date = ns->exit;
    snprintf(e->reason, sizeof e->reason, "N470");
    iso_date(e->date, d1);
    snprintf(e->what, sizeof e->what,
             "An N470 no-show record at %s on %s grants that LEA nothing; %s, where the "
             "student attends, sees the reports.",
             e->lea, d1, e->other_lea);
    break;
  }
  case SANDBOX_EX_GRADUATE: {
    const struct sbx_span *sp = find_span(s, s->graduate_k, 10, "E230");
    memcpy(e->lea, w->leas[sp->lea].code, 8);
    e->year = w->last_year - 2 + s->graduate_k;
    e->date = sp->exit;
    snprintf(e->reason, sizeof e->reason, "E230");
    iso_date(e->date, d1);
    snprintf(e->what, sizeof e->what,
             "Graduated from %s on %s (exit E230, completion status 100): no current "
             "enrollment; the LEA keeps the reports of the years it was the last LEA.",
             e->lea, d1);
    break;
  }
  case SANDBOX_EX_ENGLISH_LEARNER: {
    const struct sbx_span *sp = open_primary(s);
    if (sp == NULL) sp = &s->spans[s->nspans - 1];
    memcpy(e->lea, w->leas[sp->lea].code, 8);
    e->year = w->last_year;
    snprintf(e->what, sizeof e->what,
             "An English learner with Summative ELPAC (type ESA, content area EP) reports in "
             "English and %s.",
             sbx_lang_name(s->family));
    break;
  }
  case SANDBOX_EX_MISSING:
  case SANDBOX_EX_COUNT:
    break;
  }
}

static void consider_examples(struct gen *g, const struct sbx_student *s, long nrep) {
  for (int kind = 0; kind < SANDBOX_EX_COUNT; kind++) {
    if (kind == SANDBOX_EX_MISSING || g->ex_quality[kind] == 2) continue;
    int q = quality(g, (enum sandbox_example_kind)kind, s, nrep);
    if (q > g->ex_quality[kind]) {
      describe(g, (enum sandbox_example_kind)kind, s, nrep, &g->res->examples[kind]);
      g->ex_quality[kind] = q;
    }
  }
}

/* ---- sandbox.json ------------------------------------------------------------------ */

static const char *const EXAMPLE_NAMES[SANDBOX_EX_COUNT] = {"current",  "transfer",       "left",
                                                            "missing",  "secondary",      "no_show",
                                                            "graduate", "english_learner"};

const char *sandbox_example_name(enum sandbox_example_kind k) {
  return k < SANDBOX_EX_COUNT ? EXAMPLE_NAMES[k] : "?";
}

static json_t *date_json(int32_t ymd) {
  char d[11];
  if (ymd == 0) return json_null();
  iso_date(ymd, d);
  return json_string(d);
}

/* Paths in sandbox.json are relative to out_dir. */
static const char *rel_to_out(const struct gen *g, const char *path) {
  size_t n = strlen(g->out_dir);
  return strncmp(path, g->out_dir, n) == 0 && path[n] == '/' ? path + n + 1 : path;
}

static json_t *example_json(const struct gen *g, enum sandbox_example_kind kind) {
  const struct sandbox_example *e = &g->res->examples[kind];
  json_t *o = json_object();
  json_object_set_new(o, "ssid", json_string(e->ssid));
  json_object_set_new(o, "demonstrates", json_string(e->what));
  if (kind == SANDBOX_EX_MISSING) {
    json_object_set_new(o, "expect", json_string("404 Student doesn't exist"));
    return o;
  }
  json_object_set_new(o, "lea", json_string(e->lea));
  if (e->other_lea[0]) {
    const char *key = kind == SANDBOX_EX_TRANSFER    ? "from_lea"
                      : kind == SANDBOX_EX_SECONDARY ? "secondary_lea"
                                                     : "attending_lea";
    json_object_set_new(o, key, json_string(e->other_lea));
  }
  if (e->year) json_object_set_new(o, "year", json_integer(e->year));
  if (kind == SANDBOX_EX_TRANSFER) {
    json_object_set_new(o, "exit_date", date_json(e->date));
    json_object_set_new(o, "new_start_date", date_json(e->date2));
  } else if (kind == SANDBOX_EX_SECONDARY) {
    json_object_set_new(o, "secondary_start_date", date_json(e->date2));
    json_object_set_new(o, "secondary_exit_date", date_json(e->date));
  } else if (e->date) {
    json_object_set_new(o, "exit_date", date_json(e->date));
  }
  if (e->reason[0]) json_object_set_new(o, "exit_reason", json_string(e->reason));
  json_object_set_new(o, "reports", json_integer(e->reports));
  json_t *cur = json_array();
  for (int i = 0; i < e->ncurrent; i++)
    json_array_append_new(cur, json_string(e->current_leas[i]));
  json_object_set_new(o, "current_leas", cur);
  json_t *last = json_object();
  for (int k = 0; k < SBX_YEARS; k++) {
    char y[8];
    snprintf(y, sizeof y, "%d", g->res->years[k]);
    json_object_set_new(last, y, e->last_lea[k][0] ? json_string(e->last_lea[k]) : json_null());
  }
  json_object_set_new(o, "last_lea_by_year", last);
  return o;
}

static int write_json(struct gen *g) {
  const struct sandbox_result *r = g->res;
  json_t *root = json_object();
  char seed[24], today[11];
  snprintf(seed, sizeof seed, "%llu", (unsigned long long)r->seed);
  iso_date(r->today, today);
  json_object_set_new(root, "generator", json_string("scorebridge sandbox"));
  json_object_set_new(root, "format_version", json_integer(1));
  json_object_set_new(root, "seed", json_string(seed));
  json_object_set_new(root, "students", json_integer(r->students));
  json_object_set_new(root, "last_year", json_integer(r->last_year));
  json_t *years = json_array();
  for (int k = 0; k < SBX_YEARS; k++)
    json_array_append_new(years, json_integer(r->years[k]));
  json_object_set_new(root, "years", years);
  json_object_set_new(root, "today", json_string(today));
  json_object_set_new(root, "shared_report_files", json_boolean(r->shared));

  json_t *leas = json_array();
  for (int i = 0; i < r->nleas; i++) {
    const struct sandbox_lea_info *l = &r->leas[i];
    json_t *lo = json_object(), *schools = json_array();
    json_object_set_new(lo, "code", json_string(l->code));
    json_object_set_new(lo, "name", json_string(l->name));
    json_object_set_new(lo, "county_code", json_string(l->county_code));
    json_object_set_new(lo, "county", json_string(l->county));
    for (int j = 0; j < l->nschools; j++) {
      json_t *so = json_object();
      json_object_set_new(so, "code", json_string(l->schools[j].code));
      json_object_set_new(so, "name", json_string(l->schools[j].name));
      json_object_set_new(so, "grades", json_string(l->schools[j].grades));
      json_array_append_new(schools, so);
    }
    json_object_set_new(lo, "schools", schools);
    json_array_append_new(leas, lo);
  }
  json_object_set_new(root, "leas", leas);

  json_t *files = json_object(), *senr = json_array();
  for (int k = 0; k < SBX_YEARS; k++) {
    json_t *so = json_object();
    char ay[16];
    snprintf(ay, sizeof ay, "%d-%d", r->years[k] - 1, r->years[k]);
    json_object_set_new(so, "year", json_integer(r->years[k]));
    json_object_set_new(so, "academic_year", json_string(ay));
    json_object_set_new(so, "path", json_string(rel_to_out(g, r->senr_paths[k])));
    json_object_set_new(so, "rows", json_integer(r->senr_rows[k]));
    json_array_append_new(senr, so);
  }
  json_object_set_new(files, "senr", senr);
  json_object_set_new(files, "manifest", json_string(rel_to_out(g, r->manifest_path)));
  json_object_set_new(files, "manifest_rows", json_integer(r->reports));
  json_object_set_new(files, "report_files", json_integer(r->files));
  json_object_set_new(files, "report_bytes", json_integer(r->bytes));
  json_t *scores = json_array();
  for (int i = 0; i < r->nscore_files; i++) {
    const struct sandbox_score_file *sf = &r->score_files[i];
    json_t *so = json_object();
    json_object_set_new(so, "family", json_string(sf->family));
    json_object_set_new(so, "basis", json_string(sf->basis));
    json_object_set_new(so, "year", json_integer(sf->year));
    json_object_set_new(so, "lea", json_string(sf->lea));
    json_object_set_new(so, "rows", json_integer(sf->rows));
    json_object_set_new(so, "path", json_string(sf->path));
    json_array_append_new(scores, so);
  }
  json_object_set_new(files, "scores", scores);
  json_object_set_new(files, "score_rows", json_integer(r->score_rows));
  json_object_set_new(root, "files", files);

  json_t *counts = json_object();
  json_object_set_new(counts, "enrolled_today", json_integer(r->enrolled_today));
  json_object_set_new(counts, "mid_year_transfers", json_integer(r->transfers));
  json_object_set_new(counts, "left", json_integer(r->left));
  json_object_set_new(counts, "secondary_enrollments", json_integer(r->secondary));
  json_object_set_new(counts, "no_shows", json_integer(r->no_shows));
  json_object_set_new(counts, "graduates", json_integer(r->graduates));
  json_object_set_new(counts, "english_learners", json_integer(r->english_learners));
  json_object_set_new(root, "counts", counts);

  json_t *ex = json_object();
  for (int kind = 0; kind < SANDBOX_EX_COUNT; kind++)
    if (r->examples[kind].found)
      json_object_set_new(ex, EXAMPLE_NAMES[kind],
                          example_json(g, (enum sandbox_example_kind)kind));
  json_object_set_new(root, "examples", ex);

  char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
  json_decref(root);
  if (text == NULL) return sb_err_set(g->err, "out of memory writing sandbox.json");
  size_t len = strlen(text);
  struct buf b;
  buf_init(&b, len + 2);
  int rc = buf_append(&b, text, len) || buf_putc(&b, '\n') ? -1 : 0;
  free(text);
  if (rc == 0)
    rc = fs_write_file_atomic(r->json_path, b.data, b.len, 0644, g->err);
  else
    sb_err_set(g->err, "out of memory writing sandbox.json");
  buf_free(&b);
  return rc;
}

/* ---- driver ------------------------------------------------------------------------ */

void sandbox_opts_init(struct sandbox_opts *o) {
  memset(o, 0, sizeof *o);
  o->students = 1000;
  o->seed = 1;
}

static int open_out(struct gen *g, const char *path, FILE **f, char **vbuf) {
  *f = fopen(path, "wb");
  if (*f == NULL) return sb_err_set(g->err, "cannot create %s: %s", path, strerror(errno));
  *vbuf = malloc(IO_BUF);
  if (*vbuf) setvbuf(*f, *vbuf, _IOFBF, IO_BUF);
  return 0;
}

static int close_out(struct gen *g, const char *path, FILE **f, char **vbuf) {
  int rc = 0;
  if (*f) {
    bool bad = ferror(*f) != 0;
    if (fclose(*f) != 0 || bad)
      rc = sb_err_set(g->err, "cannot write %s: %s", path, strerror(errno));
  }
  *f = NULL;
  free(*vbuf);
  *vbuf = NULL;
  return rc;
}

static void fill_result_world(struct sandbox_result *res, const struct sbx_world *w) {
  static const char *const GRADES[SBX_BANDS] = {"KN-05", "06-08", "09-12"};
  res->nleas = w->nleas;
  for (int i = 0; i < w->nleas; i++) {
    struct sandbox_lea_info *li = &res->leas[i];
    const struct sbx_lea *l = &w->leas[i];
    memcpy(li->code, l->code, sizeof li->code);
    snprintf(li->name, sizeof li->name, "%s", l->name);
    memcpy(li->county_code, l->county_code, sizeof li->county_code);
    snprintf(li->county, sizeof li->county, "%s", l->county);
    for (int b = 0; b < SBX_BANDS; b++) {
      for (int j = 0; j < l->nschools[b] && li->nschools < SANDBOX_MAX_SCHOOLS; j++) {
        const struct sbx_school *s = &w->schools[l->first_school[b] + j];
        struct sandbox_school_info *si = &li->schools[li->nschools++];
        memcpy(si->code, s->code, sizeof si->code);
        snprintf(si->name, sizeof si->name, "%s", s->name);
        snprintf(si->grades, sizeof si->grades, "%s", GRADES[b]);
      }
    }
  }
}

static void fill_score_files(struct sandbox_result *res, const struct sbx_world *w,
                             const struct sbx_toms *t) {
  res->nscore_files = 0;
  res->score_rows = 0;
  for (int i = 0; i < sbx_toms_nfiles(t) && i < SANDBOX_MAX_SCORE_FILES; i++) {
    const struct sbx_toms_file *f = sbx_toms_file_at(t, i);
    struct sandbox_score_file *sf = &res->score_files[res->nscore_files++];
    snprintf(sf->family, sizeof sf->family, "%s", sbx_toms_family_name(f->family));
    snprintf(sf->basis, sizeof sf->basis, "%s", f->basis == SCORE_ENROLLED ? "Enrolled" : "Tested");
    sf->year = f->year;
    memcpy(sf->lea, w->leas[f->lea].code, sizeof sf->lea);
    sf->rows = f->rows;
    snprintf(sf->path, sizeof sf->path, "scores/%s", f->name);
    res->score_rows += f->rows;
  }
}

static int set_path(struct gen *g, char *out, const char *dir, const char *name) {
  if (fs_join(out, SANDBOX_PATH_MAX, dir, name) != 0)
    return sb_err_set(g->err, "output path too long: %s/%s", dir, name);
  return 0;
}

static int generate(struct gen *g, const struct sandbox_opts *o) {
  struct sandbox_result *res = g->res;
  const struct sbx_world *w = g->w;
  char path[SANDBOX_PATH_MAX], name[64];

  if (fs_mkdirs(g->out_dir, 0755, g->err) != 0) return -1;
  if (set_path(g, path, g->out_dir, "senr") != 0 || fs_mkdirs(path, 0755, g->err) != 0) return -1;
  if (set_path(g, g->reports_dir, g->out_dir, "reports") != 0 ||
      fs_mkdirs(g->reports_dir, 0755, g->err) != 0)
    return -1;
  if (set_path(g, path, g->reports_dir, g->shared ? "shared" : "files") != 0 ||
      ensure_dir(g, path) != 0)
    return -1;
  for (int k = 0; k < SBX_YEARS; k++) {
    char sub[SANDBOX_PATH_MAX + 16];
    snprintf(sub, sizeof sub, "%s/%d", path, res->years[k]);
    if (ensure_dir(g, sub) != 0) return -1;
  }
  for (int k = 0; k < SBX_YEARS; k++) {
    snprintf(name, sizeof name, "senr/senr_%d-%d.txt", res->years[k] - 1, res->years[k]);
    if (set_path(g, res->senr_paths[k], g->out_dir, name) != 0 ||
        open_out(g, res->senr_paths[k], &g->senr[k], &g->senr_buf[k]) != 0)
      return -1;
  }
  if (set_path(g, res->manifest_path, g->reports_dir, "manifest.csv") != 0 ||
      open_out(g, res->manifest_path, &g->manifest, &g->manifest_buf) != 0)
    return -1;
  if (set_path(g, res->json_path, g->out_dir, "sandbox.json") != 0) return -1;
  if (set_path(g, path, g->out_dir, "scores") != 0 || fs_mkdirs(path, 0755, g->err) != 0 ||
      (g->toms = sbx_toms_open(w, path, g->err)) == NULL)
    return -1;
  fputs("ssid,type,lang,year,format,content_area,grade,final,path\n", g->manifest);

  for (long i = 0; i < o->students; i++) {
    struct sbx_student s;
    /* The first students take the example roles, so small sets have one of each. */
    enum sbx_role role = i + 1 < SBX_ROLE_COUNT ? (enum sbx_role)(i + 1) : SBX_ROLE_ANY;
    sbx_student_make(w, i, role, &s);
    write_senr(g, &s);
    long nrep = write_reports(g, &s);
    if (nrep < 0) return -1;
    if (sbx_toms_add(g->toms, &s, g->err) != 0) return -1;
    if (currently_enrolled(g, &s)) res->enrolled_today++;
    if (s.transfer_k >= 0) res->transfers++;
    if (s.left_k >= 0) res->left++;
    if (s.secondary_k >= 0) res->secondary++;
    if (s.no_show_k >= 0) res->no_shows++;
    if (s.graduate_k >= 0) res->graduates++;
    if (s.yr[0].esa || s.yr[1].esa || s.yr[2].esa) res->english_learners++;
    consider_examples(g, &s, nrep);
  }

  int rc = 0;
  for (int k = 0; k < SBX_YEARS; k++)
    if (close_out(g, res->senr_paths[k], &g->senr[k], &g->senr_buf[k]) != 0) rc = -1;
  if (close_out(g, res->manifest_path, &g->manifest, &g->manifest_buf) != 0) rc = -1;
  if (rc != 0) return -1;
  if (sbx_toms_finish(g->toms, g->err) != 0) return -1;
  fill_score_files(res, w, g->toms);

  struct sandbox_example *miss = &res->examples[SANDBOX_EX_MISSING];
  memset(miss, 0, sizeof *miss);
  miss->found = true;
  sbx_ssid(w, o->students, miss->ssid);
  snprintf(miss->what, sizeof miss->what,
           "No student has this SSID: the API answers 404 \"Student doesn't exist\".");
  return write_json(g);
}

int sandbox_generate(const struct sandbox_opts *o, struct sandbox_result *res, struct sb_err *err) {
  if (o == NULL || res == NULL) return sb_err_set(err, "sandbox: no options or result given");
  if (o->out_dir == NULL || o->out_dir[0] == '\0')
    return sb_err_set(err, "sandbox: an output directory is needed");
  if (strlen(o->out_dir) > SANDBOX_PATH_MAX - 128)
    return sb_err_set(err, "sandbox: output directory path too long");
  if (o->students < 1 || o->students > SANDBOX_MAX_STUDENTS)
    return sb_err_set(err, "sandbox: the number of students must be 1 to %ld, not %ld",
                      SANDBOX_MAX_STUDENTS, o->students);
  int last_year = o->last_year;
  int32_t today = o->today;
  if (last_year == 0) last_year = today ? admin_year_of_ymd(today) : SANDBOX_DEFAULT_YEAR;
  if (today == 0) today = (int32_t)(last_year * 10000 + 601);

  struct sbx_world *w = malloc(sizeof *w);
  if (w == NULL) return sb_err_set(err, "sandbox: out of memory");
  if (sbx_world_init(w, o->students, o->seed, last_year, today, err) != 0) {
    free(w);
    return -1;
  }
  memset(res, 0, sizeof *res);
  res->students = o->students;
  res->seed = o->seed;
  res->last_year = last_year;
  res->today = today;
  for (int k = 0; k < SBX_YEARS; k++)
    res->years[k] = last_year - 2 + k;
  long above = o->shared_above == 0 ? SANDBOX_DEFAULT_SHARED_ABOVE : o->shared_above;
  res->shared = above < 0 || o->students > above;
  fill_result_world(res, w);

  struct gen *g = calloc(1, sizeof *g);
  if (g == NULL) {
    free(w);
    return sb_err_set(err, "sandbox: out of memory");
  }
  g->w = w;
  g->res = res;
  g->err = err;
  g->shared = res->shared;
  snprintf(g->out_dir, sizeof g->out_dir, "%s", o->out_dir);
  size_t n = strlen(g->out_dir);
  while (n > 1 && g->out_dir[n - 1] == '/')
    g->out_dir[--n] = '\0';
  buf_init(&g->file, REPORT_MAX);
  for (int k = 0; k < SBX_YEARS; k++) {
    int y = res->years[k];
    for (int f = 0; f < SBX_FMT_COUNT; f++)
      g->fmt_ok[k][f] = codes_applies(CODE_FORMAT, sbx_format_code((enum sbx_format)f), y);
    for (int l = 0; l < SBX_LANG_COUNT; l++)
      g->lang_ok[k][l] = codes_applies(CODE_LANG, sbx_lang_code((enum sbx_lang)l), y);
  }
  int rc = 0;
  if (g->shared && (g->template_done = calloc(TEMPLATE_SLOTS, 1)) == NULL)
    rc = sb_err_set(err, "sandbox: out of memory");
  if (rc == 0) rc = generate(g, o);
  for (int k = 0; k < SBX_YEARS; k++)
    if (g->senr[k]) {
      fclose(g->senr[k]);
      free(g->senr_buf[k]);
    }
  if (g->manifest) {
    fclose(g->manifest);
    free(g->manifest_buf);
  }
  sbx_toms_free(g->toms);
  free(g->template_done);
  buf_free(&g->file);
  free(g);
  free(w);
  return rc;
}
