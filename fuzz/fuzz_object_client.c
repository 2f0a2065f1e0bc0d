/*
 * libFuzzer target: arbitrary bytes from a "server" into a client-side
 * SSLObject that has sent its ClientHello — ServerHello, HelloRetryRequest,
 * certificates (the client accepts any, so they are parsed, not refused),
 * key exchange, alerts.  TLS 1.2 flights are plaintext up to Finished, so
 * seeds captured from real handshakes go deep; TLS 1.3 ones reach the first
 * encrypted record.
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
    g_ctx = fuzz_client_ctx();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sslite_memorybio *in = sslite_memorybio_new(), *out = sslite_memorybio_new();
    sslite_error err;
    sslite_object *obj = sslite_context_wrap_bio(g_ctx, in, out, 0, "localhost", NULL, &err);

    if (obj == NULL)
        abort();
    /* The ClientHello goes out first; the fuzzed "server" answers it. */
    if (sslite_object_do_handshake(obj) != SSLITE_ERR_WANT_READ)
        abort();
    sslite_memorybio_write(in, data, size);
    fuzz_drive(obj, 0);
    sslite_memorybio_write_eof(in);
    fuzz_drive(obj, 0);
    sslite_object_free(obj);
    sslite_memorybio_free(in);
    sslite_memorybio_free(out);
    return 0;
}
