/* sslite's Mbed TLS configuration, fragment: locking through the application's mutex hooks (-Dthreads=disabled).
 * Included by sslite_mbedtls_config.h; not a configuration on its own. */

/* mbedtls_threading_mutex_t comes from threading_alt.h, generated beside
 * the configuration choice; the backend routes it to the hooks of
 * <sslite/platform.h>, or to no locking when none are registered. */
#define MBEDTLS_THREADING_C
#define MBEDTLS_THREADING_ALT
