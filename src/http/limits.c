/* limits.c - see limits.h. */
#include "http/limits.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* --- the pure pieces --- */

/* One GCRA step from tat: the new tat, or -1 with *retry_secs. */
static int64_t gcra_step(int64_t tat, double rate, unsigned burst, int64_t now_ns,
                         unsigned *retry_secs) {
  int64_t t = (int64_t)(1e9 / rate); /* ns per request */
  if (t < 1) t = 1;
  int64_t allow = t * (int64_t)((burst ? burst : 1) - 1); /* how far ahead tat may run */
  int64_t base = tat > now_ns ? tat : now_ns;
  if (base - now_ns > allow) {
    int64_t wait = base - now_ns - allow;
    int64_t s = (wait + 999999999) / 1000000000;
    *retry_secs = s < 1 ? 1 : s > UINT32_MAX ? UINT32_MAX : (unsigned)s;
    return -1;
  }
  return base + t;
}

bool tbucket_take(struct tbucket *b, double rate, unsigned burst, int64_t now_ns,
                  unsigned *retry_secs) {
  if (rate <= 0) return true;
  int64_t next = gcra_step(b->tat, rate, burst, now_ns, retry_secs);
  if (next < 0) return false;
  b->tat = next;
  return true;
}

static unsigned delay_for(const struct backoff *b, const struct backoff_policy *p) {
  unsigned over = b->failures - p->free_failures; /* >= 0 by the caller */
  unsigned d = over >= 31 ? p->max_delay_secs : 1u << over;
  return d > p->max_delay_secs ? p->max_delay_secs : d;
}

static unsigned secs_until(int64_t now_ns, int64_t when_ns) {
  if (when_ns <= now_ns) return 0;
  int64_t d = when_ns - now_ns;
  return (unsigned)((d + 999999999) / 1000000000);
}

bool backoff_check(struct backoff *b, const struct backoff_policy *p, int64_t now_ns,
                   unsigned *retry_secs) {
  if (b->failures == 0) return true;
  int64_t lock_ns = (int64_t)p->lock_secs * 1000000000;
  if (now_ns - b->last_ns >= lock_ns) { /* long enough ago: forgotten */
    b->failures = 0;
    return true;
  }
  if (p->lock_failures && b->failures >= p->lock_failures) {
    *retry_secs = secs_until(now_ns, b->last_ns + lock_ns);
    if (*retry_secs == 0) *retry_secs = 1;
    return false;
  }
  if (b->failures < p->free_failures) return true;
  int64_t ready = b->last_ns + (int64_t)delay_for(b, p) * 1000000000;
  if (now_ns >= ready) return true;
  *retry_secs = secs_until(now_ns, ready);
  return false;
}

void backoff_fail(struct backoff *b, int64_t now_ns) {
  if (b->failures < UINT32_MAX) b->failures++;
  b->last_ns = now_ns;
}

bool live_tokens_issue(struct live_tokens *t, unsigned cap, int64_t now, int64_t exp,
                       unsigned *retry_secs) {
  unsigned k = 0;
  int64_t oldest = INT64_MAX;
  for (unsigned i = 0; i < t->n; i++) {
    if (t->exp[i] <= now) continue;
    if (t->exp[i] < oldest) oldest = t->exp[i];
    t->exp[k++] = t->exp[i];
  }
  t->n = k;
  if (cap == 0) return true;
  if (cap > LIMITS_MAX_LIVE) cap = LIMITS_MAX_LIVE;
  if (t->n >= cap) {
    int64_t wait = oldest - now;
    *retry_secs = wait < 1 ? 1 : wait > UINT32_MAX ? UINT32_MAX : (unsigned)wait;
    return false;
  }
  t->exp[t->n++] = exp;
  return true;
}

/* --- the tables: set-associative, sharded by set --- */

#define WAYS 8
#define SHARDS 64

struct slot_head {
  uint64_t key; /* 0 = empty */
  uint64_t stamp;
};

struct table {
  size_t slot_size; /* head + payload */
  size_t nsets;     /* a multiple of SHARDS */
  unsigned char *slots;
  pthread_mutex_t lock[SHARDS];
  uint64_t clock[SHARDS];
};

