/* sslite's Mbed TLS configuration, fragment: the cryptography and X.509 every build has.
 * Included by sslite_mbedtls_config.h; not a configuration on its own. */

#define MBEDTLS_HAVE_ASM
#define MBEDTLS_PLATFORM_C
/* mbedtls_calloc/free through sslite's allocator (<sslite/alloc.h>: hooks
 * or the arena), set at global init. */
#define MBEDTLS_PLATFORM_MEMORY
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_CTR_DRBG_C
#define MBEDTLS_HMAC_DRBG_C
#define MBEDTLS_ERROR_C
#define MBEDTLS_VERSION_C

/* Symmetric ciphers and modes */
#define MBEDTLS_AES_C
#define MBEDTLS_AESNI_C
#define MBEDTLS_AESCE_C
#define MBEDTLS_CIPHER_C
#define MBEDTLS_CIPHER_MODE_CBC
#define MBEDTLS_CIPHER_PADDING_PKCS7
#define MBEDTLS_GCM_C
#define MBEDTLS_CCM_C
#define MBEDTLS_CHACHA20_C
#define MBEDTLS_POLY1305_C
#define MBEDTLS_CHACHAPOLY_C

/* Hashes: MD5 only for decrypting legacy OpenSSL-encrypted PEM keys */
#define MBEDTLS_MD_C
#define MBEDTLS_MD5_C
#define MBEDTLS_SHA1_C
#define MBEDTLS_SHA224_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA384_C
#define MBEDTLS_SHA512_C
#define MBEDTLS_HKDF_C

/* Public key */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_RSA_C
#define MBEDTLS_PKCS1_V15
#define MBEDTLS_PKCS1_V21
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED
#define MBEDTLS_ECP_DP_SECP521R1_ENABLED
#define MBEDTLS_ECP_DP_CURVE25519_ENABLED
#define MBEDTLS_ECP_DP_CURVE448_ENABLED
#define MBEDTLS_ECDH_C
/* Project Everest's X25519 (3rdparty/everest): 2-3x fewer instructions per
 * X25519 than the generic ECP code.  TLS 1.2 reaches it through the ECDH
 * context; TLS 1.3 key shares through PSA, which our patch
 * mbedtls-psa-everest-x25519.patch routes to it (docs/compat.md). */
#define MBEDTLS_ECDH_VARIANT_EVEREST_ENABLED
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ECDSA_DETERMINISTIC
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_PK_WRITE_C
#define MBEDTLS_PK_PARSE_EC_EXTENDED
#define MBEDTLS_PK_PARSE_EC_COMPRESSED
#define MBEDTLS_PSA_CRYPTO_C
/* PSA (TLS 1.3 key shares) draws from sslite's DRBG, which reseeds after
 * fork(), instead of a private generator a child would share with its
 * parent. */
#define MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG
/* Key slots grow with demand: each TLS 1.3 handshake in flight holds its
 * key share in a slot, and a fixed table (32 by default) capped a server at
 * 32 concurrent handshakes. */
#define MBEDTLS_PSA_KEY_STORE_DYNAMIC

/* Encodings and key files (encrypted PKCS#8 and PKCS#12-style PBE) */
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_BASE64_C
#define MBEDTLS_OID_C
#define MBEDTLS_PEM_PARSE_C
#define MBEDTLS_PEM_WRITE_C
#define MBEDTLS_PKCS5_C
#define MBEDTLS_PKCS12_C

/* X.509 */
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
#define MBEDTLS_X509_CRL_PARSE_C
#define MBEDTLS_X509_RSASSA_PSS_SUPPORT
/* The lazy trust store (backends/mbedtls/truststore.c): Mbed TLS asks for
 * a certificate's issuers instead of holding them all parsed. */
#define MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK
