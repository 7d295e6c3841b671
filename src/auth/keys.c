/* keys.c - see keys.h. */
#include "auth/keys.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include "util/b64.h"
#include "util/clock.h"
#include "util/fsutil.h"
#include "util/log.h"

#define KEY_FILE_MAX (64 * 1024)
#define META_FILE_MAX 4096
#define RSA_MIN_BITS 2048
#define RSA_MAX_BITS 8192
#define N_MAX_BYTES (RSA_MAX_BITS / 8)
#define E_MAX_BYTES 8
#define KID_MAX 128
#define PATH_MAX_LEN 4096
#define ALG_RS256 "RS256"
#define KEY_SUFFIX ".key.pem"
#define PUB_SUFFIX ".pub.pem"
#define META_SUFFIX ".json"
#define PKCS8_BEGIN "-----BEGIN PRIVATE KEY-----"

struct keyring_key {
  char kid[KID_MAX + 1];
  char alg[8];
  int64_t created;
  int64_t serial;
  bool has_private;
  EVP_PKEY *pkey;
  char *n_b64;                                  /* JWK "n" */
  char e_b64[B64URL_ENCODED_SIZE(E_MAX_BYTES)]; /* JWK "e" */
};

/* One immutable snapshot of the keys (after it is published to other threads). */
struct keyset {
  struct keyring_key *keys; /* oldest first: the last one signs */
  size_t n;
  struct keyset *next_old; /* in keyring.old: replaced snapshots awaiting their grace */
  int64_t replaced_at;     /* CLOCK_MONOTONIC seconds when a reload replaced it */
};

struct keyring {
  _Atomic(struct keyset *) cur; /* the current snapshot, swapped by keyring_reload */
  int64_t token_ttl;            /* retirement policy; 0 = keys never retire */
  int64_t leeway;
  pthread_mutex_t reload_lock; /* serialises keyring_reload */
  struct keyset *old;          /* replaced snapshots, newest first */
  char dir[PATH_MAX_LEN];      /* where keyring_load read from ("" for a JWK keyring) */
  struct timespec dir_mtime;   /* the directory's mtime at the last (re)load */
  bool recheck;                /* that mtime was too recent to trust (see note_mtime) */
};

static struct keyset *cur_set(const struct keyring *kr) {
  return atomic_load_explicit(&((struct keyring *)kr)->cur, memory_order_acquire);
}

/* Records the directory's mtime before a (re)load reads it. File systems stamp times
 * from a coarse clock, so a change made in the same tick as our reading may leave the
 * mtime unchanged: while the mtime is less than two seconds old, the next
 * keyring_reload reads the directory again whatever the mtime says. */
static void note_mtime(struct keyring *kr, const struct stat *st) {
  kr->dir_mtime = st->st_mtim;
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  kr->recheck = now.tv_sec - st->st_mtim.tv_sec < 2;
}

/* True when two snapshots hold the same keys (kid, serial, creation) in the same order. */
static bool same_keys(const struct keyset *a, const struct keyset *b) {
  if (a->n != b->n) return false;
  for (size_t i = 0; i < a->n; i++)
    if (strcmp(a->keys[i].kid, b->keys[i].kid) != 0 || a->keys[i].serial != b->keys[i].serial ||
        a->keys[i].created != b->keys[i].created)
      return false;
  return true;
}

static int64_t mono_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec;
}

static void key_clear(struct keyring_key *k) {
  EVP_PKEY_free(k->pkey);
  free(k->n_b64);
  memset(k, 0, sizeof *k);
}

/* Describes the newest OpenSSL error for a message, and empties the error queue. */
static const char *ossl_reason(char *buf, size_t n) {
  unsigned long e = ERR_peek_last_error();
  if (e == 0)
    snprintf(buf, n, "no detail from OpenSSL");
  else
    ERR_error_string_n(e, buf, n);
  ERR_clear_error();
  return buf;
}

