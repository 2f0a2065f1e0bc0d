/*
 * sslite: which cipher suites this Mbed TLS build can negotiate.
 */
#include "mbedtls_internal.h"
#include <mbedtls/ssl_ciphersuites.h>

/* Mbed TLS compiles in a suite's definition only when its key exchange,
 * cipher, mode and MAC are all enabled, so a definition means the suite
 * can be negotiated (PSK suites once a key is configured; Mbed TLS, like
 * OpenSSL, leaves them out of a ClientHello without one).  With
 * config/mbedtls/sslite_mbedtls_config.h that is 76 of the suites OpenSSL 3
 * knows: the 3 default TLS 1.3 ones, and for TLS 1.2 ECDHE/DHE/RSA and the
 * PSK key exchanges with AES-GCM/CCM/CCM_8/CBC and ChaCha20-Poly1305
 * (no Camellia, ARIA, NULL, anonymous, DSS or SRP suites).
 * test/ciphers/test_wire.py checks the ClientHello against OpenSSL's. */
int sslite__mbedtls_suite_supported(uint16_t iana_id)
{
    return mbedtls_ssl_ciphersuite_from_id(iana_id) != NULL;
}
