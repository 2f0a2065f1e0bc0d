/*
 * sslite: randomness for the Mbed TLS backend without pthread — one
 * CTR-DRBG, locked with the application's mutex hooks (or not at all on a
 * single-threaded device).  No fork() to survive on such a system.
 */
#include "mbedtls_internal.h" /* first: it sets Mbed TLS's private access */

static mbedtls_entropy_context g_entropy;
static mbedtls_ctr_drbg_context g_drbg;
static sslite__mutex_t g_lock;

int sslite__mbedtls_rng(void *p_rng, unsigned char *out, size_t len)
{
    int ret;

    (void)p_rng;
    sslite__mutex_lock(&g_lock);
    ret = sslite__mbedtls_drbg_fill(&g_drbg, out, len);
    sslite__mutex_unlock(&g_lock);
    return ret;
}

int sslite__mbedtls_rng_init(sslite_error *err)
{
    static const unsigned char pers[] = "sslite";
    int ret;

    if (sslite__mutex_init(&g_lock) < 0)
        return sslite__err_nomem(err);
    mbedtls_ctr_drbg_init(&g_drbg);
    if ((ret = sslite__mbedtls_entropy_setup(&g_entropy, err)) < 0)
        return ret;
    ret = mbedtls_ctr_drbg_seed(&g_drbg, mbedtls_entropy_func, &g_entropy, pers,
                                sizeof(pers) - 1);
    if (ret != 0)
        return sslite__mbedtls_error(err, ret, -1, SSLITE__WHERE);
    return 0;
}

void sslite__mbedtls_rng_add(const void *buf, size_t len)
{
    sslite__mutex_lock(&g_lock);
    (void)mbedtls_ctr_drbg_update(&g_drbg, buf, len);
    sslite__mutex_unlock(&g_lock);
}
