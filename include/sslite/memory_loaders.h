/*
 * sslite extension (beyond CPython's ssl module): the memory twin of
 * load_cert_chain, for firmware that keeps its credentials in flash and
 * has no filesystem.  Trust anchors from memory need no extension: they
 * are load_verify_locations(cadata=...) (sslite_context_load_verify_locations
 * with cafile and capath NULL).
 */
#ifndef SSLITE_MEMORY_LOADERS_H
#define SSLITE_MEMORY_LOADERS_H

#include <stddef.h>
#include "export.h"
#include "types.h"
#include "context.h"

#ifdef __cplusplus
extern "C" {
#endif

/* load_cert_chain() from bytes.  cert: PEM text holding the certificate
 * chain (leaf first), or one DER certificate.  key: the private key as PEM
 * or DER (PKCS#1, SEC1, PKCS#8, encrypted PKCS#8 or legacy encrypted PEM),
 * or NULL when the key is in cert's PEM text.  PEM need not be
 * NUL-terminated.  password / password_cb as for load_cert_chain.  The
 * bytes are copied and parsed during the call: the caller may free or
 * reuse its buffers afterwards (key copies are wiped).  Errors are those of
 * load_cert_chain: SSLError [X509: ...] / [PEM: ...] for bad data,
 * [X509: KEY_VALUES_MISMATCH] when key and certificate differ, ValueError
 * for empty data. */
SSLITE_API int sslite_context_load_cert_chain_data(sslite_context *ctx, const void *cert,
                                                   size_t cert_len, const void *key,
                                                   size_t key_len, const char *password,
                                                   sslite_password_cb password_cb,
                                                   void *userdata);

#ifdef __cplusplus
}
#endif

#endif /* SSLITE_MEMORY_LOADERS_H */
