/*
 * sslite: the texts of the cipher-suite table's columns, for CPython's
 * get_ciphers() dict and SSL_CIPHER_description() (cipher_table.h).
 *
 * Their own file: a program that never lists ciphers links none of these
 * strings (the linker keeps or drops a file's string literals of data
 * initialisers together).
 */
#include <stddef.h>
#include "cipher_table.h"

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
