/* One client context and one server context shared by many threads, each
 * doing handshakes and an echo concurrently (the sanitizer build turns
 * races into failures). */
#include "socket_util.h"

#define NTHREADS 8
#define ROUNDS 6

static sslite_context *g_sctx, *g_cctx;

typedef struct worker {
    pthread_t th;
    int id;
    int failures;
    int reused;
} worker;

static void *worker_main(void *arg)
{
    worker *w = arg;
    sslite_session *sess = NULL;
    int i;

    for (i = 0; i < ROUNDS; i++) {
        sslite_error err;
        sslite_socket *s;
        peer p;
        char msg[32], buf[32];
        int sv[2], n, fd;

        pair(sv);
        peer_start(&p, g_sctx, sv[1], 1, PEER_ECHO);
        peer_run(&p);
        s = sslite_context_wrap_socket(g_cctx, sv[0], 0, 1, 1, "localhost", sess, &err);
        if (s == NULL) {
            w->failures++;
            peer_join(&p);
            continue;
        }
        sslite_socket_settimeout(s, 10);
        n = snprintf(msg, sizeof(msg), "thread %d round %d", w->id, i);
        memset(buf, 0, sizeof(buf));
        if (sslite_socket_sendall(s, msg, (size_t)n, 0) < 0 ||
            sslite_socket_recv(s, buf, sizeof(buf), 0) != n || memcmp(buf, msg, (size_t)n) != 0)
            w->failures++;
        w->reused += sslite_socket_session_reused(s);
        sslite_session_free(sess);
        sess = sslite_socket_session(s);
        fd = sslite_socket_unwrap(s);
        if (fd >= 0)
            close(fd);
        sslite_socket_free(s);
        peer_join(&p);
        if (p.hs_result != 0)
            w->failures++;
    }
    sslite_session_free(sess);
    return NULL;
}

int main(void)
{
    worker w[NTHREADS];
    int i, failures = 0, reused = 0;

    signal(SIGPIPE, SIG_IGN);
    g_sctx = rsa_server_ctx();
    g_cctx = client_ctx();
    for (i = 0; i < NTHREADS; i++) {
        memset(&w[i], 0, sizeof(w[i]));
        w[i].id = i;
        pthread_create(&w[i].th, NULL, worker_main, &w[i]);
    }
    for (i = 0; i < NTHREADS; i++) {
        pthread_join(w[i].th, NULL);
        failures += w[i].failures;
        reused += w[i].reused;
    }
    is_int(failures, 0, "%d threads x %d handshakes on shared contexts", NTHREADS, ROUNDS);
    ok(reused > 0, "sessions resumed across threads (%d)", reused);
    /* The contexts survive their last users and are still usable. */
    {
        peer p;
        sslite_socket *s = connect_pair(&p, g_sctx, g_cctx, PEER_CLOSE, 1, 0);
        ok(s != NULL, "contexts still work afterwards");
        sslite_socket_free(s);
        peer_join(&p);
    }
    sslite_context_free(g_sctx);
    sslite_context_free(g_cctx);
    return done_testing();
}
