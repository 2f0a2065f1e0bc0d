/* SSLObject between a client and a server in one process, over memory BIOs
 * and over the callback transport: handshakes, facts, bulk transfer,
 * want-read / want-write sequences, unwrap both ways, truncated streams,
 * transport errors, session resumption.  Expected behaviour is CPython
 * 3.13's SSLObject (checked against python3 on the build machine). */
#include "tap.h"
#include "object_util.h"

static int starts_with(const char *s, const char *prefix)
{
    return s != NULL && strncmp(s, prefix, strlen(prefix)) == 0;
}

#define msg_starts(obj, prefix, what)                                                         \
    do {                                                                                      \
        const char *m_ = sslite_object_error(obj)->message;                                   \
        if (!ok(starts_with(m_, prefix), "%s", what))                                         \
            printf("#   got  \"%s\"\n#   want \"%s...\"\n", m_, prefix);                      \
    } while (0)

static sslite_context *g_sctx, *g_sctx_ec, *g_cctx;

static size_t out_pending(pair *p, endpoint *e)
{
    return p->kind == KIND_BIO ? sslite_memorybio_pending(e->out) : e->cb.out->len;
}

/* ---- facts before and after the handshake ---- */

static void test_facts(int kind, int maxver)
{
    pair p;
    char who = 0;
    int r;
    const unsigned char *der, *der2;
    size_t len, len2;
    sslite_cipher_info ci;
    unsigned char cb[64];
    size_t cblen = sizeof(cb);
    char buf[8];
    const char *vname = maxver == SSLITE_TLSVersion_TLSv1_2 ? "TLSv1.2" : "TLSv1.3";

    diag("facts over %s, %s", kind_name(kind), vname);
    sslite_context_set_maximum_version(g_cctx, maxver);
    if (!ok(pair_init(&p, kind, g_cctx, g_sctx, "localhost", NULL, 65536) == 0, "wrap: %s",
            p.err.message))
        return;

    /* Before the handshake: CPython's None / False / errors. */
    ok(sslite_object_version(p.c.obj) == NULL, "version() is None before the handshake");
    is_int(sslite_object_cipher(p.c.obj, &ci), 0, "cipher() is None");
    ok(sslite_object_selected_alpn_protocol(p.c.obj) == NULL, "selected_alpn_protocol() None");
    ok(sslite_object_compression(p.c.obj) == NULL, "compression() None");
    is_int(sslite_object_session_reused(p.c.obj), 0, "session_reused False");
    ok(sslite_object_session(p.c.obj) == NULL, "session None");
    is_int(sslite_object_pending(p.c.obj), 0, "pending() 0");
    is_int(sslite_object_server_side(p.c.obj), 0, "client: server_side False");
    is_int(sslite_object_server_side(p.s.obj), 1, "server: server_side True");
    is_str(sslite_object_server_hostname(p.c.obj), "localhost", "server_hostname");
    ok(sslite_object_server_hostname(p.s.obj) == NULL, "server: server_hostname None");
    ok(sslite_object_context(p.c.obj) == g_cctx, "context");
    is_int(sslite_object_getpeercert_der(p.c.obj, &der, &len), SSLITE_ERR_VALUE,
           "getpeercert(True) before the handshake: ValueError");
    is_str(sslite_object_error(p.c.obj)->message, "handshake not done yet", "its message");
    is_int(sslite_object_get_verified_chain_der(p.c.obj, 0, &der, &len), 0,
           "get_verified_chain() [] before the handshake");
    is_int(sslite_object_get_unverified_chain_der(p.c.obj, 0, &der, &len), 0,
           "get_unverified_chain() []");
    is_int(sslite_object_get_channel_binding(p.c.obj, NULL, cb, &cblen), 0,
           "get_channel_binding() None");
    is_int(sslite_object_get_channel_binding(p.c.obj, "tls-server-end-point", cb, &cblen),
           SSLITE_ERR_VALUE, "unknown channel binding: ValueError");
    is_str(sslite_object_error(p.c.obj)->message,
           "'tls-server-end-point' channel binding type not implemented", "its message");
    is_int(sslite_object_unwrap(p.c.obj), SSLITE_ERR_SSL, "unwrap() before the handshake");
    msg_starts(p.c.obj, "[SSL: SHUTDOWN_WHILE_IN_INIT] shutdown while in init (",
               "SHUTDOWN_WHILE_IN_INIT");
    is_int(sslite_object_read(p.c.obj, buf, 0), 0, "read(0) is b'' at once");
    is_int(out_pending(&p, &p.c), 0, "read(0) sent nothing");

    /* The first step sends the ClientHello and wants the reply. */
    is_int(sslite_object_do_handshake(p.s.obj), SSLITE_ERR_WANT_READ, "server waits");
    is_int(out_pending(&p, &p.s), 0, "server sent nothing yet");
    is_int(sslite_object_do_handshake(p.c.obj), SSLITE_ERR_WANT_READ,
           "client: SSLWantReadError after the ClientHello");
    is_int(sslite_object_error(p.c.obj)->errnum, SSLITE_SSL_ERROR_WANT_READ, "errno 2");
    msg_starts(p.c.obj, "The operation did not complete (read) (", "want-read message");
    ok(out_pending(&p, &p.c) > 100, "the ClientHello is already in outgoing (%zu bytes)",
       out_pending(&p, &p.c));

    r = pair_handshake(&p, &who);
    if (!ok(r == 0, "handshake completes")) {
        diag("%c: %s", who, sslite_object_error(who == 'c' ? p.c.obj : p.s.obj)->message);
        pair_free(&p);
        return;
    }
    is_int(sslite_object_do_handshake(p.c.obj), 0, "do_handshake() again: nothing to do");
    is_str(sslite_object_version(p.c.obj), vname, "client version()");
    is_str(sslite_object_version(p.s.obj), vname, "server version()");
    ok(sslite_object_cipher(p.c.obj, &ci) == 1, "cipher()");
    is_str(ci.name,
           maxver == SSLITE_TLSVersion_TLSv1_2 ? "ECDHE-RSA-AES256-GCM-SHA384"
                                               : "TLS_AES_256_GCM_SHA384",
           "cipher name as OpenSSL");
    is_str(ci.protocol, vname, "cipher protocol");
    is_int(ci.secret_bits, 256, "cipher bits");
    is_int(sslite_object_getpeercert_der(p.c.obj, &der, &len), 1, "client sees a peer cert");
    ok(len > 100 && der[0] == 0x30, "DER");
    is_int(sslite_object_get_unverified_chain_der(p.c.obj, 0, &der2, &len2), 1,
           "unverified chain [0]");
    ok(len2 == len && memcmp(der, der2, len) == 0, "unverified chain starts at the leaf");
    is_int(sslite_object_get_verified_chain_der(p.c.obj, 0, &der2, &len2), 1,
           "verified chain [0]");
    ok(len2 == len && memcmp(der, der2, len) == 0, "verified chain starts at the leaf");
    is_int(sslite_object_get_verified_chain_der(p.c.obj, 1, &der2, &len2), 1,
           "verified chain [1]: the CA");
    is_int(sslite_object_get_verified_chain_der(p.c.obj, 2, &der2, &len2), 0,
           "verified chain ends at the trust anchor");
    is_int(sslite_object_get_unverified_chain_der(p.c.obj, 1, &der2, &len2), 0,
           "a server without the CA in its store sent its leaf alone");
    is_int(sslite_object_getpeercert_der(p.s.obj, &der, &len), 0,
           "server: the client sent no certificate");
    {
        /* The client's Finished (12 bytes in TLS 1.2, SHA-384's 48 in TLS
         * 1.3, as OpenSSL), the same at both ends. */
        unsigned char scb[64];
        size_t scblen = sizeof(scb);
        size_t want = maxver == SSLITE_TLSVersion_TLSv1_2 ? 12 : 48;
        cblen = sizeof(cb);
        is_int(sslite_object_get_channel_binding(p.c.obj, "tls-unique", cb, &cblen), 1,
               "client: tls-unique");
        is_int((long)cblen, (long)want, "its length");
        is_int(sslite_object_get_channel_binding(p.s.obj, NULL, scb, &scblen), 1,
               "server: tls-unique");
        ok(scblen == cblen && memcmp(cb, scb, cblen) == 0, "both ends agree");
        scblen = 8;
        is_int(sslite_object_get_channel_binding(p.s.obj, NULL, scb, &scblen), 0,
               "too little room: None");
    }
    is_int(sslite_object_session_reused(p.c.obj), 0, "not resumed");
    pair_free(&p);
}

