/* sslite/session_bytes.h (extension): sessions sealed to bytes and back;
 * resumption from a loaded session (TLS 1.2 and 1.3, any client context);
 * truncated, altered, foreign and wrongly keyed blobs refused with a
 * ValueError.  SSLITE_OP_ALLOW_NO_DHE_KEX: a TLS 1.3 resumption without
 * (EC)DHE (no key_share in the ServerHello) only when both sides set it. */
#include "object_util.h"
#include "tap.h"

static const unsigned char key[32] = "0123456789abcdef0123456789abcdef";

/* Whether the first record the server sent is a ServerHello with a
 * key_share extension (1), without (0), or not parsable (-1). */
static int server_hello_key_share(const unsigned char *b, size_t n)
{
    size_t off, end, exts;

    if (n < 5 + 4 + 2 + 32 + 1 || b[0] != 22 || b[5] != 2)
        return -1;
    end = 5 + ((size_t)b[3] << 8 | b[4]);
    if (end > n)
        return -1;
    off = 9 + 2 + 32;
    off += 1 + b[off];          /* legacy_session_id */
    off += 2 + 1;               /* cipher_suite, compression */
    if (off + 2 > end)
        return -1;
    exts = off + 2 + ((size_t)b[off] << 8 | b[off + 1]);
    for (off += 2; off + 4 <= exts && exts <= end;) {
        unsigned type = (unsigned)b[off] << 8 | b[off + 1];
        size_t len = (size_t)b[off + 2] << 8 | b[off + 3];
        if (type == 0x0033)
            return 1;
        off += 4 + len;
    }
    return 0;
}

typedef struct conn {
    int ok, reused, key_share;
    sslite_session *session;
} conn;

/* One connection over memory BIOs: handshake, one byte each way (a TLS 1.3
 * client takes its tickets in then), the client's session. */
static conn one(sslite_context *sctx, sslite_context *cctx, sslite_session *offer)
{
    conn r = {0, 0, -1, NULL};
    pair p;
    char who = '?';
    int rc = 1, rs = 1, i;
    unsigned char b[16];

    if (pair_init(&p, KIND_BIO, cctx, sctx, "localhost", offer, 0) < 0) {
        diag("setup: %s", p.err.message);
        pair_free(&p);
        return r;
    }
    for (i = 0; i < 200 && (rc != 0 || rs != 0); i++) {
        if (rc != 0 && (rc = sslite_object_do_handshake(p.c.obj)) < 0 && !is_want(rc))
            break;
        if (rs != 0 && (rs = sslite_object_do_handshake(p.s.obj)) < 0 && !is_want(rs)) {
            who = 's';
            break;
        }
        if (r.key_share < 0) {
            size_t n;
            const unsigned char *q = sslite_memorybio_peek(p.s.out, &n);
            if (q != NULL && n > 0)
                r.key_share = server_hello_key_share(q, n);
        }
        pair_pump(&p);
    }
    if (rc != 0 || rs != 0) {
        diag("handshake (%c): %s", who, sslite_object_error(who == 's' ? p.s.obj : p.c.obj)->message);
        pair_free(&p);
        return r;
    }
    r.ok = sslite_object_write(p.c.obj, "q", 1) == 1;
    pair_pump(&p);
    r.ok = r.ok && sslite_object_read(p.s.obj, b, sizeof(b)) == 1 &&
           sslite_object_write(p.s.obj, "a", 1) == 1;
    pair_pump(&p);
    r.ok = r.ok && sslite_object_read(p.c.obj, b, sizeof(b)) == 1;
    r.reused = sslite_object_session_reused(p.c.obj);
    if (r.reused != sslite_object_session_reused(p.s.obj)) {
        diag("client and server disagree on session_reused");
        r.ok = 0;
    }
    r.session = sslite_object_session(p.c.obj);
    pair_free(&p);
    return r;
}

static sslite_context *client_v(int version, int no_dhe)
{
    sslite_context *c = client_ctx();
    sslite_context_set_minimum_version(c, version);
    sslite_context_set_maximum_version(c, version);
    if (no_dhe)
        sslite_context_set_options(c, sslite_context_get_options(c) | SSLITE_OP_ALLOW_NO_DHE_KEX);
    return c;
}

