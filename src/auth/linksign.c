/* linksign.c - see linksign.h. */
#include "auth/linksign.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <pthread.h>
#include <sodium.h>

#include "util/b64.h"
#include "util/fsutil.h"

#define LINK_VERSION 1
#define BODY_LEN 17 /* version + report_id + expires_at */
#define MAC_LEN 32
#define RAW_LEN (BODY_LEN + MAC_LEN)
#define PATH_MAX_LEN 4096

static const char CONTEXT[] = "scorebridge-link";

_Static_assert(B64URL_ENCODED_SIZE(RAW_LEN) >= LINKSIGN_TOKEN_SIZE, "token buffer");

static void put_be64(unsigned char *p, int64_t v) {
  uint64_t u = (uint64_t)v;
  for (int i = 7; i >= 0; i--) {
    p[i] = (unsigned char)(u & 0xff);
    u >>= 8;
  }
}

static int64_t get_be64(const unsigned char *p) {
  uint64_t u = 0;
  for (int i = 0; i < 8; i++)
    u = u << 8 | p[i];
  return (int64_t)u;
}

/* A score-report response signs one link per report, all under the same key. Each thread
 * keeps SHA-256 contexts that have already absorbed the key's inner and outer pads (and
 * the context string), so one link costs two SHA-256 blocks; OpenSSL's SHA-256 uses the
 * CPU's SHA extensions where present (2.5x libsodium's portable code here). The result is
 * plain HMAC-SHA256(key, CONTEXT || body). */
struct prepared {
  unsigned char key[LINKSIGN_KEY_LEN];
  EVP_MD_CTX *inner, *outer, *work;
};

static pthread_key_t prepared_key;
static pthread_once_t prepared_once = PTHREAD_ONCE_INIT;

static void prepared_free(void *p) {
  struct prepared *pr = p;
  if (pr == NULL) return;
  EVP_MD_CTX_free(pr->inner);
  EVP_MD_CTX_free(pr->outer);
  EVP_MD_CTX_free(pr->work);
  sodium_memzero(pr->key, sizeof pr->key);
  free(pr);
}

static void prepared_init(void) {
  pthread_key_create(&prepared_key, prepared_free);
}

static int prepare(struct prepared *pr, const unsigned char key[LINKSIGN_KEY_LEN]) {
  unsigned char ipad[64], opad[64];
  memset(ipad, 0x36, sizeof ipad);
  memset(opad, 0x5c, sizeof opad);
  for (size_t i = 0; i < LINKSIGN_KEY_LEN; i++) {
    ipad[i] ^= key[i];
    opad[i] ^= key[i];
  }
  int ok = EVP_DigestInit_ex(pr->inner, EVP_sha256(), NULL) == 1 &&
           EVP_DigestUpdate(pr->inner, ipad, sizeof ipad) == 1 &&
           EVP_DigestUpdate(pr->inner, CONTEXT, sizeof CONTEXT - 1) == 1 &&
           EVP_DigestInit_ex(pr->outer, EVP_sha256(), NULL) == 1 &&
           EVP_DigestUpdate(pr->outer, opad, sizeof opad) == 1;
  sodium_memzero(ipad, sizeof ipad);
  sodium_memzero(opad, sizeof opad);
  if (ok) memcpy(pr->key, key, LINKSIGN_KEY_LEN);
  return ok ? 0 : -1;
}

static struct prepared *thread_prepared(const unsigned char key[LINKSIGN_KEY_LEN]) {
  pthread_once(&prepared_once, prepared_init);
  struct prepared *pr = pthread_getspecific(prepared_key);
  if (pr == NULL) {
    pr = calloc(1, sizeof *pr);
    if (pr == NULL) return NULL;
    pr->inner = EVP_MD_CTX_new();
    pr->outer = EVP_MD_CTX_new();
    pr->work = EVP_MD_CTX_new();
    if (pr->inner == NULL || pr->outer == NULL || pr->work == NULL || prepare(pr, key) != 0) {
      prepared_free(pr);
      return NULL;
    }
    pthread_setspecific(prepared_key, pr);
  } else if (memcmp(pr->key, key, LINKSIGN_KEY_LEN) != 0 && prepare(pr, key) != 0) {
    /* (Both operands are our own key: nothing an attacker controls, so a plain compare.) */
    return NULL;
  }
  return pr;
}

static int link_mac(const unsigned char key[LINKSIGN_KEY_LEN], const unsigned char *body,
                    unsigned char mac[MAC_LEN]) {
  struct prepared *pr = thread_prepared(key);
  unsigned int len = 0;
  unsigned char inner[MAC_LEN];
  return pr && EVP_MD_CTX_copy_ex(pr->work, pr->inner) == 1 &&
                 EVP_DigestUpdate(pr->work, body, BODY_LEN) == 1 &&
                 EVP_DigestFinal_ex(pr->work, inner, &len) == 1 &&
                 EVP_MD_CTX_copy_ex(pr->work, pr->outer) == 1 &&
                 EVP_DigestUpdate(pr->work, inner, sizeof inner) == 1 &&
                 EVP_DigestFinal_ex(pr->work, mac, &len) == 1
             ? 0
             : -1;
}

