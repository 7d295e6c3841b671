/* log.h - structured logs as JSON lines.
 *
 * Application messages go to stderr as {"ts":..,"level":..,"msg":..}; the access log
 * (one line per HTTP request) goes to the stream set by log_set_access. While a thread
 * works on an HTTP request (log_set_request), its application lines also carry
 * "request_id", the id of the access-log line and the X-Request-Id header. Both are
 * thread-safe (one write(2) per line). Never pass secrets (tokens, api_tokens) in. */
#ifndef SB_UTIL_LOG_H
#define SB_UTIL_LOG_H

#include <stdio.h>

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The request the calling thread works on (NULL: none). The string is borrowed: it
 * must stay valid until the thread sets another. */
void log_set_request(const char *id);
/* Silences info lines (tests and CLI commands that print JSON). */
void log_set_quiet(int quiet);
/* Where access-log lines go: a file descriptor, or -1 for none. */
void log_set_access_fd(int fd);
/* True when access-log lines go anywhere (callers skip building them otherwise). */
int log_access_enabled(void);
/* Writes one complete line (a JSON object without its newline) to the access log. */
void log_access_line(const char *json);

#endif