static void test_resume_from_bytes(const char *name, int version)
{
    sslite_context *sctx = server_ctx("server-ec.pem", "server-ec.key");
    sslite_context *c1 = client_v(version, 0), *c2 = client_v(version, 0);
    unsigned char *blob = NULL, *blob2 = NULL;
    size_t len = 0, len2 = 0, id1, id2;
    sslite_session *loaded;
    sslite_error err;
    conn a, b;

    a = one(sctx, c1, NULL);
    ok(a.ok && a.session != NULL && !a.reused, "%s: first connection, full handshake", name);
    if (a.session == NULL)
        goto out;
    is_int(sslite_session_to_bytes(a.session, key, sizeof(key), &blob, &len, &err), 0,
           "%s: to_bytes", name);
    ok(blob != NULL && len > 40, "%s: %zu bytes", name, len);
    loaded = sslite_session_from_bytes(blob, len, key, sizeof(key), &err);
    ok(loaded != NULL, "%s: from_bytes (%s)", name, loaded ? "ok" : err.message);
    if (loaded == NULL)
        goto out;
    is_int(sslite_session_has_ticket(loaded), sslite_session_has_ticket(a.session),
           "%s: same has_ticket", name);
    /* Mbed TLS serializes a TLS 1.2 session's id and start time; a TLS 1.3
     * session has neither in its serialized form (docs/compat.md). */
    if (version == SSLITE_TLSVersion_TLSv1_2) {
        /* The lengths first: argument evaluation order is unspecified. */
        const unsigned char *p1 = sslite_session_id(loaded, &id1);
        const unsigned char *p2 = sslite_session_id(a.session, &id2);
        ok(id1 == id2 && memcmp(p1, p2, id1) == 0, "%s: same id", name);
        ok(sslite_session_time(loaded) == sslite_session_time(a.session), "%s: same time", name);
    }
    is_int(sslite_session_to_bytes(loaded, key, sizeof(key), &blob2, &len2, &err), 0,
           "%s: a loaded session saves again", name);
    is_int((int)len2, (int)len, "%s: to the same length", name);
    /* Another client context: a loaded session belongs to none. */
    b = one(sctx, c2, loaded);
    ok(b.ok, "%s: connection with the loaded session", name);
    is_int(b.reused, 1, "%s: session_reused True after the reload", name);
    if (version == SSLITE_TLSVersion_TLSv1_3)
        is_int(b.key_share, 1, "%s: default: the resumption still does (EC)DHE", name);
    sslite_session_free(b.session);
    sslite_session_free(loaded);
out:
    free(blob);
    free(blob2);
    sslite_session_free(a.session);
    sslite_context_free(sctx);
    sslite_context_free(c1);
    sslite_context_free(c2);
}

static void refused(const unsigned char *buf, size_t len, const unsigned char *k, size_t klen,
                    const char *want, const char *what)
{
    sslite_error err;
    sslite_session *s = sslite_session_from_bytes(buf, len, k, klen, &err);

    ok(s == NULL, "%s: refused", what);
    sslite_session_free(s);
    is_int(err.type, SSLITE_ERR_VALUE, "%s: ValueError", what);
    if (want != NULL)
        ok(strstr(err.message, want) != NULL, "%s: \"%s\"", what, err.message);
}

static void test_bad_blobs(void)
{
    sslite_context *sctx = server_ctx("server-rsa.pem", "server-rsa.key"), *cctx = client_ctx();
    unsigned char *blob = NULL, *copy, other[32];
    size_t len = 0, i, bad = 0;
    sslite_error err;
    conn a = one(sctx, cctx, NULL);

    if (a.session == NULL || sslite_session_to_bytes(a.session, key, sizeof(key), &blob, &len,
                                                     &err) != 0) {
        ok(0, "a session to spoil");
        goto out;
    }
    copy = malloc(len);
    refused(blob, len, key, 16, "32 bytes", "a 16-byte key");
    refused(blob, len, NULL, 0, "32 bytes", "no key");
    memcpy(other, key, sizeof(other));
    other[31] ^= 1;
    refused(blob, len, other, sizeof(other), "integrity", "another key");
    refused(blob, 0, key, sizeof(key), "not an sslite session", "empty");
    refused((const unsigned char *)"hello world, not a session", 26, key, sizeof(key),
            "not an sslite session", "garbage");
    /* Every truncation. */
    for (i = 0; i < len; i++) {
        sslite_session *s = sslite_session_from_bytes(blob, i, key, sizeof(key), &err);
        if (s != NULL || err.type != SSLITE_ERR_VALUE)
            bad++;
        sslite_session_free(s);
    }
    is_int((int)bad, 0, "all %zu truncations refused with ValueError", len);
    /* Every single-bit flip. */
    bad = 0;
    for (i = 0; i < len * 8; i++) {
        sslite_session *s;
        memcpy(copy, blob, len);
        copy[i / 8] ^= (unsigned char)(1u << (i % 8));
        s = sslite_session_from_bytes(copy, len, key, sizeof(key), &err);
        if (s != NULL || err.type != SSLITE_ERR_VALUE)
            bad++;
        sslite_session_free(s);
    }
    is_int((int)bad, 0, "all %zu bit flips refused with ValueError", len * 8);
    memcpy(copy, blob, len);
    copy[4] = 2;
    refused(copy, len, key, sizeof(key), "format version 2 is not supported", "format version 2");
    memcpy(copy, blob, len);
    copy[6 + 7] = '9'; /* "sslite 0.1.0" -> "sslite 9.1.0"-like: another writer */
    refused(copy, len, key, sizeof(key), "session was saved by sslite", "another sslite version");
    memcpy(copy, blob, len);
    copy[len - 1] ^= 0xff;
    refused(copy, len, key, sizeof(key), "integrity", "altered tag");
    memcpy(copy, blob, len);
    copy[len - 20] ^= 0x01;
    refused(copy, len, key, sizeof(key), "integrity", "altered body");
    free(copy);
    is_int(sslite_session_to_bytes(a.session, key, 31, &copy, &len, &err), SSLITE_ERR_VALUE,
           "to_bytes with a 31-byte key: ValueError");
out:
    free(blob);
    sslite_session_free(a.session);
    sslite_context_free(sctx);
    sslite_context_free(cctx);
}

