/* The message callback (sslite/msg_callback.h): what a client sees of a
 * TLS 1.2 and a TLS 1.3 handshake and a close, with CPython's msg_type
 * values; no application data; a connection wrapped before the callback
 * was set sees nothing. */
#include "tap.h"
#include "object_util.h"

typedef struct seen {
    int n;
    int write[64], version[64], ctype[64], mtype[64];
    size_t len[64];
    int app_data; /* content type 23 reported */
} seen;

static void record(int write, int version, int content_type, int msg_type,
                   const unsigned char *data, size_t len, void *ud)
{
    seen *s = ud;
    (void)data;
    if (content_type == 23)
        s->app_data = 1;
    if (s->n < 64) {
        s->write[s->n] = write;
        s->version[s->n] = version;
        s->ctype[s->n] = content_type;
        s->mtype[s->n] = msg_type;
        s->len[s->n] = len;
        s->n++;
    }
}

static int find(const seen *s, int write, int ctype, int mtype, int version)
{
    for (int i = 0; i < s->n; i++)
        if (s->write[i] == write && s->ctype[i] == ctype && s->mtype[i] == mtype &&
            (version == 0 || s->version[i] == version))
            return i;
    return -1;
}

static void run(int max, const char *what)
{
    sslite_context *cctx = client_ctx(), *sctx = server_ctx("server-ec.pem", "server-ec.key");
    seen s = {0};
    pair p;
    char who;
    unsigned char buf[16];
    int ver = max ? 0x0303 : 0x0304;

    if (max)
        sslite_context_set_maximum_version(cctx, max);
    ok(sslite_context_set_msg_callback(cctx, record, &s) == 0, "%s: callback set", what);
    if (!ok(pair_init(&p, KIND_BIO, cctx, sctx, "localhost", NULL, 0) == 0 &&
                pair_handshake(&p, &who) == 0,
            "%s: handshake", what))
        goto out;
    ok(s.n > 0 && s.write[0] == 1 && s.ctype[0] == 22 && s.mtype[0] == 1 && s.len[0] > 4,
       "%s: first, the ClientHello written, with its header", what);
    ok(find(&s, 0, 22, 2, ver) >= 0, "%s: the ServerHello read, version 0x%04x", what, ver);
    ok(find(&s, 0, 22, 11, ver) >= 0, "%s: the server's Certificate read", what);
    ok(find(&s, 1, 22, 20, ver) >= 0, "%s: our Finished written (in the clear)", what);
    ok(find(&s, 0, 22, 20, ver) >= 0, "%s: the server's Finished read", what);
    if (max)
        ok(find(&s, 1, 20, 0x0101, ver) >= 0,
           "%s: our ChangeCipherSpec, msg_type 0x0101 as CPython's", what);
    ok(sslite_object_write(p.s.obj, "hello", 5) == 5, "%s: data", what);
    pair_pump(&p);
    ok(sslite_object_read(p.c.obj, buf, sizeof(buf)) == 5, "%s: data read", what);
    ok(sslite_object_unwrap(p.c.obj) == SSLITE_ERR_WANT_READ, "%s: close_notify sent", what);
    ok(find(&s, 1, 21, 0, ver) >= 0, "%s: the close_notify alert (msg_type: its description)",
       what);
    ok(!s.app_data, "%s: no application data reported", what);
out:
    pair_free(&p);
    sslite_context_free(cctx);
    sslite_context_free(sctx);
}

static void before_set(void)
{
    sslite_context *cctx = client_ctx(), *sctx = server_ctx("server-ec.pem", "server-ec.key");
    seen s = {0};
    pair p;
    char who;

    ok(pair_init(&p, KIND_BIO, cctx, sctx, "localhost", NULL, 0) == 0, "wrapped first");
    sslite_context_set_msg_callback(cctx, record, &s);
    ok(pair_handshake(&p, &who) == 0 && s.n == 0,
       "a connection wrapped before the callback was set reports nothing (%d)", s.n);
    pair_free(&p);
    sslite_context_set_msg_callback(cctx, NULL, NULL);
    ok(pair_init(&p, KIND_BIO, cctx, sctx, "localhost", NULL, 0) == 0 &&
           pair_handshake(&p, &who) == 0 && s.n == 0,
       "cleared: nothing reported");
    pair_free(&p);
    sslite_context_free(cctx);
    sslite_context_free(sctx);
}

int main(void)
{
    run(SSLITE_TLSVersion_TLSv1_2, "TLS 1.2");
    run(0, "TLS 1.3");
    before_set();
    return done_testing();
}
