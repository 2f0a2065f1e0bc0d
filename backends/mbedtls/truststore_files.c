/*
 * sslite: the trust store's file-system side — cafile and capath
 * (truststore.h).  The only trust-store file that opens files or reads
 * directories: a build without a file system leaves it out.
 */
#include "truststore.h" /* first: it sets Mbed TLS's private access */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A whole file, NUL-terminated, with the terminator counted (Mbed TLS's
 * PEM parser wants it); lib/file.c reads it. */
static int read_whole(const char *path, unsigned char **out, size_t *len, sslite_error *err)
{
    int ret = sslite__read_file(path, out, len, err);
    if (ret == 0)
        *len += 1;
    return ret;
}

/* The path again later, whatever the working directory is by then. */
static char *absolute(const char *path)
{
    char *real = realpath(path, NULL);
    char *abs = sslite__strdup(real != NULL ? real : path);
    free(real); /* realpath's buffer is the C library's, not the hooks' */
    return abs;
}

int sslite__store_load_file(sslite_mbed_store *s, const char *path, sslite_error *err)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    struct stat st;
    char *abs;
    long src;
    int ret = 0, added = 0, n;

    SSLITE_GUARD(read_whole(path, &buf, &len, err));
    /* A regular file is read again when a certificate is needed; what
     * cannot be read twice (a pipe, a FIFO) keeps its DER, as cadata. */
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        abs = absolute(path);
        src = abs != NULL ? sslite__store_new_src(s, TS_SRC_FILE, abs) : -1;
        sslite__free(abs);
    } else {
        src = sslite__store_new_src(s, TS_SRC_MEM, NULL);
    }
    if (src < 0) {
        ret = sslite__err_nomem(err);
        goto out;
    }
    /* CPython reads cafile as PEM. */
    n = sslite__store_add_blob(s, (uint32_t)src, buf, len, 1, &added);
    if (n != 0)
        ret = sslite__mbedtls_load_error(err, n, SSLITE__LOAD_CA, SSLITE__WHERE);
    else if (added == 0)
        ret = sslite__mbedtls_load_error(err, MBEDTLS_ERR_X509_INVALID_FORMAT, SSLITE__LOAD_CAFILE,
                                         SSLITE__WHERE);
out:
    sslite__free(buf);
    return ret;
}

int sslite__store_load_path(sslite_mbed_store *s, const char *path, sslite_error *err)
{
    DIR *d = opendir(path);
    char **dirs, *abs;

    /* Only checked now: the files are looked up by subject hash when a
     * verification needs them, as OpenSSL's hash_dir does. */
    if (d == NULL)
        return sslite__err_os(err, errno);
    closedir(d);
    dirs = sslite__realloc(s->dirs, (s->ndirs + 1) * sizeof(*dirs));
    if (dirs == NULL)
        return sslite__err_nomem(err);
    s->dirs = dirs;
    if ((abs = absolute(path)) == NULL)
        return sslite__err_nomem(err);
    s->dirs[s->ndirs++] = abs;
    return 0;
}

int sslite__store_read_range(const sslite_mbed_store *s, const ts_entry *e, unsigned char **buf)
{
    int fd = open(s->src[e->src].path, O_RDONLY | O_CLOEXEC);
    unsigned char *b;
    size_t got = 0;

    *buf = NULL;
    if (fd < 0)
        return -1;
    b = sslite__malloc((size_t)e->len + 1);
    while (b != NULL && got < e->len) {
        ssize_t r = pread(fd, b + got, e->len - got, (off_t)e->off + (off_t)got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    if (b == NULL || got != e->len) {
        sslite__free(b);
        return -1;
    }
    b[got] = '\0';
    *buf = b;
    return 0;
}

int sslite__store_rescan(sslite_mbed_store *s, uint32_t src)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    sslite_error ignored;

    sslite_error_clear(&ignored);
    if (read_whole(s->src[src].path, &buf, &len, &ignored) != 0)
        return -1;
    sslite__store_reindex(s, src, buf, len);
    sslite__free(buf);
    return 0;
}

void sslite__store_probe_dir(sslite_mbed_store *s, ts_probe *probe, int crl)
{
    uint32_t k = crl ? probe->next_crl : probe->next_cert;
    const char *dir = s->dirs[probe->dir];
    char full[PATH_MAX];

    /* "<hash>.0", ".1", ... (CRLs ".r0", ...) until one is missing. */
    for (;; k++) {
        unsigned char *buf = NULL;
        size_t len = 0;
        sslite_error ignored;
        int added;
        long src;

        if ((size_t)snprintf(full, sizeof(full), "%s/%08lx.%s%lu", dir,
                             (unsigned long)probe->hash, crl ? "r" : "",
                             (unsigned long)k) >= sizeof(full))
            break;
        sslite_error_clear(&ignored);
        if (read_whole(full, &buf, &len, &ignored) != 0)
            break;
        /* A bad file is passed over, as OpenSSL's lookup would not find
         * anything in it. */
        if (crl) {
            sslite__store_add_dir_crl(s, buf, len);
        } else if ((src = sslite__store_new_src(s, TS_SRC_FILE, full)) >= 0) {
            (void)sslite__store_add_blob(s, (uint32_t)src, buf, len, 0, &added);
        }
        sslite__free(buf);
    }
    if (crl)
        probe->next_crl = k;
    else
        probe->next_cert = k;
}

#if !defined(MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK)
/* OpenSSL's capath holds files named by subject hash, "1a2b3c4d.0" (and
 * ".r0" for CRLs); other files are never read, so neither are they here. */
static int is_cert_hash_name(const char *name)
{
    size_t i;
    for (i = 0; i < 8; i++)
        if (!((name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f')))
            return 0;
    if (name[8] != '.')
        return 0;
    i = 9;
    if (name[i] < '0' || name[i] > '9')
        return 0;
    while (name[i] >= '0' && name[i] <= '9')
        i++;
    return name[i] == '\0';
}

void sslite__store_parse_dirs(const sslite_mbed_store *s, mbedtls_x509_crt *chain)
{
    char full[PATH_MAX];

    for (size_t i = 0; i < s->ndirs; i++) {
        DIR *d = opendir(s->dirs[i]);
        struct dirent *de;
        if (d == NULL)
            continue;
        while ((de = readdir(d)) != NULL) {
            unsigned char *buf = NULL;
            size_t len = 0;
            sslite_error ignored;
            if (!is_cert_hash_name(de->d_name) ||
                (size_t)snprintf(full, sizeof(full), "%s/%s", s->dirs[i], de->d_name) >=
                    sizeof(full))
                continue;
            sslite_error_clear(&ignored);
            if (read_whole(full, &buf, &len, &ignored) == 0) {
                (void)mbedtls_x509_crt_parse(chain, buf, len);
                sslite__free(buf);
            }
        }
        closedir(d);
    }
}
#endif