/* Big-endian unsigned bytes of a BIGNUM param of pkey, base64url-encoded into out. */
static int bn_param_b64(EVP_PKEY *pkey, const char *param, size_t max_bytes, char *out,
                        size_t outsz) {
  BIGNUM *bn = NULL;
  unsigned char bytes[N_MAX_BYTES];
  int rc = -1;
  if (EVP_PKEY_get_bn_param(pkey, param, &bn) != 1) goto done;
  int nb = BN_num_bytes(bn);
  if (nb <= 0 || (size_t)nb > max_bytes || (size_t)nb > sizeof bytes) goto done;
  if (BN_bn2bin(bn, bytes) != nb) goto done;
  if (b64url_encode(bytes, (size_t)nb, out, outsz) < 0) goto done;
  rc = 0;
done:
  BN_free(bn);
  ERR_clear_error();
  return rc;
}

/* Checks that pkey is a plain RSA key of a size we accept with a sane public exponent. */
static int check_rsa(EVP_PKEY *pkey, const char *what, struct sb_err *err) {
  if (!EVP_PKEY_is_a(pkey, "RSA")) return sb_err_set(err, "%s is not an RSA key", what);
  int bits = EVP_PKEY_get_bits(pkey);
  if (bits < RSA_MIN_BITS || bits > RSA_MAX_BITS)
    return sb_err_set(err, "%s is a %d-bit RSA key; %d to %d bits are accepted", what, bits,
                      RSA_MIN_BITS, RSA_MAX_BITS);
  BIGNUM *e = NULL, *n = NULL;
  int ok = EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e) == 1 &&
           EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, &n) == 1 && BN_is_odd(e) &&
           !BN_is_one(e) && BN_num_bytes(e) <= E_MAX_BYTES && BN_is_odd(n);
  BN_free(e);
  BN_free(n);
  ERR_clear_error();
  if (!ok) return sb_err_set(err, "%s has an unusable RSA modulus or public exponent", what);
  return 0;
}

/* Fills k->n_b64, k->e_b64 and (when kid_from_thumbprint) k->kid from k->pkey. The kid
 * is the RFC 7638 thumbprint: SHA-256 over the JWK's required members in lexicographic
 * order with no whitespace, base64url. */
