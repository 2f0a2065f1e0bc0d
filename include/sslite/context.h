/*
 * sslite: SSLContext.
 *
 * Lifetime: a context is reference counted.  sslite_context_new() and
 * sslite_create_default_context() return one reference; every socket or
 * object made from the context holds its own, so the caller may free its
 * reference as soon as it has wrapped what it needs.
 *
 * Threads: once configured, a context may be used by any number of threads
 * to wrap connections at the same time.  Changing its settings while other
 * threads wrap connections from it is not supported (docs/compat.md).
 * Settings apply to connections wrapped afterwards, as in OpenSSL.
 *
 * Errors: a function returning int returns 0 (or a value) on success and a
 * negative sslite_errtype on failure, the details in sslite_context_error().
 */
#ifndef SSLITE_CONTEXT_H
#define SSLITE_CONTEXT_H

#include <stdint.h>
#include "export.h"
#include "types.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* SSLContext(protocol).  Returns a new context with CPython's defaults for
 * that protocol, or NULL with *err filled (err may be NULL).  TLS 1.0 and
 * 1.1 do not exist in Mbed TLS 3.6: their protocols fail as CPython fails
 * on an OpenSSL without them (ValueError). */
SSLITE_API sslite_context *sslite_context_new(int protocol, sslite_error *err);

/* ssl.create_default_context(purpose, cafile=, capath=, cadata=) with
 * CPython 3.13's settings.  cafile, capath and cadata may be NULL;
 * cadata_type is SSLITE_CADATA_PEM or SSLITE_CADATA_DER.  With none of
 * the three the default trust store is loaded (load_default_certs).  When
 * the environment variable SSLKEYLOGFILE is set and not empty, it becomes
 * the keylog_filename, as CPython's (failing the call if it cannot be
 * opened). */
SSLITE_API sslite_context *sslite_create_default_context(
    int purpose, const char *cafile, const char *capath, const void *cadata,
    size_t cadata_len, int cadata_type, sslite_error *err);

/* Take another reference; returns ctx.  NULL-safe. */
SSLITE_API sslite_context *sslite_context_ref(sslite_context *ctx);
/* Drop a reference; the last one frees the context.  NULL-safe. */
SSLITE_API void sslite_context_free(sslite_context *ctx);

/* The error of the last failed call on this context (type SSLITE_OK if
 * none).  Owned by the context; valid until its next call. */
SSLITE_API const sslite_error *sslite_context_error(const sslite_context *ctx);

/* Attributes, with CPython's setter rules. */
SSLITE_API int sslite_context_get_protocol(const sslite_context *ctx);
SSLITE_API int sslite_context_get_check_hostname(const sslite_context *ctx);
SSLITE_API int sslite_context_set_check_hostname(sslite_context *ctx, int on);
SSLITE_API int sslite_context_get_verify_mode(const sslite_context *ctx);
SSLITE_API int sslite_context_set_verify_mode(sslite_context *ctx, int mode);
SSLITE_API unsigned long sslite_context_get_verify_flags(const sslite_context *ctx);
SSLITE_API int sslite_context_set_verify_flags(sslite_context *ctx, unsigned long flags);
SSLITE_API uint64_t sslite_context_get_options(const sslite_context *ctx);
SSLITE_API int sslite_context_set_options(sslite_context *ctx, uint64_t options);
SSLITE_API int sslite_context_get_minimum_version(const sslite_context *ctx);
SSLITE_API int sslite_context_set_minimum_version(sslite_context *ctx, int version);
SSLITE_API int sslite_context_get_maximum_version(const sslite_context *ctx);
SSLITE_API int sslite_context_set_maximum_version(sslite_context *ctx, int version);
SSLITE_API int sslite_context_get_security_level(const sslite_context *ctx);
SSLITE_API int sslite_context_get_num_tickets(const sslite_context *ctx);
SSLITE_API int sslite_context_set_num_tickets(sslite_context *ctx, int n);
SSLITE_API int sslite_context_get_hostname_checks_common_name(const sslite_context *ctx);
SSLITE_API int sslite_context_set_hostname_checks_common_name(sslite_context *ctx, int on);
SSLITE_API int sslite_context_get_post_handshake_auth(const sslite_context *ctx);
/* Mbed TLS has no post-handshake authentication: setting it on is
 * NotImplementedError. */
SSLITE_API int sslite_context_set_post_handshake_auth(sslite_context *ctx, int on);

/* Password callback for load_cert_chain: write the password into buf (at
 * most size bytes) and return its length, or a negative value to fail. */
typedef int (*sslite_password_cb)(char *buf, size_t size, void *userdata);

/* load_cert_chain(certfile, keyfile=None, password=None).  keyfile NULL
 * means the key is in certfile.  Give the password as a string or as a
 * callback (not both).  Paths are read during the call and not kept.
 * NotImplementedError in a build without the filesystem: use
 * sslite_context_load_cert_chain_data() (<sslite/memory_loaders.h>). */
SSLITE_API int sslite_context_load_cert_chain(sslite_context *ctx, const char *certfile,
                                              const char *keyfile, const char *password,
                                              sslite_password_cb password_cb, void *userdata);

