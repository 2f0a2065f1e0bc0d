/*
 * The sslite columns: CPython-default contexts (PROTOCOL_TLS_SERVER /
 * PROTOCOL_TLS_CLIENT, so the client verifies the chain and the hostname),
 * connections through sslite_context_wrap_socket() on a non-blocking
 * descriptor, exactly as an application would use them ("sslite"), or
 * through SSLObject + two MemoryBIOs that the bench moves to and from the
 * descriptor itself, as an event loop does ("sslite-obj").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <sslite/sslite.h>
#include "bench.h"

typedef struct st {
    sslite_context *cctx, *sctx;
    sslite_session *sess;
    int saved;                /* keep the session as sealed bytes */
    unsigned char *blob;
    size_t blob_len;
    sslite_session *loaded;   /* the one loaded for the current connection */
} st;

static const unsigned char session_key[SSLITE_SESSION_KEY_SIZE] = "sslite-bench-session-key-32bytes";

typedef struct conn {
    sslite_socket *s;
    /* sslite-obj: the object, its BIOs, the descriptor, and the count of
     * a write accepted but not yet flushed (returned on the retry). */
    sslite_object *o;
    sslite_memorybio *in, *out;
    int fd;
    long owed;
} conn;

static const char *sl_unsupported(const bench_cfg *cfg)
{
    (void)cfg;
    return NULL;
}

static void sl_teardown(void *p)
{
    st *s = p;
    if (s == NULL)
        return;
    sslite_session_free(s->sess);
    sslite_session_free(s->loaded);
    free(s->blob);
    sslite_context_free(s->cctx);
    sslite_context_free(s->sctx);
    free(s);
}

static int pin_version(sslite_context *ctx, const bench_cfg *cfg)
{
    int v = cfg->tls13 ? SSLITE_TLSVersion_TLSv1_3 : SSLITE_TLSVersion_TLSv1_2;
    if (sslite_context_set_minimum_version(ctx, v) < 0 ||
        sslite_context_set_maximum_version(ctx, v) < 0) {
        bench_fail("sslite", "set version: %s", sslite_context_error(ctx)->message);
        return -1;
    }
    return 0;
}

static void *sl_setup(const bench_cfg *cfg)
{
    st *s = calloc(1, sizeof(*s));
    sslite_error err;
    int ec = cfg->key == BENCH_KEY_EC;

    if (s == NULL)
        return NULL;
    s->sctx = sslite_context_new(SSLITE_PROTOCOL_TLS_SERVER, &err);
    if (s->sctx == NULL) {
        bench_fail("sslite", "server context: %s", err.message);
        goto fail;
    }
    if (sslite_context_load_cert_chain(s->sctx, bench_path(cfg, ec ? "server-ec.pem" : "server-rsa.pem"),
                                       bench_path(cfg, ec ? "server-ec.key" : "server-rsa.key"),
                                       NULL, NULL, NULL) < 0) {
        bench_fail("sslite", "load_cert_chain: %s", sslite_context_error(s->sctx)->message);
        goto fail;
    }
    s->cctx = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
    if (s->cctx == NULL) {
        bench_fail("sslite", "client context: %s", err.message);
        goto fail;
    }
    if (sslite_context_load_verify_locations(s->cctx, bench_path(cfg, "ca.pem"), NULL, NULL, 0,
                                             SSLITE_CADATA_PEM) < 0) {
        bench_fail("sslite", "load_verify_locations: %s", sslite_context_error(s->cctx)->message);
        goto fail;
    }
    if (pin_version(s->sctx, cfg) < 0 || pin_version(s->cctx, cfg) < 0)
        goto fail;
    s->saved = cfg->saved;
    if (cfg->no_dhe &&
        (sslite_context_set_options(s->sctx, sslite_context_get_options(s->sctx) |
                                                 SSLITE_OP_ALLOW_NO_DHE_KEX) < 0 ||
         sslite_context_set_options(s->cctx, sslite_context_get_options(s->cctx) |
                                                 SSLITE_OP_ALLOW_NO_DHE_KEX) < 0))
        goto fail;
    if (!cfg->tls13 && cfg->cipher != BENCH_CIPHER_DEFAULT) {
        const char *suite = cfg->cipher == BENCH_CIPHER_CHACHA20
                                ? (ec ? "ECDHE-ECDSA-CHACHA20-POLY1305" : "ECDHE-RSA-CHACHA20-POLY1305")
                                : (ec ? "ECDHE-ECDSA-AES256-GCM-SHA384" : "ECDHE-RSA-AES256-GCM-SHA384");
        if (sslite_context_set_ciphers(s->cctx, suite) < 0) {
            bench_fail("sslite", "set_ciphers: %s", sslite_context_error(s->cctx)->message);
            goto fail;
        }
    }
    return s;
fail:
    sl_teardown(s);
    return NULL;
}

