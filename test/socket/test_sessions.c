/* SSLSession: session/session_reused for TLS 1.2 session ids, TLS 1.2
 * tickets and TLS 1.3 tickets; the attributes CPython shows; reuse through
 * wrap_socket(session=); OP_NO_TICKET; num_tickets; misuse errors. */
#include "socket_util.h"

typedef struct conn_result {
    int ok;
    int reused, server_reused;
    sslite_session *session;
    char version[16];
} conn_result;

/* One connection: write, read the echo (TLS 1.3 tickets come in then),
 * take the session, close cleanly. */
static conn_result one(sslite_context *sctx, sslite_context *cctx, sslite_session *offer)
{
    conn_result r;
    sslite_error err;
    sslite_socket *s;
    peer p;
    char buf[16];
    int sv[2], fd;

    memset(&r, 0, sizeof(r));
    pair(sv);
    peer_start(&p, sctx, sv[1], 1, PEER_ECHO);
    peer_run(&p);
    s = sslite_context_wrap_socket(cctx, sv[0], 0, 1, 1, "localhost", offer, &err);
    if (s == NULL) {
        diag("client: %s", err.message);
        peer_join(&p);
        return r;
    }
    r.ok = sslite_socket_sendall(s, "s", 1, 0) == 0 && sslite_socket_recv(s, buf, sizeof(buf), 0) == 1;
    r.reused = sslite_socket_session_reused(s);
    r.session = sslite_socket_session(s);
    snprintf(r.version, sizeof(r.version), "%s", sslite_socket_version(s));
    fd = sslite_socket_unwrap(s);
    if (fd >= 0)
        close(fd);
    sslite_socket_free(s);
    peer_join(&p);
    r.server_reused = p.reused;
    return r;
}

static void check_kind(const char *name, int version, int no_ticket_client, int no_ticket_server,
                       int want_ticket)
{
    sslite_context *sctx = rsa_server_ctx(), *cctx = client_ctx();
    conn_result a, b, c;
    const unsigned char *id;
    size_t idlen;
    int64_t t;
    sslite_session *again;

    sslite_context_set_maximum_version(cctx, version);
    if (no_ticket_client)
        sslite_context_set_options(cctx, sslite_context_get_options(cctx) | SSLITE_OP_NO_TICKET);
    if (no_ticket_server)
        sslite_context_set_options(sctx, sslite_context_get_options(sctx) | SSLITE_OP_NO_TICKET);
    a = one(sctx, cctx, NULL);
    ok(a.ok && a.session != NULL, "%s: first connection has a session", name);
    if (a.session == NULL)
        goto out;
    is_str(a.version, version == SSLITE_TLSVersion_TLSv1_2 ? "TLSv1.2" : "TLSv1.3", "%s: version", name);
    is_int(a.reused, 0, "%s: first connection: session_reused False", name);
    is_int(a.server_reused, 0, "%s: server: session_reused False", name);
    id = sslite_session_id(a.session, &idlen);
    ok(id != NULL && idlen <= 32, "%s: id (%zu bytes)", name, idlen);
    t = sslite_session_time(a.session);
    ok(t > (int64_t)time(NULL) - 60 && t <= (int64_t)time(NULL) + 1, "%s: time is now (%lld)",
       name, (long long)t);
    is_int(sslite_session_timeout(a.session), 7200, "%s: timeout 7200", name);
    is_int(sslite_session_has_ticket(a.session), want_ticket, "%s: has_ticket", name);
    is_int(sslite_session_ticket_lifetime_hint(a.session), want_ticket ? 7200 : 0,
           "%s: ticket_lifetime_hint", name);
    again = NULL;
    {
        /* session is a property: asking twice works (Mbed TLS exports once). */
        sslite_error err;
        int sv[2];
        sslite_socket *s;
        peer p;
        char buf[4];
        pair(sv);
        peer_start(&p, sctx, sv[1], 1, PEER_ECHO);
        peer_run(&p);
        s = sslite_context_wrap_socket(cctx, sv[0], 0, 1, 1, "localhost", NULL, &err);
        sslite_socket_sendall(s, "s", 1, 0);
        sslite_socket_recv(s, buf, sizeof(buf), 0);
        sslite_session_free(sslite_socket_session(s));
        again = sslite_socket_session(s);
        ok(again != NULL, "%s: session read twice", name);
        sslite_session_free(again);
        sslite_socket_free(s);
        peer_join(&p);
    }

    b = one(sctx, cctx, a.session);
    ok(b.ok, "%s: second connection", name);
    is_int(b.reused, 1, "%s: resumed: client session_reused True", name);
    is_int(b.server_reused, 1, "%s: resumed: server session_reused True", name);
    if (version == SSLITE_TLSVersion_TLSv1_2 && want_ticket) {
        const unsigned char *id2;
        size_t id2len;
        id2 = b.session ? sslite_session_id(b.session, &id2len) : NULL;
        ok(id2 != NULL && id2len == 32, "%s: resumed session has a 32-byte id", name);
    }
    /* A session that is not resumable by this server: a full handshake. */
    {
        sslite_context *other = rsa_server_ctx();
        c = one(other, cctx, a.session);
        ok(c.ok, "%s: another server's context ignores the session", name);
        is_int(c.reused, 0, "%s: session_reused False", name);
        sslite_session_free(c.session);
        sslite_context_free(other);
    }
    sslite_session_free(b.session);
    sslite_session_free(a.session);
out:
    sslite_context_free(sctx);
    sslite_context_free(cctx);
}

