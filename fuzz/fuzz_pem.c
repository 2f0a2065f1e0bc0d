/*
 * libFuzzer target: arbitrary text through the PEM readers — the
 * OpenSSL-style block finder (walking a bundle with `consumed`), CPython's
 * lenient PEM_cert_to_DER_cert, and cert_time_to_seconds — and the DER
 * that comes out back through DER_cert_to_PEM_cert and the decoder.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sslite/sslite.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    sslite_error err;
    unsigned char *der;
    size_t len, off = 0, consumed;
    char *s;
    int64_t t;

    for (int i = 0; i < 4 && off < size; i++) {
        if (sslite_pem_read_cert(text + off, size - off, &der, &len, &consumed, &err) < 0)
            break;
        sslite_certdict_free(sslite_certdict_from_der(der, len, &err));
        free(der);
        if (consumed == 0)
            break;
        off += consumed;
    }
    if (sslite_PEM_cert_to_DER_cert(text, size, &der, &len, &err) == 0) {
        free(sslite_DER_cert_to_PEM_cert(der, len));
        free(der);
    }
    /* cert_time_to_seconds takes a C string */
    if ((s = malloc(size + 1)) != NULL) {
        memcpy(s, data, size);
        s[size] = '\0';
        (void)sslite_cert_time_to_seconds(s, &t, &err);
        free(s);
    }
    return 0;
}
