/* A minimal verifying TLS client on sslite, for the binary-size column:
 * min-sslite IP PORT CAFILE HOSTNAME sends an HTTP/1.0 request and copies
 * the reply to stdout. */
#include <sslite/sslite.h>
#include "min_common.h"

int main(int argc, char **argv)
{
    sslite_error err;
    sslite_context *ctx;
    sslite_socket *s;
    char buf[4096];
    ssize_t n;
    int fd;

    if (argc != 5)
        return 2;
    ctx = sslite_create_default_context(SSLITE_Purpose_SERVER_AUTH, argv[3], NULL, NULL, 0, 0, &err);
    if (ctx == NULL) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    if ((fd = tcp_connect(argv[1], argv[2])) < 0)
        return 1;
    s = sslite_context_wrap_socket(ctx, fd, 0, 1, 1, argv[4], NULL, &err);
    if (s == NULL) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    if (sslite_socket_sendall(s, request, sizeof(request) - 1, 0) < 0) {
        fprintf(stderr, "%s\n", sslite_socket_error(s)->message);
        return 1;
    }
    while ((n = sslite_socket_recv(s, buf, sizeof(buf), 0)) > 0)
        fwrite(buf, 1, (size_t)n, stdout);
    if (n < 0)
        fprintf(stderr, "%s\n", sslite_socket_error(s)->message);
    sslite_socket_free(s);
    sslite_context_free(ctx);
    return n < 0;
}
