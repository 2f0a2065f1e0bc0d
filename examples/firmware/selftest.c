/*
 * firmware_selftest: the bare-metal harness's first program.  It proves
 * the toolchain, picolibc, the board's memory map and semihosting (output
 * and exit status) before any TLS: a SHA-256 known answer, then Mbed
 * TLS's own self-tests of the primitives the TLS example uses, and a DRBG
 * seeded through the entropy hook.  Exits 0 when all pass, else the
 * number of failures (QEMU exits with it).
 */
#include <stdio.h>
#include <string.h>

#include <mbedtls/aes.h>
#include <mbedtls/chachapoly.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/ecp.h>
#include <mbedtls/entropy.h>
#include <mbedtls/gcm.h>
#include <mbedtls/sha256.h>
#include <mbedtls/threading.h>
#include <mbedtls/version.h>

#include "platform.h"

static int failures;

static void check(const char *what, int ok)
{
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    if (!ok)
        failures++;
}

/* FIPS 180-2's first example: SHA-256("abc"). */
static int sha256_abc(void)
{
    static const unsigned char want[32] = {
        0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
        0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad,
    };
    unsigned char got[32];

    return mbedtls_sha256((const unsigned char *)"abc", 3, got, 0) == 0 &&
           memcmp(got, want, sizeof(got)) == 0;
}

/* Raw Mbed TLS's way to an entropy source on bare metal: the collector
 * has none (MBEDTLS_NO_PLATFORM_ENTROPY), so the firmware adds its own.
 * Here the board's INSECURE stand-in (platform.c); a TRNG on a device. */
static int board_entropy(void *data, unsigned char *out, size_t len, size_t *olen)
{
    (void)data;
    if (fw_insecure_entropy(out, len) != 0)
        return MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
    *olen = len;
    return 0;
}

/* A CTR-DRBG seeded from the entropy collector with that one source: two
 * draws must differ. */
static int drbg_from_entropy(void)
{
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    unsigned char a[32], b[32];
    int ok;

    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
    ok = mbedtls_entropy_add_source(&entropy, board_entropy, NULL, 32,
                                    MBEDTLS_ENTROPY_SOURCE_STRONG) == 0 &&
         mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy,
                               (const unsigned char *)"selftest", 8) == 0 &&
         mbedtls_ctr_drbg_random(&drbg, a, sizeof(a)) == 0 &&
         mbedtls_ctr_drbg_random(&drbg, b, sizeof(b)) == 0 && memcmp(a, b, sizeof(a)) != 0;
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
    return ok;
}

#if defined(MBEDTLS_THREADING_ALT)
/* A -Dthreads=disabled build's Mbed TLS locks through MBEDTLS_THREADING_ALT,
 * whose unset functions fail every lock; sslite sets them (to the RTOS
 * hooks, or to none), raw Mbed TLS needs them set too: one thread, no
 * locking. */
static void mutex_init(mbedtls_threading_mutex_t *m)
{
    m->handle = NULL;
}

static void mutex_free(mbedtls_threading_mutex_t *m)
{
    (void)m;
}

static int mutex_nop(mbedtls_threading_mutex_t *m)
{
    (void)m;
    return 0;
}
#endif

int main(void)
{
    char version[18];

    fw_stack_paint();
#if defined(MBEDTLS_THREADING_ALT)
    mbedtls_threading_set_alt(mutex_init, mutex_free, mutex_nop, mutex_nop);
#endif
    mbedtls_version_get_string_full(version);
    printf("firmware selftest: %s on Cortex-M4 (QEMU mps2-an386)\n", version);
    check("SHA-256(\"abc\")", sha256_abc());
#if defined(MBEDTLS_SELF_TEST) /* examples/firmware/mbedtls_firmware.h has them */
    check("mbedtls_sha256_self_test", mbedtls_sha256_self_test(0) == 0);
    check("mbedtls_aes_self_test", mbedtls_aes_self_test(0) == 0);
    check("mbedtls_gcm_self_test", mbedtls_gcm_self_test(0) == 0);
    check("mbedtls_chachapoly_self_test", mbedtls_chachapoly_self_test(0) == 0);
    check("mbedtls_ctr_drbg_self_test", mbedtls_ctr_drbg_self_test(0) == 0);
    check("mbedtls_ecp_self_test", mbedtls_ecp_self_test(0) == 0);
#endif
    check("CTR-DRBG seeded from an added entropy source", drbg_from_entropy());
    printf("heap peak %u bytes, stack peak %u bytes\n", (unsigned)fw_heap_peak(),
           (unsigned)fw_stack_peak());
    printf("firmware selftest: %s\n", failures ? "FAILED" : "all passed");
    return failures;
}
