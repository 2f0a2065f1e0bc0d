/*
 * The OpenSSL column: the system's libssl, configured as CPython configures
 * it for PROTOCOL_TLS_CLIENT / PROTOCOL_TLS_SERVER (peer verification and
 * a hostname check on the client, OpenSSL's default tickets and session
 * cache on the server).  Built only when Meson finds OpenSSL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "bench.h"

typedef struct st {
    SSL_CTX *cctx, *sctx;
    SSL_SESSION *sess;
    int saved;            /* keep the session as DER (i2d_SSL_SESSION) */
    unsigned char *blob;
    long blob_len;
} st;

typedef struct conn {
    SSL *ssl;
    int fd;
    int server;
} conn;

static int ossl_err(const char *what)
{
    char buf[256];
    unsigned long e = ERR_get_error();
    ERR_error_string_n(e, buf, sizeof(buf));
    bench_fail("openssl", "%s: %s", what, e ? buf : "(no error queued)");
    ERR_clear_error();
    return BENCH_FAIL;
}

static const char *os_unsupported(const bench_cfg *cfg)
{
    (void)cfg;
    return NULL;
}

static void os_teardown(void *p)
{
    st *s = p;
    if (s == NULL)
        return;
    SSL_SESSION_free(s->sess);
    OPENSSL_free(s->blob);
    SSL_CTX_free(s->cctx);
    SSL_CTX_free(s->sctx);
    free(s);
}

static void *os_setup(const bench_cfg *cfg)
{
    st *s = calloc(1, sizeof(*s));
    int ec = cfg->key == BENCH_KEY_EC;
    int v = cfg->tls13 ? TLS1_3_VERSION : TLS1_2_VERSION;

    if (s == NULL)
        return NULL;
    s->sctx = SSL_CTX_new(TLS_server_method());
    s->cctx = SSL_CTX_new(TLS_client_method());
    if (s->sctx == NULL || s->cctx == NULL) {
        ossl_err("SSL_CTX_new");
        goto fail;
    }
    if (SSL_CTX_use_certificate_chain_file(s->sctx, bench_path(cfg, ec ? "server-ec.pem"
                                                                       : "server-rsa.pem")) != 1 ||
        SSL_CTX_use_PrivateKey_file(s->sctx, bench_path(cfg, ec ? "server-ec.key" : "server-rsa.key"),
                                    SSL_FILETYPE_PEM) != 1) {
        ossl_err("server certificate");
        goto fail;
    }
    if (SSL_CTX_load_verify_locations(s->cctx, bench_path(cfg, "ca.pem"), NULL) != 1) {
        ossl_err("load_verify_locations");
        goto fail;
    }
    SSL_CTX_set_verify(s->cctx, SSL_VERIFY_PEER, NULL);
    if (SSL_CTX_set_min_proto_version(s->sctx, v) != 1 ||
        SSL_CTX_set_max_proto_version(s->sctx, v) != 1 ||
        SSL_CTX_set_min_proto_version(s->cctx, v) != 1 ||
        SSL_CTX_set_max_proto_version(s->cctx, v) != 1) {
        ossl_err("proto version");
        goto fail;
    }
    if (!cfg->tls13 && cfg->cipher != BENCH_CIPHER_DEFAULT) {
        const char *suite = cfg->cipher == BENCH_CIPHER_CHACHA20
                                ? (ec ? "ECDHE-ECDSA-CHACHA20-POLY1305" : "ECDHE-RSA-CHACHA20-POLY1305")
                                : (ec ? "ECDHE-ECDSA-AES256-GCM-SHA384" : "ECDHE-RSA-AES256-GCM-SHA384");
        if (SSL_CTX_set_cipher_list(s->cctx, suite) != 1) {
            ossl_err("set_cipher_list");
            goto fail;
        }
    }
    s->saved = cfg->saved;
    if (cfg->no_dhe) {
        SSL_CTX_set_options(s->sctx, SSL_OP_ALLOW_NO_DHE_KEX);
        SSL_CTX_set_options(s->cctx, SSL_OP_ALLOW_NO_DHE_KEX);
    }
    return s;
fail:
    os_teardown(s);
    return NULL;
}

