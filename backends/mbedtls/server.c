/*
 * sslite: the server side's certificate-selection hook for the Mbed TLS
 * backend — the SNI callback's context switch and the ALPN choice, made
 * where OpenSSL makes them (after the ClientHello, before the server's
 * reply).  Built only with a server side (-Dserver).
 */
#include "backend_state.h" /* first: it sets Mbed TLS's private access */

#include <string.h>

#if defined(MBEDTLS_SSL_SRV_C)
/* Mbed TLS's certificate-selection hook on a server with an SNI callback:
 * hand the requested name to lib/ and, if the callback chose another
 * context, serve this handshake with that context's certificate, trust
 * store and verify settings. */
static int sni_cert_cb(mbedtls_ssl_context *ssl)
{
    mbed_conn *c = (mbed_conn *)(void *)ssl; /* ssl is mbed_conn's first member */
    char name[256];
    const char *arg = NULL;
    sslite_bsni out = {NULL, 0, 0};
    int alert;

#if defined(MBEDTLS_SSL_SERVER_NAME_INDICATION)
    size_t len = 0;
    const unsigned char *sni = mbedtls_ssl_get_hs_sni(ssl, &len);
    if (sni != NULL) {
        /* A name with a NUL or longer than DNS allows cannot be a host name. */
        if (len >= sizeof(name) || memchr(sni, 0, len) != NULL)
            goto refuse;
        memcpy(name, sni, len);
        name[len] = '\0';
        arg = name;
    }
#endif
    if (c->sni == NULL)
        return 0;
    alert = c->sni(c->sni_owner, arg, &out);
    if (alert > 0) {
        mbedtls_ssl_send_alert_message(ssl, MBEDTLS_SSL_ALERT_LEVEL_FATAL, (unsigned char)alert);
        c->verify_alerted = 1;
        c->sni_failed = 1;
        return MBEDTLS_ERR_SSL_HANDSHAKE_FAILURE;
    }
    if (out.bctx != NULL) {
        mbed_ctx *n = out.bctx;
        if (sslite__mbedtls_conf_keycerts(NULL, ssl, n->keycerts, NULL) != 0)
            return MBEDTLS_ERR_SSL_ALLOC_FAILED;
#if !defined(MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK)
        {
            mbedtls_x509_crt *full = sslite__store_full_chain(&n->store);
            if (full != NULL)
                mbedtls_ssl_set_hs_ca_chain(ssl, full,
                                            (out.verify_flags & SSLITE_VERIFY_CRL_CHECK_LEAF) &&
                                                    n->store.ncrl
                                                ? &n->store.crl
                                                : NULL);
        }
#endif
        /* (With the trusted-CA callback, handshake_steps points it at
         * n's store: c->ctx below.) */
        mbedtls_ssl_set_hs_authmode(ssl, out.verify_mode == SSLITE_CERT_NONE
                                             ? MBEDTLS_SSL_VERIFY_NONE
                                             : MBEDTLS_SSL_VERIFY_OPTIONAL);
        c->ctx = n;
        c->verify_mode = out.verify_mode;
        c->verify_flags = out.verify_flags;
    }
    return 0;
#if defined(MBEDTLS_SSL_SERVER_NAME_INDICATION)
refuse:
    mbedtls_ssl_send_alert_message(ssl, MBEDTLS_SSL_ALERT_LEVEL_FATAL,
                                   MBEDTLS_SSL_ALERT_MSG_UNRECOGNIZED_NAME);
    c->verify_alerted = 1;
    return MBEDTLS_ERR_SSL_UNRECOGNIZED_NAME;
#endif
}

#if defined(MBEDTLS_SSL_ALPN) && defined(MBEDTLS_SSL_SRV_C)
/* The ALPN protocol_name_list of a ClientHello message (header included),
 * or NULL when it has none.  -1 in *bad for a malformed message. */
