/*
 * sslite x509 FILE [--der]: decode a certificate (PEM or DER) and print
 * CPython's getpeercert() dict as JSON, exactly what
 * json.dumps(ssl._ssl._test_decode_cert(FILE)) prints.  --der writes the
 * certificate's DER to standard output instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sslite/sslite.h>
#include "tool.h"

static int usage(void)
{
    fprintf(stderr, "usage: sslite x509 FILE [--der]\n"
                    "  Print the certificate in FILE (PEM or DER) as CPython's getpeercert()\n"
                    "  dict in JSON; with --der, write its DER to standard output.\n");
    return 2;
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    unsigned char *buf = NULL, *nb;
    size_t cap = 0, n;

    *len = 0;
    if (f == NULL)
        return NULL;
    for (;;) {
        if (*len == cap) {
            cap = cap ? cap * 2 : 8192;
            if ((nb = realloc(buf, cap)) == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
        }
        n = fread(buf + *len, 1, cap - *len, f);
        if (n == 0)
            break;
        *len += n;
    }
    if (buf != NULL && ferror(f)) {
        free(buf);
        buf = NULL;
    }
    if (f != stdin)
        fclose(f);
    return buf;
}

/* PEM when the text has an armour line; otherwise DER. */
static int is_pem(const unsigned char *buf, size_t len)
{
    static const char tag[] = "-----BEGIN ";
    size_t i;
    for (i = 0; i + sizeof(tag) - 1 <= len; i++)
        if (memcmp(buf + i, tag, sizeof(tag) - 1) == 0)
            return 1;
    return 0;
}

int sslite_tool_x509(int argc, char **argv)
{
    const char *path = NULL;
    int want_der = 0, i, status = 1;
    unsigned char *buf = NULL, *der = NULL;
    size_t len = 0, der_len = 0;
    sslite_error err;
    sslite_certdict *d = NULL;
    char *json = NULL;

    sslite_error_clear(&err);
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--der") == 0)
            want_der = 1;
        else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return usage();
        else if (path == NULL)
            path = argv[i];
        else
            return usage();
    }
    if (path == NULL)
        return usage();
    if ((buf = slurp(path, &len)) == NULL) {
        perror(path);
        return 1;
    }
    if (is_pem(buf, len)) {
        if (sslite_pem_read_cert((const char *)buf, len, &der, &der_len, NULL, &err) < 0) {
            fprintf(stderr, "sslite x509: %s: %s: %s\n", path, sslite_errtype_name(err.type),
                    err.message);
            goto out;
        }
    } else {
        der = buf;
        der_len = len;
        buf = NULL;
    }
    /* Decode even for --der, so a certificate that cannot be read fails
     * the same way either way. */
    d = sslite_certdict_from_der(der, der_len, &err);
    if (d == NULL) {
        fprintf(stderr, "sslite x509: %s: %s: %s\n", path, sslite_errtype_name(err.type),
                err.message);
        goto out;
    }
    if (want_der) {
        if (fwrite(der, 1, der_len, stdout) != der_len || fflush(stdout) != 0) {
            perror("sslite x509: stdout");
            goto out;
        }
        status = 0;
        goto out;
    }
    if ((json = sslite_certdict_to_json(d)) == NULL) {
        fprintf(stderr, "sslite x509: out of memory\n");
        goto out;
    }
    printf("%s\n", json);
    status = fflush(stdout) == 0 ? 0 : 1;
out:
    free(json);
    sslite_certdict_free(d);
    free(der);
    free(buf);
    return status;
}
