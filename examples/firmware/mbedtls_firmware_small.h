/*
 * The firmware example's Mbed TLS configuration (mbedtls_firmware.h) for
 * less RAM, measured by scripts/firmware-sizes.sh:
 *  - records of at most 4 KiB each way instead of TLS's 16 KiB: four such
 *    buffers less 12 KiB each in the example's two connections.  Only
 *    for peers known to send small records (the example's own server, or
 *    a server configured so): a peer's 16 KiB record is a fatal error;
 *  - the smallest ECP window and no fixed-point tables: slower
 *    signatures and key exchanges, less heap during them.
 */
#ifndef SSLITE_FIRMWARE_MBEDTLS_SMALL_H
#define SSLITE_FIRMWARE_MBEDTLS_SMALL_H

#include "mbedtls_firmware.h"

#define MBEDTLS_SSL_IN_CONTENT_LEN 4096
#define MBEDTLS_SSL_OUT_CONTENT_LEN 4096
#define MBEDTLS_ECP_WINDOW_SIZE 2
#define MBEDTLS_ECP_FIXED_POINT_OPTIM 0

#endif
