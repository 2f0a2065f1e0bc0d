/* The sslite end of the torture tests against other TLS stacks (driven by
 * torture_peers.py): one non-blocking SSLSocket on loopback with 4 KiB
 * buffers, one poll() loop sending a file's bytes in random-sized chunks
 * while reading in random-sized chunks, until the file went out and the
 * expected count arrived; what arrived goes to a file for the driver to
 * compare.  Then close_notify (bounded) and exit.
 *
 *   torture_peer connect PORT | listen
 *       VERSION(tls12|tls13|any) TICKETS(-1 default) SEED SEND_FILE RECV_FILE RECV_BYTES
 * listen prints "PORT n" on stdout once it listens.  Exit 0 on success, 1
 * with "error: ..." on stderr. */
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


static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    long n;

    if (f == NULL || fseek(f, 0, SEEK_END) < 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) < 0)
        die("send file", strerror(errno));
    buf = malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n)
        die("send file", "short read");
    fclose(f);
    *len = (size_t)n;
    return buf;
}

int main(int argc, char **argv)
{
    sslite_context *ctx;
    sslite_socket *s;
    sslite_error err;
    struct sockaddr_in a;
    tend e;
    tstats st;
    int server, fd, version = 0, ret;
    uint64_t seed;
    size_t send_len;
    unsigned char *send_data;
    FILE *sink;

    signal(SIGPIPE, SIG_IGN);
    if (argc != 9 && !(argc == 8 && strcmp(argv[1], "listen") == 0)) {
        fprintf(stderr, "usage: torture_peer connect PORT|listen VERSION TICKETS SEED "
                        "SEND_FILE RECV_FILE RECV_BYTES\n");
        return 2;
    }
    server = strcmp(argv[1], "listen") == 0;
    argv += server ? 2 : 3;
    if (strcmp(argv[0], "tls12") == 0)
        version = SSLITE_TLSVersion_TLSv1_2;
    else if (strcmp(argv[0], "tls13") == 0)
        version = SSLITE_TLSVersion_TLSv1_3;
    seed = strtoull(argv[2], NULL, 0);
    send_data = slurp(argv[3], &send_len);
    sink = fopen(argv[4], "wb");
    if (sink == NULL)
        die("recv file", strerror(errno));

    ctx = server ? rsa_server_ctx() : client_ctx();
    if (version != 0) {
        sslite_context_set_minimum_version(ctx, version);
        sslite_context_set_maximum_version(ctx, version);
    }
    if (server && atoi(argv[1]) >= 0)
        sslite_context_set_num_tickets(ctx, atoi(argv[1]));

    fd = socket(AF_INET, SOCK_STREAM, 0);
    tiny_buffers(fd);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (server) {
        socklen_t len = sizeof(a);
        struct pollfd pfd = {fd, POLLIN, 0};
        int l = fd;
        if (bind(l, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(l, 1) < 0 ||
            getsockname(l, (struct sockaddr *)&a, &len) < 0)
            die("listen", strerror(errno));
        printf("PORT %d\n", ntohs(a.sin_port));
        fflush(stdout);
        if (poll(&pfd, 1, 20000) <= 0)
            die("accept", "nobody came in 20 s");
        fd = accept(l, NULL, NULL);
        close(l);
    } else {
        a.sin_port = htons((unsigned short)atoi(argv[-1]));
        if (connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0)
            die("connect", strerror(errno));
    }
    if (fd < 0)
        die("accept", strerror(errno));
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    s = sslite_context_wrap_socket(ctx, fd, server, 0, 1, server ? NULL : "localhost", NULL,
                                   &err);
    if (s == NULL)
        die("wrap", err.message);

    tend_init(&e, server ? "sslite server" : "sslite client", s, fd);
    e.tx_data = send_data;
    e.tx_total = send_len;
    e.rx_sink = sink;
    e.rx_total = strtoul(argv[5], NULL, 0);
    ret = t_run1(&e, seed, 30.0, 200, &st);
    fclose(sink);
    fprintf(stderr, "# %s: sent %zu/%zu, got %zu/%zu in %.3f s (%.3f s cpu), %d poll timeouts\n",
            e.name, e.tx_pos, e.tx_total, e.rx_pos, e.rx_total, st.wall, st.cpu, st.stalls);
    if (ret != 0) {
        fprintf(stderr, "error: %s\n",
                e.failed ? e.why : "deadline passed (30 s)");
    } else {
        /* close_notify, and the peer's, within 5 s (a peer that just closes
         * is fine too). */
        double end = t_now() + 5;
        int r;
        while ((r = sslite_socket_unwrap(s)) < 0 && t_is_want(r) && t_now() < end) {
            struct pollfd pfd = {fd, r == SSLITE_ERR_WANT_WRITE ? POLLOUT : POLLIN, 0};
            poll(&pfd, 1, 100);
        }
    }
    tend_free(&e);
    sslite_socket_free(s);
    sslite_context_free(ctx);
    free(send_data);
    return ret != 0;
}
