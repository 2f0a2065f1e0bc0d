/*
 * libFuzzer target: arbitrary bytes from a "client" into a server-side
 * SSLObject — the ClientHello parser first, then whatever the handshake
 * state machine accepts next.  The input arrives in two steps (all of it,
 * then EOF) so both the want-read and the truncated-stream paths run.
 */
#include <stdint.h>
#include "fuzz_common.h"

static sslite_context *g_ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    g_ctx = fuzz_server_ctx();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sslite_memorybio *in = sslite_memorybio_new(), *out = sslite_memorybio_new();
    sslite_error err;
    sslite_object *obj = sslite_context_wrap_bio(g_ctx, in, out, 1, NULL, NULL, &err);

    if (obj == NULL)
        abort();
    sslite_memorybio_write(in, data, size);
    fuzz_drive(obj, 1);
    sslite_memorybio_write_eof(in);
    fuzz_drive(obj, 1);
    sslite_object_free(obj);
    sslite_memorybio_free(in);
    sslite_memorybio_free(out);
    return 0;
}
