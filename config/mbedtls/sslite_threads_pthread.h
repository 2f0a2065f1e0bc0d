/* sslite's Mbed TLS configuration, fragment: pthread locking (-Dthreads).
 * Included by sslite_mbedtls_config.h; not a configuration on its own. */

#define MBEDTLS_THREADING_C
#define MBEDTLS_THREADING_PTHREAD
