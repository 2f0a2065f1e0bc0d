/*
 * sslite: a trust store without CRLs (-Dcrl=disabled, no
 * MBEDTLS_X509_CRL_PARSE_C).  Loading a CRL is an error that says so, and
 * a CRL check (VERIFY_CRL_CHECK_*) finds no CRL, which fails verification
 * with "unable to get certificate CRL" as OpenSSL does without one.
 */
#include "truststore.h" /* first: it sets Mbed TLS's private access */

void sslite__store_crl_init(sslite_mbed_store *s)
{
    (void)s; /* the store is zeroed: an empty CRL list */
}

void sslite__store_crl_free(sslite_mbed_store *s)
{
    (void)s;
}

int sslite__store_add_crls(sslite_mbed_store *s, const unsigned char *buf, size_t len)
{
    (void)s;
    (void)buf;
    (void)len;
    return SSLITE__TS_ERR_NO_CRL;
}

void sslite__store_add_dir_crl(sslite_mbed_store *s, const unsigned char *buf, size_t len)
{
    (void)s;
    (void)buf;
    (void)len;
}

const mbedtls_x509_crl *sslite__store_crl_first(const sslite_mbed_store *s, ts_crl_iter *it)
{
    (void)s;
    (void)it;
    return NULL;
}

const mbedtls_x509_crl *sslite__store_crl_next(ts_crl_iter *it)
{
    (void)it;
    return NULL;
}
