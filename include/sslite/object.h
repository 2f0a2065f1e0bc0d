/*
 * sslite: SSLObject over MemoryBIO, and the callback transport.
 *
 * An SSLObject is the TLS engine with no I/O of its own: it reads records
 * from an incoming MemoryBIO and writes records to an outgoing one.  Every
 * call is non-blocking: SSLITE_ERR_WANT_READ when the incoming BIO runs dry
 * (whatever the call produced is then already in the outgoing BIO).  The
 * callback transport is the same object reading and writing through two
 * user functions instead (lwIP, an RTOS socket, a UART), which may also
 * make a call end in SSLITE_ERR_WANT_WRITE.
 *
 * Ownership: the object references its context and its BIOs; the caller
 * keeps its own references and frees them when done.  Strings and DER
 * returned are owned by the object and valid until it is freed.
 * Threads: one object (and its BIOs) in one thread at a time.
 */
#ifndef SSLITE_OBJECT_H
#define SSLITE_OBJECT_H

#include <stddef.h>
#include "export.h"
#include "types.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- MemoryBIO ---- */

/* ssl.MemoryBIO(): a new empty BIO, or NULL when out of memory.  Reference
 * counted: _ref adds a reference, _free drops one (NULL-safe).  A BIO holds
 * buffer memory only for its pending bytes (and an open reservation):
 * chunks are freed as they are drained, so an idle connection's BIOs cost
 * a few dozen bytes each. */
SSLITE_API sslite_memorybio *sslite_memorybio_new(void);
SSLITE_API sslite_memorybio *sslite_memorybio_ref(sslite_memorybio *bio);
SSLITE_API void sslite_memorybio_free(sslite_memorybio *bio);

/* The error of the last failed call on this BIO (type 0 when the last
 * call succeeded).  Owned by the BIO, valid until its next call. */
SSLITE_API const sslite_error *sslite_memorybio_error(const sslite_memorybio *bio);

/* write(buf): appends a copy of buf; returns len.  After write_eof():
 * SSLError "('cannot write() after write_eof()',)" (CPython's str() of it),
 * errno None; MemoryError when out of memory. */
SSLITE_API sslite_ssize_t sslite_memorybio_write(sslite_memorybio *bio, const void *buf, size_t len);

/* write_eof(): no more data will be written; reads past the remaining data
 * then mean EOF for an SSLObject.  Idempotent. */
SSLITE_API void sslite_memorybio_write_eof(sslite_memorybio *bio);

/* read(n): moves up to n bytes (n < 0: all pending) into buf, never more
 * than bufsize.  Returns the count, 0 when empty. */
SSLITE_API sslite_ssize_t sslite_memorybio_read(sslite_memorybio *bio, void *buf, sslite_ssize_t n,
                                         size_t bufsize);

/* pending: bytes buffered.  eof: true once write_eof() was called and
 * everything was read. */
SSLITE_API size_t sslite_memorybio_pending(const sslite_memorybio *bio);
SSLITE_API int sslite_memorybio_eof(const sslite_memorybio *bio);

/* Beyond CPython, for moving bytes between a BIO and a socket without an
 * intermediate buffer.
 *
 * peek: the first contiguous run of pending bytes (*len of them; NULL and 0
 * when empty), valid until the next call on the BIO.  consume(n): drop n
 * bytes from the front after using them (ValueError if n > pending).
 *
 * reserve(len): room for len bytes at the end, valid until commit() or the
 * next call on the BIO; NULL with the error set (as write()) on failure.
 * commit(n): append the first n reserved bytes (ValueError if n is more
 * than was reserved). */
SSLITE_API const unsigned char *sslite_memorybio_peek(const sslite_memorybio *bio, size_t *len);
SSLITE_API int sslite_memorybio_consume(sslite_memorybio *bio, size_t n);
SSLITE_API unsigned char *sslite_memorybio_reserve(sslite_memorybio *bio, size_t len);
SSLITE_API int sslite_memorybio_commit(sslite_memorybio *bio, size_t n);

