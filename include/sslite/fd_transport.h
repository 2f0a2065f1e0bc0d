/*
 * sslite extension: transport callbacks over a descriptor the caller keeps
 * owning, for sslite_context_wrap_callbacks() (<sslite/object.h>).  For a
 * program that drives its own event loop or timeouts around a socket it
 * manages (the _ssl module for CPython uses them under Python's socket
 * objects); sslite_context_wrap_socket() is the ready-made loop.
 *
 * userdata points at an int holding the descriptor, read on every call:
 * the caller may change it between calls (and keeps it alive as long as
 * the connection).  Each call is non-blocking whatever the descriptor's
 * mode (MSG_DONTWAIT): SSLITE_IO_WOULD_BLOCK when it would wait (poll the
 * descriptor, then call the connection again), SSLITE_IO_ERROR with errno
 * set for a failure; EINTR is retried; send never raises SIGPIPE.  Only in
 * builds with sockets (SSLITE_HAS_SOCKETS).
 */
#ifndef SSLITE_FD_TRANSPORT_H
#define SSLITE_FD_TRANSPORT_H

#include <stddef.h>
#include "export.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

SSLITE_API sslite_ssize_t sslite_fd_send(void *fd, const unsigned char *buf, size_t len);
SSLITE_API sslite_ssize_t sslite_fd_recv(void *fd, unsigned char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif
