/* How OP_NO_TLSv1_2 / OP_NO_TLSv1_3 and minimum_version / maximum_version
 * decide the negotiated version, and "no protocols available" when
 * nothing is left, as CPython on OpenSSL. */
#include "socket_util.h"


static void none(sslite_context *c) { (void)c; }
static void no13(sslite_context *c)
{
    sslite_context_set_options(c, sslite_context_get_options(c) | SSLITE_OP_NO_TLSv1_3);
}
static void no12(sslite_context *c)
{
    sslite_context_set_options(c, sslite_context_get_options(c) | SSLITE_OP_NO_TLSv1_2);
}
static void no12_13(sslite_context *c)
{
    no12(c);
    no13(c);
}
static void max12(sslite_context *c) { sslite_context_set_maximum_version(c, SSLITE_TLSVersion_TLSv1_2); }
static void min13(sslite_context *c) { sslite_context_set_minimum_version(c, SSLITE_TLSVersion_TLSv1_3); }
static void min12max12(sslite_context *c)
{
    sslite_context_set_minimum_version(c, SSLITE_TLSVersion_TLSv1_2);
    max12(c);
}
static void min13max12(sslite_context *c)
{
    min13(c);
    max12(c);
}
static void minmin(sslite_context *c)
{
    sslite_context_set_minimum_version(c, SSLITE_TLSVersion_MINIMUM_SUPPORTED);
}
static void maxmin(sslite_context *c)
{
    sslite_context_set_maximum_version(c, SSLITE_TLSVersion_MINIMUM_SUPPORTED);
}

/* want: "TLSv1.2"/"TLSv1.3", or NULL for a failure; reason: the client's
 * error reason when it fails locally, or NULL for any SSLError. */
static void run(const char *name, ctx_tweak ct, ctx_tweak st, const char *want, const char *creason,
                const char *sreason)
{
    sslite_context *sctx, *cctx;
    sslite_error err;
    sslite_socket *s;
    peer p;

    s = tweaked_handshake(&p, ct, st, &sctx, &cctx, &err);
    if (want != NULL) {
        ok(s != NULL, "%s: handshake (%s)", name, s ? "ok" : err.message);
        is_str(s ? sslite_socket_version(s) : NULL, want, "%s: client version %s", name, want);
    } else {
        ok(s == NULL && (sslite_errtype_isinstance(err.type, SSLITE_ERR_SSL) ||
                         err.type == SSLITE_ERR_OS),
           "%s: client fails: %s", name, err.message);
        if (creason != NULL)
            is_str(err.reason, creason, "%s: client reason", name);
    }
    sslite_socket_free(s);
    peer_join(&p);
    if (want != NULL) {
        is_str(p.version, want, "%s: server version", name);
    } else {
        ok(p.hs_result < 0, "%s: server fails: %s", name, p.err.message);
        if (sreason != NULL)
            is_str(p.err.reason, sreason, "%s: server reason", name);
    }
    sslite_context_free(sctx);
    sslite_context_free(cctx);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    run("defaults", none, none, "TLSv1.3", NULL, NULL);
    run("client OP_NO_TLSv1_3", no13, none, "TLSv1.2", NULL, NULL);
    run("server OP_NO_TLSv1_3", none, no13, "TLSv1.2", NULL, NULL);
    run("client maximum_version TLSv1_2", max12, none, "TLSv1.2", NULL, NULL);
    run("server maximum_version TLSv1_2", none, max12, "TLSv1.2", NULL, NULL);
    run("client min=max=TLSv1_2", min12max12, none, "TLSv1.2", NULL, NULL);
    run("client minimum_version MINIMUM_SUPPORTED", minmin, none, "TLSv1.3", NULL, NULL);
    run("client maximum_version MINIMUM_SUPPORTED (TLS 1.2 here)", maxmin, none, "TLSv1.2", NULL,
        NULL);
    run("client OP_NO_TLSv1_2, server max 1.2", no12, max12, NULL, NULL, NULL);
    run("client min 1.3, server max 1.2", min13, max12, NULL, NULL, NULL);
    run("client OP_NO_TLSv1_2 alone", no12, none, "TLSv1.3", NULL, NULL);
    run("client min > max", min13max12, none, NULL, "NO_PROTOCOLS_AVAILABLE", NULL);
    run("client OP_NO_TLSv1_2|OP_NO_TLSv1_3", no12_13, none, NULL, "NO_PROTOCOLS_AVAILABLE", NULL);
    run("server min > max", none, min13max12, NULL, NULL, "NO_PROTOCOLS_AVAILABLE");

    {
        sslite_error err;
        sslite_context *c = sslite_context_new(SSLITE_PROTOCOL_TLSv1_2, &err);
        sslite_context *s = server_ctx("server-rsa.pem", "server-rsa.key");
        sslite_socket *cs;
        peer p;
        int sv[2];
        sslite_context_set_verify_mode(c, SSLITE_CERT_NONE);
        pair(sv);
        peer_start(&p, s, sv[1], 1, PEER_CLOSE);
        peer_run(&p);
        cs = sslite_context_wrap_socket(c, sv[0], 0, 1, 1, NULL, NULL, &err);
        is_str(cs ? sslite_socket_version(cs) : err.message, "TLSv1.2",
               "PROTOCOL_TLSv1_2 speaks TLS 1.2 only");
        sslite_socket_free(cs);
        peer_join(&p);
        sslite_context_free(c);
        sslite_context_free(s);
    }
    return done_testing();
}
