/*
 * libFuzzer target: arbitrary bytes as a DER certificate through the
 * getpeercert() decoder (Mbed TLS's parser, the raw extension walk, the
 * string conversions) and the JSON renderer.  Anything may fail; nothing
 * may crash, leak or read out of bounds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sslite/sslite.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sslite_error err;
    sslite_certdict *d = sslite_certdict_from_der(data, size, &err);

    if (d != NULL) {
        const sslite_cert_altname *alt;
        size_t n;
        free(sslite_certdict_to_json(d));
        (void)sslite_certdict_subject_alt_name(d, &alt, &n);
        (void)sslite_cert_name_get(sslite_certdict_subject(d), "commonName");
        sslite_certdict_free(d);
    }
    return 0;
}
