/* sslite's Mbed TLS configuration, fragment: the server side (-Dserver).
 * Included by sslite_mbedtls_config.h; not a configuration on its own. */

#define MBEDTLS_SSL_SRV_C
/* Session tickets issued, and the TLS 1.2 session-id cache. */
#define MBEDTLS_SSL_TICKET_C
#define MBEDTLS_SSL_CACHE_C
