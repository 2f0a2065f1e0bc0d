/*
 * sslite: certificates as CPython shows them — the getpeercert() dict,
 * certificate chains, the CA store, and the module helpers
 * (DER_cert_to_PEM_cert, PEM_cert_to_DER_cert, cert_time_to_seconds,
 * get_server_certificate).
 *
 * Strings are UTF-8 and NUL-terminated; where CPython's str may hold a NUL
 * the length is given too.
 */
#ifndef SSLITE_CERT_H
#define SSLITE_CERT_H

#include <stddef.h>
#include <stdint.h>
#include "export.h"
#include <sslite/features.h>
#include "types.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the getpeercert() dict ---- */

/* A decoded certificate: CPython's getpeercert() dict.  Opaque; read it
 * with the accessors below or render it as JSON.  An empty dict ({}, what
 * getpeercert() returns for an unverified peer) has no fields. */
typedef struct sslite_certdict sslite_certdict;

/* One attribute of a relative distinguished name, ('commonName', 'x'):
 * name is OpenSSL's long name, or the dotted OID when OpenSSL has none. */
typedef struct sslite_cert_attr {
    const char *name;
    const char *value;
    size_t value_len;
} sslite_cert_attr;

/* One RDN: usually one attribute, several for a multi-valued RDN. */
typedef struct sslite_cert_rdn {
    const sslite_cert_attr *attrs;
    size_t count;
} sslite_cert_rdn;

/* A distinguished name (subject, issuer, a DirName): its RDNs in order. */
typedef struct sslite_cert_name {
    const sslite_cert_rdn *rdns;
    size_t count;
} sslite_cert_name;

/* A string of a list (OCSP, caIssuers, crlDistributionPoints). */
typedef struct sslite_cert_string {
    const char *value;
    size_t len;
} sslite_cert_string;

/* One subjectAltName entry, (type, value).  type is CPython's: "DNS",
 * "IP Address" (IPv6 as "2001:DB8:0:0:0:0:0:1"), "email", "URI",
 * "DirName", "othername", "Registered ID", "X400Name", "EdiPartyName".
 * A DirName has value NULL and its name in dirname. */
typedef struct sslite_cert_altname {
    const char *type;
    const char *value;
    size_t value_len;
    const sslite_cert_name *dirname;
} sslite_cert_altname;

/* Decode DER into a dict (ssl._ssl._test_decode_cert on its DER).  NULL on
 * failure, with *err filled (err may be NULL): SSLError for a certificate
 * Mbed TLS cannot parse (an Ed25519 one, say) or one CPython could not
 * show (a name that is not valid text).  Free with sslite_certdict_free. */
SSLITE_API sslite_certdict *sslite_certdict_from_der(const unsigned char *der, size_t len,
                                                     sslite_error *err);
/* The first certificate in PEM text (as OpenSSL's PEM_read_bio_X509: text
 * around the block is skipped), decoded.  Free with sslite_certdict_free. */
SSLITE_API sslite_certdict *sslite_certdict_from_pem(const char *text, size_t len,
                                                     sslite_error *err);
/* ssl._ssl._test_decode_cert(path): the first PEM certificate of a file.
 * OSError when the file cannot be read. */
SSLITE_API sslite_certdict *sslite_test_decode_cert(const char *path, sslite_error *err);
SSLITE_API void sslite_certdict_free(sslite_certdict *d); /* NULL-safe */

/* Accessors.  Everything returned is owned by the dict and lives as long
 * as it does.  For an empty dict: is_empty 1, the names NULL, version 0,
 * the strings NULL and every list absent. */
SSLITE_API int sslite_certdict_is_empty(const sslite_certdict *d);
SSLITE_API const sslite_cert_name *sslite_certdict_subject(const sslite_certdict *d);
SSLITE_API const sslite_cert_name *sslite_certdict_issuer(const sslite_certdict *d);
SSLITE_API int sslite_certdict_version(const sslite_certdict *d);
/* "0123ABCD" (uppercase hex, "-" before a negative serial), and times as
 * OpenSSL prints them, "Jan  5 09:34:43 2018 GMT". */
SSLITE_API const char *sslite_certdict_serial_number(const sslite_certdict *d);
SSLITE_API const char *sslite_certdict_not_before(const sslite_certdict *d);
SSLITE_API const char *sslite_certdict_not_after(const sslite_certdict *d);
/* The optional keys: 1 and the entries when the dict has the key (the
 * list may be empty for subjectAltName), 0 when it has not. */
SSLITE_API int sslite_certdict_subject_alt_name(const sslite_certdict *d,
                                                const sslite_cert_altname **names, size_t *count);
SSLITE_API int sslite_certdict_ocsp(const sslite_certdict *d, const sslite_cert_string **uris,
                                    size_t *count);
SSLITE_API int sslite_certdict_ca_issuers(const sslite_certdict *d,
                                          const sslite_cert_string **uris, size_t *count);
SSLITE_API int sslite_certdict_crl_distribution_points(const sslite_certdict *d,
                                                       const sslite_cert_string **uris,
                                                       size_t *count);
/* The value of the first attribute called `name` ("commonName") in a
 * distinguished name, or NULL.  Owned by the dict. */
SSLITE_API const char *sslite_cert_name_get(const sslite_cert_name *n, const char *name);

/* JSON of the dict, tuples as arrays: exactly json.dumps() of CPython's
 * dict (default separators, ASCII-only escapes).  A string the caller
 * releases with sslite_free() (free() when no allocator hooks or arena are
 * set: <sslite/alloc.h>), or NULL when out of memory. */
SSLITE_API char *sslite_certdict_to_json(const sslite_certdict *d);

