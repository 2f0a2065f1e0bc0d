/*
 * Mbed TLS 3.6 configuration for the bare-metal firmware example
 * (examples/firmware/, Cortex-M4 under QEMU's mps2-an386): no operating
 * system, so no files, no sockets, no threads, no OS entropy.
 *
 * What stays is what the example's handshake needs, both sides in one
 * image: TLS 1.3 only, ECDHE with X25519 (and P-256 for peers without
 * it), ECDSA P-256 certificates, TLS_AES_128_GCM_SHA256 and
 * TLS_CHACHA20_POLY1305_SHA256, X.509 parsing from PEM in memory, and the
 * peer certificate kept after the handshake (getpeercert()).
 *
 * Platform:
 *  - entropy: MBEDTLS_NO_PLATFORM_ENTROPY with MBEDTLS_ENTROPY_HARDWARE_ALT:
 *    the firmware supplies mbedtls_hardware_poll() (mbedtls_port.c: a
 *    TRNG driver on a real chip; the QEMU board has none, and the
 *    example's stand-in is predictable and INSECURE, see platform.c);
 *  - time: time() for certificate validity (picolibc asks the semihosting
 *    host; a device needs an RTC or a network-set clock) and
 *    mbedtls_ms_time() from the firmware (MBEDTLS_PLATFORM_MS_TIME_ALT,
 *    mbedtls_port.c);
 *  - memory: the C library's calloc()/free() (picolibc's malloc, the heap
 *    between .bss and the stack).
 *
 * The build passes it with -Dmbedtls_config=examples/firmware/mbedtls_config.h.
 */
#ifndef SSLITE_FIRMWARE_MBEDTLS_CONFIG_H
#define SSLITE_FIRMWARE_MBEDTLS_CONFIG_H

/* Platform */
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_HAVE_TIME
#define MBEDTLS_HAVE_TIME_DATE
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MS_TIME_ALT
#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_ENTROPY_HARDWARE_ALT
#define MBEDTLS_ENTROPY_C
#define MBEDTLS_CTR_DRBG_C
#define MBEDTLS_HMAC_DRBG_C
#define MBEDTLS_ERROR_C
#define MBEDTLS_VERSION_C
#define MBEDTLS_SELF_TEST

/* Symmetric ciphers and modes */
#define MBEDTLS_AES_C
#define MBEDTLS_AES_ROM_TABLES     /* the AES tables in flash, not built in RAM */
#define MBEDTLS_AES_FEWER_TABLES   /* 6 KiB instead of 8 KiB of tables */
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
/* sslite's backend links CRL parsing in for load_verify_locations(cafile)
 * with CRLs and VERIFY_CRL_CHECK_*, even where no CRL is ever loaded. */
#define MBEDTLS_X509_CRL_PARSE_C

/* TLS 1.3, client and server */
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_SRV_C
#define MBEDTLS_SSL_PROTO_TLS1_3
#define MBEDTLS_SSL_TLS1_3_COMPATIBILITY_MODE
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_EPHEMERAL_ENABLED
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_KEYING_MATERIAL_EXPORT
/* Records up to 16 KiB each way, as the RFC requires of a peer that does
 * not negotiate max_fragment_length: 2 x 2 x ~16.6 KiB for the example's
 * two connections. */
#define MBEDTLS_SSL_IN_CONTENT_LEN 16384
#define MBEDTLS_SSL_OUT_CONTENT_LEN 16384

#endif /* SSLITE_FIRMWARE_MBEDTLS_CONFIG_H */
