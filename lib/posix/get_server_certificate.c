/*
 * sslite: ssl.get_server_certificate() — connect, handshake, return the
 * server's certificate as PEM (POSIX sockets and name resolution).
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include "internal.h"


/* socket.create_connection((host, port), timeout): the first address that
 * connects; otherwise the first error, as Python raises it. */
static int connect_to(const char *host, int port, double timeout, int *fd_out, sslite_error *err)
{
    struct addrinfo hints, *res = NULL, *ai;
    char portbuf[16];
    int r, fd = -1, ret = 0, have_err = 0;
    sslite_error first;

    *fd_out = -1;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    snprintf(portbuf, sizeof(portbuf), "%d", port);
    r = getaddrinfo(host, portbuf, &hints, &res);
    if (r != 0) {
        /* socket.gaierror: "[Errno -2] Name or service not known" */
        if (r == EAI_SYSTEM)
            return sslite__err_os(err, errno);
        return sslite__err_set(err, SSLITE_ERR_OS, r, NULL, NULL, "[Errno %d] %s", r,
                               gai_strerror(r));
    }
    sslite_error_clear(&first);
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        int flags, e = 0;
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            e = errno;
            goto next;
        }
        flags = fcntl(fd, F_GETFL);
        if (timeout >= 0)
            (void)fcntl(fd, F_SETFL, flags | O_NONBLOCK);
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
            (void)fcntl(fd, F_SETFL, flags);
            break;
        }
        e = errno;
        if (timeout >= 0 && e == EINPROGRESS) {
            struct pollfd p = {fd, POLLOUT, 0};
            int ms = timeout * 1000 > 2147483647.0 ? 2147483647 : (int)(timeout * 1000);
            socklen_t sl = sizeof(e);
            do
                r = poll(&p, 1, ms);
            while (r < 0 && errno == EINTR);
            if (r == 0) {
                if (!have_err++)
                    sslite__err_set(&first, SSLITE_ERR_TIMEOUT, 0, NULL, NULL, "timed out");
                close(fd);
                fd = -1;
                continue;
            }
            if (r < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &sl) < 0)
                e = errno;
            if (e == 0) {
                (void)fcntl(fd, F_SETFL, flags);
                break;
            }
        }
    next:
        if (!have_err++)
            sslite__err_os(&first, e);
        if (fd >= 0)
            close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        if (!have_err)
            sslite__err_set(&first, SSLITE_ERR_OS, 0, NULL, NULL,
                            "getaddrinfo returns an empty list");
        sslite__err_copy(err, &first);
        ret = first.type;
    }
    *fd_out = fd;
    return ret;
}

char *sslite_get_server_certificate(const char *host, int port, int ssl_version,
                                    const char *ca_certs, double timeout, sslite_error *err)
{
    sslite_context *ctx = NULL;
    sslite_socket *s = NULL;
    const unsigned char *der;
    size_t len;
    char *pem = NULL;
    int fd = -1, ret = 0, r;

    sslite_error_clear(err);
    if (host == NULL)
        SSLITE_GUARD(sslite__err_type(err, "str, bytes or bytearray expected, not NoneType"));
    /* _create_stdlib_context: no hostname check; CA check only with
     * ca_certs. */
    ctx = sslite_context_new(ssl_version != 0 ? ssl_version : SSLITE_PROTOCOL_TLS_CLIENT, err);
    if (ctx == NULL) {
        ret = err != NULL ? err->type : SSLITE_ERR_SSL;
        goto out;
    }
    if (sslite_context_set_check_hostname(ctx, 0) < 0 ||
        sslite_context_set_verify_mode(ctx, ca_certs != NULL ? SSLITE_CERT_REQUIRED
                                                             : SSLITE_CERT_NONE) < 0 ||
        (ca_certs != NULL &&
         sslite_context_load_verify_locations(ctx, ca_certs, NULL, NULL, 0, 0) < 0)) {
        sslite__err_copy(err, sslite_context_error(ctx));
        ret = err != NULL ? err->type : SSLITE_ERR_SSL;
        goto out;
    }
    SSLITE_GUARD(connect_to(host, port, timeout, &fd, err));
    s = sslite_context_wrap_socket(ctx, fd, 0, 0, 1, host, NULL, err);
    fd = -1; /* the socket owns it now, even on failure */
    if (s == NULL) {
        ret = err != NULL ? err->type : SSLITE_ERR_SSL;
        goto out;
    }
    if ((timeout >= 0 && sslite_socket_settimeout(s, timeout) < 0) ||
        sslite_socket_do_handshake(s) < 0 ||
        (r = sslite_socket_getpeercert_der(s, &der, &len)) < 0) {
        sslite__err_copy(err, sslite_socket_error(s));
        ret = sslite_socket_error(s)->type;
        goto out;
    }
    if (r == 0) /* DER_cert_to_PEM_cert(None) */
        SSLITE_GUARD(sslite__err_type(err, "a bytes-like object is required, not 'NoneType'"));
    pem = sslite_DER_cert_to_PEM_cert(der, len);
    SSLITE_GUARD_PTR(pem, err);
out:
    if (fd >= 0)
        close(fd);
    sslite_socket_free(s);
    sslite_context_free(ctx);
    if (ret < 0) {
        sslite__free(pem);
        pem = NULL;
    }
    return pem;
}
