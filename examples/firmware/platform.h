/*
 * The firmware examples' platform layer (platform.c): what a bare-metal
 * image has to supply that an operating system would, here for QEMU's
 * mps2-an386 board with ARM semihosting.  On a real device each of these
 * is a driver: see the comments in platform.c.
 */
#ifndef SSLITE_FIRMWARE_PLATFORM_H
#define SSLITE_FIRMWARE_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

/* The largest number of heap bytes in use at once since the start (the
 * sizes asked of malloc/calloc/realloc, without the allocator's overhead),
 * and the bytes in use now.  Every allocation in the image goes through
 * the wrappers in platform.c (the link's --wrap=malloc,... options). */
size_t fw_heap_peak(void);
size_t fw_heap_in_use(void);
/* The number of allocations made so far. */
unsigned long fw_heap_allocations(void);

/* The deepest the stack has been so far, in bytes: the unused part of the
 * stack region still holds the pattern fw_stack_paint() wrote. */
void fw_stack_paint(void);
size_t fw_stack_peak(void);

/* The INSECURE demonstration entropy source (platform.c): a stand-in for a
 * hardware TRNG, deterministic but for the host's clock.  Fills buf and
 * returns 0.  Never ship it. */
int fw_insecure_entropy(unsigned char *buf, size_t len);

/* Seconds since 1970 UTC from the board's clock, -1 when unknown. */
int64_t fw_time(void);

#endif
