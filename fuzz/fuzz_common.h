/*
 * Shared by the fuzz targets and the corpus generator: contexts built
 * around a fixed test identity (an EC P-256 key and a self-signed
 * certificate for "localhost", valid until 2126), in a few configurations,
 * and the deterministic randomness of fuzzing builds (backends/fuzzing.h).
 * The key protects nothing: it exists only so a fuzzed server has something
 * to serve.
 *
 * Replay: gen_corpus records real handshakes between sslite's client and
 * server with the same RNG streams the targets use (client draws from
 * stream FUZZ_RNG_CLIENT, server from FUZZ_RNG_SERVER, context and object
 * set-up from FUZZ_RNG_SETUP, all rewound per input), so a recorded peer
 * stream fed back to one side completes the handshake and goes on into the
 * application data, alerts, tickets and KeyUpdates recorded after it.
 */
#ifndef SSLITE_FUZZ_COMMON_H
#define SSLITE_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sslite/sslite.h>
#include "fuzzing.h"

#define FUZZ_RNG_CLIENT 0
#define FUZZ_RNG_SERVER 1
#define FUZZ_RNG_SETUP 2

static const char fuzz_key_pem[] =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgqRKa2fk95BSOcFIi\n"
    "gqEYX2oeK+InYoBXZcl3za2EgVuhRANCAARRuhnoE7GD+N4MwH6kQEhCYejaL4n0\n"
    "+6MBsa0Yhmlqh++CGo4EeLl8Yp0DLTHg/1X5kjoSe6mxFcwdnSjcq18V\n"
    "-----END PRIVATE KEY-----\n";

static const char fuzz_cert_pem[] =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBxzCCAW2gAwIBAgIUSQnwLQ8W0R9hNKD4tinjgoEdau0wCgYIKoZIzj0EAwIw\n"
    "LTEXMBUGA1UECgwOc3NsaXRlIGZ1enppbmcxEjAQBgNVBAMMCWxvY2FsaG9zdDAg\n"
    "Fw0yNjExMjQwMDE0NTFaGA8yMTI2MTAzMTAwMTQ1MVowLTEXMBUGA1UECgwOc3Ns\n"
    "aXRlIGZ1enppbmcxEjAQBgNVBAMMCWxvY2FsaG9zdDBZMBMGByqGSM49AgEGCCqG\n"
    "SM49AwEHA0IABFG6GegTsYP43gzAfqRASEJh6NovifT7owGxrRiGaWqH74IajgR4\n"
    "uXxinQMtMeD/VfmSOhJ7qbEVzB2dKNyrXxWjaTBnMB0GA1UdDgQWBBRPt7F4H7AK\n"
    "tfGSq2I+zBizMwusRDAfBgNVHSMEGDAWgBRPt7F4H7AKtfGSq2I+zBizMwusRDAP\n"
    "BgNVHRMBAf8EBTADAQH/MBQGA1UdEQQNMAuCCWxvY2FsaG9zdDAKBggqhkjOPQQD\n"
    "AgNIADBFAiA8Z7FbuCONcqWOWTpQojELNFSIh1wj7y14oPzcfMFF5QIhAOIxwWbG\n"
    "97fJKFvYx8EDv/jdy0sYH5n3sKjlkvj4hdC2\n"
    "-----END CERTIFICATE-----\n";

/* The configuration byte that starts a replay input (and a pair input). */
#define FUZZ_V_TLS12 0x01      /* the client offers TLS 1.2 at most */
#define FUZZ_V_ALPN 0x02       /* ALPN on both sides */
#define FUZZ_V_CLIENT_AUTH 0x04 /* server CERT_REQUIRED; the client has a certificate */
#define FUZZ_V_SNI_CB 0x08     /* server SNI callback (switches context / refuses) */
#define FUZZ_V_VERIFY 0x10     /* client CERT_REQUIRED + check_hostname */
#define FUZZ_V_IP 0x20         /* the client connects to "127.0.0.1", not "localhost" */
#define FUZZ_V_MASK 0x3f

static inline const char *fuzz_hostname(unsigned v)
{
    return v & FUZZ_V_IP ? "127.0.0.1" : "localhost";
}

/* ALPN on both sides, so its extension is parsed and answered too. */
static inline void fuzz_alpn(sslite_context *ctx)
{
    static const char *const protos[] = {"h2", "http/1.1"};
    if (sslite_context_set_alpn_protocols(ctx, protos, 2) < 0)
        abort();
}

/* load_cert_chain takes a path (as CPython's): write the PEM to a private
 * temporary file for the call. */
