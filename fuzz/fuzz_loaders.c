/*
 * libFuzzer target: the key, certificate, CA, CRL and DH loaders.  There is
 * no load-from-memory API for most of them (CPython's take paths), so the
 * input is written to files in /dev/shm for the call.
 *
 * Input: kind byte, password length byte, password, then the payload.
 *   kind % 8  0  load_cert_chain(payload)                 cert + key in one file
 *             1  load_cert_chain(A, keyfile=B, password)  payload = len16(A) A B
 *             2  the same, the password from a callback (length 255: it fails)
 *             3  load_verify_locations(cafile=payload)    certificates and CRLs
 *             4  load_verify_locations(cadata=payload)    PEM text
 *             5  load_verify_locations(cadata=payload)    DER
 *             6  load_dh_params(payload)
 *             7  load_verify_locations(capath=dir), the payload as <hash>.0
 * then cert_store_stats() and get_ca_certs() (both forms).  Bit 3 of the
 * kind makes it a client context.  Every failure must come with a message.
 */
#include <sys/stat.h>
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char g_dir[64];
static char g_a[96], g_b[96], g_hash[96];

static void cleanup(void)
{
    unlink(g_a);
    unlink(g_b);
    unlink(g_hash);
    rmdir(g_dir);
}

static void put(const char *path, const uint8_t *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL || (n > 0 && fwrite(p, 1, n, f) != n))
        abort();
    fclose(f);
}

static const char *g_pw;
static size_t g_pwlen;

static int pw_cb(char *buf, size_t size, void *ud)
{
    (void)ud;
    if (g_pwlen == 255)
        return -1;
    if (g_pwlen > size)
        return (int)size + 1; /* too long: the loader must refuse, not overflow */
    memcpy(buf, g_pw, g_pwlen);
    return (int)g_pwlen;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sslite_error err;
    sslite_context *ctx;
    sslite_cert_store_stats st;
    sslite_certlist *l;
    char pw[256];
    const uint8_t *pay;
    size_t paylen, pwlen;
    unsigned kind;
    int r = 0;

    if (size < 2)
        return 0;
    if (g_dir[0] == '\0') {
        snprintf(g_dir, sizeof(g_dir), "/dev/shm/sslite-fuzz-%ld", (long)getpid());
        snprintf(g_a, sizeof(g_a), "%s/a.pem", g_dir);
        snprintf(g_b, sizeof(g_b), "%s/b.pem", g_dir);
        snprintf(g_hash, sizeof(g_hash), "%s/5d2b3e0b.0", g_dir);
        atexit(cleanup);
    }
    /* made and removed per input: libFuzzer may end with _exit() */
    if (mkdir(g_dir, 0700) < 0)
        abort();
    sslite__fuzz_rng_reset();
    kind = data[0];
    pwlen = data[1];
    if (pwlen > size - 2)
        pwlen = size - 2;
    memcpy(pw, data + 2, pwlen);
    pw[pwlen] = '\0';
    g_pw = pw;
    g_pwlen = data[1] == 255 ? 255 : pwlen;
    pay = data + 2 + pwlen;
    paylen = size - 2 - pwlen;

    ctx = sslite_context_new(kind & 8 ? SSLITE_PROTOCOL_TLS_CLIENT : SSLITE_PROTOCOL_TLS_SERVER,
                             &err);
    if (ctx == NULL)
        abort();
    switch (kind % 8) {
    case 0:
        put(g_a, pay, paylen);
        r = sslite_context_load_cert_chain(ctx, g_a, NULL, pwlen ? pw : NULL, NULL, NULL);
        break;
    case 1:
    case 2: {
        size_t la = paylen >= 2 ? ((size_t)pay[0] << 8 | pay[1]) : 0;
        if (la > paylen - (paylen >= 2 ? 2 : paylen))
            la = paylen >= 2 ? paylen - 2 : 0;
        put(g_a, pay + 2, la);
        put(g_b, pay + 2 + la, paylen >= 2 ? paylen - 2 - la : 0);
        if (kind % 8 == 1)
            r = sslite_context_load_cert_chain(ctx, g_a, g_b, pwlen ? pw : NULL, NULL, NULL);
        else
            r = sslite_context_load_cert_chain(ctx, g_a, g_b, NULL, pw_cb, NULL);
        break;
    }
    case 3:
        put(g_a, pay, paylen);
        r = sslite_context_load_verify_locations(ctx, g_a, NULL, NULL, 0, 0);
        break;
    case 4:
    case 5:
        r = sslite_context_load_verify_locations(ctx, NULL, NULL, pay, paylen,
                                                 kind % 8 == 4 ? SSLITE_CADATA_PEM
                                                               : SSLITE_CADATA_DER);
        break;
    case 6:
        put(g_a, pay, paylen);
        r = sslite_context_load_dh_params(ctx, g_a);
        break;
    default:
        put(g_hash, pay, paylen);
        r = sslite_context_load_verify_locations(ctx, NULL, g_dir, NULL, 0, 0);
        break;
    }
    if (r < 0 && sslite_context_error(ctx)->message[0] == '\0')
        abort(); /* a failure always says why */
    if (sslite_context_cert_store_stats(ctx, &st) < 0)
        abort();
    if (sslite_context_get_ca_certs(ctx, 0, &l) == 0)
        sslite_certlist_free(l);
    if (sslite_context_get_ca_certs(ctx, 1, &l) == 0)
        sslite_certlist_free(l);
    sslite_context_free(ctx);
    cleanup();
    return 0;
}
