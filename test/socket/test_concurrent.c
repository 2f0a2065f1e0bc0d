/* A thread-per-connection TLS 1.3 server on loopback and 200 clients that
 * connect at once (a barrier releases them together): every handshake and
 * echo completes.  With PSA's fixed table of 32 key slots, ~34 of them
 * failed.  Each connection also sends its server a KeyUpdate of its own
 * (sslite/key_update.h) before the echo. */
#include "socket_util.h"

#define NCLIENTS 200

static sslite_context *g_sctx, *g_cctx;
static struct sockaddr_in g_addr;
static pthread_barrier_t g_start;
static int g_failures; /* atomic */

static void fail_once(const char *who, const char *msg)
{
    if (__atomic_add_fetch(&g_failures, 1, __ATOMIC_RELAXED) <= 3)
        printf("# %s: %s\n", who, msg);
}

static void *server_conn(void *arg)
{
    int fd = (int)(intptr_t)arg;
    sslite_error err;
    sslite_socket *s = sslite_context_wrap_socket(g_sctx, fd, 1, 1, 1, NULL, NULL, &err);
    char buf[64];
    ssize_t n;

    if (s == NULL) {
        fail_once("server wrap", err.message);
        close(fd);
        return NULL;
    }
    sslite_socket_settimeout(s, 20);
    n = sslite_socket_recv(s, buf, sizeof(buf), 0);
    if (n <= 0 || sslite_socket_sendall(s, buf, (size_t)n, 0) < 0)
        fail_once("server", sslite_socket_error(s)->message);
    sslite_socket_free(s);
    return NULL;
}

static void *acceptor(void *arg)
{
    int lfd = *(int *)arg;
    pthread_t th[NCLIENTS];
    int n = 0;

    for (; n < NCLIENTS; n++) {
        int fd = accept(lfd, NULL, NULL);
        if (fd < 0 || pthread_create(&th[n], NULL, server_conn, (void *)(intptr_t)fd) != 0) {
            fail_once("accept", strerror(errno));
            break;
        }
    }
    for (int i = 0; i < n; i++)
        pthread_join(th[i], NULL);
    return NULL;
}

static void *client(void *arg)
{
    int id = (int)(intptr_t)arg, fd = socket(AF_INET, SOCK_STREAM, 0);
    char msg[32], buf[32];
    sslite_error err;
    sslite_socket *s;
    int n;

    pthread_barrier_wait(&g_start);
    if (fd < 0 || connect(fd, (struct sockaddr *)&g_addr, sizeof(g_addr)) < 0) {
        fail_once("connect", strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    s = sslite_context_wrap_socket(g_cctx, fd, 0, 1, 1, "localhost", NULL, &err);
    if (s == NULL) {
        fail_once("client wrap", err.message);
        return NULL;
    }
    sslite_socket_settimeout(s, 20);
    n = snprintf(msg, sizeof(msg), "client %d", id);
    memset(buf, 0, sizeof(buf));
    if (sslite_socket_do_handshake(s) < 0 || sslite_socket_key_update(s, 1) < 0 ||
        sslite_socket_sendall(s, msg, (size_t)n, 0) < 0 ||
        sslite_socket_recv(s, buf, sizeof(buf), 0) != n || memcmp(buf, msg, (size_t)n) != 0)
        fail_once("client", sslite_socket_error(s)->message);
    sslite_socket_free(s);
    return NULL;
}

int main(void)
{
    pthread_t acc, th[NCLIENTS];
    int lfd;

    signal(SIGPIPE, SIG_IGN);
    alarm(100);
    g_sctx = server_ctx("server-ec.pem", "server-ec.key");
    g_cctx = client_ctx();
    lfd = tcp_listener(&g_addr, NCLIENTS);
    pthread_barrier_init(&g_start, NULL, NCLIENTS);
    pthread_create(&acc, NULL, acceptor, &lfd);
    for (int i = 0; i < NCLIENTS; i++)
        if (pthread_create(&th[i], NULL, client, (void *)(intptr_t)i) != 0)
            die("pthread_create", strerror(errno));
    for (int i = 0; i < NCLIENTS; i++)
        pthread_join(th[i], NULL);
    pthread_join(acc, NULL);
    is_int(g_failures, 0, "%d concurrent TLS 1.3 clients, thread-per-connection server: all "
           "handshakes, KeyUpdates and echoes complete", NCLIENTS);
    close(lfd);
    sslite_context_free(g_sctx);
    sslite_context_free(g_cctx);
    return done_testing();
}
