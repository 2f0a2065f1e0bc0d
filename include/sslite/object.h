/*
 * sslite: SSLObject over MemoryBIO, and the callback transport.
 *
 * An SSLObject is the TLS engine with no I/O of its own: it reads records
 * from an incoming MemoryBIO and writes records to an outgoing one.  Every
 * call is non-blocking: SSLITE_ERR_WANT_READ when the incoming BIO runs dry.
 * The callback transport is the same object reading and writing through two
 * user functions instead (lwIP, an RTOS socket, a UART).
 *
 * Ownership: the object references its context and its BIOs; the caller
 * keeps its own references and frees them when done.  Strings returned are
 * owned by the object.  Threads: one object per thread at a time.
 */
#ifndef SSLITE_OBJECT_H
#define SSLITE_OBJECT_H

#include <sys/types.h>
#include "export.h"
#include "types.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- MemoryBIO ---- */

/* A new empty BIO, or NULL when out of memory.  Reference counted. */
SSLITE_API sslite_memorybio *sslite_memorybio_new(void);
SSLITE_API sslite_memorybio *sslite_memorybio_ref(sslite_memorybio *bio);
SSLITE_API void sslite_memorybio_free(sslite_memorybio *bio); /* NULL-safe */
SSLITE_API const sslite_error *sslite_memorybio_error(const sslite_memorybio *bio);
/* write(buf): appends; returns len.  After write_eof: SSLError
 * "cannot write() after write_eof()". */
SSLITE_API ssize_t sslite_memorybio_write(sslite_memorybio *bio, const void *buf, size_t len);
SSLITE_API void sslite_memorybio_write_eof(sslite_memorybio *bio);
/* read(n): up to n bytes (n < 0: all).  Returns the count, 0 when empty. */
SSLITE_API ssize_t sslite_memorybio_read(sslite_memorybio *bio, void *buf, ssize_t n, size_t bufsize);
SSLITE_API size_t sslite_memorybio_pending(const sslite_memorybio *bio);
/* True once write_eof() was called and everything was read. */
SSLITE_API int sslite_memorybio_eof(const sslite_memorybio *bio);

/* ---- Callback transport ---- */

/* Returned by a transport callback that cannot proceed now. */
#define SSLITE_IO_WOULD_BLOCK (-2)
/* Returned by a transport callback that failed (set errno first). */
#define SSLITE_IO_ERROR (-1)

/* send: write up to len bytes; return the count, SSLITE_IO_WOULD_BLOCK or
 * SSLITE_IO_ERROR.  recv: read up to len bytes; return the count, 0 at EOF,
 * SSLITE_IO_WOULD_BLOCK or SSLITE_IO_ERROR. */
typedef ssize_t (*sslite_send_cb)(void *userdata, const unsigned char *buf, size_t len);
typedef ssize_t (*sslite_recv_cb)(void *userdata, unsigned char *buf, size_t len);

/* ---- SSLObject ---- */

/* SSLContext.wrap_bio(incoming, outgoing, server_side, server_hostname,
 * session).  Returns NULL with *err filled on failure. */
SSLITE_API sslite_object *sslite_context_wrap_bio(sslite_context *ctx, sslite_memorybio *incoming,
                                                  sslite_memorybio *outgoing, int server_side,
                                                  const char *server_hostname,
                                                  sslite_session *session, sslite_error *err);

/* Beyond CPython: the same object over user callbacks. */
SSLITE_API sslite_object *sslite_context_wrap_callbacks(sslite_context *ctx, sslite_send_cb send_cb,
                                                        sslite_recv_cb recv_cb, void *userdata,
                                                        int server_side,
                                                        const char *server_hostname,
                                                        sslite_session *session, sslite_error *err);

SSLITE_API void sslite_object_free(sslite_object *obj); /* NULL-safe */
SSLITE_API const sslite_error *sslite_object_error(const sslite_object *obj);

SSLITE_API int sslite_object_do_handshake(sslite_object *obj);
/* read(len): bytes, 0 after close_notify; SSLEOFError on a truncated stream. */
SSLITE_API ssize_t sslite_object_read(sslite_object *obj, void *buf, size_t len);
SSLITE_API ssize_t sslite_object_write(sslite_object *obj, const void *buf, size_t len);
SSLITE_API size_t sslite_object_pending(const sslite_object *obj);
/* unwrap(): close_notify; 0 once both sides closed, WANT_READ until then. */
SSLITE_API int sslite_object_unwrap(sslite_object *obj);

SSLITE_API const char *sslite_object_version(const sslite_object *obj);
SSLITE_API int sslite_object_cipher(const sslite_object *obj, sslite_cipher_info *out);
SSLITE_API const char *sslite_object_selected_alpn_protocol(const sslite_object *obj);
SSLITE_API const char *sslite_object_compression(const sslite_object *obj);
SSLITE_API int sslite_object_server_side(const sslite_object *obj);
SSLITE_API const char *sslite_object_server_hostname(const sslite_object *obj);
SSLITE_API sslite_context *sslite_object_context(const sslite_object *obj);
SSLITE_API int sslite_object_session_reused(const sslite_object *obj);
SSLITE_API sslite_session *sslite_object_session(const sslite_object *obj);
SSLITE_API int sslite_object_getpeercert_der(sslite_object *obj, const unsigned char **der,
                                             size_t *len);
/* get_channel_binding("tls-unique"): Mbed TLS does not expose the Finished
 * messages; returns 0 (None) after the handshake, ValueError for other
 * types. */
SSLITE_API int sslite_object_get_channel_binding(sslite_object *obj, const char *cb_type,
                                                 unsigned char *out, size_t *outlen);

#ifdef __cplusplus
}
#endif

#endif /* SSLITE_OBJECT_H */
