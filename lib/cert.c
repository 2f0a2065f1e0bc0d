/* sslite: placeholder until the certificate issue lands. */
#include "internal.h"

sslite_certdict *sslite_certdict_from_der(const unsigned char *der, size_t len, sslite_error *err)
{
    (void)der;
    (void)len;
    sslite__err_notimpl(err, "certificate decoding is not implemented yet");
    return NULL;
}

void sslite_certdict_free(sslite_certdict *d)
{
    (void)d;
}

char *sslite_certdict_to_json(const sslite_certdict *d)
{
    (void)d;
    return NULL;
}
