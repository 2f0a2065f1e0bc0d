/*
 * sslite: SSLSocket — a loop over the engine on a file descriptor.  The
 * engine reads and writes the descriptor through a transport that never
 * blocks longer than the descriptor does; this file adds Python's timeout
 * semantics (poll() bounded by one deadline per operation), EINTR
 * retries, ragged-EOF suppression, lazy wrapping and ownership.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "internal.h"

struct sslite_socket {
    sslite_engine eng;
    int has_engine;
    sslite_context *ctx; /* referenced: accept() wraps with it */
    sslite_error err;
    int fd;
    int owns_fd;
    int server_side;
    int do_handshake_on_connect;
    int suppress_ragged_eofs;
    int connected;
    int listening;
    int sslobj_gone; /* unwrap()/shutdown()/detach(): no TLS layer any more */
    double timeout;  /* < 0: None */
};

sslite_engine *sslite__socket_engine(sslite_socket *s)
{
    return s->has_engine ? &s->eng : NULL;
}

/* ---- transport over the descriptor ---- */

static ssize_t fd_send(void *io, const unsigned char *buf, size_t len)
{
    sslite_socket *s = io;
    for (;;) {
        ssize_t n = send(s->fd, buf, len, MSG_NOSIGNAL);
        if (n >= 0)
            return n;
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return SSLITE_IO_WOULD_BLOCK;
        return SSLITE_IO_ERROR;
    }
}

static ssize_t fd_recv(void *io, unsigned char *buf, size_t len)
{
    sslite_socket *s = io;
    for (;;) {
        ssize_t n = recv(s->fd, buf, len, 0);
        if (n >= 0)
            return n;
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return SSLITE_IO_WOULD_BLOCK;
        return SSLITE_IO_ERROR;
    }
}

/* ---- timeouts ---- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Python keeps a descriptor with a timeout in non-blocking mode and polls. */
static int apply_blocking(sslite_socket *s)
{
    int flags = fcntl(s->fd, F_GETFL);
    if (flags < 0)
        return sslite__err_os(&s->err, errno);
    flags = s->timeout < 0 ? (flags & ~O_NONBLOCK) : (flags | O_NONBLOCK);
    if (fcntl(s->fd, F_SETFL, flags) < 0)
        return sslite__err_os(&s->err, errno);
    return 0;
}

/* Wait for the descriptor; 0 when ready, 1 on timeout, negative on error. */
static int wait_fd(sslite_socket *s, short events, double deadline)
{
    struct pollfd pfd = {s->fd, events, 0};
    for (;;) {
        int ms = -1, r;
        if (s->timeout >= 0) {
            double left = deadline - now();
            if (left <= 0)
                return 1;
            ms = (int)(left * 1000.0) + 1;
        }
        r = poll(&pfd, 1, ms);
        if (r > 0)
            return 0;
        if (r == 0)
            return 1;
        if (errno != EINTR)
            return sslite__err_os(&s->err, errno);
    }
}

typedef ssize_t (*engine_op)(sslite_socket *s, void *arg);

/* Run an engine step until it completes, the deadline passes (timeout), or
 * in non-blocking mode until it would block (want-read/want-write out). */
static ssize_t io_loop(sslite_socket *s, engine_op op, void *arg, const char *what)
{
    double deadline = s->timeout > 0 ? now() + s->timeout : 0;
    for (;;) {
        ssize_t r = op(s, arg);
        int w;
        if (r != SSLITE_ERR_WANT_READ && r != SSLITE_ERR_WANT_WRITE)
            return r;
        if (s->timeout == 0)
            return r;
        w = wait_fd(s, r == SSLITE_ERR_WANT_READ ? POLLIN : POLLOUT, deadline);
        if (w < 0)
            return w;
        if (w > 0)
            return sslite__err_timeout(&s->err, what);
    }
}

/* ---- construction ---- */

