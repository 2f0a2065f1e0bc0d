/* sslite's Mbed TLS configuration, fragment: an operating system with a clock and randomness.
 * Included by sslite_mbedtls_config.h; not a configuration on its own. */

#define MBEDTLS_HAVE_TIME
#define MBEDTLS_HAVE_TIME_DATE
/* time() goes through sslite's clock hook (<sslite/platform.h>). */
#define MBEDTLS_PLATFORM_TIME_ALT
#if defined(SSLITE_FUZZING)
/* Fuzzing builds only: the backend pins ms_time() (and time()) so
 * recorded handshakes replay (backends/fuzzing.h). */
#define MBEDTLS_PLATFORM_MS_TIME_ALT
#endif
