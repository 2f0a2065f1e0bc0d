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

static void json_str(const char *s)
{
    if (s == NULL) {
        fputs("null", stdout);
        return;
    }
    putchar('"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            printf("\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            printf("\\u%04x", (unsigned char)*s);
        else
            putchar(*s);
    }
    putchar('"');
}

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
        json_str(r < 0 ? sslite_context_error(ctx)->message : NULL);
        fputs(", \"type\": ", stdout);
        json_str(r < 0 ? sslite_errtype_name(r) : NULL);
        printf(", \"level\": %d, \"ciphers\": [", sslite_context_get_security_level(ctx));
        if (sslite_context_get_ciphers(ctx, &list, &n) < 0) {
            fprintf(stderr, "get_ciphers: %s\n", sslite_context_error(ctx)->message);
            return 1;
        }
        for (size_t i = 0; i < n; i++) {
            const sslite_cipher *c = &list[i];
            printf("%s{\"id\": %lu, \"name\": ", i ? ", " : "", c->id);
            json_str(c->name);
            fputs(", \"protocol\": ", stdout);
            json_str(c->protocol);
            fputs(", \"description\": ", stdout);
            json_str(c->description);
            printf(", \"strength_bits\": %d, \"alg_bits\": %d, \"aead\": %s, \"symmetric\": ",
                   c->strength_bits, c->alg_bits, c->aead ? "true" : "false");
            json_str(c->symmetric);
            fputs(", \"digest\": ", stdout);
            json_str(c->digest);
            fputs(", \"kea\": ", stdout);
            json_str(c->kea);
            fputs(", \"auth\": ", stdout);
            json_str(c->auth);
            putchar('}');
        }
        puts("]}");
        fflush(stdout);
        sslite_ciphers_free(list);
        sslite_context_free(ctx);
    }
    return 0;
}
