/* TLS 1.3 post-handshake authentication against a peer that breaks its
 * rules (RFC 8446 4.3.2, 4.4.2, 4.6.2), the messages injected as protected
 * records (backends/inject.h): a CertificateRequest to a client that did
 * not offer post_handshake_auth, a client Certificate whose context is not
 * the request's, and one nobody asked for.  Each is a fatal SSLError at
 * the receiver, which alerts its peer and stays failed; nothing crashes or
 * hangs, and no certificate is taken. */
#include "tap.h"
#include "object_util.h"
#include "internal.h"
#include "inject.h"

#define HANDSHAKE 22

/* CertificateRequest: context {0xaa}, signature_algorithms
 * ecdsa_secp256r1_sha256, rsa_pss_rsae_sha256. */
static const unsigned char cert_request[] = {
    13, 0, 0, 14, 1, 0xaa, 0, 10, 0, 13, 0, 6, 0, 4, 4, 3, 8, 4,
};
/* Certificate: context {0x99}, no certificates. */
static const unsigned char certificate_ctx99[] = {11, 0, 0, 5, 1, 0x99, 0, 0, 0};
/* Certificate: empty context, no certificates. */
static const unsigned char certificate_empty[] = {11, 0, 0, 4, 0, 0, 0, 0};

static int setup(pair *p, int client_pha)
{
    sslite_context *cctx = client_ctx(), *sctx = server_ctx("server-ec.pem", "server-ec.key");

    sslite_context_set_post_handshake_auth(cctx, client_pha);
    sslite_context_load_cert_chain(cctx, cert_path("client.pem"), cert_path("client.key"), NULL,
                                   NULL, NULL);
    sslite_context_load_verify_locations(sctx, cert_path("ca.pem"), NULL, NULL, 0, 0);
    sslite_context_set_verify_mode(sctx, SSLITE_CERT_REQUIRED);
    sslite_context_set_post_handshake_auth(sctx, 1);
    return pair_connect(p, KIND_BIO, cctx, sctx);
}

/* Read on `victim` until it fails (bounded); its result. */
static int read_until_error(pair *p, sslite_object *victim)
{
    unsigned char buf[64];
    int r = SSLITE_ERR_WANT_READ;

    for (int i = 0; i < 20 && is_want(r); i++) {
        pair_pump(p);
        r = (int)sslite_object_read(victim, buf, sizeof(buf));
    }
    return r;
}

/* The victim failed with reason `reason`; its peer then reads the alert. */
static void check_failed(pair *p, sslite_object *victim, sslite_object *peer, int r,
                         const char *reason, const char *alert, const char *what)
{
    const sslite_error *e = sslite_object_error(victim);
    int pr;

    ok(r == SSLITE_ERR_SSL && e->reason != NULL && strcmp(e->reason, reason) == 0,
       "%s: SSLError %s (%d: %s)", what, reason, r, e->message);
    ok(sslite_object_write(victim, "x", 1) < 0, "%s: the connection stays failed", what);
    pr = read_until_error(p, peer);
    e = sslite_object_error(peer);
    ok(pr == SSLITE_ERR_SSL && strstr(e->message, alert) != NULL,
       "%s: the peer reads the %s alert (%s)", what, alert, e->message);
}

/* RFC 8446 4.6.2: a client that did not send post_handshake_auth answers
 * a CertificateRequest with a fatal unexpected_message alert (OpenSSL:
 * SSL_R_UNEXPECTED_MESSAGE). */
static void request_without_offer(void)
{
    pair p;

    if (ok(setup(&p, 0) == 0, "no offer: handshake")) {
        ok(sslite__inject_record(p.s.obj, HANDSHAKE, cert_request, sizeof(cert_request)) == 0,
           "no offer: the server sends a CertificateRequest anyway");
        check_failed(&p, p.c.obj, p.s.obj, read_until_error(&p, p.c.obj), "UNEXPECTED_MESSAGE",
                     "unexpected message", "no offer");
    }
    pair_free(&p);
}

/* RFC 8446 4.4.2: the client's Certificate echoes the request's context.
 * A client that offered sends one with another context: the server fails
 * it as OpenSSL does (INVALID_CONTEXT, a decode_error alert). */
static void wrong_context(void)
{
    pair p;
    const unsigned char *der;
    size_t len;

    if (ok(setup(&p, 1) == 0, "wrong context: handshake")) {
        ok(sslite_object_verify_client_post_handshake(p.s.obj) == 0,
           "wrong context: the server's request");
        /* Ahead of the request reaching it, the client sends its own
         * "answer" with a context of its choosing. */
        ok(sslite__inject_record(p.c.obj, HANDSHAKE, certificate_ctx99,
                                 sizeof(certificate_ctx99)) == 0,
           "wrong context: the client's Certificate with context 0x99");
        bio_move(p.c.out, p.s.in);
        check_failed(&p, p.s.obj, p.c.obj, read_until_error(&p, p.s.obj), "INVALID_CONTEXT",
                     "decode error", "wrong context");
        ok(sslite_object_getpeercert_der(p.s.obj, &der, &len) <= 0,
           "wrong context: the server took no certificate");
    }
    pair_free(&p);
}

/* A client Certificate no request asked for: unexpected_message, sent
 * as RFC 8446 6.2 requires (Mbed TLS on its own failed without it). */
static void unrequested_certificate(void)
{
    pair p;

    if (ok(setup(&p, 1) == 0, "unrequested: handshake")) {
        ok(sslite__inject_record(p.c.obj, HANDSHAKE, certificate_empty,
                                 sizeof(certificate_empty)) == 0,
           "unrequested: the client sends a Certificate");
        check_failed(&p, p.s.obj, p.c.obj, read_until_error(&p, p.s.obj), "UNEXPECTED_MESSAGE",
                     "unexpected message", "unrequested");
    }
    pair_free(&p);
}

int main(void)
{
    if (!have_pha())
        skip_all("built with -Dpost_handshake_auth=disabled (or a system Mbed TLS)");
    request_without_offer();
    wrong_context();
    unrequested_certificate();
    return done_testing();
}
