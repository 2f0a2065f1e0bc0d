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

const char *const sslite__kx_text[SSLITE__KX_COUNT] = {
    "RSA", "DH", "ECDH", "PSK", "RSAPSK", "DHEPSK", "ECDHEPSK", "SRP", "any",
};
const char *const sslite__kx_kea[SSLITE__KX_COUNT] = {
    "kx-rsa", "kx-dhe", "kx-ecdhe", "kx-psk", "kx-rsa-psk", "kx-dhe-psk", "kx-ecdhe-psk",
    "kx-srp", "kx-any",
};
const char *const sslite__au_text[SSLITE__AU_COUNT] = {
    "RSA", "DSS", "ECDSA", "None", "PSK", "SRP", "any",
};
const char *const sslite__au_auth[SSLITE__AU_COUNT] = {
    "auth-rsa", "auth-dss", "auth-ecdsa", "auth-null", "auth-psk", "auth-srp", "auth-any",
};
const char *const sslite__enc_text[SSLITE__ENC_COUNT] = {
    "AES(128)", "AES(256)", "AESGCM(128)", "AESGCM(256)", "AESCCM(128)", "AESCCM(256)",
    "AESCCM8(128)", "AESCCM8(256)", "CHACHA20/POLY1305(256)", "ARIAGCM(128)", "ARIAGCM(256)",
    "Camellia(128)", "Camellia(256)", "None", "3DES(168)", "DES(56)", "RC4(128)", "RC2(128)",
    "IDEA(128)", "SEED(128)", "GOST89(256)",
};
const char *const sslite__enc_symmetric[SSLITE__ENC_COUNT] = {
    "aes-128-cbc", "aes-256-cbc", "aes-128-gcm", "aes-256-gcm", "aes-128-ccm", "aes-256-ccm",
    "aes-128-ccm", "aes-256-ccm", "chacha20-poly1305", "aria-128-gcm", "aria-256-gcm",
    "camellia-128-cbc", "camellia-256-cbc", NULL, "des-ede3-cbc", "des-cbc", "rc4", "rc2-cbc",
    "idea-cbc", "seed-cbc", NULL,
};
const char *const sslite__mac_text[SSLITE__MAC_COUNT] = {
    "MD5", "SHA1", "SHA256", "SHA384", "AEAD", "GOST89",
};
const char *const sslite__mac_digest[SSLITE__MAC_COUNT] = {
    "md5", "sha1", "sha256", "sha384", NULL, NULL,
};
const char *const sslite__version_text[4] = {"SSLv3", "TLSv1", "TLSv1.2", "TLSv1.3"};
const char *const sslite__version_name[4] = {"SSLv3", "TLSv1.0", "TLSv1.2", "TLSv1.3"};

const sslite__suite *sslite__suite_find(uint16_t iana_id)
{
    for (unsigned i = 0; i < sslite__nsuites; i++)
        if (sslite__suites[i].id == iana_id)
            return &sslite__suites[i];
    return NULL;
}
