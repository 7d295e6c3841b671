/* rng.h - the sandbox generator's own pseudo-random numbers.
 *
 * splitmix64 seeds streams and hashes values; xoshiro256** (Blackman and Vigna) draws the
 * numbers of one stream. Integer arithmetic only, no rand(), no time, no addresses: the
 * same seed gives the same numbers on every machine and compiler. Header-only (static
 * inline); nothing to free. */
#ifndef SB_SANDBOX_RNG_H
#define SB_SANDBOX_RNG_H

#include <stdbool.h>
#include <stdint.h>

struct sbx_rng {
  uint64_t s[4];
};

/* One splitmix64 step: advances *state and returns the next output. */
static inline uint64_t sbx_splitmix64(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/* A stateless 64-bit hash of x (the splitmix64 finaliser of x). */
static inline uint64_t sbx_mix64(uint64_t x) {
  uint64_t st = x;
  return sbx_splitmix64(&st);
}

/* Hash of a tuple: combines up to four values with a seed. */
static inline uint64_t sbx_hash4(uint64_t seed, uint64_t a, uint64_t b, uint64_t c) {
  uint64_t h = sbx_mix64(seed ^ 0x5EEDF00DULL);
  h = sbx_mix64(h ^ a);
  h = sbx_mix64(h ^ (b + 0x1000193ULL));
  return sbx_mix64(h ^ (c + 0x100000001B3ULL));
}

/* Starts the stream number `stream` of `seed`: different streams are independent. */
static inline void sbx_rng_seed(struct sbx_rng *r, uint64_t seed, uint64_t stream) {
  uint64_t st = sbx_mix64(seed) ^ sbx_mix64(stream * 0xD1B54A32D192ED03ULL + 1);
  for (int i = 0; i < 4; i++)
    r->s[i] = sbx_splitmix64(&st);
}

static inline uint64_t sbx_rotl64(uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}

/* Next 64 random bits (xoshiro256**). */
static inline uint64_t sbx_rng_next(struct sbx_rng *r) {
  uint64_t *s = r->s;
  uint64_t result = sbx_rotl64(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = sbx_rotl64(s[3], 45);
  return result;
}

/* A number in [0, n) (n >= 1), by Lemire's multiply-shift (bias below 2^-32 * n). */
static inline uint32_t sbx_rng_below(struct sbx_rng *r, uint32_t n) {
  return (uint32_t)(((sbx_rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* A number in [lo, hi] (lo <= hi). */
static inline int sbx_rng_range(struct sbx_rng *r, int lo, int hi) {
  return lo + (int)sbx_rng_below(r, (uint32_t)(hi - lo + 1));
}

/* True with probability per_mille / 1000. */
static inline bool sbx_rng_chance(struct sbx_rng *r, int per_mille) {
  return (int)sbx_rng_below(r, 1000) < per_mille;
}

/* A draw from a bell curve of mean 0 and standard deviation about 100: the sum of four
 * uniform numbers in [-173, 173], halved (variance of each is about 100^2). */
static inline int sbx_rng_bell100(struct sbx_rng *r) {
  int sum = 0;
  for (int i = 0; i < 4; i++)
    sum += sbx_rng_range(r, -173, 173);
  return sum / 2;
}

#endif
