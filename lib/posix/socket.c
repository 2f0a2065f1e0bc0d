/*
 * sslite: SSLSocket — a loop over the engine on a file descriptor.  The
 * engine reads and writes the descriptor through a transport that never
 * blocks longer than the descriptor does; this file adds Python's timeout
 * semantics (poll() bounded by one deadline per operation), EINTR
 * retries, ragged-EOF suppression, lazy wrapping and ownership.
 *
 * The `tls` flag is CPython's `self._sslobj is not None`: set while a TLS
 * layer exists; before connect() and after unwrap()/shutdown() the socket
 * behaves as the plain socket underneath (recv/send pass through), as
 * Lib/ssl.py does.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "internal.h"

struct sslite_socket {
    sslite_engine eng;
    int has_engine;      /* eng is set up and must be freed */
    int tls;             /* CPython's _sslobj is not None */
    sslite_context *ctx; /* referenced: connect() and accept() wrap with it */
    sslite_error err;
    int fd;
    int owns_fd;
    int server_side;
    int do_handshake_on_connect;
    int suppress_ragged_eofs;
    int connected;
    int listening;
    char *server_hostname;   /* as given to wrap_socket */
    sslite_session *session; /* offered at connect() for a lazy client */
    double timeout;          /* < 0: None */
};

sslite_engine *sslite__socket_engine(sslite_socket *s)
{
    return s->has_engine ? &s->eng : NULL;
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

/* Wait for the descriptor; 0 when ready, 1 on timeout, negative on error.
 * A signal only restarts the wait with the time left (PEP 475). */
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
        if (r == 0 && s->timeout >= 0 && deadline - now() <= 0)
            return 1;
        if (r < 0 && errno != EINTR)
            return sslite__err_os(&s->err, errno);
    }
}

/* The TimeoutError messages CPython uses: the plain socket's "timed out",
 * the SSL reads' and writes', and the handshake's, which _ssl.c prefixes
 * with its own file and line. */
static int err_timeout_plain(sslite_socket *s)
{
    return sslite__err_set(&s->err, SSLITE_ERR_TIMEOUT, 0, NULL, NULL, "timed out");
}

static int err_timeout_handshake(sslite_socket *s, const char *file, int line)
{
    return sslite__err_set(&s->err, SSLITE_ERR_TIMEOUT, 0, NULL, NULL,
                           "%s:%d: The handshake operation timed out", file, line);
}

typedef sslite_ssize_t (*engine_op)(sslite_socket *s, void *arg);

/* Run an engine step until it completes, the deadline passes (timeout), or
 * in non-blocking mode until it would block (want-read/want-write out).
 * what: NULL for the handshake, else "read"/"write"; unwrap passes "" and
 * names the direction it was waiting for, as CPython's shutdown does. */
