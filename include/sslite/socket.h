/*
 * sslite: SSLSocket, a TLS connection over a file descriptor.
 *
 * Ownership: sslite_context_wrap_socket() takes ownership of the
 * descriptor (as Python's wrap_socket detaches the socket it wraps).
 * sslite_socket_close() closes it; sslite_socket_detach() and
 * sslite_socket_unwrap() hand it back to the caller.  sslite_socket_free()
 * releases the handle, closing the descriptor if it is still owned.
 *
 * Blocking: the socket starts with the descriptor's mode: a descriptor
 * with O_NONBLOCK has timeout 0.0, otherwise timeout None (blocking).
 * sslite_socket_settimeout() bounds each whole operation, as Python 3.5+.
 *
 * Errors: negative sslite_errtype returns, details in sslite_socket_error().
 * In non-blocking mode SSLITE_ERR_WANT_READ / SSLITE_ERR_WANT_WRITE come
 * back exactly where CPython raises SSLWantReadError / SSLWantWriteError.
 *
 * Threads: one socket is used by one thread at a time.
 */
#ifndef SSLITE_SOCKET_H
#define SSLITE_SOCKET_H

#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include "export.h"
#include "types.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* SSLContext.wrap_socket(sock, server_side, do_handshake_on_connect,
 * suppress_ragged_eofs, server_hostname, session).  server_hostname is
 * copied; session (may be NULL) is referenced.  A connected descriptor with
 * do_handshake_on_connect handshakes before this returns (an error then
 * frees the socket and returns NULL with *err filled, the descriptor
 * closed).  An unconnected client descriptor handshakes after
 * sslite_socket_connect(); a listening one yields wrapped sockets from
 * sslite_socket_accept(). */
SSLITE_API sslite_socket *sslite_context_wrap_socket(sslite_context *ctx, int fd, int server_side,
                                                     int do_handshake_on_connect,
                                                     int suppress_ragged_eofs,
                                                     const char *server_hostname,
                                                     sslite_session *session, sslite_error *err);

/* Release the handle (closing the descriptor if still owned).  NULL-safe. */
SSLITE_API void sslite_socket_free(sslite_socket *s);

/* The error of the last failed call on this socket.  Owned by the socket. */
SSLITE_API const sslite_error *sslite_socket_error(const sslite_socket *s);

/* socket.connect(address) on a lazily wrapped client, then the handshake if
 * do_handshake_on_connect.  connect_ex returns 0 or the errno instead. */
SSLITE_API int sslite_socket_connect(sslite_socket *s, const struct sockaddr *addr,
                                     socklen_t addrlen);
SSLITE_API int sslite_socket_connect_ex(sslite_socket *s, const struct sockaddr *addr,
                                        socklen_t addrlen);

/* accept() on a wrapped listening socket: a new server-side socket, already
 * handshaken if do_handshake_on_connect.  addr/addrlen may be NULL.
 * Returns NULL on failure, the error in the listening socket. */
SSLITE_API sslite_socket *sslite_socket_accept(sslite_socket *s, struct sockaddr *addr,
                                               socklen_t *addrlen);

SSLITE_API int sslite_socket_do_handshake(sslite_socket *s);

/* read(len, buffer): up to len bytes; 0 at a clean EOF (or a ragged one
 * with suppress_ragged_eofs).  recv/recv_into: the same with flags, which
 * must be 0 (ValueError otherwise, as CPython).  recv_into with nbytes 0
 * reads up to len. */
SSLITE_API sslite_ssize_t sslite_socket_read(sslite_socket *s, void *buf, size_t len);
SSLITE_API sslite_ssize_t sslite_socket_recv(sslite_socket *s, void *buf, size_t len, int flags);
SSLITE_API sslite_ssize_t sslite_socket_recv_into(sslite_socket *s, void *buf, size_t len,
                                           size_t nbytes, int flags);

/* write/send: bytes accepted (all of them in blocking mode).  sendall:
 * 0 when everything was sent.  sendfile: bytes sent from in_fd starting at
 * offset (count 0 means to EOF). */
SSLITE_API sslite_ssize_t sslite_socket_write(sslite_socket *s, const void *buf, size_t len);
SSLITE_API sslite_ssize_t sslite_socket_send(sslite_socket *s, const void *buf, size_t len, int flags);
SSLITE_API int sslite_socket_sendall(sslite_socket *s, const void *buf, size_t len, int flags);
SSLITE_API sslite_ssize_t sslite_socket_sendfile(sslite_socket *s, int in_fd, off_t offset,
                                          size_t count);

/* Decrypted bytes buffered and readable without I/O. */
SSLITE_API size_t sslite_socket_pending(const sslite_socket *s);

/* socket.shutdown(how) (SHUT_RD/SHUT_WR/SHUT_RDWR on the descriptor). */
SSLITE_API int sslite_socket_shutdown(sslite_socket *s, int how);

/* unwrap(): send close_notify, wait for the peer's, and return the plain
 * descriptor, now owned by the caller, or a negative error. */
SSLITE_API int sslite_socket_unwrap(sslite_socket *s);

/* verify_client_post_handshake(): as sslite_object_verify_client_post_handshake()
 * in <sslite/object.h>; ValueError on a closed or unwrapped socket. */
SSLITE_API int sslite_socket_verify_client_post_handshake(sslite_socket *s);

/* close(): close the descriptor (no close_notify, as Python).  detach():
 * give up the descriptor and return it. */
SSLITE_API int sslite_socket_close(sslite_socket *s);
SSLITE_API int sslite_socket_detach(sslite_socket *s);
SSLITE_API int sslite_socket_fileno(const sslite_socket *s);

/* Timeouts: seconds, or a negative value for None (blocking).
 * setblocking(1) is settimeout(None); setblocking(0) is settimeout(0.0). */
SSLITE_API int sslite_socket_settimeout(sslite_socket *s, double seconds);
SSLITE_API double sslite_socket_gettimeout(const sslite_socket *s);
SSLITE_API int sslite_socket_setblocking(sslite_socket *s, int blocking);

/* Connection facts.  Strings are owned by the socket and valid while it
 * lives.  version() is NULL before the handshake; cipher() returns 1 and
 * fills *out, or 0 before the handshake. */
SSLITE_API const char *sslite_socket_version(const sslite_socket *s);
SSLITE_API int sslite_socket_cipher(const sslite_socket *s, sslite_cipher_info *out);
SSLITE_API const char *sslite_socket_selected_alpn_protocol(const sslite_socket *s);
SSLITE_API const char *sslite_socket_compression(const sslite_socket *s);
SSLITE_API int sslite_socket_server_side(const sslite_socket *s);
SSLITE_API const char *sslite_socket_server_hostname(const sslite_socket *s);
/* The context, borrowed: take a reference to keep it past the socket. */
SSLITE_API sslite_context *sslite_socket_context(const sslite_socket *s);
SSLITE_API int sslite_socket_session_reused(const sslite_socket *s);
/* The session, as a new reference (free with sslite_session_free), or
 * NULL if none. */
SSLITE_API sslite_session *sslite_socket_session(const sslite_socket *s);

/* getpeercert(binary_form=True): 1 and the peer's DER certificate (owned by
 * the socket), 0 if the peer sent none; "handshake not done yet"
 * (ValueError) before the handshake. */
SSLITE_API int sslite_socket_getpeercert_der(sslite_socket *s, const unsigned char **der,
                                             size_t *len);

#ifdef __cplusplus
}
#endif

#endif /* SSLITE_SOCKET_H */
