/*
 * sslite: the trust store without a file system (filesystem=disabled):
 * only cadata loads, so no source is ever a file.  lib/ does not call the
 * file loaders in such a build; they refuse all the same.
 */
#include "truststore.h" /* first: it sets Mbed TLS's private access */

int sslite__store_load_file(sslite_mbed_store *s, const char *path, sslite_error *err)
{
    (void)s;
    (void)path;
    return sslite__err_notimpl(err, "this build has no file system");
}

int sslite__store_load_path(sslite_mbed_store *s, const char *path, sslite_error *err)
{
    return sslite__store_load_file(s, path, err);
}

int sslite__store_read_range(const sslite_mbed_store *s, const ts_entry *e, unsigned char **buf)
{
    (void)s;
    (void)e;
    *buf = NULL;
    return -1;
}

int sslite__store_rescan(sslite_mbed_store *s, uint32_t src)
{
    (void)s;
    (void)src;
    return -1;
}

void sslite__store_probe_dir(sslite_mbed_store *s, ts_probe *probe, int crl)
{
    (void)s;
    (void)probe;
    (void)crl;
}

#if !defined(MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK)
void sslite__store_parse_dirs(const sslite_mbed_store *s, mbedtls_x509_crt *chain)
{
    (void)s;
    (void)chain;
}
#endif