static int fill_public(struct keyring_key *k, bool kid_from_thumbprint, struct sb_err *err) {
  size_t nsz = B64URL_ENCODED_SIZE(N_MAX_BYTES);
  k->n_b64 = malloc(nsz);
  if (k->n_b64 == NULL) return sb_err_set(err, "out of memory");
  if (bn_param_b64(k->pkey, OSSL_PKEY_PARAM_RSA_N, N_MAX_BYTES, k->n_b64, nsz) != 0 ||
      bn_param_b64(k->pkey, OSSL_PKEY_PARAM_RSA_E, E_MAX_BYTES, k->e_b64, sizeof k->e_b64) != 0)
    return sb_err_set(err, "cannot read the RSA public key numbers");
  if (!kid_from_thumbprint) return 0;
  char jwk[B64URL_ENCODED_SIZE(N_MAX_BYTES) + B64URL_ENCODED_SIZE(E_MAX_BYTES) + 64];
  int len =
      snprintf(jwk, sizeof jwk, "{\"e\":\"%s\",\"kty\":\"RSA\",\"n\":\"%s\"}", k->e_b64, k->n_b64);
  if (len < 0 || (size_t)len >= sizeof jwk) return sb_err_set(err, "JWK too long to hash");
  unsigned char md[32];
  unsigned int mdlen = 0;
  if (EVP_Digest(jwk, (size_t)len, md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen != sizeof md) {
    ERR_clear_error();
    return sb_err_set(err, "cannot hash the JWK thumbprint");
  }
  if (b64url_encode(md, sizeof md, k->kid, sizeof k->kid) != KEYRING_KID_LEN)
    return sb_err_set(err, "cannot encode the JWK thumbprint");
  return 0;
}

/* PEM text of the key's public half (SPKI) or private half (PKCS#8), caller frees (and
 * should cleanse a private one). */
static char *pem_text(EVP_PKEY *pkey, bool private_half, size_t *len) {
  BIO *bio = BIO_new(private_half ? BIO_s_secmem() : BIO_s_mem());
  char *out = NULL;
  if (bio == NULL) goto done;
  int ok = private_half ? PEM_write_bio_PrivateKey(bio, pkey, NULL, NULL, 0, NULL, NULL)
                        : PEM_write_bio_PUBKEY(bio, pkey);
  if (ok != 1) goto done;
  char *data = NULL;
  long n = BIO_get_mem_data(bio, &data);
  if (n <= 0 || data == NULL) goto done;
  out = malloc((size_t)n + 1);
  if (out == NULL) goto done;
  memcpy(out, data, (size_t)n);
  out[n] = '\0';
  *len = (size_t)n;
done:
  BIO_free(bio);
  ERR_clear_error();
  return out;
}

static int key_path(char *out, size_t outsz, const char *dir, const char *kid, const char *suffix) {
  char name[KID_MAX + 16];
  int n = snprintf(name, sizeof name, "%s%s", kid, suffix);
  if (n < 0 || (size_t)n >= sizeof name) return -1;
  return fs_join(out, outsz, dir, name);
}

static int write_meta(const char *dir, const struct keyring_key *k, struct sb_err *err) {
  char path[PATH_MAX_LEN];
  if (key_path(path, sizeof path, dir, k->kid, META_SUFFIX) != 0)
    return sb_err_set(err, "path too long in %s", dir);
  char text[256];
  int n = snprintf(text, sizeof text,
                   "{\"kid\":\"%s\",\"alg\":\"%s\",\"created\":%lld,\"serial\":%lld}\n", k->kid,
                   k->alg, (long long)k->created, (long long)k->serial);
  if (n < 0 || (size_t)n >= sizeof text) return sb_err_set(err, "key metadata too long");
  return fs_write_file_atomic(path, text, (size_t)n, 0644, err);
}

/* Writes <kid>.pub.pem unless it already holds exactly the right text. */
static int write_pub(const char *dir, const struct keyring_key *k, struct sb_err *err) {
  char path[PATH_MAX_LEN];
  if (key_path(path, sizeof path, dir, k->kid, PUB_SUFFIX) != 0)
    return sb_err_set(err, "path too long in %s", dir);
  size_t len = 0;
  char *pem = pem_text(k->pkey, false, &len);
  if (pem == NULL) return sb_err_set(err, "cannot encode the public key %s", k->kid);
  size_t have_len = 0;
  char *have = fs_read_file(path, KEY_FILE_MAX, &have_len, NULL);
  int rc = 0;
  if (have == NULL || have_len != len || memcmp(have, pem, len) != 0)
    rc = fs_write_file_atomic(path, pem, len, 0644, err);
  free(have);
  free(pem);
  return rc;
}

static int write_private(const char *dir, const struct keyring_key *k, struct sb_err *err) {
  char path[PATH_MAX_LEN];
  if (key_path(path, sizeof path, dir, k->kid, KEY_SUFFIX) != 0)
    return sb_err_set(err, "path too long in %s", dir);
  size_t len = 0;
  char *pem = pem_text(k->pkey, true, &len);
  if (pem == NULL) return sb_err_set(err, "cannot encode the private key %s", k->kid);
  int rc = fs_write_file_atomic(path, pem, len, 0600, err);
  OPENSSL_cleanse(pem, len);
  free(pem);
  return rc;
}

/* Generates a key with the given serial and writes its files: metadata and public key
 * first, the private key last, so a key file on disk always has its metadata. */
static int generate_key(const char *dir, int64_t serial, struct keyring_key *k,
                        struct sb_err *err) {
  char why[256];
  memset(k, 0, sizeof *k);
  k->pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)KEYRING_RSA_BITS);
  if (k->pkey == NULL)
    return sb_err_set(err, "cannot generate an RSA key: %s", ossl_reason(why, sizeof why));
  memcpy(k->alg, ALG_RS256, sizeof ALG_RS256);
  k->created = clock_now();
  k->serial = serial;
  k->has_private = true;
  if (fill_public(k, true, err) != 0 || write_meta(dir, k, err) != 0 ||
      write_pub(dir, k, err) != 0 || write_private(dir, k, err) != 0) {
    key_clear(k);
    return -1;
  }
  return 0;
}

/* Password callback that refuses: an encrypted key file must fail, never prompt. */
static int no_password(char *buf, int size, int rwflag, void *u) {
  (void)buf;
  (void)size;
  (void)rwflag;
  (void)u;
  return -1;
}

