/* EOF handling, both directions and both TLS versions: a clean
 * close_notify reads as b''; an abrupt EOF reads as b'' with
 * suppress_ragged_eofs, else SSLEOFError; EOF during the handshake; TLS
 * 1.3 tickets vs. clients that read nothing or leave at once. */
#include "socket_util.h"

static const char *vname(int v)
{
    return v == SSLITE_TLSVersion_TLSv1_2 ? "TLS 1.2" : "TLS 1.3";
}

static int is_eof_error(const sslite_error *e)
{
    return e->type == SSLITE_ERR_EOF && e->errnum == SSLITE_SSL_ERROR_EOF &&
           strcmp(e->library, "SSL") == 0 && strcmp(e->reason, "UNEXPECTED_EOF_WHILE_READING") == 0 &&
           strncmp(e->message, "[SSL: UNEXPECTED_EOF_WHILE_READING] EOF occurred in violation of "
                               "protocol (", 75) == 0;
}

/* The same with no reason: a reset read, which CPython on OpenSSL also
 * reports so (SSL_ERROR_SYSCALL without an error queued). */
static int is_reset_eof(const sslite_error *e)
{
    return e->type == SSLITE_ERR_EOF && e->errnum == SSLITE_SSL_ERROR_EOF && e->reason[0] == '\0' &&
           strncmp(e->message, "EOF occurred in violation of protocol (", 39) == 0;
}

static sslite_socket *client_to(peer *p, sslite_context *sctx, sslite_context *cctx, int mode,
                                int client_suppress, int server_suppress)
{
    int sv[2];
    sslite_error err;
    sslite_socket *s;
    pair(sv);
    peer_start(p, sctx, sv[1], 1, mode);
    p->suppress = server_suppress;
    peer_run(p);
    s = sslite_context_wrap_socket(cctx, sv[0], 0, 1, client_suppress, "localhost", NULL, &err);
    if (s == NULL)
        diag("client: %s", err.message);
    return s;
}

