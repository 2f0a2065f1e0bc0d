/* Handshakes proving that the cipher-string selection is what gets
 * negotiated: a server limited by one string against a client offering
 * another, over in-process socketpairs; also the security level, server
 * preference, cipher()'s fields and shared_ciphers(). */
#include "tap.h"
#include "unit/handshake_util.h"

typedef struct srv {
    sslite_context *ctx;
    int fd;
    int result;
    sslite_error err;
    char cipher[64];
    sslite_cipher_info *shared; /* shared_ciphers() */
    size_t nshared;
    int shared_ret;
} srv;

static void *srv_main(void *arg)
{
    srv *j = arg;
    sslite_cipher_info ci;
    sslite_socket *s = sslite_context_wrap_socket(j->ctx, j->fd, 1, 1, 1, NULL, NULL, &j->err);

    if (s == NULL) {
        j->result = j->err.type;
        return NULL;
    }
    j->result = 0;
    if (sslite_socket_cipher(s, &ci) == 1)
        snprintf(j->cipher, sizeof(j->cipher), "%s", ci.name);
    j->shared_ret = sslite_socket_shared_ciphers(s, &j->shared, &j->nshared);
    sslite_socket_free(s);
    return NULL;
}

typedef struct outcome {
    int ok;            /* both sides completed */
    char cipher[64];   /* client's cipher() name */
    char proto[16];    /* client's cipher() protocol */
    int bits;
    char version[16];
    char server_cipher[64];
    int client_shared; /* client's shared_ciphers() return */
    srv server;
} outcome;

/* Handshake a server context limited by `sstr` (NULL: default) against a
 * client offering `cstr`; max12 caps both at TLS 1.2. */
static void run(const char *cert, const char *key, const char *sstr, const char *cstr, int max12,
                outcome *o)
{
    sslite_context *sctx = server_ctx(cert, key), *cctx = client_ctx();
    sslite_socket *s;
    sslite_error err;
    sslite_cipher_info ci;
    pthread_t th;
    int sv[2];

    memset(o, 0, sizeof(*o));
    if (sstr != NULL && sslite_context_set_ciphers(sctx, sstr) < 0)
        diag("server set_ciphers(%s): %s", sstr, sslite_context_error(sctx)->message);
    if (cstr != NULL && sslite_context_set_ciphers(cctx, cstr) < 0)
        diag("client set_ciphers(%s): %s", cstr, sslite_context_error(cctx)->message);
    if (max12)
        sslite_context_set_maximum_version(cctx, SSLITE_TLSVersion_TLSv1_2);
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
        exit(1);
    o->server.ctx = sctx;
    o->server.fd = sv[1];
    pthread_create(&th, NULL, srv_main, &o->server);
    s = sslite_context_wrap_socket(cctx, sv[0], 0, 1, 1, "localhost", NULL, &err);
    if (s != NULL) {
        sslite_cipher_info *list = NULL;
        size_t n = 0;
        if (sslite_socket_cipher(s, &ci) == 1) {
            snprintf(o->cipher, sizeof(o->cipher), "%s", ci.name);
            snprintf(o->proto, sizeof(o->proto), "%s", ci.protocol);
            o->bits = ci.secret_bits;
        }
        snprintf(o->version, sizeof(o->version), "%s", sslite_socket_version(s));
        o->client_shared = sslite_socket_shared_ciphers(s, &list, &n);
        sslite_cipher_infos_free(list);
        sslite_socket_free(s);
    } else {
        diag("client: %s", err.message);
    }
    pthread_join(th, NULL);
    if (o->server.result != 0)
        diag("server: %s", o->server.err.message);
    o->ok = s != NULL && o->server.result == 0;
    snprintf(o->server_cipher, sizeof(o->server_cipher), "%s", o->server.cipher);
    sslite_context_free(sctx);
    sslite_context_free(cctx);
}

#define NAME(s) ((s) != NULL ? (s) : "(default)")

static void expect(const char *cert, const char *key, const char *sstr, const char *cstr,
                   int max12, const char *want)
{
    outcome o;
    run(cert, key, sstr, cstr, max12, &o);
    if (want == NULL) {
        ok(!o.ok, "server '%s' vs client '%s': no shared cipher, handshake fails", NAME(sstr),
           NAME(cstr));
    } else {
        ok(o.ok, "server '%s' vs client '%s' handshakes", NAME(sstr), NAME(cstr));
        is_str(o.cipher, want, "  negotiated %s", want);
        is_str(o.server_cipher, want, "  server agrees");
    }
    sslite_cipher_infos_free(o.server.shared);
}

