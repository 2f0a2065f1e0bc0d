/*
 * sslite extension: TLS message tracing, the counterpart of CPython's
 * private SSLContext._msg_callback (OpenSSL's SSL_CTX_set_msg_callback()).
 * For debugging and protocol tests: the callback sees each protocol message
 * a connection writes or reads, in the clear.
 */
#ifndef SSLITE_MSG_CALLBACK_H
#define SSLITE_MSG_CALLBACK_H

#include "export.h"
#include <stddef.h>
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One protocol message.  write: 1 for a message this end sent, 0 for one
 * it received.  version: the connection's protocol version (0x0303 TLS
 * 1.2, 0x0304 TLS 1.3; before the ServerHello, the highest this end
 * offers).  content_type: the record type (20 change_cipher_spec, 21
 * alert, 22 handshake; never application data).  msg_type: as CPython
 * computes it: the handshake message type, the alert's description, and
 * OpenSSL's pseudo type 0x0101 for change_cipher_spec.  data/len: the whole message, a
 * handshake message with its 4-byte header; valid during the call only.
 * Called on the thread running the connection's handshake, read or write,
 * from inside that call: it must not call into that connection. */
typedef void (*sslite_msg_callback)(int write, int version, int content_type, int msg_type,
                                    const unsigned char *data, size_t len, void *userdata);

/* Set (cb non-NULL) or clear the context's message callback.  As with
 * OpenSSL, connections take it when they are wrapped: those wrapped
 * earlier keep what they had.  userdata is passed through, not owned.
 * Returns 0; NotImplementedError when the TLS library cannot report
 * messages (a system Mbed TLS). */
SSLITE_API int sslite_context_set_msg_callback(sslite_context *ctx, sslite_msg_callback cb,
                                               void *userdata);

#ifdef __cplusplus
}
#endif

#endif