/* Show the side's error for a handshake that failed; 0, for ok(). */
static int diag_failure(pair *p, char who)
{
    diag("%c: %s", who, sslite_object_error(who == 's' ? p->s.obj : p->c.obj)->message);
    return 0;
}

static void test_alpn(int kind)
{
    const char *cp[] = {"spdy/1", "h2"}, *sp[] = {"h2", "http/1.1"};
    pair p;
    char who;
    int r;

    sslite_context_set_maximum_version(g_cctx, SSLITE_TLSVersion_MAXIMUM_SUPPORTED);
    sslite_context_set_alpn_protocols(g_cctx, cp, 2);
    sslite_context_set_alpn_protocols(g_sctx_ec, sp, 2);
    if (pair_init(&p, kind, g_cctx, g_sctx_ec, "localhost", NULL, 65536) == 0 &&
        ok(pair_handshake(&p, &who) == 0, "ALPN handshake (%s)", kind_name(kind))) {
        is_str(sslite_object_selected_alpn_protocol(p.c.obj), "h2", "client ALPN");
        is_str(sslite_object_selected_alpn_protocol(p.s.obj), "h2", "server ALPN");
    }
    pair_free(&p);

    /* No overlap: as OpenSSL's server (python3 on both ends prints None,
     * None), the handshake goes on without ALPN, in both versions; the
     * server's order decides when both lists share several. */
    for (int v = 0; v < 2; v++) {
        const char *none[] = {"http/1.1"}, *cback[] = {"b", "a"}, *sab[] = {"a", "b"};
        const char *vname = v ? "TLS 1.2" : "TLS 1.3";

        sslite_context_set_maximum_version(g_cctx, v ? SSLITE_TLSVersion_TLSv1_2
                                                     : SSLITE_TLSVersion_MAXIMUM_SUPPORTED);
        sslite_context_set_alpn_protocols(g_cctx, none, 1);
        sslite_context_set_alpn_protocols(g_sctx_ec, sp, 1);
        who = 'c';
        if (pair_init(&p, kind, g_cctx, g_sctx_ec, "localhost", NULL, 65536) == 0 &&
            ok((r = pair_handshake(&p, &who)) == 0 || diag_failure(&p, who),
               "ALPN without overlap: handshake (%s, %s)", kind_name(kind), vname)) {
            ok(sslite_object_selected_alpn_protocol(p.c.obj) == NULL, "  client: None");
            ok(sslite_object_selected_alpn_protocol(p.s.obj) == NULL, "  server: None");
        }
        pair_free(&p);
        sslite_context_set_alpn_protocols(g_cctx, cback, 2);
        sslite_context_set_alpn_protocols(g_sctx_ec, sab, 2);
        if (pair_init(&p, kind, g_cctx, g_sctx_ec, "localhost", NULL, 65536) == 0 &&
            ok(pair_handshake(&p, &who) == 0, "ALPN [b, a] to [a, b] (%s, %s)",
               kind_name(kind), vname)) {
            is_str(sslite_object_selected_alpn_protocol(p.c.obj), "a", "  the server's first");
            is_str(sslite_object_selected_alpn_protocol(p.s.obj), "a", "  on both sides");
        }
        pair_free(&p);
        sslite_context_set_alpn_protocols(g_cctx, NULL, 0);
        if (pair_init(&p, kind, g_cctx, g_sctx_ec, "localhost", NULL, 65536) == 0 &&
            ok(pair_handshake(&p, &who) == 0, "no ALPN from the client (%s, %s)",
               kind_name(kind), vname)) {
            ok(sslite_object_selected_alpn_protocol(p.s.obj) == NULL, "  server: None");
        }
        pair_free(&p);
    }
    sslite_context_set_maximum_version(g_cctx, SSLITE_TLSVersion_MAXIMUM_SUPPORTED);
    sslite_context_set_alpn_protocols(g_sctx_ec, NULL, 0);

    /* After a HelloRetryRequest (the server takes only a group the client
     * sent no key share for), the second ClientHello decides. */
    {
        sslite_context *hrr = server_ctx("server-ec.pem", "server-ec.key");
        sslite_context_set_ecdh_curve(hrr, "secp384r1");
        sslite_context_set_alpn_protocols(hrr, sp, 2);
        sslite_context_set_alpn_protocols(g_cctx, cp, 2);
        if (pair_init(&p, kind, g_cctx, hrr, "localhost", NULL, 65536) == 0 &&
            ok(pair_handshake(&p, &who) == 0, "ALPN after HelloRetryRequest (%s)",
               kind_name(kind))) {
            is_str(sslite_object_selected_alpn_protocol(p.c.obj), "h2", "  client ALPN");
            is_str(sslite_object_selected_alpn_protocol(p.s.obj), "h2", "  server ALPN");
        }
        pair_free(&p);
        sslite_context_free(hrr);
    }
    sslite_context_set_alpn_protocols(g_cctx, NULL, 0);
}

