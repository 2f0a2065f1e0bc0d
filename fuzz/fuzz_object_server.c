/*
 * libFuzzer target: a configuration byte (fuzz_common.h FUZZ_V_*: TLS 1.2
 * client, ALPN, client certificates, SNI callback) and then arbitrary bytes
 * from a "client" into a server-side SSLObject: ClientHello and on.  The
 * seeds (gen_corpus) are whole recorded client streams that, randomness
 * being deterministic, complete the handshake and go on with application
 * data, alerts, KeyUpdates and close_notify, so mutations land in every
 * stage of the connection.
 */
#include "fuzz_replay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_replay(data, size, 1);
    return 0;
}
