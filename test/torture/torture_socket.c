/* Torture: two non-blocking SSLSockets on loopback TCP with 4 KiB
 * SO_SNDBUF/SO_RCVBUF and TCP_NODELAY, one poll() loop moving seeded
 * random streams in random-sized chunks, reads and writes interleaved;
 * TLS 1.2 and 1.3, one direction and both, TLS 1.3 with 2 tickets and 0.
 * Byte-exact, bounded (deadline, poll() timeouts counted as stalls).
 *
 *   torture_socket [c2s_bytes s2c_bytes tls12|tls13 [tickets]]
 * runs one transfer and prints its figures (the comparison with
 * nb_loop.py, the same loop over CPython's ssl). */
#include <netinet/tcp.h>
#include "../socket/socket_util.h"
#include "torture_util.h"

static void tiny_buffers(int fd)
{
    int sz = 4096, one = 1;
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

/* A connected loopback TCP pair, both non-blocking with tiny buffers (set
 * before the connection exists, as the window is announced in the SYN). */
/* Poll timeout and the stalls allowed: on loopback a poll() that times out
 * while the kernel holds nothing in flight means readiness was lost (a
 * record half-read into the library, output held back). */
#define POLL_MS 200
#define MAX_STALLS 0

static double limit = 20.0;
static int poll_ms = POLL_MS, max_stalls = MAX_STALLS;
static int late_buffers; /* the server's buffers shrunk after accept() */

static void tcp_pair(int sv[2])
{
    struct sockaddr_in a;
    socklen_t len = sizeof(a);
    int l = socket(AF_INET, SOCK_STREAM, 0);

    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (!late_buffers)
        tiny_buffers(l);
    if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(l, 1) < 0 ||
        getsockname(l, (struct sockaddr *)&a, &len) < 0)
        die("listener", strerror(errno));
    sv[0] = socket(AF_INET, SOCK_STREAM, 0);
    tiny_buffers(sv[0]);
    if (connect(sv[0], (struct sockaddr *)&a, sizeof(a)) < 0)
        die("connect", strerror(errno));
    sv[1] = accept(l, NULL, NULL);
    if (sv[1] < 0)
        die("accept", strerror(errno));
    close(l);
    if (late_buffers)
        tiny_buffers(sv[1]);
    fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
    fcntl(sv[1], F_SETFL, fcntl(sv[1], F_GETFL) | O_NONBLOCK);
}


typedef struct tcase {
    int version;
    int tickets; /* -1: the default */
    size_t c2s, s2c;
} tcase;

static int run(const tcase *tc, uint64_t seed, tstats *st, char *why, size_t whylen)
{
    sslite_context *sctx = rsa_server_ctx(), *cctx = client_ctx();
    sslite_socket *c, *s;
    sslite_error err;
    tend a, b;
    int sv[2], ret;

    sslite_context_set_minimum_version(cctx, tc->version);
    sslite_context_set_maximum_version(cctx, tc->version);
    if (tc->tickets >= 0)
        sslite_context_set_num_tickets(sctx, tc->tickets);
    tcp_pair(sv);
    c = sslite_context_wrap_socket(cctx, sv[0], 0, 0, 1, "localhost", NULL, &err);
    if (c == NULL)
        die("wrap client", err.message);
    s = sslite_context_wrap_socket(sctx, sv[1], 1, 0, 1, NULL, NULL, &err);
    if (s == NULL)
        die("wrap server", err.message);
    tend_pair(&a, c, sv[0], &b, s, sv[1], seed);
    if (tc->version == SSLITE_TLSVersion_TLSv1_3) {
        a.ku = b.ku = s_ku;
        a.ku_every = b.ku_every = (unsigned)(2 + seed % 59); /* storms to a trickle */
    }
    a.tx_total = b.rx_total = tc->c2s;
    b.tx_total = a.rx_total = tc->s2c;
    ret = t_run(&a, &b, seed, limit, poll_ms, max_stalls, NULL, NULL, st);
    st->ku_c = a.ku_sent;
    st->ku_s = b.ku_sent;
    snprintf(why, whylen, "%s", t_why(&a, &b, st));
    tend_free(&a);
    tend_free(&b);
    sslite_socket_free(c);
    sslite_socket_free(s);
    sslite_context_free(sctx);
    sslite_context_free(cctx);
    return ret;
}

static const char *vname(int v) { return v == SSLITE_TLSVersion_TLSv1_2 ? "TLS 1.2" : "TLS 1.3"; }

