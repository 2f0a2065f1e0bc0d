/* Setting up: a wrap that fails keeps no reference (the context, the
 * session and the hostname copy are released: the context's count is back
 * to one, and ASan/valgrind in CI see nothing leak); the loaders read
 * files as CPython does (a directory is IsADirectoryError, a pipe is read
 * to its end); a bad CRL in a cafile fails the load; DH groups under the
 * security level are refused.  Errors as python3 + OpenSSL 3.0 print them. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tap.h"
#include "internal.h"
#include "object_util.h"

static char tmpdir[] = "/tmp/sslite-setup-XXXXXX";

#define bail_out(...) (printf("Bail out! "), printf(__VA_ARGS__), printf("\n"), exit(1))

static const char *write_tmp(const char *name, const char *text)
{
    static char paths[8][256];
    static int i;
    char *p = paths[i++ % 8];
    FILE *f;

    snprintf(p, sizeof(paths[0]), "%s/%s", tmpdir, name);
    f = fopen(p, "w");
    if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0)
        bail_out("cannot write %s", p);
    return p;
}

static char *slurp_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = calloc(1, 1 << 16);
    size_t n;

    if (f == NULL || buf == NULL)
        bail_out("cannot read %s", path);
    n = fread(buf, 1, (1 << 16) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* The message without its "(file.c:line)" tail equals want. */
static int msg_is(const sslite_error *e, const char *want)
{
    size_t n = strlen(want);
    return strncmp(e->message, want, n) == 0 && (e->message[n] == '\0' || e->message[n] == ' ');
}

static int refs(const sslite_context *c)
{
    return __atomic_load_n(&c->refs, __ATOMIC_RELAXED);
}

/* ---- failed wraps release everything ---- */

static sslite_session *get_session(sslite_context *cctx, sslite_context *sctx)
{
    pair p;
    char who;
    sslite_session *sess = NULL;
    unsigned char buf[16];

    if (pair_init(&p, KIND_BIO, cctx, sctx, "localhost", NULL, 0) < 0 ||
        pair_handshake(&p, &who) < 0)
        bail_out("handshake for a session: %s", p.err.message);
    /* TLS 1.3: the ticket arrives after the handshake. */
    (void)sslite_object_read(p.c.obj, buf, sizeof(buf));
    sess = sslite_object_session(p.c.obj);
    pair_free(&p);
    if (sess == NULL)
        bail_out("no session");
    return sess;
}

/* Every way to wrap on cctx, which cannot set up; all must fail and leave
 * the context and session as they were. */
static void wrap_fails(const char *why, sslite_context *cctx, const char *host,
                       sslite_session *sess)
{
    sslite_memorybio *in = sslite_memorybio_new(), *out = sslite_memorybio_new();
    sslite_error err;
    int before = refs(cctx), sbefore = sess->refs, sv[2];
    cb_end cb = {0};
    sslite_object *o;
    sslite_socket *s;

    o = sslite_context_wrap_bio(cctx, in, out, 0, host, sess, &err);
    ok(o == NULL && err.type != SSLITE_OK, "%s: wrap_bio fails: %s", why, err.message);
    sslite_object_free(o);
    is_int(refs(cctx), before, "%s: wrap_bio keeps no context reference", why);
    is_int(sess->refs, sbefore, "%s: wrap_bio keeps no session reference", why);

    o = sslite_context_wrap_callbacks(cctx, cb_send, cb_recv, &cb, 0, host, sess, &err);
    ok(o == NULL && err.type != SSLITE_OK, "%s: wrap_callbacks fails: %s", why, err.message);
    sslite_object_free(o);
    is_int(refs(cctx), before, "%s: wrap_callbacks keeps no context reference", why);
    is_int(sess->refs, sbefore, "%s: wrap_callbacks keeps no session reference", why);

    /* Connected (the TLS layer is made at once) and not. */
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
        bail_out("socketpair");
    s = sslite_context_wrap_socket(cctx, sv[0], 0, 0, 1, host, sess, &err);
    ok(s == NULL && err.type != SSLITE_OK, "%s: wrap_socket fails: %s", why, err.message);
    sslite_socket_free(s);
    close(sv[1]);
    is_int(refs(cctx), before, "%s: wrap_socket keeps no context reference", why);
    is_int(sess->refs, sbefore, "%s: wrap_socket keeps no session reference", why);
    sv[0] = socket(AF_INET, SOCK_STREAM, 0);
    s = sslite_context_wrap_socket(cctx, sv[0], 0, 0, 1, host, sess, &err);
    ok(s == NULL && err.type != SSLITE_OK, "%s: wrap_socket (unconnected) fails: %s", why,
       err.message);
    sslite_socket_free(s);
    is_int(refs(cctx), before, "%s: unconnected wrap_socket keeps no context reference", why);
    is_int(sess->refs, sbefore, "%s: unconnected wrap_socket keeps no session reference", why);

    sslite_memorybio_free(in);
    sslite_memorybio_free(out);
}

