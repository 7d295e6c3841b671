/* blob_local.c - the local-directory backend of blob.h. */
#include "blob/blob.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fsutil.h"

struct blob_store {
  char dir[3072];
};

struct blob_store *blob_open(const char *dir, struct sb_err *err) {
  struct blob_store *b = calloc(1, sizeof *b);
  if (b == NULL) {
    sb_err_set(err, "out of memory");
    return NULL;
  }
  if (snprintf(b->dir, sizeof b->dir, "%s", dir) >= (int)sizeof b->dir) {
    sb_err_set(err, "blob directory path too long");
    free(b);
    return NULL;
  }
  if (fs_mkdirs(dir, 0700, err) != 0) {
    free(b);
    return NULL;
  }
  return b;
}

void blob_close(struct blob_store *b) {
  free(b);
}

static int valid_hex64(const char *h) {
  for (int i = 0; i < 64; i++)
    if (!((h[i] >= '0' && h[i] <= '9') || (h[i] >= 'a' && h[i] <= 'f'))) return 0;
  return h[64] == '\0';
}

static int blob_path(const struct blob_store *b, const char *sha256, char *out, size_t n) {
  if (!valid_hex64(sha256)) return -1;
  int w = snprintf(out, n, "%s/sha256/%.2s/%s", b->dir, sha256, sha256);
  return w < 0 || (size_t)w >= n ? -1 : 0;
}

static void to_hex(const unsigned char *d, size_t n, char *out) {
  static const char hx[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++) {
    out[2 * i] = hx[d[i] >> 4];
    out[2 * i + 1] = hx[d[i] & 15];
  }
  out[2 * n] = '\0';
}

/* Streams src into dst_fd (when >= 0) while hashing. */
static int copy_hash(int src_fd, int dst_fd, const char *src, char sha256[65], int64_t *size,
                     struct sb_err *err) {
  EVP_MD_CTX *md = EVP_MD_CTX_new();
  if (md == NULL || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
    EVP_MD_CTX_free(md);
    return sb_err_set(err, "cannot start SHA-256");
  }
  enum { CHUNK = 1 << 16 };
  unsigned char *chunk = malloc(CHUNK); /* file copies are rare: no per-thread buffer */
  if (chunk == NULL) {
    EVP_MD_CTX_free(md);
    return sb_err_set(err, "out of memory");
  }
  int64_t total = 0;
  for (;;) {
    ssize_t r = read(src_fd, chunk, CHUNK);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      EVP_MD_CTX_free(md);
      free(chunk);
      return sb_err_set(err, "cannot read %s: %s", src, strerror(errno));
    }
    if (r == 0) break;
    EVP_DigestUpdate(md, chunk, (size_t)r);
    total += r;
    for (ssize_t off = 0; dst_fd >= 0 && off < r;) {
      ssize_t w = write(dst_fd, chunk + off, (size_t)(r - off));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        EVP_MD_CTX_free(md);
        free(chunk);
        return sb_err_set(err, "cannot write blob: %s", strerror(errno));
      }
      off += w;
    }
  }
  free(chunk);
  unsigned char d[32];
  unsigned int dl = 0;
  EVP_DigestFinal_ex(md, d, &dl);
  EVP_MD_CTX_free(md);
  to_hex(d, 32, sha256);
  *size = total;
  return 0;
}

int blob_sha256_file(const char *path, char out[65], int64_t *size, struct sb_err *err) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return sb_err_set(err, "cannot open %s: %s", path, strerror(errno));
  int64_t n = 0;
  int rc = copy_hash(fd, -1, path, out, &n, err);
  close(fd);
  if (size) *size = n;
  return rc;
}

/* Moves the finished temporary file tmp to the blob's place (or drops it when that
 * content is already stored). Leaves tmp in place on failure. */
static int install(struct blob_store *b, const char *tmp, const char *sha256, int64_t size,
                   struct sb_err *err) {
  char final[3200], dir[3200];
  if (blob_path(b, sha256, final, sizeof final) != 0) return sb_err_set(err, "blob path too long");
  struct stat st;
  if (stat(final, &st) == 0 && st.st_size == size) {
    unlink(tmp); /* already stored */
    return 0;
  }
  snprintf(dir, sizeof dir, "%s/sha256/%.2s", b->dir, sha256);
  if (fs_mkdirs(dir, 0700, err) != 0) return -1;
  if (chmod(tmp, 0600) != 0 || rename(tmp, final) != 0)
    return sb_err_set(err, "cannot store blob %s: %s", final, strerror(errno));
  return 0;
}