static void test_one_suite_servers(void)
{
    const char *rsa = "server-rsa.pem", *rkey = "server-rsa.key";
    const char *ec = "server-ec.pem", *ekey = "server-ec.key";

    expect(rsa, rkey, "ECDHE-RSA-AES128-GCM-SHA256", "ECDH+AESGCM:ECDH+CHACHA20", 1,
           "ECDHE-RSA-AES128-GCM-SHA256");
    expect(rsa, rkey, "ECDHE-RSA-CHACHA20-POLY1305", NULL, 1, "ECDHE-RSA-CHACHA20-POLY1305");
    expect(rsa, rkey, "ECDHE-RSA-AES256-SHA384", "HIGH:!SHA1", 1, "ECDHE-RSA-AES256-SHA384");
    expect(rsa, rkey, "ECDHE-RSA-AES128-SHA", "ALL", 1, "ECDHE-RSA-AES128-SHA");
    expect(rsa, rkey, "AES256-SHA256", "kRSA", 1, "AES256-SHA256");
    expect(rsa, rkey, "AES128-GCM-SHA256", "RSA+AESGCM:ECDHE", 1, "AES128-GCM-SHA256");
    expect(rsa, rkey, "AES256-CCM", "AESCCM:!AESCCM8", 1, "AES256-CCM");
    expect(ec, ekey, "ECDHE-ECDSA-AES128-CCM8", "AESCCM8", 1, "ECDHE-ECDSA-AES128-CCM8");
    expect(ec, ekey, "ECDHE-ECDSA-AES256-CCM", "ECDSA+AESCCM", 1, "ECDHE-ECDSA-AES256-CCM");
    expect(ec, ekey, "ECDHE-ECDSA-AES256-SHA", "aECDSA+SHA1", 1, "ECDHE-ECDSA-AES256-SHA");
    /* A client string whose order puts the server's suite last still
     * negotiates it; one that leaves it out fails. */
    expect(rsa, rkey, "ECDHE-RSA-AES256-GCM-SHA384", "CHACHA20:AES128:AES256", 1,
           "ECDHE-RSA-AES256-GCM-SHA384");
    expect(rsa, rkey, "AES128-GCM-SHA256", "ECDHE+AESGCM", 1, NULL);
    expect(rsa, rkey, "ECDHE-RSA-AES128-GCM-SHA256", "ALL:!ECDHE-RSA-AES128-GCM-SHA256", 1,
           NULL);
    expect(rsa, rkey, "ECDHE-RSA-AES128-GCM-SHA256", "ALL:-AESGCM:+AES128", 1, NULL);
}

static void test_server_preference(void)
{
    /* CPython sets OP_CIPHER_SERVER_PREFERENCE: the server's order wins.
     * "ECDHE+AESGCM:ECDHE+CHACHA20" puts AES128-GCM before CHACHA20. */
    expect("server-rsa.pem", "server-rsa.key", "ECDHE+AESGCM:ECDHE+CHACHA20",
           "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256", 1,
           "ECDHE-RSA-AES128-GCM-SHA256");
    /* "+" moves to the end: now CHACHA20 comes first. */
    expect("server-rsa.pem", "server-rsa.key", "ECDHE+AESGCM:ECDHE+CHACHA20:+AESGCM",
           "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305", 1,
           "ECDHE-RSA-CHACHA20-POLY1305");
    /* @STRENGTH: AES256 before AES128. */
    expect("server-rsa.pem", "server-rsa.key", "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-SHA:"
           "@STRENGTH", "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-SHA", 1,
           "ECDHE-RSA-AES256-SHA");
}

static void test_security_level(void)
{
    const char *rsa = "server-rsa.pem", *rkey = "server-rsa.key";

    /* Level 3 forbids suites without forward secrecy (kRSA), as OpenSSL's
     * security callback does, though get_ciphers() still lists them. */
    expect(rsa, rkey, "AES128-GCM-SHA256", "AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256", 1,
           "AES128-GCM-SHA256");
    expect(rsa, rkey, "AES128-GCM-SHA256",
           "@SECLEVEL=3:AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256", 1, NULL);
    expect(rsa, rkey, "@SECLEVEL=3:AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384",
           "AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384", 1, "ECDHE-RSA-AES256-GCM-SHA384");
    /* Level 4 (192 bits) forbids AES-128 and SHA-1. */
    expect(rsa, rkey, "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-SHA:ECDHE-RSA-AES256-SHA384",
           "@SECLEVEL=4:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-SHA:ECDHE-RSA-AES256-SHA384",
           1, "ECDHE-RSA-AES256-SHA384");
}

static void test_tls13_and_cipher_fields(void)
{
    outcome o;

    /* set_ciphers does not touch TLS 1.3. */
    run("server-rsa.pem", "server-rsa.key", "AES128-GCM-SHA256", "kRSA", 0, &o);
    ok(o.ok, "TLS 1.3 handshake with TLS 1.2-only strings");
    is_str(o.version, "TLSv1.3", "  version TLSv1.3");
    is_str(o.cipher, "TLS_AES_256_GCM_SHA384", "  the first default TLS 1.3 suite");
    sslite_cipher_infos_free(o.server.shared);

    /* cipher() reports the suite's own protocol, as CPython does. */
    run("server-rsa.pem", "server-rsa.key", "ECDHE-RSA-AES128-SHA", "ALL", 1, &o);
    ok(o.ok, "TLS 1.2 handshake with a TLS 1.0 suite");
    is_str(o.cipher, "ECDHE-RSA-AES128-SHA", "  cipher name");
    is_str(o.proto, "TLSv1.0", "  cipher() protocol is the suite's (TLSv1.0)");
    is_int(o.bits, 128, "  secret bits");
    is_str(o.version, "TLSv1.2", "  version() is TLSv1.2");
    sslite_cipher_infos_free(o.server.shared);
}

