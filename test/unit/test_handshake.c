/* In-process handshakes over socketpairs: versions, ciphers, data,
 * verification outcomes, EOF handling. */
#include "tap.h"
#include "handshake_util.h"

/* Start a server thread on one end of a socketpair; return the other. */
static int start(server_job *job, pthread_t *th, sslite_context *sctx, int echo)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
        return -1;
    memset(job, 0, sizeof(*job));
    job->ctx = sctx;
    job->fd = sv[1];
    job->echo = echo;
    pthread_create(th, NULL, server_main, job);
    return sv[0];
}

static void test_default_tls13(void)
{
    sslite_context *sctx = server_ctx("server-rsa.pem", "server-rsa.key"), *cctx = client_ctx();
    server_job job;
    pthread_t th;
    sslite_error err;
    sslite_cipher_info ci;
    char buf[64];
    int fd = start(&job, &th, sctx, 1);
    sslite_socket *s = sslite_context_wrap_socket(cctx, fd, 0, 1, 1, "localhost", NULL, &err);

    ok(s != NULL, "TLS 1.3 handshake with verification: %s", s ? "ok" : err.message);
    if (s != NULL) {
        const unsigned char *der;
        size_t derlen;
        is_str(sslite_socket_version(s), "TLSv1.3", "version()");
        ok(sslite_socket_cipher(s, &ci) == 1, "cipher()");
        is_str(ci.name, "TLS_AES_256_GCM_SHA384", "cipher name");
        is_str(ci.protocol, "TLSv1.3", "cipher protocol");
        is_int(ci.secret_bits, 256, "cipher bits");
        is_int(sslite_socket_sendall(s, "hello", 5, 0), 0, "sendall");
        is_int(sslite_socket_recv(s, buf, sizeof(buf), 0), 5, "echo back");
        ok(memcmp(buf, "hello", 5) == 0, "echo content");
        is_int(sslite_socket_getpeercert_der(s, &der, &derlen), 1, "peer cert present");
        ok(derlen > 100 && der[0] == 0x30, "peer cert is DER");
        is_int(sslite_socket_recv(s, buf, sizeof(buf), 1), SSLITE_ERR_VALUE, "recv flags rejected");
        is_str(sslite_socket_error(s)->message,
               "non-zero flags not allowed in calls to recv() on <class 'ssl.SSLSocket'>", "message");
        int pfd = sslite_socket_unwrap(s);
        ok(pfd >= 0, "unwrap returns the descriptor: %s", sslite_socket_error(s)->message);
        if (pfd >= 0)
            close(pfd);
        sslite_socket_free(s);
    }
    pthread_join(th, NULL);
    is_int(job.result, 0, "server handshake");
    is_str(job.version, "TLSv1.3", "server version()");
    sslite_context_free(sctx);
    sslite_context_free(cctx);
}

static void test_tls12_ecdsa(void)
{
    sslite_context *sctx = server_ctx("server-ec.pem", "server-ec.key"), *cctx = client_ctx();
    server_job job;
    pthread_t th;
    sslite_error err;
    sslite_cipher_info ci;
    int fd;
    sslite_socket *s;

    sslite_context_set_maximum_version(cctx, SSLITE_TLSVersion_TLSv1_2);
    fd = start(&job, &th, sctx, 0);
    s = sslite_context_wrap_socket(cctx, fd, 0, 1, 1, "127.0.0.1", NULL, &err);
    ok(s != NULL, "TLS 1.2 ECDSA handshake to an IP: %s", s ? "ok" : err.message);
    if (s != NULL) {
        is_str(sslite_socket_version(s), "TLSv1.2", "version()");
        sslite_socket_cipher(s, &ci);
        is_str(ci.name, "ECDHE-ECDSA-AES256-GCM-SHA384", "cipher name");
        sslite_socket_free(s);
    }
    pthread_join(th, NULL);
    sslite_context_free(sctx);
    sslite_context_free(cctx);
}

static void test_verify_failures(void)
{
    sslite_context *sctx = server_ctx("server-rsa.pem", "server-rsa.key"), *cctx = client_ctx();
    sslite_context *noca;
    server_job job;
    pthread_t th;
    sslite_error err;
    int fd = start(&job, &th, sctx, 0);
    sslite_socket *s = sslite_context_wrap_socket(cctx, fd, 0, 1, 1, "wrong.example", NULL, &err);

    ok(s == NULL, "hostname mismatch fails");
    is_int(err.type, SSLITE_ERR_CERT_VERIFICATION, "SSLCertVerificationError");
    is_int(err.verify_code, 62, "verify_code 62");
    is_str(err.verify_message, "Hostname mismatch, certificate is not valid for 'wrong.example'.",
           "verify_message");
    sslite_socket_free(s);
    pthread_join(th, NULL);
    ok(job.result < 0, "server sees the failure: %s", job.err.message);

    noca = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
    fd = start(&job, &th, sctx, 0);
    s = sslite_context_wrap_socket(noca, fd, 0, 1, 1, "localhost", NULL, &err);
    ok(s == NULL, "unknown CA fails");
    is_int(err.verify_code, 20, "verify_code 20");
    diag("%s", err.message);
    pthread_join(th, NULL);
    sslite_context_free(noca);

    s = sslite_context_wrap_socket(cctx, -1, 0, 1, 1, NULL, NULL, &err);
    ok(s == NULL && err.type == SSLITE_ERR_OS, "bad descriptor is OSError");
    sslite_context_free(sctx);
    sslite_context_free(cctx);
}

static void test_check_hostname_requires_name(void)
{
    sslite_context *cctx = client_ctx();
    sslite_error err;
    int sv[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    ok(sslite_context_wrap_socket(cctx, sv[0], 0, 1, 1, NULL, NULL, &err) == NULL, "no server_hostname");
    is_int(err.type, SSLITE_ERR_VALUE, "ValueError");
    is_str(err.message, "check_hostname requires server_hostname", "message");
    close(sv[1]);
    sslite_context_free(cctx);
}

int main(void)
{
    test_default_tls13();
    test_tls12_ecdsa();
    test_verify_failures();
    test_check_hostname_requires_name();
    return done_testing();
}
