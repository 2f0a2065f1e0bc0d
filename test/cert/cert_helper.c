/* A command-line front to the certificate helpers, for test_helpers.py to
 * compare with CPython:
 *   der2pem FILE        DER_cert_to_PEM_cert(FILE's bytes) on stdout
 *   pem2der FILE        PEM_cert_to_DER_cert(FILE's text): DER on stdout
 *   time TEXT           cert_time_to_seconds(TEXT)
 *   store CAFILE...     cert_store_stats() and get_ca_certs() after
 *                       load_verify_locations(cafile=...) of each, as JSON
 * An error prints "Type: message" on stdout and exits 3. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sslite/sslite.h>

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL, *nb;
    size_t cap = 0, n;
    *len = 0;
    if (f == NULL)
        return NULL;
    for (;;) {
        if (*len == cap) {
            cap = cap ? cap * 2 : 4096;
            if ((nb = realloc(buf, cap + 1)) == NULL)
                break;
            buf = nb;
        }
        if ((n = fread(buf + *len, 1, cap - *len, f)) == 0)
            break;
        *len += n;
    }
    fclose(f);
    if (buf == NULL)
        buf = malloc(1);
    return buf;
}

static int fail(const sslite_error *e)
{
    printf("%s: %s\n", sslite_errtype_name(e->type), e->message);
    return 3;
}

static void hex(const unsigned char *p, size_t n)
{
    size_t i;
    putchar('"');
    for (i = 0; i < n; i++)
        printf("%02x", p[i]);
    putchar('"');
}

int main(int argc, char **argv)
{
    sslite_error err;
    unsigned char *buf = NULL;
    size_t len = 0;
    int status = 0;

    sslite_error_clear(&err);
    if (argc < 3)
        return 2;
    if (strcmp(argv[1], "der2pem") == 0) {
        char *pem;
        if ((buf = slurp(argv[2], &len)) == NULL)
            return 2;
        pem = sslite_DER_cert_to_PEM_cert(buf, len);
        if (pem == NULL)
            return 2;
        fputs(pem, stdout);
        free(pem);
    } else if (strcmp(argv[1], "pem2der") == 0) {
        unsigned char *der;
        size_t der_len;
        if ((buf = slurp(argv[2], &len)) == NULL)
            return 2;
        if (sslite_PEM_cert_to_DER_cert((const char *)buf, len, &der, &der_len, &err) < 0) {
            status = fail(&err);
        } else {
            fwrite(der, 1, der_len, stdout);
            free(der);
        }
    } else if (strcmp(argv[1], "time") == 0) {
        int64_t t;
        if (sslite_cert_time_to_seconds(argv[2], &t, &err) < 0)
            status = fail(&err);
        else
            printf("%lld\n", (long long)t);
    } else if (strcmp(argv[1], "store") == 0) {
        sslite_context *ctx = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
        sslite_cert_store_stats st;
        sslite_certlist *bin = NULL, *dicts = NULL;
        size_t i;
        int a;
        if (ctx == NULL)
            return fail(&err);
        for (a = 2; a < argc; a++)
            if (sslite_context_load_verify_locations(ctx, argv[a], NULL, NULL, 0, 0) < 0) {
                status = fail(sslite_context_error(ctx));
                sslite_context_free(ctx);
                return status;
            }
        if (sslite_context_cert_store_stats(ctx, &st) < 0 ||
            sslite_context_get_ca_certs(ctx, 1, &bin) < 0 ||
            sslite_context_get_ca_certs(ctx, 0, &dicts) < 0) {
            status = fail(sslite_context_error(ctx));
        } else {
            printf("{\"stats\": {\"x509\": %d, \"crl\": %d, \"x509_ca\": %d}, \"der\": [", st.x509,
                   st.crl, st.x509_ca);
            for (i = 0; i < bin->count; i++) {
                if (i > 0)
                    printf(", ");
                hex(bin->certs[i].data, bin->certs[i].len);
            }
            printf("], \"dicts\": [");
            for (i = 0; i < dicts->count; i++) {
                char *j = sslite_certdict_to_json(dicts->dicts[i]);
                printf("%s%s", i > 0 ? ", " : "", j != NULL ? j : "null");
                free(j);
            }
            printf("]}\n");
        }
        sslite_certlist_free(bin);
        sslite_certlist_free(dicts);
        sslite_context_free(ctx);
    } else {
        status = 2;
    }
    free(buf);
    return status;
}
