/*
 * libFuzzer target: certificate chains into the verification path of a
 * real TLS 1.2 handshake — Mbed TLS's chain verification, sslite's verify
 * callback, the OpenSSL verify code (backends/mbedtls/verify.c: chain
 * building, extensions, purpose, path length, CRLs, validity against the
 * pinned clock), the names of the leaf (lib/hostname.c: OpenSSL's wildcard
 * and IP rules, commonName fallback), the verify messages (lib/verify.c)
 * and the alert sent.
 *
 * The server's first flight is recorded once from a real deterministic
 * handshake; per input its Certificate message is replaced by the fuzzed
 * chain and fed to a client that verifies.  (A TLS 1.2 Certificate travels
 * in the clear and is verified on arrival, so no key has to match.)
 *
 * Input:  flags byte, hostname length byte, hostname,
 *         trust length (2 bytes, big-endian), trust store,
 *         then the chain: certificates, each as a 2-byte length and DER.
 * flags:  bit 0-1  verify flags: none, X509_STRICT, PARTIAL_CHAIN,
 *                  CRL_CHECK_CHAIN (with TRUSTED_FIRST)
 *         bit 2    the trust store is a CA file (PEM certificates and
 *                  CRLs) rather than cadata DER
 *         bit 3    check_hostname off
 *         bit 4    hostname_checks_common_name
 *         bit 5    CERT_OPTIONAL instead of CERT_REQUIRED
 *         bit 6    CRL_CHECK_LEAF
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The recorded server flight around its Certificate record. */
static unsigned char *g_before, *g_after;
static size_t g_before_len, g_after_len;
static char g_cafile[64];

static void capture(sslite_memorybio *from, sslite_memorybio *to, unsigned char **buf,
                    size_t *len)
{
    const unsigned char *p;
    size_t n;

    while ((p = sslite_memorybio_peek(from, &n)) != NULL) {
        if (buf != NULL) {
            *buf = realloc(*buf, *len + n);
            if (*buf == NULL)
                abort();
            memcpy(*buf + *len, p, n);
            *len += n;
        }
        sslite_memorybio_write(to, p, n);
        sslite_memorybio_consume(from, n);
    }
}

static void cleanup(void)
{
    unlink(g_cafile);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    sslite_memorybio *ci = sslite_memorybio_new(), *co = sslite_memorybio_new();
    sslite_memorybio *si = sslite_memorybio_new(), *so = sslite_memorybio_new();
    sslite_object *c, *s;
    unsigned char *flight = NULL;
    size_t len = 0, off = 0;

    (void)argc;
    (void)argv;
    snprintf(g_cafile, sizeof(g_cafile), "/dev/shm/sslite-fuzz-verify-%ld.pem", (long)getpid());
    atexit(cleanup);
    sslite__fuzz_rng_reset();
    sslite__fuzz_rng_stream(FUZZ_RNG_SETUP);
    c = sslite_context_wrap_bio(fuzz_client_ctx(FUZZ_V_TLS12), ci, co, 0, "localhost", NULL, NULL);
    s = sslite_context_wrap_bio(fuzz_server_ctx(0), si, so, 1, NULL, NULL, NULL);
    if (c == NULL || s == NULL)
        abort();
    sslite__fuzz_rng_stream(FUZZ_RNG_CLIENT);
    (void)sslite_object_do_handshake(c);
    capture(co, si, NULL, NULL);
    sslite__fuzz_rng_stream(FUZZ_RNG_SERVER);
    (void)sslite_object_do_handshake(s);
    capture(so, ci, &flight, &len);
    /* records: find the handshake record that starts with Certificate (11) */
    while (off + 5 <= len) {
        size_t rl = (size_t)flight[off + 3] << 8 | flight[off + 4];
        if (flight[off] == 22 && off + 5 < len && flight[off + 5] == 11) {
            g_before_len = off;
            g_before = malloc(off);
            g_after_len = len - off - 5 - rl;
            g_after = malloc(g_after_len + 1);
            if (g_before == NULL || g_after == NULL)
                abort();
            memcpy(g_before, flight, off);
            memcpy(g_after, flight + off + 5 + rl, g_after_len);
            break;
        }
        off += 5 + rl;
    }
    if (g_before == NULL) {
        fprintf(stderr, "fuzz_verify: no Certificate record in the server's flight\n");
        abort();
    }
    free(flight);
    fuzz_free_pair(c, s, ci, co, si, so);
    return 0;
}

static void put3(unsigned char *p, size_t v)
{
    p[0] = (unsigned char)(v >> 16);
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)v;
}

/* The Certificate handshake message for the chain, in records of at most
 * 16384 bytes. */
