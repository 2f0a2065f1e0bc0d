/*
 * sslite: definitions shared inside lib/ (and with the backend through
 * backends/backend.h).  Not installed.  Every non-static symbol here starts
 * with sslite__ (a static archive hides nothing).
 */
#ifndef SSLITE_INTERNAL_H
#define SSLITE_INTERNAL_H

#include <stdarg.h>
#include <stdint.h>
#include "sslite/sslite.h"
#include "backend.h"
#include "services.h" /* errors, guards, hostname rules: shared with the backend */

/* ---- library-wide (lib/module.c) ---- */

/* Run the backend's global set-up once; 0 or a negative error. */
int sslite__global_init(sslite_error *err);
/* 1 if s is an IPv4 or IPv6 address literal. */
int sslite__is_ip_literal(const char *s);

/* ---- SSLContext (lib/context.c) ---- */

struct sslite_context {
    int refs; /* atomic */
    sslite__mutex_t lock;
    const sslite_backend *be;
    void *bctx;

    int protocol;
    int check_hostname;
    int verify_mode;
    unsigned long verify_flags;
    uint64_t options;
    int min_version;
    int max_version;
    int num_tickets;
    int max_fragment_length; /* sslite/record_size.h; 0 = the build's default */
    int hostname_checks_common_name;
    int security_level;
    int post_handshake_auth;
    sslite_msg_callback msg_cb; /* sslite/msg_callback.h */
    void *msg_ud;

    uint16_t *suites; /* set_ciphers result (IANA ids), NULL = default */
    size_t nsuites;
    uint16_t *cipher_list; /* get_ciphers() list before security-level filtering
                            * (lib/ciphers.c), NULL = default */
    size_t ncipher_list;
    char **alpn;
    size_t nalpn;
    uint16_t ecdh_group; /* set_ecdh_curve (IANA group id), 0 = default */
    int dh_params;       /* load_dh_params succeeded: servers may pick DHE */

    sslite_sni_callback sni_cb;
    void *sni_ud;

    struct sslite_keylog *keylog; /* keylog_filename (lib/keylog.c), NULL = off */
    sslite_session_stats stats;   /* session_stats(), updated with atomics */

    unsigned long generation; /* bumped on every settings change */
    sslite_error err;
};

/* Fill the backend parameters for a connection of the given side.  Strings
 * and arrays point into ctx, valid while the caller holds ctx->lock. */
void sslite__context_bconf(sslite_context *ctx, int server_side, sslite_bconf_params *out);
/* Record that settings changed. */
void sslite__context_changed(sslite_context *ctx);
/* load_cert_chain's common part, from bytes (PEM or DER, key NULL = in
 * cert): lib/core/context.c. */
int sslite__context_load_chain(sslite_context *ctx, const unsigned char *cert, size_t cert_len,
                               const unsigned char *key, size_t key_len, const char *password,
                               sslite_password_cb password_cb, void *userdata);
/* load_verify_locations' cafile and capath (either may be NULL), under
 * ctx->lock: lib/posix/loaders.c, or NotImplementedError without the
 * filesystem (lib/core/no_filesystem.c). */
int sslite__context_load_ca_paths(sslite_context *ctx, const char *cafile, const char *capath);

/* ---- keylog_filename, session_stats() (lib/keylog.c) ---- */
typedef struct sslite_keylog sslite_keylog;
#define SSLITE__KEYLOG_MAX_SECRET 64
void sslite__keylog_free(sslite_keylog *kl);
/* Append "label <client_random hex> <secret hex>" to ctx's key log, if it
 * has one, as one whole line under ctx->lock (only with SSLITE_WITH_KEYLOG:
 * lib/posix/keylog.c). */
void sslite__keylog_write(sslite_context *ctx, const char *label,
                          const unsigned char client_random[32], const unsigned char *secret,
                          size_t len);

/* ---- the engine (lib/engine.c): one sans-I/O connection ---- */

