/*
 * sslite: randomness and time of fuzzing builds only (-Dfuzzing=true), in
 * place of rng.c.  A recorded handshake must replay, so every draw comes
 * from one of a few fixed, resettable streams (splitmix64; no secrecy is
 * wanted here) that the harness selects, and Mbed TLS's clocks stand still
 * (backends/fuzzing.h).  Never in a normal build.
 */
#include "mbedtls_internal.h" /* first: it sets Mbed TLS's private access */
#include "fuzzing.h"

#include <pthread.h>
#include <string.h>

static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t g_fuzz_state[SSLITE_FUZZ_RNG_STREAMS];
static unsigned g_fuzz_stream;
static int g_fuzz_ready;

static void fuzz_rewind(void)
{
    for (unsigned i = 0; i < SSLITE_FUZZ_RNG_STREAMS; i++)
        g_fuzz_state[i] = 0x53534c4954450000u + i; /* "SSLITE" */
    g_fuzz_ready = 1;
}

void sslite__fuzz_rng_reset(void)
{
    pthread_mutex_lock(&g_lock);
    fuzz_rewind();
    g_fuzz_stream = 0;
    pthread_mutex_unlock(&g_lock);
}

void sslite__fuzz_rng_stream(unsigned stream)
{
    pthread_mutex_lock(&g_lock);
    g_fuzz_stream = stream % SSLITE_FUZZ_RNG_STREAMS;
    pthread_mutex_unlock(&g_lock);
}

int sslite__mbedtls_rng(void *p_rng, unsigned char *out, size_t len)
{
    (void)p_rng;
    pthread_mutex_lock(&g_lock);
    if (!g_fuzz_ready)
        fuzz_rewind();
    while (len > 0) {
        uint64_t z = (g_fuzz_state[g_fuzz_stream] += 0x9e3779b97f4a7c15u);
        size_t n = len < 8 ? len : 8;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
        z ^= z >> 31;
        memcpy(out, &z, n);
        out += n;
        len -= n;
    }
    pthread_mutex_unlock(&g_lock);
    return 0;
}

void sslite__mbedtls_rng_add(const void *buf, size_t len)
{
    (void)buf; /* replays must not depend on what a harness mixes in */
    (void)len;
}

#if defined(MBEDTLS_PLATFORM_TIME_ALT)
static mbedtls_time_t fuzz_time(mbedtls_time_t *t)
{
    if (t != NULL)
        *t = SSLITE_FUZZ_TIME;
    return SSLITE_FUZZ_TIME;
}
#endif

#if defined(MBEDTLS_PLATFORM_MS_TIME_ALT)
mbedtls_ms_time_t mbedtls_ms_time(void)
{
    return (mbedtls_ms_time_t)SSLITE_FUZZ_TIME * 1000;
}
#endif

int sslite__mbedtls_rng_init(sslite_error *err)
{
    (void)err;
#if defined(MBEDTLS_PLATFORM_TIME_ALT)
    (void)mbedtls_platform_set_time(fuzz_time);
#endif
    return 0;
}