static void test_failed_wraps(void)
{
    sslite_context *sctx = server_ctx("server-rsa.pem", "server-rsa.key");
    sslite_context *cctx = client_ctx();
    sslite_session *sess = get_session(cctx, sctx);
    enum { NAMES = 300 };
    const char *names[NAMES];
    char name[256];

    /* No version left to offer. */
    if (sslite_context_set_maximum_version(cctx, SSLITE_TLSVersion_TLSv1_1) < 0)
        bail_out("maximum_version: %s", sslite_context_error(cctx)->message);
    wrap_fails("maximum_version TLSv1.1", cctx, "localhost", sess);
    sslite_context_set_maximum_version(cctx, SSLITE_TLSVersion_MAXIMUM_SUPPORTED);

    /* An ALPN extension longer than its 16-bit length allows. */
    memset(name, 'a', 255);
    name[255] = '\0';
    for (int i = 0; i < NAMES; i++)
        names[i] = name;
    if (sslite_context_set_alpn_protocols(cctx, names, NAMES) == 0)
        wrap_fails("an ALPN list over 65535 bytes", cctx, "localhost", sess);
    else
        ok(1, "an ALPN list over 65535 bytes is refused by set_alpn_protocols: %s",
           sslite_context_error(cctx)->message);
    sslite_context_set_alpn_protocols(cctx, NULL, 0);

    /* Names the 'idna' codec refuses, and one SNI cannot carry. */
    wrap_fails("server_hostname \"a..b\"", cctx, "a..b", sess);
    memset(name, 'a', 64);
    name[64] = '\0';
    wrap_fails("a 64-byte label", cctx, name, sess);


    is_int(refs(cctx), 2, "the client context is held by itself and the session only");
    sslite_session_free(sess);
    is_int(refs(cctx), 1, "and by itself once the session is gone");
    sslite_context_free(cctx);
    sslite_context_free(sctx);
}

/* ---- the loaders read files as CPython does ---- */

#define IS_OS(ret, ctx, want_errno, want_msg, what)                                          \
    do {                                                                                     \
        const sslite_error *e_ = sslite_context_error(ctx);                                  \
        is_int(ret, SSLITE_ERR_OS, "%s: OSError", what);                                     \
        is_int(e_->errnum, want_errno, "%s: errno %d", what, want_errno);                    \
        ok(msg_is(e_, want_msg), "%s: message %s", what, e_->message);                       \
    } while (0)

/* The path of a pipe's read end holding text (small: the pipe's buffer
 * takes it all), writer closed.  *fd to close afterwards. */
static const char *pipe_of(const char *text, int *fd)
{
    static char paths[4][64];
    static int i;
    char *p = paths[i++ % 4];
    int pfd[2];
    size_t len = strlen(text);

    if (pipe(pfd) != 0 || write(pfd[1], text, len) != (ssize_t)len)
        bail_out("pipe");
    close(pfd[1]);
    *fd = pfd[0];
    snprintf(p, sizeof(paths[0]), "/dev/fd/%d", pfd[0]);
    return p;
}

/* A fifo read while a thread writes into it, bigger than a pipe buffer. */
typedef struct fifo_job {
    const char *path;
    const char *text;
    size_t repeat;
} fifo_job;

static void *fifo_writer(void *arg)
{
    fifo_job *j = arg;
    FILE *f = fopen(j->path, "w");
    if (f == NULL)
        return NULL;
    for (size_t i = 0; i < j->repeat; i++)
        fputs(j->text, f);
    fclose(f);
    return NULL;
}

