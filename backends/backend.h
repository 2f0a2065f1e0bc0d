/*
 * sslite: the interface between the semantic layer (lib/) and the TLS
 * library underneath.  lib/ calls only what is here; only backends/mbedtls/
 * sees Mbed TLS.  Modelled on curl's vtls: one const ops table, a
 * capability mask, optional entries that are NULL when unsupported (test
 * before calling), and the private-data sizes lib/ allocates for the
 * backend (BearSSL style: the caller allocates the state).
 *
 * Conventions: functions return 0 (or a count) on success and a negative
 * sslite_errtype on failure, after filling the sslite_error they were given
 * through the lib/error.h helpers.
 */
#ifndef SSLITE_BACKEND_H
#define SSLITE_BACKEND_H

#include <stddef.h>
#include <stdint.h>
#include "sslite/error.h"
#include "sslite/types.h"

/* Capabilities (sslite_backend.caps) */
#define SSLITE_BCAP_TLS1_2     (1u << 0)
#define SSLITE_BCAP_TLS1_3     (1u << 1)
#define SSLITE_BCAP_SNI        (1u << 2)
#define SSLITE_BCAP_ALPN       (1u << 3)
#define SSLITE_BCAP_ECDH       (1u << 4)
#define SSLITE_BCAP_PSK        (1u << 5)
#define SSLITE_BCAP_TICKETS    (1u << 6)
#define SSLITE_BCAP_CRL        (1u << 7)
#define SSLITE_BCAP_KEY_EXPORT (1u << 8)
#define SSLITE_BCAP_THREADS    (1u << 9)
#define SSLITE_BCAP_MAX_FRAGMENT (1u << 10) /* RFC 6066 max_fragment_length */
#define SSLITE_BCAP_MSG_CALLBACK (1u << 12) /* bconn_params.msg is honoured */
#define SSLITE_BCAP_PHA (1u << 13) /* TLS 1.3 post-handshake auth (facts' conn_pha_*) */
#define SSLITE_BCAP_ALLOC_HOOKS (1u << 11) /* the TLS library allocates through sslite__calloc */

/* conn_pha_status() flags */
#define SSLITE_BPHA_OFFERED 1 /* the extension was sent (client), received (server) */
#define SSLITE_BPHA_BUSY    2 /* a request sent or owed, not yet answered */

/* The transport a connection moves records through (the engine supplies
 * it: memory BIOs, a descriptor, or user callbacks).  Return values as
 * sslite_send_cb / sslite_recv_cb in sslite/object.h. */
typedef struct sslite_transport {
    sslite_ssize_t (*send)(void *io, const unsigned char *buf, size_t len);
    sslite_ssize_t (*recv)(void *io, unsigned char *buf, size_t len);
    void *io;
    /* Optional, NULL when not offered (the descriptor and callback
     * transports): a transport holding its bytes in memory lets bulk
     * records skip a copy each way.  view: the next unread bytes,
     * contiguous, not consumed (NULL when none); skip: consume len of them.
     * adopt: take `block` (sslite__malloc'd, `size` bytes, the bytes to
     * send at off..off+len) as sent, and return a fresh block of `size`
     * bytes for the next records, or NULL to decline (send() is then
     * called as usual). */
    const unsigned char *(*view)(void *io, size_t *len);
    void (*skip)(void *io, size_t len);
    unsigned char *(*adopt)(void *io, unsigned char *block, size_t off, size_t len, size_t size);
} sslite_transport;

/* What the semantic layer decided for a context, handed to the backend to
 * build its configuration.  `generation` changes whenever any field does,
 * so the backend can reuse a configuration built for the same generation. */
