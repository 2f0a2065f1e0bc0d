/* <sslite/fd_transport.h>: the transport of SSLSocket and of callback
 * connections over a caller's descriptor. */
#include <errno.h>
#include <sys/socket.h>
#include "internal.h"
#include "sslite/fd_transport.h"

static sslite_ssize_t io_result(sslite_ssize_t n)
{
    if (n >= 0)
        return n;
    return errno == EAGAIN || errno == EWOULDBLOCK ? SSLITE_IO_WOULD_BLOCK : SSLITE_IO_ERROR;
}

sslite_ssize_t sslite_fd_send(void *fd, const unsigned char *buf, size_t len)
{
    sslite_ssize_t n;

    do
        n = send(*(const int *)fd, buf, len, MSG_NOSIGNAL | MSG_DONTWAIT);
    while (n < 0 && errno == EINTR);
    return io_result(n);
}

sslite_ssize_t sslite_fd_recv(void *fd, unsigned char *buf, size_t len)
{
    sslite_ssize_t n;

    do
        n = recv(*(const int *)fd, buf, len, MSG_DONTWAIT);
    while (n < 0 && errno == EINTR);
    return io_result(n);
}