/* Reads <kid>.json into k->created / k->serial; writes it when missing. */
static int load_meta(const char *dir, struct keyring_key *k, const struct stat *key_st,
                     struct sb_err *err) {
  char path[PATH_MAX_LEN];
  if (key_path(path, sizeof path, dir, k->kid, META_SUFFIX) != 0)
    return sb_err_set(err, "path too long in %s", dir);
  struct stat st;
  if (stat(path, &st) != 0) {
    if (errno != ENOENT) return sb_err_set(err, "cannot read %s: %s", path, strerror(errno));
    k->created = (int64_t)key_st->st_mtime;
    k->serial = 0;
    struct sb_err werr;
    if (write_meta(dir, k, &werr) != 0)
      log_warn("keyring: cannot write the metadata of key %s: %s", k->kid, werr.msg);
    return 0;
  }
  size_t len = 0;
  char *text = fs_read_file(path, META_FILE_MAX, &len, err);
  if (text == NULL) return -1;
  json_error_t jerr;
  json_t *meta = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
  free(text);
  int rc = -1;
  json_t *created = json_object_get(meta, "created");
  json_t *serial = json_object_get(meta, "serial");
  json_t *alg = json_object_get(meta, "alg");
  json_t *kid = json_object_get(meta, "kid");
  if (!json_is_object(meta) || !json_is_integer(created) || !json_is_integer(serial) ||
      json_integer_value(serial) < 0) {
    sb_err_set(err, "%s is not key metadata ({\"created\":<int>,\"serial\":<int>,...})", path);
  } else if (alg != NULL &&
             !(json_is_string(alg) && strcmp(json_string_value(alg), ALG_RS256) == 0)) {
    sb_err_set(err, "%s pins an algorithm other than RS256, the only one supported", path);
  } else if (kid != NULL && !(json_is_string(kid) && strcmp(json_string_value(kid), k->kid) == 0)) {
    sb_err_set(err, "%s names a different kid than its file name", path);
  } else {
    k->created = (int64_t)json_integer_value(created);
    k->serial = (int64_t)json_integer_value(serial);
    rc = 0;
  }
  json_decref(meta);
  return rc;
}

/* Loads dir/name (a "*.key.pem" file) into k. */
static int load_key(const char *dir, const char *name, struct keyring_key *k, struct sb_err *err) {
  char path[PATH_MAX_LEN];
  char why[256];
  memset(k, 0, sizeof *k);
  if (fs_join(path, sizeof path, dir, name) != 0)
    return sb_err_set(err, "path too long: %s/%s", dir, name);
  struct stat st;
  if (stat(path, &st) != 0) return sb_err_set(err, "cannot stat %s: %s", path, strerror(errno));
  if (!S_ISREG(st.st_mode)) return sb_err_set(err, "%s is not a regular file", path);
  if ((st.st_mode & 077) != 0)
    return sb_err_set(err, "%s can be accessed by group or others (mode %03o); chmod 600 it", path,
                      (unsigned)(st.st_mode & 0777));
  size_t len = 0;
  char *pem = fs_read_file(path, KEY_FILE_MAX, &len, err);
  if (pem == NULL) return -1;
  size_t skip = strspn(pem, " \t\r\n");
  if (strncmp(pem + skip, PKCS8_BEGIN, strlen(PKCS8_BEGIN)) != 0) {
    OPENSSL_cleanse(pem, len);
    free(pem);
    return sb_err_set(err, "%s is not an unencrypted PKCS#8 PEM private key (%s)", path,
                      PKCS8_BEGIN);
  }
  BIO *bio = BIO_new_mem_buf(pem, (int)len);
  if (bio != NULL) k->pkey = PEM_read_bio_PrivateKey(bio, NULL, no_password, NULL);
  BIO_free(bio);
  OPENSSL_cleanse(pem, len);
  free(pem);
  if (k->pkey == NULL)
    return sb_err_set(err, "cannot read the private key in %s: %s", path,
                      ossl_reason(why, sizeof why));
  memcpy(k->alg, ALG_RS256, sizeof ALG_RS256);
  k->has_private = true;
  if (check_rsa(k->pkey, path, err) != 0 || fill_public(k, true, err) != 0) goto fail;
  size_t stem = strlen(name) - strlen(KEY_SUFFIX);
  if (stem != strlen(k->kid) || memcmp(name, k->kid, stem) != 0) {
    sb_err_set(err, "%s holds the key whose kid is %s; rename it to %s%s", path, k->kid, k->kid,
               KEY_SUFFIX);
    goto fail;
  }
  if (load_meta(dir, k, &st, err) != 0) goto fail;
  struct sb_err werr;
  if (write_pub(dir, k, &werr) != 0)
    log_warn("keyring: cannot write the public key of %s: %s", k->kid, werr.msg);
  return 0;
fail:
  key_clear(k);
  return -1;
}