/* The session a client connection offers, or NULL. */
static sslite_session *offer(st *s, int server, int resume)
{
    sslite_error err;

    if (server || !resume)
        return NULL;
    if (!s->saved)
        return s->sess;
    /* As after a restart: the session comes from its bytes. */
    sslite_session_free(s->loaded);
    s->loaded = s->blob ? sslite_session_from_bytes(s->blob, s->blob_len, session_key,
                                                    sizeof(session_key), &err)
                        : NULL;
    if (s->blob != NULL && s->loaded == NULL)
        bench_fail("sslite", "session_from_bytes: %s", err.message);
    return s->loaded;
}

static void *sl_conn_new(void *p, int fd, int server, int resume)
{
    st *s = p;
    conn *c = calloc(1, sizeof(*c));
    sslite_error err;

    if (c == NULL) {
        close(fd);
        return NULL;
    }
    /* do_handshake_on_connect off: the driver steps both ends itself. */
    c->s = sslite_context_wrap_socket(server ? s->sctx : s->cctx, fd, server, 0, 1,
                                      server ? NULL : "localhost", offer(s, server, resume), &err);
    if (c->s == NULL) {
        bench_fail("sslite", "wrap_socket: %s", err.message);
        free(c);
        return NULL;
    }
    return c;
}

static void sl_conn_free(void *p)
{
    conn *c = p;
    if (c == NULL)
        return;
    sslite_socket_free(c->s); /* closes the descriptor */
    free(c);
}

static int want(int r)
{
    return r == SSLITE_ERR_WANT_READ || r == SSLITE_ERR_WANT_WRITE;
}

static int sl_handshake(void *p)
{
    conn *c = p;
    int r = sslite_socket_do_handshake(c->s);
    if (r == 0)
        return BENCH_DONE;
    if (want(r))
        return BENCH_AGAIN;
    bench_fail("sslite", "do_handshake: %s", sslite_socket_error(c->s)->message);
    return BENCH_FAIL;
}

static long sl_write(void *p, const void *buf, size_t len)
{
    conn *c = p;
    ssize_t n = sslite_socket_write(c->s, buf, len);
    if (n > 0)
        return (long)n;
    if (want((int)n))
        return 0;
    bench_fail("sslite", "write: %s", sslite_socket_error(c->s)->message);
    return BENCH_FAIL;
}

static long sl_read(void *p, void *buf, size_t len)
{
    conn *c = p;
    ssize_t n = sslite_socket_read(c->s, buf, len);
    if (n > 0)
        return (long)n;
    if (n < 0 && want((int)n))
        return 0;
    bench_fail("sslite", "read: %s", n == 0 ? "EOF" : sslite_socket_error(c->s)->message);
    return BENCH_FAIL;
}

static int sl_session_reused(void *p)
{
    conn *c = p;
    return sslite_socket_session_reused(c->s) == 1;
}

/* Keep a client connection's session (owned reference) for resumption. */
static void keep_session(st *s, sslite_session *sess)
{
    sslite_error err;
    if (sess != NULL && s->saved) {
        free(s->blob);
        s->blob = NULL;
        if (sslite_session_to_bytes(sess, session_key, sizeof(session_key), &s->blob, &s->blob_len,
                                    &err) < 0)
            bench_fail("sslite", "session_to_bytes: %s", err.message);
        sslite_session_free(sess);
    } else if (sess != NULL) {
        sslite_session_free(s->sess);
        s->sess = sess;
    }
}

static void sl_save_session(void *p, void *cp)
{
    conn *c = cp;
    keep_session(p, sslite_socket_session(c->s));
}

static void sl_describe(void *p, char *buf, size_t n)
{
    conn *c = p;
    sslite_cipher_info ci;
    const char *v = sslite_socket_version(c->s);
    if (sslite_socket_cipher(c->s, &ci) != 1)
        ci.name = "?";
    snprintf(buf, n, "%s %s", v ? v : "?", ci.name);
}

const bench_stack bench_sslite = {
    .name = "sslite",
    .unsupported = sl_unsupported,
    .setup = sl_setup,
    .teardown = sl_teardown,
    .conn_new = sl_conn_new,
    .conn_free = sl_conn_free,
    .handshake = sl_handshake,
    .write = sl_write,
    .read = sl_read,
    .session_reused = sl_session_reused,
    .save_session = sl_save_session,
    .describe = sl_describe,
};

/* ---------------------------------------------------------------- sslite-obj */

static void *ob_conn_new(void *p, int fd, int server, int resume)
{
    st *s = p;
    conn *c = calloc(1, sizeof(*c));
    sslite_error err;

    if (c == NULL) {
        close(fd);
        return NULL;
    }
    c->fd = fd;
    c->in = sslite_memorybio_new();
    c->out = sslite_memorybio_new();
    if (c->in != NULL && c->out != NULL)
        c->o = sslite_context_wrap_bio(server ? s->sctx : s->cctx, c->in, c->out, server,
                                       server ? NULL : "localhost", offer(s, server, resume),
                                       &err);
    if (c->o == NULL) {
        bench_fail("sslite-obj", "wrap_bio: %s", c->in && c->out ? err.message : "no memory");
        sslite_memorybio_free(c->in);
        sslite_memorybio_free(c->out);
        close(fd);
        free(c);
        return NULL;
    }
    return c;
}