static inline void fuzz_load_identity(sslite_context *ctx)
{
    char path[] = "/tmp/sslite-fuzz-XXXXXX";
    int fd = mkstemp(path);
    FILE *f;

    if (fd < 0 || (f = fdopen(fd, "w")) == NULL)
        abort();
    fputs(fuzz_key_pem, f);
    fputs(fuzz_cert_pem, f);
    fclose(f);
    if (sslite_context_load_cert_chain(ctx, path, NULL, NULL, NULL, NULL) < 0) {
        fprintf(stderr, "fuzz: load_cert_chain: %s\n", sslite_context_error(ctx)->message);
        abort();
    }
    unlink(path);
}

static inline void fuzz_trust_identity(sslite_context *ctx)
{
    if (sslite_context_load_verify_locations(ctx, NULL, NULL, fuzz_cert_pem,
                                             sizeof(fuzz_cert_pem) - 1, SSLITE_CADATA_PEM) < 0)
        abort();
}

/* Wrap (and drop) one object, so the context's lazily made state (the
 * configuration snapshot, a server's ticket key) is drawn now, from the
 * set-up stream, and not within the first handshake that uses it. */
static inline void fuzz_warm(sslite_context *ctx, int server_side)
{
    sslite_memorybio *a = sslite_memorybio_new(), *b = sslite_memorybio_new();
    sslite_object *o = sslite_context_wrap_bio(ctx, a, b, server_side,
                                               server_side ? NULL : "localhost", NULL, NULL);
    if (o == NULL)
        abort();
    sslite_object_free(o);
    sslite_memorybio_free(a);
    sslite_memorybio_free(b);
}

/* The context an SNI callback switches "localhost" to: the same identity,
 * client certificates optional. */
static sslite_context *fuzz_sni_alt;

static inline int fuzz_sni_cb(const char *name, sslite_context *ctx, sslite_context **use_ctx,
                              void *ud)
{
    (void)ctx;
    (void)ud;
    if (name == NULL)
        return 0;
    if (name[0] == 'x') /* a refused name: the alert path */
        return SSLITE_ALERT_DESCRIPTION_UNRECOGNIZED_NAME;
    if (strcmp(name, "localhost") == 0)
        *use_ctx = fuzz_sni_alt;
    return 0;
}

static inline sslite_context *fuzz_new_server_ctx(unsigned v)
{
    sslite_error err;
    sslite_context *ctx = sslite_context_new(SSLITE_PROTOCOL_TLS_SERVER, &err);

    if (ctx == NULL)
        abort();
    fuzz_load_identity(ctx);
    if (v & FUZZ_V_ALPN)
        fuzz_alpn(ctx);
    if (v & FUZZ_V_CLIENT_AUTH) {
        fuzz_trust_identity(ctx);
        if (sslite_context_set_verify_mode(ctx, SSLITE_CERT_REQUIRED) < 0)
            abort();
    }
    if (v & FUZZ_V_SNI_CB) {
        if (fuzz_sni_alt == NULL) {
            fuzz_sni_alt = sslite_context_new(SSLITE_PROTOCOL_TLS_SERVER, &err);
            if (fuzz_sni_alt == NULL)
                abort();
            fuzz_load_identity(fuzz_sni_alt);
            fuzz_trust_identity(fuzz_sni_alt);
            if (sslite_context_set_verify_mode(fuzz_sni_alt, SSLITE_CERT_OPTIONAL) < 0)
                abort();
            fuzz_warm(fuzz_sni_alt, 1);
        }
        if (sslite_context_set_sni_callback(ctx, fuzz_sni_cb, NULL) < 0)
            abort();
    }
    return ctx;
}

/* Without FUZZ_V_VERIFY the client accepts any certificate, so fuzzed
 * input reaches the certificate parser and the later handshake messages
 * instead of stopping at verification. */
static inline sslite_context *fuzz_new_client_ctx(unsigned v)
{
    sslite_error err;
    sslite_context *ctx = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);

    if (ctx == NULL)
        abort();
    if (v & FUZZ_V_VERIFY) {
        fuzz_trust_identity(ctx);
    } else if (sslite_context_set_check_hostname(ctx, 0) < 0 ||
               sslite_context_set_verify_mode(ctx, SSLITE_CERT_NONE) < 0) {
        abort();
    }
    if (v & FUZZ_V_ALPN)
        fuzz_alpn(ctx);
    if (v & FUZZ_V_CLIENT_AUTH)
        fuzz_load_identity(ctx);
    if ((v & FUZZ_V_TLS12) && sslite_context_set_maximum_version(ctx, SSLITE_TLSVersion_TLSv1_2) < 0)
        abort();
    return ctx;
}

/* Contexts live for the whole run (building one parses a key): one per
 * configuration, made on first use. */
