/* The cipher list by build: with TLS 1.2, the default list and set_ciphers()
 * as OpenSSL; in a TLS 1.3-only build (-Dtls12=disabled), as an OpenSSL
 * that knows only TLS 1.3 suites: get_ciphers() lists the three default
 * TLS 1.3 suites and every cipher string selects no TLS 1.2 suite. */
#include <string.h>
#include <sslite/sslite.h>
#include "tap.h"

static size_t count(sslite_context *ctx, size_t *n13)
{
    sslite_cipher *list = NULL;
    size_t n = 0, i;

    *n13 = 0;
    if (sslite_context_get_ciphers(ctx, &list, &n) < 0)
        return (size_t)-1;
    for (i = 0; i < n; i++)
        *n13 += strcmp(list[i].protocol, "TLSv1.3") == 0;
    sslite_ciphers_free(list);
    return n;
}

int main(void)
{
    sslite_error err;
    sslite_context *ctx = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
    size_t n, n13;
    int r;

    if (ctx == NULL) {
        printf("Bail out! %s\n", err.message);
        return 1;
    }
    n = count(ctx, &n13);
    is_int((long)n13, 3, "the default list has the three default TLS 1.3 suites");
    if (SSLITE_HAS_TLSv1_2)
        ok(n > 3, "and TLS 1.2 suites (%zu in all)", n);
    else
        is_int((long)n, 3, "and nothing else in a TLS 1.3-only build");
    r = sslite_context_set_ciphers(ctx, "ECDHE+AESGCM");
    if (SSLITE_HAS_TLSv1_2) {
        is_int(r, 0, "set_ciphers(ECDHE+AESGCM) selects TLS 1.2 suites");
        n = count(ctx, &n13);
        ok(n > 3 && n13 == 3, "get_ciphers: TLS 1.3 and the selection (%zu)", n);
    } else {
        is_int(r, SSLITE_ERR_SSL, "set_ciphers(ECDHE+AESGCM) selects no TLS 1.2 suite");
        is_str(sslite_context_error(ctx)->message, "('No cipher can be selected.',)",
               "CPython's message");
        n = count(ctx, &n13);
        ok(n == 3 && n13 == 3, "the TLS 1.3 suites stay (%zu)", n);
    }
    r = sslite_context_set_ciphers(ctx, "ECDHE-RSA-AES128-GCM-SHA256");
    is_int(r, SSLITE_HAS_TLSv1_2 ? 0 : SSLITE_ERR_SSL,
           SSLITE_HAS_TLSv1_2 ? "a TLS 1.2 suite name selects it"
                              : "a TLS 1.2 suite name is an unknown word");
    sslite_context_free(ctx);
    return done_testing();
}
