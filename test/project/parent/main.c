/* A program in a parent project using sslite through dependency('sslite'). */
#include <stdio.h>
#include <sslite/sslite.h>

int main(void)
{
    unsigned char b[8];
    sslite_error err;
    sslite_context *ctx = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
    if (ctx == NULL || sslite_RAND_bytes(b, sizeof(b), &err) != 0)
        return 1;
    printf("sslite %s on %s\n", sslite_version(), sslite_backend_version());
    sslite_context_free(ctx);
    return 0;
}
