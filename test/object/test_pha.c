/* TLS 1.3 post-handshake authentication (verify_client_post_handshake()),
 * both ends sslite, over memory BIOs and over small callback pipes (whose
 * would-blocks interrupt the client's answer): the certificate a server
 * gets, the CERT_REQUIRED / CERT_OPTIONAL rules for an empty answer, a bad
 * certificate, OpenSSL's refusals (none fatal), and application data
 * around the exchange arriving once and in order. */
#include "tap.h"
#include "object_util.h"

static int kind;

/* Each side's reads until want-read; what the server read goes to buf. */
static int drive(pair *p, unsigned char *got, size_t *gotlen, int *cerr, int *serr)
{
    unsigned char tmp[256];

    for (int i = 0; i < 50; i++) {
        int rc, rs;
        pair_pump(p);
        rc = (int)sslite_object_read(p->c.obj, tmp, sizeof(tmp));
        if (rc < 0 && !is_want(rc)) {
            *cerr = rc;
            return -1;
        }
        rs = (int)sslite_object_read(p->s.obj, got + *gotlen, 64);
        if (rs > 0)
            *gotlen += (size_t)rs;
        else if (rs < 0 && !is_want(rs)) {
            *serr = rs;
            return -1;
        }
        if (pair_pump(p) == 0 && rc < 0 && rs < 0)
            return 0;
    }
    return 0;
}

/* The client's write, retried while the server reads what blocks it (a
 * small pipe fills with the client's answer). */
static int client_write(pair *p, const char *data, unsigned char *got, size_t *gotlen)
{
    size_t len = strlen(data);

    for (int i = 0; i < 50; i++) {
        int r = (int)sslite_object_write(p->c.obj, data, len);
        if (r == (int)len)
            return 0;
        if (!is_want(r))
            return r;
        pair_pump(p);
        r = (int)sslite_object_read(p->s.obj, got + *gotlen, 64);
        if (r > 0)
            *gotlen += (size_t)r;
        else if (!is_want(r))
            return r;
    }
    return -1;
}

/* A handshake between a client (post_handshake_auth = client_pha, with
 * the client certificate when with_cert) and a server verifying in
 * server_mode (post_handshake_auth on); max: the highest version. */
static int setup(pair *p, int client_pha, const char *cert, int server_mode, int max)
{
    sslite_context *cctx = client_ctx(), *sctx = server_ctx("server-ec.pem", "server-ec.key");

    sslite_context_set_post_handshake_auth(cctx, client_pha);
    if (cert != NULL)
        sslite_context_load_cert_chain(cctx, cert_path(cert), cert_path(cert[0] == 'c'
                                                                            ? "client.key"
                                                                            : "server-ec.key"),
                                       NULL, NULL, NULL);
    sslite_context_load_verify_locations(sctx, cert_path("ca.pem"), NULL, NULL, 0, 0);
    sslite_context_set_verify_mode(sctx, server_mode);
    sslite_context_set_post_handshake_auth(sctx, 1);
    if (max)
        sslite_context_set_maximum_version(sctx, max);
    return pair_connect(p, kind, cctx, sctx);
}

static void exchange(int server_mode, const char *cert, int want_ok, const char *what)
{
    pair p;
    unsigned char got[512];
    size_t gotlen = 0;
    int cerr = 0, serr = 0;
    const unsigned char *der;
    size_t derlen;

    if (!ok(setup(&p, 1, cert, server_mode, 0) == 0, "%s (%s): handshake", what,
            kind_name(kind))) {
        pair_free(&p);
        return;
    }
    /* No certificate was asked for in the handshake. */
    ok(sslite_object_getpeercert_der(p.s.obj, &der, &derlen) == 0,
       "%s: no client certificate before the request", what);
    ok(sslite_object_write(p.c.obj, "before|", 7) == 7, "%s: client data before", what);
    ok(sslite_object_verify_client_post_handshake(p.s.obj) == 0, "%s: request accepted", what);
    ok(sslite_object_verify_client_post_handshake(p.s.obj) == SSLITE_ERR_SSL &&
           strcmp(sslite_object_error(p.s.obj)->reason, "REQUEST_SENT") == 0,
       "%s: a second request while one is outstanding: REQUEST_SENT", what);
    ok(sslite_object_write(p.s.obj, "srv|", 4) == 4, "%s: server data after the request", what);
    drive(&p, got, &gotlen, &cerr, &serr);
    if (cerr == 0 && serr == 0) {
        int r = client_write(&p, "after", got, &gotlen);
        if (r < 0 && !want_ok)
            serr = r;
        else
            ok(r == 0, "%s: client data after", what);
    }
    drive(&p, got, &gotlen, &cerr, &serr);
    if (want_ok) {
        ok(cerr == 0 && serr == 0, "%s: no error (client %d, server %d: %s)", what, cerr, serr,
           serr ? sslite_object_error(p.s.obj)->message : "");
        ok(gotlen == 12 && memcmp(got, "before|after", 12) == 0,
           "%s: the client's data arrived once, in order", what);
        ok(sslite_object_getpeercert_der(p.s.obj, &der, &derlen) == (cert != NULL),
           "%s: the server %s the client's certificate", what, cert ? "has" : "still lacks");
        if (cert != NULL) {
            ok(sslite_object_verify_client_post_handshake(p.s.obj) == 0,
               "%s: a second exchange is accepted", what);
            gotlen = 0;
            ok(client_write(&p, "again", got, &gotlen) == 0, "%s: more data", what);
            drive(&p, got, &gotlen, &cerr, &serr);
            ok(cerr == 0 && serr == 0 && gotlen == 5 && memcmp(got, "again", 5) == 0,
               "%s: the second exchange completed, the data intact", what);
        }
    } else {
        ok(serr != 0, "%s: the server's read fails: %s", what,
           serr ? sslite_object_error(p.s.obj)->message : "(none)");
        ok(sslite_object_getpeercert_der(p.s.obj, &der, &derlen) <= 0,
           "%s: no certificate for getpeercert", what);
    }
    pair_free(&p);
}