static void os_conn_free(void *p)
{
    conn *c = p;
    if (c == NULL)
        return;
    /* Freed without a shutdown, OpenSSL marks the session not resumable;
     * the other stacks keep it, and none of them sends close_notify here. */
    if (c->ssl != NULL)
        SSL_set_shutdown(c->ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
    SSL_free(c->ssl);
    close(c->fd);
    free(c);
}

static void *os_conn_new(void *p, int fd, int server, int resume)
{
    st *s = p;
    conn *c = calloc(1, sizeof(*c));

    if (c == NULL) {
        close(fd);
        return NULL;
    }
    c->fd = fd;
    c->server = server;
    c->ssl = SSL_new(server ? s->sctx : s->cctx);
    if (c->ssl == NULL || SSL_set_fd(c->ssl, fd) != 1) {
        ossl_err("SSL_new");
        goto fail;
    }
    if (server) {
        SSL_set_accept_state(c->ssl);
    } else {
        SSL_set_connect_state(c->ssl);
        if (SSL_set_tlsext_host_name(c->ssl, "localhost") != 1 ||
            SSL_set1_host(c->ssl, "localhost") != 1) {
            ossl_err("hostname");
            goto fail;
        }
        if (resume && s->saved && s->blob != NULL) {
            /* As after a restart: the session comes from its bytes. */
            const unsigned char *q = s->blob;
            SSL_SESSION *loaded = d2i_SSL_SESSION(NULL, &q, s->blob_len);
            int ok = loaded != NULL && SSL_set_session(c->ssl, loaded) == 1;
            SSL_SESSION_free(loaded);
            if (!ok) {
                ossl_err("d2i_SSL_SESSION/SSL_set_session");
                goto fail;
            }
        } else if (resume && s->sess != NULL && SSL_set_session(c->ssl, s->sess) != 1) {
            ossl_err("SSL_set_session");
            goto fail;
        }
    }
    return c;
fail:
    os_conn_free(c);
    return NULL;
}

/* BENCH_AGAIN for the retryable errors, BENCH_FAIL (printed) otherwise. */
static int status(conn *c, int r, const char *what)
{
    int e = SSL_get_error(c->ssl, r);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
        return BENCH_AGAIN;
    if (e == SSL_ERROR_ZERO_RETURN) {
        bench_fail("openssl", "%s: EOF", what);
        return BENCH_FAIL;
    }
    return ossl_err(what);
}

static int os_handshake(void *p)
{
    conn *c = p;
    int r = SSL_do_handshake(c->ssl);
    if (r == 1)
        return BENCH_DONE;
    return status(c, r, c->server ? "server handshake" : "client handshake");
}

static long os_write(void *p, const void *buf, size_t len)
{
    conn *c = p;
    size_t n = 0;
    if (SSL_write_ex(c->ssl, buf, len, &n) == 1)
        return (long)n;
    return status(c, 0, "SSL_write") == BENCH_AGAIN ? 0 : BENCH_FAIL;
}

static long os_read(void *p, void *buf, size_t len)
{
    conn *c = p;
    size_t n = 0;
    if (SSL_read_ex(c->ssl, buf, len, &n) == 1)
        return (long)n;
    return status(c, 0, "SSL_read") == BENCH_AGAIN ? 0 : BENCH_FAIL;
}

static int os_session_reused(void *p)
{
    conn *c = p;
    return SSL_session_reused(c->ssl) == 1;
}

static void os_save_session(void *p, void *cp)
{
    st *s = p;
    conn *c = cp;
    SSL_SESSION *sess = SSL_get1_session(c->ssl);
    if (sess != NULL && s->saved) {
        OPENSSL_free(s->blob);
        s->blob = NULL;
        s->blob_len = i2d_SSL_SESSION(sess, &s->blob);
        if (s->blob_len <= 0)
            s->blob = NULL;
        SSL_SESSION_free(sess);
    } else if (sess != NULL) {
        SSL_SESSION_free(s->sess);
        s->sess = sess;
    }
}

static void os_describe(void *p, char *buf, size_t n)
{
    conn *c = p;
    snprintf(buf, n, "%s %s", SSL_get_version(c->ssl), SSL_get_cipher_name(c->ssl));
}

const bench_stack bench_openssl = {
    .name = "openssl",
    .unsupported = os_unsupported,
    .setup = os_setup,
    .teardown = os_teardown,
    .conn_new = os_conn_new,
    .conn_free = os_conn_free,
    .handshake = os_handshake,
    .write = os_write,
    .read = os_read,
    .session_reused = os_session_reused,
    .save_session = os_save_session,
    .describe = os_describe,
};
