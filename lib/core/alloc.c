/*
 * sslite: <sslite/alloc.h> — the one place sslite's memory comes from: the
 * C library, the application's hooks, or the arena (arena.c).
 */
#include <stdlib.h>
#include <string.h>
#include "sslite/alloc.h"
#include "internal.h"

/* The arena is served through the hooks too (arena_hooks), so that a
 * program that never calls sslite_set_arena() links no arena code. */
enum { FROM_LIBC, FROM_HOOKS };
static int source = FROM_LIBC;
static sslite_allocator hooks;
/* Set by the first allocation: from then on, blocks exist that only the
 * current source can free, so it must not change. */
static int used;

static void mark_used(void)
{
    if (!__atomic_load_n(&used, __ATOMIC_RELAXED))
        __atomic_store_n(&used, 1, __ATOMIC_RELAXED);
}

static int check_open(sslite_error *err)
{
    int ret = sslite__platform_check_open(err);
    if (ret < 0)
        return ret;
    if (__atomic_load_n(&used, __ATOMIC_RELAXED) || source != FROM_LIBC)
        return sslite__err_value(err, "the allocator must be set once, before the first use of sslite");
    return 0;
}

int sslite_set_allocator(const sslite_allocator *a, sslite_error *err)
{
    int ret = check_open(err);
    if (ret < 0)
        return ret;
    if (a == NULL || a->calloc == NULL || a->realloc == NULL || a->free == NULL)
        return sslite__err_value(err, "allocator hooks need calloc, realloc and free");
    hooks = *a;
    source = FROM_HOOKS;
    return 0;
}

static void *arena_calloc(void *ud, size_t n, size_t size)
{
    void *p;

    (void)ud;
    if (size != 0 && n > (size_t)-1 / size)
        return NULL;
    p = sslite__arena_alloc(n * size);
    if (p != NULL)
        memset(p, 0, n * size);
    return p;
}

static void *arena_realloc(void *ud, void *p, size_t n)
{
    (void)ud;
    return sslite__arena_realloc(p, n);
}

static void arena_free(void *ud, void *p)
{
    (void)ud;
    sslite__arena_free(p);
}

int sslite_set_arena(void *buf, size_t len, sslite_error *err)
{
    int ret = check_open(err);
    if (ret < 0)
        return ret;
    if (buf == NULL)
        return sslite__err_value(err, "arena buffer cannot be NULL");
    if (sslite__arena_setup(buf, len) < 0)
        return sslite__err_value(err, "arena of %zu bytes is too small", len);
    hooks.calloc = arena_calloc;
    hooks.realloc = arena_realloc;
    hooks.free = arena_free;
    hooks.userdata = NULL;
    source = FROM_HOOKS;
    return 0;
}

void sslite_arena_usage(size_t *in_use, size_t *peak, size_t *size)
{
    sslite__arena_usage(in_use, peak, size);
}

void sslite_free(void *p)
{
    sslite__free(p);
}

int sslite_alloc_covers_tls(void)
{
    return (SSLITE_BACKEND->caps & SSLITE_BCAP_ALLOC_HOOKS) != 0;
}

void *sslite__calloc(size_t n, size_t size)
{
    mark_used();
    switch (source) {
    case FROM_HOOKS:
        return hooks.calloc(hooks.userdata, n, size);
    default:
        return calloc(n, size);
    }
}

void *sslite__malloc(size_t n)
{
    mark_used();
    switch (source) {
    case FROM_HOOKS:
        return hooks.calloc(hooks.userdata, 1, n);
    default:
        return malloc(n);
    }
}

void *sslite__realloc(void *p, size_t n)
{
    mark_used();
    switch (source) {
    case FROM_HOOKS:
        return hooks.realloc(hooks.userdata, p, n);
    default:
        return realloc(p, n);
    }
}

void sslite__free(void *p)
{
    if (p == NULL)
        return;
    switch (source) {
    case FROM_HOOKS:
        hooks.free(hooks.userdata, p);
        break;
    default:
        free(p);
    }
}

char *sslite__strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = sslite__malloc(n);
    if (d != NULL)
        memcpy(d, s, n);
    return d;
}
