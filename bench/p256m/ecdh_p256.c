/* P-256 ECDHE as one TLS handshake does it, both ends: two key pairs and
 * two shared secrets, with Mbed TLS's ECP (argv[1] "mbedtls") or p256-m
 * ("p256m"), argv[2] times (0 measures start-up).  Built by run.sh for
 * 32-bit Arm; the deterministic xorshift "RNG" is for counting only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include "mbedtls/ecdh.h"
#include "p256-m.h"

static uint32_t x = 0x12345678;
static int rng(void *p, unsigned char *out, size_t n)
{
    (void)p;
    while (n--) { x ^= x << 13; x ^= x >> 17; x ^= x << 5; *out++ = (unsigned char)x; }
    return 0;
}
#include "psa/crypto.h"
psa_status_t psa_generate_random(uint8_t *out, size_t n) { rng(NULL, out, n); return PSA_SUCCESS; }

static int one_mbedtls(void)
{
    mbedtls_ecp_group g; mbedtls_mpi da, db, za, zb; mbedtls_ecp_point qa, qb;
    int r;
    mbedtls_ecp_group_init(&g); mbedtls_mpi_init(&da); mbedtls_mpi_init(&db);
    mbedtls_mpi_init(&za); mbedtls_mpi_init(&zb); mbedtls_ecp_point_init(&qa); mbedtls_ecp_point_init(&qb);
    r = mbedtls_ecp_group_load(&g, MBEDTLS_ECP_DP_SECP256R1);
    r |= mbedtls_ecdh_gen_public(&g, &da, &qa, rng, NULL);
    r |= mbedtls_ecdh_gen_public(&g, &db, &qb, rng, NULL);
    r |= mbedtls_ecdh_compute_shared(&g, &za, &qb, &da, rng, NULL);
    r |= mbedtls_ecdh_compute_shared(&g, &zb, &qa, &db, rng, NULL);
    r |= mbedtls_mpi_cmp_mpi(&za, &zb) != 0;
    mbedtls_ecp_group_free(&g); mbedtls_mpi_free(&da); mbedtls_mpi_free(&db);
    mbedtls_mpi_free(&za); mbedtls_mpi_free(&zb); mbedtls_ecp_point_free(&qa); mbedtls_ecp_point_free(&qb);
    return r;
}

static int one_p256m(void)
{
    uint8_t da[32], db[32], qa[64], qb[64], za[32], zb[32];
    int r = p256_gen_keypair(da, qa) | p256_gen_keypair(db, qb);
    r |= p256_ecdh_shared_secret(za, da, qb) | p256_ecdh_shared_secret(zb, db, qa);
    return r | (memcmp(za, zb, 32) != 0);
}

int main(int argc, char **argv)
{
    int n = argc > 2 ? atoi(argv[2]) : 1, m = argc > 1 && strcmp(argv[1], "p256m") == 0;
    for (int i = 0; i < n; i++)
        if (m ? one_p256m() : one_mbedtls()) { puts("FAIL"); return 1; }
    puts("ok");
    return 0;
}
