/* upload_source.c - a plain file or the .csv inside a TOMS ZIP, read as one stream. */
#include "ingest/upload_source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

struct upload_source {
  int fd;     /* plain file; -1 for a ZIP */
  zip_t *zip; /* owns the fd for a ZIP */
  zip_file_t *entry;
  char *entry_name;
  int64_t size;
};

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static bool is_zip(int fd) {
  unsigned char sig[4];
  ssize_t n = pread(fd, sig, sizeof sig, 0);
  return n == 4 && memcmp(sig, "PK\x03\x04", 4) == 0;
}

/* Picks the .csv entry: the only one, or the one named like TOMS's "_DLMTR.CSV". */
static int pick_entry(zip_t *z, zip_int64_t *out, struct sb_err *err) {
  zip_int64_t n = zip_get_num_entries(z, 0), found = -1;
  int ncsv = 0;
  char names[256] = "";
  size_t used = 0;
  for (zip_int64_t i = 0; i < n; i++) {
    const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
    if (name == NULL) continue;
    if (used < sizeof names - 1) { /* the names found, for the message (truncated) */
      int w = snprintf(names + used, sizeof names - used, "%s%s", used ? ", " : "", name);
      used = w < 0 ? used : used + (size_t)w >= sizeof names ? sizeof names - 1 : used + (size_t)w;
    }
    if (!ends_with(name, ".csv")) continue;
    ncsv++;
    if (found < 0 || ends_with(name, "_DLMTR.CSV")) found = i;
  }
  if (found < 0)
    return sb_err_set(err,
                      "the ZIP holds no .csv file (found: %s); TOMS ZIPs hold the "
                      "caret-delimited .csv beside a .dat: upload the ZIP as downloaded",
                      used ? names : "nothing");
  *out = found;
  return 0;
}

struct upload_source *upload_source_open(int fd, struct sb_err *err, bool *bad_input) {
  *bad_input = false;
  struct upload_source *s = calloc(1, sizeof *s);
  if (s == NULL) {
    close(fd);
    sb_err_set(err, "out of memory");
    return NULL;
  }
  s->fd = -1;
  if (!is_zip(fd)) {
    struct stat st;
    s->fd = fd;
    s->size = fstat(fd, &st) == 0 ? (int64_t)st.st_size : -1;
    return s;
  }
  int zerr = 0;
  s->zip = zip_fdopen(fd, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
  if (s->zip == NULL) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, zerr);
    sb_err_set(err, "the ZIP cannot be read (%s): download it again from TOMS",
               zip_error_strerror(&ze));
    zip_error_fini(&ze);
    close(fd);
    free(s);
    *bad_input = true;
    return NULL;
  }
  zip_int64_t idx = -1;
  zip_stat_t zs;
  if (pick_entry(s->zip, &idx, err) != 0) {
    *bad_input = true;
    goto fail;
  }
  zip_stat_init(&zs);
  if (zip_stat_index(s->zip, (zip_uint64_t)idx, 0, &zs) != 0 ||
      (s->entry = zip_fopen_index(s->zip, (zip_uint64_t)idx, 0)) == NULL) {
    sb_err_set(err, "the ZIP entry cannot be opened (%s): download it again from TOMS",
               zip_strerror(s->zip));
    *bad_input = true;
    goto fail;
  }
  s->size = (zs.valid & ZIP_STAT_SIZE) ? (int64_t)zs.size : -1;
  s->entry_name = strdup(zs.name ? zs.name : "");
  if (s->entry_name == NULL) {
    sb_err_set(err, "out of memory");
    goto fail;
  }
  return s;
fail:
  upload_source_close(s);
  return NULL;
}

ssize_t upload_source_read(struct upload_source *s, void *buf, size_t n, struct sb_err *err) {
  if (s->entry) {
    zip_int64_t got = zip_fread(s->entry, buf, n);
    if (got < 0) {
      sb_err_set(err, "the ZIP entry is damaged (%s): download it again from TOMS",
                 zip_file_strerror(s->entry));
      return -1;
    }
    return (ssize_t)got;
  }
  for (;;) {
    ssize_t got = read(s->fd, buf, n);
    if (got >= 0) return got;
    if (errno != EINTR) {
      sb_err_set(err, "read: %s", strerror(errno));
      return -1;
    }
  }
}

int64_t upload_source_size(const struct upload_source *s) {
  return s->size;
}

const char *upload_source_entry(const struct upload_source *s) {
  return s->entry_name;
}

void upload_source_close(struct upload_source *s) {
  if (s == NULL) return;
  if (s->entry) zip_fclose(s->entry);
  if (s->zip) zip_discard(s->zip); /* read-only: nothing to write back; closes the fd */
  if (s->fd >= 0) close(s->fd);
  free(s->entry_name);
  free(s);
}
