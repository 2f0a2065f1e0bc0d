/* sslite/record_size.h: max_fragment_length is checked and stored, and a
 * TLS 1.2 handshake between two objects negotiates it (both ends then
 * send and accept records of that size, and data of many records
 * arrives intact); a TLS 1.3 Mbed TLS server ignores max_fragment_length,
 * so there the limits stay the build's (an OpenSSL server takes it in TLS
 * 1.3 too: object-python-peer).  record_limits before the handshake is a
 * ValueError. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "object_util.h"

static void test_setting(void)
{
    sslite_context *c = client_ctx();
    static const int bad[] = {-1, 1, 511, 513, 8192, 16383, 16385, 65536};

    is_int(sslite_context_get_max_fragment_length(c), 0, "default: 0 (the build's default)");
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        is_int(sslite_context_set_max_fragment_length(c, bad[i]), SSLITE_ERR_VALUE,
               "max_fragment_length %d: ValueError", bad[i]);
    }
    ok(strncmp(sslite_context_error(c)->message,
               "max_fragment_length must be 0, 512, 1024, 2048, 4096 or 16384", 61) == 0,
       "with its message: %s", sslite_context_error(c)->message);
    is_int(sslite_context_get_max_fragment_length(c), 0, "unchanged after the errors");
    is_int(sslite_context_set_max_fragment_length(c, 2048), 0, "2048 accepted");
    is_int(sslite_context_get_max_fragment_length(c), 2048, "and read back");
    is_int(sslite_context_set_max_fragment_length(c, 16384), 0, "16384 (none) accepted");
    is_int(sslite_context_set_max_fragment_length(c, 0), 0, "0 accepted");
    sslite_context_free(c);
}

/* Client asks for mfl; after the handshake both ends' limits, then len
 * bytes client -> server and back. */
static void run(int tls13, int mfl, size_t want_limit)
{
    sslite_context *s = server_ctx("server-ec.pem", "server-ec.key");
    sslite_context *c = client_ctx();
    int v = tls13 ? SSLITE_TLSVersion_TLSv1_3 : SSLITE_TLSVersion_TLSv1_2;
    char what[64], who = 0;
    static unsigned char data[20000], got[20000];
    size_t cin, cout, sin, sout, n = 0;
    pair p;

    snprintf(what, sizeof(what), "%s, max_fragment_length %d", tls13 ? "TLS 1.3" : "TLS 1.2",
             mfl);
    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (unsigned char)(i * 7 + 3);
    sslite_context_set_maximum_version(c, v);
    sslite_context_set_max_fragment_length(c, mfl);
    if (pair_init(&p, KIND_BIO, c, s, "localhost", NULL, 0) < 0) {
        ok(0, "%s: wrap: %s", what, p.err.message);
        goto out;
    }
    is_int(sslite_object_record_limits(p.c.obj, &cin, &cout), SSLITE_ERR_VALUE,
           "%s: record_limits before the handshake: ValueError", what);
    ok(cin == 0 && cout == 0, "%s: and zeros", what);
    if (pair_handshake(&p, &who) < 0) {
        ok(0, "%s: handshake (%c)", what, who);
        goto out;
    }
    is_int(sslite_object_record_limits(p.c.obj, &cin, &cout), 0, "%s: client limits", what);
    is_int(sslite_object_record_limits(p.s.obj, &sin, &sout), 0, "%s: server limits", what);
    is_int(cin, want_limit, "%s: the client accepts records of %zu bytes", what, want_limit);
    /* TLS 1.3 sends one byte less: the inner content type. */
    ok(sout <= want_limit && sout + 1 + 16 >= want_limit,
       "%s: the server sends records of at most that (%zu)", what, sout);
    ok(cout <= want_limit, "%s: the client sends no larger (%zu)", what, cout);
    is_int(sslite_object_write(p.c.obj, data, sizeof(data)), (long long)sizeof(data),
           "%s: client writes %zu bytes", what, sizeof(data));
    pair_pump(&p);
    while (n < sizeof(got)) {
        sslite_ssize_t r = sslite_object_read(p.s.obj, got + n, sizeof(got) - n);
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    ok(n == sizeof(data) && memcmp(got, data, n) == 0, "%s: the server reads them intact", what);
    is_int(sslite_object_write(p.s.obj, data, sizeof(data)), (long long)sizeof(data),
           "%s: server writes back", what);
    pair_pump(&p);
    n = 0;
    while (n < sizeof(got)) {
        sslite_ssize_t r = sslite_object_read(p.c.obj, got + n, sizeof(got) - n);
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    ok(n == sizeof(data) && memcmp(got, data, n) == 0, "%s: the client reads them intact", what);
out:
    pair_free(&p);
    sslite_context_free(c);
    sslite_context_free(s);
}

int main(void)
{
    /* This build's full record size: what a connection without any
     * negotiation accepts (record_in_len). */
    size_t full;
    {
        sslite_context *s = server_ctx("server-ec.pem", "server-ec.key");
        sslite_context *c = client_ctx();
        size_t o;
        char who;
        pair p;
        sslite_context_set_max_fragment_length(c, 16384);
        sslite_context_set_maximum_version(c, SSLITE_TLSVersion_TLSv1_2);
        if (pair_init(&p, KIND_BIO, c, s, "localhost", NULL, 0) < 0 ||
            pair_handshake(&p, &who) < 0 || sslite_object_record_limits(p.c.obj, &full, &o) < 0)
            full = 0;
        pair_free(&p);
        sslite_context_free(c);
        sslite_context_free(s);
    }
    ok(full >= 512, "this build accepts records of %zu bytes", full);
    test_setting();
    for (int mfl = 512; mfl <= 4096; mfl *= 2)
        run(0, mfl, (size_t)mfl < full ? (size_t)mfl : full);
    run(0, 16384, full);
    /* Mbed TLS 3.6 has no max_fragment_length in TLS 1.3: the request
     * is not sent and the limits stay the build's. */
    run(1, 1024, full);
    return done_testing();
}
