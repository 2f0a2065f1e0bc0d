/*
 * sslite: the SSLContext loaders that take paths — load_cert_chain's
 * files, load_verify_locations' cafile and capath, the default verify
 * paths — on a filesystem.  Bytes go on to the same code the memory
 * loaders use (lib/core/context.c).  A build without the filesystem has
 * lib/core/no_filesystem.c instead.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "config.h"
#include "internal.h"

int sslite_context_load_cert_chain(sslite_context *ctx, const char *certfile,
                                   const char *keyfile, const char *password,
                                   sslite_password_cb password_cb, void *userdata)
{
    unsigned char *cert = NULL, *key = NULL;
    size_t cert_len = 0, key_len = 0;
    int ret = 0;

    sslite_error_clear(&ctx->err);
    if (certfile == NULL)
        return sslite__err_type(&ctx->err, "certfile should be a valid filesystem path");
    if (password != NULL && password_cb != NULL)
        return sslite__err_type(&ctx->err, "password should be a string or callable, not both");
    SSLITE_GUARD(sslite__read_file(certfile, &cert, &cert_len, &ctx->err));
    if (keyfile != NULL)
        SSLITE_GUARD(sslite__read_file(keyfile, &key, &key_len, &ctx->err));
    ret = sslite__context_load_chain(ctx, cert, cert_len, key, key_len, password, password_cb,
                                     userdata);
out:
    if (cert != NULL)
        sslite__wipe(cert, cert_len);
    if (key != NULL)
        sslite__wipe(key, key_len);
    sslite__free(cert);
    sslite__free(key);
    return ret;
}

int sslite__context_load_ca_paths(sslite_context *ctx, const char *cafile, const char *capath)
{
    int ret = 0;

    if (cafile != NULL)
        SSLITE_GUARD(ctx->be->ctx_load_ca_file(ctx->bctx, cafile, &ctx->err));
    if (capath != NULL)
        SSLITE_GUARD(ctx->be->ctx_load_ca_path(ctx->bctx, capath, &ctx->err));
out:
    return ret;
}

/* The default trust store: SSL_CERT_FILE/SSL_CERT_DIR, else the build-time
 * default, else the first of the usual distribution locations. */
/* Each a list of NUL-terminated paths ended by an empty one (no pointers:
 * a table of pointers costs a relocation per entry in a
 * position-independent binary). */
static const char cafile_candidates[] =
    "/etc/ssl/certs/ca-certificates.crt\0" /* Debian, Ubuntu, Arch, Gentoo */
    "/etc/pki/tls/certs/ca-bundle.crt\0"   /* Fedora, RHEL */
    "/etc/ssl/ca-bundle.pem\0"             /* openSUSE */
    "/etc/pki/tls/cacert.pem\0"            /* OpenELEC */
    "/etc/ssl/cert.pem\0";                 /* Alpine, BSDs */
static const char capath_candidates[] =
    "/etc/ssl/certs\0"
    "/etc/pki/tls/certs\0"
    "/system/etc/security/cacerts\0"; /* Android */

static int is_file(const char *p)
{
    struct stat st;
    return p != NULL && stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static int is_dir(const char *p)
{
    struct stat st;
    return p != NULL && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static const char *builtin_default(const char *configured, const char *candidates,
                                   int (*exists)(const char *))
{
    if (configured[0] != '\0')
        return configured;
    for (const char *c = candidates; *c != '\0'; c += strlen(c) + 1)
        if (exists(c))
            return c;
    return candidates;
}

void sslite_get_default_verify_paths(sslite_default_verify_paths *out)
{
    const char *envf = getenv("SSL_CERT_FILE"), *envd = getenv("SSL_CERT_DIR");

    out->openssl_cafile_env = "SSL_CERT_FILE";
    out->openssl_capath_env = "SSL_CERT_DIR";
    out->openssl_cafile = builtin_default(SSLITE_DEFAULT_CAFILE, cafile_candidates, is_file);
    out->openssl_capath = builtin_default(SSLITE_DEFAULT_CAPATH, capath_candidates, is_dir);
    out->cafile = envf != NULL && envf[0] ? envf : out->openssl_cafile;
    out->capath = envd != NULL && envd[0] ? envd : out->openssl_capath;
    if (!is_file(out->cafile))
        out->cafile = NULL;
    if (!is_dir(out->capath))
        out->capath = NULL;
}

int sslite_context_set_default_verify_paths(sslite_context *ctx)
{
    sslite_default_verify_paths p;
    sslite_error ignored;
    int loaded = 0;

    sslite_error_clear(&ctx->err);
    sslite_get_default_verify_paths(&p);
    /* Like OpenSSL, a missing default location is not an error.  The
     * directory is read only when there is no bundle: Mbed TLS loads a
     * directory eagerly, and on every distribution the bundle holds the
     * same anchors (docs/compat.md). */
    sslite__mutex_lock(&ctx->lock);
    if (p.cafile != NULL)
        loaded = ctx->be->ctx_load_ca_file(ctx->bctx, p.cafile, &ignored) == 0;
    if (!loaded && p.capath != NULL)
        (void)ctx->be->ctx_load_ca_path(ctx->bctx, p.capath, &ignored);
    sslite__context_changed(ctx);
    sslite__mutex_unlock(&ctx->lock);
    return 0;
}

int sslite_context_load_default_certs(sslite_context *ctx, int purpose)
{
    sslite_error_clear(&ctx->err);
    if (purpose != SSLITE_Purpose_SERVER_AUTH && purpose != SSLITE_Purpose_CLIENT_AUTH)
        return sslite__err_type(&ctx->err, "%d", purpose);
    return sslite_context_set_default_verify_paths(ctx);
}