/* ---- bulk transfer ---- */

static unsigned char pattern(size_t i)
{
    return (unsigned char)((i * 2654435761u) >> 13);
}

/* Send total bytes from one end to the other in writes of `chunk`,
 * interleaving reads; returns 0 when everything arrived intact. */
static int transfer(pair *p, endpoint *from, endpoint *to, size_t total, size_t chunk,
                    int *saw_want_write)
{
    unsigned char *wbuf = malloc(chunk), rbuf[16384];
    size_t sent = 0, got = 0, iter = 0, pending_len = 0;
    int bad = 0;

    while (got < total && iter++ < 10000000) {
        if (sent < total) {
            ssize_t n;
            if (pending_len == 0) {
                /* A fresh write; a retry offers the same buffer again. */
                pending_len = total - sent < chunk ? total - sent : chunk;
                for (size_t i = 0; i < pending_len; i++)
                    wbuf[i] = pattern(sent + i);
            }
            n = sslite_object_write(from->obj, wbuf, pending_len);
            if (n >= 0) {
                if ((size_t)n != pending_len) {
                    diag("partial write %zd of %zu", n, pending_len);
                    bad = 1;
                    break;
                }
                sent += pending_len;
                pending_len = 0;
            } else if (n == SSLITE_ERR_WANT_WRITE) {
                *saw_want_write = 1;
            } else if (n != SSLITE_ERR_WANT_READ) {
                diag("write: %s", sslite_object_error(from->obj)->message);
                bad = 1;
                break;
            }
        }
        pair_pump(p);
        for (;;) {
            ssize_t n = sslite_object_read(to->obj, rbuf, sizeof(rbuf));
            if (n == SSLITE_ERR_WANT_READ)
                break;
            if (n <= 0) {
                diag("read: %zd %s", n, sslite_object_error(to->obj)->message);
                bad = 1;
                break;
            }
            for (ssize_t i = 0; i < n; i++)
                if (rbuf[i] != pattern(got + (size_t)i))
                    bad = 1;
            got += (size_t)n;
        }
        if (bad)
            break;
    }
    free(wbuf);
    return bad || got != total ? -1 : 0;
}