static int table_init(struct table *t, size_t payload, size_t min_slots) {
  t->slot_size = (sizeof(struct slot_head) + payload + 15) & ~(size_t)15;
  t->nsets = (min_slots / WAYS + SHARDS - 1) / SHARDS * SHARDS;
  if (t->nsets == 0) t->nsets = SHARDS;
  t->slots = calloc(t->nsets * WAYS, t->slot_size);
  if (t->slots == NULL) return -1;
  for (size_t i = 0; i < SHARDS; i++) {
    pthread_mutex_init(&t->lock[i], NULL);
    t->clock[i] = 0;
  }
  return 0;
}

static void table_free(struct table *t) {
  if (t->slots == NULL) return;
  for (size_t i = 0; i < SHARDS; i++)
    pthread_mutex_destroy(&t->lock[i]);
  free(t->slots);
  t->slots = NULL;
}

/* Locks the key's shard and returns its payload (new ones zeroed, reusing the least
 * recently used slot of the set). Unlock with table_unlock(t, key). */
static void *table_get(struct table *t, uint64_t key) {
  if (key == 0) key = 1;
  size_t set = (size_t)(key % t->nsets);
  size_t shard = set % SHARDS;
  pthread_mutex_lock(&t->lock[shard]);
  uint64_t stamp = ++t->clock[shard];
  unsigned char *base = t->slots + set * WAYS * t->slot_size;
  struct slot_head *victim = NULL;
  for (size_t w = 0; w < WAYS; w++) {
    struct slot_head *h = (struct slot_head *)(void *)(base + w * t->slot_size);
    if (h->key == key) {
      h->stamp = stamp;
      return h + 1;
    }
    /* an empty slot first, else the least recently used */
    if (victim == NULL || (victim->key != 0 && (h->key == 0 || h->stamp < victim->stamp)))
      victim = h;
  }
  memset(victim, 0, t->slot_size);
  victim->key = key;
  victim->stamp = stamp;
  return victim + 1;
}

static void table_unlock(struct table *t, uint64_t key) {
  if (key == 0) key = 1;
  pthread_mutex_unlock(&t->lock[(key % t->nsets) % SHARDS]);
}

/* The rate table: lock-free slots of (key, tat). */
struct rate_slot {
  _Atomic uint64_t key; /* 0 = empty */
  _Atomic int64_t tat;
};

struct rate_table {
  size_t nsets;
  struct rate_slot *slots; /* nsets * WAYS */
};

/* The slot of key in its set: the lowest way holding it, or a claimed one (an empty way,
 * else the way idle the longest). */
static struct rate_slot *rate_slot_of(struct rate_table *t, uint64_t key) {
  if (key == 0) key = 1;
  struct rate_slot *set = t->slots + (key % t->nsets) * WAYS;
  for (;;) {
    struct rate_slot *victim = NULL;
    int64_t victim_tat = INT64_MAX;
    for (size_t w = 0; w < WAYS; w++) {
      uint64_t k = atomic_load_explicit(&set[w].key, memory_order_acquire);
      if (k == key) return &set[w];
      int64_t tat = k == 0 ? INT64_MIN : atomic_load_explicit(&set[w].tat, memory_order_relaxed);
      if (tat < victim_tat) {
        victim = &set[w];
        victim_tat = tat;
      }
    }
    if (victim == NULL) victim = &set[0];
    uint64_t old = atomic_load_explicit(&victim->key, memory_order_relaxed);
    if (!atomic_compare_exchange_strong(&victim->key, &old, key)) continue; /* raced: again */
    if (old != 0) atomic_store_explicit(&victim->tat, 0, memory_order_relaxed);
    /* Another thread may have added the same key in a lower way meanwhile: use that one. */
    for (struct rate_slot *s = set; s < victim; s++)
      if (atomic_load_explicit(&s->key, memory_order_acquire) == key) {
        uint64_t mine = key;
        atomic_compare_exchange_strong(&victim->key, &mine, 0);
        return s;
      }
    return victim;
  }
}

struct sb_limits {
  struct sb_limits_config cfg;
  struct rate_table buckets;
  struct table live, users, addrs;
};

