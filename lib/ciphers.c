/*
 * sslite: cipher suites.  Placeholder for the OpenSSL cipher-string engine
 * (issue 5): CPython's default selection and the names of common suites.
 */
#include "internal.h"

static const struct {
    uint16_t id;
    const char *name;
    const char *proto;
    int bits;
} suites[] = {
    {0x1302, "TLS_AES_256_GCM_SHA384", "TLSv1.3", 256},
    {0x1303, "TLS_CHACHA20_POLY1305_SHA256", "TLSv1.3", 256},
    {0x1301, "TLS_AES_128_GCM_SHA256", "TLSv1.3", 128},
    {0xC02C, "ECDHE-ECDSA-AES256-GCM-SHA384", "TLSv1.2", 256},
    {0xC030, "ECDHE-RSA-AES256-GCM-SHA384", "TLSv1.2", 256},
    {0xC02B, "ECDHE-ECDSA-AES128-GCM-SHA256", "TLSv1.2", 128},
    {0xC02F, "ECDHE-RSA-AES128-GCM-SHA256", "TLSv1.2", 128},
    {0xCCA9, "ECDHE-ECDSA-CHACHA20-POLY1305", "TLSv1.2", 256},
    {0xCCA8, "ECDHE-RSA-CHACHA20-POLY1305", "TLSv1.2", 256},
};
#define NSUITES (sizeof(suites) / sizeof(suites[0]))

const char *sslite__suite_name(uint16_t id)
{
    for (size_t i = 0; i < NSUITES; i++)
        if (suites[i].id == id)
            return suites[i].name;
    return NULL;
}

const char *sslite__suite_protocol(uint16_t id)
{
    for (size_t i = 0; i < NSUITES; i++)
        if (suites[i].id == id)
            return suites[i].proto;
    return NULL;
}

int sslite__suite_bits(uint16_t id)
{
    for (size_t i = 0; i < NSUITES; i++)
        if (suites[i].id == id)
            return suites[i].bits;
    return 0;
}

const uint16_t *sslite__default_suites(size_t *n)
{
    static uint16_t ids[NSUITES];
    for (size_t i = 0; i < NSUITES; i++)
        ids[i] = suites[i].id;
    *n = NSUITES;
    return ids;
}
