/*
 * sslite: cipher selection with OpenSSL's cipher-string grammar
 * (SSLContext.set_ciphers / get_ciphers, SSLSocket.shared_ciphers).
 *
 * A cipher string gives OpenSSL 3's result restricted to the suites the
 * backend (Mbed TLS) can negotiate, in OpenSSL's order.  TLS 1.3 suites are
 * not affected by cipher strings and always come first, as in CPython.
 */
#ifndef SSLITE_CIPHERS_H
#define SSLITE_CIPHERS_H

#include <stddef.h>
#include "export.h"
#include <sslite/features.h>
#include "types.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define SSLITE_CIPHER_DESCRIPTION_MAX 128

/* One entry of SSLContext.get_ciphers(): the fields of CPython's dict.
 * The string members point to static data (valid for the life of the
 * program); description is held in the struct. */
typedef struct sslite_cipher {
    unsigned long id;      /* "id": 0x03000000 | the IANA number (0x0300C02F) */
    const char *name;      /* "name": OpenSSL's name, "ECDHE-RSA-AES128-GCM-SHA256" */
    const char *protocol;  /* "protocol": "TLSv1.3", "TLSv1.2", "TLSv1.0" or "SSLv3" */
    char description[SSLITE_CIPHER_DESCRIPTION_MAX]; /* "description": OpenSSL's text */
    int strength_bits;     /* "strength_bits" */
    int alg_bits;          /* "alg_bits" */
    int aead;              /* "aead": 1 or 0 */
    const char *symmetric; /* "symmetric": "aes-128-gcm"; NULL where Python has None */
    const char *digest;    /* "digest": "sha256"; NULL (None) for AEAD suites */
    const char *kea;       /* "kea": "kx-ecdhe", "kx-any" for TLS 1.3 */
    const char *auth;      /* "auth": "auth-rsa", "auth-any" for TLS 1.3 */
} sslite_cipher;

/* SSLContext.set_ciphers(ciphers): select the TLS 1.2 suites with an
 * OpenSSL cipher string ("ECDHE+AESGCM:!aNULL", "HIGH:@STRENGTH",
 * "@SECLEVEL=1:ALL", ...).  Connections wrapped afterwards use it.
 * Returns 0, or SSLITE_ERR_SSL with CPython's "No cipher can be selected."
 * when the string selects no TLS 1.2 suite or is malformed (as OpenSSL, a
 * string that selects only suites Mbed TLS lacks is accepted and leaves
 * only TLS 1.3), SSLITE_ERR_TYPE for NULL.  Details in the context's error
 * slot.  The string is not kept. */
SSLITE_API int sslite_context_set_ciphers(sslite_context *ctx, const char *ciphers);

/* SSLContext.get_ciphers(): the enabled suites in preference order, TLS 1.3
 * first.  On success returns 0 and sets *out to a heap array of *count
 * entries that the caller frees with sslite_ciphers_free(); on failure
 * (MemoryError) returns a negative error and sets *out = NULL, *count = 0. */
SSLITE_API int sslite_context_get_ciphers(sslite_context *ctx, sslite_cipher **out,
                                          size_t *count);

/* Free an array from sslite_context_get_ciphers().  NULL-safe. */
SSLITE_API void sslite_ciphers_free(sslite_cipher *list);

/* SSLSocket.shared_ciphers() / SSLObject.shared_ciphers(): on a server
 * after the handshake, the suites the client offered that this side
 * enables, in this side's order, as (name, protocol, secret_bits).
 * Returns 1 and a heap array in *out (free() it with sslite_cipher_infos_free)
 * of *count entries; 0 where CPython returns None (a client, or before the
 * handshake), with *out = NULL; a negative error (details in the socket's or
 * object's error slot) on failure.  The strings in the entries are static. */
#if SSLITE_HAS_SOCKETS
SSLITE_API int sslite_socket_shared_ciphers(sslite_socket *s, sslite_cipher_info **out,
                                            size_t *count);
#endif /* SSLITE_HAS_SOCKETS */
SSLITE_API int sslite_object_shared_ciphers(sslite_object *obj, sslite_cipher_info **out,
                                            size_t *count);

/* Free an array from *_shared_ciphers().  NULL-safe. */
SSLITE_API void sslite_cipher_infos_free(sslite_cipher_info *list);

#ifdef __cplusplus
}
#endif

#endif /* SSLITE_CIPHERS_H */
