/*
 * sslite: record injection (backends/inject.h).  The fuzzers and the
 * hostile-peer tests need a peer that sends records sslite's API never
 * would (a KeyUpdate, any alert, a stray handshake message) under valid
 * keys, so the code past the record layer is reached; Mbed TLS's record
 * writer does the protection.  In the library of fuzzing builds only, and
 * in the tests' own static library (never in a normal libsslite).
 */
#include "mbedtls_internal.h" /* first: it sets Mbed TLS's private access */
#include "internal.h" /* reaches into the engine for its records */

#include <string.h>
#include "inject.h"

/* Mbed TLS's record writer (library/ssl_misc.h, not installed). */
int mbedtls_ssl_write_record(mbedtls_ssl_context *ssl, int force_flush);

int sslite__inject_record(sslite_object *obj, int type, const void *buf, size_t len)
{
    sslite_engine *e = sslite__object_engine(obj);
    mbedtls_ssl_context *ssl;

    if (e == NULL || e->bconn == NULL)
        return -1;
    /* backend.c's mbed_conn starts with its mbedtls_ssl_context. */
    ssl = (mbedtls_ssl_context *)e->bconn;
    if (ssl->out_msg == NULL || !mbedtls_ssl_is_handshake_over(ssl) ||
        len > MBEDTLS_SSL_OUT_CONTENT_LEN || ssl->out_left != 0 || type < 0 || type > 255)
        return -1;
    ssl->out_msgtype = type;
    ssl->out_msglen = len;
    if (len > 0)
        memcpy(ssl->out_msg, buf, len);
    return mbedtls_ssl_write_record(ssl, 1) == 0 ? 0 : -1;
}
