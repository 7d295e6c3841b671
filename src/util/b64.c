/* b64.c - see b64.h. */
#include "util/b64.h"

#include <stdint.h>

static const char STD[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char URL[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static long encode(const char *alpha, int pad, const unsigned char *in, size_t n, char *out,
                   size_t outsz) {
  size_t need = pad ? (n + 2) / 3 * 4 : n / 3 * 4 + (n % 3 ? n % 3 + 1 : 0);
  if (outsz < need + 1) return -1;
  size_t o = 0, i = 0;
  for (; i + 3 <= n; i += 3) {
    uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
    out[o++] = alpha[v >> 18 & 63];
    out[o++] = alpha[v >> 12 & 63];
    out[o++] = alpha[v >> 6 & 63];
    out[o++] = alpha[v & 63];
  }
  if (n - i == 1) {
    uint32_t v = (uint32_t)in[i] << 16;
    out[o++] = alpha[v >> 18 & 63];
    out[o++] = alpha[v >> 12 & 63];
    if (pad) {
      out[o++] = '=';
      out[o++] = '=';
    }
  } else if (n - i == 2) {
    uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8;
    out[o++] = alpha[v >> 18 & 63];
    out[o++] = alpha[v >> 12 & 63];
    out[o++] = alpha[v >> 6 & 63];
    if (pad) out[o++] = '=';
  }
  out[o] = '\0';
  return (long)o;
}

static int value(char c, int url) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == (url ? '-' : '+')) return 62;
  if (c == (url ? '_' : '/')) return 63;
  return -1;
}

/* Decodes len characters with no padding; rejects a 1-char tail and non-zero spare bits. */
static long decode(const char *s, size_t len, int url, unsigned char *out, size_t outsz) {
  if (len % 4 == 1) return -1;
  size_t need = len / 4 * 3 + (len % 4 ? len % 4 - 1 : 0);
  if (need > outsz) return -1;
  size_t o = 0;
  uint32_t acc = 0;
  int bits = 0;
  for (size_t i = 0; i < len; i++) {
    int v = value(s[i], url);
    if (v < 0) return -1;
    acc = acc << 6 | (uint32_t)v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (unsigned char)(acc >> bits & 0xff);
    }
  }
  if (bits && (acc & ((1u << bits) - 1))) return -1;
  return (long)o;
}

long b64url_encode(const unsigned char *in, size_t n, char *out, size_t outsz) {
  return encode(URL, 0, in, n, out, outsz);
}

long b64_encode(const unsigned char *in, size_t n, char *out, size_t outsz) {
  return encode(STD, 1, in, n, out, outsz);
}

long b64url_decode(const char *s, size_t len, unsigned char *out, size_t outsz) {
  return decode(s, len, 1, out, outsz);
}

long b64_decode(const char *s, size_t len, unsigned char *out, size_t outsz) {
  if (len % 4 != 0) return -1;
  size_t pad = 0;
  if (len >= 1 && s[len - 1] == '=') pad++;
  if (len >= 2 && s[len - 2] == '=') pad++;
  return decode(s, len - pad, 0, out, outsz);
}
