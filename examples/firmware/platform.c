/*
 * The firmware examples' platform layer for QEMU's mps2-an386 board
 * (Cortex-M4, ARM semihosting): heap accounting, stack high-water mark,
 * a stand-in entropy source and the wall clock, for sslite's platform
 * hooks (<sslite/platform.h>) or raw Mbed TLS (selftest.c).
 *
 * On a real device:
 *  - entropy comes from the chip's TRNG; never from fw_insecure_entropy();
 *  - time() (certificate validity) needs a real-time clock set from the
 *    network or at manufacture; picolibc's time() here asks the
 *    semihosting host, which a device does not have;
 *  - the heap wrappers can stay: they cost 8 bytes per allocation.
 */
#include "platform.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* ---- heap accounting ----
 * The link wraps malloc, calloc, realloc and free (-Wl,--wrap=...), so
 * every caller in the image (sslite, Mbed TLS, picolibc's own strdup...)
 * reaches these.  Each block carries its size in a header of 8 bytes
 * (keeping the 8-byte alignment the ABI asks of malloc). */
void *__real_malloc(size_t size);
void __real_free(void *ptr);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *ptr, size_t size);
void __wrap_free(void *ptr);

#define HEADER 8u

static size_t g_in_use, g_peak;
static unsigned long g_allocations;

void *__wrap_malloc(size_t size)
{
    unsigned char *p;

    if (size > SIZE_MAX - HEADER || (p = __real_malloc(size + HEADER)) == NULL)
        return NULL;
    memcpy(p, &size, sizeof(size));
    g_in_use += size;
    if (g_in_use > g_peak)
        g_peak = g_in_use;
    g_allocations++;
    return p + HEADER;
}

void __wrap_free(void *ptr)
{
    unsigned char *p = ptr;
    size_t size;

    if (p == NULL)
        return;
    p -= HEADER;
    memcpy(&size, p, sizeof(size));
    g_in_use -= size;
    __real_free(p);
}

/* calloc and realloc through __wrap_malloc, not the C library's: theirs
 * call malloc internally, which the wrapping would count twice. */
void *__wrap_calloc(size_t n, size_t size)
{
    void *p;

    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    if ((p = __wrap_malloc(n * size)) != NULL)
        memset(p, 0, n * size);
    return p;
}

void *__wrap_realloc(void *ptr, size_t size)
{
    size_t old;
    void *p;

    if (ptr == NULL)
        return __wrap_malloc(size);
    if (size == 0) {
        __wrap_free(ptr);
        return NULL;
    }
    memcpy(&old, (unsigned char *)ptr - HEADER, sizeof(old));
    if ((p = __wrap_malloc(size)) == NULL)
        return NULL;
    memcpy(p, ptr, old < size ? old : size);
    __wrap_free(ptr);
    return p;
}

size_t fw_heap_peak(void)
{
    return g_peak;
}

size_t fw_heap_in_use(void)
{
    return g_in_use;
}

unsigned long fw_heap_allocations(void)
{
    return g_allocations;
}

/* ---- stack high-water mark ----
 * picolibc.ld puts the stack at the top of RAM, __stack_size bytes below
 * __stack, just above the heap's end. */
extern char __heap_end[], __stack[];

#define STACK_PATTERN 0x5a5a5a5au

void fw_stack_paint(void)
{
    volatile uint32_t *w = (volatile uint32_t *)(void *)__heap_end;
    char here;
    /* Up to 256 bytes below this frame: what is above is in use. */
    uintptr_t limit = (uintptr_t)&here - 256;

    while ((uintptr_t)w < limit)
        *w++ = STACK_PATTERN;
}

size_t fw_stack_peak(void)
{
    const volatile uint32_t *w = (const volatile uint32_t *)(void *)__heap_end;

    while ((uintptr_t)w < (uintptr_t)__stack && *w == STACK_PATTERN)
        w++;
    return (size_t)((uintptr_t)__stack - (uintptr_t)w);
}

/* ---- entropy: INSECURE, FOR DEMONSTRATION UNDER QEMU ONLY ----
 * The emulated board has no TRNG.  To let the example run, this stand-in
 * mixes a fixed constant, a counter and the host's clock (splitmix64):
 * anyone can predict its output, so every key and nonce made from it is
 * known to an attacker.  A real device reads its TRNG here (and fails
 * when the TRNG reports an error). */
int fw_insecure_entropy(unsigned char *buf, size_t len)
{
    static uint64_t state = 0x73736c6974652121u; /* "sslite!!": NOT RANDOM */
    static int warned;

    if (!warned) {
        warned = 1;
        state ^= (uint64_t)time(NULL) << 20 ^ (uint64_t)clock();
        fputs("WARNING: INSECURE demonstration entropy (no TRNG under QEMU): "
              "keys are predictable\n", stderr);
    }
    while (len > 0) {
        uint64_t z = (state += 0x9e3779b97f4a7c15u);
        size_t n = len < sizeof(z) ? len : sizeof(z);

        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
        z ^= z >> 31;
        memcpy(buf, &z, n);
        buf += n;
        len -= n;
    }
    return 0;
}

/* ---- wall clock ----
 * Seconds since 1970 UTC for certificate validity: picolibc's time(), which
 * semihosting answers with the host's clock.  A device reads its RTC here,
 * set from the network (SNTP) or at manufacture, and returns -1 while it
 * does not know the time: sslite then applies its clock floor policy
 * (<sslite/platform.h>). */
int64_t fw_time(void)
{
    time_t t = time(NULL);

    return t == (time_t)-1 ? -1 : (int64_t)t;
}