static int check_stream(sslite_socket *s, sslite_error *err)
{
    int type = 0, acc = 0;
    socklen_t len = sizeof(type);
    if (getsockopt(s->fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0)
        return sslite__err_os(err, errno);
    if (type != SOCK_STREAM)
        return sslite__err_notimpl(err, "only stream sockets are supported");
    len = sizeof(acc);
    if (getsockopt(s->fd, SOL_SOCKET, SO_ACCEPTCONN, &acc, &len) == 0)
        s->listening = acc;
    return 0;
}

static int is_connected(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    return getpeername(fd, (struct sockaddr *)&ss, &len) == 0;
}

static ssize_t op_handshake(sslite_socket *s, void *arg)
{
    (void)arg;
    return sslite__engine_handshake(&s->eng);
}

static int require_tls(sslite_socket *s, const char *what)
{
    if (s->fd < 0 || s->sslobj_gone || !s->has_engine)
        return sslite__err_value(&s->err, "%s on closed or unwrapped SSL socket.", what);
    return 0;
}

int sslite_socket_do_handshake(sslite_socket *s)
{
    int ret;
    sslite_error_clear(&s->err);
    if ((ret = require_tls(s, "Handshake")) < 0)
        return ret;
    if (!s->connected && !is_connected(s->fd))
        return sslite__err_os(&s->err, ENOTCONN);
    return (int)io_loop(s, op_handshake, NULL, "handshake");
}

static sslite_socket *wrap(sslite_context *ctx, int fd, int server_side, int hs_on_connect,
                           int suppress, const char *server_hostname, sslite_session *session,
                           sslite_error *err)
{
    sslite_socket *s = calloc(1, sizeof(*s));
    sslite_transport tr;
    int fl;

    sslite_error_clear(err);
    if (s == NULL) {
        sslite__err_nomem(err);
        close(fd);
        return NULL;
    }
    s->fd = fd;
    s->owns_fd = 1;
    s->ctx = sslite_context_ref(ctx);
    s->server_side = !!server_side;
    s->do_handshake_on_connect = !!hs_on_connect;
    s->suppress_ragged_eofs = !!suppress;
    fl = fcntl(fd, F_GETFL);
    s->timeout = (fl >= 0 && (fl & O_NONBLOCK)) ? 0.0 : -1.0;
    if (check_stream(s, err) < 0)
        goto fail;
    if (server_side && server_hostname != NULL) {
        sslite__err_value(err, "server_hostname can only be specified in client mode");
        goto fail;
    }
    if (s->listening)
        return s; /* accept() makes the TLS sockets */
    tr.send = fd_send;
    tr.recv = fd_recv;
    tr.io = s;
    if (sslite__engine_setup(&s->eng, ctx, server_side, server_hostname, session, &tr,
                             &s->err) < 0) {
        sslite__err_copy(err, &s->err);
        goto fail;
    }
    s->has_engine = 1;
    s->connected = is_connected(fd);
    if (s->connected && s->do_handshake_on_connect) {
        if (s->timeout == 0.0) {
            sslite__err_value(err, "do_handshake_on_connect should not be specified for "
                                   "non-blocking sockets");
            goto fail;
        }
        if (sslite_socket_do_handshake(s) < 0) {
            sslite__err_copy(err, &s->err);
            goto fail;
        }
    }
    return s;
fail:
    sslite_socket_free(s); /* closes the descriptor, as CPython's close() */
    return NULL;
}

sslite_socket *sslite_context_wrap_socket(sslite_context *ctx, int fd, int server_side,
                                          int do_handshake_on_connect, int suppress_ragged_eofs,
                                          const char *server_hostname, sslite_session *session,
                                          sslite_error *err)
{
    return wrap(ctx, fd, server_side, do_handshake_on_connect, suppress_ragged_eofs,
                server_hostname, session, err);
}

void sslite_socket_free(sslite_socket *s)
{
    if (s == NULL)
        return;
    if (s->has_engine)
        sslite__engine_free(&s->eng);
    if (s->owns_fd && s->fd >= 0)
        close(s->fd);
    sslite_context_free(s->ctx);
    free(s);
}

const sslite_error *sslite_socket_error(const sslite_socket *s)
{
    return &s->err;
}

/* ---- connect / accept ---- */

static int do_connect(sslite_socket *s, const struct sockaddr *addr, socklen_t addrlen)
{
    double deadline = s->timeout > 0 ? now() + s->timeout : 0;
    int r, soerr = 0;
    socklen_t len = sizeof(soerr);

    if (s->server_side)
        return sslite__err_value(&s->err, "can't connect in server-side mode");
    if (s->connected)
        return sslite__err_value(&s->err, "attempt to connect already-connected SSLSocket!");
    do
        r = connect(s->fd, addr, addrlen);
    while (r < 0 && errno == EINTR && s->timeout < 0);
    if (r < 0 && (errno == EINPROGRESS || errno == EINTR) && s->timeout != 0) {
        r = wait_fd(s, POLLOUT, deadline);
        if (r < 0)
            return r;
        if (r > 0)
            return sslite__err_timeout(&s->err, "connect");
        if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0)
            return sslite__err_os(&s->err, errno);
        if (soerr != 0)
            return sslite__err_os(&s->err, soerr);
    } else if (r < 0) {
        return sslite__err_os(&s->err, errno);
    }
    s->connected = 1;
    if (s->do_handshake_on_connect)
        return sslite_socket_do_handshake(s);
    return 0;
}

