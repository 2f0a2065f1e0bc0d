/*
 * sslite: the cipher-suite table shared by lib/cipher_table.c (the data)
 * and lib/ciphers.c (OpenSSL's cipher-string algorithm).  Private to lib/.
 *
 * Each algorithm family is a small index; cipher-string keywords match on
 * masks of those indexes (bit 1 << index), the way OpenSSL's keywords do.
 */
#ifndef SSLITE_CIPHER_TABLE_H
#define SSLITE_CIPHER_TABLE_H

#include <stdint.h>

/* Key exchange */
enum {
    SSLITE__KX_RSA,
    SSLITE__KX_DHE,
    SSLITE__KX_ECDHE,
    SSLITE__KX_PSK,
    SSLITE__KX_RSAPSK,
    SSLITE__KX_DHEPSK,
    SSLITE__KX_ECDHEPSK,
    SSLITE__KX_SRP,
    SSLITE__KX_ANY, /* TLS 1.3 */
    SSLITE__KX_COUNT
};

/* Authentication */
enum {
    SSLITE__AU_RSA,
    SSLITE__AU_DSS,
    SSLITE__AU_ECDSA,
    SSLITE__AU_NULL,
    SSLITE__AU_PSK,
    SSLITE__AU_SRP,
    SSLITE__AU_ANY,
    SSLITE__AU_COUNT
};

/* Bulk encryption (with key size, as OpenSSL distinguishes them).  The
 * families after ENC_NULL have no suite in OpenSSL 3's default provider
 * build nor in Mbed TLS's configuration; their keywords select nothing. */
enum {
    SSLITE__ENC_AES128,
    SSLITE__ENC_AES256,
    SSLITE__ENC_AES128GCM,
    SSLITE__ENC_AES256GCM,
    SSLITE__ENC_AES128CCM,
    SSLITE__ENC_AES256CCM,
    SSLITE__ENC_AES128CCM8,
    SSLITE__ENC_AES256CCM8,
    SSLITE__ENC_CHACHA20,
    SSLITE__ENC_ARIA128GCM,
    SSLITE__ENC_ARIA256GCM,
    SSLITE__ENC_CAMELLIA128,
    SSLITE__ENC_CAMELLIA256,
    SSLITE__ENC_NULL,
    SSLITE__ENC_3DES,
    SSLITE__ENC_DES,
    SSLITE__ENC_RC4,
    SSLITE__ENC_RC2,
    SSLITE__ENC_IDEA,
    SSLITE__ENC_SEED,
    SSLITE__ENC_GOST,
    SSLITE__ENC_COUNT
};

/* Record MAC (AEAD for the AEAD ciphers) */
enum {
    SSLITE__MAC_MD5,
    SSLITE__MAC_SHA1,
    SSLITE__MAC_SHA256,
    SSLITE__MAC_SHA384,
    SSLITE__MAC_AEAD,
    SSLITE__MAC_GOST,
    SSLITE__MAC_COUNT
};

/* Minimum protocol version of a suite (OpenSSL's min_tls) */
enum {
    SSLITE__V_SSL3,
    SSLITE__V_TLS1,
    SSLITE__V_TLS12,
    SSLITE__V_TLS13
};

/* Strength classes and membership flags (suite.flags).  The first five
 * form the "strength" group that keywords intersect; NOT_DEFAULT is the
 * separate group COMPLEMENTOFDEFAULT matches. */
#define SSLITE__S_NONE 0x01u /* no encryption */
#define SSLITE__S_LOW 0x02u
#define SSLITE__S_MEDIUM 0x04u
#define SSLITE__S_HIGH 0x08u
#define SSLITE__S_FIPS 0x10u
#define SSLITE__S_STRONG_MASK 0x1Fu
#define SSLITE__S_NOT_DEFAULT 0x20u

typedef struct sslite__suite {
    uint16_t id;    /* IANA */
    uint8_t kx, au, enc, mac, version, flags;
    uint16_t strength_bits, alg_bits;
    const char *name; /* OpenSSL's */
} sslite__suite;

/* The table: TLS 1.3 suites first (OpenSSL's default TLS 1.3 order, then
 * the two it knows but does not enable), then every TLS 1.2-and-earlier
 * suite in the order OpenSSL sorts them before applying a cipher string. */
extern const sslite__suite sslite__suites[];
extern const unsigned sslite__nsuites;
extern const unsigned sslite__ntls13; /* how many leading TLS 1.3 rows */
#define SSLITE__NTLS13_DEFAULT 3      /* the first three are on by default */

/* Texts for CPython's get_ciphers() dict and SSL_CIPHER_description(). */
extern const char *const sslite__kx_text[SSLITE__KX_COUNT];    /* "ECDH" */
extern const char *const sslite__kx_kea[SSLITE__KX_COUNT];     /* "kx-ecdhe" */
extern const char *const sslite__au_text[SSLITE__AU_COUNT];    /* "ECDSA" */
extern const char *const sslite__au_auth[SSLITE__AU_COUNT];    /* "auth-ecdsa" */
extern const char *const sslite__enc_text[SSLITE__ENC_COUNT];  /* "AESGCM(256)" */
extern const char *const sslite__enc_symmetric[SSLITE__ENC_COUNT]; /* "aes-256-gcm" */
extern const char *const sslite__mac_text[SSLITE__MAC_COUNT];  /* "SHA384" */
extern const char *const sslite__mac_digest[SSLITE__MAC_COUNT]; /* "sha384", NULL */
extern const char *const sslite__version_text[4];  /* "TLSv1" (description) */
extern const char *const sslite__version_name[4];  /* "TLSv1.0" (protocol) */

/* The row for an IANA id, or NULL. */
const sslite__suite *sslite__suite_find(uint16_t iana_id);

#endif /* SSLITE_CIPHER_TABLE_H */
