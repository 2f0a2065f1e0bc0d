/*
 * sslite: reading whole files and listing directories for the loaders
 * (certificates, keys, CA files, capath entries, DH parameters) — one
 * reader for lib/ and the backend alike.  A build without the filesystem
 * has lib/core/no_filesystem.c instead.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

int sslite__read_file(const char *path, unsigned char **out, size_t *len, sslite_error *err)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL, *grown;
    size_t n = 0, cap = 0, got;
    int ret = 0;

    *out = NULL;
    *len = 0;
    if (f == NULL)
        return sslite__err_os(err, errno);
    /* To EOF rather than by size: a pipe has none, and a directory fails
     * here with EISDIR, as CPython reports it. */
    for (;;) {
        if (cap - n < 2) {
            cap = cap ? 2 * cap : 8192;
            /* Key material may pass through: never leave a copy behind
             * (no realloc, which would free the old block unwiped). */
            grown = sslite__malloc(cap);
            SSLITE_GUARD_PTR(grown, err);
            if (buf != NULL) {
                memcpy(grown, buf, n);
                sslite__wipe(buf, n);
                sslite__free(buf);
            }
            buf = grown;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        ret = sslite__err_os(err, errno ? errno : EIO);
        goto out;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    buf = NULL;
out:
    if (buf != NULL) {
        sslite__wipe(buf, n);
        sslite__free(buf);
    }
    fclose(f);
    return ret;
}

int sslite__dir_each(const char *path, int (*fn)(void *ud, const char *name), void *ud,
                     sslite_error *err)
{
    DIR *d = opendir(path);
    struct dirent *de;
    int ret = 0;

    if (d == NULL)
        return sslite__err_os(err, errno);
    while (ret == 0 && (de = readdir(d)) != NULL)
        ret = fn(ud, de->d_name);
    closedir(d);
    return ret;
}