static void test_shared_ciphers(void)
{
    outcome o;
    size_t i;
    static const char *const want[] = {
        "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256",
        "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-CHACHA20-POLY1305", "AES256-SHA",
    };

    /* Server order: its string's order; intersection with the client's
     * offer (which also holds suites the server does not enable). */
    run("server-rsa.pem", "server-rsa.key",
        "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305:"
        "AES256-SHA:AES128-SHA",
        "AES256-SHA:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES128-SHA",
        0, &o);
    ok(o.ok, "handshake for shared_ciphers()");
    is_int(o.client_shared, 0, "client side: shared_ciphers() is None");
    is_int(o.server.shared_ret, 1, "server side: a list");
    is_int(o.server.nshared, sizeof(want) / sizeof(want[0]), "  %zu entries",
           sizeof(want) / sizeof(want[0]));
    for (i = 0; i < o.server.nshared && i < sizeof(want) / sizeof(want[0]); i++)
        is_str(o.server.shared[i].name, want[i], "  entry %zu", i);
    if (o.server.nshared > 3) {
        is_str(o.server.shared[3].protocol, "TLSv1.2", "  protocol field");
        is_int(o.server.shared[3].secret_bits, 128, "  secret_bits field");
    }
    sslite_cipher_infos_free(o.server.shared);
}

static void pump(sslite_memorybio *from, sslite_memorybio *to)
{
    char buf[16384];
    ssize_t n;
    while ((n = sslite_memorybio_read(from, buf, (ssize_t)sizeof(buf), sizeof(buf))) > 0)
        sslite_memorybio_write(to, buf, (size_t)n);
}

static void test_object_shared_ciphers(void)
{
    sslite_context *sctx = server_ctx("server-rsa.pem", "server-rsa.key"), *cctx = client_ctx();
    sslite_memorybio *cin = sslite_memorybio_new(), *cout = sslite_memorybio_new();
    sslite_memorybio *sin = sslite_memorybio_new(), *sout = sslite_memorybio_new();
    sslite_object *c, *s;
    sslite_cipher_info *list = NULL;
    size_t n = 99;
    int rc = -1, rs = -1, i;

    sslite_context_set_ciphers(sctx, "ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-GCM-SHA256");
    sslite_context_set_ciphers(cctx, "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-SHA384");
    sslite_context_set_maximum_version(cctx, SSLITE_TLSVersion_TLSv1_2);
    c = sslite_context_wrap_bio(cctx, cin, cout, 0, "localhost", NULL, NULL);
    s = sslite_context_wrap_bio(sctx, sin, sout, 1, NULL, NULL, NULL);
    ok(c != NULL && s != NULL, "SSLObject pair");
    if (c == NULL || s == NULL)
        goto out;
    is_int(sslite_object_shared_ciphers(s, &list, &n), 0, "before the handshake: None");
    ok(list == NULL && n == 0, "  nothing returned");
    for (i = 0; i < 50 && (rc != 0 || rs != 0); i++) {
        rc = sslite_object_do_handshake(c);
        pump(cout, sin);
        rs = sslite_object_do_handshake(s);
        pump(sout, cin);
    }
    ok(rc == 0 && rs == 0, "memory-BIO handshake");
    is_int(sslite_object_shared_ciphers(c, &list, &n), 0, "client object: None");
    is_int(sslite_object_shared_ciphers(s, &list, &n), 1, "server object: a list");
    /* A TLS 1.2-only client offers no TLS 1.3 suite. */
    is_int(n, 2, "  the two shared suites");
    if (n == 2) {
        is_str(list[0].name, "ECDHE-RSA-AES256-SHA384", "  in the server's order");
        is_str(list[1].name, "ECDHE-RSA-AES128-GCM-SHA256", "  ...");
    }
    sslite_cipher_infos_free(list);
out:
    sslite_object_free(c);
    sslite_object_free(s);
    sslite_memorybio_free(cin);
    sslite_memorybio_free(cout);
    sslite_memorybio_free(sin);
    sslite_memorybio_free(sout);
    sslite_context_free(sctx);
    sslite_context_free(cctx);
}

int main(void)
{
    (void)server_main; /* handshake_util.h's, unused here */
    test_one_suite_servers();
    test_server_preference();
    test_security_level();
    test_tls13_and_cipher_fields();
    test_shared_ciphers();
    test_object_shared_ciphers();
    return done_testing();
}
