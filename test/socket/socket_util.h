/* Helpers for the SSLSocket tests: the test PKI, contexts, a peer running
 * in a thread, socketpairs and loopback listeners.  Everything bounded: the
 * peers use timeouts so a failing test ends instead of hanging. */
#ifndef SSLITE_TEST_SOCKET_UTIL_H
#define SSLITE_TEST_SOCKET_UTIL_H

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <sslite/sslite.h>
#include "tap.h"

static __attribute__((unused)) const char *cert_path(const char *name)
{
    static char buf[16][1024];
    static int i;
    const char *dir = getenv("SSLITE_TEST_CERTS");
    char *b = buf[i++ % 16];
    snprintf(b, sizeof(buf[0]), "%s/%s", dir ? dir : "test/certs/pki", name);
    return b;
}

static __attribute__((unused)) double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static __attribute__((unused)) void die(const char *what, const char *msg)
{
    printf("Bail out! %s: %s\n", what, msg);
    exit(1);
}

static __attribute__((unused)) sslite_context *server_ctx(const char *cert, const char *key)
{
    sslite_error err;
    sslite_context *c = sslite_context_new(SSLITE_PROTOCOL_TLS_SERVER, &err);
    if (c == NULL)
        die("server ctx", err.message);
    if (sslite_context_load_cert_chain(c, cert_path(cert), key ? cert_path(key) : NULL, NULL, NULL,
                                       NULL) < 0)
        die("server cert", sslite_context_error(c)->message);
    return c;
}

static __attribute__((unused)) sslite_context *rsa_server_ctx(void)
{
    return server_ctx("server-rsa.pem", "server-rsa.key");
}

static __attribute__((unused)) sslite_context *client_ctx(void)
{
    sslite_error err;
    sslite_context *c = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
    if (c == NULL)
        die("client ctx", err.message);
    if (sslite_context_load_verify_locations(c, cert_path("ca.pem"), NULL, NULL, 0, 0) < 0)
        die("client ca", sslite_context_error(c)->message);
    return c;
}

static __attribute__((unused)) void pair(int sv[2])
{
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
        die("socketpair", strerror(errno));
}

/* A loopback listener on an ephemeral port; *addr gets its address. */
static __attribute__((unused)) int tcp_listener(struct sockaddr_in *addr, int backlog)
{
    socklen_t len = sizeof(*addr);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(addr, 0, sizeof(*addr));
    addr->sin_family = AF_INET;
    addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *)addr, sizeof(*addr)) < 0 || listen(fd, backlog) < 0 ||
        getsockname(fd, (struct sockaddr *)addr, &len) < 0)
        die("listener", strerror(errno));
    return fd;
}

/* A peer in a thread: fn(arg) with the job; join with peer_join. */
typedef struct peer {
    pthread_t th;
    sslite_context *ctx;
    int fd;
    int server_side;
    const char *hostname;
    sslite_session *session;
    int suppress;
    int mode;          /* what the peer does after the handshake, see peer_main */
    double sleep;      /* seconds to wait before acting */
    int hs_result;     /* 0 or the error type of the handshake */
    sslite_error err;  /* handshake error, or the error after it */
    int result;        /* the result of what it did after the handshake */
    char version[16];
    char data[256];    /* what it read */
    ssize_t nread;
    int reused;
    sslite_session *got_session; /* client: the session after its reads */
    unsigned long hash;          /* PEER_DRAIN: FNV-1a of what it read */
    int plain_echo;              /* PEER_ECHO: after unwrap, echo one plain message */
} peer;

static __attribute__((unused)) unsigned long fnv1a(unsigned long h, const void *buf, size_t len)
{
    const unsigned char *p = buf;
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * 16777619ul;
    return h & 0xfffffffful;
}
#define FNV_INIT 2166136261ul

enum {
    PEER_HOLD = 0,       /* wait `sleep`, then free (closes without close_notify) */
    PEER_ECHO,           /* echo until EOF, then unwrap; result = unwrap's */
    PEER_CLOSE,          /* close immediately after the handshake */
    PEER_UNWRAP,         /* unwrap at once, then read plain data into data */
    PEER_READ_ONE,       /* one read into data (after `sleep`), result = its value */
    PEER_SILENT,         /* no TLS at all: hold the descriptor for `sleep` */
    PEER_DRAIN,          /* read everything until EOF, counting into nread */
    PEER_WRITE_CLOSE,    /* write "bye", then close without close_notify */
    PEER_ECHO_ONE        /* read one chunk, echo it, read once more, free */
};