static int key_order(const void *a, const void *b) {
  const struct keyring_key *x = a, *y = b;
  if (x->serial != y->serial) return x->serial < y->serial ? -1 : 1;
  if (x->created != y->created) return x->created < y->created ? -1 : 1;
  return strcmp(x->kid, y->kid);
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n > m && memcmp(s + n - m, suffix, m) == 0;
}

static void keyset_free(struct keyset *ks) {
  if (ks == NULL) return;
  for (size_t i = 0; i < ks->n; i++)
    key_clear(&ks->keys[i]);
  free(ks->keys);
  free(ks);
}

void keyring_free(struct keyring *kr) {
  if (kr == NULL) return;
  keyset_free(atomic_load(&kr->cur));
  for (struct keyset *o = kr->old, *next; o != NULL; o = next) {
    next = o->next_old;
    keyset_free(o);
  }
  pthread_mutex_destroy(&kr->reload_lock);
  free(kr);
}

static struct keyring *keyring_new(struct sb_err *err) {
  struct keyring *kr = calloc(1, sizeof *kr);
  struct keyset *ks = calloc(1, sizeof *ks);
  if (ks != NULL) ks->keys = calloc(KEYRING_MAX_KEYS, sizeof *ks->keys);
  if (kr == NULL || ks == NULL || ks->keys == NULL) {
    if (ks != NULL) free(ks->keys);
    free(ks);
    free(kr);
    sb_err_set(err, "out of memory");
    return NULL;
  }
  atomic_init(&kr->cur, ks);
  pthread_mutex_init(&kr->reload_lock, NULL);
  return kr;
}

struct keyring *keyring_load(const char *dir, bool create, struct sb_err *err) {
  if (dir == NULL || dir[0] == '\0') {
    sb_err_set(err, "no key directory given");
    return NULL;
  }
  struct keyring *kr = keyring_new(err);
  if (kr == NULL) return NULL;
  int n = snprintf(kr->dir, sizeof kr->dir, "%s", dir);
  if (n < 0 || (size_t)n >= sizeof kr->dir) {
    sb_err_set(err, "key directory path too long");
    keyring_free(kr);
    return NULL;
  }
  struct keyset *ks = cur_set(kr);
  /* The mtime is taken before reading, so a change made while we read is seen again. */
  struct stat dst;
  if (stat(dir, &dst) == 0) note_mtime(kr, &dst);
  DIR *d = opendir(dir);
  if (d == NULL && !(errno == ENOENT && create)) {
    sb_err_set(err, "cannot open the key directory %s: %s", dir, strerror(errno));
    goto fail;
  }
  if (d != NULL) {
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
      if (!ends_with(de->d_name, KEY_SUFFIX)) continue;
      if (ks->n == KEYRING_MAX_KEYS) {
        sb_err_set(err, "%s holds more than %d keys", dir, KEYRING_MAX_KEYS);
        goto fail;
      }
      if (load_key(dir, de->d_name, &ks->keys[ks->n], err) != 0) goto fail;
      ks->n++;
    }
    closedir(d);
    d = NULL;
  }
  if (ks->n == 0) {
    if (!create) {
      sb_err_set(err, "no signing key (<kid>%s) in %s", KEY_SUFFIX, dir);
      goto fail;
    }
    if (fs_mkdirs(dir, 0700, err) != 0 || generate_key(dir, 1, &ks->keys[0], err) != 0) goto fail;
    ks->n = 1;
    if (stat(dir, &dst) == 0) note_mtime(kr, &dst);
  }
  qsort(ks->keys, ks->n, sizeof *ks->keys, key_order);
  return kr;
fail:
  if (d != NULL) closedir(d);
  keyring_free(kr);
  return NULL;
}

