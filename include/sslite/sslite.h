/*
 * sslite: Python's ssl module for C, on Mbed TLS.
 * Include this header; it includes the rest.
 */
#ifndef SSLITE_H
#define SSLITE_H

#include <stddef.h>
#include "export.h"
#include <sslite/features.h>
#include "constants.h"
#include "types.h"
#include "error.h"
#include "context.h"
#if SSLITE_HAS_SOCKETS
#include "socket.h" /* POSIX sockets: only in builds that have them */
#include "fd_transport.h" /* sslite extension */
#endif
#include "object.h"
#include "session.h"
#include "ciphers.h"
#include "cert.h"
#include "key_update.h" /* sslite extension */
#include "msg_callback.h" /* sslite extension */
#include "negotiated.h" /* sslite extension */
#include "session_bytes.h" /* sslite extension */
#include "platform.h" /* sslite extension */
#include "alloc.h" /* sslite extension */
#include "memory_loaders.h" /* sslite extension */
#include "record_size.h" /* sslite extension */

#ifdef __cplusplus
extern "C" {
#endif

/* sslite's version ("0.1.0") and the backend's, like ssl.OPENSSL_VERSION
 * ("Mbed TLS 3.6.7") and ssl.OPENSSL_VERSION_NUMBER.  Static strings. */
SSLITE_API const char *sslite_version(void);
SSLITE_API const char *sslite_backend_version(void);
SSLITE_API unsigned long sslite_backend_version_number(void);

/* ssl.RAND_bytes(n): n cryptographically strong bytes from the backend's
 * DRBG, reseeded after fork() so a child never repeats its parent.
 * Returns 0, or a negative error (details in *err, which may be NULL). */
SSLITE_API int sslite_RAND_bytes(void *buf, size_t n, sslite_error *err);
/* ssl.RAND_status(): 1 when the generator is seeded. */
SSLITE_API int sslite_RAND_status(void);
/* ssl.RAND_add(bytes, entropy): mixes buf into the generator. */
SSLITE_API void sslite_RAND_add(const void *buf, size_t len, double entropy);

#ifdef __cplusplus
}
#endif

#endif /* SSLITE_H */
