/* SSLContext.sni_callback: called once per server handshake with the name
 * the client sent (NULL without SNI, as CPython passes None), may switch the
 * connection to another context (its certificate is served and context()
 * returns it), or aborts with an alert: the client then reports the alert,
 * the server "[SSL: CALLBACK_FAILED] callback failed" — what python3 prints
 * for the same callbacks. */
#include "tap.h"
#include "../unit/handshake_util.h"

typedef struct sni_state {
    int calls;
    char name[64];
    int got_null;
    sslite_context *switch_to;
    int alert;
} sni_state;

static int on_sni(const char *server_name, sslite_context *ctx, sslite_context **use_ctx,
                  void *ud)
{
    sni_state *st = ud;
    (void)ctx;
    st->calls++;
    st->got_null = server_name == NULL;
    snprintf(st->name, sizeof(st->name), "%s", server_name ? server_name : "");
    if (st->switch_to != NULL)
        *use_ctx = st->switch_to;
    return st->alert;
}

typedef struct srv {
    sslite_context *ctx;
    int fd;
    sslite_error err;
    int ok;
    sslite_context *ctx_after;
} srv;

static void *serve(void *arg)
{
    srv *v = arg;
    sslite_socket *s = sslite_context_wrap_socket(v->ctx, v->fd, 1, 1, 1, NULL, NULL, &v->err);
    v->ok = s != NULL;
    if (s != NULL)
        v->ctx_after = sslite_socket_context(s);
    sslite_socket_free(s);
    return NULL;
}

/* One handshake; returns the client socket (or NULL with *cerr). */
static sslite_socket *run(srv *v, sslite_context *sctx, sslite_context *cctx, const char *host,
                          pthread_t *th, sslite_error *cerr)
{
    int sv[2];
    sslite_socket *s;
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    memset(v, 0, sizeof(*v));
    v->ctx = sctx;
    v->fd = sv[1];
    pthread_create(th, NULL, serve, v);
    s = sslite_context_wrap_socket(cctx, sv[0], 0, 1, 1, host, NULL, cerr);
    return s;
}

/* The peer's certificate is exactly the one in the PEM file. */
static int peer_is(sslite_socket *s, const char *pem_name)
{
    const unsigned char *der;
    unsigned char *want = NULL;
    size_t len, want_len = 0, n;
    char pem[8192];
    FILE *f = fopen(cert_path(pem_name), "r");
    int r;

    n = f ? fread(pem, 1, sizeof(pem) - 1, f) : 0;
    if (f)
        fclose(f);
    pem[n] = '\0';
    r = sslite_socket_getpeercert_der(s, &der, &len) == 1 &&
        sslite_PEM_cert_to_DER_cert(pem, n, &want, &want_len, NULL) == 0 &&
        want_len == len && memcmp(want, der, len) == 0;
    free(want);
    return r;
}

int main(void)
{
    sslite_context *rsa = server_ctx("server-rsa.pem", "server-rsa.key");
    sslite_context *ec = server_ctx("server-ec.pem", "server-ec.key");
    sslite_context *cctx = client_ctx();
    sni_state st;
    srv v;
    pthread_t th;
    sslite_error err;
    sslite_socket *s;
    sslite_cipher_info ci;

    memset(&st, 0, sizeof(st));
    is_int(sslite_context_set_sni_callback(rsa, on_sni, &st), 0, "set sni_callback");

    /* 1. the name arrives; nothing switched */
    s = run(&v, rsa, cctx, "localhost", &th, &err);
    ok(s != NULL, "handshake with a callback that keeps the context: %s", s ? "ok" : err.message);
    sslite_socket_free(s);
    pthread_join(th, NULL);
    is_int(st.calls, 1, "called once");
    is_str(st.name, "localhost", "with the SNI name");
    ok(v.ctx_after == rsa, "server context() unchanged");

    /* 2. no SNI (an IP address): called with NULL */
    s = run(&v, rsa, cctx, "127.0.0.1", &th, &err);
    ok(s != NULL, "handshake without SNI: %s", s ? "ok" : err.message);
    sslite_socket_free(s);
    pthread_join(th, NULL);
    is_int(st.calls, 2, "called without SNI too");
    ok(st.got_null, "with NULL, as CPython's None");

    /* 3. switch to the ECDSA context: its certificate is served */
    st.switch_to = ec;
    sslite_context_set_maximum_version(cctx, SSLITE_TLSVersion_TLSv1_2);
    s = run(&v, rsa, cctx, "localhost", &th, &err);
    ok(s != NULL, "handshake after switching contexts: %s", s ? "ok" : err.message);
    if (s != NULL) {
        sslite_socket_cipher(s, &ci);
        is_str(ci.name, "ECDHE-ECDSA-AES256-GCM-SHA384", "the ECDSA certificate was served");
        ok(peer_is(s, "server-ec.pem"), "peer certificate is server-ec.pem");
    }
    sslite_socket_free(s);
    pthread_join(th, NULL);
    ok(v.ok && v.ctx_after == ec, "server context() is the context switched to");
    sslite_context_set_maximum_version(cctx, SSLITE_TLSVersion_MAXIMUM_SUPPORTED);
    st.switch_to = NULL;

    /* 4. abort with an alert */
    st.alert = SSLITE_ALERT_DESCRIPTION_ACCESS_DENIED;
    s = run(&v, rsa, cctx, "localhost", &th, &err);
    ok(s == NULL, "the callback's alert aborts the handshake");
    is_str(err.reason, "TLSV1_ALERT_ACCESS_DENIED", "client: %s", err.message);
    pthread_join(th, NULL);
    ok(!v.ok, "server failed");
    is_str(v.err.reason, "CALLBACK_FAILED", "server: %s", v.err.message);
    ok(strncmp(v.err.message, "[SSL: CALLBACK_FAILED] callback failed", 38) == 0,
       "server message as CPython's");

    /* 5. removing the callback */
    st.alert = 0;
    sslite_context_set_sni_callback(rsa, NULL, NULL);
    st.calls = 0;
    s = run(&v, rsa, cctx, "localhost", &th, &err);
    ok(s != NULL, "handshake without a callback");
    sslite_socket_free(s);
    pthread_join(th, NULL);
    is_int(st.calls, 0, "not called once removed");

    sslite_context_free(rsa);
    sslite_context_free(ec);
    sslite_context_free(cctx);
    return done_testing();
}