static void test_version(int v)
{
    sslite_context *sctx = rsa_server_ctx(), *cctx = client_ctx();
    const char *vn = vname(v);
    sslite_socket *s;
    peer p;
    char buf[32];
    int i, bad, fd;

    sslite_context_set_maximum_version(cctx, v);

    /* Clean close: close_notify from the server. */
    s = client_to(&p, sctx, cctx, PEER_UNWRAP, 0, 1);
    is_str(sslite_socket_version(s), v == SSLITE_TLSVersion_TLSv1_2 ? "TLSv1.2" : "TLSv1.3",
           "%s negotiated", vn);
    is_int((int)sslite_socket_recv(s, buf, sizeof(buf), 0), 0,
           "%s: close_notify reads as EOF even without suppress_ragged_eofs", vn);
    is_int((int)sslite_socket_recv(s, buf, sizeof(buf), 0), 0, "%s: and keeps reading EOF", vn);
    sslite_socket_free(s);
    peer_join(&p);

    /* Abrupt close by the server. */
    s = client_to(&p, sctx, cctx, PEER_CLOSE, 1, 1);
    is_int((int)sslite_socket_recv(s, buf, sizeof(buf), 0), 0,
           "%s: server's ragged EOF reads as EOF with suppress_ragged_eofs", vn);
    sslite_socket_free(s);
    peer_join(&p);
    s = client_to(&p, sctx, cctx, PEER_CLOSE, 0, 1);
    is_int((int)sslite_socket_recv(s, buf, sizeof(buf), 0), SSLITE_ERR_EOF,
           "%s: server's ragged EOF without suppress_ragged_eofs: SSLEOFError", vn);
    ok(is_eof_error(sslite_socket_error(s)), "%s: %s", vn, sslite_socket_error(s)->message);
    sslite_socket_free(s);
    peer_join(&p);

    /* Data then an abrupt close: the data first, then the EOF. */
    s = client_to(&p, sctx, cctx, PEER_WRITE_CLOSE, 0, 1);
    memset(buf, 0, sizeof(buf));
    is_int((int)sslite_socket_recv(s, buf, sizeof(buf), 0), 3, "%s: data before the EOF", vn);
    is_int((int)sslite_socket_recv(s, buf, sizeof(buf), 0), SSLITE_ERR_EOF, "%s: then SSLEOFError", vn);
    sslite_socket_free(s);
    peer_join(&p);

    /* Abrupt close by the client, which read nothing (TLS 1.3: not even
     * the tickets).  Repeated: the close races the server's tickets. */
    for (bad = 0, i = 0; i < 20; i++) {
        s = client_to(&p, sctx, cctx, PEER_READ_ONE, 1, i % 2 == 0);
        sslite_socket_free(s);
        peer_join(&p);
        if (p.hs_result != 0) {
            diag("%s: server handshake: %s", vn, p.err.message);
            bad++;
        } else if (i % 2 == 0 && p.result != 0) {
            diag("%s: server read: %s", vn, p.err.message);
            bad++;
        } else if (i % 2 == 1 &&
                   (p.result != SSLITE_ERR_EOF || !(is_eof_error(&p.err) || is_reset_eof(&p.err)))) {
            diag("%s: server read %d: %s", vn, p.result, p.err.message);
            bad++;
        }
    }
    is_int(bad, 0, "%s: a client that leaves at once: server handshake succeeds, its read gives "
                   "EOF (suppressed) or SSLEOFError", vn);

    /* A client that writes and never reads, then unwraps: the unread echo
     * and tickets are skipped. */
    {
        int sv[2];
        sslite_error err;
        pair(sv);
        peer_start(&p, sctx, sv[1], 1, PEER_ECHO);
        peer_run(&p);
        s = sslite_context_wrap_socket(cctx, sv[0], 0, 1, 0, "localhost", NULL, &err);
    }
    is_int(sslite_socket_sendall(s, "unread", 6, 0), 0, "%s: write only", vn);
    sslite_socket_settimeout(s, 10);
    fd = sslite_socket_unwrap(s);
    ok(fd >= 0, "%s: unwrap without reading: %s", vn, fd >= 0 ? "ok" : sslite_socket_error(s)->message);
    if (fd >= 0)
        close(fd);
    sslite_socket_free(s);
    peer_join(&p);
    ok(p.result >= 0, "%s: server's unwrap ok", vn);

    /* The client stops in the middle of the handshake. */
    {
        int sv[2];
        char hello[4096];
        struct pollfd pfd;
        pair(sv);
        peer_start(&p, sctx, sv[1], 1, PEER_CLOSE);
        peer_run(&p);
        pfd.fd = sv[0];
        pfd.events = POLLIN;
        send(sv[0], "\x16\x03\x01\x00\x05\x01\x00\x00\x01", 9, 0); /* a truncated hello */
        shutdown(sv[0], SHUT_WR);
        (void)poll(&pfd, 1, 5000);
        (void)recv(sv[0], hello, sizeof(hello), 0);
        peer_join(&p);
        close(sv[0]);
        is_int(p.hs_result, SSLITE_ERR_EOF, "%s: server sees EOF in the handshake: SSLEOFError", vn);
        ok(is_eof_error(&p.err), "%s: %s", vn, p.err.message);
    }
    sslite_context_free(sctx);
    sslite_context_free(cctx);
}

static void test_handshake_eof(void)
{
    sslite_context *cctx = client_ctx();
    sslite_error err;
    int sv[2];

    pair(sv);
    shutdown(sv[1], SHUT_WR);
    ok(sslite_context_wrap_socket(cctx, sv[0], 0, 1, 1, "localhost", NULL, &err) == NULL,
       "peer's EOF after our hello");
    ok(is_eof_error(&err), "SSLEOFError, not suppressed in the handshake: %s", err.message);
    close(sv[1]);

    pair(sv);
    close(sv[1]);
    ok(sslite_context_wrap_socket(cctx, sv[0], 0, 1, 1, "localhost", NULL, &err) == NULL,
       "peer gone before our hello");
    is_int(err.type, SSLITE_ERR_OS, "OSError (BrokenPipeError)");
    is_int(err.errnum, EPIPE, "EPIPE");
    is_str(err.message, "[Errno 32] Broken pipe", "message");
    sslite_context_free(cctx);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    test_version(SSLITE_TLSVersion_TLSv1_3);
    test_version(SSLITE_TLSVersion_TLSv1_2);
    test_handshake_eof();
    return done_testing();
}