static inline sslite_context *fuzz_server_ctx(unsigned v)
{
    static sslite_context *cache[FUZZ_V_MASK + 1];
    v &= FUZZ_V_ALPN | FUZZ_V_CLIENT_AUTH | FUZZ_V_SNI_CB;
    if (cache[v] == NULL) {
        cache[v] = fuzz_new_server_ctx(v);
        fuzz_warm(cache[v], 1);
    }
    return cache[v];
}

static inline sslite_context *fuzz_client_ctx(unsigned v)
{
    static sslite_context *cache[FUZZ_V_MASK + 1];
    v &= FUZZ_V_TLS12 | FUZZ_V_ALPN | FUZZ_V_CLIENT_AUTH | FUZZ_V_VERIFY;
    if (cache[v] == NULL) {
        cache[v] = fuzz_new_client_ctx(v);
        fuzz_warm(cache[v], 0);
    }
    return cache[v];
}

/* The connection facts and chains, so their getters run on a connected
 * object too. */
/* Free a client/server pair and the four BIOs of its two wires. */
static inline void fuzz_free_pair(sslite_object *c, sslite_object *s, sslite_memorybio *ci,
                                  sslite_memorybio *co, sslite_memorybio *si,
                                  sslite_memorybio *so)
{
    sslite_object_free(c);
    sslite_object_free(s);
    sslite_memorybio_free(ci);
    sslite_memorybio_free(co);
    sslite_memorybio_free(si);
    sslite_memorybio_free(so);
}

/* Move everything one BIO holds into another (a wire with no limits). */
static inline void fuzz_move(sslite_memorybio *from, sslite_memorybio *to)
{
    const unsigned char *p;
    size_t n;

    while ((p = sslite_memorybio_peek(from, &n)) != NULL) {
        sslite_memorybio_write(to, p, n);
        sslite_memorybio_consume(from, n);
    }
}

static inline void fuzz_query(sslite_object *obj)
{
    const unsigned char *der;
    unsigned char cb[128];
    size_t len;
    sslite_cipher_info ci;
    sslite_session *sess;

    (void)sslite_object_version(obj);
    (void)sslite_object_cipher(obj, &ci);
    (void)sslite_object_selected_alpn_protocol(obj);
    (void)sslite_object_session_reused(obj);
    (void)sslite_object_pending(obj);
    (void)sslite_object_getpeercert_der(obj, &der, &len);
    for (int i = 0; i < 4 && sslite_object_get_verified_chain_der(obj, i, &der, &len) == 1; i++)
        ;
    for (int i = 0; i < 4 && sslite_object_get_unverified_chain_der(obj, i, &der, &len) == 1; i++)
        ;
    len = sizeof(cb);
    (void)sslite_object_get_channel_binding(obj, "tls-unique", cb, &len);
    sess = sslite_object_session(obj);
    if (sess != NULL) {
        (void)sslite_session_id(sess, &len);
        (void)sslite_session_has_ticket(sess);
        (void)sslite_session_time(sess);
        (void)sslite_session_timeout(sess);
        (void)sslite_session_ticket_lifetime_hint(sess);
        sslite_session_free(sess);
    }
    {
        sslite_certdict *d = NULL;
        sslite_certlist *l = NULL;
        if (sslite_object_getpeercert(obj, &d) == 1 && d != NULL) {
            free(sslite_certdict_to_json(d));
            sslite_certdict_free(d);
        }
        if (sslite_object_get_verified_chain(obj, &l) == 0)
            sslite_certlist_free(l);
        l = NULL;
        if (sslite_object_get_unverified_chain(obj, &l) == 0)
            sslite_certlist_free(l);
    }
    (void)sslite_object_compression(obj);
    (void)sslite_object_server_side(obj);
    (void)sslite_object_server_hostname(obj);
    (void)sslite_object_context(obj);
}

/* Step the object until it stops making progress; once the handshake is
 * done, read everything the peer sent (data, alerts, tickets, KeyUpdates,
 * close_notify), answer a little (with write_too) and unwrap, so the
 * post-handshake paths run too. */
static inline void fuzz_drive(sslite_object *obj, int write_too)
{
    unsigned char buf[4096];

    for (int i = 0; i < 8; i++) {
        int r = sslite_object_do_handshake(obj);
        if (r == 0) {
            fuzz_query(obj);
            for (int k = 0; k < 64; k++) {
                ssize_t n = sslite_object_read(obj, buf, sizeof(buf));
                if (n <= 0)
                    break;
                if (write_too && k == 0)
                    (void)sslite_object_write(obj, buf, (size_t)n);
            }
            if (write_too)
                (void)sslite_object_write(obj, "x", 1);
            (void)sslite_object_unwrap(obj);
            (void)sslite_object_read(obj, buf, sizeof(buf));
            return;
        }
        if (r != SSLITE_ERR_WANT_READ)
            return;
    }
}

#endif
