/* log.c - see log.h. */
#include "util/log.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/clock.h"

static int quiet;
static int access_fd = -1;
static _Thread_local const char *current_request;

void log_set_request(const char *id) {
  current_request = id;
}

void log_set_quiet(int q) {
  quiet = q;
}

void log_set_access_fd(int fd) {
  access_fd = fd;
}

static void write_all(int fd, const char *p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w <= 0) return;
    p += w;
    n -= (size_t)w;
  }
}

/* format attribute: fmt is the caller's checked printf format (clang's -Wformat=2 needs it) */
__attribute__((format(printf, 2, 0))) static void emit(const char *level, const char *fmt,
                                                       va_list ap) {
  char msg[1024];
  vsnprintf(msg, sizeof msg, fmt, ap);
  char ts[32];
  clock_format_iso(clock_now(), ts, sizeof ts);
  json_t *o = json_pack("{s:s, s:s, s:s}", "ts", ts, "level", level, "msg", msg);
  if (o && current_request) json_object_set_new(o, "request_id", json_string(current_request));
  char *line = o ? json_dumps(o, JSON_COMPACT) : NULL;
  if (line) {
    size_t n = strlen(line);
    char *full = malloc(n + 2);
    if (full) {
      memcpy(full, line, n);
      full[n] = '\n';
      write_all(2, full, n + 1);
      free(full);
    }
    free(line);
  }
  json_decref(o);
}

void log_info(const char *fmt, ...) {
  if (quiet) return;
  va_list ap;
  va_start(ap, fmt);
  emit("info", fmt, ap);
  va_end(ap);
}

void log_warn(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  emit("warn", fmt, ap);
  va_end(ap);
}

void log_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  emit("error", fmt, ap);
  va_end(ap);
}

int log_access_enabled(void) {
  return access_fd >= 0;
}

void log_access_line(const char *json) {
  if (access_fd < 0) return;
  struct buf b;
  buf_init(&b, 1 << 16);
  if (buf_puts(&b, json) == 0 && buf_putc(&b, '\n') == 0) write_all(access_fd, b.data, b.len);
  buf_free(&b);
}
