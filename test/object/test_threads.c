/* Eight threads sharing one server context and the client contexts, each
 * doing handshakes over memory BIOs, both ends in the thread: TLS 1.3 and
 * TLS 1.2, trust anchors from a capath directory on both sides (client
 * certificates too), so verifications mark capath anchors used at the same
 * time.  Run in CI under ThreadSanitizer, where a race fails it. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tap.h"
#include "object_util.h"

#define NTHREADS 8
#define ROUNDS 20

static sslite_context *g_sctx, *g_cctx13, *g_cctx12;
/* All threads start their first handshake together: the first use of a
 * capath anchor is when verifications race to mark it. */
static pthread_barrier_t g_start;

typedef struct worker {
    pthread_t th;
    int id;
    int failures;
    int v12, v13, reused;
    char why[600];
} worker;

static void fail(worker *w, const char *what, const char *msg)
{
    if (w->failures++ == 0)
        snprintf(w->why, sizeof(w->why), "%s: %s", what, msg);
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    sslite_session *sess[2] = {NULL, NULL};

    pthread_barrier_wait(&g_start);
    for (int i = 0; i < ROUNDS; i++) {
        int tls12 = (i + w->id) % 2;
        sslite_context *cctx = tls12 ? g_cctx12 : g_cctx13;
        unsigned char buf[64];
        char msg[64], who;
        const char *v;
        pair p;
        int n;

        if (pair_init(&p, KIND_BIO, cctx, g_sctx, "localhost", sess[tls12], 0) < 0) {
            fail(w, "wrap", p.err.message);
            pair_free(&p);
            continue;
        }
        if (pair_handshake(&p, &who) < 0) {
            const sslite_error *e = sslite_object_error(who == 's' ? p.s.obj : p.c.obj);
            fail(w, who == 's' ? "server handshake" : "client handshake", e->message);
            pair_free(&p);
            continue;
        }
        v = sslite_object_version(p.c.obj);
        if (v != NULL && strcmp(v, "TLSv1.2") == 0)
            w->v12++;
        else if (v != NULL && strcmp(v, "TLSv1.3") == 0)
            w->v13++;
        w->reused += sslite_object_session_reused(p.c.obj);
        n = snprintf(msg, sizeof(msg), "thread %d round %d", w->id, i);
        if (sslite_object_write(p.c.obj, msg, (size_t)n) != n)
            fail(w, "write", sslite_object_error(p.c.obj)->message);
        pair_pump(&p);
        memset(buf, 0, sizeof(buf));
        if (sslite_object_read(p.s.obj, buf, sizeof(buf)) != n || memcmp(buf, msg, (size_t)n))
            fail(w, "read", sslite_object_error(p.s.obj)->message);
        /* The client takes in the server's TLS 1.3 tickets. */
        pair_pump(&p);
        (void)sslite_object_read(p.c.obj, buf, sizeof(buf));
        sslite_session_free(sess[tls12]);
        sess[tls12] = sslite_object_session(p.c.obj);
        pair_free(&p);
    }
    sslite_session_free(sess[0]);
    sslite_session_free(sess[1]);
    return NULL;
}

/* A capath directory holding ca.pem under its subject hash. */
static int make_capath(char *dir, size_t size)
{
    char cmd[2048];
    snprintf(dir, size, "/tmp/sslite-threads-capath-XXXXXX");
    if (mkdtemp(dir) == NULL)
        return -1;
    snprintf(cmd, sizeof(cmd),
             "cp '%s' \"%s/$(openssl x509 -hash -noout -in '%s' 2>/dev/null)\".0 2>/dev/null",
             cert_path("ca.pem"), dir, cert_path("ca.pem"));
    return system(cmd) == 0 ? 0 : -1;
}

static sslite_context *capath_client(const char *dir, int max_version)
{
    sslite_error err;
    sslite_context *c = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);

    if (c == NULL || sslite_context_load_verify_locations(c, NULL, dir, NULL, 0, 0) < 0 ||
        sslite_context_load_cert_chain(c, cert_path("client.pem"), cert_path("client.key"), NULL,
                                       NULL, NULL) < 0 ||
        (max_version && sslite_context_set_maximum_version(c, max_version) < 0)) {
        printf("Bail out! client context: %s\n", c ? sslite_context_error(c)->message : err.message);
        exit(1);
    }
    return c;
}

int main(void)
{
    worker w[NTHREADS];
    int failures = 0, v12 = 0, v13 = 0, reused = 0;
    char dir[256], cmd[300];

    if (system("openssl version >/dev/null 2>&1") != 0)
        skip_all("needs the openssl CLI for the subject hash");
    if (make_capath(dir, sizeof(dir)) < 0)
        skip_all("cannot make a capath directory");
    g_sctx = server_ctx("server-rsa.pem", "server-rsa.key");
    if (sslite_context_load_verify_locations(g_sctx, NULL, dir, NULL, 0, 0) < 0 ||
        sslite_context_set_verify_mode(g_sctx, SSLITE_CERT_REQUIRED) < 0) {
        printf("Bail out! server context: %s\n", sslite_context_error(g_sctx)->message);
        return 1;
    }
    g_cctx13 = capath_client(dir, 0);
    g_cctx12 = capath_client(dir, SSLITE_TLSVersion_TLSv1_2);
    pthread_barrier_init(&g_start, NULL, NTHREADS);
    for (int i = 0; i < NTHREADS; i++) {
        memset(&w[i], 0, sizeof(w[i]));
        w[i].id = i;
        pthread_create(&w[i].th, NULL, worker_main, &w[i]);
    }
    for (int i = 0; i < NTHREADS; i++) {
        pthread_join(w[i].th, NULL);
        failures += w[i].failures;
        v12 += w[i].v12;
        v13 += w[i].v13;
        reused += w[i].reused;
        if (w[i].failures)
            diag("thread %d: %d failures, first %s", i, w[i].failures, w[i].why);
    }
    pthread_barrier_destroy(&g_start);
    is_int(failures, 0, "%d threads x %d handshakes and echoes on shared contexts", NTHREADS,
           ROUNDS);
    is_int(v12 + v13, NTHREADS * ROUNDS, "every handshake negotiated TLS 1.2 or 1.3");
    ok(v12 > 0 && v13 > 0, "both versions: TLS 1.2 %d, TLS 1.3 %d", v12, v13);
    ok(reused > 0, "sessions resumed across threads (%d)", reused);
    sslite_context_free(g_sctx);
    sslite_context_free(g_cctx13);
    sslite_context_free(g_cctx12);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        diag("could not remove %s", dir);
    return done_testing();
}
