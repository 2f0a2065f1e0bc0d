/* SSLSocket timeouts: settimeout/gettimeout/setblocking, one deadline per
 * whole operation (handshake, read, write, unwrap, connect, accept), the
 * TimeoutError messages CPython 3.13 gives, and EINTR retried (PEP 475). */
#include "socket_util.h"

static int starts_with_where(const char *msg, const char *rest)
{
    /* "socket.c:123: The handshake operation timed out" */
    const char *p = strstr(msg, ": ");
    return strncmp(msg, "socket.c:", 9) == 0 && p != NULL && strcmp(p + 2, rest) == 0;
}

static void test_attributes(void)
{
    sslite_context *cctx = client_ctx();
    sslite_error err;
    sslite_socket *s;
    int sv[2], fl;

    pair(sv);
    s = sslite_context_wrap_socket(cctx, sv[0], 0, 0, 1, "localhost", NULL, &err);
    ok(s != NULL, "wrap without handshake");
    is_int(sslite_socket_gettimeout(s) < 0, 1, "blocking descriptor: timeout None");
    is_int(sslite_socket_settimeout(s, 2.5), 0, "settimeout(2.5)");
    ok(sslite_socket_gettimeout(s) == 2.5, "gettimeout() == 2.5");
    fl = fcntl(sv[0], F_GETFL);
    ok(fl & O_NONBLOCK, "a timeout keeps the descriptor non-blocking (poll() waits)");
    is_int(sslite_socket_setblocking(s, 0), 0, "setblocking(False)");
    ok(sslite_socket_gettimeout(s) == 0.0, "timeout 0.0");
    is_int(sslite_socket_setblocking(s, 1), 0, "setblocking(True)");
    ok(sslite_socket_gettimeout(s) < 0, "timeout None");
    ok(!(fcntl(sv[0], F_GETFL) & O_NONBLOCK), "blocking descriptor again");
    is_int(sslite_socket_settimeout(s, 0.0 / 0.0), SSLITE_ERR_VALUE, "NaN rejected");
    is_str(sslite_socket_error(s)->message, "Invalid value NaN (not a number)", "message");
    sslite_socket_close(s);
    is_int(sslite_socket_settimeout(s, 1.0), SSLITE_ERR_OS, "settimeout on closed socket");
    is_int(sslite_socket_error(s)->errnum, EBADF, "EBADF");
    sslite_socket_free(s);
    close(sv[1]);

    pair(sv);
    fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
    s = sslite_context_wrap_socket(cctx, sv[0], 0, 0, 1, "localhost", NULL, &err);
    ok(s != NULL && sslite_socket_gettimeout(s) == 0.0, "non-blocking descriptor: timeout 0.0");
    sslite_socket_free(s);
    close(sv[1]);
    sslite_context_free(cctx);
}

static void test_handshake_timeout(void)
{
    sslite_context *cctx = client_ctx();
    sslite_error err;
    peer p;
    int sv[2];
    double t0, el;
    sslite_socket *s;

    pair(sv);
    peer_start(&p, NULL, sv[1], 1, PEER_SILENT);
    p.sleep = 3.0;
    peer_run(&p);
    s = sslite_context_wrap_socket(cctx, sv[0], 0, 0, 1, "localhost", NULL, &err);
    sslite_socket_settimeout(s, 0.3);
    t0 = mono_now();
    is_int(sslite_socket_do_handshake(s), SSLITE_ERR_TIMEOUT, "handshake times out");
    el = mono_now() - t0;
    ok(starts_with_where(sslite_socket_error(s)->message, "The handshake operation timed out"),
       "message like _ssl.c's: %s", sslite_socket_error(s)->message);
    is_int(sslite_socket_error(s)->errnum, 0, "errno None");
    ok(el >= 0.29 && el < 2.5, "after about the timeout (%.2fs)", el);
    ok(sslite_errtype_isinstance(SSLITE_ERR_TIMEOUT, SSLITE_ERR_OS), "TimeoutError is an OSError");
    sslite_socket_free(s);
    peer_join(&p);
    sslite_context_free(cctx);
}

/* A peer that answers a ClientHello with a record trickling in one byte
 * every 50 ms: each wait succeeds, only a deadline for the whole
 * operation ends it at the timeout (Python 3.5+ semantics). */
