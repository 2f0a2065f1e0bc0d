/*
 * sslite: hooks of fuzzing builds only (-Dfuzzing=true, which defines
 * SSLITE_FUZZING for sslite and the embedded Mbed TLS).  Not public API and
 * absent from normal builds: the fuzz harnesses and fuzz/gen_corpus use
 * them so that a handshake recorded once replays byte for byte.
 */
#ifndef SSLITE_FUZZING_H
#define SSLITE_FUZZING_H

#if !defined(SSLITE_FUZZING)
#error "backends/fuzzing.h is for fuzzing builds (-Dfuzzing=true) only"
#endif

#include <stddef.h>
#include "sslite/types.h"

/* Independent random streams.  Every draw of the library (DRBG users and
 * PSA alike) comes from the current one; a harness driving two peers in one
 * process gives each its own, so one peer's draws do not depend on how the
 * other was driven. */
#define SSLITE_FUZZ_RNG_STREAMS 4

/* Rewind every stream to its fixed start and make stream 0 current. */
void sslite__fuzz_rng_reset(void);
/* Draw from stream `stream` (modulo SSLITE_FUZZ_RNG_STREAMS) from now on. */
void sslite__fuzz_rng_stream(unsigned stream);

/* What Mbed TLS's time() and ms_time() say, always: 2027-01-01T00:00:00Z
 * (certificate validity, tickets, the TLS 1.2 hello random's time). */
#define SSLITE_FUZZ_TIME 1798761600

/* Record injection (sslite__inject_record). */
#include "inject.h"

#endif
