/*
 * Shared by the SSLObject fuzz targets and the corpus generator: contexts
 * built around a fixed test identity (an EC P-256 key and a self-signed
 * certificate for "localhost", valid until 2126).  The key protects
 * nothing: it exists only so a fuzzed server has something to serve.
 */
#ifndef SSLITE_FUZZ_COMMON_H
#define SSLITE_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sslite/sslite.h>

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

/* ALPN on both sides, so its extension is parsed and answered too. */
static inline void fuzz_alpn(sslite_context *ctx)
{
    static const char *const protos[] = {"h2", "http/1.1"};
    if (sslite_context_set_alpn_protocols(ctx, protos, 2) < 0)
        abort();
}

/* load_cert_chain takes a path (as CPython's): write the PEM to a private
 * temporary file for the call. */
static inline sslite_context *fuzz_server_ctx(void)
{
    char path[] = "/tmp/sslite-fuzz-XXXXXX";
    sslite_error err;
    sslite_context *ctx = sslite_context_new(SSLITE_PROTOCOL_TLS_SERVER, &err);
    int fd = mkstemp(path);
    FILE *f;

    if (ctx == NULL || fd < 0 || (f = fdopen(fd, "w")) == NULL)
        abort();
    fputs(fuzz_key_pem, f);
    fputs(fuzz_cert_pem, f);
    fclose(f);
    if (sslite_context_load_cert_chain(ctx, path, NULL, NULL, NULL, NULL) < 0) {
        fprintf(stderr, "fuzz: load_cert_chain: %s\n", sslite_context_error(ctx)->message);
        abort();
    }
    unlink(path);
    fuzz_alpn(ctx);
    return ctx;
}

/* A client that accepts any certificate, so fuzzed input reaches the
 * certificate parser and the later handshake messages instead of stopping
 * at verification. */
static inline sslite_context *fuzz_client_ctx(void)
{
    sslite_error err;
    sslite_context *ctx = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);

    if (ctx == NULL || sslite_context_set_check_hostname(ctx, 0) < 0 ||
        sslite_context_set_verify_mode(ctx, SSLITE_CERT_NONE) < 0)
        abort();
    fuzz_alpn(ctx);
    return ctx;
}

/* Step the object until it stops making progress; if the handshake ever
 * completes, read (and with write_too also write) a little application data
 * and unwrap, so the post-handshake paths run too. */
static inline void fuzz_drive(sslite_object *obj, int write_too)
{
    unsigned char buf[1024];

    for (int i = 0; i < 8; i++) {
        int r = sslite_object_do_handshake(obj);
        if (r == 0) {
            (void)sslite_object_read(obj, buf, sizeof(buf));
            if (write_too)
                (void)sslite_object_write(obj, "x", 1);
            (void)sslite_object_unwrap(obj);
            return;
        }
        if (r != SSLITE_ERR_WANT_READ)
            return;
    }
}

#endif