/* Creates a temporary file under <dir>/tmp; its path goes into tmp. */
static int make_temp(struct blob_store *b, char *tmp, size_t n, struct sb_err *err) {
  snprintf(tmp, n, "%s/tmp", b->dir);
  if (fs_mkdirs(tmp, 0700, err)) return -1;
  if (snprintf(tmp, n, "%s/tmp/put-XXXXXX", b->dir) >= (int)n)
    return sb_err_set(err, "blob directory path too long");
  int fd = mkstemp(tmp);
  if (fd < 0)
    return sb_err_set(err, "cannot create a temporary file in %s: %s", b->dir, strerror(errno));
  return fd;
}

int blob_put_file(struct blob_store *b, const char *src, char sha256[65], int64_t *size,
                  struct sb_err *err) {
  int in = open(src, O_RDONLY | O_CLOEXEC);
  if (in < 0) return sb_err_set(err, "cannot open %s: %s", src, strerror(errno));
  char tmp[3200];
  int out = make_temp(b, tmp, sizeof tmp, err);
  if (out < 0) {
    close(in);
    return -1;
  }
  int rc = copy_hash(in, out, src, sha256, size, err);
  close(in);
  close(out);
  if (rc == 0) rc = install(b, tmp, sha256, *size, err);
  if (rc != 0) unlink(tmp);
  return rc;
}

int blob_sync(struct blob_store *b, struct sb_err *err) {
  int fd = open(b->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return sb_err_set(err, "cannot open %s: %s", b->dir, strerror(errno));
  int rc = syncfs(fd);
  close(fd);
  return rc == 0 ? 0 : sb_err_set(err, "cannot flush the blob store: %s", strerror(errno));
}

int blob_open_read(struct blob_store *b, const char *sha256, int64_t *size, struct sb_err *err) {
  char path[3200];
  if (blob_path(b, sha256, path, sizeof path) != 0) return sb_err_set(err, "bad blob address");
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return sb_err_set(err, "cannot open blob %s: %s", sha256, strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0) {
    close(fd);
    return sb_err_set(err, "cannot stat blob %s", sha256);
  }
  *size = st.st_size;
  return fd;
}

/* --- streaming writer --- */

struct blob_writer {
  struct blob_store *b;
  int fd;
  EVP_MD_CTX *md;
  int64_t size;
  char tmp[3200];
};

struct blob_writer *blob_writer_new(struct blob_store *b, struct sb_err *err) {
  struct blob_writer *w = calloc(1, sizeof *w);
  if (w == NULL) {
    sb_err_set(err, "out of memory");
    return NULL;
  }
  w->b = b;
  w->md = EVP_MD_CTX_new();
  if (w->md == NULL || EVP_DigestInit_ex(w->md, EVP_sha256(), NULL) != 1) {
    EVP_MD_CTX_free(w->md);
    free(w);
    sb_err_set(err, "cannot start SHA-256");
    return NULL;
  }
  w->fd = make_temp(b, w->tmp, sizeof w->tmp, err);
  if (w->fd < 0) {
    EVP_MD_CTX_free(w->md);
    free(w);
    return NULL;
  }
  return w;
}

int blob_writer_write(struct blob_writer *w, const void *data, size_t n, struct sb_err *err) {
  const unsigned char *p = data;
  EVP_DigestUpdate(w->md, p, n);
  w->size += (int64_t)n;
  for (size_t off = 0; off < n;) {
    ssize_t k = write(w->fd, p + off, n - off);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return sb_err_set(err, "cannot write blob: %s", strerror(errno));
    off += (size_t)k;
  }
  return 0;
}

int blob_writer_commit(struct blob_writer *w, char sha256[65], int64_t *size, struct sb_err *err) {
  unsigned char d[32];
  unsigned int dl = 0;
  EVP_DigestFinal_ex(w->md, d, &dl);
  to_hex(d, 32, sha256);
  *size = w->size;
  int rc = close(w->fd) == 0 ? 0 : sb_err_set(err, "cannot write blob: %s", strerror(errno));
  w->fd = -1;
  if (rc == 0) rc = install(w->b, w->tmp, sha256, w->size, err);
  if (rc != 0) unlink(w->tmp);
  EVP_MD_CTX_free(w->md);
  free(w);
  return rc;
}

void blob_writer_abort(struct blob_writer *w) {
  if (w == NULL) return;
  if (w->fd >= 0) close(w->fd);
  unlink(w->tmp);
  EVP_MD_CTX_free(w->md);
  free(w);
}