void sb_limits_config_defaults(struct sb_limits_config *c) {
  memset(c, 0, sizeof *c);
  c->max_live_tokens = 15; /* Ed-Fi's BearerTokenPerClientLimit */
  c->token_rate = 50;
  c->token_burst = 100;
  c->login_user = (struct backoff_policy){
      .free_failures = 5, .lock_failures = 10, .lock_secs = 900, .max_delay_secs = 60};
  c->login_addr = (struct backoff_policy){
      .free_failures = 20, .lock_failures = 100, .lock_secs = 900, .max_delay_secs = 60};
}

struct sb_limits *sb_limits_new(const struct sb_limits_config *c) {
  struct sb_limits *l = calloc(1, sizeof *l);
  if (l == NULL) return NULL;
  l->cfg = *c;
  l->buckets.nsets = 16384 / WAYS;
  l->buckets.slots = calloc(l->buckets.nsets * WAYS, sizeof *l->buckets.slots);
  if (l->buckets.slots == NULL || table_init(&l->live, sizeof(struct live_tokens), 2048) ||
      table_init(&l->users, sizeof(struct backoff), 4096) ||
      table_init(&l->addrs, sizeof(struct backoff), 4096)) {
    sb_limits_free(l);
    return NULL;
  }
  return l;
}

void sb_limits_free(struct sb_limits *l) {
  if (l == NULL) return;
  free(l->buckets.slots);
  table_free(&l->live);
  table_free(&l->users);
  table_free(&l->addrs);
  free(l);
}

const struct sb_limits_config *sb_limits_config_of(const struct sb_limits *l) {
  return &l->cfg;
}

uint64_t sb_limits_hash(const void *p, size_t n) {
  const unsigned char *s = p;
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++)
    h = (h ^ s[i]) * 1099511628211ull;
  return h;
}

int64_t sb_limits_mono_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static uint64_t str_key(const char *s) {
  return sb_limits_hash(s, strlen(s));
}

bool sb_limits_token_request(struct sb_limits *l, uint64_t token_hash, int64_t now_ns,
                             unsigned *retry_secs) {
  if (l == NULL || l->cfg.token_rate <= 0) return true;
  struct rate_slot *s = rate_slot_of(&l->buckets, token_hash);
  int64_t tat = atomic_load_explicit(&s->tat, memory_order_relaxed);
  for (;;) {
    int64_t next = gcra_step(tat, l->cfg.token_rate, l->cfg.token_burst, now_ns, retry_secs);
    if (next < 0) return false;
    if (atomic_compare_exchange_weak_explicit(&s->tat, &tat, next, memory_order_relaxed,
                                              memory_order_relaxed))
      return true;
  }
}

bool sb_limits_token_issue(struct sb_limits *l, const char *credential, int64_t now, int64_t exp,
                           unsigned *retry_secs) {
  if (l == NULL || l->cfg.max_live_tokens == 0) return true;
  uint64_t k = str_key(credential);
  struct live_tokens *t = table_get(&l->live, k);
  bool ok = live_tokens_issue(t, l->cfg.max_live_tokens, now, exp, retry_secs);
  table_unlock(&l->live, k);
  return ok;
}

bool sb_limits_login_check(struct sb_limits *l, const char *addr, const char *user, int64_t now_ns,
                           unsigned *retry_secs) {
  if (l == NULL) return true;
  unsigned ra = 0, ru = 0;
  uint64_t ka = str_key(addr), ku = str_key(user);
  struct backoff *b = table_get(&l->addrs, ka);
  bool ok_a = backoff_check(b, &l->cfg.login_addr, now_ns, &ra);
  table_unlock(&l->addrs, ka);
  b = table_get(&l->users, ku);
  bool ok_u = backoff_check(b, &l->cfg.login_user, now_ns, &ru);
  table_unlock(&l->users, ku);
  if (ok_a && ok_u) return true;
  *retry_secs = ra > ru ? ra : ru;
  return false;
}

void sb_limits_login_result(struct sb_limits *l, const char *addr, const char *user, bool ok,
                            int64_t now_ns) {
  if (l == NULL) return;
  uint64_t ku = str_key(user);
  struct backoff *b = table_get(&l->users, ku);
  if (ok)
    memset(b, 0, sizeof *b);
  else
    backoff_fail(b, now_ns);
  table_unlock(&l->users, ku);
  if (ok) return;
  uint64_t ka = str_key(addr);
  b = table_get(&l->addrs, ka);
  backoff_fail(b, now_ns);
  table_unlock(&l->addrs, ka);
}
