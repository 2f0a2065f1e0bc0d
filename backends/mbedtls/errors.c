/*
 * sslite: Mbed TLS error codes as Python exceptions.  Placeholder mapping;
 * the full table (OpenSSL library/reason mnemonics) is filled in by issue 3.
 */
#include "mbedtls_internal.h"

int sslite__mbedtls_error(sslite_error *err, int mbed_ret, int alert, const char *where)
{
    char text[128];
    (void)alert;
    mbedtls_strerror(mbed_ret, text, sizeof(text));
    return sslite__err_ssl(err, SSLITE_ERR_SSL, "SSL", NULL, text, where);
}

int sslite__mbedtls_load_error(sslite_error *err, int mbed_ret, const char *what,
                               const char *where)
{
    (void)mbed_ret;
    (void)what;
    return sslite__err_ssl(err, SSLITE_ERR_SSL, NULL, "SSL", "PEM lib", where);
}