int keyring_rotate(struct keyring *kr, const char *dir, struct sb_err *err) {
  if (kr == NULL || dir == NULL) return sb_err_set(err, "no keyring or key directory given");
  struct keyset *ks = cur_set(kr);
  if (ks->n >= KEYRING_MAX_KEYS)
    return sb_err_set(err, "the keyring already holds %d keys; remove old ones first",
                      KEYRING_MAX_KEYS);
  int64_t serial = 0;
  for (size_t i = 0; i < ks->n; i++)
    if (ks->keys[i].serial > serial) serial = ks->keys[i].serial;
  struct keyring_key k;
  if (generate_key(dir, serial + 1, &k, err) != 0) return -1;
  ks->keys[ks->n++] = k;
  qsort(ks->keys, ks->n, sizeof *ks->keys, key_order);
  return 0;
}

void keyring_set_retirement(struct keyring *kr, int64_t token_ttl, int64_t leeway) {
  if (kr == NULL) return;
  kr->token_ttl = token_ttl > 0 ? token_ttl : 0;
  kr->leeway = leeway > 0 ? leeway : 0;
}

int64_t keyring_retire_time(int64_t successor_created, int64_t token_ttl, int64_t leeway) {
  if (token_ttl < 0) token_ttl = 0;
  if (leeway < 0) leeway = 0;
  return successor_created + KEYRING_PICKUP_S + token_ttl + leeway;
}

/* State of key i of snapshot ks (oldest first) at now under kr's policy. */
static enum keyring_state state_in(const struct keyring *kr, const struct keyset *ks, size_t i,
                                   int64_t now) {
  if (i + 1 >= ks->n) return KEYRING_SIGNING;
  if (kr->token_ttl <= 0) return KEYRING_PUBLISHED;
  int64_t at = keyring_retire_time(ks->keys[i + 1].created, kr->token_ttl, kr->leeway);
  return now >= at ? KEYRING_RETIRED : KEYRING_PUBLISHED;
}

enum keyring_state keyring_key_state(const struct keyring *kr, size_t i, int64_t now) {
  const struct keyset *ks = cur_set(kr);
  if (i >= ks->n) return KEYRING_RETIRED;
  return state_in(kr, ks, i, now);
}

int64_t keyring_key_retires_at(const struct keyring *kr, size_t i) {
  const struct keyset *ks = cur_set(kr);
  if (kr->token_ttl <= 0 || i + 1 >= ks->n) return 0;
  return keyring_retire_time(ks->keys[i + 1].created, kr->token_ttl, kr->leeway);
}

const char *keyring_state_name(enum keyring_state st) {
  switch (st) {
  case KEYRING_SIGNING:
    return "signing";
  case KEYRING_PUBLISHED:
    return "published";
  case KEYRING_RETIRED:
    return "retired";
  }
  return "unknown";
}

/* Removes one of the key's files; a file already gone is fine. */
static int remove_key_file(const char *dir, const char *kid, const char *suffix,
                           struct sb_err *err) {
  char path[PATH_MAX_LEN];
  if (key_path(path, sizeof path, dir, kid, suffix) != 0)
    return sb_err_set(err, "path too long in %s", dir);
  if (unlink(path) != 0 && errno != ENOENT)
    return sb_err_set(err, "cannot remove %s: %s", path, strerror(errno));
  return 0;
}

int keyring_prune(struct keyring *kr, const char *dir, int64_t now,
                  char (*removed)[KEYRING_KID_SIZE], size_t max_removed, size_t *nremoved,
                  struct sb_err *err) {
  if (nremoved != NULL) *nremoved = 0;
  if (kr == NULL || dir == NULL) return sb_err_set(err, "no keyring or key directory given");
  struct keyset *ks = cur_set(kr);
  size_t keep = 0, gone = 0;
  int rc = 0;
  size_t n = ks->n;
  for (size_t i = 0; i < n; i++) {
    struct keyring_key *k = &ks->keys[i];
    bool retire = rc == 0 && state_in(kr, ks, i, now) == KEYRING_RETIRED;
    /* The private key goes first: once it is gone the key can never sign again. */
    if (retire && (remove_key_file(dir, k->kid, KEY_SUFFIX, err) != 0 ||
                   remove_key_file(dir, k->kid, META_SUFFIX, err) != 0 ||
                   remove_key_file(dir, k->kid, PUB_SUFFIX, err) != 0)) {
      rc = -1;
      retire = false;
    }
    if (retire) {
      size_t kl = strnlen(k->kid, KEYRING_KID_LEN);
      if (removed != NULL && gone < max_removed) {
        memcpy(removed[gone], k->kid, kl);
        removed[gone][kl] = '\0';
      }
      gone++;
      key_clear(k);
    } else {
      if (keep != i) {
        ks->keys[keep] = *k;
        memset(k, 0, sizeof *k);
      }
      keep++;
    }
  }
  ks->n = keep;
  if (nremoved != NULL) *nremoved = gone;
  return rc;
}