static void write_certificate(sslite_memorybio *in, const uint8_t *p, size_t n)
{
    static unsigned char msg[7 + 65536], rec[5];
    size_t ml = 7, off = 0;

    while (off + 2 <= n) {
        size_t cl = (size_t)p[off] << 8 | p[off + 1];
        off += 2;
        if (cl > n - off)
            cl = n - off;
        if (ml + 3 + cl > sizeof(msg))
            break;
        put3(msg + ml, cl);
        memcpy(msg + ml + 3, p + off, cl);
        ml += 3 + cl;
        off += cl;
    }
    msg[0] = 11;
    put3(msg + 1, ml - 4);
    put3(msg + 4, ml - 7);
    for (off = 0; off < ml;) {
        size_t k = ml - off > 16384 ? 16384 : ml - off;
        rec[0] = 22;
        rec[1] = 3;
        rec[2] = 3;
        rec[3] = (unsigned char)(k >> 8);
        rec[4] = (unsigned char)k;
        sslite_memorybio_write(in, rec, 5);
        sslite_memorybio_write(in, msg + off, k);
        off += k;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const unsigned long vflags[4] = {
        0, SSLITE_VERIFY_X509_STRICT, SSLITE_VERIFY_X509_PARTIAL_CHAIN,
        SSLITE_VERIFY_CRL_CHECK_CHAIN | SSLITE_VERIFY_X509_TRUSTED_FIRST};
    sslite_memorybio *in, *out;
    sslite_context *ctx;
    sslite_object *obj;
    sslite_error err;
    char host[256];
    size_t i = 0, hl, tl;
    unsigned fl;
    int r;

    if (size < 4)
        return 0;
    fl = data[i++];
    hl = data[i++];
    if (hl > size - i)
        hl = size - i;
    memcpy(host, data + i, hl);
    host[hl] = '\0';
    i += hl;
    if (size - i < 2)
        return 0;
    tl = (size_t)data[i] << 8 | data[i + 1];
    i += 2;
    if (tl > size - i)
        tl = size - i;

    sslite__fuzz_rng_reset();
    sslite__fuzz_rng_stream(FUZZ_RNG_SETUP);
    ctx = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
    if (ctx == NULL)
        abort();
    (void)sslite_context_set_maximum_version(ctx, SSLITE_TLSVersion_TLSv1_2);
    if (fl & 8)
        (void)sslite_context_set_check_hostname(ctx, 0);
    if (fl & 32)
        (void)sslite_context_set_verify_mode(ctx, SSLITE_CERT_OPTIONAL);
    (void)sslite_context_set_hostname_checks_common_name(ctx, (fl & 16) != 0);
    (void)sslite_context_set_verify_flags(ctx, vflags[fl & 3] |
                                                   (fl & 64 ? SSLITE_VERIFY_CRL_CHECK_LEAF : 0));
    if (tl > 0) {
        if (fl & 4) {
            FILE *f = fopen(g_cafile, "wb");
            if (f == NULL || fwrite(data + i, 1, tl, f) != tl)
                abort();
            fclose(f);
            (void)sslite_context_load_verify_locations(ctx, g_cafile, NULL, NULL, 0, 0);
            unlink(g_cafile); /* read during the call; libFuzzer may _exit() */
        } else {
            (void)sslite_context_load_verify_locations(ctx, NULL, NULL, data + i, tl,
                                                       SSLITE_CADATA_DER);
        }
    }
    i += tl;

    in = sslite_memorybio_new();
    out = sslite_memorybio_new();
    obj = sslite_context_wrap_bio(ctx, in, out, 0, hl ? host : NULL, NULL, NULL);
    if (obj != NULL) {
        sslite__fuzz_rng_stream(FUZZ_RNG_CLIENT);
        (void)sslite_object_do_handshake(obj);
        sslite_memorybio_write(in, g_before, g_before_len);
        write_certificate(in, data + i, size - i);
        sslite_memorybio_write(in, g_after, g_after_len);
        r = sslite_object_do_handshake(obj);
        if (getenv("FUZZ_VERIFY_TRACE") != NULL)
            fprintf(stderr, "fuzz_verify: %d %ld %s\n", r, sslite_object_error(obj)->verify_code,
                    sslite_object_error(obj)->message);
        if (r == SSLITE_ERR_CERT_VERIFICATION) {
            const sslite_error *e = sslite_object_error(obj);
            if (e->verify_code == 0 || e->verify_message[0] == '\0')
                abort(); /* a verification failure always has its code and text */
        }
        sslite_object_free(obj);
    }
    sslite_memorybio_free(in);
    sslite_memorybio_free(out);
    sslite_context_free(ctx);
    return 0;
}