/* ---- Callback transport ---- */

/* Returned by a transport callback that cannot proceed now. */
#define SSLITE_IO_WOULD_BLOCK (-2)
/* Returned by a transport callback that failed (set errno first; the call
 * then fails with OSError carrying that errno). */
#define SSLITE_IO_ERROR (-1)

/* send: write up to len bytes (len > 0); return the count (> 0),
 * SSLITE_IO_WOULD_BLOCK or SSLITE_IO_ERROR.  recv: read up to len bytes;
 * return the count, 0 at EOF, SSLITE_IO_WOULD_BLOCK or SSLITE_IO_ERROR.
 * After SSLITE_IO_WOULD_BLOCK the same object call must be repeated (with
 * the same data for write) once the transport can make progress. */
typedef sslite_ssize_t (*sslite_send_cb)(void *userdata, const unsigned char *buf, size_t len);
typedef sslite_ssize_t (*sslite_recv_cb)(void *userdata, unsigned char *buf, size_t len);

/* ---- SSLObject ---- */

/* SSLContext.wrap_bio(incoming, outgoing, server_side, server_hostname,
 * session).  The object takes a reference to ctx, both BIOs and session
 * (server_hostname is copied).  Returns NULL with *err filled (err may be
 * NULL) on failure: TypeError for a NULL context or BIO, CPython's
 * ValueErrors for inconsistent arguments. */
SSLITE_API sslite_object *sslite_context_wrap_bio(sslite_context *ctx, sslite_memorybio *incoming,
                                                  sslite_memorybio *outgoing, int server_side,
                                                  const char *server_hostname,
                                                  sslite_session *session, sslite_error *err);

/* Beyond CPython: the same object over user callbacks, called directly by
 * the TLS record layer (no buffering in between).  userdata is passed back
 * untouched and not owned.  Returns NULL with *err filled on failure. */
SSLITE_API sslite_object *sslite_context_wrap_callbacks(sslite_context *ctx, sslite_send_cb send_cb,
                                                        sslite_recv_cb recv_cb, void *userdata,
                                                        int server_side,
                                                        const char *server_hostname,
                                                        sslite_session *session, sslite_error *err);

/* Release the object and its references (sends nothing).  NULL-safe. */
SSLITE_API void sslite_object_free(sslite_object *obj);

/* The error of the last failed call on this object.  Owned by the object. */
SSLITE_API const sslite_error *sslite_object_error(const sslite_object *obj);

/* do_handshake(): 0 when done (again 0 afterwards), or a negative error:
 * SSLITE_ERR_WANT_READ / _WANT_WRITE (call again when the transport can
 * move), SSLEOFError on a truncated stream, verification errors... */
SSLITE_API int sslite_object_do_handshake(sslite_object *obj);

/* read(len, buffer): up to len decrypted bytes into buf (performing the
 * handshake first if needed).  0 for len 0, and 0 once the peer's
 * close_notify arrived (SSLZeroReturnError instead after our own unwrap,
 * as CPython).  SSLEOFError when the stream ends without close_notify:
 * there is no ragged-EOF suppression on an SSLObject.  The connection has
 * then failed, as OpenSSL's: read/write give a reason-less SSLEOFError,
 * do_handshake SSLSyscallError, unwrap SHUTDOWN_WHILE_IN_INIT (CPython's
 * answers). */
SSLITE_API sslite_ssize_t sslite_object_read(sslite_object *obj, void *buf, size_t len);

/* write(data): encrypts from buf straight into the record layer; returns
 * len (never a partial count, as SSL_write).  Over callbacks that would
 * block it fails with SSLITE_ERR_WANT_WRITE (or _WANT_READ): call again
 * with the same buffer and length, and it carries on where it stopped.
 * SSLError PROTOCOL_IS_SHUTDOWN after unwrap(). */
SSLITE_API sslite_ssize_t sslite_object_write(sslite_object *obj, const void *buf, size_t len);

/* pending(): decrypted bytes readable without more input. */
SSLITE_API size_t sslite_object_pending(const sslite_object *obj);