int sslite_socket_connect(sslite_socket *s, const struct sockaddr *addr, socklen_t addrlen)
{
    sslite_error_clear(&s->err);
    return do_connect(s, addr, addrlen);
}

int sslite_socket_connect_ex(sslite_socket *s, const struct sockaddr *addr, socklen_t addrlen)
{
    int r;
    sslite_error_clear(&s->err);
    r = do_connect(s, addr, addrlen);
    if (r == 0)
        return 0;
    /* connect_ex returns an errno and raises only for the rest. */
    if (s->err.type == SSLITE_ERR_OS)
        return s->err.errnum;
    if (s->err.type == SSLITE_ERR_TIMEOUT)
        return EAGAIN;
    return r;
}

sslite_socket *sslite_socket_accept(sslite_socket *s, struct sockaddr *addr, socklen_t *addrlen)
{
    double deadline = s->timeout > 0 ? now() + s->timeout : 0;
    sslite_socket *ns;
    int fd;

    sslite_error_clear(&s->err);
    if (s->fd < 0) {
        sslite__err_os(&s->err, EBADF);
        return NULL;
    }
    for (;;) {
        fd = accept(s->fd, addr, addrlen);
        if (fd >= 0)
            break;
        if (errno == EINTR)
            continue;
        if ((errno == EAGAIN || errno == EWOULDBLOCK) && s->timeout != 0) {
            int w = wait_fd(s, POLLIN, deadline);
            if (w < 0)
                return NULL;
            if (w > 0) {
                sslite__err_timeout(&s->err, "accept");
                return NULL;
            }
            continue;
        }
        sslite__err_os(&s->err, errno);
        return NULL;
    }
    /* The accepted socket blocks unless the listener is non-blocking; a
     * listener's timeout carries over (socket.accept semantics). */
    {
        int fl = fcntl(fd, F_GETFL);
        if (fl >= 0)
            fcntl(fd, F_SETFL, s->timeout == 0 ? (fl | O_NONBLOCK) : (fl & ~O_NONBLOCK));
    }
    ns = wrap(s->ctx, fd, 1, 0, s->suppress_ragged_eofs, NULL, NULL, &s->err);
    if (ns == NULL)
        return NULL;
    ns->do_handshake_on_connect = s->do_handshake_on_connect;
    if (s->timeout > 0)
        sslite_socket_settimeout(ns, s->timeout);
    if (ns->do_handshake_on_connect && sslite_socket_do_handshake(ns) < 0) {
        sslite__err_copy(&s->err, &ns->err);
        sslite_socket_free(ns);
        return NULL;
    }
    return ns;
}

/* ---- data ---- */

typedef struct rw_arg {
    void *buf;
    size_t len;
} rw_arg;

