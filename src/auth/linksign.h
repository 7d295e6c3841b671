/* linksign.h - signed, expiring, opaque links to score report files.
 *
 * The API hands out 30-minute links to report files. A link token carries only a
 * report id and an expiry time, authenticated with HMAC-SHA256 under a 32-byte
 * per-deployment key; it holds no SSID, name or other student data. The report id and
 * expiry are readable by whoever holds the token (they are authenticated, not
 * encrypted).
 *
 * Token (version 1): base64url without padding of 49 bytes
 *   version (1 byte, 0x01) | report_id (8 bytes, big-endian two's complement)
 *   | expires_at (8 bytes, big-endian, unix seconds)
 *   | HMAC-SHA256(key, "scorebridge-link" | the 17 bytes before the MAC) (32 bytes)
 * which is LINKSIGN_TOKEN_LEN (66) characters. A new layout gets a new version byte.
 *
 * All buffers are the caller's. The functions keep no state and are thread-safe. */
#ifndef SB_AUTH_LINKSIGN_H
#define SB_AUTH_LINKSIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define LINKSIGN_KEY_LEN 32
/* Characters in a version-1 token, and the buffer size linksign_make needs. */
#define LINKSIGN_TOKEN_LEN 66
#define LINKSIGN_TOKEN_SIZE (LINKSIGN_TOKEN_LEN + 1)

enum link_status {
  LINK_OK,            /* authentic and not expired */
  LINK_MALFORMED,     /* wrong length, not base64url, unknown version */
  LINK_BAD_SIGNATURE, /* the MAC does not match: forged, altered or another key */
  LINK_EXPIRED        /* authentic but now >= expires_at */
};

/* Reads the 32-byte key file at path into key. When the file does not exist and create
 * is true, creates its directory (0700) when missing and the file (mode 0600) with 32
 * random bytes; if another process creates it first, that file is used. Fails when the
 * file is not exactly 32 bytes, is not a regular file, or group or others can access it.
 * Returns 0, or -1 with err set (key is then zeroed). */
int linkkey_load(const char *path, bool create, unsigned char key[LINKSIGN_KEY_LEN],
                 struct sb_err *err);

/* Writes the token for (report_id, expires_at) into out (NUL-terminated; outsz must be
 * at least LINKSIGN_TOKEN_SIZE). Returns 0, or -1 when out is too small or libsodium
 * cannot start. */
int linksign_make(const unsigned char key[LINKSIGN_KEY_LEN], int64_t report_id, int64_t expires_at,
                  char *out, size_t outsz);

/* Checks token[0..len): shape and version, then the MAC (constant-time comparison), then
 * expiry (LINK_EXPIRED when now >= expires_at). On LINK_OK and LINK_EXPIRED sets
 * *report_id and *expires_at (either pointer may be NULL) to the authenticated values;
 * otherwise sets them to 0. */
enum link_status linksign_check(const unsigned char key[LINKSIGN_KEY_LEN], const char *token,
                                size_t len, int64_t now, int64_t *report_id, int64_t *expires_at);

/* A short English name for a status, for logs ("ok", "malformed", ...). */
const char *link_status_name(enum link_status s);

#endif
