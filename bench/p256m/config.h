/* Minimal Mbed TLS 3.6 configuration for bench/p256m: the ECP and bignum
 * settings of config/mbedtls/sslite_mbedtls_config.h (ASM, NIST_OPTIM). */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECDH_C
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_HAVE_ASM
