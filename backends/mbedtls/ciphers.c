/*
 * sslite: which cipher suites this Mbed TLS build can negotiate.
 */
#include "mbedtls_internal.h"
#include <mbedtls/ssl_ciphersuites.h>

int sslite__mbedtls_suite_supported(uint16_t iana_id)
{
    return mbedtls_ssl_ciphersuite_from_id(iana_id) != NULL;
}