/* unwrap(): sends close_notify (once), then waits for the peer's: 0 once it
 * arrived, SSLITE_ERR_WANT_READ until then.  SSLError
 * SHUTDOWN_WHILE_IN_INIT before the handshake completed. */
SSLITE_API int sslite_object_unwrap(sslite_object *obj);

/* verify_client_post_handshake() (TLS 1.3 post-handshake authentication):
 * on a server whose context has post_handshake_auth and whose client
 * offered it, asks for the client's certificate.  Nothing waits: the
 * CertificateRequest goes out now or with the next read or write, and the
 * client's answer is taken in (and verified under the verify_mode; a bad
 * or, with CERT_REQUIRED, missing certificate fails that read) by a later
 * read.  SSLError WRONG_SSL_VERSION (not TLS 1.3), NOT_SERVER,
 * STILL_IN_INIT, EXTENSION_NOT_RECEIVED (the client did not offer it),
 * REQUEST_SENT (one is outstanding), none of them fatal.  0 on success. */
SSLITE_API int sslite_object_verify_client_post_handshake(sslite_object *obj);

/* Connection facts, NULL / 0 where CPython has None before the handshake.
 * version: "TLSv1.3"; cipher: 1 and *out filled, or 0; compression: always
 * NULL (never negotiated). */
SSLITE_API const char *sslite_object_version(const sslite_object *obj);
SSLITE_API int sslite_object_cipher(const sslite_object *obj, sslite_cipher_info *out);
SSLITE_API const char *sslite_object_selected_alpn_protocol(const sslite_object *obj);
SSLITE_API const char *sslite_object_compression(const sslite_object *obj);
SSLITE_API int sslite_object_server_side(const sslite_object *obj);
SSLITE_API const char *sslite_object_server_hostname(const sslite_object *obj);
/* The context, borrowed: take a reference to keep it past the object. */
SSLITE_API sslite_context *sslite_object_context(const sslite_object *obj);
SSLITE_API int sslite_object_session_reused(const sslite_object *obj);
/* The session as a new reference (free with sslite_session_free), or NULL:
 * before the handshake, the one passed to wrap (if any). */
SSLITE_API sslite_session *sslite_object_session(const sslite_object *obj);

/* getpeercert(binary_form=True): 1 and the peer's DER certificate, 0 if the
 * peer sent none, ValueError "handshake not done yet" before the
 * handshake.  (The dict form is sslite_object_getpeercert in cert.h.) */
SSLITE_API int sslite_object_getpeercert_der(sslite_object *obj, const unsigned char **der,
                                             size_t *len);

/* get_verified_chain() / get_unverified_chain() as DER, one certificate per
 * call: 1 and the index-th certificate (0 = the peer's leaf), 0 past the
 * end.  An empty list (0 for index 0) before the handshake, and for the
 * verified chain when the peer was not verified. */
SSLITE_API int sslite_object_get_verified_chain_der(sslite_object *obj, int index,
                                                    const unsigned char **der, size_t *len);
SSLITE_API int sslite_object_get_unverified_chain_der(sslite_object *obj, int index,
                                                      const unsigned char **der, size_t *len);

/* get_channel_binding(cb_type): cb_type NULL means "tls-unique".  Returns 1
 * with the data in out (*outlen in: room, out: length), 0 for None, or
 * ValueError "'x' channel binding type not implemented" for another type.
 * tls-unique is the first Finished message's verify_data (the client's in a
 * full handshake, the server's when resumed), in TLS 1.3 too, as OpenSSL;
 * None before the handshake, when out's room is too small (64 bytes is
 * enough), or when SSLITE_HAS_TLS_UNIQUE is 0 (a Mbed TLS without sslite's
 * patch). */
SSLITE_API int sslite_object_get_channel_binding(sslite_object *obj, const char *cb_type,
                                                 unsigned char *out, size_t *outlen);

#ifdef __cplusplus
}
#endif

#endif /* SSLITE_OBJECT_H */