static void *trickle_main(void *arg)
{
    int fd = *(int *)arg, i;
    char buf[4096];
    unsigned char hdr[5] = {22, 3, 3, 0x04, 0x00}; /* 1 KiB: fits every record size */
    struct pollfd pfd = {fd, POLLIN, 0};
    if (poll(&pfd, 1, 3000) > 0)
        (void)recv(fd, buf, sizeof(buf), 0);
    for (i = 0; i < 5; i++)
        if (send(fd, hdr + i, 1, MSG_NOSIGNAL) != 1)
            return NULL;
    for (i = 0; i < 60; i++) {
        sleep_s(0.05);
        if (send(fd, "x", 1, MSG_NOSIGNAL) != 1)
            break;
    }
    close(fd);
    return NULL;
}

static void test_whole_operation_deadline(void)
{
    sslite_context *cctx = client_ctx();
    sslite_error err;
    pthread_t th;
    int sv[2];
    double t0, el;
    sslite_socket *s;

    pair(sv);
    pthread_create(&th, NULL, trickle_main, &sv[1]);
    s = sslite_context_wrap_socket(cctx, sv[0], 0, 0, 1, "localhost", NULL, &err);
    sslite_socket_settimeout(s, 0.5);
    t0 = mono_now();
    is_int(sslite_socket_do_handshake(s), SSLITE_ERR_TIMEOUT, "trickling peer: timeout");
    el = mono_now() - t0;
    ok(el >= 0.49 && el < 2.0, "the deadline bounds the whole handshake (%.2fs, peer takes 3s)",
       el);
    sslite_socket_free(s);
    pthread_join(th, NULL);
    sslite_context_free(cctx);
}

static void test_read_write_unwrap_timeouts(void)
{
    sslite_context *sctx = rsa_server_ctx(), *cctx = client_ctx();
    peer p;
    sslite_socket *s;
    char buf[64];
    size_t big = 8u << 20;
    char *data;

    s = connect_pair(&p, sctx, cctx, PEER_HOLD, 1, 1.5);
    ok(s != NULL, "connected");
    sslite_socket_settimeout(s, 0.2);
    is_int(sslite_socket_recv(s, buf, sizeof(buf), 0), SSLITE_ERR_TIMEOUT, "read times out");
    is_str(sslite_socket_error(s)->message, "The read operation timed out", "read message");
    is_int(sslite_socket_error(s)->errnum, 0, "errno None");
    is_int(sslite_socket_unwrap(s), SSLITE_ERR_TIMEOUT, "unwrap times out waiting for the peer");
    is_str(sslite_socket_error(s)->message, "The read operation timed out", "unwrap message");
    sslite_socket_free(s);
    peer_join(&p);

    s = connect_pair(&p, sctx, cctx, PEER_HOLD, 1, 2.0);
    data = calloc(1, big);
    sslite_socket_settimeout(s, 0.3);
    is_int(sslite_socket_sendall(s, data, big, 0), SSLITE_ERR_TIMEOUT,
           "write to a peer that does not read times out");
    is_str(sslite_socket_error(s)->message, "The write operation timed out", "write message");
    free(data);
    sslite_socket_free(s);
    peer_join(&p);
    sslite_context_free(sctx);
    sslite_context_free(cctx);
}

static void test_accept_connect_timeouts(void)
{
    sslite_context *sctx = rsa_server_ctx(), *cctx = client_ctx();
    struct sockaddr_in addr;
    sslite_error err;
    sslite_socket *ls, *cs;
    int lfd = tcp_listener(&addr, 0), fillers[8], nfill = 0, stuck = 0, fd, r;

    ls = sslite_context_wrap_socket(sctx, lfd, 1, 1, 1, NULL, NULL, &err);
    ok(ls != NULL, "wrap a listening socket");
    sslite_socket_settimeout(ls, 0.2);
    ok(sslite_socket_accept(ls, NULL, NULL) == NULL, "accept times out");
    is_int(sslite_socket_error(ls)->type, SSLITE_ERR_TIMEOUT, "TimeoutError");
    is_str(sslite_socket_error(ls)->message, "timed out", "socket's message");

    /* Fill the backlog so that one more connect stays pending. */
    while (nfill < 8 && !stuck) {
        fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
        r = connect(fd, (struct sockaddr *)&addr, sizeof(addr));
        fillers[nfill++] = fd;
        if (r < 0 && errno == EINPROGRESS) {
            struct pollfd pfd = {fd, POLLOUT, 0};
            stuck = poll(&pfd, 1, 200) == 0;
        }
    }
    if (stuck) {
        cs = sslite_context_wrap_socket(cctx, socket(AF_INET, SOCK_STREAM, 0), 0, 1, 1,
                                        "localhost", NULL, &err);
        sslite_socket_settimeout(cs, 0.3);
        is_int(sslite_socket_connect(cs, (struct sockaddr *)&addr, sizeof(addr)),
               SSLITE_ERR_TIMEOUT, "connect times out");
        is_str(sslite_socket_error(cs)->message, "timed out", "socket's message");
        sslite_socket_free(cs);
        cs = sslite_context_wrap_socket(cctx, socket(AF_INET, SOCK_STREAM, 0), 0, 1, 1,
                                        "localhost", NULL, &err);
        sslite_socket_settimeout(cs, 0.3);
        is_int(sslite_socket_connect_ex(cs, (struct sockaddr *)&addr, sizeof(addr)), EAGAIN,
               "connect_ex returns EWOULDBLOCK on timeout");
        sslite_socket_free(cs);
    } else {
        ok(1, "# SKIP the kernel accepted every connection: no pending connect");
        ok(1, "# SKIP");
        ok(1, "# SKIP");
    }
    while (nfill > 0)
        close(fillers[--nfill]);
    sslite_socket_free(ls);
    sslite_context_free(sctx);
    sslite_context_free(cctx);
}

