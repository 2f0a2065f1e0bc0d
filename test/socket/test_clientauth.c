/* Client certificates: a server's CERT_NONE / CERT_OPTIONAL /
 * CERT_REQUIRED with and without one, as CPython on OpenSSL behaves
 * (CERT_OPTIONAL verifies a certificate that is sent and aborts on a bad
 * one); load_cert_chain with a password string, a callback, a combined
 * file and an encrypted key. */
#include "socket_util.h"

typedef struct srv {
    pthread_t th;
    sslite_context *ctx;
    int fd;
    int result;
    sslite_error err;
    int has_cert;
} srv;

static void *srv_main(void *arg)
{
    srv *j = arg;
    char buf[8];
    const unsigned char *der;
    size_t len;
    sslite_socket *s = sslite_context_wrap_socket(j->ctx, j->fd, 1, 1, 1, NULL, NULL, &j->err);
    if (s == NULL) {
        j->result = j->err.type;
        return NULL;
    }
    j->has_cert = sslite_socket_getpeercert_der(s, &der, &len);
    sslite_socket_settimeout(s, 5);
    sslite_socket_sendall(s, "ok", 2, 0);
    (void)sslite_socket_recv(s, buf, sizeof(buf), 0);
    sslite_socket_free(s);
    return NULL;
}

/* Returns the client's outcome: 0 when it read "ok", else the error. */
static int run(srv *j, int mode, int server_has_ca, const char *client_cert, int version,
               sslite_error *cerr)
{
    sslite_context *sctx = rsa_server_ctx(), *cctx = client_ctx();
    sslite_socket *s;
    int sv[2], r;
    char buf[8];

    sslite_error_clear(cerr);
    memset(j, 0, sizeof(*j));
    if (server_has_ca)
        sslite_context_load_verify_locations(sctx, cert_path("ca.pem"), NULL, NULL, 0, 0);
    if (sslite_context_set_verify_mode(sctx, mode) < 0)
        die("verify_mode", sslite_context_error(sctx)->message);
    if (client_cert != NULL) {
        char pem[64], key[64];
        snprintf(pem, sizeof(pem), "%s.pem", client_cert);
        snprintf(key, sizeof(key), "%s.key", client_cert);
        if (sslite_context_load_cert_chain(cctx, cert_path(pem), cert_path(key), NULL, NULL, NULL) < 0)
            die("client cert", sslite_context_error(cctx)->message);
    }
    sslite_context_set_maximum_version(cctx, version);
    pair(sv);
    j->ctx = sctx;
    j->fd = sv[1];
    pthread_create(&j->th, NULL, srv_main, j);
    s = sslite_context_wrap_socket(cctx, sv[0], 0, 1, 1, "localhost", NULL, cerr);
    if (s == NULL) {
        r = cerr->type;
    } else {
        sslite_socket_settimeout(s, 5);
        r = (int)sslite_socket_recv(s, buf, sizeof(buf), 0);
        if (r == 2)
            r = 0;
        else if (r < 0)
            *cerr = *sslite_socket_error(s);
        else
            r = -100;
        sslite_socket_free(s);
    }
    pthread_join(j->th, NULL);
    sslite_context_free(sctx);
    sslite_context_free(cctx);
    return r;
}

static void test_modes(int v)
{
    const char *vn = v == SSLITE_TLSVersion_TLSv1_2 ? "TLS 1.2" : "TLS 1.3";
    sslite_error cerr;
    srv j;
    int r;

    r = run(&j, SSLITE_CERT_REQUIRED, 1, NULL, v, &cerr);
    is_int(j.result, SSLITE_ERR_SSL, "%s: CERT_REQUIRED without a client certificate: server fails", vn);
    diag("server: %s", j.err.message);
    ok(r < 0 && sslite_errtype_isinstance(r, SSLITE_ERR_SSL), "%s: client fails too (%s)", vn,
       cerr.message);

    r = run(&j, SSLITE_CERT_REQUIRED, 1, "client", v, &cerr);
    is_int(j.result, 0, "%s: CERT_REQUIRED with a client certificate: %s", vn, j.err.message);
    is_int(j.has_cert, 1, "%s: server sees it", vn);
    is_int(r, 0, "%s: client ok", vn);

    r = run(&j, SSLITE_CERT_OPTIONAL, 1, NULL, v, &cerr);
    is_int(j.result, 0, "%s: CERT_OPTIONAL without a certificate: accepted", vn);
    is_int(j.has_cert, 0, "%s: getpeercert() None", vn);
    is_int(r, 0, "%s: client ok", vn);

    r = run(&j, SSLITE_CERT_OPTIONAL, 1, "client", v, &cerr);
    is_int(j.result, 0, "%s: CERT_OPTIONAL with a good certificate: %s", vn, j.err.message);
    is_int(j.has_cert, 1, "%s: server sees it", vn);

    r = run(&j, SSLITE_CERT_OPTIONAL, 0, "client", v, &cerr);
    is_int(j.result, SSLITE_ERR_CERT_VERIFICATION,
           "%s: CERT_OPTIONAL with an untrusted certificate: server aborts", vn);
    ok(j.err.verify_code != 0, "%s: verify_code %ld: %s", vn, j.err.verify_code, j.err.message);
    ok(r < 0, "%s: client fails (%s)", vn, cerr.message);

    r = run(&j, SSLITE_CERT_OPTIONAL, 1, "server-ec", v, &cerr);
    is_int(j.result, SSLITE_ERR_CERT_VERIFICATION,
           "%s: CERT_OPTIONAL with a serverAuth-only certificate: server aborts", vn);
    diag("server: %s", j.err.message);
    ok(r < 0, "%s: client fails (%s)", vn, cerr.message);

    r = run(&j, SSLITE_CERT_NONE, 1, "client", v, &cerr);
    is_int(j.result, 0, "%s: CERT_NONE: no request", vn);
    is_int(j.has_cert, 0, "%s: no peer certificate", vn);
    is_int(r, 0, "%s: client ok", vn);
}

