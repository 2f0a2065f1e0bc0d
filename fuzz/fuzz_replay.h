/*
 * The two replay targets (fuzz_object_server, fuzz_object_client): the
 * input is a configuration byte (FUZZ_V_*) and then everything the peer
 * sent.  Randomness is rewound per input, so gen_corpus's recorded streams
 * complete the handshake and reach what was recorded after it.
 */
#ifndef SSLITE_FUZZ_REPLAY_H
#define SSLITE_FUZZ_REPLAY_H

#include "fuzz_common.h"

static inline void fuzz_replay(const uint8_t *data, size_t size, int server_side)
{
    sslite_memorybio *in, *out;
    sslite_object *obj;
    unsigned v;

    if (size < 1)
        return;
    v = data[0];
    sslite__fuzz_rng_reset();
    sslite__fuzz_rng_stream(FUZZ_RNG_SETUP);
    in = sslite_memorybio_new();
    out = sslite_memorybio_new();
    obj = sslite_context_wrap_bio(server_side ? fuzz_server_ctx(v) : fuzz_client_ctx(v), in, out,
                                  server_side, server_side ? NULL : fuzz_hostname(v), NULL,
                                  NULL);
    if (obj == NULL)
        abort();
    sslite__fuzz_rng_stream(server_side ? FUZZ_RNG_SERVER : FUZZ_RNG_CLIENT);
    /* A client's ClientHello goes out first; the fuzzed "server" answers. */
    if (!server_side && sslite_object_do_handshake(obj) != SSLITE_ERR_WANT_READ)
        abort();
    sslite_memorybio_write(in, data + 1, size - 1);
    fuzz_drive(obj, server_side);
    sslite_memorybio_write_eof(in);
    fuzz_drive(obj, server_side);
    sslite_object_free(obj);
    sslite_memorybio_free(in);
    sslite_memorybio_free(out);
}

#endif
