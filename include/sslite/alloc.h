/*
 * sslite extension (beyond CPython's ssl module): where sslite's memory
 * comes from.  Either allocator hooks (a program with its own heap: an RTOS
 * pool, a tracking allocator) or one fixed buffer, the arena, that sslite
 * and the embedded Mbed TLS carve every allocation from (a device that must
 * not fragment or exhaust a shared heap; a hard bound on TLS's memory).
 *
 * Set one of them before any other sslite call, as the platform hooks
 * (<sslite/platform.h>): once sslite has allocated anything or been
 * initialized, both fail with ValueError and change nothing.  They are not
 * thread-safe: call once, at start-up, on one thread.  A build with
 * -Dthreads=disabled that wants the arena locked registers its mutex hooks
 * first.  Without either, sslite uses the C library's malloc and free.
 *
 * Memory sslite hands out follows the setting: the objects released by a
 * sslite_*_free() function, and the strings and arrays they own, come from
 * the hooks or the arena.  The buffers that sslite_PEM_cert_to_DER_cert(),
 * sslite_pem_read_cert(), sslite_session_to_bytes() and
 * sslite_certdict_to_json() return for the
 * caller to free() do too: release them with sslite_free(), which is right
 * in every configuration (plain free() only without hooks or arena).
 *
 * Mbed TLS's allocations follow when it was built with
 * its PLATFORM_MEMORY option (the embedded build always is); a system Mbed TLS
 * without it keeps calling the C library (sslite_alloc_covers_tls() says).
 */
#ifndef SSLITE_ALLOC_H
#define SSLITE_ALLOC_H

#include <stddef.h>
#include "export.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Allocator hooks, with the C library's semantics plus userdata:
 *  calloc   n*size zeroed bytes aligned for any type, or NULL (also when
 *           n*size overflows); may be called with a zero size
 *  realloc  resize p (NULL: allocate), keeping the contents; NULL on
 *           failure with p untouched
 *  free     release p (NULL: nothing)
 * All three are required; they may be called from any thread at once
 * (in a threaded program) and must lock themselves.  hooks is copied;
 * userdata is passed back as it is and kept until the process ends.
 * Returns 0, or ValueError (too late, an entry NULL). */
typedef struct sslite_allocator {
    void *(*calloc)(void *userdata, size_t n, size_t size);
    void *(*realloc)(void *userdata, void *p, size_t size);
    void (*free)(void *userdata, void *p);
    void *userdata;
} sslite_allocator;
SSLITE_API int sslite_set_allocator(const sslite_allocator *hooks, sslite_error *err);

/* One caller-supplied buffer for all of sslite's and Mbed TLS's memory:
 * buf (len bytes, any alignment; at least a few hundred KiB for a context
 * and a connection or two, see docs) is sslite's until the process ends.
 * When it is full, what needed the memory fails with MemoryError (an
 * SSLError from inside a handshake); nothing falls back to the heap.
 * Allocations are locked (pthread, or the mutex hooks).  Returns 0, or
 * ValueError (too late, buf NULL, or len too small to hold anything). */
SSLITE_API int sslite_set_arena(void *buf, size_t len, sslite_error *err);

/* The arena's bytes in use now and at most so far (block headers and
 * padding included), out of *size; all 0 without an arena.  Any may be
 * NULL. */
SSLITE_API void sslite_arena_usage(size_t *in_use, size_t *peak, size_t *size);

/* Release memory sslite returned for the caller to free (NULL-safe). */
SSLITE_API void sslite_free(void *p);

/* 1 when the hooks or the arena also serve the TLS library's allocations
 * (its PLATFORM_MEMORY option), 0 when it calls the C library directly. */
SSLITE_API int sslite_alloc_covers_tls(void);

#ifdef __cplusplus
}
#endif

#endif /* SSLITE_ALLOC_H */
