/* getpeercert() and the chains over in-process handshakes (socketpairs):
 * a verified peer, CERT_NONE, a client without a certificate, before the
 * handshake; get_server_certificate() against a loopback TCP server. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include "tap.h"
#include "handshake_util.h"

typedef struct peer_job {
    sslite_context *ctx;
    int fd;
    int result;
    int got;                 /* server's getpeercert() return */
    char cn[64];             /* commonName of the client's certificate */
    int empty;
    size_t nverified;        /* server's get_verified_chain() length */
} peer_job;

/* Server side: handshake, then look at the client's certificate. */
static void *peer_server(void *arg)
{
    peer_job *j = arg;
    sslite_error err;
    sslite_socket *s = sslite_context_wrap_socket(j->ctx, j->fd, 1, 1, 1, NULL, NULL, &err);
    sslite_certdict *d = NULL;
    sslite_certlist *l = NULL;
    char buf[16];

    j->result = s != NULL ? 0 : err.type;
    if (s == NULL)
        return NULL;
    j->got = sslite_socket_getpeercert(s, &d);
    if (d != NULL) {
        const char *cn = sslite_cert_name_get(sslite_certdict_subject(d), "commonName");
        snprintf(j->cn, sizeof(j->cn), "%s", cn ? cn : "");
        j->empty = sslite_certdict_is_empty(d);
    }
    if (sslite_socket_get_verified_chain(s, &l) == 0)
        j->nverified = l->count;
    sslite_certlist_free(l);
    sslite_certdict_free(d);
    /* wait for the client to finish */
    (void)sslite_socket_recv(s, buf, sizeof(buf), 0);
    sslite_socket_free(s);
    return NULL;
}

static int start(peer_job *j, pthread_t *th, sslite_context *sctx)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
        return -1;
    memset(j, 0, sizeof(*j));
    j->ctx = sctx;
    j->fd = sv[1];
    pthread_create(th, NULL, peer_server, j);
    return sv[0];
}

static unsigned char *file_der(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char buf[16384];
    size_t n;
    unsigned char *der = NULL;
    sslite_error err;
    *len = 0;
    if (f == NULL)
        return NULL;
    n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    if (sslite_pem_read_cert(buf, n, &der, len, NULL, &err) < 0)
        return NULL;
    return der;
}

static void test_verified(void)
{
    sslite_context *sctx = server_ctx("server-rsa.pem", "server-rsa.key"), *cctx = client_ctx();
    peer_job job;
    pthread_t th;
    sslite_error err;
    sslite_certdict *d = NULL, *want = NULL;
    sslite_certlist *l = NULL;
    const unsigned char *der;
    size_t len, calen;
    unsigned char *ca = file_der(cert_path("ca.pem"), &calen);
    int fd = start(&job, &th, sctx);
    sslite_socket *s = sslite_context_wrap_socket(cctx, fd, 0, 0, 1, "localhost", NULL, &err);

    ok(s != NULL, "wrapped without handshake");
    if (s == NULL)
        return;
    is_int(sslite_socket_getpeercert(s, &d), SSLITE_ERR_VALUE, "before the handshake");
    is_str(sslite_socket_error(s)->message, "handshake not done yet", "CPython's message");
    ok(d == NULL, "no dict");
    ok(sslite_socket_get_verified_chain(s, &l) == 0 && l->count == 0,
       "verified chain before the handshake: []");
    sslite_certlist_free(l);
    l = NULL;
    is_int(sslite_socket_do_handshake(s), 0, "handshake: %s", sslite_socket_error(s)->message);

    is_int(sslite_socket_getpeercert(s, &d), 1, "getpeercert() of a verified peer");
    is_int(sslite_socket_getpeercert_der(s, &der, &len), 1, "binary form");
    want = sslite_certdict_from_der(der, len, &err);
    if (d != NULL && want != NULL) {
        char *a = sslite_certdict_to_json(d), *b = sslite_certdict_to_json(want);
        is_str(a, b, "the dict is the decoded certificate");
        ok(strstr(a, "[\"DNS\", \"localhost\"]") != NULL, "with its subjectAltName");
        free(a);
        free(b);
    }
    sslite_certdict_free(d);
    sslite_certdict_free(want);

    ok(sslite_socket_get_verified_chain(s, &l) == 0 && l->count == 2,
       "verified chain: leaf and root (%zu)", l ? l->count : 0);
    if (l != NULL && l->count == 2) {
        ok(l->certs[0].len == len && memcmp(l->certs[0].data, der, len) == 0, "leaf first");
        ok(ca != NULL && l->certs[1].len == calen && memcmp(l->certs[1].data, ca, calen) == 0,
           "the trust anchor last");
    }
    sslite_certlist_free(l);
    ok(sslite_socket_get_unverified_chain(s, &l) == 0 && l->count == 1,
       "unverified chain: what the server sent");
    sslite_certlist_free(l);

    /* CPython reads the verify mode when getpeercert() is called. */
    sslite_context_set_check_hostname(cctx, 0);
    sslite_context_set_verify_mode(cctx, SSLITE_CERT_NONE);
    is_int(sslite_socket_getpeercert(s, &d), 1, "after verify_mode = CERT_NONE");
    ok(d != NULL && sslite_certdict_is_empty(d), "{}");
    sslite_certdict_free(d);

    sslite_socket_free(s);
    pthread_join(th, NULL);
    is_int(job.result, 0, "server handshake");
    is_int(job.got, 0, "server: the client sent no certificate: 0");
    ok(job.nverified == 0, "server: no verified chain");
    sslite_context_free(sctx);
    sslite_context_free(cctx);
    free(ca);
}

