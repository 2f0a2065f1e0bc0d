/*
 * sslite: SSLContext.set_ecdh_curve() and load_dh_params() -- the key
 * exchange groups.  Names are OpenSSL's (what CPython passes to
 * OBJ_sn2nid); the backend receives IANA TLS group ids only.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* OpenSSL short names of the groups the backend can negotiate.  CPython
 * looks the name up as an object short name, so "secp256r1" and "x25519"
 * are unknown there too. */
static const struct {
    const char *name;
    uint16_t iana;
} curves[] = {
    {"prime256v1", 23},
    {"secp384r1", 24},
    {"secp521r1", 25},
    {"X25519", 29},
    {"X448", 30},
};

/* Python's repr() of a str, for CPython's "%R" in the error message:
 * single quotes unless the text has a ' and no ", escapes for the quote,
 * backslash and control characters; other bytes (UTF-8) as they are. */
static void py_repr(const char *s, char *out, size_t size)
{
    char q = (strchr(s, '\'') != NULL && strchr(s, '"') == NULL) ? '"' : '\'';
    size_t k = 0;

    /* Reserve room for an escape (4), the closing quote and the NUL. */
    out[k++] = q;
    for (; *s != '\0' && k + 6 < size; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == (unsigned char)q || c == '\\') {
            out[k++] = '\\';
            out[k++] = (char)c;
        } else if (c == '\n' || c == '\r' || c == '\t') {
            out[k++] = '\\';
            out[k++] = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
        } else if (c < 0x20 || c == 0x7f) {
            k += (size_t)snprintf(out + k, size - k, "\\x%02x", c);
        } else {
            out[k++] = (char)c;
        }
    }
    out[k++] = q;
    out[k] = '\0';
}

int sslite_context_set_ecdh_curve(sslite_context *ctx, const char *curve_name)
{
    char shown[256];
    uint16_t group = 0;

    sslite_error_clear(&ctx->err);
    if (curve_name == NULL)
        return sslite__err_type(&ctx->err,
                                "expected str, bytes or os.PathLike object, not NoneType");
    for (size_t i = 0; i < sizeof(curves) / sizeof(curves[0]); i++)
        if (strcmp(curve_name, curves[i].name) == 0)
            group = curves[i].iana;
    if (group == 0) {
        /* Also OpenSSL curves Mbed TLS lacks (secp256k1, brainpool...),
         * which OpenSSL would accept: this build cannot use them. */
        py_repr(curve_name, shown, sizeof(shown));
        return sslite__err_value(&ctx->err, "unknown elliptic curve name %s", shown);
    }
    sslite__mutex_lock(&ctx->lock);
    ctx->ecdh_group = group;
    sslite__context_changed(ctx);
    sslite__mutex_unlock(&ctx->lock);
    return 0;
}


/* The smallest prime OpenSSL's security level allows for DH: the level's
 * bits of security as a modulus size, and never under 1024 bits, even at
 * level 0. */
static int dh_min_bits(int level)
{
    static const int bits[6] = {1024, 1024, 2048, 3072, 7680, 15360};
    if (level < 0)
        level = 0;
    return bits[level > 5 ? 5 : level];
}

int sslite_context_load_dh_params(sslite_context *ctx, const char *path)
{
    const sslite_backend *be = ctx->be;
    unsigned char *text = NULL, *der = NULL;
    size_t len = 0, der_len = 0, consumed = 0;
    int ret = 0;

    sslite_error_clear(&ctx->err);
    if (path == NULL)
        return sslite__err_type(&ctx->err,
                                "expected str, bytes or os.PathLike object, not NoneType");
    if (be->ctx_load_dh_params == NULL)
        return sslite__err_notimpl(&ctx->err, "DH parameters are not supported by this build");
    SSLITE_GUARD(sslite__read_file(path, &text, &len, &ctx->err));
    /* PEM errors as OpenSSL's PEM_read_DHparams: "[PEM: NO_START_LINE]"... */
    SSLITE_GUARD(SSLITE_BACKEND_PEM->pem_read((const char *)text, len, "DH PARAMETERS", &der,
                                              &der_len, &consumed, &ctx->err));
    sslite__mutex_lock(&ctx->lock);
    ret = be->ctx_load_dh_params(ctx->bctx, der, der_len, dh_min_bits(ctx->security_level),
                                 &ctx->err);
    if (ret == 0) {
        ctx->dh_params = 1;
        sslite__context_changed(ctx);
    }
    sslite__mutex_unlock(&ctx->lock);
out:
    sslite__free(text);
    sslite__free(der);
    return ret;
}
