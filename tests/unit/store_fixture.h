/* store_fixture.h - the cmocka fixture the store tests share: a new SQLite store in a
 * temporary directory (f->path is its database file), closed and removed with every file
 * the store made there (database, WAL, disclosure trail) after each test. */
#ifndef SB_TESTS_STORE_FIXTURE_H
#define SB_TESTS_STORE_FIXTURE_H

#include "testutil.h"

#include <dirent.h>
#include <unistd.h>

#include "store/store.h"

struct fixture {
  char dir[64];
  char path[96];
  struct store *s; /* NULL when a test closed it */
};

static int store_fixture_setup(void **state) {
  struct fixture *f = calloc(1, sizeof *f);
  assert_non_null(f);
  snprintf(f->dir, sizeof f->dir, "/tmp/sb-test-store-XXXXXX");
  assert_non_null(mkdtemp(f->dir));
  snprintf(f->path, sizeof f->path, "%s/sb.db", f->dir);
  struct sb_err err = {{0}};
  f->s = store_open(f->path, &err);
  if (f->s == NULL) fail_msg("store_open: %s", err.msg);
  *state = f;
  return 0;
}

static int store_fixture_teardown(void **state) {
  struct fixture *f = *state;
  store_close(f->s);
  DIR *d = opendir(f->dir);
  if (d) {
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
      if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
      char p[512];
      snprintf(p, sizeof p, "%s/%s", f->dir, e->d_name);
      unlink(p);
    }
    closedir(d);
  }
  rmdir(f->dir);
  free(f);
  return 0;
}

#endif