int keyring_reload(struct keyring *kr, struct sb_err *err) {
  if (kr == NULL || kr->dir[0] == '\0') return sb_err_set(err, "the keyring has no directory");
  pthread_mutex_lock(&kr->reload_lock);
  int rc = 0;
  /* Free the snapshots whose grace has passed (the list is newest first). */
  int64_t mono = mono_seconds();
  for (struct keyset **pp = &kr->old; *pp != NULL;) {
    if (mono - (*pp)->replaced_at >= KEYRING_GRACE_S) {
      struct keyset *o = *pp;
      *pp = NULL;
      while (o != NULL) {
        struct keyset *next = o->next_old;
        keyset_free(o);
        o = next;
      }
      break;
    }
    pp = &(*pp)->next_old;
  }
  struct stat st;
  if (stat(kr->dir, &st) != 0) {
    rc = sb_err_set(err, "cannot stat the key directory %s: %s", kr->dir, strerror(errno));
    goto done;
  }
  if (!kr->recheck && st.st_mtim.tv_sec == kr->dir_mtime.tv_sec &&
      st.st_mtim.tv_nsec == kr->dir_mtime.tv_nsec)
    goto done;
  struct keyring *fresh = keyring_load(kr->dir, false, err);
  if (fresh == NULL) {
    rc = -1; /* keep the current keys; the next call tries again */
    goto done;
  }
  kr->dir_mtime = fresh->dir_mtime;
  kr->recheck = fresh->recheck;
  if (same_keys(fresh->cur, cur_set(kr))) {
    keyring_free(fresh); /* nothing changed: keep the snapshot readers already use */
    goto done;
  }
  struct keyset *ks = atomic_exchange_explicit(&fresh->cur, NULL, memory_order_relaxed);
  keyring_free(fresh);
  struct keyset *was = atomic_exchange_explicit(&kr->cur, ks, memory_order_acq_rel);
  was->replaced_at = mono;
  was->next_old = kr->old;
  kr->old = was;
  rc = 1;
done:
  pthread_mutex_unlock(&kr->reload_lock);
  return rc;
}

struct keyring *keyring_from_public_jwk(const char *kid, const char *n_b64url, const char *e_b64url,
                                        struct sb_err *err) {
  if (kid == NULL || n_b64url == NULL || e_b64url == NULL) {
    sb_err_set(err, "kid, n and e are required");
    return NULL;
  }
  size_t kid_len = strlen(kid);
  if (kid_len == 0 || kid_len > KID_MAX) {
    sb_err_set(err, "a kid must have 1 to %d characters", KID_MAX);
    return NULL;
  }
  for (size_t i = 0; i < kid_len; i++) {
    if (kid[i] < 0x21 || kid[i] > 0x7e) {
      sb_err_set(err, "a kid must be printable ASCII without spaces");
      return NULL;
    }
  }
  unsigned char nb[N_MAX_BYTES], eb[E_MAX_BYTES];
  long nlen = b64url_decode(n_b64url, strlen(n_b64url), nb, sizeof nb);
  long elen = b64url_decode(e_b64url, strlen(e_b64url), eb, sizeof eb);
  if (nlen <= 0 || elen <= 0 || nb[0] == 0 || eb[0] == 0) {
    sb_err_set(err,
               "n and e must be base64url big-endian integers without leading zeros "
               "(n at most %d bytes, e at most %d)",
               N_MAX_BYTES, E_MAX_BYTES);
    return NULL;
  }
  struct keyring *kr = keyring_new(err);
  if (kr == NULL) return NULL;
  struct keyset *ks = cur_set(kr);
  struct keyring_key *k = &ks->keys[0];
  ks->n = 1; /* so that keyring_free releases whatever k holds on failure */
  BIGNUM *n = BN_bin2bn(nb, (int)nlen, NULL);
  BIGNUM *e = BN_bin2bn(eb, (int)elen, NULL);
  OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM *params = NULL;
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
  if (n == NULL || e == NULL || bld == NULL || ctx == NULL ||
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) != 1 ||
      (params = OSSL_PARAM_BLD_to_param(bld)) == NULL || EVP_PKEY_fromdata_init(ctx) != 1 ||
      EVP_PKEY_fromdata(ctx, &k->pkey, EVP_PKEY_PUBLIC_KEY, params) != 1) {
    char why[256];
    sb_err_set(err, "cannot build an RSA key from n and e: %s", ossl_reason(why, sizeof why));
    goto fail;
  }
  memcpy(k->kid, kid, kid_len + 1);
  memcpy(k->alg, ALG_RS256, sizeof ALG_RS256);
  if (check_rsa(k->pkey, "the JWK", err) != 0 || fill_public(k, false, err) != 0) goto fail;
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  EVP_PKEY_CTX_free(ctx);
  BN_free(n);
  BN_free(e);
  return kr;
