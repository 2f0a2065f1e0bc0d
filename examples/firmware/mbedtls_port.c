/*
 * The two functions examples/firmware/mbedtls_config.h asks the firmware
 * for (Mbed TLS's *_ALT hooks), on QEMU's mps2-an386 board:
 *  - mbedtls_hardware_poll() (MBEDTLS_ENTROPY_HARDWARE_ALT): the entropy
 *    source Mbed TLS seeds its DRBGs from.  On a device, the TRNG driver;
 *    here the INSECURE stand-in of platform.c.
 *  - mbedtls_ms_time() (MBEDTLS_PLATFORM_MS_TIME_ALT): a monotonic
 *    millisecond clock (TLS 1.3 ticket ages, timeouts).  On a device,
 *    SysTick or the RTOS tick; here picolibc's clock(), which semihosting
 *    answers in centiseconds since QEMU started.
 */
#include <stddef.h>
#include <time.h>

#include <mbedtls/platform_time.h>

#include "platform.h"

/* Declared in Mbed TLS's private library/entropy_poll.h. */
int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen);

int mbedtls_hardware_poll(void *data, unsigned char *output, size_t len, size_t *olen)
{
    (void)data;
    if (fw_insecure_entropy(output, len) != 0)
        return -1;
    *olen = len;
    return 0;
}

mbedtls_ms_time_t mbedtls_ms_time(void)
{
    return (mbedtls_ms_time_t)clock() * 1000 / CLOCKS_PER_SEC;
}
