/*
 * libFuzzer target: a configuration byte (fuzz_common.h FUZZ_V_*: TLS 1.2
 * only, ALPN, a client certificate, verification with check_hostname,
 * "127.0.0.1" as the server name) and then arbitrary bytes from a "server"
 * into a client-side SSLObject that has sent its ClientHello: ServerHello,
 * HelloRetryRequest, certificates (verified or not), key exchange, and
 * after the handshake — the seeds (gen_corpus) are whole recorded server
 * streams that complete it — NewSessionTickets, application data,
 * HelloRequest, alerts, KeyUpdates, close_notify.
 */
#include "fuzz_replay.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_replay(data, size, 0);
    return 0;
}