/* load_verify_locations(cafile=None, capath=None, cadata=None).  At least
 * one must be given.  cafile may hold certificates and CRLs; capath is a
 * directory of certificates; cadata is PEM text or DER bytes, said by
 * cadata_type (SSLITE_CADATA_PEM / SSLITE_CADATA_DER).  Copied; not kept.
 * Firmware keeping its anchors in flash passes them as cadata; its own
 * certificate and key go to sslite_context_load_cert_chain_data()
 * (<sslite/memory_loaders.h>).  In a build without the filesystem
 * (SSLITE_HAS_FILESYSTEM 0) a cafile or capath is NotImplementedError. */
SSLITE_API int sslite_context_load_verify_locations(sslite_context *ctx, const char *cafile,
                                                    const char *capath, const void *cadata,
                                                    size_t cadata_len, int cadata_type);

/* load_default_certs(purpose) and set_default_verify_paths().  Without the
 * filesystem there are no default locations: both load nothing and
 * succeed, as OpenSSL does when the default locations are missing. */
SSLITE_API int sslite_context_load_default_certs(sslite_context *ctx, int purpose);
SSLITE_API int sslite_context_set_default_verify_paths(sslite_context *ctx);

/* set_alpn_protocols(protocols): n names, each 1..255 bytes.  Copied. */
SSLITE_API int sslite_context_set_alpn_protocols(sslite_context *ctx,
                                                 const char *const *protocols, size_t n);

/* set_ecdh_curve(curve_name): restrict key exchange (ECDHE in TLS 1.2, key
 * shares in TLS 1.3) to one group, named as OpenSSL's short names:
 * "prime256v1", "secp384r1", "secp521r1", "X25519", "X448".  Any other
 * name (including OpenSSL curves Mbed TLS lacks, such as "secp256k1") is
 * ValueError "unknown elliptic curve name '...'".  The name is not kept;
 * affects connections wrapped afterwards. */
SSLITE_API int sslite_context_set_ecdh_curve(sslite_context *ctx, const char *curve_name);

/* load_dh_params(path): read PKCS#3 "DH PARAMETERS" PEM (openssl dhparam
 * output) for the DHE suites of TLS 1.2 servers; without it a server never
 * picks DHE, as CPython.  Missing file: OSError; bad content: SSLError.  The
 * file is read during the call; the parameters live as long as ctx. */
SSLITE_API int sslite_context_load_dh_params(sslite_context *ctx, const char *path);

/* SSLContext.sni_callback, on a server: called once per handshake after the
 * ClientHello, with the name the client asked for (NULL when it sent no
 * SNI, as CPython passes None) and the context the connection was wrapped
 * with.  To serve the connection from another context (its certificate,
 * trust store and verify settings), store it in *use_ctx: sslite takes its
 * own reference, and the socket's/object's context() then returns it.
 * Return 0 to go on, or an SSLITE_ALERT_DESCRIPTION_* value (> 0) to abort
 * the handshake with that alert.  It runs on the thread doing the
 * handshake.  A NULL cb removes the callback. */
typedef int (*sslite_sni_callback)(const char *server_name, sslite_context *ctx,
                                   sslite_context **use_ctx, void *userdata);
SSLITE_API int sslite_context_set_sni_callback(sslite_context *ctx, sslite_sni_callback cb,
                                               void *userdata);

/* SSLContext.keylog_filename: log the TLS secrets of every handshake of
 * connections made from ctx (including those already wrapped) in the NSS
 * key log format Wireshark reads.  The file is opened for append now (an
 * OSError such as "[Errno 2] No such file or directory: 'path'" if it
 * cannot be) and gets CPython's header line when new or empty; each secret
 * is one whole line, written under the context's lock.  path is copied;
 * NULL stops logging and closes the file.  The getter returns the
 * context's copy (NULL when off), valid until the next set or the free. */
SSLITE_API int sslite_context_set_keylog_filename(sslite_context *ctx, const char *path);
SSLITE_API const char *sslite_context_get_keylog_filename(const sslite_context *ctx);

/* SSLContext.session_stats(): OpenSSL's SSL_CTX_sess_* counters, the keys
 * of CPython's dict.  connect/accept count handshakes started by client /
 * server connections of ctx, *_good those completed; hits counts resumed
 * handshakes (either side), misses client handshakes whose offered session
 * was not resumed.  number, timeouts, cache_full and the renegotiate
 * counters stay 0 (no server session cache entries: servers resume through
 * tickets; no renegotiation).  Fills *out; returns 0. */
typedef struct sslite_session_stats {
    long number;
    long connect;
    long connect_good;
    long connect_renegotiate;
    long accept;
    long accept_good;
    long accept_renegotiate;
    long hits;
    long misses;
    long timeouts;
    long cache_full;
} sslite_session_stats;
SSLITE_API int sslite_context_session_stats(sslite_context *ctx, sslite_session_stats *out);

/* ssl.get_default_verify_paths().  Strings are static or environment
 * strings; cafile/capath are NULL where the file/directory is missing,
 * as in Python. */
typedef struct sslite_default_verify_paths {
    const char *cafile;
    const char *capath;
    const char *openssl_cafile_env;
    const char *openssl_cafile;
    const char *openssl_capath_env;
    const char *openssl_capath;
} sslite_default_verify_paths;
SSLITE_API void sslite_get_default_verify_paths(sslite_default_verify_paths *out);

#ifdef __cplusplus
}
#endif

#endif /* SSLITE_CONTEXT_H */
