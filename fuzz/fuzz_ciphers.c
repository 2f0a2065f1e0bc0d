/*
 * libFuzzer target: OpenSSL cipher strings through set_ciphers() (lib/
 * ciphers.c: the grammar, aliases, @STRENGTH, @SECLEVEL, +/-/!, the
 * suite table) and the result through get_ciphers().  The first byte picks
 * a client or a server context, whether the string is a curve name for
 * set_ecdh_curve() instead, and whether a handshake follows: then a
 * TLS 1.2 client restricted to the fuzzed string meets the default server,
 * so the selection is negotiated and shared_ciphers() runs.  Invariants:
 * set_ciphers either succeeds or reports an error; get_ciphers lists
 * distinct suites with names and protocols.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_list(sslite_context *ctx)
{
    sslite_cipher *list;
    size_t n;

    if (sslite_context_get_ciphers(ctx, &list, &n) < 0)
        abort();
    for (size_t i = 0; i < n; i++) {
        if (list[i].name == NULL || list[i].protocol == NULL)
            abort();
        for (size_t j = 0; j < i; j++)
            if (list[j].id == list[i].id) {
                fprintf(stderr, "fuzz_ciphers: %s listed twice\n", list[i].name);
                abort();
            }
    }
    sslite_ciphers_free(list);
}

static void negotiate(sslite_context *cctx)
{
    sslite_memorybio *ci = sslite_memorybio_new(), *co = sslite_memorybio_new();
    sslite_memorybio *si = sslite_memorybio_new(), *so = sslite_memorybio_new();
    sslite_object *c, *s;
    sslite_cipher_info *shared, ci_info;
    size_t n;

    sslite__fuzz_rng_stream(FUZZ_RNG_SETUP);
    c = sslite_context_wrap_bio(cctx, ci, co, 0, "localhost", NULL, NULL);
    s = sslite_context_wrap_bio(fuzz_server_ctx(0), si, so, 1, NULL, NULL, NULL);
    if (c == NULL || s == NULL)
        abort();
    for (int i = 0; i < 6; i++) {
        sslite__fuzz_rng_stream(FUZZ_RNG_CLIENT);
        (void)sslite_object_do_handshake(c);
        fuzz_move(co, si);
        sslite__fuzz_rng_stream(FUZZ_RNG_SERVER);
        (void)sslite_object_do_handshake(s);
        fuzz_move(so, ci);
    }
    if (sslite_object_shared_ciphers(s, &shared, &n) == 1)
        sslite_cipher_infos_free(shared);
    (void)sslite_object_cipher(c, &ci_info);
    fuzz_free_pair(c, s, ci, co, si, so);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sslite_error err;
    sslite_context *ctx;
    char *str;
    int r;

    if (size < 1 || size > 4096)
        return 0;
    sslite__fuzz_rng_reset();
    str = malloc(size);
    if (str == NULL)
        abort();
    memcpy(str, data + 1, size - 1);
    str[size - 1] = '\0';
    ctx = sslite_context_new(data[0] & 1 ? SSLITE_PROTOCOL_TLS_SERVER : SSLITE_PROTOCOL_TLS_CLIENT,
                             &err);
    if (ctx == NULL)
        abort();
    if (data[0] & 4) {
        /* the string as a curve name instead (set_ecdh_curve), then the
         * default suites */
        r = sslite_context_set_ecdh_curve(ctx, str);
        if (r < 0 && sslite_context_error(ctx)->message[0] == '\0')
            abort();
        r = 0;
    } else {
        r = sslite_context_set_ciphers(ctx, str);
    }
    if (r < 0 && sslite_context_error(ctx)->message[0] == '\0')
        abort(); /* a failure always says why */
    check_list(ctx);
    if (r == 0 && !(data[0] & 1) && (data[0] & 2)) {
        (void)sslite_context_set_check_hostname(ctx, 0);
        (void)sslite_context_set_verify_mode(ctx, SSLITE_CERT_NONE);
        (void)sslite_context_set_maximum_version(ctx, SSLITE_TLSVersion_TLSv1_2);
        negotiate(ctx);
    }
    sslite_context_free(ctx);
    free(str);
    return 0;
}
