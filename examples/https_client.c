/*
 * https_client: a blocking HTTPS-style client with a timeout, the C form of
 *
 *     ctx = ssl.create_default_context(cafile=CA)
 *     with ctx.wrap_socket(socket.socket(), server_hostname="localhost") as s:
 *         s.settimeout(5)
 *         s.connect(addr)          # TCP connect + handshake, 5 s at most
 *         s.sendall(request)
 *         while data := s.recv(4096): ...
 *
 * The timeout is set BEFORE connect, so the TCP connect and the whole TLS
 * handshake are bounded (wrapping an already-connected blocking descriptor
 * would handshake inside wrap_socket() with no timeout at all), and every
 * later read or write is bounded too.
 *
 * To be self-contained it first starts a tiny HTTPS server in a thread on
 * 127.0.0.1, then fetches "/" from it; last it shows the timeout firing
 * against a peer that accepts and never answers.
 *
 *   https_client CERTDIR     (CERTDIR holds ca.pem, server-rsa.pem/.key)
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <sslite/sslite.h>

static const char body[] = "hello over TLS\n";

/* ---- the client: this is the part to copy ---- */

/* GET / from 127.0.0.1:port with a timeout of `timeout` seconds.  Prints
 * the response; 0 on success, else the sslite error type (printed). */
static int https_get(sslite_context *ctx, int port, double timeout, char *resp, size_t cap)
{
    struct sockaddr_in addr;
    sslite_error err;
    sslite_socket *s = NULL;
    size_t got = 0;
    ssize_t n;
    int ret, fd;
    static const char request[] = "GET / HTTP/1.0\r\nHost: localhost\r\n\r\n";

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        perror("socket");
        return SSLITE_ERR_OS;
    }
    /* An unconnected descriptor: the handshake comes with connect().  From
     * here on the socket owns fd (sslite_socket_free closes it). */
    s = sslite_context_wrap_socket(ctx, fd, 0, 1, 1, "localhost", NULL, &err);
    if (s == NULL) {
        fprintf(stderr, "wrap_socket: %s\n", err.message);
        return err.type;
    }
    ret = sslite_socket_settimeout(s, timeout);
    if (ret == 0)
        ret = sslite_socket_connect(s, (struct sockaddr *)&addr, sizeof(addr));
    if (ret == 0)
        ret = sslite_socket_sendall(s, request, sizeof(request) - 1, 0);
    /* Read until the server closes: 0 is EOF (close_notify, or a ragged
     * EOF, which suppress_ragged_eofs=1 turns into EOF as Python does). */
    while (ret == 0 && got + 1 < cap && (n = sslite_socket_recv(s, resp + got, cap - 1 - got, 0)) != 0) {
        if (n < 0)
            ret = (int)n;
        else
            got += (size_t)n;
    }
    resp[got] = '\0';
    if (ret < 0) {
        const sslite_error *e = sslite_socket_error(s);
        /* e->message is what Python would print, e.g.
         * "_ssl.c:989: The handshake operation timed out" */
        fprintf(stderr, "client: %s: %s\n", sslite_errtype_name(e->type), e->message);
    }
    sslite_socket_free(s);
    return ret;
}

/* ---- a tiny HTTPS server for the demonstration ---- */

typedef struct server {
    sslite_context *ctx;
    int lfd;
    int silent; /* accept and never answer */
} server;

static void *serve(void *arg)
{
    server *sv = arg;
    int fd = accept(sv->lfd, NULL, NULL);
    sslite_error err;
    sslite_socket *s;
    char req[1024], resp[256];
    ssize_t n;

    if (fd < 0)
        return NULL;
    if (sv->silent) {
        /* Hold the connection open, say nothing, until the client gives up. */
        (void)recv(fd, req, sizeof(req), 0);
        (void)recv(fd, req, sizeof(req), 0);
        close(fd);
        return NULL;
    }
    s = sslite_context_wrap_socket(sv->ctx, fd, 1, 0, 1, NULL, NULL, &err);
    if (s == NULL)
        return NULL;
    (void)sslite_socket_settimeout(s, 5.0);
    if (sslite_socket_do_handshake(s) == 0 && (n = sslite_socket_recv(s, req, sizeof(req), 0)) > 0) {
        int len = snprintf(resp, sizeof(resp),
                           "HTTP/1.0 200 OK\r\nContent-Length: %zu\r\n\r\n%s", strlen(body), body);
        (void)sslite_socket_sendall(s, resp, (size_t)len, 0);
        int back = sslite_socket_unwrap(s); /* close_notify, then the descriptor back */
        if (back >= 0)
            close(back);
    }
    sslite_socket_free(s);
    return NULL;
}

static int listen_loopback(int *port)
{
    struct sockaddr_in a;
    socklen_t len = sizeof(a);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, 4) < 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) < 0) {
        perror("listen");
        if (fd >= 0)
            close(fd);
        return -1;
    }
    *port = ntohs(a.sin_port);
    return fd;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    char ca[1024], cert[1024], key[1024], resp[1024];
    sslite_context *cctx = NULL, *sctx = NULL;
    sslite_error err;
    server sv = {0}, quiet = {0};
    pthread_t t1, t2;
    int port, qport, rc = 1, r;

    signal(SIGPIPE, SIG_IGN);
    snprintf(ca, sizeof(ca), "%s/ca.pem", dir);
    snprintf(cert, sizeof(cert), "%s/server-rsa.pem", dir);
    snprintf(key, sizeof(key), "%s/server-rsa.key", dir);

    /* create_default_context(cafile=...): verification and hostname check on. */
    cctx = sslite_create_default_context(SSLITE_Purpose_SERVER_AUTH, ca, NULL, NULL, 0, 0, &err);
    sctx = sslite_create_default_context(SSLITE_Purpose_CLIENT_AUTH, NULL, NULL, NULL, 0, 0, &err);
    if (cctx == NULL || sctx == NULL ||
        sslite_context_load_cert_chain(sctx, cert, key, NULL, NULL, NULL) < 0) {
        fprintf(stderr, "contexts: cannot load the certificates from %s\n", dir);
        goto out;
    }

    sv.ctx = sctx;
    if ((sv.lfd = listen_loopback(&port)) < 0 || pthread_create(&t1, NULL, serve, &sv) != 0)
        goto out;
    r = https_get(cctx, port, 5.0, resp, sizeof(resp));
    pthread_join(t1, NULL);
    if (r != 0 || strstr(resp, "200 OK") == NULL || strstr(resp, body) == NULL) {
        fprintf(stderr, "GET / failed (%d): %s\n", r, resp);
        goto out;
    }
    printf("GET / -> %.*s\n", (int)strcspn(resp, "\r"), resp);

    /* The same call against a server that never answers: the handshake
     * gives up after the timeout with TimeoutError instead of hanging. */
    quiet.silent = 1;
    if ((quiet.lfd = listen_loopback(&qport)) < 0 || pthread_create(&t2, NULL, serve, &quiet) != 0)
        goto out;
    r = https_get(cctx, qport, 0.5, resp, sizeof(resp));
    pthread_join(t2, NULL);
    if (r != SSLITE_ERR_TIMEOUT) {
        fprintf(stderr, "expected TimeoutError from a silent server, got %d\n", r);
        goto out;
    }
    printf("silent server -> TimeoutError after 0.5 s, as expected\n");
    rc = 0;
out:
    if (sv.lfd > 0)
        close(sv.lfd);
    if (quiet.lfd > 0)
        close(quiet.lfd);
    sslite_context_free(cctx);
    sslite_context_free(sctx);
    return rc;
}