typedef struct sslite_engine {
    sslite_context *ctx; /* referenced */
    const sslite_backend *be;
    void *bconn;         /* be->conn_size bytes */
    sslite_error *err;   /* the owner's error slot */
    sslite_transport transport;
    int server_side;
    char *server_hostname;
    int handshake_done;
    int close_notify_sent;
    int peer_closed;
    int verify_mode;         /* the context's verify_mode when wrapped */
    sslite_context *sni_ctx; /* the context an SNI callback switched to */
    sslite_sni_callback sni_cb;
    void *sni_ud;
    sslite_msg_callback msg_cb; /* the context's when wrapped */
    void *msg_ud;
    sslite_session *session; /* the session offered for resumption */
    unsigned char *peer_der; /* cached for getpeercert(binary_form) */
    size_t peer_der_len;
    size_t write_progress;   /* bytes of an interrupted write() already sent */
    int hs_counted;          /* session_stats(): the handshake's start was counted */
    int failed;              /* SSLITE__ENGINE_*: a fatal error ended the connection */
} sslite_engine;
enum { SSLITE__ENGINE_LIVE = 0, SSLITE__ENGINE_FAILED, SSLITE__ENGINE_PEER_FAILED };

/* Set up an engine (the caller zeroed it).  0 or a negative error in err. */
int sslite__engine_setup(sslite_engine *e, sslite_context *ctx, int server_side,
                         const char *server_hostname, sslite_session *session,
                         const sslite_transport *transport, sslite_error *err);
void sslite__engine_free(sslite_engine *e);
int sslite__engine_handshake(sslite_engine *e);
sslite_ssize_t sslite__engine_read(sslite_engine *e, void *buf, size_t len);
sslite_ssize_t sslite__engine_write(sslite_engine *e, const void *buf, size_t len);
/* One step of unwrap(): send close_notify if not yet, then read the peer's.
 * 0 once both are done. */
int sslite__engine_unwrap(sslite_engine *e);
/* sslite_object_key_update() / sslite_socket_key_update() (sslite/key_update.h). */
int sslite__engine_key_update(sslite_engine *e, int update_requested);
/* verify_client_post_handshake() of SSLSocket and SSLObject. */
int sslite__engine_verify_client_post_handshake(sslite_engine *e);
size_t sslite__engine_pending(const sslite_engine *e);
const char *sslite__engine_version(const sslite_engine *e);
int sslite__engine_cipher(const sslite_engine *e, sslite_cipher_info *out);
const char *sslite__engine_alpn(const sslite_engine *e);
int sslite__engine_session_reused(const sslite_engine *e);
/* get_channel_binding("tls-unique"): 1 and the data in out (*outlen in:
 * room, out: length), or 0 for None (before the handshake, or a backend
 * that does not keep the Finished messages). */
int sslite__engine_tls_unique(const sslite_engine *e, unsigned char *out, size_t *outlen);
sslite_session *sslite__engine_session(const sslite_engine *e);
int sslite__engine_peer_der(sslite_engine *e, const unsigned char **der, size_t *len);
/* get_verified_chain / get_unverified_chain: the index-th certificate
 * (leaf first) as DER; 1 when present, 0 past the end. */
int sslite__engine_chain_der(sslite_engine *e, int verified, int index,
                             const unsigned char **der, size_t *len);
/* SSLSocket.context / SSLObject.context: the wrapping context, or the one
 * an SNI callback chose.  Borrowed. */
sslite_context *sslite__engine_context(const sslite_engine *e);
/* The engine inside a socket or object (for lib/cert.c, lib/ciphers.c). */
sslite_engine *sslite__socket_engine(sslite_socket *s);
sslite_engine *sslite__object_engine(sslite_object *obj);
/* getpeercert(): r and der/len as sslite_*_getpeercert_der returned them;
 * the dict (or {} when the peer went unverified) in *out (lib/core/cert.c). */
int sslite__engine_peercert(sslite_engine *e, int r, const unsigned char *der, size_t len,
                            sslite_certdict **out);
/* get_verified_chain() / get_unverified_chain() (lib/core/cert.c). */
int sslite__engine_chain(sslite_engine *e, int verified, sslite_certlist **out);
/* <sslite/negotiated.h>: the group (scheme 0) or the peer's signature
 * scheme (1) by OpenSSL's name, or NULL (lib/compat/negotiated.c). */
const char *sslite__engine_negotiated(const sslite_engine *e, int scheme);
/* shared_ciphers() (lib/compat/ciphers.c). */
int sslite__engine_shared_ciphers(sslite_engine *e, sslite_cipher_info **out, size_t *count);
/* ValueError "handshake not done yet" unless the handshake completed. */
int sslite__engine_require_handshake(sslite_engine *e);
/* sslite/record_size.h: the connection's record payload limits. */
int sslite__engine_record_limits(sslite_engine *e, size_t *incoming, size_t *outgoing);