static const unsigned char *client_alpn(const unsigned char *m, size_t len, size_t *list_len,
                                        int *bad)
{
    size_t off = 4 + 2 + 32, n, ext_end;

    *bad = 0;
    /* version, random, then session id, suites, compression methods */
    if (len < off + 1 || m[0] != MBEDTLS_SSL_HS_CLIENT_HELLO)
        return NULL;
    off += 1 + m[off];
    if (len < off + 2)
        return NULL;
    off += 2 + (((size_t)m[off] << 8) | m[off + 1]);
    if (len < off + 1)
        return NULL;
    off += 1 + m[off];
    if (len < off + 2)
        return NULL;
    ext_end = off + 2 + (((size_t)m[off] << 8) | m[off + 1]);
    off += 2;
    if (len < ext_end)
        return NULL;
    while (ext_end - off >= 4) {
        unsigned type = ((unsigned)m[off] << 8) | m[off + 1];
        size_t elen = ((size_t)m[off + 2] << 8) | m[off + 3];
        off += 4;
        if (ext_end - off < elen)
            return NULL;
        if (type == MBEDTLS_TLS_EXT_ALPN) {
            /* protocol_name_list<2..2^16-1> of names of 1..255 bytes,
             * filling it exactly (RFC 7301). */
            if (elen < 3 || (((size_t)m[off] << 8) | m[off + 1]) != elen - 2) {
                *bad = 1;
                return NULL;
            }
            for (n = off + 2; n < off + elen; n += 1 + m[n]) {
                if (m[n] == 0 || off + elen - n < 1 + (size_t)m[n]) {
                    *bad = 1;
                    return NULL;
                }
            }
            *list_len = elen - 2;
            return m + off + 2;
        }
        off += elen;
    }
    return NULL;
}

/* ALPN as OpenSSL's server with CPython's callback: the first of our
 * protocols the client offers, and none (the handshake goes on without
 * ALPN) when nothing matches.  Mbed TLS has parsed the ClientHello and
 * still holds it; it writes the extension from alpn_chosen. */
static int select_alpn(mbed_conn *c)
{
    mbedtls_ssl_context *ssl = &c->ssl;
    const unsigned char *list;
    size_t list_len = 0;
    int bad;

    if (c->conf->alpn == NULL || ssl->in_msg == NULL)
        return 0;
    list = client_alpn(ssl->in_msg, ssl->in_hslen, &list_len, &bad);
    if (bad) {
        mbedtls_ssl_send_alert_message(ssl, MBEDTLS_SSL_ALERT_LEVEL_FATAL,
                                       MBEDTLS_SSL_ALERT_MSG_DECODE_ERROR);
        c->verify_alerted = 1;
        return MBEDTLS_ERR_SSL_DECODE_ERROR;
    }
    if (list == NULL)
        return 0;
    for (char **ours = c->conf->alpn; *ours != NULL; ours++) {
        size_t olen = strlen(*ours);
        for (const unsigned char *r = list; r < list + list_len; r += 1 + r[0]) {
            if (r[0] == olen && memcmp(r + 1, *ours, olen) == 0) {
                ssl->alpn_chosen = *ours; /* lives as long as the connection's conf */
                return 0;
            }
        }
    }
    return 0;
}
#endif

/* Mbed TLS's certificate-selection hook: after the ClientHello is parsed
 * and before the server's reply, where OpenSSL runs the servername
 * callback and then picks the ALPN protocol. */
int sslite__mbedtls_server_cert_cb(mbedtls_ssl_context *ssl)
{
    mbed_conn *c = (mbed_conn *)(void *)ssl; /* ssl is mbed_conn's first member */
    int ret = 0;

    if (c->conf->sni_callback && (ret = sni_cert_cb(ssl)) != 0)
        return ret;
#if defined(MBEDTLS_SSL_ALPN) && defined(MBEDTLS_SSL_SRV_C)
    ret = select_alpn(c);
#endif
    return ret;
}
#endif /* MBEDTLS_SSL_SRV_C */