static void test_bulk(int kind, size_t cap)
{
    pair p;
    char who;
    int ww = 0;
    const size_t total = 10u * 1024 * 1024;

    sslite_context_set_maximum_version(g_cctx, SSLITE_TLSVersion_MAXIMUM_SUPPORTED);
    if (pair_init(&p, kind, g_cctx, g_sctx, "localhost", NULL, cap) < 0 ||
        !ok(pair_handshake(&p, &who) == 0, "bulk: handshake (%s)", kind_name(kind))) {
        pair_free(&p);
        return;
    }
    ok(transfer(&p, &p.c, &p.s, total, 65536, &ww) == 0,
       "10 MB client to server intact (%s, 64 KiB writes)", kind_name(kind));
    ok(transfer(&p, &p.s, &p.c, total, 1000000, &ww) == 0,
       "10 MB server to client intact (%s, 1 MB writes)", kind_name(kind));
    if (kind == KIND_CB)
        ok(ww, "a full pipe made writes want-write, retried with the same buffer");
    else
        ok(!ww, "memory BIOs never want-write");
    if (kind == KIND_BIO)
        is_int(sslite_memorybio_pending(p.c.out) + sslite_memorybio_pending(p.s.out), 0,
               "everything was delivered");
    pair_free(&p);
}

/* ---- want-read / want-write sequences ---- */

static void test_want_read_bytewise(void)
{
    pair p;
    char who;
    unsigned char rec[256], buf[64];
    size_t n;
    int wants = 0;
    ssize_t r = 0;

    diag("a record delivered one byte at a time");
    if (pair_init(&p, KIND_BIO, g_cctx, g_sctx, "localhost", NULL, 0) < 0 ||
        pair_handshake(&p, &who) < 0) {
        ok(0, "handshake");
        pair_free(&p);
        return;
    }
    is_int(sslite_object_read(p.c.obj, buf, sizeof(buf)), SSLITE_ERR_WANT_READ,
           "read with nothing incoming: SSLWantReadError");
    is_int(sslite_object_write(p.s.obj, "hello", 5), 5, "server write(b'hello')");
    n = (size_t)sslite_memorybio_read(p.s.out, rec, -1, sizeof(rec));
    ok(n > 5 && n < sizeof(rec), "one record in outgoing (%zu bytes)", n);
    is_int(sslite_object_read(p.c.obj, buf, sizeof(buf)), SSLITE_ERR_WANT_READ,
           "not delivered yet: SSLWantReadError");
    for (size_t i = 0; i < n; i++) {
        sslite_memorybio_write(p.c.in, rec + i, 1);
        r = sslite_object_read(p.c.obj, buf, sizeof(buf));
        if (r == SSLITE_ERR_WANT_READ)
            wants++;
        else
            break;
    }
    is_int(wants, (int)n - 1, "SSLWantReadError until the last byte");
    is_int(r, 5, "then the data");
    ok(memcmp(buf, "hello", 5) == 0, "intact");
    is_int(sslite_memorybio_pending(p.c.in), 0, "incoming drained");

    /* pending(): a partial read leaves decrypted bytes inside. */
    sslite_object_write(p.s.obj, "0123456789", 10);
    pair_pump(&p);
    is_int(sslite_object_read(p.c.obj, buf, 4), 4, "read(4) of 10");
    is_int(sslite_object_pending(p.c.obj), 6, "pending() 6");
    is_int(sslite_object_read(p.c.obj, buf, sizeof(buf)), 6, "the rest");
    ok(memcmp(buf, "456789", 6) == 0, "in order");
    is_int(sslite_object_pending(p.c.obj), 0, "pending() 0");
    pair_free(&p);
}

static void test_write_drives_handshake(int kind)
{
    pair p;
    char who;
    unsigned char buf[16];

    if (pair_init(&p, kind, g_cctx, g_sctx, "localhost", NULL, 65536) < 0) {
        ok(0, "wrap");
        return;
    }
    is_int(sslite_object_write(p.c.obj, "ping", 4), SSLITE_ERR_WANT_READ,
           "write() before the handshake starts it: SSLWantReadError (%s)", kind_name(kind));
    ok(out_pending(&p, &p.c) > 0, "ClientHello sent");
    is_int(sslite_object_read(p.s.obj, buf, sizeof(buf)), SSLITE_ERR_WANT_READ,
           "server read() before the handshake: runs it, wants more");
    pair_pump(&p);
    ok(pair_handshake(&p, &who) == 0, "handshake finishes");
    is_int(sslite_object_write(p.c.obj, "ping", 4), 4, "write(b'ping')");
    is_int(sslite_object_write(p.c.obj, "", 0), 0, "write(b'') after the handshake: 0");
    pair_pump(&p);
    is_int(sslite_object_read(p.s.obj, buf, sizeof(buf)), 4, "server reads it");
    pair_free(&p);
}

