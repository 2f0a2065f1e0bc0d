/* Helpers for SSLObject tests: a client and a server object in one process,
 * talking over two MemoryBIO pairs (the test pumps bytes between them) or
 * over user callbacks on two small in-memory pipes (bytes flow directly;
 * a small pipe capacity makes writes would-block). */
#ifndef SSLITE_TEST_OBJECT_UTIL_H
#define SSLITE_TEST_OBJECT_UTIL_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sslite/sslite.h>

static inline const char *cert_path(const char *name)
{
    static char buf[8][1024];
    static int i;
    const char *dir = getenv("SSLITE_TEST_CERTS");
    char *b = buf[i++ % 8];
    snprintf(b, sizeof(buf[0]), "%s/%s", dir ? dir : "test/certs/pki", name);
    return b;
}

static inline sslite_context *server_ctx(const char *cert, const char *key)
{
    sslite_error err;
    sslite_context *c = sslite_context_new(SSLITE_PROTOCOL_TLS_SERVER, &err);
    if (c == NULL || sslite_context_load_cert_chain(c, cert_path(cert), cert_path(key), NULL,
                                                     NULL, NULL) < 0) {
        fprintf(stderr, "# server ctx: %s\n", c ? sslite_context_error(c)->message : err.message);
        exit(1);
    }
    return c;
}

static inline sslite_context *client_ctx(void)
{
    sslite_error err;
    sslite_context *c = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
    if (c == NULL ||
        sslite_context_load_verify_locations(c, cert_path("ca.pem"), NULL, NULL, 0, 0) < 0) {
        fprintf(stderr, "# client ctx: %s\n", c ? sslite_context_error(c)->message : err.message);
        exit(1);
    }
    return c;
}

/* ---- an in-memory pipe for the callback transport ---- */

typedef struct mpipe {
    unsigned char *buf;
    size_t cap, len;
    int eof;        /* writer closed: recv returns 0 once drained */
    int fail_errno; /* non-zero: the next call fails with this errno */
    size_t total;   /* bytes ever sent through */
} mpipe;

typedef struct cb_end {
    mpipe *in, *out;
    int sends, recvs; /* calls seen */
} cb_end;

static inline ssize_t cb_send(void *ud, const unsigned char *buf, size_t len)
{
    cb_end *e = ud;
    mpipe *p = e->out;
    size_t room = p->cap - p->len;

    e->sends++;
    if (p->fail_errno) {
        errno = p->fail_errno;
        return SSLITE_IO_ERROR;
    }
    if (room == 0)
        return SSLITE_IO_WOULD_BLOCK;
    if (len > room)
        len = room;
    memcpy(p->buf + p->len, buf, len);
    p->len += len;
    p->total += len;
    return (ssize_t)len;
}

static inline ssize_t cb_recv(void *ud, unsigned char *buf, size_t len)
{
    cb_end *e = ud;
    mpipe *p = e->in;

    e->recvs++;
    if (p->fail_errno) {
        errno = p->fail_errno;
        return SSLITE_IO_ERROR;
    }
    if (p->len == 0)
        return p->eof ? 0 : SSLITE_IO_WOULD_BLOCK;
    if (len > p->len)
        len = p->len;
    memcpy(buf, p->buf, len);
    memmove(p->buf, p->buf + len, p->len - len);
    p->len -= len;
    return (ssize_t)len;
}

/* ---- a client/server pair ---- */

enum { KIND_BIO, KIND_CB };

typedef struct endpoint {
    sslite_object *obj;
    sslite_memorybio *in, *out; /* KIND_BIO */
    cb_end cb;                  /* KIND_CB */
} endpoint;

typedef struct pair {
    int kind;
    endpoint c, s;
    mpipe c2s, s2c; /* KIND_CB */
    sslite_error err;
} pair;

static inline const char *kind_name(int kind)
{
    return kind == KIND_BIO ? "memory BIO" : "callbacks";
}

/* Set up both ends; cap is the pipe capacity for KIND_CB.  Returns 0, or
 * -1 with pair->err filled. */
