/* test_blob.c - the local content-addressed blob store (src/blob/blob.h): files and
 * streamed writes land at the same address for the same content, once. */
#include "testutil.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "blob/blob.h"

/* SHA-256 of "hello world\n" */
#define HELLO_SHA "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447"

static char dir[64];

static int setup(void **state) {
  (void)state;
  snprintf(dir, sizeof dir, "/tmp/sb-test-blob-XXXXXX");
  assert_non_null(mkdtemp(dir));
  return 0;
}

static int teardown(void **state) {
  (void)state;
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  return system(cmd) == 0 ? 0 : -1;
}

static int count_tmp(void) {
  char p[128];
  snprintf(p, sizeof p, "%s/blobs/tmp", dir);
  DIR *d = opendir(p);
  if (d == NULL) return 0;
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) != NULL)
    if (e->d_name[0] != '.') n++;
  closedir(d);
  return n;
}

static void test_file_and_stream_agree(void **state) {
  (void)state;
  struct sb_err err = {{0}};
  char bdir[96], src[96];
  snprintf(bdir, sizeof bdir, "%s/blobs", dir);
  snprintf(src, sizeof src, "%s/hello.txt", dir);
  FILE *f = fopen(src, "w");
  assert_non_null(f);
  fputs("hello world\n", f);
  fclose(f);
  struct blob_store *b = blob_open(bdir, &err);
  assert_non_null(b);
  char sha[65];
  int64_t size;
  assert_int_equal(blob_put_file(b, src, sha, &size, &err), 0);
  assert_string_equal(sha, HELLO_SHA);
  assert_int_equal(size, 12);

  /* the same bytes in pieces: same address, stored once */
  struct blob_writer *w = blob_writer_new(b, &err);
  assert_non_null(w);
  assert_int_equal(blob_writer_write(w, "hello ", 6, &err), 0);
  assert_int_equal(blob_writer_write(w, "", 0, &err), 0);
  assert_int_equal(blob_writer_write(w, "world\n", 6, &err), 0);
  char sha2[65];
  int64_t size2;
  assert_int_equal(blob_writer_commit(w, sha2, &size2, &err), 0);
  assert_string_equal(sha2, HELLO_SHA);
  assert_int_equal(size2, 12);
  assert_int_equal(count_tmp(), 0);

  int64_t got;
  int fd = blob_open_read(b, HELLO_SHA, &got, &err);
  assert_true(fd >= 0);
  char buf[32];
  assert_int_equal(read(fd, buf, sizeof buf), 12);
  assert_memory_equal(buf, "hello world\n", 12);
  close(fd);

  /* an aborted write leaves nothing behind */
  w = blob_writer_new(b, &err);
  assert_non_null(w);
  assert_int_equal(blob_writer_write(w, "partial", 7, &err), 0);
  assert_int_equal(count_tmp(), 1);
  blob_writer_abort(w);
  assert_int_equal(count_tmp(), 0);

  /* unknown or malformed addresses */
  assert_true(blob_open_read(b, "0000000000000000000000000000000000000000000000000000000000000000",
                             &got, &err) < 0);
  assert_true(blob_open_read(b, "../../etc/passwd", &got, &err) < 0);
  assert_int_equal(blob_sync(b, &err), 0);
  blob_close(b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_file_and_stream_agree, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
