/* Moving TLS records between an SSLObject's memory BIOs and a non-blocking
 * socket, with poll() bounded by a timeout: the loop an event-driven
 * program would run, in test form.  The BIOs' peek/consume and
 * reserve/commit let the bytes go between kernel and BIO with no bounce
 * buffer. */
#ifndef SSLITE_TEST_SOCK_PUMP_H
#define SSLITE_TEST_SOCK_PUMP_H

#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <sslite/sslite.h>

typedef struct sock_obj {
    int fd;
    sslite_object *obj;
    sslite_memorybio *in, *out;
} sock_obj;

/* Send everything in the outgoing BIO; 0 or -1. */
static inline int so_flush(sock_obj *s, int timeout_ms)
{
    const unsigned char *p;
    size_t n;

    while ((p = sslite_memorybio_peek(s->out, &n)) != NULL) {
        ssize_t k = send(s->fd, p, n, MSG_NOSIGNAL);
        if (k > 0) {
            sslite_memorybio_consume(s->out, (size_t)k);
        } else if (k < 0 && (errno == EAGAIN || errno == EINTR)) {
            struct pollfd pfd = {s->fd, POLLOUT, 0};
            if (poll(&pfd, 1, timeout_ms) <= 0)
                return -1;
        } else {
            return -1;
        }
    }
    return 0;
}

/* Wait for input and put it into the incoming BIO (write_eof at EOF);
 * 0 or -1 on timeout/error. */
static inline int so_fill(sock_obj *s, int timeout_ms)
{
    struct pollfd pfd = {s->fd, POLLIN, 0};
    unsigned char *w;
    ssize_t k;

    if (poll(&pfd, 1, timeout_ms) <= 0)
        return -1;
    w = sslite_memorybio_reserve(s->in, 16384);
    if (w == NULL)
        return -1;
    k = recv(s->fd, w, 16384, 0);
    if (k > 0)
        return sslite_memorybio_commit(s->in, (size_t)k);
    if (k == 0) {
        sslite_memorybio_write_eof(s->in);
        return 0;
    }
    return errno == EAGAIN || errno == EINTR ? 0 : -1;
}

/* Repeat an object call until it stops wanting to read; returns its last
 * result (or SSLITE_ERR_TIMEOUT when the peer went quiet). */
#define SO_RUN(s, call, result)                                                               \
    do {                                                                                      \
        for (int so_i_ = 0;; so_i_++) {                                                       \
            (result) = (call);                                                                \
            if (so_flush((s), 10000) < 0) {                                                   \
                (result) = SSLITE_ERR_OS;                                                     \
                break;                                                                        \
            }                                                                                 \
            if ((result) != SSLITE_ERR_WANT_READ)                                             \
                break;                                                                        \
            if (so_i_ > 100000 || so_fill((s), 10000) < 0) {                                  \
                (result) = SSLITE_ERR_TIMEOUT;                                                \
                break;                                                                        \
            }                                                                                 \
        }                                                                                     \
    } while (0)

#endif