typedef struct sslite_bconf_params {
    unsigned long generation;
    int server_side;
    int verify_mode;            /* SSLITE_CERT_*, after CPython's rules */
    unsigned long verify_flags; /* SSLITE_VERIFY_* */
    int check_hostname;
    int hostname_checks_common_name;
    int min_version;            /* 0x0303 or 0x0304, resolved */
    int max_version;
    const uint16_t *suites;     /* IANA ids, preference order; NULL = backend default */
    size_t nsuites;
    const char *const *alpn;    /* NULL-free list */
    size_t nalpn;
    int tickets;                /* !OP_NO_TICKET */
    int num_tickets;            /* TLS 1.3 server tickets */
    int server_preference;      /* OP_CIPHER_SERVER_PREFERENCE */
    int allow_no_dhe_kex;       /* OP_ALLOW_NO_DHE_KEX: TLS 1.3 psk_ke */
    int sni_callback;           /* a server asks conn params' sni() per handshake */
    const uint16_t *groups;     /* IANA group ids, preference order; NULL = default */
    size_t ngroups;
    /* RFC 6066 max_fragment_length a client asks for (TLS 1.2), and the
     * largest record either side sends: 512, 1024, 2048, 4096; 16384 for
     * none; 0 for the backend's default (none, or what its input buffer
     * holds when that is smaller).  Needs SSLITE_BCAP_MAX_FRAGMENT. */
    int max_fragment_length;
} sslite_bconf_params;

/* What an SNI callback decided: serve the handshake from another context's
 * backend state with its verify settings (bctx NULL: keep the current). */
typedef struct sslite_bsni {
    void *bctx;
    int verify_mode;
    unsigned long verify_flags;
} sslite_bsni;

/* Per-connection parameters. */
typedef struct sslite_bconn_params {
    const char *server_hostname; /* NULL for none */
    int hostname_is_ip;          /* no SNI for an address, as OpenSSL+CPython */
    const void *session;         /* backend session to resume, or NULL */
    const sslite_transport *transport;
    /* Server: called after the ClientHello when conf->sni_callback; name is
     * NULL without SNI.  Returns 0, or an alert (> 0) to abort with. */
    int (*sni)(void *owner, const char *name, sslite_bsni *out);
    void *owner;
    /* keylog_filename: called with each secret the handshake derives, its
     * NSS key log label ("CLIENT_RANDOM", "SERVER_HANDSHAKE_TRAFFIC_SECRET",
     * ...) and the 32-byte client random.  NULL: not asked. */
    void (*keylog)(void *owner, const char *label, const unsigned char client_random[32],
                   const unsigned char *secret, size_t len);
    /* TLS 1.3 post-handshake authentication (conn_pha_status): a client
     * offers it; a server asks for no certificate in a TLS 1.3 handshake,
     * leaving it to conn_pha_request (OpenSSL's SSL_VERIFY_POST_HANDSHAKE). */
    int post_handshake_auth;
    /* The message callback (sslite/msg_callback.h), called with owner for
     * each protocol message written (write 1) or read; NULL: none. */
    void (*msg)(void *owner, int write, int version, int content_type,
                const unsigned char *buf, size_t len);
} sslite_bconn_params;

/* Facts about an established connection. */
typedef struct sslite_bconn_info {
    int tls_version;    /* 0x0303, 0x0304; 0 before the handshake */
    uint16_t suite;     /* IANA id */
    const char *alpn;   /* negotiated protocol or NULL */
    int session_reused;
    uint16_t group;        /* (EC)DHE NamedGroup, 0 = none or unknown */
    uint16_t peer_sig_alg; /* SignatureScheme the peer signed with, 0 = none/unknown */
} sslite_bconn_info;

/* Password source for an encrypted private key. */
typedef int (*sslite_bpassword_fn)(void *ud, char *buf, size_t size);

/* Certificate decoding (x509_decode): the backend parses a certificate and
 * reports its parts, in CPython's dict order, as items to a sink that
 * lib/cert.c turns into the getpeercert() dict.  Pointers are valid during
 * the sink call only.  A nonzero sink return stops decoding with it. */
enum {
    SSLITE_BX509_VERSION = 1, /* num: 1..3 */
    SSLITE_BX509_SERIAL,      /* data: the INTEGER's content octets */
    SSLITE_BX509_NOT_BEFORE,  /* time[], num: 1 when the time ends in 'Z' */
    SSLITE_BX509_NOT_AFTER,
    SSLITE_BX509_NAME_ATTR,   /* which: 0 subject, 1 issuer, 2 the last SAN's DirName;
                               * num: 1 when it starts a new RDN; oid (dotted);
                               * tag: universal string tag; data: the value octets */
    SSLITE_BX509_SAN_PRESENT, /* the subjectAltName extension exists (maybe empty) */
    SSLITE_BX509_SAN,         /* tag: GeneralName choice 0..8; data: content
                               * (for 0, oid: type-id, num: value's tag); oid for 8 */
    SSLITE_BX509_OCSP,        /* data: a URI from authorityInfoAccess */
    SSLITE_BX509_CA_ISSUERS,
    SSLITE_BX509_CRL_DP,      /* data: a URI from a CRL distribution point */
    SSLITE_BX509_IS_CA        /* num: OpenSSL's X509_check_ca() verdict (0 = not) */
};
typedef struct sslite_bx509_item {
    int kind;
    int which;
    int tag;
    long num;
    const char *oid;
    const unsigned char *data;
    size_t len;
    int time[6]; /* year, month 1-12, day, hour, minute, second */
} sslite_bx509_item;
typedef int (*sslite_bx509_sink)(void *ud, const sslite_bx509_item *item);