static void test_loaders(void)
{
    sslite_context *c = sslite_context_new(SSLITE_PROTOCOL_TLS_SERVER, NULL);
    char *combined = slurp_text(cert_path("server-rsa-combined.pem"));
    char *ca = slurp_text(cert_path("ca.pem"));
    char fifo[300];
    int fd, fd2;
    sslite_cert_store_stats st;
    pthread_t t;
    fifo_job job;

    IS_OS(sslite_context_load_cert_chain(c, tmpdir, NULL, NULL, NULL, NULL), c, EISDIR,
          "[Errno 21] Is a directory", "load_cert_chain(a directory)");
    IS_OS(sslite_context_load_cert_chain(c, cert_path("server-rsa.pem"), tmpdir, NULL, NULL,
                                         NULL),
          c, EISDIR, "[Errno 21] Is a directory", "load_cert_chain(keyfile=a directory)");
    IS_OS(sslite_context_load_verify_locations(c, tmpdir, NULL, NULL, 0, 0), c, EISDIR,
          "[Errno 21] Is a directory", "load_verify_locations(cafile=a directory)");
    IS_OS(sslite_context_load_dh_params(c, tmpdir), c, EISDIR, "[Errno 21] Is a directory",
          "load_dh_params(a directory)");

    is_int(sslite_context_load_cert_chain(c, pipe_of(combined, &fd), NULL, NULL, NULL, NULL), 0,
           "load_cert_chain from a pipe: %s", sslite_context_error(c)->message);
    close(fd);
    is_int(sslite_context_load_cert_chain(c, pipe_of(combined, &fd), pipe_of(combined, &fd2),
                                          NULL, NULL, NULL),
           0, "load_cert_chain, certificate and key from pipes: %s",
           sslite_context_error(c)->message);
    close(fd);
    close(fd2);
    is_int(sslite_context_load_verify_locations(c, pipe_of(ca, &fd), NULL, NULL, 0, 0), 0,
           "load_verify_locations(cafile=a pipe): %s", sslite_context_error(c)->message);
    close(fd);
    is_int(sslite_context_load_dh_params(
               c, pipe_of("-----BEGIN DH PARAMETERS-----\nMAYCAQACAQI=\n"
                          "-----END DH PARAMETERS-----\n",
                          &fd)),
           SSLITE_ERR_SSL, "load_dh_params from a pipe is read (and refused: p = 0)");
    close(fd);

    /* A fifo holding more than a pipe buffer: the CA file 40 times. */
    snprintf(fifo, sizeof(fifo), "%s/fifo", tmpdir);
    if (mkfifo(fifo, 0600) != 0)
        bail_out("mkfifo");
    job.path = fifo;
    job.text = ca;
    job.repeat = 40;
    pthread_create(&t, NULL, fifo_writer, &job);
    is_int(sslite_context_load_verify_locations(c, fifo, NULL, NULL, 0, 0), 0,
           "load_verify_locations(cafile=a fifo of %zu bytes): %s", strlen(ca) * job.repeat,
           sslite_context_error(c)->message);
    pthread_join(t, NULL);
    unlink(fifo);
    sslite_context_cert_store_stats(c, &st);
    is_int(st.x509, 1, "one CA (the same one, many times)");

    free(combined);
    free(ca);
    sslite_context_free(c);
}

/* ---- CRLs in cafile and cadata ---- */

static const char bad_crl[] = "-----BEGIN X509 CRL-----\n"
                              "MIIBAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
                              "-----END X509 CRL-----\n";

static void test_bad_crl(void)
{
    char *ca = slurp_text(cert_path("ca.pem"));
    char *text = malloc(strlen(ca) + sizeof(bad_crl) + 1);
    const char *orders[2];
    sslite_cert_store_stats st;

    orders[0] = "certificate then CRL";
    orders[1] = "CRL then certificate";
    for (int i = 0; i < 2; i++) {
        sslite_context *c = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, NULL);
        const sslite_error *e = sslite_context_error(c);
        const char *path;

        strcpy(text, i == 0 ? ca : bad_crl);
        strcat(text, i == 0 ? bad_crl : ca);
        path = write_tmp("crl.pem", text);
        /* python3: ssl.SSLError: [X509] PEM lib (_ssl.c:4154) */
        is_int(sslite_context_load_verify_locations(c, path, NULL, NULL, 0, 0), SSLITE_ERR_SSL,
               "cafile, %s (malformed): SSLError", orders[i]);
        ok(msg_is(e, "[X509] PEM lib"), "  message: %s", e->message);
        is_str(e->library, "X509", "  library X509");
        is_str(e->reason, "", "  no reason");
        is_int(e->errnum, 524297, "  errno 524297");
        sslite_context_cert_store_stats(c, &st);
        is_int(st.x509 + st.crl, 0, "  nothing loaded");
        /* cadata: CPython reads certificates only and passes CRLs over. */
        is_int(sslite_context_load_verify_locations(c, NULL, NULL, text, strlen(text),
                                                    SSLITE_CADATA_PEM),
               0, "cadata, %s (malformed): loads the certificate: %s", orders[i], e->message);
        sslite_context_cert_store_stats(c, &st);
        ok(st.x509 == 1 && st.crl == 0, "  x509 1 (%d), crl 0 (%d)", st.x509, st.crl);
        sslite_context_free(c);
    }
    {
        sslite_context *c = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, NULL);
        const sslite_error *e = sslite_context_error(c);
        is_int(sslite_context_load_verify_locations(c, NULL, NULL, bad_crl, strlen(bad_crl),
                                                    SSLITE_CADATA_PEM),
               SSLITE_ERR_SSL, "cadata with only a CRL: SSLError");
        ok(msg_is(e, "no start line: cadata does not contain a certificate"), "  message: %s",
           e->message);
        sslite_context_free(c);
    }
    free(text);
    free(ca);
}