static __attribute__((unused)) void sleep_s(double s)
{
    struct timespec ts;
    if (s <= 0)
        return;
    ts.tv_sec = (time_t)s;
    ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

static void *peer_main(void *arg)
{
    peer *p = arg;
    sslite_socket *s;
    char buf[16384];
    ssize_t n;

    if (p->mode == PEER_SILENT) {
        sleep_s(p->sleep);
        close(p->fd);
        return NULL;
    }
    s = sslite_context_wrap_socket(p->ctx, p->fd, p->server_side, 1, p->suppress, p->hostname,
                                   p->session, &p->err);
    if (s == NULL) {
        p->hs_result = p->err.type;
        return NULL;
    }
    p->hs_result = 0;
    snprintf(p->version, sizeof(p->version), "%s",
             sslite_socket_version(s) ? sslite_socket_version(s) : "");
    p->reused = sslite_socket_session_reused(s);
    /* Bound everything the peer does after the handshake. */
    sslite_socket_settimeout(s, 10.0);
    switch (p->mode) {
    case PEER_HOLD:
        sleep_s(p->sleep);
        break;
    case PEER_ECHO:
        while ((n = sslite_socket_recv(s, buf, sizeof(buf), 0)) > 0)
            if (sslite_socket_sendall(s, buf, (size_t)n, 0) < 0)
                break;
        p->result = n == 0 ? sslite_socket_unwrap(s) : (int)n;
        if (p->result >= 0) {
            struct pollfd pfd = {p->result, POLLIN, 0};
            if (p->plain_echo && poll(&pfd, 1, 5000) > 0) {
                p->nread = recv(p->result, p->data, sizeof(p->data) - 1, 0);
                if (p->nread > 0)
                    send(p->result, p->data, (size_t)p->nread, MSG_NOSIGNAL);
            }
            close(p->result);
        } else {
            p->err = *sslite_socket_error(s);
        }
        break;
    case PEER_CLOSE:
        break;
    case PEER_UNWRAP: {
        int fd = sslite_socket_unwrap(s);
        p->result = fd;
        if (fd < 0)
            p->err = *sslite_socket_error(s);
        if (fd >= 0) {
            struct pollfd pfd = {fd, POLLIN, 0};
            p->nread = poll(&pfd, 1, 5000) > 0 ? recv(fd, p->data, sizeof(p->data) - 1, 0) : -1;
            if (p->nread > 0)
                send(fd, p->data, (size_t)p->nread, MSG_NOSIGNAL);
            close(fd);
        }
        break;
    }
    case PEER_READ_ONE:
        sleep_s(p->sleep);
        p->nread = sslite_socket_recv(s, p->data, sizeof(p->data) - 1, 0);
        p->result = (int)p->nread;
        if (p->nread < 0)
            p->err = *sslite_socket_error(s);
        break;
    case PEER_DRAIN:
        sleep_s(p->sleep);
        p->nread = 0;
        p->hash = FNV_INIT;
        while ((n = sslite_socket_recv(s, buf, sizeof(buf), 0)) > 0) {
            p->nread += n;
            p->hash = fnv1a(p->hash, buf, (size_t)n);
        }
        p->result = (int)n;
        if (n < 0)
            p->err = *sslite_socket_error(s);
        break;
    case PEER_WRITE_CLOSE:
        p->result = sslite_socket_sendall(s, "bye", 3, 0);
        break;
    case PEER_ECHO_ONE:
        n = sslite_socket_recv(s, buf, sizeof(buf), 0);
        if (n > 0)
            sslite_socket_sendall(s, buf, (size_t)n, 0);
        p->result = (int)n;
        if (!p->server_side) {
            p->got_session = sslite_socket_session(s);
            p->reused = sslite_socket_session_reused(s);
        }
        (void)sslite_socket_recv(s, buf, sizeof(buf), 0);
        break;
    }
    sslite_socket_free(s);
    return NULL;
}

/* Start a peer on fd. */
static __attribute__((unused)) void peer_start(peer *p, sslite_context *ctx, int fd, int server_side, int mode)
{
    memset(p, 0, sizeof(*p));
    p->ctx = ctx;
    p->fd = fd;
    p->server_side = server_side;
    p->suppress = 1;
    p->mode = mode;
    p->hostname = server_side ? NULL : "localhost";
}

static __attribute__((unused)) void peer_run(peer *p)
{
    if (pthread_create(&p->th, NULL, peer_main, p) != 0)
        die("pthread_create", "failed");
}

static __attribute__((unused)) void peer_join(peer *p)
{
    pthread_join(p->th, NULL);
}

/* A server peer on one end of a socketpair; returns the other end. */
static __attribute__((unused)) int serve(peer *p, sslite_context *sctx, int mode, double sleep)
{
    int sv[2];
    pair(sv);
    peer_start(p, sctx, sv[1], 1, mode);
    p->sleep = sleep;
    peer_run(p);
    return sv[0];
}

/* Adjusts a context before a handshake (versions, ciphers, curves, ...). */
typedef void (*ctx_tweak)(sslite_context *c);

/* A client context and the RSA server context, each adjusted by its tweak,
 * and the client's handshake with a server peer thread that then closes.
 * Returns the client socket, or NULL with *err.  The caller joins p and
 * frees *sctx and *cctx. */
static __attribute__((unused)) sslite_socket *tweaked_handshake(peer *p, ctx_tweak ct, ctx_tweak st,
                                                                sslite_context **sctx,
                                                                sslite_context **cctx,
                                                                sslite_error *err)
{
    *sctx = rsa_server_ctx();
    *cctx = client_ctx();
    ct(*cctx);
    st(*sctx);
    return sslite_context_wrap_socket(*cctx, serve(p, *sctx, PEER_CLOSE, 0), 0, 1, 1,
                                      "localhost", NULL, err);
}

/* Connected client over a socketpair to a server peer doing `mode`. */
static __attribute__((unused)) sslite_socket *connect_pair(peer *p, sslite_context *sctx, sslite_context *cctx, int mode,
                                   int suppress, double sleep)
{
    sslite_error err;
    int fd = serve(p, sctx, mode, sleep);
    sslite_socket *s = sslite_context_wrap_socket(cctx, fd, 0, 1, suppress, "localhost", NULL,
                                                  &err);
    if (s == NULL)
        printf("# client handshake failed: %s\n", err.message);
    return s;
}

#endif
