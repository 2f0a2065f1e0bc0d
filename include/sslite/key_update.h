/*
 * sslite extension (beyond CPython's ssl module): TLS 1.3 key updates
 * started by this side, OpenSSL's SSL_key_update().  Long-lived device
 * connections use them to limit how much traffic one key protects.
 *
 * KeyUpdates the peer sends are always accepted (and, when the peer asks,
 * answered before our next application data) without any call here.
 */
#ifndef SSLITE_KEY_UPDATE_H
#define SSLITE_KEY_UPDATE_H

#include "export.h"
#include <sslite/features.h>
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Send a KeyUpdate and switch to new sending keys.  update_requested: 1
 * asks the peer to update its sending keys too (SSL_KEY_UPDATE_REQUESTED),
 * 0 does not.  The KeyUpdate record is written into the outgoing BIO (or
 * the socket / send callback; if the transport would block, it stays
 * queued and goes out before anything else, with the next call that
 * writes).  Returns 0, or a negative error in the object's error slot:
 * SSLError STILL_IN_INIT before the handshake, WRONG_SSL_VERSION on a
 * TLS 1.2 connection, INVALID_KEY_UPDATE_TYPE for another value,
 * SSLWantWriteError when earlier output could not be sent yet (nothing was
 * done: call again), NotImplementedError when the TLS library lacks
 * KeyUpdate (a system Mbed TLS), and after a fatal error the error every
 * write gets.  The object keeps no reference to anything passed. */
SSLITE_API int sslite_object_key_update(sslite_object *obj, int update_requested);
/* The same on an SSLSocket; blocking sockets wait (within the timeout) for
 * earlier output to drain first. */
#if SSLITE_HAS_SOCKETS
SSLITE_API int sslite_socket_key_update(sslite_socket *s, int update_requested);
#endif /* SSLITE_HAS_SOCKETS */

#ifdef __cplusplus
}
#endif

#endif /* SSLITE_KEY_UPDATE_H */