/* OP_ALLOW_NO_DHE_KEX on the client (c), the server (s), both, neither:
 * resumption and whether the resumed ServerHello carries a key_share. */
static void test_no_dhe(int c_opt, int s_opt, int want_reused, int want_key_share, int via_bytes)
{
    sslite_context *sctx = server_ctx("server-ec.pem", "server-ec.key");
    sslite_context *cctx = client_v(SSLITE_TLSVersion_TLSv1_3, c_opt);
    sslite_session *offer = NULL;
    unsigned char *blob = NULL;
    size_t len = 0;
    sslite_error err;
    conn a, b;
    char name[96];

    snprintf(name, sizeof(name), "ALLOW_NO_DHE_KEX client %s, server %s%s", c_opt ? "on" : "off",
             s_opt ? "on" : "off", via_bytes ? ", session from bytes" : "");
    if (s_opt)
        sslite_context_set_options(sctx, sslite_context_get_options(sctx) | SSLITE_OP_ALLOW_NO_DHE_KEX);
    ok((sslite_context_get_options(cctx) & SSLITE_OP_ALLOW_NO_DHE_KEX) == (c_opt ? 0x400u : 0u),
       "%s: options show 0x400 as set", name);
    a = one(sctx, cctx, NULL);
    ok(a.ok && a.session != NULL, "%s: full handshake", name);
    is_int(a.key_share, 1, "%s: the full handshake's ServerHello has a key_share", name);
    offer = a.session;
    if (via_bytes && a.session != NULL) {
        sslite_session_to_bytes(a.session, key, sizeof(key), &blob, &len, &err);
        offer = sslite_session_from_bytes(blob, len, key, sizeof(key), &err);
        ok(offer != NULL, "%s: reloaded", name);
    }
    b = one(sctx, cctx, offer);
    ok(b.ok, "%s: second connection", name);
    is_int(b.reused, want_reused, "%s: session_reused %d", name, want_reused);
    is_int(b.key_share, want_key_share, "%s: resumed ServerHello key_share %s", name,
           want_key_share ? "present" : "absent (psk_ke, no (EC)DHE)");
    if (c_opt) {
        /* A server that cannot take the ticket (another ticket key): the
         * client sent no key share, so the server asks for one (HRR) and
         * the handshake is a full one. */
        sslite_context *other = server_ctx("server-ec.pem", "server-ec.key");
        conn d;
        if (s_opt)
            sslite_context_set_options(other, sslite_context_get_options(other) |
                                                  SSLITE_OP_ALLOW_NO_DHE_KEX);
        d = one(other, cctx, offer);
        ok(d.ok, "%s: a server that refuses the ticket: the handshake completes", name);
        is_int(d.reused, 0, "%s: as a full handshake", name);
        sslite_session_free(d.session);
        sslite_context_free(other);
    }
    if (offer != a.session)
        sslite_session_free(offer);
    free(blob);
    sslite_session_free(a.session);
    sslite_session_free(b.session);
    sslite_context_free(sctx);
    sslite_context_free(cctx);
}

int main(void)
{
    is_int((int)SSLITE_OP_ALLOW_NO_DHE_KEX, 0x400, "SSLITE_OP_ALLOW_NO_DHE_KEX is OpenSSL's 0x400");
    test_resume_from_bytes("TLS 1.2", SSLITE_TLSVersion_TLSv1_2);
    test_resume_from_bytes("TLS 1.3", SSLITE_TLSVersion_TLSv1_3);
    test_bad_blobs();
    test_no_dhe(0, 0, 1, 1, 0);
    test_no_dhe(0, 1, 1, 1, 0);
    test_no_dhe(1, 0, 0, 1, 0);
    test_no_dhe(1, 1, 1, 0, 0);
    test_no_dhe(1, 1, 1, 0, 1);
    return done_testing();
}
