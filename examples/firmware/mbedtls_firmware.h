/*
 * Mbed TLS 3.6 configuration for the firmware example (examples/firmware/,
 * Cortex-M4 under QEMU's mps2-an386): the default configuration
 * (config/mbedtls/sslite_mbedtls_config.h) trimmed to what the example's
 * handshake needs, both sides in one image:
 *   TLS 1.3 only, ECDHE with X25519 (and P-256 for peers without it),
 *   ECDSA P-256 certificates, TLS_CHACHA20_POLY1305_SHA256 and
 *   TLS_AES_128_GCM_SHA256, X.509 and keys parsed from PEM or DER in
 *   memory, and the peer certificate kept after the handshake
 *   (getpeercert()).
 * Gone against the default: TLS 1.2, RSA, DHE, P-384/P-521/X448, SHA-1,
 * SHA-384/512, AES-CBC/CCM, PSK modes, encrypted keys (PKCS#5/#12), ALPN,
 * session tickets and the session cache.
 *
 * The platform and locking fragments are the default's, chosen by the
 * build's options like the default's (SSLITE_MBEDTLS_* from the header
 * Meson generates): on bare metal, time() and the entropy source are the
 * application's, through <sslite/platform.h>.
 *
 * The build passes it with -Dmbedtls_config=examples/firmware/mbedtls_firmware.h
 * (scripts/check-firmware.sh).
 */
#ifndef SSLITE_FIRMWARE_MBEDTLS_CONFIG_H
#define SSLITE_FIRMWARE_MBEDTLS_CONFIG_H

#if defined(SSLITE_MBEDTLS_TLS12) && SSLITE_MBEDTLS_TLS12
#error "examples/firmware/mbedtls_firmware.h is TLS 1.3 only: configure with -Dtls12=disabled"
#endif

#if !defined(SSLITE_MBEDTLS_OS) || SSLITE_MBEDTLS_OS
#include "../../config/mbedtls/sslite_platform_os.h"
#else
#include "../../config/mbedtls/sslite_platform_bare.h"
#endif
#if !defined(SSLITE_MBEDTLS_PTHREAD) || SSLITE_MBEDTLS_PTHREAD
#include "../../config/mbedtls/sslite_threads_pthread.h"
#else
#include "../../config/mbedtls/sslite_threads_hooks.h"
#endif

#define MBEDTLS_HAVE_ASM
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_CTR_DRBG_C
#define MBEDTLS_HMAC_DRBG_C
#define MBEDTLS_ERROR_C
#define MBEDTLS_VERSION_C
/* Mbed TLS's own self-tests (the firmware_selftest program). */
#define MBEDTLS_SELF_TEST

/* Symmetric ciphers and modes */
#define MBEDTLS_AES_C
#define MBEDTLS_AES_ROM_TABLES     /* the AES tables in flash, not built in RAM */
#define MBEDTLS_AES_FEWER_TABLES   /* 2 KiB of tables instead of 8 KiB */
#define MBEDTLS_CIPHER_C
#define MBEDTLS_GCM_C
#define MBEDTLS_CHACHA20_C
#define MBEDTLS_POLY1305_C
#define MBEDTLS_CHACHAPOLY_C

/* Hashes */
#define MBEDTLS_MD_C
#define MBEDTLS_SHA224_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA256_SMALLER     /* a loop instead of the unrolled rounds */
#define MBEDTLS_HKDF_C

/* Public key: ECDSA P-256, X25519 and P-256 ECDH */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_DP_CURVE25519_ENABLED
#define MBEDTLS_ECDH_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ECDSA_DETERMINISTIC
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_PK_WRITE_C
#define MBEDTLS_PSA_CRYPTO_C
/* PSA (TLS 1.3 key shares) draws from sslite's DRBG. */
#define MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG

/* Encodings */
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_BASE64_C
#define MBEDTLS_OID_C
#define MBEDTLS_PEM_PARSE_C

/* X.509 */
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
/* sslite's backend links CRL parsing in for load_verify_locations(cadata)
 * with CRLs and VERIFY_CRL_CHECK_*, even where no CRL is ever loaded. */
#define MBEDTLS_X509_CRL_PARSE_C

/* TLS 1.3; the sides the build has (-Dclient, -Dserver) */
#define MBEDTLS_SSL_TLS_C
#if !defined(SSLITE_MBEDTLS_CLIENT) || SSLITE_MBEDTLS_CLIENT
#define MBEDTLS_SSL_CLI_C
#endif
#if !defined(SSLITE_MBEDTLS_SERVER) || SSLITE_MBEDTLS_SERVER
#define MBEDTLS_SSL_SRV_C
#endif
#define MBEDTLS_SSL_PROTO_TLS1_3
#define MBEDTLS_SSL_TLS1_3_COMPATIBILITY_MODE
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_EPHEMERAL_ENABLED
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_KEYING_MATERIAL_EXPORT

#endif /* SSLITE_FIRMWARE_MBEDTLS_CONFIG_H */