fail:
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  EVP_PKEY_CTX_free(ctx);
  BN_free(n);
  BN_free(e);
  keyring_free(kr);
  return NULL;
}

size_t keyring_count(const struct keyring *kr) {
  return kr ? cur_set(kr)->n : 0;
}

const struct keyring_key *keyring_signing_key(const struct keyring *kr) {
  if (kr == NULL) return NULL;
  const struct keyset *ks = cur_set(kr);
  return ks->n > 0 ? &ks->keys[ks->n - 1] : NULL;
}

const char *keyring_signing_kid(const struct keyring *kr) {
  const struct keyring_key *k = keyring_signing_key(kr);
  return k ? k->kid : NULL;
}

const struct keyring_key *keyring_find(const struct keyring *kr, const char *kid, size_t len) {
  if (kr == NULL || kid == NULL) return NULL;
  const struct keyset *ks = cur_set(kr);
  int64_t now = kr->token_ttl > 0 ? clock_now() : 0;
  for (size_t i = 0; i < ks->n; i++) {
    const struct keyring_key *k = &ks->keys[i];
    if (strlen(k->kid) == len && memcmp(k->kid, kid, len) == 0)
      return state_in(kr, ks, i, now) == KEYRING_RETIRED ? NULL : k;
  }
  return NULL;
}

const struct keyring_key *keyring_key_at(const struct keyring *kr, size_t i) {
  if (kr == NULL) return NULL;
  const struct keyset *ks = cur_set(kr);
  return i < ks->n ? &ks->keys[i] : NULL;
}

const char *keyring_key_kid(const struct keyring_key *k) {
  return k->kid;
}

const char *keyring_key_alg(const struct keyring_key *k) {
  return k->alg;
}

int64_t keyring_key_created(const struct keyring_key *k) {
  return k->created;
}

bool keyring_key_has_private(const struct keyring_key *k) {
  return k->has_private;
}

EVP_PKEY *keyring_key_pkey(const struct keyring_key *k) {
  return k->pkey;
}

char *keyring_jwks_json(const struct keyring *kr) {
  if (kr == NULL) return NULL;
  json_t *keys = json_array();
  json_t *set = json_pack("{s:o}", "keys", keys);
  if (set == NULL) return NULL;
  const struct keyset *ks = cur_set(kr);
  int64_t now = kr->token_ttl > 0 ? clock_now() : 0;
  for (size_t i = ks->n; i-- > 0;) {
    const struct keyring_key *k = &ks->keys[i];
    if (state_in(kr, ks, i, now) == KEYRING_RETIRED) continue;
    json_t *jwk = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}", "kty", "RSA", "kid", k->kid, "use", "sig",
                            "alg", k->alg, "n", k->n_b64, "e", k->e_b64);
    if (json_array_append_new(keys, jwk) != 0) {
      json_decref(set);
      return NULL;
    }
  }
  char *text = json_dumps(set, JSON_COMPACT);
  json_decref(set);
  return text;
}