static int good_cb(char *buf, size_t size, void *ud)
{
    const char *pw = ud;
    size_t n = strlen(pw);
    (void)size;
    memcpy(buf, pw, n);
    return (int)n;
}

static int long_cb(char *buf, size_t size, void *ud)
{
    (void)buf;
    (void)ud;
    return (int)size + 1;
}

static int calls;
static int counting_cb(char *buf, size_t size, void *ud)
{
    calls++;
    return good_cb(buf, size, ud);
}

static char good_pw[] = "sslite-pass", wrong_pw[] = "wrong", x_pw[] = "x";

static void test_load_cert_chain(void)
{
    sslite_error err;
    sslite_context *c = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
    const char *cert = cert_path("server-rsa.pem"), *enc = cert_path("server-rsa-enc.key");
    char longpw[1100];

    is_int(sslite_context_load_cert_chain(c, cert_path("server-rsa-combined.pem"), NULL, NULL, NULL,
                                          NULL), 0, "combined key+certificate file");
    is_int(sslite_context_load_cert_chain(c, cert, enc, "sslite-pass", NULL, NULL), 0,
           "encrypted key, password string");
    is_int(sslite_context_load_cert_chain(c, cert, enc, NULL, good_cb, good_pw), 0,
           "encrypted key, password callback");
    is_int(sslite_context_load_cert_chain(c, cert, enc, "wrong", NULL, NULL), SSLITE_ERR_SSL,
           "wrong password: SSLError");
    diag("%s", sslite_context_error(c)->message);
    is_int(sslite_context_load_cert_chain(c, cert, enc, NULL, good_cb, wrong_pw), SSLITE_ERR_SSL,
           "wrong password from the callback: SSLError");
    /* CPython has OpenSSL prompt on the terminal; with none (a test, a
     * daemon) that is OSError EINVAL, which sslite gives without asking. */
    is_int(sslite_context_load_cert_chain(c, cert, enc, NULL, NULL, NULL), SSLITE_ERR_OS,
           "encrypted key without a password: OSError");
    is_int(sslite_context_error(c)->errnum, EINVAL, "EINVAL");
    is_int(sslite_context_load_cert_chain(c, cert, enc, NULL, long_cb, NULL), SSLITE_ERR_VALUE,
           "callback password too long");
    is_str(sslite_context_error(c)->message, "password cannot be longer than 1024 bytes", "message");
    memset(longpw, 'x', sizeof(longpw) - 1);
    longpw[sizeof(longpw) - 1] = '\0';
    is_int(sslite_context_load_cert_chain(c, cert, enc, longpw, NULL, NULL), SSLITE_ERR_VALUE,
           "password string too long");
    is_str(sslite_context_error(c)->message, "password cannot be longer than 1024 bytes", "message");
    calls = 0;
    is_int(sslite_context_load_cert_chain(c, cert, cert_path("server-rsa.key"), NULL, counting_cb,
                                          x_pw), 0, "plain key with a callback");
    is_int(calls, 0, "the callback is not called for a plain key (as OpenSSL)");
    is_int(sslite_context_load_cert_chain(c, cert, cert_path("server-ec.key"), NULL, NULL, NULL),
           SSLITE_ERR_SSL, "key does not match the certificate: SSLError");
    diag("%s", sslite_context_error(c)->message);
    is_int(sslite_context_load_cert_chain(c, cert_path("server-rsa.key"), NULL, NULL, NULL, NULL),
           SSLITE_ERR_SSL, "a key where the certificate should be: SSLError");
    is_int(sslite_context_load_cert_chain(c, cert, enc, "pw", good_cb, NULL), SSLITE_ERR_TYPE,
           "password and callback both");
    is_int(sslite_context_load_cert_chain(c, NULL, NULL, NULL, NULL, NULL), SSLITE_ERR_TYPE,
           "no certfile");
    sslite_context_free(c);

    /* The encrypted key in use: a server loaded with it serves. */
    {
        sslite_context *sctx = sslite_context_new(SSLITE_PROTOCOL_TLS_SERVER, &err), *cctx = client_ctx();
        peer p;
        sslite_socket *s;
        is_int(sslite_context_load_cert_chain(sctx, cert, enc, NULL, good_cb, good_pw),
               0, "server with an encrypted key");
        s = connect_pair(&p, sctx, cctx, PEER_CLOSE, 1, 0);
        ok(s != NULL, "handshake with it");
        sslite_socket_free(s);
        peer_join(&p);
        sslite_context_free(sctx);
        sslite_context_free(cctx);
    }
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    test_modes(SSLITE_TLSVersion_TLSv1_3);
    test_modes(SSLITE_TLSVersion_TLSv1_2);
    test_load_cert_chain();
    return done_testing();
}
