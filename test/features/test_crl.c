/* CRLs in a cafile by build: with CRLs (the default), a CRL block is parsed
 * (a bad one fails the load, SSLError); with -Dcrl=disabled, any CRL in a
 * cafile is a NotImplementedError that says so, never silently ignored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sslite/sslite.h>
#include "tap.h"

static const char crl[] = "-----BEGIN X509 CRL-----\n"
                          "MAMCAQA=\n"
                          "-----END X509 CRL-----\n";

int main(void)
{
    char path[] = "/tmp/sslite-crl-XXXXXX";
    sslite_error err;
    sslite_context *ctx;
    FILE *f;
    int fd, r;

    if (!SSLITE_HAS_FILESYSTEM)
        skip_all("no filesystem: no cafile");
    ctx = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
    fd = mkstemp(path);
    if (ctx == NULL || fd < 0 || (f = fdopen(fd, "w")) == NULL) {
        printf("Bail out! set-up\n");
        return 1;
    }
    fputs(crl, f);
    fclose(f);
    r = sslite_context_load_verify_locations(ctx, path, NULL, NULL, 0, 0);
    if (SSLITE_HAS_CRL) {
        is_int(r, SSLITE_ERR_SSL, "a bad CRL in a cafile fails the load (%s)",
               sslite_context_error(ctx)->message);
    } else {
        is_int(r, SSLITE_ERR_NOT_IMPLEMENTED, "a CRL in a cafile is NotImplementedError");
        ok(strstr(sslite_context_error(ctx)->message, "CRLs are not supported") != NULL,
           "which says so (%s)", sslite_context_error(ctx)->message);
    }
    unlink(path);
    sslite_context_free(ctx);
    return done_testing();
}
