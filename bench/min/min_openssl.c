/* The same minimal client on OpenSSL. */
#include <openssl/err.h>
#include <openssl/ssl.h>
#include "min_common.h"

int main(int argc, char **argv)
{
    SSL_CTX *ctx;
    SSL *ssl = NULL;
    char buf[4096];
    size_t n;
    int fd = -1, ret = 1;

    if (argc != 5)
        return 2;
    ctx = SSL_CTX_new(TLS_client_method());
    if (ctx == NULL || SSL_CTX_load_verify_locations(ctx, argv[3], NULL) != 1)
        goto out;
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    if ((fd = tcp_connect(argv[1], argv[2])) < 0)
        goto out;
    if ((ssl = SSL_new(ctx)) == NULL || SSL_set_fd(ssl, fd) != 1 ||
        SSL_set_tlsext_host_name(ssl, argv[4]) != 1 || SSL_set1_host(ssl, argv[4]) != 1 ||
        SSL_connect(ssl) != 1 || SSL_write_ex(ssl, request, sizeof(request) - 1, &n) != 1)
        goto out;
    while (SSL_read_ex(ssl, buf, sizeof(buf), &n) == 1)
        fwrite(buf, 1, n, stdout);
    ret = 0;
out:
    if (ret != 0)
        ERR_print_errors_fp(stderr);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    if (fd >= 0)
        close(fd);
    return ret;
}
