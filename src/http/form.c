/* form.c - see form.h. */
#include "http/form.h"

#include <stdbool.h>
#include <string.h>

#define FORM_MAX_FIELDS 64
#define FORM_NAME_MAX 128

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

long form_decode(const char *in, size_t len, char *out, size_t cap, struct sb_err *err) {
  if (cap == 0) return sb_err_set(err, "form: no room for the value");
  size_t o = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)in[i];
    if (c == '+') {
      c = ' ';
    } else if (c == '%') {
      if (len - i < 3) return sb_err_set(err, "form: truncated %% escape");
      int hi = hexval(in[i + 1]), lo = hexval(in[i + 2]);
      if (hi < 0 || lo < 0) return sb_err_set(err, "form: bad %% escape");
      c = (unsigned char)(hi * 16 + lo);
      if (c == 0) return sb_err_set(err, "form: encoded NUL byte");
      i += 2;
    } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
      return sb_err_set(err, "form: raw control byte 0x%02x", c);
    }
    if (o + 1 >= cap) return sb_err_set(err, "form: value longer than %zu bytes", cap - 1);
    out[o++] = (char)c;
  }
  out[o] = '\0';
  return (long)o;
}

/* Walks the fields; calls visit for each decoded name with the raw value. Returns the
 * field count or -1. */
struct field_visit {
  const char *want;
  const char *raw;
  size_t rawlen;
  int found;
};

static long walk(const char *body, size_t len, struct field_visit *v, struct sb_err *err) {
  char names[FORM_MAX_FIELDS][FORM_NAME_MAX];
  size_t n = 0;
  size_t i = 0;
  if (len == 0) return 0;
  while (i <= len) {
    const char *p = body + i;
    const char *amp = memchr(p, '&', len - i);
    size_t plen = amp ? (size_t)(amp - p) : len - i;
    if (plen > 0) {
      const char *eq = memchr(p, '=', plen);
      size_t nlen = eq ? (size_t)(eq - p) : plen;
      if (n == FORM_MAX_FIELDS)
        return sb_err_set(err, "form: more than %d fields", FORM_MAX_FIELDS);
      if (form_decode(p, nlen, names[n], sizeof names[n], err) < 0) return -1;
      if (names[n][0] == '\0') return sb_err_set(err, "form: a field without a name");
      for (size_t k = 0; k < n; k++)
        if (strcmp(names[k], names[n]) == 0)
          return sb_err_set(err, "form: field '%s' given twice", names[n]);
      const char *val = eq ? eq + 1 : p + plen;
      size_t vlen = eq ? plen - nlen - 1 : 0;
      /* Validate the value's encoding without keeping it: decode chunk by chunk. */
      char scratch[256];
      size_t off = 0;
      while (off < vlen) {
        size_t take = vlen - off > 192 ? 192 : vlen - off;
        /* do not split an escape */
        for (size_t b = 1; b <= 2 && take < vlen - off; b++)
          if (val[off + take - b] == '%') {
            take = take - b;
            break;
          }
        if (take == 0) take = vlen - off < 3 ? vlen - off : 3;
        if (form_decode(val + off, take, scratch, sizeof scratch, err) < 0) return -1;
        off += take;
      }
      if (v && strcmp(names[n], v->want) == 0) {
        v->raw = val;
        v->rawlen = vlen;
        v->found = 1;
      }
      n++;
    }
    if (amp == NULL) break;
    i += plen + 1;
  }
  return (long)n;
}

long form_validate(const char *body, size_t len, struct sb_err *err) {
  return walk(body, len, NULL, err);
}

int form_field(const char *body, size_t len, const char *name, char *out, size_t cap,
               struct sb_err *err) {
  struct field_visit v = {name, NULL, 0, 0};
  if (walk(body, len, &v, err) < 0) return -1;
  if (!v.found) {
    if (cap) out[0] = '\0';
    return 0;
  }
  return form_decode(v.raw, v.rawlen, out, cap, err) < 0 ? -1 : 1;
}
