/*
 * sslite: the arena of <sslite/alloc.h> — every allocation of sslite and of
 * Mbed TLS carved from one caller-supplied buffer.
 *
 * Our own allocator rather than Mbed TLS's memory_buffer_alloc module:
 * sslite reallocs (growing lists and JSON text), which that one cannot do;
 * it would tie the arena to an embedded Mbed TLS built with it (a system
 * one works here as soon as it has its PLATFORM_MEMORY option); and lib/ must
 * not call into Mbed TLS.  What it is: first fit over a free list kept in
 * address order, so a freed block merges with free neighbours on both
 * sides at once (the connection churn of a server would otherwise cut the
 * buffer into pieces too small for the next record buffer).  One lock
 * (pthread, or the mutex hooks) serialises it.  O(free blocks) per call is
 * fine for the few hundred blocks TLS keeps alive.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* Every block starts on ALIGN and carries a header of HDR bytes, so the
 * payload is aligned for any type (16: long double and SSE on x86_64). */
#define ALIGN ((size_t)16)
#define ROUND(n) (((n) + ALIGN - 1) & ~(ALIGN - 1))

typedef struct blk {
    size_t size;      /* of the whole block, header included */
    struct blk *next; /* free: the next free block up; in use: INUSE */
} blk;
#define HDR ROUND(sizeof(blk))
#define MIN_BLOCK (HDR + ALIGN)
#define INUSE ((blk *)(uintptr_t)0xa110c8edu)

static sslite__mutex_t lock;
static blk *free_list;
static unsigned char *base;
static size_t total, in_use, peak;

int sslite__arena_setup(void *buf, size_t len)
{
    uintptr_t start = ((uintptr_t)buf + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1);
    size_t skip = (size_t)(start - (uintptr_t)buf);

    if (len < skip + MIN_BLOCK)
        return -1;
    len = (len - skip) & ~(ALIGN - 1);
    if (sslite__mutex_init(&lock) < 0)
        return -1;
    base = (unsigned char *)start;
    total = len;
    free_list = (blk *)(void *)base;
    free_list->size = len;
    free_list->next = NULL;
    return 0;
}

static size_t block_size(size_t n)
{
    if (n > SIZE_MAX - HDR - ALIGN)
        return 0;
    n = ROUND(n + HDR);
    return n < MIN_BLOCK ? MIN_BLOCK : n;
}

/* Take need bytes off the front of free block b (whose predecessor's link
 * is *link); the rest, when big enough to be a block, stays free. */
static void *take(blk **link, blk *b, size_t need)
{
    if (b->size - need >= MIN_BLOCK) {
        blk *rest = (blk *)(void *)((unsigned char *)b + need);
        rest->size = b->size - need;
        rest->next = b->next;
        *link = rest;
        b->size = need;
    } else {
        *link = b->next;
    }
    b->next = INUSE;
    in_use += b->size;
    if (in_use > peak)
        peak = in_use;
    return (unsigned char *)b + HDR;
}

static void *alloc_locked(size_t n)
{
    size_t need = block_size(n);
    blk **link;

    if (need == 0)
        return NULL;
    for (link = &free_list; *link != NULL; link = &(*link)->next)
        if ((*link)->size >= need)
            return take(link, *link, need);
    return NULL;
}

/* Put b back in address order and merge it with the neighbours it touches. */
static void free_locked(blk *b)
{
    blk *prev = NULL, *next = free_list;

    in_use -= b->size;
    while (next != NULL && next < b) {
        prev = next;
        next = next->next;
    }
    if (next != NULL && (unsigned char *)b + b->size == (unsigned char *)next) {
        b->size += next->size;
        next = next->next;
    }
    b->next = next;
    if (prev == NULL) {
        free_list = b;
    } else if ((unsigned char *)prev + prev->size == (unsigned char *)b) {
        prev->size += b->size;
        prev->next = b->next;
    } else {
        prev->next = b;
    }
}

static blk *header(void *p)
{
    return (blk *)(void *)((unsigned char *)p - HDR);
}

void *sslite__arena_alloc(size_t n)
{
    void *p;
    sslite__mutex_lock(&lock);
    p = alloc_locked(n);
    sslite__mutex_unlock(&lock);
    return p;
}

void sslite__arena_free(void *p)
{
    blk *b;
    if (p == NULL)
        return;
    b = header(p);
    /* A pointer from elsewhere, or freed twice, would corrupt the list:
     * stop here rather than later, far from the cause. */
    if ((unsigned char *)b < base || (unsigned char *)b >= base + total || b->next != INUSE)
        abort();
    sslite__mutex_lock(&lock);
    free_locked(b);
    sslite__mutex_unlock(&lock);
}

void *sslite__arena_realloc(void *p, size_t n)
{
    blk *b, **link;
    size_t need = block_size(n), have;
    void *q = NULL;

    if (p == NULL)
        return sslite__arena_alloc(n);
    if (need == 0)
        return NULL;
    b = header(p);
    if (b->next != INUSE)
        abort();
    sslite__mutex_lock(&lock);
    have = b->size;
    if (have >= need) {
        /* Shrink in place; a tail worth a block goes back. */
        if (have - need >= MIN_BLOCK) {
            blk *tail = (blk *)(void *)((unsigned char *)b + need);
            tail->size = have - need;
            tail->next = INUSE;
            b->size = need;
            free_locked(tail);
        }
        q = p;
        goto out;
    }
    /* Grow in place into a free block right behind this one. */
    for (link = &free_list; *link != NULL && *link < b; link = &(*link)->next)
        ;
    if (*link != NULL && (unsigned char *)b + have == (unsigned char *)*link &&
        have + (*link)->size >= need) {
        blk *nb = *link;
        size_t want = need - have;
        *link = nb->next;
        if (nb->size - want >= MIN_BLOCK) {
            blk *rest = (blk *)(void *)((unsigned char *)nb + want);
            rest->size = nb->size - want;
            rest->next = *link;
            *link = rest;
            b->size = need;
        } else {
            b->size = have + nb->size;
        }
        in_use += b->size - have;
        if (in_use > peak)
            peak = in_use;
        q = p;
        goto out;
    }
    q = alloc_locked(n);
    if (q != NULL) {
        memcpy(q, p, have - HDR);
        free_locked(b);
    }
out:
    sslite__mutex_unlock(&lock);
    return q;
}

void sslite__arena_usage(size_t *u, size_t *pk, size_t *size)
{
    if (base != NULL)
        sslite__mutex_lock(&lock);
    if (u != NULL)
        *u = in_use;
    if (pk != NULL)
        *pk = peak;
    if (size != NULL)
        *size = total;
    if (base != NULL)
        sslite__mutex_unlock(&lock);
}
