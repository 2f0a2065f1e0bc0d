/* SSLContext.set_ecdh_curve() and load_dh_params(): errors as CPython
 * reports them, handshakes restricted to one group, and DHE suites on a
 * server once DH parameters are loaded. */
#include "socket_util.h"

/* RFC 7919 ffdhe2048 as PKCS#3 PEM (what `openssl genpkey -genparam
 * -algorithm DH -pkeyopt group:ffdhe2048` prints): public, standard. */
static const char ffdhe2048_pem[] =
    "-----BEGIN DH PARAMETERS-----\n"
    "MIIBCAKCAQEA//////////+t+FRYortKmq/cViAnPTzx2LnFg84tNpWp4TZBFGQz\n"
    "+8yTnc4kmz75fS/jY2MMddj2gbICrsRhetPfHtXV/WVhJDP1H18GbtCFY2VVPe0a\n"
    "87VXE15/V8k1mE8McODmi3fipona8+/och3xWKE2rec1MKzKT0g6eXq8CrGCsyT7\n"
    "YdEIqUuyyOP7uWrat2DX9GgdT0Kj3jlN9K5W7edjcrsZCwenyO4KbXCeAvzhzffi\n"
    "7MA0BM0oNC9hkXL+nOmFg/+OTxIy7vKBg8P+OxtMb61zO7X8vC7CIAXFjvGDfRaD\n"
    "ssbzSibBsu/6iGtCOGEoXJf//////////wIBAg==\n"
    "-----END DH PARAMETERS-----\n";

static char tmpdir[64];

static const char *write_tmp(const char *name, const char *text)
{
    static char path[4][128];
    static int i;
    char *p = path[i++ % 4];
    FILE *f;

    snprintf(p, sizeof(path[0]), "%s/%s", tmpdir, name);
    f = fopen(p, "w");
    if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0)
        die("write", p);
    return p;
}

static void test_curve_errors(void)
{
    sslite_context *c = client_ctx();
    const sslite_error *e = sslite_context_error(c);
    static const char *const good[] = {"prime256v1", "secp384r1", "secp521r1", "X25519", "X448"};

    for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        is_int(sslite_context_set_ecdh_curve(c, good[i]), 0, "set_ecdh_curve(%s)", good[i]);
    /* CPython (OpenSSL 3): ValueError with the name's repr. */
    is_int(sslite_context_set_ecdh_curve(c, "nope"), SSLITE_ERR_VALUE, "'nope': ValueError");
    is_str(e->message, "unknown elliptic curve name 'nope'", "  message");
    /* Not OpenSSL short names, so unknown to CPython too. */
    is_int(sslite_context_set_ecdh_curve(c, "secp256r1"), SSLITE_ERR_VALUE, "'secp256r1'");
    is_int(sslite_context_set_ecdh_curve(c, "x25519"), SSLITE_ERR_VALUE, "'x25519'");
    is_int(sslite_context_set_ecdh_curve(c, ""), SSLITE_ERR_VALUE, "''");
    is_str(e->message, "unknown elliptic curve name ''", "  message");
    sslite_context_set_ecdh_curve(c, "it's");
    is_str(e->message, "unknown elliptic curve name \"it's\"", "repr picks double quotes");
    sslite_context_set_ecdh_curve(c, "a\nb");
    is_str(e->message, "unknown elliptic curve name 'a\\nb'", "repr escapes a newline");
    /* OpenSSL knows these; Mbed TLS does not: unknown here (docs/compat.md). */
    is_int(sslite_context_set_ecdh_curve(c, "secp256k1"), SSLITE_ERR_VALUE, "'secp256k1'");
    is_int(sslite_context_set_ecdh_curve(c, "brainpoolP256r1"), SSLITE_ERR_VALUE,
           "'brainpoolP256r1'");
    is_int(sslite_context_set_ecdh_curve(c, NULL), SSLITE_ERR_TYPE, "NULL: TypeError");
    sslite_context_free(c);
}

static void none(sslite_context *c) { (void)c; }
static void p384(sslite_context *c) { sslite_context_set_ecdh_curve(c, "secp384r1"); }
static void x25519(sslite_context *c) { sslite_context_set_ecdh_curve(c, "X25519"); }
static void tls12(sslite_context *c)
{
    sslite_context_set_maximum_version(c, SSLITE_TLSVersion_TLSv1_2);
}
static void p384_12(sslite_context *c)
{
    p384(c);
    tls12(c);
}
static void x25519_12(sslite_context *c)
{
    x25519(c);
    tls12(c);
}
static const char *dh_file;
static void dhe_server(sslite_context *c)
{
    tls12(c);
    if (sslite_context_set_ciphers(c, "DHE-RSA-AES128-GCM-SHA256") < 0)
        die("set_ciphers", sslite_context_error(c)->message);
    if (sslite_context_load_dh_params(c, dh_file) < 0)
        die("load_dh_params", sslite_context_error(c)->message);
}
static void dhe_server_no_params(sslite_context *c)
{
    tls12(c);
    sslite_context_set_ciphers(c, "DHE-RSA-AES128-GCM-SHA256");
}
static void dhe_client(sslite_context *c)
{
    sslite_context_set_ciphers(c, "DHE-RSA-AES128-GCM-SHA256");
}