static ssize_t op_read(sslite_socket *s, void *arg)
{
    rw_arg *a = arg;
    return sslite__engine_read(&s->eng, a->buf, a->len);
}

static ssize_t op_write(sslite_socket *s, void *arg)
{
    rw_arg *a = arg;
    return sslite__engine_write(&s->eng, a->buf, a->len);
}

ssize_t sslite_socket_read(sslite_socket *s, void *buf, size_t len)
{
    rw_arg a = {buf, len};
    ssize_t n;
    int ret;

    sslite_error_clear(&s->err);
    if ((ret = require_tls(s, "Read")) < 0)
        return ret;
    n = io_loop(s, op_read, &a, "read");
    if (n == SSLITE_ERR_EOF && s->suppress_ragged_eofs) {
        sslite_error_clear(&s->err);
        return 0;
    }
    return n;
}

static int check_flags(sslite_socket *s, int flags, const char *call)
{
    if (flags != 0)
        return sslite__err_value(&s->err, "non-zero flags not allowed in calls to %s() on "
                                          "<class 'ssl.SSLSocket'>", call);
    return 0;
}

ssize_t sslite_socket_recv(sslite_socket *s, void *buf, size_t len, int flags)
{
    int ret;
    sslite_error_clear(&s->err);
    if ((ret = check_flags(s, flags, "recv")) < 0)
        return ret;
    return sslite_socket_read(s, buf, len);
}

ssize_t sslite_socket_recv_into(sslite_socket *s, void *buf, size_t len, size_t nbytes,
                                int flags)
{
    int ret;
    sslite_error_clear(&s->err);
    if ((ret = check_flags(s, flags, "recv_into")) < 0)
        return ret;
    if (nbytes == 0 || nbytes > len)
        nbytes = len;
    return sslite_socket_read(s, buf, nbytes);
}

ssize_t sslite_socket_write(sslite_socket *s, const void *buf, size_t len)
{
    rw_arg a = {(void *)(uintptr_t)buf, len};
    int ret;

    sslite_error_clear(&s->err);
    if ((ret = require_tls(s, "Write")) < 0)
        return ret;
    return io_loop(s, op_write, &a, "write");
}

ssize_t sslite_socket_send(sslite_socket *s, const void *buf, size_t len, int flags)
{
    int ret;
    sslite_error_clear(&s->err);
    if ((ret = check_flags(s, flags, "send")) < 0)
        return ret;
    return sslite_socket_write(s, buf, len);
}

int sslite_socket_sendall(sslite_socket *s, const void *buf, size_t len, int flags)
{
    const unsigned char *p = buf;
    size_t done = 0;
    int ret;

    sslite_error_clear(&s->err);
    if ((ret = check_flags(s, flags, "sendall")) < 0)
        return ret;
    while (done < len) {
        ssize_t n = sslite_socket_write(s, p + done, len - done);
        if (n < 0)
            return (int)n;
        done += (size_t)n;
    }
    return 0;
}

ssize_t sslite_socket_sendfile(sslite_socket *s, int in_fd, off_t offset, size_t count)
{
    unsigned char block[16384];
    size_t total = 0;

    sslite_error_clear(&s->err);
    /* TLS needs the bytes in user space: read and send blocks, as CPython's
     * _sendfile_use_send does. */
    while (count == 0 || total < count) {
        size_t want = sizeof(block);
        ssize_t n;
        if (count != 0 && count - total < want)
            want = count - total;
        n = pread(in_fd, block, want, offset + (off_t)total);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return sslite__err_os(&s->err, errno);
        if (n == 0)
            break;
        if (sslite_socket_sendall(s, block, (size_t)n, 0) < 0)
            return s->err.type;
        total += (size_t)n;
    }
    return (ssize_t)total;
}

size_t sslite_socket_pending(const sslite_socket *s)
{
    return s->has_engine && !s->sslobj_gone ? sslite__engine_pending(&s->eng) : 0;
}

/* ---- closing ---- */

