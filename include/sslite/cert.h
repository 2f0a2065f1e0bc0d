/*
 * sslite: certificates as CPython shows them — the getpeercert() dict,
 * chains, the CA store, and the module helpers.
 */
#ifndef SSLITE_CERT_H
#define SSLITE_CERT_H

#include <stddef.h>
#include "export.h"
#include "types.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A decoded certificate: CPython's getpeercert() dict.  Opaque; read it
 * with the accessors below or render it as JSON.  An empty dict ({}, what
 * getpeercert() returns for an unverified peer) has no fields. */
typedef struct sslite_certdict sslite_certdict;

/* Decode DER into a dict (ssl._ssl._test_decode_cert).  NULL on failure,
 * with *err filled (may be NULL).  Free with sslite_certdict_free. */
SSLITE_API sslite_certdict *sslite_certdict_from_der(const unsigned char *der, size_t len,
                                                     sslite_error *err);
SSLITE_API void sslite_certdict_free(sslite_certdict *d); /* NULL-safe */

/* JSON of the dict, tuples as arrays, exactly json.dumps() of CPython's dict
 * but for whitespace.  A malloc'd string the caller frees, or NULL when out
 * of memory. */
SSLITE_API char *sslite_certdict_to_json(const sslite_certdict *d);

/* getpeercert() (binary_form=False): 1 and a new dict in *out ({} when the
 * peer was not verified), 0 and *out NULL when the peer sent no
 * certificate, negative ("handshake not done yet" ValueError) before the
 * handshake. */
SSLITE_API int sslite_socket_getpeercert(sslite_socket *s, sslite_certdict **out);
SSLITE_API int sslite_object_getpeercert(sslite_object *obj, sslite_certdict **out);

#ifdef __cplusplus
}
#endif

#endif /* SSLITE_CERT_H */