/* ---- MemoryBIO (lib/memorybio.c) ---- */
/* Append for the SSLObject's own records: allowed after write_eof(), as
 * OpenSSL's memory BIO.  0, or MemoryError in the BIO's error slot. */
int sslite__memorybio_append(sslite_memorybio *bio, const unsigned char *buf, size_t len);
/* Bytes of buffer the BIO holds (its chunks' capacity): 0 when drained
 * with no reservation open. */
size_t sslite__memorybio_held(const sslite_memorybio *bio);
/* The SSLObject's zero-copy transport (backend.h): take a record buffer
 * `block` of `size` bytes from sslite__malloc, its bytes off..off+len
 * queued as written, and return a fresh sslite__malloc'd block of `size`
 * bytes; NULL (nothing taken) for a short record or without memory. */
unsigned char *sslite__memorybio_adopt(sslite_memorybio *bio, unsigned char *block, size_t off,
                                      size_t len, size_t size);
/* Consume n bytes that peek() showed (a record decrypted in place of it). */
void sslite__memorybio_skip(sslite_memorybio *bio, size_t n);
/* Bytes that went through adopt (out 1) or skip (out 0), for the tests. */
size_t sslite__memorybio_zero_copied(const sslite_memorybio *bio, int out);

/* ---- sessions (lib/session.c) ---- */
struct sslite_session {
    int refs;
    const sslite_backend *be;
    void *bsess;
    unsigned char id[32];
    size_t id_len;
    int64_t time;
    long timeout;
    unsigned long ticket_lifetime_hint;
    int has_ticket;
    sslite_context *ctx; /* referenced: the context it came from, or NULL */
};
sslite_session *sslite__session_new(const sslite_backend *be, void *bsess);

/* ---- cipher suites (lib/ciphers.c) ---- */
/* OpenSSL's name and protocol for an IANA suite id, or NULL if unknown. */
const char *sslite__suite_name(uint16_t iana_id);
const char *sslite__suite_protocol(uint16_t iana_id);
int sslite__suite_bits(uint16_t iana_id);
/* The suites CPython's default cipher string selects (TLS 1.3 first),
 * restricted to what the backend supports.  Static. */
const uint16_t *sslite__default_suites(size_t *n);
/* What the cipher-string engine makes of CPython's default string at its
 * security level, before any backend restriction: the ids into out (at
 * most max), their count returned.  For test/ciphers, which checks that
 * lib/compat/default_suites.inc (what sslite__default_suites() is built
 * from) says the same. */
size_t sslite__ciphers_default_selection(uint16_t *out, size_t max);
/* The suites a connection of ctx offers (client) or accepts (server), after
 * the security level; valid while the caller holds ctx->lock. */
const uint16_t *sslite__context_suites(const sslite_context *ctx, int server_side, size_t *n);

/* ---- server_hostname encoding (lib/idna.c) ---- */
/* CPython's hostname.encode('idna'): *out gets the (malloc'd) A-label
 * form, or a ValueError (UnicodeError) as CPython words it. */
int sslite__idna_encode(const char *name, char **out, sslite_error *err);
/* The idna codec's check of an all-ASCII name (labels 1..63 bytes, a
 * trailing dot allowed): 0 or a ValueError (core/idna_ascii.c). */
int sslite__idna_ascii_check(const char *name, sslite_error *err);
#define SSLITE__IDNA_FAILED "encoding with 'idna' codec failed (UnicodeError: %s)"
#define SSLITE__IDNA_LABEL_MAX 63

/* ---- certificates (lib/cert.c) ---- */
/* A new {} dict, or NULL when out of memory. */
sslite_certdict *sslite__certdict_empty(void);
/* OpenSSL's X509_check_ca() verdict for the decoded certificate (0 = not a CA). */
long sslite__certdict_is_ca(const sslite_certdict *d);
/* Append a copy of der (and dict, owned from now on, or NULL) to l; -1 when
 * out of memory. */
int sslite__certlist_add(sslite_certlist *l, const unsigned char *der, size_t len,
                         sslite_certdict *dict);

#endif /* SSLITE_INTERNAL_H */