/* The client's KeyUpdate, sent before it saw the request, reaches the
 * server ahead of the answer: taken in, then the answer. */
static void key_update_first(void)
{
    pair p;
    unsigned char got[64];
    size_t gotlen = 0;
    int cerr = 0, serr = 0;
    const unsigned char *der;
    size_t len;

    if (!ok(setup(&p, 1, "client.pem", SSLITE_CERT_REQUIRED, 0) == 0, "KeyUpdate first: handshake"))
        goto out;
    ok(sslite_object_verify_client_post_handshake(p.s.obj) == 0, "KeyUpdate first: request");
    ok(sslite_object_key_update(p.c.obj, 1) == 0, "KeyUpdate first: the client's KeyUpdate");
    drive(&p, got, &gotlen, &cerr, &serr);
    ok(client_write(&p, "data", got, &gotlen) == 0, "KeyUpdate first: data");
    drive(&p, got, &gotlen, &cerr, &serr);
    ok(cerr == 0 && serr == 0 && gotlen == 4 && memcmp(got, "data", 4) == 0,
       "KeyUpdate first: no error, the data intact (server: %s)",
       serr ? sslite_object_error(p.s.obj)->message : "ok");
    ok(sslite_object_getpeercert_der(p.s.obj, &der, &len) == 1,
       "KeyUpdate first: the server has the client's certificate");
out:
    pair_free(&p);
}

static void refusals(void)
{
    pair p;

    if (ok(setup(&p, 1, "client.pem", SSLITE_CERT_REQUIRED, 0) == 0, "refusals: handshake")) {
        ok(sslite_object_verify_client_post_handshake(p.c.obj) == SSLITE_ERR_SSL &&
               strcmp(sslite_object_error(p.c.obj)->reason, "NOT_SERVER") == 0,
           "a client's request: NOT_SERVER (%s)", sslite_object_error(p.c.obj)->message);
        ok(sslite_object_write(p.c.obj, "x", 1) == 1, "not fatal: the client still writes");
    }
    pair_free(&p);

    if (ok(setup(&p, 0, "client.pem", SSLITE_CERT_REQUIRED, 0) == 0,
           "client without post_handshake_auth: handshake")) {
        ok(sslite_object_verify_client_post_handshake(p.s.obj) == SSLITE_ERR_SSL &&
               strstr(sslite_object_error(p.s.obj)->message, "extension not received") != NULL,
           "the server's request: EXTENSION_NOT_RECEIVED (%s)",
           sslite_object_error(p.s.obj)->message);
        ok(sslite_object_write(p.s.obj, "x", 1) == 1, "not fatal: the server still writes");
    }
    pair_free(&p);

    if (ok(setup(&p, 1, "client.pem", SSLITE_CERT_REQUIRED, SSLITE_TLSVersion_TLSv1_2) == 0,
           "TLS 1.2: handshake")) {
        const unsigned char *der;
        size_t len;
        ok(sslite_object_getpeercert_der(p.s.obj, &der, &len) == 1,
           "TLS 1.2: the certificate was asked for in the handshake");
        ok(sslite_object_verify_client_post_handshake(p.s.obj) == SSLITE_ERR_SSL &&
               strcmp(sslite_object_error(p.s.obj)->reason, "WRONG_SSL_VERSION") == 0,
           "TLS 1.2: WRONG_SSL_VERSION (%s)", sslite_object_error(p.s.obj)->message);
    }
    pair_free(&p);
}

int main(void)
{
    if (!have_pha())
        skip_all("built with -Dpost_handshake_auth=disabled (or a system Mbed TLS)");
    for (kind = KIND_BIO; kind <= KIND_CB; kind++) {
        exchange(SSLITE_CERT_REQUIRED, "client.pem", 1, "required, with a certificate");
        exchange(SSLITE_CERT_OPTIONAL, "client.pem", 1, "optional, with a certificate");
        exchange(SSLITE_CERT_OPTIONAL, NULL, 1, "optional, without one");
        exchange(SSLITE_CERT_REQUIRED, NULL, 0, "required, without one");
        /* A server certificate: its key usage says serverAuth only. */
        exchange(SSLITE_CERT_REQUIRED, "server-ec.pem", 0, "a certificate not for clients");
        key_update_first();
    }
    refusals();
    return done_testing();
}