/* ---- DH groups and the security level ---- */

static const char dh512[] = "-----BEGIN DH PARAMETERS-----\n"
                            "MEYCQQDMq1OfTcs5b9YyPBG/4e5a1btQOkKTLh6eOiAvBm/+fWYaHqPXMWbetM4i\n"
                            "R3JPOPp9iwMAwW7i6dU/na6DNfw/AgEC\n"
                            "-----END DH PARAMETERS-----\n";
static const char dh1024[] = "-----BEGIN DH PARAMETERS-----\n"
                             "MIGHAoGBAMveROeFz6Xo870CVZmXeuXpUh2MgF0NdXqnYjFz9Gri6iEAkCLn9qOu\n"
                             "37yItQ82WPPLOq+kUMstl3MSnv8UTlueY0mlCbelYkDhjmBnWe1haJrZW8DFWlcX\n"
                             "rBPE53moIpQZupexEjRi4Yr9kMTSKbzBMdrgHuWxoe9LM+SztQ3vAgEC\n"
                             "-----END DH PARAMETERS-----\n";
/* SEQUENCE { INTEGER p, INTEGER 2 } for p = 0 and 1 */
static const char dh_p0[] = "-----BEGIN DH PARAMETERS-----\nMAYCAQACAQI=\n"
                            "-----END DH PARAMETERS-----\n";
static const char dh_p1[] = "-----BEGIN DH PARAMETERS-----\nMAYCAQECAQI=\n"
                            "-----END DH PARAMETERS-----\n";

static void dh_case(const char *ciphers, const char *name, const char *pem, int want)
{
    sslite_context *c = sslite_context_new(SSLITE_PROTOCOL_TLS_SERVER, NULL);
    const sslite_error *e = sslite_context_error(c);
    int r;

    if (ciphers != NULL && sslite_context_set_ciphers(c, ciphers) < 0)
        bail_out("set_ciphers: %s", e->message);
    r = sslite_context_load_dh_params(c, write_tmp("dh.pem", pem));
    is_int(r, want, "%s%s%s: %s", name, ciphers ? " with " : "", ciphers ? ciphers : "",
           want ? "SSLError" : "loads");
    if (want != 0) {
        /* python3: [SSL: DH_KEY_TOO_SMALL] dh key too small (_ssl.c:4208) */
        ok(msg_is(e, "[SSL: DH_KEY_TOO_SMALL] dh key too small"), "  message: %s", e->message);
        is_str(e->library, "SSL", "  library SSL");
        is_str(e->reason, "DH_KEY_TOO_SMALL", "  reason DH_KEY_TOO_SMALL");
        is_int(e->errnum, 394, "  errno 394");
    }
    sslite_context_free(c);
}

static void test_dh_small(void)
{
    dh_case(NULL, "512-bit group", dh512, SSLITE_ERR_SSL);
    dh_case(NULL, "1024-bit group", dh1024, SSLITE_ERR_SSL);
    dh_case(NULL, "p = 0", dh_p0, SSLITE_ERR_SSL);
    dh_case(NULL, "p = 1", dh_p1, SSLITE_ERR_SSL);
    dh_case("DEFAULT:@SECLEVEL=1", "1024-bit group", dh1024, 0);
    dh_case("DEFAULT:@SECLEVEL=1", "512-bit group", dh512, SSLITE_ERR_SSL);
    /* Even level 0 wants 1024 bits (OpenSSL's rule for DH). */
    dh_case("DEFAULT:@SECLEVEL=0", "512-bit group", dh512, SSLITE_ERR_SSL);
    dh_case("DEFAULT:@SECLEVEL=0", "p = 1", dh_p1, SSLITE_ERR_SSL);
}

static int rm_entry(const char *name)
{
    char p[400];
    snprintf(p, sizeof(p), "%s/%s", tmpdir, name);
    return unlink(p);
}

int main(void)
{
    if (mkdtemp(tmpdir) == NULL)
        bail_out("mkdtemp");
    test_failed_wraps();
    test_loaders();
    test_bad_crl();
    test_dh_small();
    rm_entry("crl.pem");
    rm_entry("dh.pem");
    rmdir(tmpdir);
    return done_testing();
}