/* want: the version, or NULL for a failed handshake; suite: the expected
 * cipher name or NULL. */
static void run(const char *name, ctx_tweak ct, ctx_tweak st, const char *want, const char *suite)
{
    sslite_context *sctx, *cctx;
    sslite_cipher_info ci = {0};
    sslite_error err;
    sslite_socket *s;
    peer p;

    s = tweaked_handshake(&p, ct, st, &sctx, &cctx, &err);
    if (want != NULL) {
        ok(s != NULL, "%s: handshake (%s)", name, s ? "ok" : err.message);
        is_str(s ? sslite_socket_version(s) : NULL, want, "%s: version %s", name, want);
        if (suite != NULL) {
            if (s != NULL)
                sslite_socket_cipher(s, &ci);
            is_str(ci.name, suite, "%s: suite %s", name, suite);
        }
    } else {
        ok(s == NULL && (sslite_errtype_isinstance(err.type, SSLITE_ERR_SSL) ||
                         err.type == SSLITE_ERR_OS),
           "%s: client fails: %s", name, s ? "handshake succeeded" : err.message);
    }
    sslite_socket_free(s);
    peer_join(&p);
    if (want == NULL)
        ok(p.hs_result < 0, "%s: server fails: %s", name, p.err.message);
    sslite_context_free(sctx);
    sslite_context_free(cctx);
}

static void test_dh_errors(void)
{
    sslite_context *c = rsa_server_ctx();
    const sslite_error *e = sslite_context_error(c);
    char missing[128];

    snprintf(missing, sizeof(missing), "%s/missing.pem", tmpdir);
    is_int(sslite_context_load_dh_params(c, missing), SSLITE_ERR_OS, "missing file: OSError");
    is_int(e->errnum, ENOENT, "  errno ENOENT");
    is_int(sslite_context_load_dh_params(c, tmpdir), SSLITE_ERR_OS, "a directory: OSError");
    is_int(e->errnum, EISDIR, "  errno EISDIR");
    is_int(sslite_context_load_dh_params(c, write_tmp("garbage.pem", "hello\n")), SSLITE_ERR_SSL,
           "garbage: SSLError");
    is_str(e->reason, "NO_START_LINE", "  reason NO_START_LINE");
    ok(strncmp(e->message, "[PEM: NO_START_LINE] no start line (", 36) == 0, "  message: %s",
       e->message);
    is_int(sslite_context_load_dh_params(c, write_tmp("empty.pem", "")), SSLITE_ERR_SSL,
           "empty file: SSLError");
    is_str(e->reason, "NO_START_LINE", "  reason NO_START_LINE");
    is_int(sslite_context_load_dh_params(
               c, write_tmp("bad.pem", "-----BEGIN DH PARAMETERS-----\nAAAA\n"
                                       "-----END DH PARAMETERS-----\n")),
           SSLITE_ERR_SSL, "bad DER: SSLError");
    ok(strncmp(e->message, "[PEM] ASN1 lib (", 16) == 0, "  message: %s", e->message);
    is_str(e->library, "PEM", "  library PEM");
    /* A certificate is not DH parameters (OpenSSL skips other labels). */
    is_int(sslite_context_load_dh_params(c, cert_path("server-rsa.pem")), SSLITE_ERR_SSL,
           "a certificate: SSLError");
    is_str(e->reason, "NO_START_LINE", "  reason NO_START_LINE");
    is_int(sslite_context_load_dh_params(c, NULL), SSLITE_ERR_TYPE, "NULL: TypeError");
    is_int(sslite_context_load_dh_params(c, dh_file), 0, "ffdhe2048 loads");
    sslite_context_free(c);
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/sslite-curves-XXXXXX");
    if (mkdtemp(tmpdir) == NULL)
        die("mkdtemp", strerror(errno));
    dh_file = write_tmp("ffdhe2048.pem", ffdhe2048_pem);

    test_curve_errors();
    run("server secp384r1 (TLS 1.3)", none, p384, "TLSv1.3", NULL);
    run("both secp384r1 (TLS 1.3)", p384, p384, "TLSv1.3", NULL);
    run("server secp384r1 (TLS 1.2)", none, p384_12, "TLSv1.2", "ECDHE-RSA-AES256-GCM-SHA384");
    run("both secp384r1 (TLS 1.2)", p384_12, p384_12, "TLSv1.2", NULL);
    run("client X25519, server secp384r1 (TLS 1.3)", x25519, p384, NULL, NULL);
    run("client X25519, server secp384r1 (TLS 1.2)", x25519_12, p384_12, NULL, NULL);

    test_dh_errors();
    run("DHE without load_dh_params", dhe_client, dhe_server_no_params, NULL, NULL);
    run("DHE with load_dh_params", dhe_client, dhe_server, "TLSv1.2", "DHE-RSA-AES128-GCM-SHA256");

    {
        char cmd[128];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
        if (system(cmd) != 0)
            diag("could not remove %s", tmpdir);
    }
    return done_testing();
}