typedef struct sslite_backend {
    const char *name;
    uint32_t caps;
    size_t ctx_size;  /* private state per context */
    size_t conn_size; /* private state per connection */

    const char *(*version)(void);
    unsigned long (*version_number)(void);

    /* Process-wide set-up; called once before anything else (thread-safe,
     * idempotent). */
    int (*global_init)(sslite_error *err);

    /* Randomness */
    int (*rand_bytes)(void *buf, size_t n, sslite_error *err);
    int (*rand_status)(void);
    void (*rand_add)(const void *buf, size_t len);

    /* Context state: certificates, keys, trust store, configuration. */
    int (*ctx_init)(void *bctx, int server_side, sslite_error *err);
    void (*ctx_free)(void *bctx);
    int (*ctx_load_ca_file)(void *bctx, const char *path, sslite_error *err);
    int (*ctx_load_ca_path)(void *bctx, const char *path, sslite_error *err);
    int (*ctx_load_ca_data)(void *bctx, const void *data, size_t len, int der, sslite_error *err);

    /* Connection.  A conn_setup that fails has released all it took: the
     * caller frees the memory and never calls conn_free. */
    int (*conn_setup)(void *bconn, void *bctx, const sslite_bconf_params *conf,
                      const sslite_bconn_params *p, sslite_error *err);
    void (*conn_free)(void *bconn);
    int (*conn_handshake)(void *bconn, sslite_error *err);
    sslite_ssize_t (*conn_read)(void *bconn, void *buf, size_t len, sslite_error *err);
    sslite_ssize_t (*conn_write)(void *bconn, const void *buf, size_t len, sslite_error *err);
    /* Send close_notify (0), or want-write; then, for unwrap, reading the
     * peer's close_notify goes through conn_read returning ZERO_RETURN. */
    int (*conn_close_notify)(void *bconn, sslite_error *err);
    size_t (*conn_pending)(const void *bconn);
    /* 1 when the connection's last fatal error was the peer's fatal alert
     * (rather than one of ours or a broken stream). */
    int (*conn_failed_by_peer)(const void *bconn);
    /* 1 when the completed handshake resumed a session (session_stats()
     * counts it; sslite_backend_facts has the rest). */
    int (*conn_resumed)(const void *bconn);
    /* Release a session of conn_get_session (sslite_backend_facts). */
    void (*session_free)(void *bsess);
    /* Cipher suites the backend can negotiate (IANA id) */
    int (*suite_supported)(uint16_t iana_id);

    /* Optional (load_dh_params): the DER of a PKCS#3 DHParameter, kept in
     * the context for TLS 1.2 servers' DHE.  0, or SSLError "[PEM] ASN1 lib"
     * for content the backend cannot parse, or "[SSL: DH_KEY_TOO_SMALL]"
     * for a prime of fewer than min_bits bits. */
    int (*ctx_load_dh_params)(void *bctx, const unsigned char *der, size_t len, int min_bits,
                              sslite_error *err);

} sslite_backend;

/* The one backend of this build. */
extern const sslite_backend sslite__backend_mbedtls;
#define SSLITE_BACKEND (&sslite__backend_mbedtls)

/* Operations only some programs call live in tables of their own, each
 * referenced from the one lib/ file that uses it: a program that never
 * calls getpeercert(), load_cert_chain() or the session-bytes extension
 * links none of their backend code (with --gc-sections). */

/* What an established connection and its session tell (version(),
 * cipher(), getpeercert(), session, key_update(), ...): lib/core/engine.c,
 * cert.c, session.c, lib/compat/negotiated.c and ciphers.c.  A program
 * that only moves data links none of it. */
