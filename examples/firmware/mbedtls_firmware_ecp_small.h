/*
 * The firmware example's Mbed TLS configuration (mbedtls_firmware.h) with
 * the smallest elliptic-curve tables, measured by scripts/firmware-sizes.sh:
 * a window of 2 bits and no precomputed fixed-point table, so each
 * signature and key exchange is slower and holds less heap while it runs.
 * (For smaller record buffers, see the Meson option small_memory.)
 */
#ifndef SSLITE_FIRMWARE_MBEDTLS_ECP_SMALL_H
#define SSLITE_FIRMWARE_MBEDTLS_ECP_SMALL_H

#include "mbedtls_firmware.h"

#define MBEDTLS_ECP_WINDOW_SIZE 2
#define MBEDTLS_ECP_FIXED_POINT_OPTIM 0

#endif
