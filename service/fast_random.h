#ifndef SEOPIPE_FAST_RANDOM_H
#define SEOPIPE_FAST_RANDOM_H

/*
 * A fast generator for values that must differ, not stay secret (request ids,
 * retry jitter): xorshift128+, one state per worker, seeded from OpenSSL once.
 * Secrets and ids that must not be guessed use RAND_bytes.
 */

#include <openssl/rand.h>
#include <stdint.h>

/* Seeds `state` from OpenSSL (a fixed odd constant when that fails: never all zero). */
static inline void seo_fast_random_seed(uint64_t state[2])
{
    if (RAND_bytes((unsigned char *)state, 2 * sizeof(state[0])) != 1 || !(state[0] | state[1])) {
        state[0] = 0x9e3779b97f4a7c15ull;
        state[1] = 0xbf58476d1ce4e5b9ull;
    }
}

static inline uint64_t seo_fast_random(uint64_t state[2])
{
    uint64_t a = state[0];
    const uint64_t b = state[1];
    state[0] = b;
    a ^= a << 23;
    state[1] = a ^ b ^ (a >> 17) ^ (b >> 26);
    return state[1] + b;
}

#endif
