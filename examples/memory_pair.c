/*
 * memory_pair: a TLS client and a TLS server in one process, with no
 * sockets at all.  Each side is an SSLObject over two MemoryBIOs; the
 * program itself carries the bytes from one side's outgoing BIO to the
 * other side's incoming BIO, which is all a "network" is to TLS.
 *
 *   memory_pair CERTDIR     (CERTDIR holds ca.pem, server-rsa.pem/.key)
 *
 * Exit status 0 when the handshake, one request/response and the
 * close_notify exchange all worked.
 */
#include <stdio.h>
#include <string.h>
#include <sslite/sslite.h>

typedef struct side {
    const char *name;
    sslite_object *obj;
    sslite_memorybio *in, *out;
} side;

/* The "network": everything one side wrote goes to the other. */
static void deliver(side *from, side *to)
{
    const unsigned char *p;
    size_t n;

    while ((p = sslite_memorybio_peek(from->out, &n)) != NULL) {
        printf("  %s -> %s: %zu bytes\n", from->name, to->name, n);
        sslite_memorybio_write(to->in, p, n);
        sslite_memorybio_consume(from->out, n);
    }
}

static void fail(const side *s, const char *what)
{
    const sslite_error *e = sslite_object_error(s->obj);
    fprintf(stderr, "%s: %s failed: %s: %s\n", s->name, what, sslite_errtype_name(e->type),
            e->message);
}

#define CHECK(cond, sd, what)                                                                 \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            fail((sd), (what));                                                               \
            goto out;                                                                         \
        }                                                                                     \
    } while (0)

static int setup(side *s, const char *name, sslite_context *ctx, int server)
{
    sslite_error err;

    s->name = name;
    s->in = sslite_memorybio_new();
    s->out = sslite_memorybio_new();
    s->obj = sslite_context_wrap_bio(ctx, s->in, s->out, server, server ? NULL : "localhost",
                                     NULL, &err);
    if (s->obj == NULL) {
        fprintf(stderr, "%s: wrap_bio: %s\n", name, err.message);
        return -1;
    }
    return 0;
}

static void teardown(side *s)
{
    sslite_object_free(s->obj);
    sslite_memorybio_free(s->in);
    sslite_memorybio_free(s->out);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    char ca[1024], cert[1024], key[1024], buf[256];
    sslite_context *cctx, *sctx;
    sslite_error err;
    sslite_cipher_info ci;
    side c = {0}, s = {0};
    int rc = 1, cdone = 0, sdone = 0;
    ssize_t n;

    snprintf(ca, sizeof(ca), "%s/ca.pem", dir);
    snprintf(cert, sizeof(cert), "%s/server-rsa.pem", dir);
    snprintf(key, sizeof(key), "%s/server-rsa.key", dir);

    /* Ordinary contexts: the objects do not care where bytes travel. */
    cctx = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
    sctx = sslite_context_new(SSLITE_PROTOCOL_TLS_SERVER, &err);
    if (cctx == NULL || sctx == NULL ||
        sslite_context_load_verify_locations(cctx, ca, NULL, NULL, 0, 0) < 0 ||
        sslite_context_load_cert_chain(sctx, cert, key, NULL, NULL, NULL) < 0) {
        fprintf(stderr, "contexts: cannot load the certificates from %s\n", dir);
        goto out;
    }
    if (setup(&c, "client", cctx, 0) < 0 || setup(&s, "server", sctx, 1) < 0)
        goto out;

    /* Handshake: step both sides, deliver, until neither wants to read. */
    printf("handshake\n");
    for (int round = 0; round < 20 && !(cdone && sdone); round++) {
        int r;
        if (!cdone) {
            r = sslite_object_do_handshake(c.obj);
            CHECK(r == 0 || r == SSLITE_ERR_WANT_READ, &c, "do_handshake");
            cdone = r == 0;
        }
        if (!sdone) {
            r = sslite_object_do_handshake(s.obj);
            CHECK(r == 0 || r == SSLITE_ERR_WANT_READ, &s, "do_handshake");
            sdone = r == 0;
        }
        deliver(&c, &s);
        deliver(&s, &c);
    }
    if (!(cdone && sdone)) {
        fprintf(stderr, "handshake did not finish\n");
        goto out;
    }
    sslite_object_cipher(c.obj, &ci);
    printf("  %s, %s\n", sslite_object_version(c.obj), ci.name);

    /* One request, one response. */
    CHECK(sslite_object_write(c.obj, "ping\n", 5) == 5, &c, "write");
    deliver(&c, &s);
    n = sslite_object_read(s.obj, buf, sizeof(buf) - 1);
    CHECK(n == 5 && memcmp(buf, "ping\n", 5) == 0, &s, "read");
    printf("server got: ping\n");
    CHECK(sslite_object_write(s.obj, "pong\n", 5) == 5, &s, "write");
    deliver(&s, &c);
    n = sslite_object_read(c.obj, buf, sizeof(buf) - 1);
    CHECK(n == 5 && memcmp(buf, "pong\n", 5) == 0, &c, "read");
    printf("client got: pong\n");

    /* Closing: the client's unwrap() sends close_notify and wants the
     * server's; the server reads b'' and answers with its own. */
    printf("close_notify\n");
    CHECK(sslite_object_unwrap(c.obj) == SSLITE_ERR_WANT_READ, &c, "unwrap");
    deliver(&c, &s);
    CHECK(sslite_object_read(s.obj, buf, sizeof(buf)) == 0, &s, "read at close_notify");
    CHECK(sslite_object_unwrap(s.obj) == 0, &s, "unwrap");
    deliver(&s, &c);
    CHECK(sslite_object_unwrap(c.obj) == 0, &c, "unwrap");
    printf("done\n");
    rc = 0;
out:
    teardown(&c);
    teardown(&s);
    sslite_context_free(cctx);
    sslite_context_free(sctx);
    return rc;
}