static void test_cert_none(void)
{
    sslite_context *sctx = server_ctx("server-ec.pem", "server-ec.key");
    sslite_context *cctx = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, NULL);
    peer_job job;
    pthread_t th;
    sslite_error err;
    sslite_certdict *d = NULL;
    sslite_certlist *l = NULL;
    int fd;
    sslite_socket *s;

    sslite_context_set_check_hostname(cctx, 0);
    sslite_context_set_verify_mode(cctx, SSLITE_CERT_NONE);
    fd = start(&job, &th, sctx);
    s = sslite_context_wrap_socket(cctx, fd, 0, 1, 1, NULL, NULL, &err);
    ok(s != NULL, "CERT_NONE handshake: %s", s ? "" : err.message);
    if (s != NULL) {
        char *j;
        is_int(sslite_socket_getpeercert(s, &d), 1, "getpeercert() with CERT_NONE");
        j = d != NULL ? sslite_certdict_to_json(d) : NULL;
        is_str(j, "{}", "an empty dict");
        free(j);
        sslite_certdict_free(d);
        ok(sslite_socket_get_verified_chain(s, &l) == 0 && l->count == 1,
           "verified chain falls back to the unverified one");
        sslite_certlist_free(l);
        sslite_socket_free(s);
    }
    pthread_join(th, NULL);
    sslite_context_free(sctx);
    sslite_context_free(cctx);
}

static void test_client_cert(void)
{
    sslite_context *sctx = server_ctx("server-rsa.pem", "server-rsa.key"), *cctx = client_ctx();
    peer_job job;
    pthread_t th;
    sslite_error err;
    int fd;
    sslite_socket *s;

    sslite_context_set_verify_mode(sctx, SSLITE_CERT_REQUIRED);
    sslite_context_load_verify_locations(sctx, cert_path("ca.pem"), NULL, NULL, 0, 0);
    sslite_context_load_cert_chain(cctx, cert_path("client.pem"), cert_path("client.key"), NULL,
                                   NULL, NULL);
    fd = start(&job, &th, sctx);
    s = sslite_context_wrap_socket(cctx, fd, 0, 1, 1, "localhost", NULL, &err);
    ok(s != NULL, "mutual TLS: %s", s ? "" : err.message);
    sslite_socket_free(s);
    pthread_join(th, NULL);
    is_int(job.got, 1, "server: getpeercert() of the client");
    is_str(job.cn, "sslite client", "client's commonName");
    ok(!job.empty, "a full dict");
    is_int(job.nverified, 2, "server: the client's verified chain");
    sslite_context_free(sctx);
    sslite_context_free(cctx);
}

/* ---- get_server_certificate over loopback TCP ---- */

typedef struct tcp_job {
    sslite_context *ctx;
    int lfd;
    int n;     /* connections to serve */
    int silent; /* accept but never answer */
} tcp_job;

static void *tcp_server(void *arg)
{
    tcp_job *j = arg;
    for (int i = 0; i < j->n; i++) {
        struct pollfd p = {j->lfd, POLLIN, 0};
        int fd;
        if (poll(&p, 1, 10000) <= 0)
            return NULL;
        fd = accept(j->lfd, NULL, NULL);
        if (fd < 0)
            return NULL;
        if (j->silent) {
            char c[512];
            struct pollfd q = {fd, POLLIN, 0};
            /* read whatever comes until the client gives up and closes */
            while (poll(&q, 1, 10000) > 0 && read(fd, c, sizeof(c)) > 0)
                ;
            close(fd);
        } else {
            sslite_error err;
            sslite_socket *s = sslite_context_wrap_socket(j->ctx, fd, 1, 1, 1, NULL, NULL, &err);
            sslite_socket_free(s);
        }
    }
    return NULL;
}

static int listen_loopback(int *port)
{
    struct sockaddr_in a;
    socklen_t al = sizeof(a);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(fd, 8) < 0 ||
        getsockname(fd, (struct sockaddr *)&a, &al) < 0)
        return -1;
    *port = ntohs(a.sin_port);
    return fd;
}

