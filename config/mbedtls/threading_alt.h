/* sslite: Mbed TLS's mutex type for MBEDTLS_THREADING_ALT builds
 * (-Dthreads=disabled): a handle made by the application's mutex hooks
 * (<sslite/platform.h>), NULL when it registered none. */
#ifndef SSLITE_MBEDTLS_THREADING_ALT_H
#define SSLITE_MBEDTLS_THREADING_ALT_H
typedef struct mbedtls_threading_mutex_t {
    void *handle;
} mbedtls_threading_mutex_t;
#endif
