/*
 * Test helper: for each line of stdin (a cipher string), a fresh client
 * context runs set_ciphers() and prints one JSON line:
 *   {"error": <str(exception)> or null, "type": <class name>,
 *    "level": <security_level>, "ciphers": <get_ciphers() as json.dumps>}
 * diff_python.py compares that with Python's ssl module.
 */
#include <stdio.h>
#include <string.h>
#include <sslite/sslite.h>
#include "json_out.h" /* the tool's renderer: the test checks the one users run */

int main(void)
{
    char line[4096];

    while (fgets(line, sizeof(line), stdin) != NULL) {
        sslite_error err;
        sslite_context *ctx;
        sslite_cipher *list = NULL;
        size_t n = 0, len = strlen(line);
        int r;

        if (len > 0 && line[len - 1] == '\n')
            line[--len] = '\0';
        ctx = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
        if (ctx == NULL) {
            fprintf(stderr, "context: %s\n", err.message);
            return 1;
        }
        r = sslite_context_set_ciphers(ctx, line);
        fputs("{\"error\": ", stdout);
        tool_json_str(stdout, r < 0 ? sslite_context_error(ctx)->message : NULL);
        fputs(", \"type\": ", stdout);
        tool_json_str(stdout, r < 0 ? sslite_errtype_name(r) : NULL);
        printf(", \"level\": %d, \"ciphers\": ", sslite_context_get_security_level(ctx));
        if (sslite_context_get_ciphers(ctx, &list, &n) < 0) {
            fprintf(stderr, "get_ciphers: %s\n", sslite_context_error(ctx)->message);
            return 1;
        }
        tool_json_ciphers(stdout, list, n);
        puts("}");
        fflush(stdout);
        sslite_ciphers_free(list);
        sslite_context_free(ctx);
    }
    return 0;
}
