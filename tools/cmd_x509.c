/*
 * sslite x509 FILE [--der]: decode every certificate in FILE (PEM blocks,
 * or one DER certificate) and print each as CPython's getpeercert() dict,
 * one JSON line per certificate, exactly what
 * json.dumps(ssl._ssl._test_decode_cert(FILE)) prints for a one-certificate
 * file.  --der writes the certificates' DER to standard output instead.
 * Errors: one {"error":{...}} line on stderr naming the file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sslite/sslite.h>
#include "json_out.h"
#include "tool.h"

static int usage(FILE *out)
{
    fprintf(out, "usage: sslite x509 FILE [--der]\n"
                 "  Print each certificate in FILE (PEM, or DER) as CPython's getpeercert()\n"
                 "  dict in JSON, one line each; with --der, write their DER to standard\n"
                 "  output.  FILE - reads standard input.\n");
    return out == stdout ? 0 : 2;
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

/* One certificate: its dict line, or its DER with --der.  0 or 1 (error
 * printed). */
static int emit(const char *path, const unsigned char *der, size_t der_len, int want_der)
{
    sslite_error err;
    sslite_certdict *d;
    char *json = NULL;
    int status = 1;

    /* Decoded even for --der, so a certificate that cannot be read fails
     * the same way either way. */
    d = sslite_certdict_from_der(der, der_len, &err);
    if (d == NULL) {
        tool_json_error_file(stderr, &err, path);
        return 1;
    }
    if (want_der) {
        if (fwrite(der, 1, der_len, stdout) != der_len || fflush(stdout) != 0)
            tool_json_file_oserror(stderr, errno != 0 ? errno : EIO, "<stdout>");
        else
            status = 0;
    } else if ((json = sslite_certdict_to_json(d)) == NULL) {
        tool_json_error_msg(stderr, SSLITE_ERR_MEMORY, ENOMEM, "out of memory");
    } else {
        printf("%s\n", json);
        status = 0;
    }
    free(json);
    sslite_certdict_free(d);
    return status;
}

int sslite_tool_x509(int argc, char **argv)
{
    const char *path = NULL;
    int want_der = 0, i, status = 1;
    unsigned char *buf = NULL, *der = NULL;
    size_t len = 0, der_len = 0, off = 0, used = 0, count = 0;
    sslite_error err;

    sslite_error_clear(&err);
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--der") == 0) {
            want_der = 1;
        } else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            return usage(stdout);
        } else if (path == NULL && (argv[i][0] != '-' || strcmp(argv[i], "-") == 0)) {
            path = argv[i];
        } else {
            tool_json_error_named(stderr, "UsageError", "sslite x509: unexpected argument '%s'",
                                  argv[i]);
            return 2;
        }
    }
    if (path == NULL) {
        tool_json_error_named(stderr, "UsageError", "sslite x509: FILE is required");
        return 2;
    }
    errno = 0;
    if ((buf = slurp(path, &len)) == NULL) {
        tool_json_file_oserror(stderr, errno != 0 ? errno : EIO, path);
        return 1;
    }
    if (!is_pem(buf, len)) {
        status = emit(path, buf, len, want_der);
        goto out;
    }
    /* Every CERTIFICATE block, in order; text between blocks is skipped,
     * as OpenSSL's PEM reader does. */
    while (off < len && count < 100000) {
        if (sslite_pem_read_cert((const char *)buf + off, len - off, &der, &der_len, &used,
                                 &err) < 0) {
            if (count > 0)
                break; /* no further block: done */
            tool_json_error_file(stderr, &err, path);
            goto out;
        }
        count++;
        off += used > 0 ? used : len - off;
        i = emit(path, der, der_len, want_der);
        free(der);
        der = NULL;
        if (i != 0)
            goto out;
    }
    status = fflush(stdout) == 0 ? 0 : 1;
out:
    free(der);
    free(buf);
    return status;
}