static void test_want_write(void)
{
    pair p;
    char who;
    int r, ww = 0;
    static unsigned char big[20000], back[20000];
    size_t got = 0;

    diag("callbacks over 64-byte pipes");
    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = pattern(i);
    if (pair_init(&p, KIND_CB, g_cctx, g_sctx, "localhost", NULL, 64) < 0) {
        ok(0, "wrap");
        return;
    }
    /* The ClientHello does not fit in 64 bytes: want-write until the
     * server drains the pipe. */
    r = sslite_object_do_handshake(p.c.obj);
    is_int(r, SSLITE_ERR_WANT_WRITE, "client handshake: SSLWantWriteError on a full pipe");
    is_int(sslite_object_error(p.c.obj)->errnum, SSLITE_SSL_ERROR_WANT_WRITE, "errno 3");
    msg_starts(p.c.obj, "The operation did not complete (write) (", "want-write message");
    is_int(p.c2s.len, 64, "the pipe is full");
    r = pair_handshake(&p, &who);
    if (!ok(r == 0, "the handshake completes through 64-byte pipes"))
        diag("%c: %d %s", who, r,
             sslite_object_error(who == 's' ? p.s.obj : p.c.obj)->message);

    r = (int)sslite_object_write(p.c.obj, big, sizeof(big));
    is_int(r, SSLITE_ERR_WANT_WRITE, "20000-byte write: SSLWantWriteError");
    for (int i = 0; i < 100000 && got < sizeof(big); i++) {
        ssize_t n;
        if (r != (int)sizeof(big)) {
            r = (int)sslite_object_write(p.c.obj, big, sizeof(big));
            if (r == SSLITE_ERR_WANT_WRITE)
                ww++;
        }
        n = sslite_object_read(p.s.obj, back + got, sizeof(back) - got);
        if (n > 0)
            got += (size_t)n;
        else if (n != SSLITE_ERR_WANT_READ)
            break;
    }
    is_int(r, (int)sizeof(big), "the retried write returns the whole length");
    ok(ww > 10, "after many want-writes (%d)", ww);
    ok(got == sizeof(big) && memcmp(big, back, sizeof(big)) == 0, "every byte arrived once");
    pair_free(&p);
}

/* ---- unwrap ---- */

static void test_unwrap(int kind, int server_first)
{
    pair p;
    char who;
    unsigned char buf[16];
    endpoint *a, *b;
    size_t before;

    if (pair_init(&p, kind, g_cctx, g_sctx, "localhost", NULL, 65536) < 0 ||
        pair_handshake(&p, &who) < 0) {
        ok(0, "handshake");
        pair_free(&p);
        return;
    }
    a = server_first ? &p.s : &p.c;
    b = server_first ? &p.c : &p.s;
    diag("unwrap started by the %s over %s", server_first ? "server" : "client",
         kind_name(kind));
    before = out_pending(&p, a);
    is_int(sslite_object_unwrap(a->obj), SSLITE_ERR_WANT_READ,
           "unwrap(): close_notify sent, SSLWantReadError until the peer's");
    ok(out_pending(&p, a) > before, "close_notify is in outgoing");
    is_int(sslite_object_unwrap(a->obj), SSLITE_ERR_WANT_READ, "again: still waiting");
    pair_pump(&p);
    is_int(sslite_object_read(b->obj, buf, sizeof(buf)), 0, "peer: read() b'' after close_notify");
    is_int(sslite_object_read(b->obj, buf, sizeof(buf)), 0, "and again b''");
    is_int(sslite_object_unwrap(b->obj), 0, "peer: unwrap() completes at once");
    is_int(sslite_object_read(b->obj, buf, sizeof(buf)), SSLITE_ERR_ZERO_RETURN,
           "peer: read() after both close_notify: SSLZeroReturnError");
    msg_starts(b->obj, "TLS/SSL connection has been closed (EOF) (", "its message");
    pair_pump(&p);
    is_int(sslite_object_unwrap(a->obj), 0, "unwrap() completes once the peer's arrived");
    is_int(sslite_object_unwrap(a->obj), 0, "unwrap() again: None");
    is_int(sslite_object_write(a->obj, "x", 1), SSLITE_ERR_SSL,
           "write() after unwrap(): SSLError");
    msg_starts(a->obj, "[SSL: PROTOCOL_IS_SHUTDOWN] protocol is shutdown (",
               "PROTOCOL_IS_SHUTDOWN");
    is_int(sslite_object_read(a->obj, buf, sizeof(buf)), SSLITE_ERR_ZERO_RETURN,
           "read() after unwrap(): SSLZeroReturnError");
    pair_free(&p);
}

