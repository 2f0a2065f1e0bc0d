/*
 * Writes the seed corpora of the SSLObject fuzz targets: real handshakes
 * between sslite's own client and server (the fuzzers' identity, TLS 1.3
 * and 1.2, with and without ALPN), recording what each side sent.
 *
 *   gen_corpus OUTDIR    writes OUTDIR/fuzz_object_server/<name>.bin (what
 *                        the client sent) and OUTDIR/fuzz_object_client/
 *                        <name>.bin (what the server sent)
 */
#include <errno.h>
#include <sys/stat.h>
#include "fuzz_common.h"

typedef struct capture {
    unsigned char *buf;
    size_t len;
} capture;

/* Move one side's output to the other's input, keeping a copy. */
static void move(sslite_memorybio *from, sslite_memorybio *to, capture *cap)
{
    const unsigned char *p;
    size_t n;

    while ((p = sslite_memorybio_peek(from, &n)) != NULL) {
        unsigned char *nb = realloc(cap->buf, cap->len + n);
        if (nb == NULL)
            abort();
        memcpy(nb + cap->len, p, n);
        cap->buf = nb;
        cap->len += n;
        sslite_memorybio_write(to, p, n);
        sslite_memorybio_consume(from, n);
    }
}

static void save(const char *dir, const char *target, const char *name, const capture *cap,
                 size_t len)
{
    char path[1024];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, target);
    if (mkdir(path, 0755) < 0 && errno != EEXIST)
        abort();
    snprintf(path, sizeof(path), "%s/%s/%s.bin", dir, target, name);
    f = fopen(path, "wb");
    if (f == NULL || fwrite(cap->buf, 1, len, f) != len)
        abort();
    fclose(f);
    printf("%s: %zu bytes\n", path, len);
}

/* One connection: handshake, a request and a response, close_notify both
 * ways.  Saves the first flights and the whole streams. */
static void session(const char *dir, const char *name, int maxver, int alpn)
{
    sslite_context *cctx = fuzz_client_ctx(), *sctx = fuzz_server_ctx();
    sslite_memorybio *ci = sslite_memorybio_new(), *co = sslite_memorybio_new();
    sslite_memorybio *si = sslite_memorybio_new(), *so = sslite_memorybio_new();
    sslite_object *c, *s;
    sslite_error err;
    capture c2s = {NULL, 0}, s2c = {NULL, 0};
    size_t first_c = 0, first_s = 0;
    unsigned char buf[64];
    int cd = 0, sd = 0;
    char nm[128];

    if (!alpn)
        sslite_context_set_alpn_protocols(cctx, NULL, 0);
    if (maxver)
        sslite_context_set_maximum_version(cctx, maxver);
    c = sslite_context_wrap_bio(cctx, ci, co, 0, "localhost", NULL, &err);
    s = sslite_context_wrap_bio(sctx, si, so, 1, NULL, NULL, &err);
    if (c == NULL || s == NULL)
        abort();
    for (int i = 0; i < 20 && !(cd && sd); i++) {
        if (!cd)
            cd = sslite_object_do_handshake(c) == 0;
        move(co, si, &c2s);
        if (first_c == 0)
            first_c = c2s.len;
        if (!sd)
            sd = sslite_object_do_handshake(s) == 0;
        move(so, ci, &s2c);
        if (first_s == 0)
            first_s = s2c.len;
    }
    if (!(cd && sd)) {
        fprintf(stderr, "%s: handshake failed\n", name);
        exit(1);
    }
    sslite_object_write(c, "GET / HTTP/1.0\r\n\r\n", 18);
    move(co, si, &c2s);
    (void)sslite_object_read(s, buf, sizeof(buf));
    sslite_object_write(s, "HTTP/1.0 200 OK\r\n\r\n", 19);
    move(so, ci, &s2c);
    (void)sslite_object_read(c, buf, sizeof(buf));
    (void)sslite_object_unwrap(c);
    move(co, si, &c2s);
    (void)sslite_object_read(s, buf, sizeof(buf));
    (void)sslite_object_unwrap(s);
    move(so, ci, &s2c);

    snprintf(nm, sizeof(nm), "%s-first-flight", name);
    save(dir, "fuzz_object_server", nm, &c2s, first_c);
    save(dir, "fuzz_object_client", nm, &s2c, first_s);
    snprintf(nm, sizeof(nm), "%s-stream", name);
    save(dir, "fuzz_object_server", nm, &c2s, c2s.len);
    save(dir, "fuzz_object_client", nm, &s2c, s2c.len);

    free(c2s.buf);
    free(s2c.buf);
    sslite_object_free(c);
    sslite_object_free(s);
    sslite_memorybio_free(ci);
    sslite_memorybio_free(co);
    sslite_memorybio_free(si);
    sslite_memorybio_free(so);
    sslite_context_free(cctx);
    sslite_context_free(sctx);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "fuzz/corpus";

    if (mkdir(dir, 0755) < 0 && errno != EEXIST)
        return 1;
    session(dir, "tls13-alpn", 0, 1);
    session(dir, "tls13", 0, 0);
    session(dir, "tls12-alpn", SSLITE_TLSVersion_TLSv1_2, 1);
    session(dir, "tls12", SSLITE_TLSVersion_TLSv1_2, 0);
    return 0;
}
