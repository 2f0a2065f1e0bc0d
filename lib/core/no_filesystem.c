/*
 * sslite: what the path-taking API does in a build without the filesystem
 * (-Dfilesystem=disabled): NotImplementedError where a path must be read,
 * and no default verify paths.  The memory loaders (cadata,
 * sslite_context_load_cert_chain_data) work as ever.
 */
#include <stddef.h>
#include "internal.h"

static int no_fs(sslite_error *err)
{
    return sslite__err_notimpl(err, "this build of sslite has no filesystem "
                                    "(-Dfilesystem=disabled): load from memory instead");
}

int sslite__read_file(const char *path, unsigned char **out, size_t *len, sslite_error *err)
{
    (void)path;
    *out = NULL;
    *len = 0;
    return no_fs(err);
}

int sslite__dir_each(const char *path, int (*fn)(void *ud, const char *name), void *ud,
                     sslite_error *err)
{
    (void)path;
    (void)fn;
    (void)ud;
    return no_fs(err);
}

int sslite_context_load_cert_chain(sslite_context *ctx, const char *certfile,
                                   const char *keyfile, const char *password,
                                   sslite_password_cb password_cb, void *userdata)
{
    (void)certfile;
    (void)keyfile;
    (void)password;
    (void)password_cb;
    (void)userdata;
    sslite_error_clear(&ctx->err);
    return no_fs(&ctx->err);
}

int sslite__context_load_ca_paths(sslite_context *ctx, const char *cafile, const char *capath)
{
    (void)cafile;
    (void)capath;
    return no_fs(&ctx->err);
}

void sslite_get_default_verify_paths(sslite_default_verify_paths *out)
{
    out->openssl_cafile_env = "SSL_CERT_FILE";
    out->openssl_capath_env = "SSL_CERT_DIR";
    out->openssl_cafile = "";
    out->openssl_capath = "";
    out->cafile = NULL;
    out->capath = NULL;
}

int sslite_context_set_default_verify_paths(sslite_context *ctx)
{
    sslite_error_clear(&ctx->err);
    return 0;
}

int sslite_context_load_default_certs(sslite_context *ctx, int purpose)
{
    sslite_error_clear(&ctx->err);
    if (purpose != SSLITE_Purpose_SERVER_AUTH && purpose != SSLITE_Purpose_CLIENT_AUTH)
        return sslite__err_type(&ctx->err, "%d", purpose);
    return 0;
}
