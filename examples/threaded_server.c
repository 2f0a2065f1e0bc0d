/*
 * threaded_server: a mutual-TLS server with a thread per connection, the
 * C form of
 *
 *     ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=CA)
 *     ctx.verify_mode = ssl.CERT_REQUIRED
 *     ctx.load_cert_chain(CERT, KEY)
 *     while True:
 *         conn, addr = listener.accept()
 *         threading.Thread(target=handle, args=(ctx.wrap_socket(conn, ...),)).start()
 *
 * Thread rules (docs/threads.md): the context is configured once, before
 * any thread uses it, and then shared read-only; each socket belongs to
 * the one thread that serves it.  Each handshake has a deadline, so a
 * client that stalls holds its own thread only.
 *
 * To be self-contained, NCLIENTS client threads (with client.pem) connect
 * at once, and one client without a certificate is refused.
 *
 *   threaded_server CERTDIR  (ca.pem, server-rsa.pem/.key, client.pem/.key)
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <sslite/sslite.h>

#define NCLIENTS 8

typedef struct conn {
    sslite_context *ctx;
    int fd;
} conn;

static pthread_mutex_t print_lock = PTHREAD_MUTEX_INITIALIZER;

/* One connection, in its own thread: handshake (the client certificate is
 * verified in it), greet the client by its certificate's commonName. */
static void *handle(void *arg)
{
    conn *c = arg;
    sslite_error err;
    sslite_certdict *peer = NULL;
    sslite_socket *s = sslite_context_wrap_socket(c->ctx, c->fd, 1, 0, 1, NULL, NULL, &err);
    char line[256];
    const char *cn;

    if (s == NULL)
        return NULL;
    /* The whole handshake, then each read: generous, as the tests also run
     * this under valgrind, where handshakes are slow. */
    (void)sslite_socket_settimeout(s, 30.0);
    if (sslite_socket_do_handshake(s) < 0) {
        const sslite_error *e = sslite_socket_error(s);
        pthread_mutex_lock(&print_lock);
        printf("server: refused a client: %s: %s\n", sslite_errtype_name(e->type), e->message);
        pthread_mutex_unlock(&print_lock);
        goto out;
    }
    /* CERT_REQUIRED: a completed handshake means a verified certificate. */
    if (sslite_socket_getpeercert(s, &peer) != 1)
        goto out;
    cn = sslite_cert_name_get(sslite_certdict_subject(peer), "commonName");
    snprintf(line, sizeof(line), "hello, %s (%s)\n", cn != NULL ? cn : "?",
             sslite_socket_version(s));
    if (sslite_socket_sendall(s, line, strlen(line), 0) == 0) {
        int fd = sslite_socket_unwrap(s);
        if (fd >= 0)
            close(fd);
    }
out:
    sslite_certdict_free(peer);
    sslite_socket_free(s);
    return NULL;
}

/* ---- clients, for the demonstration ---- */

typedef struct client {
    sslite_context *ctx;
    int port;
    char reply[256];
    int ok;
} client;

static void *run_client(void *arg)
{
    client *cl = arg;
    struct sockaddr_in a;
    sslite_error err;
    sslite_socket *s;
    ssize_t n;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons((unsigned short)cl->port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || (s = sslite_context_wrap_socket(cl->ctx, fd, 0, 1, 1, "localhost", NULL, &err)) == NULL)
        return NULL;
    (void)sslite_socket_settimeout(s, 30.0);
    if (sslite_socket_connect(s, (struct sockaddr *)&a, sizeof(a)) == 0 &&
        (n = sslite_socket_recv(s, cl->reply, sizeof(cl->reply) - 1, 0)) > 0) {
        cl->reply[n] = '\0';
        cl->ok = 1;
    }
    sslite_socket_free(s);
    return NULL;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    char ca[1024], cert[1024], key[1024], ccert[1024], ckey[1024];
    sslite_context *sctx = NULL, *cctx = NULL, *anon = NULL;
    sslite_error err;
    struct sockaddr_in a;
    socklen_t alen = sizeof(a);
    pthread_t ct[NCLIENTS + 1];
    client cl[NCLIENTS + 1];
    int lfd = -1, rc = 1, served = 0, i;

    signal(SIGPIPE, SIG_IGN);
    snprintf(ca, sizeof(ca), "%s/ca.pem", dir);
    snprintf(cert, sizeof(cert), "%s/server-rsa.pem", dir);
    snprintf(key, sizeof(key), "%s/server-rsa.key", dir);
    snprintf(ccert, sizeof(ccert), "%s/client.pem", dir);
    snprintf(ckey, sizeof(ckey), "%s/client.key", dir);

    /* Configure everything first; share afterwards. */
    sctx = sslite_create_default_context(SSLITE_Purpose_CLIENT_AUTH, ca, NULL, NULL, 0, 0, &err);
    cctx = sslite_create_default_context(SSLITE_Purpose_SERVER_AUTH, ca, NULL, NULL, 0, 0, &err);
    anon = sslite_create_default_context(SSLITE_Purpose_SERVER_AUTH, ca, NULL, NULL, 0, 0, &err);
    if (sctx == NULL || cctx == NULL || anon == NULL ||
        sslite_context_set_verify_mode(sctx, SSLITE_CERT_REQUIRED) < 0 ||
        sslite_context_load_cert_chain(sctx, cert, key, NULL, NULL, NULL) < 0 ||
        sslite_context_load_cert_chain(cctx, ccert, ckey, NULL, NULL, NULL) < 0) {
        fprintf(stderr, "contexts: cannot load the certificates from %s\n", dir);
        goto out;
    }

    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(lfd, 64) < 0 ||
        getsockname(lfd, (struct sockaddr *)&a, &alen) < 0) {
        perror("listen");
        goto out;
    }
    for (i = 0; i <= NCLIENTS; i++) {
        memset(&cl[i], 0, sizeof(cl[i]));
        cl[i].ctx = i < NCLIENTS ? cctx : anon; /* the last one has no certificate */
        cl[i].port = ntohs(a.sin_port);
        if (pthread_create(&ct[i], NULL, run_client, &cl[i]) != 0)
            goto out;
    }

    /* The accept loop: a thread per connection (bounded here by the demo's
     * client count; a real server also caps how many run at once). */
    {
        pthread_t st[NCLIENTS + 1];
        conn cs[NCLIENTS + 1];
        int n = 0;
        for (i = 0; i <= NCLIENTS; i++) {
            int fd = accept(lfd, NULL, NULL);
            if (fd < 0)
                break;
            cs[n].ctx = sctx;
            cs[n].fd = fd;
            if (pthread_create(&st[n], NULL, handle, &cs[n]) != 0) {
                close(fd);
                break;
            }
            n++;
        }
        for (i = 0; i < n; i++)
            pthread_join(st[i], NULL);
    }
    for (i = 0; i <= NCLIENTS; i++)
        pthread_join(ct[i], NULL);
    for (i = 0; i < NCLIENTS; i++) {
        if (cl[i].ok && strncmp(cl[i].reply, "hello, ", 7) == 0)
            served++;
    }
    printf("%d of %d clients with a certificate served: %s", served, NCLIENTS,
           served > 0 ? cl[0].reply : "\n");
    if (cl[NCLIENTS].ok) {
        fprintf(stderr, "the client without a certificate was served\n");
        goto out;
    }
    printf("the client without a certificate was refused\n");
    rc = served == NCLIENTS ? 0 : 1;
out:
    if (lfd >= 0)
        close(lfd);
    sslite_context_free(sctx);
    sslite_context_free(cctx);
    sslite_context_free(anon);
    return rc;
}
