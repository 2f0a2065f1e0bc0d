/*
 * sslite ciphers [-v] [--json] [STRING]: expand an OpenSSL cipher string the
 * way SSLContext.set_ciphers() does in sslite (OpenSSL's result restricted
 * to the suites Mbed TLS supports), like `openssl ciphers`.
 *   (plain)  the suite names, one per line, in preference order
 *   -v       OpenSSL's description line per suite (`openssl ciphers -v`)
 *   --json   the get_ciphers() list as Python's json.dumps() prints it
 * Without STRING: the context's default selection (CPython's).
 */
#include <stdio.h>
#include <string.h>
#include <sslite/sslite.h>
#include "json_out.h"
#include "tool.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: sslite ciphers [-v] [--json] [CIPHER_STRING]\n");
}

int sslite_tool_ciphers(int argc, char **argv)
{
    int verbose = 0, json = 0, rc = 1;
    const char *string = NULL;
    sslite_context *ctx;
    sslite_cipher *list = NULL;
    sslite_error err;
    size_t n = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-v") == 0) {
            verbose = 1;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--") == 0 && i + 1 < argc && string == NULL) {
            string = argv[++i];
        } else if (strncmp(argv[i], "--", 2) == 0) {
            /* Cipher strings may start with '-' ("-ALL:HIGH"), never "--". */
            tool_json_error_named(stderr, "UsageError", "sslite ciphers: unknown option '%s'",
                                  argv[i]);
            return 2;
        } else if (string == NULL) {
            string = argv[i];
        } else {
            tool_json_error_named(stderr, "UsageError", "sslite ciphers: unexpected argument '%s'",
                                  argv[i]);
            return 2;
        }
    }
    ctx = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
    if (ctx == NULL) {
        tool_json_error(stderr, &err);
        return 1;
    }
    if (string != NULL && sslite_context_set_ciphers(ctx, string) < 0) {
        tool_json_error(stderr, sslite_context_error(ctx));
        goto out;
    }
    if (sslite_context_get_ciphers(ctx, &list, &n) < 0) {
        tool_json_error(stderr, sslite_context_error(ctx));
        goto out;
    }
    if (json) {
        tool_json_ciphers(stdout, list, n);
        putchar('\n');
    } else {
        for (size_t i = 0; i < n; i++)
            puts(verbose ? list[i].description : list[i].name);
    }
    rc = 0;
out:
    sslite_ciphers_free(list);
    sslite_context_free(ctx);
    return rc;
}
