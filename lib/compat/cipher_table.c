/*
 * sslite: the cipher-suite table.  One row per suite OpenSSL 3 knows (the
 * TLS 1.3 ones first, then TLS 1.2 and earlier in OpenSSL's starting
 * preference order), with what OpenSSL's cipher strings match on and what
 * CPython's get_ciphers() reports (the IANA names are in comments only,
 * to keep the table small).
 *
 * The rows were read off OpenSSL 3.0's observable behaviour (`openssl
 * ciphers -V -v -stdname`, Python's ssl.get_ciphers(), and the selections
 * of single keywords) by test/ciphers/gen_cipher_table.py; rerun it to
 * refresh them.  Suites this Mbed TLS build cannot negotiate stay in the
 * table: they decide, as in OpenSSL, whether a string selects anything.
 * The rows are two files, one per version: a TLS 1.3-only build leaves
 * the TLS 1.2 rows out, and its cipher strings then behave as OpenSSL's
 * do with no TLS 1.2 suite (docs/compat.md).
 */
#include <stddef.h>
#include <sslite/features.h>
#include "cipher_table.h"

#define K(x) SSLITE__KX_##x
#define A(x) SSLITE__AU_##x
#define E(x) SSLITE__ENC_##x
#define M(x) SSLITE__MAC_##x
#define V(x) SSLITE__V_##x
#define NONE SSLITE__S_NONE
#define HIGH SSLITE__S_HIGH
#define FIPS SSLITE__S_FIPS
#define NDEF SSLITE__S_NOT_DEFAULT

const sslite__suite sslite__suites[] = {
#include "cipher_rows_tls13.inc"
#if SSLITE_HAS_TLSv1_2
#include "cipher_rows_tls12.inc"
#endif
};

const unsigned sslite__nsuites = sizeof(sslite__suites) / sizeof(sslite__suites[0]);
const unsigned sslite__ntls13 = 5;

/* lib/ciphers.c indexes rows with a byte. */
typedef char sslite__table_fits_a_byte[sizeof(sslite__suites) / sizeof(sslite__suites[0]) <= 255
                                           ? 1 : -1];

const sslite__suite *sslite__suite_find(uint16_t iana_id)
{
    for (unsigned i = 0; i < sslite__nsuites; i++)
        if (sslite__suites[i].id == iana_id)
            return &sslite__suites[i];
    return NULL;
}
