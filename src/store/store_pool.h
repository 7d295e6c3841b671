/* store_pool.h - one store connection per thread, opened on first use.
 *
 * The HTTP server's worker threads each need their own database connection (SQLite
 * connections are not shared between threads, c-stack.md §4.2). store_pool_get returns
 * the calling thread's connection, opening it the first time. store_pool_free closes
 * every connection the pool opened; call it after the threads have stopped. */
#ifndef SB_STORE_STORE_POOL_H
#define SB_STORE_STORE_POOL_H

#include "store/store.h"

struct store_pool;

struct store_pool *store_pool_new(const char *path, struct sb_err *err);
/* The calling thread's connection, or NULL with err. Owned by the pool. */
struct store *store_pool_get(struct store_pool *p, struct sb_err *err);
void store_pool_free(struct store_pool *p);

#endif
