/*
 * sslite: keylog_filename in a build without it (-Dkeylog=disabled, or no
 * filesystem): setting a name is NotImplementedError, as CPython raises
 * where its OpenSSL has no key log callback, and no secret is ever written.
 * Clearing it (NULL) succeeds: there is nothing to clear.
 */
#include <stddef.h>
#include "internal.h"

void sslite__keylog_free(sslite_keylog *kl)
{
    (void)kl;
}

int sslite_context_set_keylog_filename(sslite_context *ctx, const char *path)
{
    sslite_error_clear(&ctx->err);
    if (path == NULL)
        return 0;
    return sslite__err_notimpl(&ctx->err, "this build of sslite has no key log "
                                          "(-Dkeylog=disabled or -Dfilesystem=disabled)");
}

const char *sslite_context_get_keylog_filename(const sslite_context *ctx)
{
    (void)ctx;
    return NULL;
}