static volatile sig_atomic_t nsignals;
static void on_alarm(int sig)
{
    (void)sig;
    nsignals++;
}

static void test_eintr(void)
{
    sslite_context *sctx = rsa_server_ctx(), *cctx = client_ctx();
    struct sigaction sa, old;
    struct itimerval it = {{0, 20000}, {0, 20000}}, off = {{0, 0}, {0, 0}};
    sigset_t block, prev;
    sslite_error err;
    peer p;
    sslite_socket *s;
    char buf[16];
    int sv[2], pass;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sa.sa_flags = 0; /* no SA_RESTART: system calls fail with EINTR */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, &old);

    for (pass = 0; pass < 2; pass++) {
        /* The peer thread must not take the signals. */
        sigemptyset(&block);
        sigaddset(&block, SIGALRM);
        pthread_sigmask(SIG_BLOCK, &block, &prev);
        pair(sv);
        peer_start(&p, sctx, sv[1], 1, PEER_WRITE_CLOSE);
        peer_run(&p);
        pthread_sigmask(SIG_SETMASK, &prev, NULL);

        /* The peer answers at once but we start signalling first, so the
         * handshake and read see interrupted waits too; then a delayed
         * write keeps the read blocked across many signals. */
        nsignals = 0;
        setitimer(ITIMER_REAL, &it, NULL);
        s = sslite_context_wrap_socket(cctx, sv[0], 0, 0, 0, "localhost", NULL, &err);
        if (pass == 1)
            sslite_socket_settimeout(s, 5.0);
        sleep_s(0.3); /* signals arrive; the peer waits in its handshake */
        is_int(sslite_socket_do_handshake(s), 0, "%s handshake survives signals",
               pass ? "timed" : "blocking");
        memset(buf, 0, sizeof(buf));
        is_int(sslite_socket_recv(s, buf, sizeof(buf), 0), 3, "%s read survives signals",
               pass ? "timed" : "blocking");
        is_str(buf, "bye", "data");
        setitimer(ITIMER_REAL, &off, NULL);
        ok(nsignals > 3, "signals were delivered (%d)", (int)nsignals);
        sslite_socket_free(s);
        peer_join(&p);
    }

    /* A read blocked while the peer is silent for 0.5 s, under signals. */
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    pthread_sigmask(SIG_BLOCK, &block, &prev);
    s = connect_pair(&p, sctx, cctx, PEER_READ_ONE, 0, 0);
    pthread_sigmask(SIG_SETMASK, &prev, NULL);
    nsignals = 0;
    setitimer(ITIMER_REAL, &it, NULL);
    sslite_socket_settimeout(s, 0.5);
    {
        double t0 = mono_now(), el;
        is_int(sslite_socket_recv(s, buf, sizeof(buf), 0), SSLITE_ERR_TIMEOUT,
               "a timed read interrupted by signals still times out, not EINTR");
        el = mono_now() - t0;
        ok(el >= 0.49 && el < 3.0, "after the full timeout (%.2fs)", el);
    }
    setitimer(ITIMER_REAL, &off, NULL);
    ok(nsignals > 5, "signals were delivered (%d)", (int)nsignals);
    sslite_socket_settimeout(s, -1);
    sslite_socket_sendall(s, "go", 2, 0);
    sslite_socket_free(s);
    peer_join(&p);
    sigaction(SIGALRM, &old, NULL);
    sslite_context_free(sctx);
    sslite_context_free(cctx);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    test_attributes();
    test_handshake_timeout();
    test_whole_operation_deadline();
    test_read_write_unwrap_timeouts();
    test_accept_connect_timeouts();
    test_eintr();
    return done_testing();
}