static void test_half_close(int kind)
{
    pair p;
    char who;
    unsigned char buf[32];

    if (pair_init(&p, kind, g_cctx, g_sctx, "localhost", NULL, 65536) < 0 ||
        pair_handshake(&p, &who) < 0) {
        ok(0, "handshake");
        pair_free(&p);
        return;
    }
    is_int(sslite_object_unwrap(p.c.obj), SSLITE_ERR_WANT_READ, "client unwrap() (%s)",
           kind_name(kind));
    pair_pump(&p);
    is_int(sslite_object_read(p.s.obj, buf, sizeof(buf)), 0, "server sees close_notify");
    is_int(sslite_object_write(p.s.obj, "late data", 9), 9,
           "server may still write after the peer's close_notify");
    pair_pump(&p);
    is_int(sslite_object_read(p.c.obj, buf, sizeof(buf)), 9,
           "client read() after its close_notify still gets data");
    ok(memcmp(buf, "late data", 9) == 0, "intact");
    is_int(sslite_object_unwrap(p.s.obj), 0, "server unwrap()");
    pair_pump(&p);
    is_int(sslite_object_read(p.c.obj, buf, sizeof(buf)), SSLITE_ERR_ZERO_RETURN,
           "client read() then meets the close_notify: SSLZeroReturnError");
    is_int(sslite_object_unwrap(p.c.obj), 0, "client unwrap() done");
    pair_free(&p);
}

/* ---- truncated streams ---- */

static void test_truncated(int kind)
{
    pair p;
    char who;
    unsigned char buf[32];

    diag("truncated streams over %s", kind_name(kind));
    if (pair_init(&p, kind, g_cctx, g_sctx, "localhost", NULL, 65536) < 0 ||
        pair_handshake(&p, &who) < 0) {
        ok(0, "handshake");
        pair_free(&p);
        return;
    }
    sslite_object_write(p.s.obj, "abc", 3);
    pair_pump(&p);
    pair_eof_to(&p, &p.c);
    is_int(sslite_object_read(p.c.obj, buf, sizeof(buf)), 3, "data before the EOF is read");
    is_int(sslite_object_read(p.c.obj, buf, sizeof(buf)), SSLITE_ERR_EOF,
           "EOF without close_notify: SSLEOFError (no ragged-EOF suppression)");
    is_int(sslite_object_error(p.c.obj)->errnum, SSLITE_SSL_ERROR_EOF, "errno 8");
    msg_starts(p.c.obj,
               "[SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of protocol (",
               "UNEXPECTED_EOF_WHILE_READING");
    /* OpenSSL has failed the connection: CPython's answers from then on. */
    is_int(sslite_object_read(p.c.obj, buf, sizeof(buf)), SSLITE_ERR_EOF, "read again: SSLEOFError");
    is_str(sslite_object_error(p.c.obj)->reason, "", "now without a reason");
    msg_starts(p.c.obj, "EOF occurred in violation of protocol (", "reason-less message");
    is_int(sslite_object_write(p.c.obj, "x", 1), SSLITE_ERR_EOF, "write: SSLEOFError");
    is_int(sslite_object_do_handshake(p.c.obj), SSLITE_ERR_SYSCALL,
           "do_handshake: SSLSyscallError");
    msg_starts(p.c.obj, "Some I/O error occurred (", "its message");
    is_int(sslite_object_unwrap(p.c.obj), SSLITE_ERR_SSL, "unwrap: SSLError");
    msg_starts(p.c.obj, "[SSL: SHUTDOWN_WHILE_IN_INIT] shutdown while in init (", "its message");
    pair_free(&p);

    if (pair_init(&p, kind, g_cctx, g_sctx, "localhost", NULL, 65536) < 0) {
        ok(0, "wrap");
        return;
    }
    is_int(sslite_object_do_handshake(p.c.obj), SSLITE_ERR_WANT_READ, "ClientHello sent");
    pair_eof_to(&p, &p.c);
    is_int(sslite_object_do_handshake(p.c.obj), SSLITE_ERR_EOF,
           "EOF during the handshake: SSLEOFError");
    pair_free(&p);

    if (pair_init(&p, kind, g_cctx, g_sctx, "localhost", NULL, 65536) < 0 ||
        pair_handshake(&p, &who) < 0) {
        ok(0, "handshake");
        pair_free(&p);
        return;
    }
    is_int(sslite_object_unwrap(p.c.obj), SSLITE_ERR_WANT_READ, "unwrap() waits");
    pair_eof_to(&p, &p.c);
    is_int(sslite_object_unwrap(p.c.obj), SSLITE_ERR_EOF,
           "EOF instead of the peer's close_notify: SSLEOFError");
    pair_free(&p);
}

static void test_transport_error(void)
{
    pair p;
    char who;
    unsigned char buf[16];

    if (pair_init(&p, KIND_CB, g_cctx, g_sctx, "localhost", NULL, 65536) < 0 ||
        pair_handshake(&p, &who) < 0) {
        ok(0, "handshake");
        pair_free(&p);
        return;
    }
    p.s2c.fail_errno = EIO;
    is_int(sslite_object_read(p.c.obj, buf, sizeof(buf)), SSLITE_ERR_OS,
           "recv callback failing: OSError");
    is_int(sslite_object_error(p.c.obj)->errnum, EIO, "with the callback's errno");
    p.c2s.fail_errno = EPIPE;
    is_int(sslite_object_write(p.c.obj, "x", 1), SSLITE_ERR_OS, "send callback failing: OSError");
    is_int(sslite_object_error(p.c.obj)->errnum, EPIPE, "with the callback's errno");
    pair_free(&p);
}