typedef struct sslite_backend_facts {
    /* Version, suite, ALPN, resumption, group, signature scheme. */
    void (*conn_info)(const void *bconn, sslite_bconn_info *out);
    /* The peer's certificate chain as sent (index 0 the leaf): 1 and the DER,
     * or 0 past the end / when there is none. */
    int (*conn_peer_cert)(const void *bconn, int index, const unsigned char **der, size_t *len);
    /* The chain the verification built (leaf first, ending at the trust
     * anchor): 1 and the DER, or 0 past the end / when not verified. */
    int (*conn_verified_cert)(const void *bconn, int index, const unsigned char **der,
                              size_t *len);
    /* Sessions: a heap copy of the connection's session (free with the
     * main table's session_free), or NULL. */
    void *(*conn_get_session)(const void *bconn);
    /* Fill the Python-visible facts of a session (sslite_session fields). */
    void (*session_info)(const void *bsess, unsigned char id[32], size_t *id_len, int64_t *time,
                         long *timeout, unsigned long *ticket_lifetime_hint, int *has_ticket);
    /* Optional: the verify_data of the last Finished message sent (peer 0)
     * or received (peer 1), as OpenSSL's SSL_get_finished() and
     * SSL_get_peer_finished(): copies at most size bytes, returns the whole
     * length, 0 for none. */
    size_t (*conn_finished)(const void *bconn, int peer, unsigned char *out, size_t size);

    /* Optional (TLS 1.3 KeyUpdate): seal a KeyUpdate and switch sending
     * keys; 0 once sealed (it may still be queued), want-write when
     * earlier output must drain first (nothing done).  The caller checked
     * the handshake and the version. */
    int (*conn_key_update)(void *bconn, int update_requested, sslite_error *err);
    /* Optional (sslite/record_size.h): the largest record payload this
     * connection now accepts and sends, after whatever max_fragment_length
     * or record_size_limit the handshake negotiated. */
    void (*conn_record_limits)(const void *bconn, size_t *incoming, size_t *outgoing);
    /* Optional (TLS 1.3 post-handshake authentication): SSLITE_BPHA_*
     * flags; and, on a server whose client offered it, the request: 0
     * once a CertificateRequest is sealed (or owed behind queued output;
     * either goes out with the next write, or read), the client's answer
     * being processed, and its certificate verified, by conn_read.  The
     * caller checked the side, the version and the flags. */
    int (*conn_pha_status)(const void *bconn);
    int (*conn_pha_request)(void *bconn, int cert_required, sslite_error *err);
    /* Optional (shared_ciphers): on a server, the first bytes received --
     * the records carrying the ClientHello, possibly truncated.  1 and a
     * pointer valid while the connection lives, or 0. */
    int (*conn_client_hello)(const void *bconn, const unsigned char **buf, size_t *len);
} sslite_backend_facts;
extern const sslite_backend_facts sslite__backend_mbedtls_facts;
#define SSLITE_BACKEND_FACTS (&sslite__backend_mbedtls_facts)

/* The trust store as a list (get_ca_certs(), cert_store_stats():
 * lib/core/certutil.c). */
typedef struct sslite_backend_ca_list {
    /* Number of trust anchors (cert_store_stats()["x509_ca"] et al.). */
    int (*ctx_ca_count)(void *bctx, int *x509, int *x509_ca, int *crl);
    /* Calls fn with each trust anchor's DER, each once, in load order (a
     * capath's once a verification looked them up), for get_ca_certs();
     * the bytes live during the call only.  Stops on, and returns, fn's
     * negative return. */
    int (*ctx_ca_each)(void *bctx, int (*fn)(void *ud, const unsigned char *der, size_t len),
                       void *ud);
} sslite_backend_ca_list;
extern const sslite_backend_ca_list sslite__backend_mbedtls_ca_list;
#define SSLITE_BACKEND_CA_LIST (&sslite__backend_mbedtls_ca_list)

