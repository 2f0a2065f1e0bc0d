/*
 * sslite extension (beyond CPython's ssl module): platform hooks for
 * devices without an operating system, or with one sslite should not rely
 * on — where its randomness, its clock and its locks come from.
 *
 * Register hooks before any other sslite call: the first context,
 * RAND_*() call or session load seeds the generator and fixes the clock.
 * A registration after that fails with ValueError and changes nothing.
 * The registration calls themselves are not thread-safe: make them once,
 * at start-up, on one thread.  docs/firmware.md shows them in use.
 */
#ifndef SSLITE_PLATFORM_H
#define SSLITE_PLATFORM_H

#include <stddef.h>
#include <stdint.h>
#include "export.h"
#include "error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An entropy source: fill buf with len bytes of true randomness (a TRNG,
 * a hardware RNG peripheral) and return 0; nonzero reports a failure.
 * sslite seeds its DRBG from it (and from the OS's source when the build
 * has one; both then count).  A build without OS entropy (SSLITE_HAS_OS_ENTROPY 0)
 * and with no source registered refuses to create a context or draw random
 * bytes: SSLError [RAND: NO_ENTROPY_SOURCE] — never a silent weak seed.
 * userdata is passed back as it is; sslite keeps both until the process
 * ends.  Returns 0, or ValueError (too late, or cb NULL) in *err. */
typedef int (*sslite_entropy_cb)(void *userdata, unsigned char *buf, size_t len);
SSLITE_API int sslite_set_entropy_source(sslite_entropy_cb cb, void *userdata, sslite_error *err);

/* A wall clock: seconds since 1970-01-01T00:00:00Z, or -1 when the device
 * does not know the time (yet).  Used for certificate and CRL validity and
 * session lifetimes.  Without one, a build with an OS clock uses time();
 * a build without (SSLITE_HAS_OS_CLOCK 0) knows only its clock floor.
 *
 * The clock floor (sslite_clock_floor()) is a time this build is known to
 * run after (Meson option clock_floor; by default the release date of this
 * sslite version).  A clock that reads -1 or earlier than the floor is
 * taken as unset, and then: a certificate that expired before the floor is
 * rejected (CERT_HAS_EXPIRED) and notBefore is not checked, since nothing
 * is known to be "not yet". A set clock checks both dates as OpenSSL does.
 * Returns 0, or ValueError (too late) in *err; cb NULL goes back to the
 * default. */
typedef int64_t (*sslite_time_cb)(void *userdata);
SSLITE_API int sslite_set_time_source(sslite_time_cb cb, void *userdata, sslite_error *err);
/* This build's clock floor, seconds since 1970 UTC. */
SSLITE_API int64_t sslite_clock_floor(void);

/* Mutexes for RTOS builds (FreeRTOS-style create/lock/unlock/free), used by
 * a build with -Dthreads=disabled for sslite's own locks and Mbed TLS's.
 * Without hooks such a build does no locking at all: share nothing across
 * threads (docs/threads.md).  create returns a new mutex or NULL when out
 * of memory; lock and unlock return 0 on success.  A build with pthread
 * (SSLITE_HAS_THREADS 1) has its locks already: NotImplementedError.
 * hooks is copied.  Returns 0, or ValueError (too late, an entry NULL). */
typedef struct sslite_mutex_hooks {
    void *(*create)(void *userdata);
    void (*destroy)(void *userdata, void *mutex);
    int (*lock)(void *userdata, void *mutex);
    int (*unlock)(void *userdata, void *mutex);
    void *userdata;
} sslite_mutex_hooks;
SSLITE_API int sslite_set_mutex_hooks(const sslite_mutex_hooks *hooks, sslite_error *err);

#ifdef __cplusplus
}
#endif

#endif /* SSLITE_PLATFORM_H */
