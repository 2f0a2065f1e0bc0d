/*
 * poll_loop: SSLObjects driven from a poll() event loop over real sockets,
 * the way an event-driven program (or a firmware main loop) uses sslite:
 * sockets stay non-blocking and belong to the loop; TLS never touches them.
 * Each connection is an SSLObject over two MemoryBIOs.  When a socket is
 * readable its bytes go into the incoming BIO; the connection's state
 * machine steps until the object reports SSLITE_ERR_WANT_READ; whatever the
 * object produced is sent from the outgoing BIO, and POLLOUT is asked for
 * while some of it is still queued.
 *
 * To be self-contained the loop runs both ends of one loopback TCP
 * connection: a server that answers one request, and a client that sends
 * it.  Both close with close_notify (unwrap) before closing the socket.
 *
 *   poll_loop CERTDIR     (CERTDIR holds ca.pem, server-rsa.pem/.key)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <sslite/sslite.h>

enum state { HANDSHAKE, REQUEST, RESPONSE, CLOSING, FLUSH_AND_CLOSE, DONE, FAILED };

typedef struct conn {
    const char *name;
    int server;
    int fd;
    sslite_object *obj;
    sslite_memorybio *in, *out;
    enum state state;
    char rx[512];
    size_t rxlen;
} conn;

static const char request[] = "GET /hello\n";
static const char response[] = "hello from an SSLObject in a poll() loop\n";

static int set_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static void failed(conn *c, const char *what)
{
    const sslite_error *e = sslite_object_error(c->obj);
    fprintf(stderr, "%s: %s: %s: %s\n", c->name, what, sslite_errtype_name(e->type), e->message);
    c->state = FAILED;
}

/* Step the connection as far as it goes without more input.  Every object
 * call is non-blocking: SSLITE_ERR_WANT_READ just means "come back when the
 * socket is readable". */
static void step(conn *c)
{
    for (;;) {
        ssize_t r;
        switch (c->state) {
        case HANDSHAKE:
            r = sslite_object_do_handshake(c->obj);
            if (r == SSLITE_ERR_WANT_READ)
                return;
            if (r < 0)
                return failed(c, "do_handshake");
            printf("%s: handshake done, %s\n", c->name, sslite_object_version(c->obj));
            if (!c->server &&
                sslite_object_write(c->obj, request, sizeof(request) - 1) < 0)
                return failed(c, "write");
            c->state = c->server ? REQUEST : RESPONSE;
            break;
        case REQUEST: /* server: read one line, answer, close */
            r = sslite_object_read(c->obj, c->rx + c->rxlen, sizeof(c->rx) - 1 - c->rxlen);
            if (r == SSLITE_ERR_WANT_READ)
                return;
            if (r <= 0)
                return failed(c, "read");
            c->rxlen += (size_t)r;
            c->rx[c->rxlen] = '\0';
            if (strchr(c->rx, '\n') == NULL)
                break;
            printf("%s: request %s", c->name, c->rx);
            if (sslite_object_write(c->obj, response, sizeof(response) - 1) < 0)
                return failed(c, "write");
            c->state = CLOSING;
            break;
        case RESPONSE: /* client: read until the server's close_notify */
            r = sslite_object_read(c->obj, c->rx + c->rxlen, sizeof(c->rx) - 1 - c->rxlen);
            if (r == SSLITE_ERR_WANT_READ)
                return;
            if (r < 0)
                return failed(c, "read");
            if (r == 0) {
                c->rx[c->rxlen] = '\0';
                printf("%s: response %s", c->name, c->rx);
                c->state = CLOSING;
                break;
            }
            c->rxlen += (size_t)r;
            break;
        case CLOSING:
            /* unwrap(): send our close_notify, then want-read until the
             * peer's arrives (at once if it already did). */
            r = sslite_object_unwrap(c->obj);
            if (r == SSLITE_ERR_WANT_READ)
                return;
            if (r < 0)
                return failed(c, "unwrap");
            printf("%s: close_notify exchanged\n", c->name);
            c->state = FLUSH_AND_CLOSE;
            return;
        default:
            return;
        }
    }
}

/* Send what the object queued; the socket decides how much goes now. */
static void flush(conn *c)
{
    const unsigned char *p;
    size_t n;

    while ((p = sslite_memorybio_peek(c->out, &n)) != NULL) {
        ssize_t k = send(c->fd, p, n, MSG_NOSIGNAL);
        if (k < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                perror("send");
                c->state = FAILED;
            }
            return;
        }
        sslite_memorybio_consume(c->out, (size_t)k);
    }
    if (c->state == FLUSH_AND_CLOSE) {
        close(c->fd);
        c->fd = -1;
        c->state = DONE;
    }
}

/* The socket is readable: move its bytes into the incoming BIO, straight
 * into BIO memory (reserve/commit), and mark EOF when the peer closed. */
static void fill(conn *c)
{
    unsigned char *w = sslite_memorybio_reserve(c->in, 16384);
    ssize_t k;

    if (w == NULL)
        return;
    k = recv(c->fd, w, 16384, 0);
    if (k > 0)
        sslite_memorybio_commit(c->in, (size_t)k);
    else if (k == 0)
        sslite_memorybio_write_eof(c->in); /* the object will say SSLEOFError if early */
    else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
        c->state = FAILED;
}

