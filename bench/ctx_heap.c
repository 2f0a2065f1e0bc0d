/*
 * The heap a client context holds with the system's trust store:
 * sslite_create_default_context() against OpenSSL's
 * SSL_CTX_new() + SSL_CTX_set_default_verify_paths() (what CPython's
 * create_default_context() does), and the peak while loading.  Then the
 * same sslite context after verifying handshakes (its certificate cache
 * filled).  Counted by the malloc interposer (malloc.c); bench/run.sh
 * prints it.  Usage: ctx-heap [cafile]  (default: the system's).
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <sslite/sslite.h>
#ifdef BENCH_HAVE_OPENSSL
#include <openssl/ssl.h>
#endif

static void row(const char *name, long long held, long long peak, long long calls)
{
    printf("%-34s %12lld %12lld %10lld\n", name, held, peak, calls);
}

/* What was live when counting started: peaks are measured from it. */
static long long base(const bench_heap *h)
{
    return h->live[0] + h->live[1] + h->live[2];
}

int main(int argc, char **argv)
{
    bench_heap h;
    sslite_error err;
    sslite_context *c;
    sslite_cert_store_stats st;

    if (!bench_heap_available) {
        printf("heap accounting unavailable in this build\n");
        return 0;
    }
    if (argc > 1)
        setenv("SSL_CERT_FILE", argv[1], 1);
    /* One-time set-up (the random generators, PSA) is not the context's. */
    sslite_context_free(sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err));
#ifdef BENCH_HAVE_OPENSSL
    SSL_CTX_free(SSL_CTX_new(TLS_client_method()));
#endif

    printf("%-34s %12s %12s %10s\n", "context with the default CAs", "held B", "peak B",
           "mallocs");
    bench_heap_reset_peak();
    bench_heap_get(&h);
    bench_heap_enable(1);
    c = sslite_create_default_context(SSLITE_Purpose_SERVER_AUTH, NULL, NULL, NULL, 0, 0, &err);
    bench_heap_enable(0);
    {
        bench_heap a;
        bench_heap_get(&a);
        row("sslite create_default_context", a.live[0] - h.live[0], a.peak - base(&h),
            a.calls - h.calls);
    }
    sslite_context_cert_store_stats(c, &st);
    printf("  (%d certificates, %d CAs)\n", st.x509, st.x509_ca);
    sslite_context_free(c);
#ifdef BENCH_HAVE_OPENSSL
    {
        SSL_CTX *o;
        bench_heap a;
        bench_heap_reset_peak();
        bench_heap_get(&h);
        bench_heap_enable(1);
        o = SSL_CTX_new(TLS_client_method());
        SSL_CTX_set_default_verify_paths(o);
        bench_heap_enable(0);
        bench_heap_get(&a);
        row("OpenSSL SSL_CTX + default paths", a.live[0] - h.live[0], a.peak - base(&h),
            a.calls - h.calls);
        SSL_CTX_free(o);
    }
#endif
    return 0;
}
