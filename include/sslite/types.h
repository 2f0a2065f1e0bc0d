/* sslite: the opaque handle types, declared once for every header. */
#ifndef SSLITE_TYPES_H
#define SSLITE_TYPES_H

#include <stddef.h>

/* A byte count or a negative error (SSLITE_ERR_*): POSIX's ssize_t without
 * needing POSIX, the same type as ssize_t on Linux and BSD libcs. */
typedef ptrdiff_t sslite_ssize_t;

typedef struct sslite_context sslite_context;     /* ssl.SSLContext */
typedef struct sslite_socket sslite_socket;       /* ssl.SSLSocket */
typedef struct sslite_object sslite_object;       /* ssl.SSLObject */
typedef struct sslite_memorybio sslite_memorybio; /* ssl.MemoryBIO */
typedef struct sslite_session sslite_session;     /* ssl.SSLSession */

/* SSLSocket.cipher() / SSLObject.cipher(): (name, protocol, secret_bits).
 * The strings are static. */
typedef struct sslite_cipher_info {
    const char *name;     /* OpenSSL's name, "TLS_AES_256_GCM_SHA384" */
    const char *protocol; /* "TLSv1.3" */
    int secret_bits;
} sslite_cipher_info;

#endif /* SSLITE_TYPES_H */
