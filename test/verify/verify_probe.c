/*
 * One sslite TLS endpoint on loopback for the bad-certificate suite
 * (test_badcerts.py drives it against Python's ssl and compares).
 *
 *   verify_probe client PORT HOST CAFILE FLAGS MAXVER [CERT KEY]
 *   verify_probe server CERT KEY CAFILE VERIFY_MODE MAXVER
 *
 * FLAGS is verify_flags to OR in (decimal), MAXVER 0 or 0x0303/0x0304 as
 * decimal, VERIFY_MODE 0/1/2.  The server prints its port on the first
 * line.  Both print one JSON line with the outcome: {"ok": true} or the
 * error's type, library, reason, verify_code, verify_message, message.
 * After the handshake the server sends "k" and the client reads one byte,
 * so that a TLS 1.3 rejection of the client's certificate (which arrives
 * after the client's handshake) shows up on the client too.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <sslite/sslite.h>

static void json_str(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            printf("\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            printf("\\u%04x", *s);
        else
            putchar(*s);
    }
    putchar('"');
}

static void report(const sslite_error *e)
{
    if (e == NULL) {
        printf("{\"ok\": true}\n");
    } else {
        printf("{\"ok\": false, \"type\": ");
        json_str(sslite_errtype_name(e->type));
        printf(", \"library\": ");
        json_str(e->library);
        printf(", \"reason\": ");
        json_str(e->reason);
        printf(", \"verify_code\": %ld, \"verify_message\": ", e->verify_code);
        json_str(e->verify_message);
        printf(", \"message\": ");
        json_str(e->message);
        printf("}\n");
    }
    fflush(stdout);
}

static sslite_context *make_ctx(int server, const char *cert, const char *key, const char *cafile,
                                int maxver, sslite_error *err)
{
    sslite_context *ctx = sslite_context_new(server ? SSLITE_PROTOCOL_TLS_SERVER
                                                    : SSLITE_PROTOCOL_TLS_CLIENT,
                                             err);
    if (ctx == NULL)
        return NULL;
    if ((cert != NULL && sslite_context_load_cert_chain(ctx, cert, key, NULL, NULL, NULL) < 0) ||
        (cafile != NULL &&
         sslite_context_load_verify_locations(ctx, cafile, NULL, NULL, 0, 0) < 0) ||
        (maxver != 0 && sslite_context_set_maximum_version(ctx, maxver) < 0)) {
        *err = *sslite_context_error(ctx);
        sslite_context_free(ctx);
        return NULL;
    }
    return ctx;
}

static int run_client(int argc, char **argv)
{
    sslite_error err;
    sslite_context *ctx;
    sslite_socket *s;
    struct sockaddr_in sa;
    char b;
    int fd;

    if (argc < 7)
        return 2;
    ctx = make_ctx(0, argc > 8 ? argv[7] : NULL, argc > 8 ? argv[8] : NULL, argv[4],
                   atoi(argv[6]), &err);
    if (ctx == NULL) {
        report(&err);
        return 0;
    }
    sslite_context_set_verify_flags(ctx, sslite_context_get_verify_flags(ctx) |
                                             strtoul(argv[5], NULL, 10));
    fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)atoi(argv[2]));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        perror("connect");
        return 1;
    }
    s = sslite_context_wrap_socket(ctx, fd, 0, 1, 1, argv[3], NULL, &err);
    if (s == NULL) {
        report(&err);
    } else {
        sslite_socket_settimeout(s, 10.0);
        if (sslite_socket_recv(s, &b, 1, 0) < 0)
            report(sslite_socket_error(s));
        else
            report(NULL);
        sslite_socket_free(s);
    }
    sslite_context_free(ctx);
    return 0;
}

static int run_server(int argc, char **argv)
{
    sslite_error err;
    sslite_context *ctx;
    sslite_socket *s;
    struct sockaddr_in sa;
    socklen_t salen = sizeof(sa);
    struct pollfd pfd;
    int lfd, fd;

    if (argc < 7)
        return 2;
    ctx = make_ctx(1, argv[2], argv[3], argv[4], atoi(argv[6]), &err);
    if (ctx == NULL) {
        printf("0\n");
        report(&err);
        return 0;
    }
    sslite_context_set_verify_mode(ctx, atoi(argv[5]));
    lfd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(lfd, 1) < 0 ||
        getsockname(lfd, (struct sockaddr *)&sa, &salen) < 0) {
        perror("listen");
        return 1;
    }
    printf("%d\n", ntohs(sa.sin_port));
    fflush(stdout);
    pfd.fd = lfd;
    pfd.events = POLLIN;
    if (poll(&pfd, 1, 20000) != 1 || (fd = accept(lfd, NULL, NULL)) < 0) {
        fprintf(stderr, "no client\n");
        return 1;
    }
    close(lfd);
    s = sslite_context_wrap_socket(ctx, fd, 1, 1, 1, NULL, NULL, &err);
    if (s == NULL) {
        report(&err);
    } else {
        sslite_socket_settimeout(s, 10.0);
        if (sslite_socket_sendall(s, "k", 1, 0) < 0)
            report(sslite_socket_error(s));
        else
            report(NULL);
        sslite_socket_free(s);
    }
    sslite_context_free(ctx);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "client") == 0)
        return run_client(argc, argv);
    if (argc > 1 && strcmp(argv[1], "server") == 0)
        return run_server(argc, argv);
    fprintf(stderr, "usage: verify_probe client|server ...\n");
    return 2;
}
