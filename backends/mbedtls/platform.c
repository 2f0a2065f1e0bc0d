/*
 * sslite: the platform hooks (<sslite/platform.h>) wired into Mbed TLS —
 * the application's entropy source as an entropy source of Mbed TLS's, its
 * clock as Mbed TLS's time(), its mutex hooks as Mbed TLS's threading,
 * sslite's allocator (<sslite/alloc.h>) as Mbed TLS's calloc and free.
 * Fuzzing builds pin time and randomness over this (rng_fuzz.c).
 */
#include "mbedtls_internal.h" /* first: it sets Mbed TLS's private access */
#include <mbedtls/platform.h>

static int hook_entropy(void *unused, unsigned char *out, size_t len, size_t *olen)
{
    (void)unused;
    if (sslite__platform_entropy(out, len) != 0)
        return MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
    *olen = len;
    return 0;
}

int sslite__mbedtls_drbg_fill(mbedtls_ctr_drbg_context *drbg, unsigned char *out, size_t len)
{
    int ret = 0;
    /* CTR-DRBG serves at most MBEDTLS_CTR_DRBG_MAX_REQUEST bytes a call. */
    while (ret == 0 && len > 0) {
        size_t chunk = len < MBEDTLS_CTR_DRBG_MAX_REQUEST ? len : MBEDTLS_CTR_DRBG_MAX_REQUEST;
        ret = mbedtls_ctr_drbg_random(drbg, out, chunk);
        out += chunk;
        len -= chunk;
    }
    return ret;
}

int sslite__mbedtls_entropy_setup(mbedtls_entropy_context *ent, sslite_error *err)
{
    mbedtls_entropy_init(ent);
    if (sslite__platform_has_entropy()) {
        /* Strong: it alone may complete a seed, as the OS source does. */
        int r = mbedtls_entropy_add_source(ent, hook_entropy, NULL, 32,
                                           MBEDTLS_ENTROPY_SOURCE_STRONG);
        if (r != 0)
            return sslite__mbedtls_error(err, r, -1, SSLITE__WHERE);
    } else if (!SSLITE_WITH_OS_ENTROPY) {
        return sslite__err_ssl(err, SSLITE_ERR_SSL, "RAND", "NO_ENTROPY_SOURCE",
                               "no entropy source: this build has no OS randomness, "
                               "register one with sslite_set_entropy_source()",
                               SSLITE__WHERE);
    }
    return 0;
}

#if defined(MBEDTLS_PLATFORM_TIME_ALT)
static mbedtls_time_t hook_time(mbedtls_time_t *t)
{
    mbedtls_time_t now = (mbedtls_time_t)sslite__platform_time(NULL);
    if (t != NULL)
        *t = now;
    return now;
}
#endif

#if defined(MBEDTLS_PLATFORM_MS_TIME_ALT) && !defined(SSLITE_FUZZING)
/* No OS clock: milliseconds of the same clock (ticket ages need no more). */
mbedtls_ms_time_t mbedtls_ms_time(void)
{
    return (mbedtls_ms_time_t)sslite__platform_time(NULL) * 1000;
}
#endif

#if defined(MBEDTLS_THREADING_ALT)
/* Mbed TLS's mutexes through the application's hooks; none: no locking. */
static const sslite_mutex_hooks *g_hooks;

static void hook_mutex_init(mbedtls_threading_mutex_t *m)
{
    m->handle = g_hooks != NULL ? g_hooks->create(g_hooks->userdata) : NULL;
}

static void hook_mutex_free(mbedtls_threading_mutex_t *m)
{
    if (m->handle != NULL)
        g_hooks->destroy(g_hooks->userdata, m->handle);
    m->handle = NULL;
}

static int hook_mutex_lock(mbedtls_threading_mutex_t *m)
{
    if (g_hooks == NULL)
        return 0;
    if (m->handle == NULL || g_hooks->lock(g_hooks->userdata, m->handle) != 0)
        return MBEDTLS_ERR_THREADING_BAD_INPUT_DATA;
    return 0;
}

static int hook_mutex_unlock(mbedtls_threading_mutex_t *m)
{
    if (g_hooks == NULL)
        return 0;
    if (m->handle == NULL || g_hooks->unlock(g_hooks->userdata, m->handle) != 0)
        return MBEDTLS_ERR_THREADING_BAD_INPUT_DATA;
    return 0;
}
#endif

void sslite__mbedtls_platform_setup(void)
{
#if defined(MBEDTLS_PLATFORM_MEMORY)
    /* First, before Mbed TLS allocates anything: its memory then follows
     * <sslite/alloc.h> (hooks, arena or the C library) as sslite's does. */
    (void)mbedtls_platform_set_calloc_free(sslite__calloc, sslite__free);
#endif
#if defined(MBEDTLS_THREADING_ALT)
    (void)sslite__mutex_hooks(&g_hooks);
    mbedtls_threading_set_alt(hook_mutex_init, hook_mutex_free, hook_mutex_lock,
                              hook_mutex_unlock);
#endif
#if defined(MBEDTLS_PLATFORM_TIME_ALT)
    (void)mbedtls_platform_set_time(hook_time);
#endif
}
