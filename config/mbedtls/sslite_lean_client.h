/* sslite's Mbed TLS configuration, fragment: a client-only TLS 1.3 build
 * (-Dserver=disabled -Dtls12=disabled) made to fit small devices.
 * Included by sslite_mbedtls_config.h after the others; not a
 * configuration on its own.  What each removal costs is in docs/compat.md
 * ("Client-only TLS 1.3 builds"). */

/* Mbed TLS's error strings (~15 KB): sslite maps the codes it knows
 * itself (backends/mbedtls/errors.c) and shows any other by number. */
#undef MBEDTLS_ERROR_C
/* Encrypted private keys (PKCS#8 PBES2, PKCS#12 PBE): a device's client
 * key is stored in the clear; an encrypted one fails to load. */
#undef MBEDTLS_PKCS5_C
#undef MBEDTLS_PKCS12_C
/* Nothing here writes PEM (DER_cert_to_PEM_cert is sslite's own). */
#undef MBEDTLS_PEM_WRITE_C
/* Curves beyond what common servers use with CPython's defaults
 * (X25519, P-256, P-384 stay): no X448 key share, no P-521 certificates. */
#undef MBEDTLS_ECP_DP_SECP521R1_ENABLED
#undef MBEDTLS_ECP_DP_CURVE448_ENABLED
