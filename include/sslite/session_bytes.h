/*
 * sslite extension (beyond CPython, whose SSLSession cannot be pickled):
 * an SSLSession as bytes, so that a client resumes after a restart or a
 * reboot.  A device saves its session to flash and, when it wakes, offers
 * it again instead of paying for a full handshake.
 *
 * The bytes are sealed with AES-256-GCM under a 32-byte key that the
 * application provides (SSLITE_SESSION_KEY_SIZE; keep it as secret as a
 * private key, e.g. derived from a device secret, and the same across
 * restarts).  Sealing is not optional: a session holds the secret that
 * resumes it (TLS 1.2 master secret, TLS 1.3 resumption key), and the TLS
 * library trusts the serialized form it reads back.  So a blob that was
 * altered, truncated, sealed under another key, or written by another
 * sslite or Mbed TLS version or configuration is refused with a ValueError
 * that says which; it is never parsed.
 *
 * A loaded session belongs to no SSLContext: it can be offered to any
 * client context (wrap_socket/wrap_bio's session argument), which must
 * trust the server as the original did (the session keeps the server's
 * certificate and the verification result, not the whole chain).  The
 * server decides whether it still resumes (ticket key, cache, lifetime);
 * if not, the handshake is a full one and session_reused is false.
 *
 * The format: "SLSS", format version 1, the writer's identity ("sslite
 * 0.1.0, Mbed TLS 3.6.7"), a random 12-byte nonce, the sealed session, a
 * 16-byte tag.  The identity and the header are authenticated.
 */
#ifndef SSLITE_SESSION_BYTES_H
#define SSLITE_SESSION_BYTES_H

#include <stddef.h>
#include "error.h"
#include "export.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SSLITE_SESSION_KEY_SIZE 32

/* Seal sess under key (keylen must be SSLITE_SESSION_KEY_SIZE).  Returns
 * 0 and *out of *outlen bytes that the caller releases with sslite_free()
 * (<sslite/alloc.h>; free() when no allocator hooks or arena are set) (the
 * session is not changed), or a negative error in *err: ValueError for
 * another key length, NotImplementedError when the TLS library cannot
 * serialize sessions, MemoryError. */
SSLITE_API int sslite_session_to_bytes(const sslite_session *sess, const unsigned char *key,
                                       size_t keylen, unsigned char **out, size_t *outlen,
                                       sslite_error *err);

/* Open what sslite_session_to_bytes() wrote, with the same key.  Returns a
 * new session (reference count 1, release with sslite_session_free()) that
 * belongs to no context, or NULL and a ValueError in *err when the data is
 * not an sslite session, is truncated, has another format version, was
 * written by another sslite/Mbed TLS build, fails the integrity check, or
 * is refused by the TLS library; MemoryError.  buf is not kept. */
SSLITE_API sslite_session *sslite_session_from_bytes(const void *buf, size_t len,
                                                     const unsigned char *key, size_t keylen,
                                                     sslite_error *err);

#ifdef __cplusplus
}
#endif

#endif /* SSLITE_SESSION_BYTES_H */
