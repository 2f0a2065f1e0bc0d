/*
 * sslite extension (beyond CPython's ssl module): smaller TLS records, for
 * devices whose RAM holds a few KiB per connection rather than two 16 KiB
 * record buffers.
 *
 * A build's record buffers are fixed by the Meson options record_in_len /
 * record_out_len (or small_memory: 4096 each way).  A connection can only
 * take records that fit its input buffer, so a build with a small one must
 * tell the peer:
 *
 *   - RFC 6066 max_fragment_length, which a client asks for with
 *     sslite_context_set_max_fragment_length() (by default, in a build
 *     whose record_in_len is under 16384, the largest length that buffer
 *     holds).  OpenSSL servers honour it in TLS 1.2 and 1.3, GnuTLS and
 *     Mbed TLS servers in TLS 1.2.
 *   - TLS 1.3: RFC 8449 record_size_limit, sent by every small_memory
 *     build with the value record_in_len (Mbed TLS 3.6 sends its input
 *     buffer size and cannot be told another).  Mbed TLS and GnuTLS
 *     honour it; OpenSSL 3 does not (docs/compat.md).
 * A small_memory server is sent full records by clients that ask for
 * neither (OpenSSL's and Python's, by default).
 *
 * In the small_memory profile (variable-length record buffers) they shrink
 * to the negotiated max_fragment_length once the handshake is done.
 */
#ifndef SSLITE_RECORD_SIZE_H
#define SSLITE_RECORD_SIZE_H

#include <stddef.h>
#include "export.h"
#include <sslite/features.h>
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The max_fragment_length (RFC 6066) a client context's
 * connections ask for: 512, 1024, 2048 or 4096 bytes; 16384 asks for none;
 * 0 restores the build's default (none, or the largest of those that
 * record_in_len holds when it is under 16384).  On a server context it
 * caps the records the server sends (a client's request is always
 * honoured).  Applies to connections wrapped afterwards.  0, or ValueError
 * "max_fragment_length must be 0, 512, 1024, 2048, 4096 or 16384" for
 * another value, NotImplementedError when the TLS library was built
 * without max_fragment_length; the context is unchanged on error. */
SSLITE_API int sslite_context_set_max_fragment_length(sslite_context *ctx, int length);
/* The value set (0 when never set). */
SSLITE_API int sslite_context_get_max_fragment_length(const sslite_context *ctx);

/* The largest record payload an established connection accepts
 * (*incoming) and sends (*outgoing), after what the handshake negotiated
 * (max_fragment_length, record_size_limit) and the build's buffers.  In
 * TLS 1.3, *outgoing leaves out the content-type byte.  0, or ValueError
 * "handshake not done yet" (both set to 0).  Neither pointer may be NULL. */
SSLITE_API int sslite_object_record_limits(sslite_object *obj, size_t *incoming,
                                           size_t *outgoing);
#if SSLITE_HAS_SOCKETS
SSLITE_API int sslite_socket_record_limits(sslite_socket *s, size_t *incoming,
                                           size_t *outgoing);
#endif

#ifdef __cplusplus
}
#endif

#endif /* SSLITE_RECORD_SIZE_H */