static void test_bad_args(void)
{
    sslite_error err;
    sslite_memorybio *a = sslite_memorybio_new(), *b = sslite_memorybio_new();
    sslite_session *sess = NULL;

    ok(sslite_context_wrap_bio(g_cctx, NULL, b, 0, "localhost", NULL, &err) == NULL &&
           err.type == SSLITE_ERR_TYPE,
       "wrap_bio(None, ...): TypeError");
    is_str(err.message, "_wrap_bio() argument 'incoming' must be _ssl.MemoryBIO, not None",
           "its message");
    ok(sslite_context_wrap_bio(g_cctx, a, b, 0, NULL, NULL, &err) == NULL &&
           err.type == SSLITE_ERR_VALUE,
       "check_hostname without server_hostname: ValueError");
    is_str(err.message, "check_hostname requires server_hostname", "its message");
    ok(sslite_context_wrap_bio(g_sctx, a, b, 1, "localhost", NULL, &err) == NULL &&
           err.type == SSLITE_ERR_VALUE,
       "server_hostname on a server: ValueError");
    is_str(err.message, "server_hostname can only be specified in client mode", "its message");
    ok(sslite_context_wrap_bio(g_sctx, a, b, 0, "localhost", sess, &err) == NULL &&
           err.type == SSLITE_ERR_VALUE,
       "client object from a PROTOCOL_TLS_SERVER context: ValueError");
    ok(sslite_context_wrap_callbacks(g_cctx, NULL, cb_recv, NULL, 0, "localhost", NULL, &err) ==
               NULL && err.type == SSLITE_ERR_TYPE,
       "wrap_callbacks without send: TypeError");
    ok(sslite_context_wrap_bio(g_cctx, a, b, 0, "", NULL, &err) == NULL &&
           err.type == SSLITE_ERR_VALUE,
       "empty server_hostname: ValueError");
    sslite_memorybio_free(a);
    sslite_memorybio_free(b);
}

/* ---- the chains each side sees ---- */

static int der_is(sslite_object *obj, int verified, int index, const char *file)
{
    const unsigned char *der;
    unsigned char *want = NULL;
    size_t len, want_len = 0, n;
    sslite_error err;
    char text[16384];
    FILE *f;
    int r = verified ? sslite_object_get_verified_chain_der(obj, index, &der, &len)
                     : sslite_object_get_unverified_chain_der(obj, index, &der, &len);
    int same;

    if (r != 1 || (f = fopen(cert_path(file), "r")) == NULL)
        return 0;
    n = fread(text, 1, sizeof(text), f);
    fclose(f);
    if (sslite_pem_read_cert(text, n, &want, &want_len, NULL, &err) < 0)
        return 0;
    same = want_len == len && memcmp(want, der, len) == 0;
    free(want);
    return same;
}

/* A certificate loaded without its issuers is sent with the chain OpenSSL
 * builds from the sender's trust store, root included: with the CA loaded
 * at both ends each side's unverified chain is [leaf, CA] (test_facts: the
 * leaf alone from a server without it).  The verified chain is [leaf, CA]
 * on both sides (CPython's test_internal_chain_client/_server). */
static void test_chains(int maxver)
{
    const char *vname = maxver == SSLITE_TLSVersion_TLSv1_2 ? "TLSv1.2" : "TLSv1.3";
    sslite_context *sctx = server_ctx("server-rsa.pem", "server-rsa.key");
    sslite_context *cctx = client_ctx();
    const unsigned char *der;
    size_t len;
    pair p;
    char who;

    sslite_context_set_maximum_version(cctx, maxver);
    if (!ok(sslite_context_load_cert_chain(cctx, cert_path("client.pem"), cert_path("client.key"),
                                           NULL, NULL, NULL) == 0 &&
                sslite_context_set_verify_mode(sctx, SSLITE_CERT_REQUIRED) == 0 &&
                sslite_context_load_verify_locations(sctx, cert_path("ca.pem"), NULL, NULL, 0,
                                                     0) == 0,
            "%s: client certificate, server CERT_REQUIRED", vname))
        goto out;
    if (!ok(pair_init(&p, KIND_BIO, cctx, sctx, "localhost", NULL, 65536) == 0 &&
                pair_handshake(&p, &who) == 0,
            "%s: handshake with the client's certificate", vname)) {
        pair_free(&p);
        goto out;
    }
    ok(der_is(p.s.obj, 1, 0, "client.pem") && der_is(p.s.obj, 1, 1, "ca.pem"),
       "%s: server: verified chain [client, CA]", vname);
    is_int(sslite_object_get_verified_chain_der(p.s.obj, 2, &der, &len), 0,
           "%s: server: verified chain ends at the CA", vname);
    ok(der_is(p.s.obj, 0, 0, "client.pem") && der_is(p.s.obj, 0, 1, "ca.pem"),
       "%s: server: the client sent [client, CA] (chain built from its trust store)", vname);
    is_int(sslite_object_get_unverified_chain_der(p.s.obj, 2, &der, &len), 0,
           "%s: server: two certificates received", vname);
    ok(der_is(p.c.obj, 1, 0, "server-rsa.pem") && der_is(p.c.obj, 1, 1, "ca.pem"),
       "%s: client: verified chain [server, CA]", vname);
    ok(der_is(p.c.obj, 0, 0, "server-rsa.pem") && der_is(p.c.obj, 0, 1, "ca.pem"),
       "%s: client: the server (its store has the CA now) sent [server, CA]", vname);
    pair_free(&p);
out:
    sslite_context_free(sctx);
    sslite_context_free(cctx);
}

