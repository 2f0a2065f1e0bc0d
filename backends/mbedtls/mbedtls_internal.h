/*
 * sslite: definitions shared by the files of the Mbed TLS backend.  The only
 * place besides the backend's C files where Mbed TLS headers are included.
 */
#ifndef SSLITE_MBEDTLS_INTERNAL_H
#define SSLITE_MBEDTLS_INTERNAL_H

/* The alert a peer sent and a few session fields are private members in
 * Mbed TLS 3.6; this is the sanctioned way to read them. */
#define MBEDTLS_ALLOW_PRIVATE_ACCESS

#include <mbedtls/build_info.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include <mbedtls/x509_crl.h>
#include <mbedtls/pk.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/oid.h>
#include <mbedtls/pem.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/version.h>
#include <mbedtls/asn1.h>
#include <psa/crypto.h>
#if defined(MBEDTLS_SSL_TICKET_C)
#include <mbedtls/ssl_ticket.h>
#endif
#if defined(MBEDTLS_SSL_CACHE_C)
#include <mbedtls/ssl_cache.h>
#endif

#include "backend.h"
#include "services.h"

/* Mbed TLS defines this in ssl_msg.c and declares it only in its private
 * ssl_misc.h: the one way to push queued records without offering new data
 * (mbedtls_ssl_write would seal new bytes when nothing is queued). */
int mbedtls_ssl_flush_output(mbedtls_ssl_context *ssl);

/* Deepest chain recorded for verification (leaf at depth 0). */
#define SSLITE_MBED_MAX_DEPTH (MBEDTLS_X509_MAX_INTERMEDIATE_CA + 2)

/* What Mbed TLS's verify callback reported for each certificate of the
 * verified chain, collected so the OpenSSL verify code can be chosen the way
 * OpenSSL would (chain building before hostname before validity dates). */
typedef struct sslite_mbed_vrfy {
    uint32_t flags[SSLITE_MBED_MAX_DEPTH];
    const mbedtls_x509_crt *crt[SSLITE_MBED_MAX_DEPTH];
    int depth_seen;     /* highest depth reported + 1; 0 = none */
    long hostname_code; /* 0, 62 (hostname) or 64 (IP) from lib/hostname.c */
    int peer_is_server; /* the purpose to check: serverAuth, else clientAuth */
} sslite_mbed_vrfy;

/* verify.c: the OpenSSL X509_V_ERR_* code for a failed verification (0 if
 * it did not fail).  peer_chain is the chain the peer sent, store the
 * trust store (truststore.h), verify_flags the context's SSLITE_VERIFY_*
 * flags. */
struct sslite_mbed_store;
long sslite__mbedtls_verify_code(const sslite_mbed_vrfy *v, const mbedtls_x509_crt *peer_chain,
                                 struct sslite_mbed_store *store, unsigned long verify_flags);

/* verify.c: the names lib/hostname.c matches (dNSName and iPAddress SANs,
 * subject commonNames as UTF-8), taken from a certificate into one
 * allocation sized to it; free() it.  NULL when out of memory. */
sslite_cert_names *sslite__mbedtls_cert_names(const mbedtls_x509_crt *crt);

/* A CRL in a trust store load of a build without CRLs (truststore_nocrl.c);
 * not an Mbed TLS code.  sslite__mbedtls_load_error() makes it a
 * NotImplementedError that says so. */
#define SSLITE__TS_ERR_NO_CRL (-0x7FFF)

/* errors.c: fill err for a failing Mbed TLS return code (not WANT_READ /
 * WANT_WRITE, which backend.c handles).  alert is the fatal alert the peer
 * sent (-1 if none); Returns the error type. */
int sslite__mbedtls_error(sslite_error *err, int mbed_ret, int alert, const char *file, int line);
/* errors.c: an error for a file-loading failure (certificate, key, CA,
 * CRL): OSError for a missing/unreadable file, CPython's SSLError
 * otherwise ("[SSL] PEM lib", "[X509: NO_CERTIFICATE_OR_CRL_FOUND] ...",
 * "[SSL: KEY_VALUES_MISMATCH] ..."). */
enum sslite__load_what {
    SSLITE__LOAD_CERT,            /* load_cert_chain's certificate (or anything else) */
    SSLITE__LOAD_KEY,             /* its key */
    SSLITE__LOAD_MISMATCH,        /* the key does not match the certificate */
    SSLITE__LOAD_CA,              /* a cafile's or cadata's PEM block */
    SSLITE__LOAD_CAFILE,          /* a cafile with no certificate */
    SSLITE__LOAD_CADATA,          /* a cadata DER certificate */
    SSLITE__LOAD_CADATA_PEM,      /* PEM cadata with no certificate */
    SSLITE__LOAD_CADATA_DER,      /* DER cadata with no certificate */
    SSLITE__LOAD_CADATA_TRAILING  /* DER cadata with bytes after its certificates */
};
int sslite__mbedtls_load_error(sslite_error *err, int mbed_ret, enum sslite__load_what what,
                               const char *file, int line);

/* x509.c: decode a certificate for lib/cert.c (see that file). */
int sslite__mbedtls_x509_decode(const unsigned char *der, size_t len, sslite_bx509_sink sink,
                                void *ud, sslite_error *err);
int sslite__mbedtls_pem_read(const char *text, size_t len, const char *label, unsigned char **der,
                             size_t *der_len, size_t *consumed, sslite_error *err);
int sslite__mbedtls_base64(int decode, const unsigned char *in, size_t inlen, unsigned char *out,
                           size_t outsize, size_t *olen);

/* ciphers.c */
int sslite__mbedtls_suite_supported(uint16_t iana_id);

/* rng.c (rng_fuzz.c in fuzzing builds): the generator every backend user
 * draws from, fork-safe. */
int sslite__mbedtls_rng(void *p_rng, unsigned char *out, size_t len);
/* platform.c: the application's hooks into Mbed TLS (threading, time),
 * from global_init; an entropy context with the application's source, or
 * SSLError when the build has no OS entropy and it registered none. */
void sslite__mbedtls_platform_setup(void);
int sslite__mbedtls_entropy_setup(mbedtls_entropy_context *ent, sslite_error *err);
/* len bytes from a CTR-DRBG, in requests it accepts; 0 or an Mbed TLS error. */
int sslite__mbedtls_drbg_fill(mbedtls_ctr_drbg_context *drbg, unsigned char *out, size_t len);
/* rng.c: seed the generators (once, from global_init); RAND_add(). */
int sslite__mbedtls_rng_init(sslite_error *err);
void sslite__mbedtls_rng_add(const void *buf, size_t len);

#endif /* SSLITE_MBEDTLS_INTERNAL_H */