static void test_get_server_certificate(void)
{
    sslite_context *sctx = server_ctx("server-rsa.pem", "server-rsa.key");
    tcp_job job = {sctx, -1, 3, 0};
    pthread_t th;
    sslite_error err;
    size_t len;
    unsigned char *der = file_der(cert_path("server-rsa.pem"), &len);
    char *want = der ? sslite_DER_cert_to_PEM_cert(der, len) : NULL, *pem;
    int port = 0;

    job.lfd = listen_loopback(&port);
    ok(job.lfd >= 0, "listening on 127.0.0.1:%d", port);
    if (job.lfd < 0)
        return;
    pthread_create(&th, NULL, tcp_server, &job);
    pem = sslite_get_server_certificate("127.0.0.1", port, 0, NULL, 10.0, &err);
    is_str(pem, want, "the server's certificate as PEM: %s", pem ? "" : err.message);
    free(pem);
    pem = sslite_get_server_certificate("127.0.0.1", port, 0, cert_path("ca.pem"), 10.0, &err);
    is_str(pem, want, "verified against ca_certs: %s", pem ? "" : err.message);
    free(pem);
    pem = sslite_get_server_certificate("localhost", port, SSLITE_PROTOCOL_TLS_CLIENT,
                                        cert_path("client.pem"), 10.0, &err);
    ok(pem == NULL && err.type == SSLITE_ERR_CERT_VERIFICATION,
       "an untrusted server fails verification: %s", err.message);
    free(pem);
    pthread_join(th, NULL);

    /* A server that accepts and never answers: the timeout. */
    job.silent = 1;
    job.n = 1;
    pthread_create(&th, NULL, tcp_server, &job);
    pem = sslite_get_server_certificate("127.0.0.1", port, 0, NULL, 0.3, &err);
    ok(pem == NULL && err.type == SSLITE_ERR_TIMEOUT, "a silent server times out: %s",
       err.message);
    free(pem);
    pthread_join(th, NULL);
    close(job.lfd);

    /* Nobody listens any more. */
    pem = sslite_get_server_certificate("127.0.0.1", port, 0, NULL, 5.0, &err);
    ok(pem == NULL && err.type == SSLITE_ERR_OS && err.errnum == ECONNREFUSED,
       "connection refused: %s", err.message);
    free(pem);
    free(want);
    free(der);
    sslite_context_free(sctx);
}

/* ---- SSLObject over MemoryBIOs ---- */

static void pump(sslite_memorybio *from, sslite_memorybio *to)
{
    unsigned char buf[16384];
    ssize_t n;
    while ((n = sslite_memorybio_read(from, buf, (ssize_t)sizeof(buf), sizeof(buf))) > 0)
        sslite_memorybio_write(to, buf, (size_t)n);
}

static void test_object(void)
{
    sslite_context *sctx = server_ctx("server-rsa.pem", "server-rsa.key"), *cctx = client_ctx();
    sslite_memorybio *c_in = sslite_memorybio_new(), *c_out = sslite_memorybio_new();
    sslite_memorybio *s_in = sslite_memorybio_new(), *s_out = sslite_memorybio_new();
    sslite_error err;
    sslite_object *c = sslite_context_wrap_bio(cctx, c_in, c_out, 0, "localhost", NULL, &err);
    sslite_object *s = sslite_context_wrap_bio(sctx, s_in, s_out, 1, NULL, NULL, &err);
    sslite_certdict *d = NULL;
    sslite_certlist *l = NULL;
    int rc = -1, rs = -1, i;

    ok(c != NULL && s != NULL, "SSLObjects over MemoryBIOs");
    if (c == NULL || s == NULL)
        goto out;
    is_int(sslite_object_getpeercert(c, &d), SSLITE_ERR_VALUE, "object: before the handshake");
    is_str(sslite_object_error(c)->message, "handshake not done yet", "object: message");
    for (i = 0; i < 20 && (rc != 0 || rs != 0); i++) {
        if (rc != 0)
            rc = sslite_object_do_handshake(c);
        pump(c_out, s_in);
        if (rs != 0)
            rs = sslite_object_do_handshake(s);
        pump(s_out, c_in);
    }
    ok(rc == 0 && rs == 0, "object handshakes: %s / %s", sslite_object_error(c)->message,
       sslite_object_error(s)->message);
    is_int(sslite_object_getpeercert(c, &d), 1, "object: getpeercert()");
    is_str(d != NULL ? sslite_cert_name_get(sslite_certdict_subject(d), "commonName") : NULL,
           "localhost", "object: the server's commonName");
    sslite_certdict_free(d);
    ok(sslite_object_get_verified_chain(c, &l) == 0 && l->count == 2, "object: verified chain");
    sslite_certlist_free(l);
    ok(sslite_object_get_unverified_chain(c, &l) == 0 && l->count == 1,
       "object: unverified chain");
    sslite_certlist_free(l);
    is_int(sslite_object_getpeercert(s, &d), 0, "object, server: no client certificate");
    ok(d == NULL, "object, server: None");
out:
    sslite_object_free(c);
    sslite_object_free(s);
    sslite_memorybio_free(c_in);
    sslite_memorybio_free(c_out);
    sslite_memorybio_free(s_in);
    sslite_memorybio_free(s_out);
    sslite_context_free(sctx);
    sslite_context_free(cctx);
}

int main(void)
{
    (void)server_main; /* handshake_util.h's, unused here */
    test_verified();
    test_cert_none();
    test_client_cert();
    test_object();
    test_get_server_certificate();
    return done_testing();
}
