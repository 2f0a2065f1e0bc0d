/* Memory an idle connection keeps: MemoryBIO chunks are freed once
 * drained (every way of draining: read, consume, a cancelled reservation),
 * so the two BIOs of an established, idle SSLObject hold no buffer; bytes
 * still queued or reserved stay.  Uses the internal byte count. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "internal.h"
#include "object_util.h"

static void test_bio_release(void)
{
    sslite_memorybio *b = sslite_memorybio_new();
    static unsigned char big[40000];
    unsigned char buf[64], *w;
    const unsigned char *p;
    size_t n;

    is_int(sslite__memorybio_held(b), 0, "a new BIO holds nothing");
    is_int(sslite_memorybio_error(b)->type, 0, "and has no error");
    is_int(sslite_memorybio_consume(b, 1), SSLITE_ERR_VALUE, "an error");
    ok(strncmp(sslite_memorybio_error(b)->message, "cannot consume 1 bytes", 22) == 0,
       "gets its message: %s", sslite_memorybio_error(b)->message);
    is_int(sslite_memorybio_pending(b), 0, "nothing pending");
    sslite_memorybio_write(b, "", 0);
    is_int(sslite_memorybio_error(b)->type, 0, "the next call clears it");
    sslite_memorybio_write(b, "hello", 5);
    ok(sslite__memorybio_held(b) > 0, "a write allocates");
    ok(sslite__memorybio_held(b) <= 8192, "a small write takes a small chunk (%zu bytes)",
       sslite__memorybio_held(b));
    sslite_memorybio_read(b, buf, 2, sizeof(buf));
    ok(sslite__memorybio_held(b) > 0, "a partial read keeps the chunk");
    sslite_memorybio_read(b, buf, -1, sizeof(buf));
    is_int(sslite__memorybio_held(b), 0, "read to empty: released");

    sslite_memorybio_write(b, big, sizeof(big));
    sslite_memorybio_write(b, "x", 1);
    ok(sslite__memorybio_held(b) >= sizeof(big) + 1, "a large write gets its own chunk");
    while ((p = sslite_memorybio_peek(b, &n)) != NULL)
        sslite_memorybio_consume(b, n);
    is_int(sslite__memorybio_held(b), 0, "peek/consume to empty: released");

    w = sslite_memorybio_reserve(b, 100);
    ok(w != NULL && sslite__memorybio_held(b) >= 100, "reserve allocates");
    sslite_memorybio_commit(b, 0);
    is_int(sslite__memorybio_held(b), 0, "commit(0): released");
    w = sslite_memorybio_reserve(b, 100);
    memcpy(w, "abc", 3);
    sslite_memorybio_commit(b, 3);
    sslite_memorybio_read(b, buf, -1, sizeof(buf));
    is_int(sslite__memorybio_held(b), 0, "reserve, commit, read: released");
    /* Not promised by the header (a reservation lasts until the next
     * call), but a read in between must not free the chunk under it. */
    w = sslite_memorybio_reserve(b, 10);
    ok(w != NULL, "reserve on an empty BIO");
    is_int(sslite_memorybio_read(b, buf, -1, sizeof(buf)), 0, "a read meanwhile reads nothing");
    ok(sslite__memorybio_held(b) > 0, "and keeps the reserved chunk");
    memcpy(w, "0123456789", 10);
    is_int(sslite_memorybio_commit(b, 10), 0, "which can still be committed");
    is_int(sslite_memorybio_read(b, buf, -1, sizeof(buf)), 10, "and read");
    ok(memcmp(buf, "0123456789", 10) == 0, "intact");
    is_int(sslite__memorybio_held(b), 0, "then released");
    sslite_memorybio_free(b);
}

/* An established SSLObject pair after a request and a reply, both ways
 * pumped: no BIO holds a buffer. */
static void test_idle_object(int tls13)
{
    sslite_context *s = server_ctx("server-rsa.pem", "server-rsa.key");
    sslite_context *c = client_ctx();
    int v = tls13 ? SSLITE_TLSVersion_TLSv1_3 : SSLITE_TLSVersion_TLSv1_2;
    const char *name = tls13 ? "TLS 1.3" : "TLS 1.2";
    char buf[64], who = 0;
    pair p;

    sslite_context_set_maximum_version(c, v);
    if (pair_init(&p, KIND_BIO, c, s, "localhost", NULL, 0) < 0 || pair_handshake(&p, &who) < 0) {
        ok(0, "%s: handshake (%c: %s)", name, who, p.err.message);
        pair_free(&p);
        sslite_context_free(c);
        sslite_context_free(s);
        return;
    }
    is_int(sslite_object_write(p.c.obj, "ping", 4), 4, "%s: client writes", name);
    pair_pump(&p);
    is_int(sslite_object_read(p.s.obj, buf, sizeof(buf)), 4, "%s: server reads", name);
    is_int(sslite_object_write(p.s.obj, "pong", 4), 4, "%s: server writes", name);
    pair_pump(&p);
    is_int(sslite_object_read(p.c.obj, buf, sizeof(buf)), 4, "%s: client reads", name);
    pair_pump(&p);
    is_int(sslite__memorybio_held(p.c.in) + sslite__memorybio_held(p.c.out) +
               sslite__memorybio_held(p.s.in) + sslite__memorybio_held(p.s.out),
           0, "%s: idle, the four BIOs hold no buffer", name);
    pair_free(&p);
    sslite_context_free(c);
    sslite_context_free(s);
}

int main(void)
{
    test_bio_release();
    test_idle_object(1);
    test_idle_object(0);
    return done_testing();
}