int linksign_make(const unsigned char key[LINKSIGN_KEY_LEN], int64_t report_id, int64_t expires_at,
                  char *out, size_t outsz) {
  if (key == NULL || out == NULL || outsz < LINKSIGN_TOKEN_SIZE) return -1;
  unsigned char raw[RAW_LEN];
  raw[0] = LINK_VERSION;
  put_be64(raw + 1, report_id);
  put_be64(raw + 9, expires_at);
  if (link_mac(key, raw, raw + BODY_LEN) != 0) return -1;
  return b64url_encode(raw, sizeof raw, out, outsz) == LINKSIGN_TOKEN_LEN ? 0 : -1;
}

enum link_status linksign_check(const unsigned char key[LINKSIGN_KEY_LEN], const char *token,
                                size_t len, int64_t now, int64_t *report_id, int64_t *expires_at) {
  if (report_id) *report_id = 0;
  if (expires_at) *expires_at = 0;
  unsigned char raw[RAW_LEN], mac[MAC_LEN];
  if (key == NULL || token == NULL || len != LINKSIGN_TOKEN_LEN ||
      b64url_decode(token, len, raw, sizeof raw) != RAW_LEN || raw[0] != LINK_VERSION)
    return LINK_MALFORMED;
  if (link_mac(key, raw, mac) != 0) return LINK_MALFORMED;
  if (sodium_memcmp(mac, raw + BODY_LEN, MAC_LEN) != 0) return LINK_BAD_SIGNATURE;
  int64_t id = get_be64(raw + 1), exp = get_be64(raw + 9);
  if (report_id) *report_id = id;
  if (expires_at) *expires_at = exp;
  return now >= exp ? LINK_EXPIRED : LINK_OK;
}

const char *link_status_name(enum link_status s) {
  switch (s) {
  case LINK_OK:
    return "ok";
  case LINK_MALFORMED:
    return "malformed";
  case LINK_BAD_SIGNATURE:
    return "bad signature";
  case LINK_EXPIRED:
    return "expired";
  }
  return "unknown";
}

/* Reads an existing key file. */
static int read_key(const char *path, unsigned char key[LINKSIGN_KEY_LEN], struct sb_err *err) {
  struct stat st;
  if (stat(path, &st) != 0) return sb_err_set(err, "cannot read %s: %s", path, strerror(errno));
  if (!S_ISREG(st.st_mode)) return sb_err_set(err, "%s is not a regular file", path);
  if ((st.st_mode & 077) != 0)
    return sb_err_set(err, "%s can be accessed by group or others (mode %03o); chmod 600 it", path,
                      (unsigned)(st.st_mode & 0777));
  size_t len = 0;
  char *data = fs_read_file(path, LINKSIGN_KEY_LEN, &len, err);
  if (data == NULL) return -1;
  int rc = 0;
  if (len != LINKSIGN_KEY_LEN)
    rc = sb_err_set(err, "%s holds %zu bytes; a link key is exactly %d", path, len,
                    LINKSIGN_KEY_LEN);
  else
    memcpy(key, data, LINKSIGN_KEY_LEN);
  sodium_memzero(data, len);
  free(data);
  return rc;
}

/* Creates the key file without ever replacing one: the key goes to a temporary file
 * first, then link(2) gives it the final name only if that name is still free. */
static int create_key(const char *path, unsigned char key[LINKSIGN_KEY_LEN], struct sb_err *err) {
  char parent[PATH_MAX_LEN], tmp[PATH_MAX_LEN];
  size_t n = strlen(path);
  if (n >= sizeof parent) return sb_err_set(err, "path too long: %s", path);
  memcpy(parent, path, n + 1);
  char *slash = strrchr(parent, '/');
  if (slash != NULL && slash != parent) {
    *slash = '\0';
    if (fs_mkdirs(parent, 0700, err) != 0) return -1;
  }
  int w = snprintf(tmp, sizeof tmp, "%s.new.%ld", path, (long)getpid());
  if (w < 0 || (size_t)w >= sizeof tmp) return sb_err_set(err, "path too long: %s", path);
  if (sodium_init() < 0) return sb_err_set(err, "libsodium cannot start");
  randombytes_buf(key, LINKSIGN_KEY_LEN);
  if (fs_write_file_atomic(tmp, key, LINKSIGN_KEY_LEN, 0600, err) != 0) return -1;
  int rc = link(tmp, path);
  int e = errno;
  unlink(tmp);
  if (rc == 0) return 0;
  if (e == EEXIST) return read_key(path, key, err); /* another process won the race */
  return sb_err_set(err, "cannot create %s: %s", path, strerror(e));
}

int linkkey_load(const char *path, bool create, unsigned char key[LINKSIGN_KEY_LEN],
                 struct sb_err *err) {
  if (path == NULL || path[0] == '\0' || key == NULL)
    return sb_err_set(err, "no link key path given");
  struct stat st;
  int rc;
  if (stat(path, &st) != 0 && errno == ENOENT) {
    if (!create) {
      sodium_memzero(key, LINKSIGN_KEY_LEN);
      return sb_err_set(err, "the link key file %s does not exist", path);
    }
    rc = create_key(path, key, err);
  } else {
    rc = read_key(path, key, err);
  }
  if (rc != 0) sodium_memzero(key, LINKSIGN_KEY_LEN);
  return rc;
}
