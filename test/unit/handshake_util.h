/* Helpers for in-process handshakes over a socketpair: the server side runs
 * in a thread, the client in the test. */
#ifndef SSLITE_TEST_HANDSHAKE_UTIL_H
#define SSLITE_TEST_HANDSHAKE_UTIL_H

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <sslite/sslite.h>

__attribute__((unused)) static const char *cert_path(const char *name)
{
    static char buf[8][1024];
    static int i;
    const char *dir = getenv("SSLITE_TEST_CERTS");
    char *b = buf[i++ % 8];
    snprintf(b, sizeof(buf[0]), "%s/%s", dir ? dir : "test/certs/pki", name);
    return b;
}

typedef struct server_job {
    sslite_context *ctx;
    int fd;
    int echo;             /* echo one read back */
    int result;           /* handshake result */
    sslite_error err;
    char version[16];
    char alpn[32];
} server_job;

__attribute__((unused)) static void *server_main(void *arg)
{
    server_job *j = arg;
    sslite_socket *s = sslite_context_wrap_socket(j->ctx, j->fd, 1, 1, 1, NULL, NULL, &j->err);
    if (s == NULL) {
        j->result = j->err.type;
        return NULL;
    }
    j->result = 0;
    snprintf(j->version, sizeof(j->version), "%s", sslite_socket_version(s) ? sslite_socket_version(s) : "");
    snprintf(j->alpn, sizeof(j->alpn), "%s", sslite_socket_selected_alpn_protocol(s) ? sslite_socket_selected_alpn_protocol(s) : "");
    if (j->echo) {
        char buf[4096];
        ssize_t n;
        while ((n = sslite_socket_recv(s, buf, sizeof(buf), 0)) > 0)
            if (sslite_socket_sendall(s, buf, (size_t)n, 0) < 0)
                break;
        if (n == 0)
            (void)sslite_socket_unwrap(s);
    }
    sslite_socket_free(s);
    return NULL;
}

__attribute__((unused)) static sslite_context *server_ctx(const char *cert, const char *key)
{
    sslite_error err;
    sslite_context *c = sslite_context_new(SSLITE_PROTOCOL_TLS_SERVER, &err);
    if (c == NULL || sslite_context_load_cert_chain(c, cert_path(cert), key ? cert_path(key) : NULL,
                                                     NULL, NULL, NULL) < 0) {
        fprintf(stderr, "# server ctx: %s\n", c ? sslite_context_error(c)->message : err.message);
        exit(1);
    }
    return c;
}

__attribute__((unused)) static sslite_context *client_ctx(void)
{
    sslite_error err;
    sslite_context *c = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
    if (c == NULL || sslite_context_load_verify_locations(c, cert_path("ca.pem"), NULL, NULL, 0, 0) < 0) {
        fprintf(stderr, "# client ctx: %s\n", c ? sslite_context_error(c)->message : err.message);
        exit(1);
    }
    return c;
}

#endif
