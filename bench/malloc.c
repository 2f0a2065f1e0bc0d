/*
 * Heap accounting for the benchmarks: malloc and friends are defined here,
 * in the executable, so every library (the static Mbed TLS and sslite, and
 * a shared libcrypto) calls them; they count and forward to glibc's
 * __libc_* entry points.  Sizes come from malloc_usable_size(), so no
 * header is added and blocks from any allocator entry can be freed here.
 *
 * Counting is off by default (the timed runs pay one branch) and is not
 * thread-safe: the driver is single-threaded while it counts.
 *
 * Built only with glibc and without sanitizers (meson.build decides);
 * otherwise the stubs at the end report that heap numbers are unavailable.
 */
#include "bench.h"

#ifdef BENCH_MALLOC_HOOK

#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <string.h>

void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t n);
void __libc_free(void *p);
void *__libc_memalign(size_t align, size_t n);
/* Not declared by <stdlib.h> under -std=c99. */
void *aligned_alloc(size_t align, size_t n);
int posix_memalign(void **out, size_t align, size_t n);

int bench_heap_available = 1;

static int g_on;
static __thread int g_side;
static long long g_total;
static bench_heap g_heap;

static void count_add(void *p)
{
    long long n;
    if (!g_on || p == NULL)
        return;
    n = (long long)malloc_usable_size(p);
    g_heap.live[g_side] += n;
    g_heap.calls++;
    g_total += n;
    if (g_total > g_heap.peak)
        g_heap.peak = g_total;
}

static void count_sub(void *p)
{
    long long n;
    if (!g_on || p == NULL)
        return;
    n = (long long)malloc_usable_size(p);
    g_heap.live[g_side] -= n;
    g_total -= n;
}

void *malloc(size_t n)
{
    void *p = __libc_malloc(n);
    count_add(p);
    return p;
}

void *calloc(size_t n, size_t size)
{
    void *p = __libc_calloc(n, size);
    count_add(p);
    return p;
}

void *realloc(void *old, size_t n)
{
    void *p;
    /* Count the old block out first (its size is unreadable once glibc
     * has moved or freed it, as realloc(p, 0) does). */
    count_sub(old);
    p = __libc_realloc(old, n);
    if (p == NULL && old != NULL && n != 0)
        count_add(old); /* failed: the old block lives on */
    else
        count_add(p);
    return p;
}

void free(void *p)
{
    count_sub(p);
    __libc_free(p);
}

void *memalign(size_t align, size_t n)
{
    void *p = __libc_memalign(align, n);
    count_add(p);
    return p;
}

void *aligned_alloc(size_t align, size_t n)
{
    return memalign(align, n);
}

int posix_memalign(void **out, size_t align, size_t n)
{
    void *p;
    if (align < sizeof(void *) || (align & (align - 1)) != 0)
        return EINVAL;
    p = memalign(align, n);
    if (p == NULL)
        return ENOMEM;
    *out = p;
    return 0;
}

void bench_heap_enable(int on)
{
    g_on = on;
}

void bench_heap_side(int side)
{
    g_side = side;
}

void bench_heap_get(bench_heap *out)
{
    *out = g_heap;
}

void bench_heap_reset_peak(void)
{
    g_heap.peak = g_total;
}

#else /* !BENCH_MALLOC_HOOK */

int bench_heap_available = 0;
void bench_heap_enable(int on) { (void)on; }
void bench_heap_side(int side) { (void)side; }
void bench_heap_get(bench_heap *out) { *out = (bench_heap){{0, 0, 0}, 0, 0}; }
void bench_heap_reset_peak(void) {}

#endif
