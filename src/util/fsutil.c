/* fsutil.c - see fsutil.h. */
#include "util/fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int fs_mkdirs(const char *path, mode_t mode, struct sb_err *err) {
  char tmp[4096];
  size_t n = strlen(path);
  if (n == 0 || n >= sizeof tmp) return sb_err_set(err, "path too long: %s", path);
  memcpy(tmp, path, n + 1);
  for (char *p = tmp + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(tmp, mode) != 0 && errno != EEXIST)
      return sb_err_set(err, "cannot create directory %s: %s", tmp, strerror(errno));
    *p = '/';
  }
  if (mkdir(tmp, mode) != 0 && errno != EEXIST)
    return sb_err_set(err, "cannot create directory %s: %s", tmp, strerror(errno));
  return 0;
}

char *fs_read_file(const char *path, size_t max, size_t *len, struct sb_err *err) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    sb_err_set(err, "cannot open %s: %s", path, strerror(errno));
    return NULL;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || (size_t)st.st_size > max) {
    sb_err_set(err, "%s is larger than %zu bytes", path, max);
    close(fd);
    return NULL;
  }
  size_t n = (size_t)st.st_size;
  char *p = malloc(n + 1);
  if (p == NULL) {
    sb_err_set(err, "out of memory reading %s", path);
    close(fd);
    return NULL;
  }
  size_t got = 0;
  while (got < n) {
    ssize_t r = read(fd, p + got, n - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += (size_t)r;
  }
  close(fd);
  if (got != n) {
    free(p);
    sb_err_set(err, "short read on %s", path);
    return NULL;
  }
  p[n] = '\0';
  if (len) *len = n;
  return p;
}

int fs_write_file_atomic(const char *path, const void *data, size_t len, mode_t mode,
                         struct sb_err *err) {
  char tmp[4200];
  if (snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof tmp)
    return sb_err_set(err, "path too long: %s", path);
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return sb_err_set(err, "cannot create %s: %s", tmp, strerror(errno));
  const char *p = data;
  size_t left = len;
  while (left > 0) {
    ssize_t w = write(fd, p, left);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      int e = errno;
      close(fd);
      unlink(tmp);
      return sb_err_set(err, "cannot write %s: %s", tmp, strerror(e));
    }
    p += w;
    left -= (size_t)w;
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    unlink(tmp);
    return sb_err_set(err, "cannot flush %s: %s", tmp, strerror(errno));
  }
  if (rename(tmp, path) != 0) {
    int e = errno;
    unlink(tmp);
    return sb_err_set(err, "cannot rename %s to %s: %s", tmp, path, strerror(e));
  }
  return 0;
}

int fs_join(char *out, size_t outsz, const char *dir, const char *name) {
  int n = snprintf(out, outsz, "%s/%s", dir, name);
  return n < 0 || (size_t)n >= outsz ? -1 : 0;
}
