/* Non-blocking SSLSockets: handshakes driven by poll(), and
 * SSLWantReadError / SSLWantWriteError exactly where CPython raises them;
 * do_handshake_on_connect with a non-blocking socket; writes that would
 * block and their retry. */
#include "socket_util.h"

static void set_nonblocking(int fd)
{
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* Both ends non-blocking in this one thread: step each handshake, poll
 * for what it wants, until both are done. */
static void test_poll_driven_pair(int max_version)
{
    sslite_context *sctx = rsa_server_ctx(), *cctx = client_ctx();
    sslite_socket *c, *s;
    sslite_error err;
    int sv[2], cdone = 0, sdone = 0, wants = 0, other = 0, steps = 0;

    sslite_context_set_maximum_version(cctx, max_version);
    pair(sv);
    set_nonblocking(sv[0]);
    set_nonblocking(sv[1]);
    c = sslite_context_wrap_socket(cctx, sv[0], 0, 0, 1, "localhost", NULL, &err);
    s = sslite_context_wrap_socket(sctx, sv[1], 1, 0, 1, NULL, NULL, &err);
    ok(c != NULL && s != NULL, "wrap both ends without handshake");
    ok(sslite_socket_gettimeout(c) == 0.0, "timeout 0.0");
    while ((!cdone || !sdone) && steps++ < 100) {
        struct pollfd pfd[2];
        int r;
        if (!cdone) {
            r = sslite_socket_do_handshake(c);
            if (r == 0)
                cdone = 1;
            else if (r == SSLITE_ERR_WANT_READ || r == SSLITE_ERR_WANT_WRITE)
                wants++;
            else
                other++;
        }
        if (!sdone) {
            r = sslite_socket_do_handshake(s);
            if (r == 0)
                sdone = 1;
            else if (r == SSLITE_ERR_WANT_READ || r == SSLITE_ERR_WANT_WRITE)
                wants++;
            else {
                other++;
                diag("server: %s", sslite_socket_error(s)->message);
            }
        }
        pfd[0].fd = sv[0];
        pfd[0].events = POLLIN;
        pfd[1].fd = sv[1];
        pfd[1].events = POLLIN;
        if (!cdone || !sdone)
            poll(pfd, 2, 100);
    }
    ok(cdone && sdone, "poll()-driven handshake completes (%s)",
       sslite_socket_version(c) ? sslite_socket_version(c) : "none");
    ok(wants >= 2, "want-read/want-write on the way (%d)", wants);
    is_int(other, 0, "no other errors");
    is_str(sslite_socket_version(s), max_version == SSLITE_TLSVersion_TLSv1_2 ? "TLSv1.2" : "TLSv1.3",
           "version");
    {
        char buf[16];
        /* Nothing to read yet: want-read (TLS 1.3: any tickets are eaten). */
        int r = (int)sslite_socket_recv(s, buf, sizeof(buf), 0);
        is_int(r, SSLITE_ERR_WANT_READ, "read with no data: SSLWantReadError");
        is_int(sslite_socket_error(s)->errnum, SSLITE_SSL_ERROR_WANT_READ, "errno SSL_ERROR_WANT_READ");
        r = (int)sslite_socket_recv(c, buf, sizeof(buf), 0);
        is_int(r, SSLITE_ERR_WANT_READ, "client read with no data: SSLWantReadError");
        is_int((int)sslite_socket_send(c, "ping", 4, 0), 4, "send");
        r = (int)sslite_socket_recv(s, buf, sizeof(buf), 0);
        is_int(r, 4, "server reads it");
        is_int((int)sslite_socket_pending(s), 0, "pending() 0");
    }
    sslite_socket_free(c);
    sslite_socket_free(s);
    sslite_context_free(sctx);
    sslite_context_free(cctx);
}

static void test_want_before_handshake(void)
{
    sslite_context *cctx = client_ctx();
    sslite_socket *c;
    sslite_error err;
    int sv[2], r;
    char buf[8];
    const char *msg;

    pair(sv);
    set_nonblocking(sv[0]);
    c = sslite_context_wrap_socket(cctx, sv[0], 0, 0, 1, "localhost", NULL, &err);
    r = sslite_socket_do_handshake(c);
    is_int(r, SSLITE_ERR_WANT_READ, "handshake: SSLWantReadError after the ClientHello");
    msg = sslite_socket_error(c)->message;
    ok(strncmp(msg, "The operation did not complete (read) (", 39) == 0, "message: %s", msg);
    is_int(sslite_socket_error(c)->errnum, 2, "errno 2");
    ok(sslite_errtype_isinstance(r, SSLITE_ERR_SSL), "SSLWantReadError is an SSLError");
    is_int((int)sslite_socket_recv(c, buf, sizeof(buf), 0), SSLITE_ERR_WANT_READ,
           "recv before the handshake: SSLWantReadError");
    is_int((int)sslite_socket_send(c, "x", 1, 0), SSLITE_ERR_WANT_READ,
           "send before the handshake: SSLWantReadError");
    ok(sslite_socket_version(c) == NULL, "version() None before the handshake");
    sslite_socket_free(c);
    close(sv[1]);

    /* CPython's rule: do_handshake_on_connect on a non-blocking socket. */
    pair(sv);
    set_nonblocking(sv[0]);
    c = sslite_context_wrap_socket(cctx, sv[0], 0, 1, 1, "localhost", NULL, &err);
    ok(c == NULL, "do_handshake_on_connect with a non-blocking socket fails");
    is_int(err.type, SSLITE_ERR_VALUE, "ValueError");
    is_str(err.message, "do_handshake_on_connect should not be specified for non-blocking sockets",
           "message");
    ok(fcntl(sv[0], F_GETFD) < 0 && errno == EBADF, "and the socket is closed, as CPython");
    close(sv[1]);
    sslite_context_free(cctx);
}

static void test_write_would_block(void)
{
    sslite_context *sctx = rsa_server_ctx(), *cctx = client_ctx();
    peer p;
    sslite_socket *c;
    static char chunk[65536];
    size_t total = 0;
    int wants = 0, r, i, blocked = 0, steps = 0;

    for (i = 0; i < (int)sizeof(chunk); i++)
        chunk[i] = (char)i;
    c = connect_pair(&p, sctx, cctx, PEER_DRAIN, 1, 0.5);
    ok(c != NULL, "connected");
    sslite_socket_setblocking(c, 0);
    /* The peer does not read for 0.5 s: the socket buffer fills. */
    for (i = 0; i < 200 && !blocked; i++) {
        ssize_t n = sslite_socket_send(c, chunk, sizeof(chunk), 0);
        if (n == SSLITE_ERR_WANT_WRITE)
            blocked = 1;
        else if (n == (ssize_t)sizeof(chunk))
            total += (size_t)n;
        else
            break;
    }
    ok(blocked, "a write that would block: SSLWantWriteError (after %zu bytes)", total);
    is_int(sslite_socket_error(c)->errnum, SSLITE_SSL_ERROR_WANT_WRITE, "errno 3");
    ok(strncmp(sslite_socket_error(c)->message, "The operation did not complete (write) (", 40) == 0,
       "message: %s", sslite_socket_error(c)->message);
    /* Retry the same buffer until it goes through: the whole chunk is
     * reported once, nothing is sent twice. */
    for (;;) {
        struct pollfd pfd = {sslite_socket_fileno(c), POLLOUT, 0};
        ssize_t n = sslite_socket_send(c, chunk, sizeof(chunk), 0);
        if (n >= 0) {
            is_int(n, sizeof(chunk), "the retry returns the whole length");
            total += (size_t)n;
            break;
        }
        if (n != SSLITE_ERR_WANT_WRITE || steps++ > 500) {
            ok(0, "retry failed: %s", sslite_socket_error(c)->message);
            break;
        }
        wants++;
        poll(&pfd, 1, 1000);
    }
    r = sslite_socket_setblocking(c, 1);
    is_int(r, 0, "back to blocking");
    {
        int fd = sslite_socket_unwrap(c);
        /* The drain peer frees its socket without answering. */
        ok(fd >= 0 || sslite_socket_error(c)->type == SSLITE_ERR_EOF ||
               sslite_socket_error(c)->type == SSLITE_ERR_OS,
           "unwrap: %s", fd >= 0 ? "ok" : sslite_socket_error(c)->message);
        if (fd >= 0)
            close(fd);
    }
    peer_join(&p);
    is_int(p.nread, total, "the peer got every byte exactly once");
    sslite_socket_free(c);
    sslite_context_free(sctx);
    sslite_context_free(cctx);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    test_poll_driven_pair(SSLITE_TLSVersion_TLSv1_3);
    test_poll_driven_pair(SSLITE_TLSVersion_TLSv1_2);
    test_want_before_handshake();
    test_write_would_block();
    return done_testing();
}