static sslite_ssize_t io_loop(sslite_socket *s, engine_op op, void *arg, const char *what)
{
    double deadline = s->timeout > 0 ? now() + s->timeout : 0;
    for (;;) {
        sslite_ssize_t r = op(s, arg);
        int w;
        if (r != SSLITE_ERR_WANT_READ && r != SSLITE_ERR_WANT_WRITE)
            return r;
        if (s->timeout == 0)
            return r;
        w = wait_fd(s, r == SSLITE_ERR_WANT_READ ? POLLIN : POLLOUT, deadline);
        if (w < 0)
            return w;
        if (w > 0) {
            if (what == NULL)
                return err_timeout_handshake(s, SSLITE__WHERE);
            if (what[0] == '\0')
                what = r == SSLITE_ERR_WANT_READ ? "read" : "write";
            return sslite__err_timeout(&s->err, what);
        }
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

/* 1 connected, 0 not (ENOTCONN), negative on another error (filled). */
static int peer_connected(int fd, sslite_error *err)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    if (getpeername(fd, (struct sockaddr *)&ss, &len) == 0)
        return 1;
    if (errno == ENOTCONN || errno == EINVAL)
        return 0;
    return sslite__err_os(err, errno);
}

/* CPython's _check_connected(): a socket connected behind our back (a
 * non-blocking connect that finished) counts as connected. */
static int check_connected(sslite_socket *s)
{
    int r;
    if (s->connected)
        return 0;
    if (s->fd < 0)
        return sslite__err_os(&s->err, EBADF);
    r = peer_connected(s->fd, &s->err);
    if (r < 0)
        return r;
    if (r == 0)
        return sslite__err_os(&s->err, ENOTCONN);
    s->connected = 1;
    return 0;
}

/* Create the TLS layer (CPython's context._wrap_socket): the context's
 * settings are taken now. */
static int setup_engine(sslite_socket *s)
{
    sslite_transport tr;

    memset(&tr, 0, sizeof(tr)); /* no optional entries */
    if (s->has_engine) {
        sslite__engine_free(&s->eng);
        s->has_engine = 0;
    }
    memset(&s->eng, 0, sizeof(s->eng));
    tr.send = sslite_fd_send; /* sslite/fd_transport.h */
    tr.recv = sslite_fd_recv;
    tr.io = &s->fd;
    if (sslite__engine_setup(&s->eng, s->ctx, s->server_side, s->server_hostname, s->session,
                             &tr, &s->err) < 0)
        return s->err.type;
    s->has_engine = 1;
    s->tls = 1;
    return 0;
}

static void drop_engine(sslite_socket *s)
{
    if (s->has_engine)
        sslite__engine_free(&s->eng);
    s->has_engine = 0;
    s->tls = 0;
}

static sslite_ssize_t op_handshake(sslite_socket *s, void *arg)
{
    (void)arg;
    return sslite__engine_handshake(&s->eng);
}

static int handshake(sslite_socket *s)
{
    int ret;
    if ((ret = check_connected(s)) < 0)
        return ret;
    if (!s->tls)
        return sslite__err_value(&s->err, "Handshake on closed or unwrapped SSL socket.");
    return (int)io_loop(s, op_handshake, NULL, NULL);
}

int sslite_socket_do_handshake(sslite_socket *s)
{
    sslite_error_clear(&s->err);
    return handshake(s);
}

static sslite_socket *wrap(sslite_context *ctx, int fd, int server_side, int hs_on_connect,
                           int suppress, const char *server_hostname, sslite_session *session,
                           sslite_error *err)
{
    sslite_socket *s;
    int fl, conn;

    sslite_error_clear(err);
    if (ctx == NULL) {
        sslite__err_type(err, "context must be an SSLContext");
        return NULL;
    }
    s = sslite__calloc(1, sizeof(*s));
    if (s == NULL) {
        sslite__err_nomem(err);
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    s->fd = fd;
    s->owns_fd = 1;
    s->ctx = sslite_context_ref(ctx);
    s->server_side = !!server_side;
    s->do_handshake_on_connect = !!hs_on_connect;
    s->suppress_ragged_eofs = !!suppress;
    if (fd < 0) {
        sslite__err_os(err, EBADF);
        goto fail;
    }
    fl = fcntl(fd, F_GETFL);
    s->timeout = (fl >= 0 && (fl & O_NONBLOCK)) ? 0.0 : -1.0;
    if (check_stream(s, err) < 0)
        goto fail;
    /* Lib/ssl.py SSLSocket._create(), in its order. */
    if (s->server_side && server_hostname != NULL) {
        sslite__err_value(err, "server_hostname can only be specified in client mode");
        goto fail;
    }
    if (s->server_side && session != NULL) {
        sslite__err_value(err, "session can only be specified in client mode");
        goto fail;
    }
    if (ctx->check_hostname && (server_hostname == NULL || server_hostname[0] == '\0')) {
        sslite__err_value(err, "check_hostname requires server_hostname");
        goto fail;
    }
    /* ssl.py's _encode_hostname(): the attribute holds the encoded name. */
    if (server_hostname != NULL && sslite__idna_encode(server_hostname, &s->server_hostname,
                                                       err) < 0)
        goto fail;
    if (session != NULL)
        s->session = sslite_session_ref(session);
    conn = peer_connected(fd, err);
    if (conn < 0)
        goto fail;
    s->connected = conn;
    if (!conn) {
        /* The TLS layer comes with connect() (or accept() makes the TLS
         * sockets); build one now only to reject bad arguments early, as
         * CPython's _create() encodes the hostname up front. */
        if (!s->listening) {
            if (setup_engine(s) < 0) {
                sslite__err_copy(err, &s->err);
                goto fail;
            }
            drop_engine(s);
        }
        return s;
    }
    if (setup_engine(s) < 0) {
        sslite__err_copy(err, &s->err);
        goto fail;
    }
    if (s->do_handshake_on_connect) {
        if (s->timeout == 0.0) {
            sslite__err_value(err, "do_handshake_on_connect should not be specified for "
                                   "non-blocking sockets");
            goto fail;
        }
        if (handshake(s) < 0) {
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
    drop_engine(s);
    if (s->owns_fd && s->fd >= 0)
        close(s->fd);
    sslite__free(s->server_hostname);
    sslite_session_free(s->session);
    sslite_context_free(s->ctx);
    sslite__free(s);
}

const sslite_error *sslite_socket_error(const sslite_socket *s)
{
    return &s->err;
}

/* ---- connect / accept ---- */

/* socket.connect(): 0, or a negative error; *rc gets the errno for
 * connect_ex (0 when the error is not an errno). */
static int plain_connect(sslite_socket *s, const struct sockaddr *addr, socklen_t addrlen,
                         int *rc)
{
    double deadline = s->timeout > 0 ? now() + s->timeout : 0;
    int r, w, soerr = 0;
    socklen_t len = sizeof(soerr);

    *rc = 0;
    r = connect(s->fd, addr, addrlen);
    if (r == 0)
        return 0;
    /* A signal during a blocking connect leaves it in progress: wait for it
     * rather than calling connect() again (PEP 475, as CPython). */
    if (!(errno == EINTR || (errno == EINPROGRESS && s->timeout != 0))) {
        *rc = errno;
        return sslite__err_os(&s->err, errno);
    }
    w = wait_fd(s, POLLOUT, deadline);
    if (w < 0) {
        *rc = s->err.errnum;
        return w;
    }
    if (w > 0) {
        *rc = EWOULDBLOCK;
        return err_timeout_plain(s);
    }
    if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0)
        soerr = errno;
    if (soerr != 0) {
        *rc = soerr;
        return sslite__err_os(&s->err, soerr);
    }
    return 0;
}

/* Lib/ssl.py SSLSocket._real_connect(). */
static int do_connect(sslite_socket *s, const struct sockaddr *addr, socklen_t addrlen,
                      int connect_ex)
{
    int r, rc;

    if (s->server_side)
        return sslite__err_value(&s->err, "can't connect in server-side mode");
    if (s->connected || s->tls)
        return sslite__err_value(&s->err, "attempt to connect already-connected SSLSocket!");
    if (s->fd < 0)
        return sslite__err_os(&s->err, EBADF);
    if ((r = setup_engine(s)) < 0) {
        drop_engine(s);
        return r;
    }
    r = plain_connect(s, addr, addrlen, &rc);
    if (r < 0) {
        /* connect_ex reports an errno and keeps the TLS layer (a
         * non-blocking connect goes on); any other failure drops it. */
        if (connect_ex && rc != 0) {
            sslite_error_clear(&s->err);
            return rc;
        }
        drop_engine(s);
        return r;
    }
    s->connected = 1;
    if (s->do_handshake_on_connect && (r = handshake(s)) < 0) {
        drop_engine(s);
        return r;
    }
    return 0;
}

int sslite_socket_connect(sslite_socket *s, const struct sockaddr *addr, socklen_t addrlen)
{
    sslite_error_clear(&s->err);
    return do_connect(s, addr, addrlen, 0);
}

int sslite_socket_connect_ex(sslite_socket *s, const struct sockaddr *addr, socklen_t addrlen)
{
    sslite_error_clear(&s->err);
    return do_connect(s, addr, addrlen, 1);
}

sslite_socket *sslite_socket_accept(sslite_socket *s, struct sockaddr *addr, socklen_t *addrlen)
{
    double deadline = s->timeout > 0 ? now() + s->timeout : 0;
    int fd, fl;

    sslite_error_clear(&s->err);
    if (s->fd < 0) {
        sslite__err_os(&s->err, EBADF);
        return NULL;
    }
    for (;;) {
        int w;
        fd = accept(s->fd, addr, addrlen);
        if (fd >= 0)
            break;
        if (errno == EINTR)
            continue;
        if ((errno != EAGAIN && errno != EWOULDBLOCK) || s->timeout == 0) {
            sslite__err_os(&s->err, errno);
            return NULL;
        }
        w = wait_fd(s, POLLIN, deadline);
        if (w < 0)
            return NULL;
        if (w > 0) {
            err_timeout_plain(s);
            return NULL;
        }
    }
    /* socket.accept() gives a blocking socket (timeout None) whatever the
     * listener's timeout, with the default timeout None. */
    fl = fcntl(fd, F_GETFL);
    if (fl >= 0 && (fl & O_NONBLOCK))
        (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
    return wrap(s->ctx, fd, 1, s->do_handshake_on_connect, s->suppress_ragged_eofs, NULL, NULL,
                &s->err);
}

/* ---- plain socket operations (no TLS layer) ---- */

static sslite_ssize_t plain_io(sslite_socket *s, int is_send, void *buf, size_t len, int flags)
{
    double deadline = s->timeout > 0 ? now() + s->timeout : 0;
    if (s->fd < 0)
        return sslite__err_os(&s->err, EBADF);
    for (;;) {
        sslite_ssize_t n = is_send ? send(s->fd, buf, len, flags | MSG_NOSIGNAL)
                            : recv(s->fd, buf, len, flags);
        int w;
        if (n >= 0)
            return n;
        if (errno == EINTR)
            continue;
        if ((errno != EAGAIN && errno != EWOULDBLOCK) || s->timeout == 0)
            return sslite__err_os(&s->err, errno);
        w = wait_fd(s, is_send ? POLLOUT : POLLIN, deadline);
        if (w < 0)
            return w;
        if (w > 0)
            return err_timeout_plain(s);
    }
}

/* ---- data ---- */

typedef struct rw_arg {
    void *buf;
    size_t len;
} rw_arg;

static sslite_ssize_t op_read(sslite_socket *s, void *arg)
{
    rw_arg *a = arg;
    return sslite__engine_read(&s->eng, a->buf, a->len);
}

static sslite_ssize_t op_write(sslite_socket *s, void *arg)
{
    rw_arg *a = arg;
    return sslite__engine_write(&s->eng, a->buf, a->len);
}

sslite_ssize_t sslite_socket_read(sslite_socket *s, void *buf, size_t len)
{
    rw_arg a = {buf, len};
    sslite_ssize_t n;

    sslite_error_clear(&s->err);
    if (!s->tls || s->fd < 0)
        return sslite__err_value(&s->err, "Read on closed or unwrapped SSL socket.");
    if (buf == NULL && len > 0)
        return sslite__err_type(&s->err, "buffer must not be NULL");
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

sslite_ssize_t sslite_socket_recv(sslite_socket *s, void *buf, size_t len, int flags)
{
    int ret;
    sslite_error_clear(&s->err);
    if (!s->tls)
        return plain_io(s, 0, buf, len, flags);
    if ((ret = check_flags(s, flags, "recv")) < 0)
        return ret;
    return sslite_socket_read(s, buf, len);
}

sslite_ssize_t sslite_socket_recv_into(sslite_socket *s, void *buf, size_t len, size_t nbytes,
                                int flags)
{
    int ret;
    sslite_error_clear(&s->err);
    if (nbytes == 0 || nbytes > len)
        nbytes = len;
    if (!s->tls)
        return plain_io(s, 0, buf, nbytes, flags);
    if ((ret = check_flags(s, flags, "recv_into")) < 0)
        return ret;
    return sslite_socket_read(s, buf, nbytes);
}

sslite_ssize_t sslite_socket_write(sslite_socket *s, const void *buf, size_t len)
{
    rw_arg a = {(void *)(uintptr_t)buf, len};

    sslite_error_clear(&s->err);
    if (!s->tls || s->fd < 0)
        return sslite__err_value(&s->err, "Write on closed or unwrapped SSL socket.");
    if (buf == NULL && len > 0)
        return sslite__err_type(&s->err, "buffer must not be NULL");
    return io_loop(s, op_write, &a, "write");
}

sslite_ssize_t sslite_socket_send(sslite_socket *s, const void *buf, size_t len, int flags)
{
    int ret;
    sslite_error_clear(&s->err);
    if (!s->tls)
        return plain_io(s, 1, (void *)(uintptr_t)buf, len, flags);
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
    if (s->tls && (ret = check_flags(s, flags, "sendall")) < 0)
        return ret;
    while (done < len) {
        sslite_ssize_t n = sslite_socket_send(s, p + done, len - done, flags);
        if (n < 0)
            return (int)n;
        done += (size_t)n;
    }
    return 0;
}

sslite_ssize_t sslite_socket_sendfile(sslite_socket *s, int in_fd, off_t offset, size_t count)
{
    unsigned char block[16384];
    size_t total = 0;

    sslite_error_clear(&s->err);
    if (offset < 0)
        return sslite__err_value(&s->err, "negative offset (%lld)", (long long)offset);
    /* TLS needs the bytes in user space: read and send blocks, as CPython's
     * _sendfile_use_send does (also used for a plain socket here). */
    while (count == 0 || total < count) {
        size_t want = sizeof(block);
        sslite_ssize_t n;
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
    return (sslite_ssize_t)total;
}

size_t sslite_socket_pending(const sslite_socket *s)
{
    return s->tls ? sslite__engine_pending(&s->eng) : 0;
}

/* ---- closing ---- */

int sslite_socket_shutdown(sslite_socket *s, int how)
{
    sslite_error_clear(&s->err);
    s->tls = 0; /* Lib/ssl.py drops the TLS layer first */
    if (s->fd < 0)
        return sslite__err_os(&s->err, EBADF);
    if (shutdown(s->fd, how) < 0)
        return sslite__err_os(&s->err, errno);
    return 0;
}

static sslite_ssize_t op_key_update(sslite_socket *s, void *arg)
{
    return sslite__engine_key_update(&s->eng, *(int *)arg);
}

int sslite_socket_key_update(sslite_socket *s, int update_requested)
{
    sslite_error_clear(&s->err);
    if (!s->tls || s->fd < 0)
        return sslite__err_value(&s->err, "Write on closed or unwrapped SSL socket.");
    return (int)io_loop(s, op_key_update, &update_requested, "write");
}

int sslite_socket_verify_client_post_handshake(sslite_socket *s)
{
    sslite_error_clear(&s->err);
    if (!s->tls || s->fd < 0)
        return sslite__err_value(&s->err, "No SSL wrapper around the socket");
    /* No waiting: the request goes out now or with the next read or write
     * (never blocks, as OpenSSL only schedules it). */
    return sslite__engine_verify_client_post_handshake(&s->eng);
}

static sslite_ssize_t op_unwrap(sslite_socket *s, void *arg)
{
    (void)arg;
    return sslite__engine_unwrap(&s->eng);
}

int sslite_socket_unwrap(sslite_socket *s)
{
    int fd;
    sslite_ssize_t r;

    sslite_error_clear(&s->err);
    if (s->fd < 0 || !s->tls)
        return sslite__err_value(&s->err, "No SSL wrapper around <ssl.SSLSocket fd=%d>", s->fd);
    r = io_loop(s, op_unwrap, NULL, "");
    if (r < 0)
        return (int)r;
    fd = s->fd;
    s->tls = 0;
    s->owns_fd = 0;
    s->fd = -1;
    return fd;
}

int sslite_socket_close(sslite_socket *s)
{
    int fd = s->fd;

    sslite_error_clear(&s->err);
    s->fd = -1;
    s->tls = 0;
    /* close() is not retried on EINTR: the descriptor is gone either way. */
    if (fd >= 0 && s->owns_fd && close(fd) < 0 && errno != EINTR)
        return sslite__err_os(&s->err, errno);
    return 0;
}

int sslite_socket_detach(sslite_socket *s)
{
    int fd = s->fd;
    sslite_error_clear(&s->err);
    s->fd = -1;
    s->owns_fd = 0;
    s->tls = 0;
    return fd;
}

int sslite_socket_fileno(const sslite_socket *s)
{
    return s->fd;
}

int sslite_socket_settimeout(sslite_socket *s, double seconds)
{
    sslite_error_clear(&s->err);
    if (isnan(seconds))
        return sslite__err_value(&s->err, "Invalid value NaN (not a number)");
    if (s->fd < 0)
        return sslite__err_os(&s->err, EBADF);
    s->timeout = seconds < 0 ? -1.0 : seconds;
    return apply_blocking(s);
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

const char *sslite_socket_version(const sslite_socket *s)
{
    return s->tls ? sslite__engine_version(&s->eng) : NULL;
}

int sslite_socket_cipher(const sslite_socket *s, sslite_cipher_info *out)
{
    return s->tls ? sslite__engine_cipher(&s->eng, out) : 0;
}

const char *sslite_socket_selected_alpn_protocol(const sslite_socket *s)
{
    return s->tls ? sslite__engine_alpn(&s->eng) : NULL;
}

const char *sslite_socket_compression(const sslite_socket *s)
{
    (void)s;
    return NULL; /* TLS compression is never negotiated */
}

int sslite_socket_server_side(const sslite_socket *s) { return s->server_side; }

const char *sslite_socket_server_hostname(const sslite_socket *s)
{
    return s->server_hostname;
}

sslite_context *sslite_socket_context(const sslite_socket *s)
{
    /* After an SNI callback switched contexts, that one (as CPython). */
    return s->has_engine ? sslite__engine_context(&s->eng) : s->ctx;
}

int sslite_socket_session_reused(const sslite_socket *s)
{
    return s->tls ? sslite__engine_session_reused(&s->eng) : 0;
}

sslite_session *sslite_socket_session(const sslite_socket *s)
{
    return s->tls ? sslite__engine_session(&s->eng) : NULL;
}

int sslite_socket_getpeercert_der(sslite_socket *s, const unsigned char **der, size_t *len)
{
    int ret;
    sslite_error_clear(&s->err);
    if ((ret = check_connected(s)) < 0)
        return ret;
    if (!s->tls)
        return sslite__err_value(&s->err, "No SSL wrapper around <ssl.SSLSocket fd=%d>", s->fd);
    return sslite__engine_peer_der(&s->eng, der, len);
}

/* Certificates and suites: the engine answers (lib/core/cert.c,
 * lib/compat/ciphers.c). */

int sslite_socket_getpeercert(sslite_socket *s, sslite_certdict **out)
{
    const unsigned char *der = NULL;
    size_t len = 0;
    int r = sslite_socket_getpeercert_der(s, &der, &len);
    sslite_engine *e = sslite__socket_engine(s);
    if (r < 0 || e == NULL) {
        *out = NULL;
        return r < 0 ? r : 0;
    }
    return sslite__engine_peercert(e, r, der, len, out);
}

int sslite_socket_get_verified_chain(sslite_socket *s, sslite_certlist **out)
{
    return sslite__engine_chain(sslite__socket_engine(s), 1, out);
}

int sslite_socket_get_unverified_chain(sslite_socket *s, sslite_certlist **out)
{
    return sslite__engine_chain(sslite__socket_engine(s), 0, out);
}

int sslite_socket_shared_ciphers(sslite_socket *s, sslite_cipher_info **out, size_t *count)
{
    return sslite__engine_shared_ciphers(sslite__socket_engine(s), out, count);
}

const char *sslite_socket_group(const sslite_socket *s)
{
    return sslite__engine_negotiated(sslite__socket_engine((sslite_socket *)(uintptr_t)s), 0);
}

const char *sslite_socket_peer_signature_algorithm(const sslite_socket *s)
{
    return sslite__engine_negotiated(sslite__socket_engine((sslite_socket *)(uintptr_t)s), 1);
}

int sslite_socket_record_limits(sslite_socket *s, size_t *incoming, size_t *outgoing)
{
    sslite_engine *e = sslite__socket_engine(s);

    if (e == NULL) {
        *incoming = *outgoing = 0;
        return sslite__err_value(&s->err, "handshake not done yet");
    }
    return sslite__engine_record_limits(e, incoming, outgoing);
}