static void ob_conn_free(void *p)
{
    conn *c = p;
    if (c == NULL)
        return;
    sslite_object_free(c->o);
    sslite_memorybio_free(c->in);
    sslite_memorybio_free(c->out);
    close(c->fd);
    free(c);
}

/* Descriptor -> incoming BIO, everything the socket has, read straight
 * into the BIO's own memory (reserve/commit), as a C event loop would.
 * FIONREAD sizes the reservation, so the BIO holds no more than arrived.
 * 0, or -1 on a socket error (an EOF shows as a stalled transfer). */
static int ob_pump_in(conn *c)
{
    for (;;) {
        unsigned char *b;
        ssize_t n;
        int avail = 0;
        if (ioctl(c->fd, FIONREAD, &avail) < 0) {
            bench_fail("sslite-obj", "FIONREAD: %s", strerror(errno));
            return -1;
        }
        if (avail <= 0)
            return 0;
        b = sslite_memorybio_reserve(c->in, (size_t)avail);
        if (b == NULL) {
            bench_fail("sslite-obj", "memorybio_reserve: %s", sslite_memorybio_error(c->in)->message);
            return -1;
        }
        n = read(c->fd, b, (size_t)avail);
        sslite_memorybio_commit(c->in, n > 0 ? (size_t)n : 0);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            bench_fail("sslite-obj", "read: %s", n == 0 ? "EOF" : strerror(errno));
            return -1;
        }
    }
}

/* Outgoing BIO -> descriptor, as far as the socket takes it: 1 when the
 * BIO is empty, 0 when bytes are left, -1 on a socket error. */
static int ob_flush(conn *c)
{
    for (;;) {
        size_t len;
        const unsigned char *b = sslite_memorybio_peek(c->out, &len);
        ssize_t n;
        if (len == 0)
            return 1;
        n = write(c->fd, b, len);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            bench_fail("sslite-obj", "write: %s", strerror(errno));
            return -1;
        }
        sslite_memorybio_consume(c->out, (size_t)n);
    }
}

static int ob_handshake(void *p)
{
    conn *c = p;
    int r;

    if (ob_pump_in(c) < 0)
        return BENCH_FAIL;
    r = sslite_object_do_handshake(c->o);
    if (ob_flush(c) < 0)
        return BENCH_FAIL;
    if (r == 0)
        return BENCH_DONE;
    if (want(r))
        return BENCH_AGAIN;
    bench_fail("sslite-obj", "do_handshake: %s", sslite_object_error(c->o)->message);
    return BENCH_FAIL;
}

/* A write counts once its records have left for the socket: until then
 * the driver calls again with the same arguments and gets the count. */
static long ob_write(void *p, const void *buf, size_t len)
{
    conn *c = p;
    int f = ob_flush(c);
    ssize_t n;

    if (f <= 0)
        return f < 0 ? BENCH_FAIL : 0;
    if (c->owed > 0) {
        long done = c->owed;
        c->owed = 0;
        return done;
    }
    if (ob_pump_in(c) < 0)
        return BENCH_FAIL;
    n = sslite_object_write(c->o, buf, len);
    if (n < 0 && !want((int)n)) {
        bench_fail("sslite-obj", "write: %s", sslite_object_error(c->o)->message);
        return BENCH_FAIL;
    }
    f = ob_flush(c);
    if (f < 0)
        return BENCH_FAIL;
    if (n <= 0)
        return 0;
    if (f == 0) {
        c->owed = (long)n;
        return 0;
    }
    return (long)n;
}

static long ob_read(void *p, void *buf, size_t len)
{
    conn *c = p;
    ssize_t n;

    if (ob_pump_in(c) < 0)
        return BENCH_FAIL;
    n = sslite_object_read(c->o, buf, len);
    if (ob_flush(c) < 0)
        return BENCH_FAIL;
    if (n > 0)
        return (long)n;
    if (n < 0 && want((int)n))
        return 0;
    bench_fail("sslite-obj", "read: %s", n == 0 ? "EOF" : sslite_object_error(c->o)->message);
    return BENCH_FAIL;
}

static int ob_session_reused(void *p)
{
    conn *c = p;
    return sslite_object_session_reused(c->o) == 1;
}

static void ob_save_session(void *p, void *cp)
{
    conn *c = cp;
    keep_session(p, sslite_object_session(c->o));
}

static void ob_describe(void *p, char *buf, size_t n)
{
    conn *c = p;
    sslite_cipher_info ci;
    const char *v = sslite_object_version(c->o);
    if (sslite_object_cipher(c->o, &ci) != 1)
        ci.name = "?";
    snprintf(buf, n, "%s %s", v ? v : "?", ci.name);
}

const bench_stack bench_sslite_object = {
    .name = "sslite-obj",
    .unsupported = sl_unsupported,
    .setup = sl_setup,
    .teardown = sl_teardown,
    .conn_new = ob_conn_new,
    .conn_free = ob_conn_free,
    .handshake = ob_handshake,
    .write = ob_write,
    .read = ob_read,
    .session_reused = ob_session_reused,
    .save_session = ob_save_session,
    .describe = ob_describe,
};