int sslite_socket_shutdown(sslite_socket *s, int how)
{
    sslite_error_clear(&s->err);
    if (s->fd < 0)
        return sslite__err_os(&s->err, EBADF);
    s->sslobj_gone = 1;
    if (shutdown(s->fd, how) < 0)
        return sslite__err_os(&s->err, errno);
    return 0;
}

static ssize_t op_unwrap(sslite_socket *s, void *arg)
{
    (void)arg;
    return sslite__engine_unwrap(&s->eng);
}

int sslite_socket_unwrap(sslite_socket *s)
{
    int fd;
    ssize_t r;

    sslite_error_clear(&s->err);
    if (s->fd < 0 || s->sslobj_gone || !s->has_engine)
        return sslite__err_value(&s->err, "No SSL wrapper around <ssl.SSLSocket fd=%d>", s->fd);
    r = io_loop(s, op_unwrap, NULL, "read");
    if (r < 0)
        return (int)r;
    fd = s->fd;
    s->sslobj_gone = 1;
    s->owns_fd = 0;
    s->fd = -1;
    return fd;
}

int sslite_socket_close(sslite_socket *s)
{
    sslite_error_clear(&s->err);
    if (s->fd >= 0 && s->owns_fd && close(s->fd) < 0 && errno != EINTR) {
        s->fd = -1;
        return sslite__err_os(&s->err, errno);
    }
    s->fd = -1;
    s->sslobj_gone = 1;
    return 0;
}

int sslite_socket_detach(sslite_socket *s)
{
    int fd = s->fd;
    s->fd = -1;
    s->owns_fd = 0;
    s->sslobj_gone = 1;
    return fd;
}

int sslite_socket_fileno(const sslite_socket *s)
{
    return s->fd;
}

int sslite_socket_settimeout(sslite_socket *s, double seconds)
{
    sslite_error_clear(&s->err);
    s->timeout = seconds < 0 ? -1.0 : seconds;
    return s->fd >= 0 ? apply_blocking(s) : 0;
}

double sslite_socket_gettimeout(const sslite_socket *s)
{
    return s->timeout;
}

int sslite_socket_setblocking(sslite_socket *s, int blocking)
{
    return sslite_socket_settimeout(s, blocking ? -1.0 : 0.0);
}

/* ---- facts ---- */

#define ENGINE_OR(s, fallback) if (!(s)->has_engine) return fallback

const char *sslite_socket_version(const sslite_socket *s)
{
    ENGINE_OR(s, NULL);
    return sslite__engine_version(&s->eng);
}

int sslite_socket_cipher(const sslite_socket *s, sslite_cipher_info *out)
{
    ENGINE_OR(s, 0);
    return sslite__engine_cipher(&s->eng, out);
}

const char *sslite_socket_selected_alpn_protocol(const sslite_socket *s)
{
    ENGINE_OR(s, NULL);
    return sslite__engine_alpn(&s->eng);
}

const char *sslite_socket_compression(const sslite_socket *s)
{
    (void)s;
    return NULL; /* TLS compression is never negotiated */
}

int sslite_socket_server_side(const sslite_socket *s) { return s->server_side; }

const char *sslite_socket_server_hostname(const sslite_socket *s)
{
    ENGINE_OR(s, NULL);
    return s->eng.server_hostname;
}

sslite_context *sslite_socket_context(const sslite_socket *s) { return s->ctx; }

int sslite_socket_session_reused(const sslite_socket *s)
{
    ENGINE_OR(s, 0);
    return sslite__engine_session_reused(&s->eng);
}

sslite_session *sslite_socket_session(const sslite_socket *s)
{
    ENGINE_OR(s, NULL);
    return sslite__engine_session(&s->eng);
}

int sslite_socket_getpeercert_der(sslite_socket *s, const unsigned char **der, size_t *len)
{
    sslite_error_clear(&s->err);
    if (!s->has_engine || (!s->connected && !is_connected(s->fd)))
        return sslite__err_os(&s->err, ENOTCONN);
    return sslite__engine_peer_der(&s->eng, der, len);
}
