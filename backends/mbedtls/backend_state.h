/*
 * sslite: the Mbed TLS backend's state — a context's certificates and
 * configurations, a connection — shared by backend.c and the files of the
 * features a build may leave out (server.c).  Only backends/mbedtls/ sees it.
 */
#ifndef SSLITE_MBEDTLS_BACKEND_STATE_H
#define SSLITE_MBEDTLS_BACKEND_STATE_H

#include "truststore.h" /* first: it sets Mbed TLS's private access */

/* Whether a configuration serves: always 0 in a build without a server
 * side, so that the compiler drops the server's branches there. */
#if defined(MBEDTLS_SSL_SRV_C)
#define SERVES(side) (side)
#else
#define SERVES(side) 0
#endif

/* ---- a context ---- */

typedef struct mbed_keycert {
    struct mbed_keycert *next;
    mbedtls_x509_crt crt;
    mbedtls_pk_context pk;
} mbed_keycert;

typedef struct mbed_conf {
    int refs; /* atomic */
    unsigned long generation;
    int server_side;
    int no_protocols; /* min > max: fail the handshake as OpenSSL does */
    int verify_mode;
    unsigned long verify_flags;
    int check_hostname;
    int hostname_checks_common_name;
    mbedtls_ssl_config conf;
    int *suites;
    char **alpn;      /* a server's are not given to Mbed TLS: see select_alpn */
    int sni_callback; /* a server's sni_callback is set */
    uint16_t *groups; /* set_ecdh_curve's list, NONE-terminated, or NULL */
    /* Chains built from the trust store for certificates loaded without
     * their issuers (conf_keycerts), each given to Mbed TLS in place of
     * the bare certificate. */
    mbedtls_x509_crt *auto_chains[8];
} mbed_conf;

typedef struct mbed_ctx {
    sslite_mbed_store store; /* trust store (truststore.h) */
    mbed_keycert *keycerts; /* newest first; kept until the context dies
                             * because older snapshots may point at them */
    /* sslite__mbedtls_conf_keycerts, set by load_cert_chain: a program
     * that loads no certificate links none of that code. */
    int (*conf_keycerts)(mbed_conf *mc, mbedtls_ssl_context *ssl, mbed_keycert *list,
                         sslite_mbed_store *ca);
    mbed_conf *confs[2];    /* current snapshot per side */
#if defined(MBEDTLS_SSL_TICKET_C)
    int ticket_ready;
    mbedtls_ssl_ticket_context ticket;
#endif
#if defined(MBEDTLS_SSL_CACHE_C)
    mbedtls_ssl_cache_context cache;
#endif
#if defined(MBEDTLS_DHM_C) && defined(MBEDTLS_SSL_SRV_C)
    int dhm_loaded;
    mbedtls_dhm_context dhm; /* load_dh_params; copied into each server conf */
#endif
} mbed_ctx;

/* ---- a connection ---- */

/* The first bytes of each direction's handshake stream, kept to learn from
 * the plaintext hellos whether a session was resumed (Mbed TLS has no API
 * for it). */
#define SNIFF_MAX 512
typedef struct sniff {
    unsigned char buf[SNIFF_MAX];
    size_t len;
} sniff;

typedef struct mbed_conn {
    mbedtls_ssl_context ssl;
    mbed_conf *conf;
    mbed_ctx *ctx;
    sslite_transport tr;
    const char *hostname; /* the engine's copy */
    int hostname_is_ip;
    sslite_mbed_vrfy vrfy;
    sslite_mbed_lease chain_lease; /* pins the store's part of vrfy.crt */
    long verify_code;
    int verify_alerted; /* the verification alert went out (or Mbed TLS's) */
    int io_errno;
    int set_up;
    sniff out, in;
    int resumed; /* -1 unknown */
    int starved; /* the transport's recv would block (a real want-read) */
    size_t wpending; /* plaintext bytes sealed into a queued, unsent record */
    /* A server's post-handshake CertificateRequest waiting for queued
     * output to drain: 1, or 2 when the certificate is required. */
    unsigned char pha_owed;
    void (*msg)(void *owner, int write, int version, int content_type,
                const unsigned char *buf, size_t len);
    /* Verification settings: the configuration's, or those of the context an
     * SNI callback switched to (then ctx is that context's state too). */
    int verify_mode;
    unsigned long verify_flags;
    int (*sni)(void *owner, const char *name, sslite_bsni *out);
    void *sni_owner;
    int sni_failed; /* the SNI callback aborted: OpenSSL's CALLBACK_FAILED */
    int peer_alerted; /* failed on the peer's fatal alert */
    void (*keylog)(void *owner, const char *label, const unsigned char client_random[32],
                   const unsigned char *secret, size_t len);
} mbed_conn;

/* backend.c: give Mbed TLS the configuration's certificates (and their
 * issuers from ca) on mc, or on one handshake of ssl. */
int sslite__mbedtls_conf_keycerts(mbed_conf *mc, mbedtls_ssl_context *ssl, mbed_keycert *list,
                                  sslite_mbed_store *ca);
/* server.c: Mbed TLS's certificate-selection hook on a server (SNI
 * callback, ALPN). */
int sslite__mbedtls_server_cert_cb(mbedtls_ssl_context *ssl);

#endif /* SSLITE_MBEDTLS_BACKEND_STATE_H */
