/* sslite against CPython's ssl (OpenSSL) on loopback, where the peer
 * matters: session_reused as seen from both sides with OpenSSL's tickets
 * (TLS 1.2 and 1.3), and client certificates both ways. */
#include <sys/wait.h>
#include "socket_util.h"

typedef struct child {
    pid_t pid;
    FILE *out;
} child;

static int spawn(child *c, char *const argv[])
{
    int fds[2];
    if (pipe(fds) < 0)
        return -1;
    c->pid = fork();
    if (c->pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(fds[1]);
    c->out = fdopen(fds[0], "r");
    return 0;
}

static int reap(child *c)
{
    int status = 0;
    fclose(c->out);
    waitpid(c->pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static const char *py, *script;
/* sslite client, CPython server. */
static void client_side(const char *version, int with_cert)
{
    char certs[1024], port[32], line[256], want[64];
    char two[] = "2", mode[] = "server", cc[] = "clientcert", ver[8], pyb[1024], scb[1024];
    char *argv[] = {pyb, scb, mode, certs, ver, two, with_cert ? cc : NULL, NULL};
    sslite_context *cctx = client_ctx();
    sslite_session *sess = NULL;
    struct sockaddr_in addr;
    child c;
    int i;

    snprintf(certs, sizeof(certs), "%s", getenv("SSLITE_TEST_CERTS"));
    snprintf(ver, sizeof(ver), "%s", version);
    snprintf(pyb, sizeof(pyb), "%s", py);
    snprintf(scb, sizeof(scb), "%s", script);
    if (with_cert &&
        sslite_context_load_cert_chain(cctx, cert_path("client.pem"), cert_path("client.key"), NULL,
                                       NULL, NULL) < 0)
        die("client cert", sslite_context_error(cctx)->message);
    spawn(&c, argv);
    if (fgets(port, sizeof(port), c.out) == NULL)
        die("python server", "no port");
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons((unsigned short)atoi(port));
    for (i = 0; i < 2; i++) {
        sslite_error err;
        sslite_socket *s = sslite_context_wrap_socket(cctx, socket(AF_INET, SOCK_STREAM, 0), 0, 1,
                                                      1, "localhost", sess, &err);
        int fd;
        ssize_t n, got = 0;
        sslite_socket_settimeout(s, 20);
        if (sslite_socket_connect(s, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
            ok(0, "connect: %s", sslite_socket_error(s)->message);
            sslite_socket_free(s);
            continue;
        }
        sslite_socket_sendall(s, "hi\n", 3, 0);
        memset(line, 0, sizeof(line));
        while (got < (ssize_t)sizeof(line) - 1 && (n = sslite_socket_recv(s, line + got, sizeof(line) - 1 - (size_t)got, 0)) > 0) {
            got += n;
            if (line[got - 1] == '\n')
                break;
        }
        snprintf(want, sizeof(want), "reused=%d cert=%d version=TLSv%s\n", i, with_cert, version);
        ok(strcmp(line, want) == 0, "TLS %s%s: CPython server saw (connection %d)", version,
           with_cert ? " + client cert" : "", i + 1);
        ok(sslite_socket_session_reused(s) == i, "TLS %s: sslite client session_reused", version);
        sslite_session_free(sess);
        sess = sslite_socket_session(s);
        if (i == 0)
            ok(sess != NULL && sslite_session_has_ticket(sess), "TLS %s: OpenSSL's ticket kept",
               version);
        fd = sslite_socket_unwrap(s);
        if (fd >= 0)
            close(fd);
        sslite_socket_free(s);
    }
    is_int(reap(&c), 0, "python server exited cleanly");
    sslite_session_free(sess);
    sslite_context_free(cctx);
}

typedef struct srv_job {
    sslite_socket *ls;
    int n;
    int reused[2];
    int has_cert[2];
    int fails;
} srv_job;

static void *serve_main(void *arg)
{
    srv_job *j = arg;
    int i;
    for (i = 0; i < j->n; i++) {
        sslite_socket *s = sslite_socket_accept(j->ls, NULL, NULL);
        char buf[64];
        const unsigned char *der;
        size_t len;
        int fd;
        if (s == NULL) {
            printf("# accept: %s\n", sslite_socket_error(j->ls)->message);
            j->fails++;
            continue;
        }
        sslite_socket_settimeout(s, 20);
        j->reused[i] = sslite_socket_session_reused(s);
        j->has_cert[i] = sslite_socket_getpeercert_der(s, &der, &len) == 1;
        if (sslite_socket_recv(s, buf, sizeof(buf), 0) <= 0)
            j->fails++;
        snprintf(buf, sizeof(buf), "srv-reused=%d\n", j->reused[i]);
        sslite_socket_sendall(s, buf, strlen(buf), 0);
        fd = sslite_socket_unwrap(s);
        if (fd >= 0)
            close(fd);
        sslite_socket_free(s);
    }
    return NULL;
}

/* CPython client, sslite server. */
static void server_side(const char *version, int with_cert)
{
    char certs[1024], port[32], line[256], want[64];
    char two[] = "2", mode[] = "client", cc[] = "clientcert", ver[8], pyb[1024], scb[1024];
    char *argv[] = {pyb, scb, mode, certs, ver, two, port, with_cert ? cc : NULL, NULL};
    sslite_context *sctx = rsa_server_ctx();
    struct sockaddr_in addr;
    sslite_error err;
    srv_job j;
    pthread_t th;
    child c;
    int i;

    if (with_cert) {
        sslite_context_load_verify_locations(sctx, cert_path("ca.pem"), NULL, NULL, 0, 0);
        sslite_context_set_verify_mode(sctx, SSLITE_CERT_REQUIRED);
    }
    memset(&j, 0, sizeof(j));
    j.n = 2;
    j.ls = sslite_context_wrap_socket(sctx, tcp_listener(&addr, 4), 1, 1, 1, NULL, NULL, &err);
    sslite_socket_settimeout(j.ls, 20);
    snprintf(certs, sizeof(certs), "%s", getenv("SSLITE_TEST_CERTS"));
    snprintf(port, sizeof(port), "%d", ntohs(addr.sin_port));
    snprintf(ver, sizeof(ver), "%s", version);
    snprintf(pyb, sizeof(pyb), "%s", py);
    snprintf(scb, sizeof(scb), "%s", script);
    pthread_create(&th, NULL, serve_main, &j);
    spawn(&c, argv);
    for (i = 0; i < 2; i++) {
        memset(line, 0, sizeof(line));
        if (fgets(line, sizeof(line), c.out) == NULL)
            line[0] = '\0';
        snprintf(want, sizeof(want), "srv-reused=%d py-reused=%d\n", i, i);
        is_str(line, want, "TLS %s%s: CPython client resumes from sslite server (connection %d)",
               version, with_cert ? " + client cert" : "", i + 1);
    }
    is_int(reap(&c), 0, "python client exited cleanly");
    pthread_join(th, NULL);
    is_int(j.fails, 0, "server side ok");
    is_int(j.has_cert[0], with_cert, "server saw the client certificate");
    sslite_socket_free(j.ls);
    sslite_context_free(sctx);
}

int main(void)
{
    py = getenv("PYTHON3");
    script = getenv("PYPEER");
    if (py == NULL || py[0] == '\0' || access(py, X_OK) != 0)
        skip_all("python3 not found");
    signal(SIGPIPE, SIG_IGN);
    client_side("1.3", 0);
    client_side("1.2", 0);
    client_side("1.3", 1);
    server_side("1.3", 0);
    server_side("1.2", 0);
    server_side("1.2", 1);
    return done_testing();
}