static inline int pair_init(pair *p, int kind, sslite_context *cctx, sslite_context *sctx,
                     const char *hostname, sslite_session *session, size_t cap)
{
    memset(p, 0, sizeof(*p));
    p->kind = kind;
    if (kind == KIND_BIO) {
        p->c.in = sslite_memorybio_new();
        p->c.out = sslite_memorybio_new();
        p->s.in = sslite_memorybio_new();
        p->s.out = sslite_memorybio_new();
        p->c.obj = sslite_context_wrap_bio(cctx, p->c.in, p->c.out, 0, hostname, session, &p->err);
        if (p->c.obj == NULL)
            return -1;
        p->s.obj = sslite_context_wrap_bio(sctx, p->s.in, p->s.out, 1, NULL, NULL, &p->err);
    } else {
        p->c2s.cap = p->s2c.cap = cap;
        p->c2s.buf = malloc(cap);
        p->s2c.buf = malloc(cap);
        p->c.cb.out = p->s.cb.in = &p->c2s;
        p->s.cb.out = p->c.cb.in = &p->s2c;
        p->c.obj = sslite_context_wrap_callbacks(cctx, cb_send, cb_recv, &p->c.cb, 0, hostname,
                                                 session, &p->err);
        if (p->c.obj == NULL)
            return -1;
        p->s.obj = sslite_context_wrap_callbacks(sctx, cb_send, cb_recv, &p->s.cb, 1, NULL, NULL,
                                                 &p->err);
    }
    return p->s.obj != NULL ? 0 : -1;
}

static inline void pair_free(pair *p)
{
    sslite_object_free(p->c.obj);
    sslite_object_free(p->s.obj);
    sslite_memorybio_free(p->c.in);
    sslite_memorybio_free(p->c.out);
    sslite_memorybio_free(p->s.in);
    sslite_memorybio_free(p->s.out);
    free(p->c2s.buf);
    free(p->s2c.buf);
    memset(p, 0, sizeof(*p));
}

/* Move everything from one BIO to another without a bounce buffer. */
static inline size_t bio_move(sslite_memorybio *from, sslite_memorybio *to)
{
    size_t moved = 0, n;
    const unsigned char *p;

    while ((p = sslite_memorybio_peek(from, &n)) != NULL) {
        if (sslite_memorybio_write(to, p, n) != (ssize_t)n)
            break;
        sslite_memorybio_consume(from, n);
        moved += n;
    }
    return moved;
}

/* Deliver what each side wrote to the other (KIND_BIO); a no-op for
 * callbacks, whose bytes are already in the pipes. */
static inline size_t pair_pump(pair *p)
{
    if (p->kind != KIND_BIO)
        return 0;
    return bio_move(p->c.out, p->s.in) + bio_move(p->s.out, p->c.in);
}

static inline int is_want(int r)
{
    return r == SSLITE_ERR_WANT_READ || r == SSLITE_ERR_WANT_WRITE;
}

/* Run both handshakes to completion.  0, or the first hard error (the
 * side in *who: 'c' or 's'). */
static inline int pair_handshake(pair *p, char *who)
{
    int rc = 1, rs = 1;

    for (int i = 0; i < 200; i++) {
        if (rc != 0) {
            rc = sslite_object_do_handshake(p->c.obj);
            if (rc < 0 && !is_want(rc)) {
                *who = 'c';
                return rc;
            }
        }
        if (rs != 0) {
            rs = sslite_object_do_handshake(p->s.obj);
            if (rs < 0 && !is_want(rs)) {
                *who = 's';
                return rs;
            }
        }
        pair_pump(p);
        if (rc == 0 && rs == 0)
            return 0;
        /* A TLS 1.3 server finishes by sending tickets; a client already
         * done takes them in only when it reads (as an application would),
         * so read to make room in a small pipe.  No application data flows
         * during these handshakes. */
        if (rc == 0 && rs == SSLITE_ERR_WANT_WRITE) {
            unsigned char scratch[16];
            int r = (int)sslite_object_read(p->c.obj, scratch, sizeof(scratch));
            if (r != SSLITE_ERR_WANT_READ) {
                *who = 'c';
                return r < 0 ? r : SSLITE_ERR_SSL;
            }
        }
    }
    *who = '?';
    return SSLITE_ERR_WANT_READ;
}

/* End the writer side of a direction with no close_notify (a truncated
 * stream): write_eof on the reader's incoming BIO, or EOF on the pipe. */
static inline void pair_eof_to(pair *p, endpoint *reader)
{
    if (p->kind == KIND_BIO)
        sslite_memorybio_write_eof(reader->in);
    else
        reader->cb.in->eof = 1;
}

/* pair_init for "localhost" (pipes of 600 bytes for KIND_CB), the
 * contexts released (the objects hold them), then pair_handshake. */
static inline int pair_connect(pair *p, int kind, sslite_context *cctx, sslite_context *sctx)
{
    char who;
    int r = pair_init(p, kind, cctx, sctx, "localhost", NULL, 600);

    sslite_context_free(cctx);
    sslite_context_free(sctx);
    return r == 0 ? pair_handshake(p, &who) : r;
}

/* Whether this build has post-handshake authentication (not with
 * -Dpost_handshake_auth=disabled or a system Mbed TLS). */
static inline int have_pha(void)
{
    sslite_context *probe = client_ctx();
    int r = sslite_context_set_post_handshake_auth(probe, 1);

    sslite_context_free(probe);
    return r != SSLITE_ERR_NOT_IMPLEMENTED;
}

#endif