/* Certificate dicts (lib/core/cert.c). */
typedef struct sslite_backend_x509 {
    /* Report the parts of one DER certificate to sink (see
     * SSLITE_BX509_*); 0, the sink's nonzero return, or a negative error
     * ("[X509] ..." SSLError) for a certificate the backend cannot parse. */
    int (*x509_decode)(const unsigned char *der, size_t len, sslite_bx509_sink sink, void *ud,
                       sslite_error *err);
} sslite_backend_x509;
extern const sslite_backend_x509 sslite__backend_mbedtls_x509;
#define SSLITE_BACKEND_X509 (&sslite__backend_mbedtls_x509)

/* load_cert_chain (lib/core/context.c). */
typedef struct sslite_backend_keys {
    /* The chain (PEM, or one DER certificate) and key (PEM or DER; NULL:
     * taken from the chain's bytes), copied: the caller keeps its buffers. */
    int (*ctx_load_cert_chain)(void *bctx, const unsigned char *cert, size_t cert_len,
                               const unsigned char *key, size_t key_len,
                               sslite_bpassword_fn pw, void *pw_ud, sslite_error *err);
} sslite_backend_keys;
extern const sslite_backend_keys sslite__backend_mbedtls_keys;
#define SSLITE_BACKEND_KEYS (&sslite__backend_mbedtls_keys)

/* Sessions as sealed bytes (sslite/session_bytes.h, lib/core/session_bytes.c). */
typedef struct sslite_backend_session_bytes {
    /* Optional (NULL members: NotImplementedError): the TLS library's own
     * serialization of a session, in a malloc'd *out; and
     * back, a new backend session (free with session_free) or NULL with a
     * ValueError for data it refuses.  Load only data sealed by us: the
     * format is trusted. */
    int (*session_save)(const void *bsess, unsigned char **out, size_t *len, sslite_error *err);
    void *(*session_load)(const unsigned char *buf, size_t len, sslite_error *err);
    /* AES-256-GCM with a 12-byte nonce and a 16-byte tag: seal writes len
     * bytes to out and the tag; open checks the tag (-1 with a ValueError
     * when it does not match) and writes the plaintext.  out may be in. */
    int (*aead_seal)(const unsigned char key[32], const unsigned char nonce[12],
                     const unsigned char *aad, size_t aad_len, const unsigned char *in, size_t len,
                     unsigned char *out, unsigned char tag[16], sslite_error *err);
    int (*aead_open)(const unsigned char key[32], const unsigned char nonce[12],
                     const unsigned char *aad, size_t aad_len, const unsigned char *in, size_t len,
                     const unsigned char tag[16], unsigned char *out, sslite_error *err);
} sslite_backend_session_bytes;
extern const sslite_backend_session_bytes sslite__backend_mbedtls_session_bytes;
#define SSLITE_BACKEND_SESSION_BYTES (&sslite__backend_mbedtls_session_bytes)

/* PEM and base64 (lib/core/certutil.c, lib/compat/curves.c). */
typedef struct sslite_backend_pem {
    /* The first PEM block labelled `label` in text (need not be
     * NUL-terminated): its bytes in a malloc'd *der, and in *consumed how
     * far into text its footer ends.  0, or a negative error. */
    int (*pem_read)(const char *text, size_t len, const char *label, unsigned char **der,
                    size_t *der_len, size_t *consumed, sslite_error *err);
    /* Base64 (RFC 4648 alphabet, '=' padding, no line breaks): encode or
     * decode into out (size outsize); *olen the length written (or needed).
     * 0, or -1 when out is too small or (decoding) the input is invalid. */
    int (*base64)(int decode, const unsigned char *in, size_t inlen, unsigned char *out,
                  size_t outsize, size_t *olen);
} sslite_backend_pem;
extern const sslite_backend_pem sslite__backend_mbedtls_pem;
#define SSLITE_BACKEND_PEM (&sslite__backend_mbedtls_pem)

/* Keying material export (RFC 5705), for an exporter API; NULL members
 * when the TLS library cannot. */
typedef struct sslite_backend_key_export {
    int (*conn_export_keying)(const void *bconn, const char *label, const unsigned char *context,
                              size_t context_len, unsigned char *out, size_t out_len,
                              sslite_error *err);

} sslite_backend_key_export;
extern const sslite_backend_key_export sslite__backend_mbedtls_key_export;
#define SSLITE_BACKEND_KEY_EXPORT (&sslite__backend_mbedtls_key_export)

#endif /* SSLITE_BACKEND_H */