static void test_no_tickets_tls13(void)
{
    sslite_context *sctx = rsa_server_ctx(), *cctx = client_ctx();
    conn_result a, b;

    is_int(sslite_context_set_num_tickets(sctx, 0), 0, "num_tickets = 0");
    a = one(sctx, cctx, NULL);
    ok(a.ok && a.session != NULL, "TLS 1.3 without tickets: a session object still");
    if (a.session != NULL) {
        is_int(sslite_session_has_ticket(a.session), 0, "has_ticket False");
        b = one(sctx, cctx, a.session);
        ok(b.ok, "offering it works");
        is_int(b.reused, 0, "but nothing is resumed");
        sslite_session_free(b.session);
        sslite_session_free(a.session);
    }
    is_int(sslite_context_set_num_tickets(sctx, 3), 0, "num_tickets = 3");
    a = one(sctx, cctx, NULL);
    ok(a.session != NULL && sslite_session_has_ticket(a.session), "three tickets: has_ticket");
    b = one(sctx, cctx, a.session);
    is_int(b.reused, 1, "and resumption");
    sslite_session_free(a.session);
    sslite_session_free(b.session);
    sslite_context_free(sctx);
    sslite_context_free(cctx);
}

static void test_misuse(void)
{
    sslite_context *sctx = rsa_server_ctx(), *cctx = client_ctx(), *cctx2 = client_ctx();
    conn_result a;
    sslite_error err;
    sslite_socket *s;
    int sv[2];

    a = one(sctx, cctx, NULL);
    if (a.session == NULL) {
        ok(0, "no session");
        return;
    }
    pair(sv);
    ok(sslite_context_wrap_socket(cctx2, sv[0], 0, 1, 1, "localhost", a.session, &err) == NULL,
       "a session from another context");
    is_int(err.type, SSLITE_ERR_VALUE, "ValueError");
    is_str(err.message, "Session refers to a different SSLContext.", "message");
    close(sv[1]);
    pair(sv);
    ok(sslite_context_wrap_socket(sctx, sv[0], 1, 1, 1, NULL, a.session, &err) == NULL,
       "a session for a server socket");
    is_str(err.message, "session can only be specified in client mode", "message");
    close(sv[1]);
    /* Before the handshake the session is the one offered. */
    pair(sv);
    s = sslite_context_wrap_socket(cctx, sv[0], 0, 0, 1, "localhost", a.session, &err);
    {
        sslite_session *got = sslite_socket_session(s);
        ok(got == a.session, "before the handshake: the offered session");
        sslite_session_free(got);
    }
    is_int(sslite_socket_session_reused(s), 0, "session_reused False before the handshake");
    sslite_socket_free(s);
    close(sv[1]);
    sslite_session_free(a.session);
    sslite_context_free(sctx);
    sslite_context_free(cctx);
    sslite_context_free(cctx2);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    check_kind("TLS 1.2 ticket", SSLITE_TLSVersion_TLSv1_2, 0, 0, 1);
    check_kind("TLS 1.2 session id (client OP_NO_TICKET)", SSLITE_TLSVersion_TLSv1_2, 1, 0, 0);
    check_kind("TLS 1.2 session id (server OP_NO_TICKET)", SSLITE_TLSVersion_TLSv1_2, 0, 1, 0);
    check_kind("TLS 1.3 ticket", SSLITE_TLSVersion_TLSv1_3, 0, 0, 1);
    test_no_tickets_tls13();
    test_misuse();
    return done_testing();
}