static int start(conn *c, const char *name, int server, int fd, sslite_context *ctx)
{
    sslite_error err;

    memset(c, 0, sizeof(*c));
    c->name = name;
    c->server = server;
    c->fd = fd;
    c->in = sslite_memorybio_new();
    c->out = sslite_memorybio_new();
    c->obj = sslite_context_wrap_bio(ctx, c->in, c->out, server, server ? NULL : "localhost",
                                     NULL, &err);
    if (c->obj == NULL || set_nonblock(fd) < 0) {
        fprintf(stderr, "%s: wrap_bio: %s\n", name, err.message);
        return -1;
    }
    step(c); /* the client's ClientHello is queued right away */
    return 0;
}

static void finish(conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    sslite_object_free(c->obj);
    sslite_memorybio_free(c->in);
    sslite_memorybio_free(c->out);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    char ca[1024], cert[1024], key[1024];
    sslite_context *cctx, *sctx;
    sslite_error err;
    struct sockaddr_in sa;
    socklen_t salen = sizeof(sa);
    int lfd = -1, cfd = -1, rc = 1;
    conn conns[2];
    int nconns = 0;

    signal(SIGPIPE, SIG_IGN);
    snprintf(ca, sizeof(ca), "%s/ca.pem", dir);
    snprintf(cert, sizeof(cert), "%s/server-rsa.pem", dir);
    snprintf(key, sizeof(key), "%s/server-rsa.key", dir);
    cctx = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
    sctx = sslite_context_new(SSLITE_PROTOCOL_TLS_SERVER, &err);
    if (cctx == NULL || sctx == NULL ||
        sslite_context_load_verify_locations(cctx, ca, NULL, NULL, 0, 0) < 0 ||
        sslite_context_load_cert_chain(sctx, cert, key, NULL, NULL, NULL) < 0) {
        fprintf(stderr, "contexts: cannot load the certificates from %s\n", dir);
        goto out;
    }

    /* A listening socket on an ephemeral loopback port, and a client
     * connecting to it without blocking. */
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(lfd, 4) < 0 ||
        getsockname(lfd, (struct sockaddr *)&sa, &salen) < 0 || set_nonblock(lfd) < 0) {
        perror("listen");
        goto out;
    }
    printf("listening on 127.0.0.1:%d\n", ntohs(sa.sin_port));
    cfd = socket(AF_INET, SOCK_STREAM, 0);
    if (cfd < 0 || set_nonblock(cfd) < 0 ||
        (connect(cfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 && errno != EINPROGRESS)) {
        perror("connect");
        goto out;
    }
    if (start(&conns[nconns++], "client", 0, cfd, cctx) < 0)
        goto out;
    cfd = -1;

    /* The event loop: bounded, so a broken peer cannot hang it. */
    for (int iter = 0; iter < 10000; iter++) {
        struct pollfd pfd[3];
        int n = 0, alive = 0, r;

        for (int i = 0; i < nconns; i++) {
            conn *c = &conns[i];
            if (c->state == DONE || c->state == FAILED)
                continue;
            alive++;
            pfd[n].fd = c->fd;
            pfd[n].events = POLLIN;
            if (sslite_memorybio_pending(c->out) > 0)
                pfd[n].events |= POLLOUT;
            pfd[n++].revents = 0;
        }
        if (lfd >= 0) {
            pfd[n].fd = lfd;
            pfd[n].events = POLLIN;
            pfd[n++].revents = 0;
        }
        if (alive == 0 && lfd < 0)
            break;
        r = poll(pfd, (nfds_t)n, 5000);
        if (r <= 0) {
            fprintf(stderr, r == 0 ? "timed out\n" : "poll failed\n");
            goto out;
        }
        for (int k = 0; k < n; k++) {
            if (pfd[k].revents == 0)
                continue;
            if (pfd[k].fd == lfd) {
                int afd = accept(lfd, NULL, NULL);
                if (afd >= 0) {
                    if (start(&conns[nconns++], "server", 1, afd, sctx) < 0)
                        goto out;
                    close(lfd); /* one connection is all this example serves */
                    lfd = -1;
                }
                continue;
            }
            for (int i = 0; i < nconns; i++) {
                conn *c = &conns[i];
                if (c->fd != pfd[k].fd || c->state == DONE || c->state == FAILED)
                    continue;
                if (pfd[k].revents & (POLLIN | POLLHUP | POLLERR))
                    fill(c);
                step(c);
                flush(c);
            }
        }
    }
    rc = 0;
    for (int i = 0; i < nconns; i++)
        if (conns[i].state != DONE)
            rc = 1;
    if (nconns != 2)
        rc = 1;
    printf(rc == 0 ? "done\n" : "failed\n");
out:
    for (int i = 0; i < nconns; i++)
        finish(&conns[i]);
    if (lfd >= 0)
        close(lfd);
    if (cfd >= 0)
        close(cfd);
    sslite_context_free(cctx);
    sslite_context_free(sctx);
    return rc;
}