/* ---- sessions ---- */

static void test_resumption(int kind, int maxver)
{
    pair p;
    char who;
    unsigned char buf[8];
    sslite_session *sess;
    unsigned char full[64], cb[64], scb[64];
    size_t fulllen = sizeof(full), cblen = sizeof(cb), scblen = sizeof(scb);

    sslite_context_set_maximum_version(g_cctx, maxver);
    if (pair_init(&p, kind, g_cctx, g_sctx, "localhost", NULL, 65536) < 0 ||
        pair_handshake(&p, &who) < 0) {
        ok(0, "handshake");
        pair_free(&p);
        sslite_context_set_maximum_version(g_cctx, SSLITE_TLSVersion_MAXIMUM_SUPPORTED);
        return;
    }
    /* TLS 1.3 tickets come after the handshake: let the client read them. */
    pair_pump(&p);
    (void)sslite_object_read(p.c.obj, buf, sizeof(buf));
    (void)sslite_object_get_channel_binding(p.c.obj, NULL, full, &fulllen);
    sess = sslite_object_session(p.c.obj);
    ok(sess != NULL, "session after the handshake (%s, %s)", kind_name(kind),
       maxver == SSLITE_TLSVersion_TLSv1_2 ? "TLSv1.2" : "TLSv1.3");
    pair_free(&p);
    if (sess == NULL) {
        sslite_context_set_maximum_version(g_cctx, SSLITE_TLSVersion_MAXIMUM_SUPPORTED);
        return;
    }
    if (pair_init(&p, kind, g_cctx, g_sctx, "localhost", sess, 65536) == 0) {
        sslite_session *s0 = sslite_object_session(p.c.obj);
        ok(s0 == sess, "before the handshake, session is the one given");
        sslite_session_free(s0);
        ok(pair_handshake(&p, &who) == 0, "resumed handshake");
        is_int(sslite_object_session_reused(p.c.obj), 1, "client: session_reused");
        is_int(sslite_object_session_reused(p.s.obj), 1, "server: session_reused");
        if (maxver == SSLITE_TLSVersion_TLSv1_2) {
            /* A ticket session has an id, as on OpenSSL (the SHA-256 of the
             * ticket), and the resumed session keeps it (CPython's
             * test_session). */
            sslite_session *s2 = sslite_object_session(p.c.obj);
            size_t idl = 0, id2l = 0;
            const unsigned char *id = sslite_session_id(sess, &idl);
            const unsigned char *id2 = s2 != NULL ? sslite_session_id(s2, &id2l) : NULL;
            is_int((long)idl, 32, "TLS 1.2 ticket session: a 32-byte id");
            ok(id2 != NULL && id2l == idl && memcmp(id, id2, idl) == 0,
               "the resumed session has the same id");
            sslite_session_free(s2);
        }
        /* Abbreviated: the server's Finished, which both ends give. */
        ok(sslite_object_get_channel_binding(p.c.obj, NULL, cb, &cblen) == 1 &&
               sslite_object_get_channel_binding(p.s.obj, NULL, scb, &scblen) == 1 &&
               cblen == scblen && memcmp(cb, scb, cblen) == 0,
           "resumed: tls-unique, the same at both ends");
        ok(cblen != fulllen || memcmp(cb, full, cblen) != 0,
           "resumed: not the first handshake's");
    }
    pair_free(&p);
    sslite_session_free(sess);
    sslite_context_set_maximum_version(g_cctx, SSLITE_TLSVersion_MAXIMUM_SUPPORTED);
}

int main(void)
{
    g_sctx = server_ctx("server-rsa.pem", "server-rsa.key");
    g_sctx_ec = server_ctx("server-ec.pem", "server-ec.key");
    g_cctx = client_ctx();

    for (int kind = KIND_BIO; kind <= KIND_CB; kind++) {
        test_facts(kind, SSLITE_TLSVersion_TLSv1_3);
        test_facts(kind, SSLITE_TLSVersion_TLSv1_2);
        sslite_context_set_maximum_version(g_cctx, SSLITE_TLSVersion_MAXIMUM_SUPPORTED);
        test_alpn(kind);
        test_write_drives_handshake(kind);
        test_unwrap(kind, 0);
        test_unwrap(kind, 1);
        test_half_close(kind);
        test_truncated(kind);
        test_resumption(kind, SSLITE_TLSVersion_TLSv1_3);
        test_resumption(kind, SSLITE_TLSVersion_TLSv1_2);
    }
    test_chains(SSLITE_TLSVersion_TLSv1_3);
    test_chains(SSLITE_TLSVersion_TLSv1_2);
    test_bulk(KIND_BIO, 0);
    test_bulk(KIND_CB, 5000);
    test_want_read_bytewise();
    test_want_write();
    test_transport_error();
    test_bad_args();

    sslite_context_free(g_sctx);
    sslite_context_free(g_sctx_ec);
    sslite_context_free(g_cctx);
    return done_testing();
}