/* getpeercert() (binary_form=False): 1 and a new dict in *out ({} when the
 * context's verify_mode is CERT_NONE, as CPython reads it at call time),
 * 0 and *out NULL when the peer sent no certificate, negative before the
 * handshake ("handshake not done yet" ValueError) or when the socket is
 * not connected (OSError ENOTCONN); the error is in the socket's / object's
 * slot.  Free the dict with sslite_certdict_free. */
#if SSLITE_HAS_SOCKETS
SSLITE_API int sslite_socket_getpeercert(sslite_socket *s, sslite_certdict **out);
#endif /* SSLITE_HAS_SOCKETS */
SSLITE_API int sslite_object_getpeercert(sslite_object *obj, sslite_certdict **out);

/* ---- lists of certificates ---- */

typedef struct sslite_der {
    unsigned char *data;
    size_t len;
} sslite_der;

/* A list of certificates: count DER blobs and, for get_ca_certs() without
 * binary_form, count dicts (dicts is NULL otherwise).  Everything is
 * owned by the list; free it with sslite_certlist_free. */
typedef struct sslite_certlist {
    size_t count;
    sslite_der *certs;
    sslite_certdict **dicts;
} sslite_certlist;
SSLITE_API void sslite_certlist_free(sslite_certlist *l); /* NULL-safe */

/* get_verified_chain() / get_unverified_chain(): the chains as lists of DER
 * (leaf first).  0 and a new list in *out (empty before the handshake, as
 * CPython's), or a negative error in the socket's / object's slot.  The
 * verified chain runs from the leaf to the trust anchor; when the peer was
 * not verified (CERT_NONE) it is the unverified chain, as CPython
 * documents. */
#if SSLITE_HAS_SOCKETS
SSLITE_API int sslite_socket_get_verified_chain(sslite_socket *s, sslite_certlist **out);
SSLITE_API int sslite_socket_get_unverified_chain(sslite_socket *s, sslite_certlist **out);
#endif /* SSLITE_HAS_SOCKETS */
SSLITE_API int sslite_object_get_verified_chain(sslite_object *obj, sslite_certlist **out);
SSLITE_API int sslite_object_get_unverified_chain(sslite_object *obj, sslite_certlist **out);

/* ---- the context's CA store ---- */

/* SSLContext.get_ca_certs(binary_form): the loaded CA certificates (those
 * OpenSSL's X509_check_ca() accepts; duplicates once), as DER and, unless
 * binary_form, as dicts.  0 and a new list in *out, or a negative error in
 * the context's slot.  Order: the order they were loaded (OpenSSL sorts
 * by subject; docs/compat.md). */
SSLITE_API int sslite_context_get_ca_certs(sslite_context *ctx, int binary_form,
                                           sslite_certlist **out);

/* SSLContext.cert_store_stats(): {'x509': n, 'crl': n, 'x509_ca': n}. */
typedef struct sslite_cert_store_stats {
    int x509;
    int crl;
    int x509_ca;
} sslite_cert_store_stats;
SSLITE_API int sslite_context_cert_store_stats(sslite_context *ctx, sslite_cert_store_stats *out);

/* ---- module functions ---- */

/* ssl.DER_cert_to_PEM_cert(der): PEM text byte-identical to CPython's
 * (SSLITE_PEM_HEADER, 64-column base64, SSLITE_PEM_FOOTER, "\n").  A
 * string the caller releases with sslite_free() (<sslite/alloc.h>), or
 * NULL when out of memory. */
SSLITE_API char *sslite_DER_cert_to_PEM_cert(const unsigned char *der, size_t len);

/* ssl.PEM_cert_to_DER_cert(pem): 0 and *der (the caller releases it with
 * sslite_free(), <sslite/alloc.h>), or ValueError as CPython ("Invalid PEM encoding; must start with
 * -----BEGIN CERTIFICATE-----", binascii's "Incorrect padding", ...).  The
 * base64 is read leniently, as base64.decodebytes does. */
SSLITE_API int sslite_PEM_cert_to_DER_cert(const char *pem, size_t len, unsigned char **der,
                                           size_t *der_len, sslite_error *err);

/* The first PEM block labelled CERTIFICATE (or X509 CERTIFICATE) in text,
 * as OpenSSL's PEM reader finds it: 0, *der the caller releases with
 * sslite_free() (<sslite/alloc.h>),
 * and in *consumed (may be NULL) the offset just past its footer, so a
 * bundle can be walked; SSLError "[PEM: NO_START_LINE] ..." when there is
 * none. */
SSLITE_API int sslite_pem_read_cert(const char *text, size_t len, unsigned char **der,
                                    size_t *der_len, size_t *consumed, sslite_error *err);

/* ssl.cert_time_to_seconds("Jan  5 09:34:43 2018 GMT"): 0 and the POSIX
 * time in *out, or ValueError with CPython's message for text it rejects. */
SSLITE_API int sslite_cert_time_to_seconds(const char *cert_time, int64_t *out,
                                           sslite_error *err);

/* ssl.get_server_certificate((host, port), ssl_version, ca_certs, timeout):
 * connect, handshake (server_hostname=host, no hostname check; verified
 * against ca_certs when it is not NULL, else not at all) and return the
 * peer's certificate as PEM: a string the caller releases with
 * sslite_free() (<sslite/alloc.h>), or NULL with *err filled.  ssl_version is an SSLITE_PROTOCOL_* (0 means
 * PROTOCOL_TLS_CLIENT); timeout in seconds bounds the connect and each
 * operation, a negative value meaning none. */
SSLITE_API char *sslite_get_server_certificate(const char *host, int port, int ssl_version,
                                               const char *ca_certs, double timeout,
                                               sslite_error *err);

#ifdef __cplusplus
}
#endif

#endif /* SSLITE_CERT_H */