int main(int argc, char **argv)
{
    uint64_t seed = t_seed();
    trng r = {seed};
    char why[700];
    tstats st;

    signal(SIGPIPE, SIG_IGN);
    late_buffers = getenv("SSLITE_TORTURE_LATE_BUFFERS") != NULL;
    if (argc >= 4) {
        tcase tc = {strcmp(argv[3], "tls12") == 0 ? SSLITE_TLSVersion_TLSv1_2
                                                  : SSLITE_TLSVersion_TLSv1_3,
                    argc > 4 ? atoi(argv[4]) : -1, strtoul(argv[1], NULL, 0),
                    strtoul(argv[2], NULL, 0)};
        int ret;
        /* A measurement: as nb_loop.py, 100 ms polls, no stall limit. */
        limit = 120.0;
        poll_ms = 100;
        max_stalls = 1 << 30;
        ret = run(&tc, seed, &st, why, sizeof(why));
        printf("sslite %s: c2s %zu s2c %zu bytes in %.3f s wall, %.3f s cpu, %d stalls (%d in "
               "the kernel's TCP), %s\n",
               argv[3], tc.c2s, tc.s2c, st.wall, st.cpu, st.stalls, st.kernel_stalls, why);
        return ret < 0;
    }

    /* Issue 9 item 4: 2 MiB one way, TLS 1.2, then the other cases. */
    {
        static const struct {
            int version, tickets;
            int dirs; /* 1: c2s, 2: s2c, 3: both */
        } cases[] = {
            {SSLITE_TLSVersion_TLSv1_2, -1, 1}, {SSLITE_TLSVersion_TLSv1_2, -1, 2},
            {SSLITE_TLSVersion_TLSv1_2, -1, 3}, {SSLITE_TLSVersion_TLSv1_3, -1, 1},
            {SSLITE_TLSVersion_TLSv1_3, -1, 2}, {SSLITE_TLSVersion_TLSv1_3, -1, 3},
            {SSLITE_TLSVersion_TLSv1_3, 0, 3},  {SSLITE_TLSVersion_TLSv1_3, 0, 1},
        };
        size_t ncases = sizeof(cases) / sizeof(cases[0]);
        for (size_t k = 0; k < ncases * (size_t)t_rounds(2); k++) {
            size_t i = k % ncases;
            uint64_t cs = trng_next(&r);
            tcase tc = {cases[i].version, cases[i].tickets, 0, 0};
            size_t big = k == 0 ? (size_t)2 << 20 : trng_range(&r, 1, (size_t)3 << 20);
            if (cases[i].dirs & 1)
                tc.c2s = big;
            if (cases[i].dirs & 2)
                tc.s2c = k == 0 ? big : trng_range(&r, 1, (size_t)3 << 20);
            int ret = run(&tc, cs, &st, why, sizeof(why));
            ok(ret == 0 && st.stalls == st.kernel_stalls,
               "%s%s, %s: c2s %zu s2c %zu bytes, byte-exact, no lost readiness "
               "(%.2f s wall, %.3f s cpu, %d stalls; KeyUpdates sent %d/%d)",
               vname(tc.version), tc.tickets == 0 ? " no tickets" : "",
               cases[i].dirs == 3 ? "both ways" : cases[i].dirs == 1 ? "client to server"
                                                                     : "server to client",
               tc.c2s, tc.s2c, st.wall, st.cpu, st.stalls, st.ku_c, st.ku_s);
            if (ret != 0)
                diag("%s (case seed %llu)", why, (unsigned long long)cs);
        }
    }

    /* Buffers shrunk on an established connection (below the window its SYN
     * announced): Linux then sits out 100-200 ms at each zero window, for
     * CPython's ssl as for us (2 MiB take 52 s either way).  The kernel's
     * stall, which the counting above tells from lost readiness. */
    {
        tcase tc = {SSLITE_TLSVersion_TLSv1_2, -1, 60000, 0};
        late_buffers = 1;
        poll_ms = 100;
        int ret = run(&tc, trng_next(&r), &st, why, sizeof(why));
        ok(ret == 0 && st.stalls == st.kernel_stalls,
           "buffers shrunk after accept(): 60000 bytes arrive; every stall is the kernel's "
           "TCP (%d stalls of %d, %.2f s)", st.kernel_stalls, st.stalls, st.wall);
        if (ret != 0)
            diag("%s", why);
        late_buffers = 0;
        poll_ms = POLL_MS;
    }
    return done_testing();
}
