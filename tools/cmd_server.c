/*
 * sslite server: a TLS echo server like `openssl s_server` with an echo
 * loop, serving up to --max-clients connections at once (a thread each),
 * each with a handshake deadline (--handshake-timeout) and an idle limit
 * (--timeout), so a slow or silent client holds only its own slot.
 * stdout gets one JSON line when listening ({"listening":{"host":H,
 * "port":N}}, N the real port when --port 0 asked for a free one) and one
 * per completed handshake ({"accepted":{"peer":[H,N],"version":…,…}});
 * errors go to stderr as {"error":{…}} lines.
 */
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <sslite/sslite.h>
#include "json_out.h"
#include "tool.h"

typedef struct server_opts {
    tool_tls_opts tls; /* verify -1: the default (CERT_NONE, as a server context has) */
    const char *host, *port;
    int once, showcerts;
    int max_clients;
    double handshake_timeout; /* whole handshake, seconds; 0: none */
    double idle_timeout;      /* each read or write after it; 0: none */
} server_opts;

#define DEFAULT_MAX_CLIENTS 256
#define DEFAULT_HANDSHAKE_TIMEOUT 10.0
#define DEFAULT_IDLE_TIMEOUT 300.0

static int usage(FILE *out)
{
    fputs("usage: sslite server --cert F [--key F] [--cafile F]\n"
          "                     [--verify none|optional|required] [--host H] [--port N]\n"
          "                     [--once] [--alpn P1,P2] [--ciphers S] [--keylog F]\n"
          "                     [--min-version V] [--max-version V] [--showcerts]\n"
          "                     [--max-clients N] [--handshake-timeout S] [--timeout S]\n"
          "\n"
          "A TLS echo server with create_default_context(Purpose.CLIENT_AUTH)\n"
          "semantics, on 127.0.0.1:4433 unless --host/--port (--port 0: a free port).\n"
          "Prints {\"listening\":{\"host\":H,\"port\":N}} once listening and an\n"
          "{\"accepted\":{...}} line per handshake; errors go to stderr as JSON.\n"
          "Serves up to --max-clients (256) clients at once; a handshake must end\n"
          "within --handshake-timeout (10 s), and a client silent for --timeout\n"
          "(300 s) is dropped (0: no limit).  --keylog F (or SSLKEYLOGFILE) appends\n"
          "the TLS secrets in NSS key log format; --showcerts adds \"peer_chain\".\n"
          "--once: exit after the first connection (status 1 if it failed).\n",
          out);
    return out == stdout ? 0 : 2;
}

static int parse_args(int argc, char **argv, server_opts *o)
{
    enum { O_HOST = TOOL_O_OWN, O_PORT, O_ONCE, O_MAX, O_HST, O_IDLE, O_SHOWCERTS };
    static const struct option longopts[] = {
        TOOL_TLS_LONGOPTS,
        {"host", required_argument, NULL, O_HOST},
        {"port", required_argument, NULL, O_PORT},
        {"once", no_argument, NULL, O_ONCE},
        {"max-clients", required_argument, NULL, O_MAX},
        {"handshake-timeout", required_argument, NULL, O_HST},
        {"timeout", required_argument, NULL, O_IDLE},
        {"showcerts", no_argument, NULL, O_SHOWCERTS},
        {NULL, 0, NULL, 0},
    };
    int c, r, port;
    char *end;
    long v;

    memset(o, 0, sizeof(*o));
    tool_tls_opts_init(&o->tls);
    o->host = "127.0.0.1";
    o->port = "4433";
    o->max_clients = DEFAULT_MAX_CLIENTS;
    o->handshake_timeout = DEFAULT_HANDSHAKE_TIMEOUT;
    o->idle_timeout = DEFAULT_IDLE_TIMEOUT;
    optind = 1;
    opterr = 0; /* getopt's own messages are not JSON: ours are */
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if ((r = tool_tls_option(&o->tls, c, optarg, "sslite server")) != 0) {
            if (r < 0)
                return 2;
            continue;
        }
        switch (c) {
        case O_HOST: o->host = optarg; break;
        case O_PORT:
            if (tool_parse_port(optarg, "sslite server: --port", &port) < 0)
                return 2;
            o->port = optarg;
            break;
        case O_ONCE: o->once = 1; break;
        case O_SHOWCERTS: o->showcerts = 1; break;
        case O_MAX:
            v = strtol(optarg, &end, 10);
            if (optarg[0] == '\0' || *end != '\0' || v < 1 || v > 4096) {
                tool_json_error_named(stderr, "ValueError",
                                      "sslite server: --max-clients takes 1-4096, not '%s'", optarg);
                return 2;
            }
            o->max_clients = (int)v;
            break;
        case O_HST:
            if (tool_parse_seconds(optarg, "sslite server", "--handshake-timeout",
                                   &o->handshake_timeout) < 0)
                return 2;
            break;
        case O_IDLE:
            if (tool_parse_seconds(optarg, "sslite server", "--timeout", &o->idle_timeout) < 0)
                return 2;
            break;
        case 'h':
        case TOOL_O_HELP: return usage(stdout) - 1;
        default:
            tool_json_error_named(stderr, "UsageError", "sslite server: unknown or incomplete option '%s' (see --help)",
                                  argv[optind - 1]);
            return 2;
        }
    }
    if (optind != argc) {
        tool_json_error_named(stderr, "UsageError", "sslite server: unexpected argument '%s'",
                              argv[optind]);
        return 2;
    }
    if (o->tls.cert == NULL) {
        tool_json_error_named(stderr, "UsageError", "sslite server: --cert is required");
        return 2;
    }
    return 0;
}

static sslite_context *make_context(const server_opts *o, sslite_error *err, const char **file)
{
    sslite_context *ctx = sslite_create_default_context(SSLITE_Purpose_CLIENT_AUTH,
                                                        o->tls.cafile, NULL, NULL, 0, 0, err);

    *file = o->tls.cafile;
    if (ctx != NULL && tool_tls_apply(ctx, &o->tls, err, file) < 0) {
        sslite_context_free(ctx);
        return NULL;
    }
    return ctx;
}

/* Numeric host and port of an address. */
static void addr_text(const struct sockaddr *sa, socklen_t len, char *host, size_t hostlen,
                      int *port)
{
    char serv[16];
    if (getnameinfo(sa, len, host, (socklen_t)hostlen, serv, sizeof(serv),
                    NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
        snprintf(host, hostlen, "?");
        snprintf(serv, sizeof(serv), "0");
    }
    *port = atoi(serv);
}

/* Bind and listen; print the listening line.  The descriptor, or -1 after
 * printing the error. */
static int listen_tcp(const char *host, const char *port)
{
    struct addrinfo hints, *res = NULL, *ai;
    struct sockaddr_storage ss;
    socklen_t sslen = sizeof(ss);
    char addr[64];
    int fd = -1, last_errno = EADDRNOTAVAIL, r, one = 1, bound_port;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    r = getaddrinfo(host, port, &hints, &res);
    if (r != 0) {
        char msg[256];
        snprintf(msg, sizeof(msg), "[Errno %d] %s", r, gai_strerror(r));
        tool_json_error_msg(stderr, SSLITE_ERR_OS, r, msg);
        return -1;
    }
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            last_errno = errno;
            continue;
        }
        (void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, SOMAXCONN) == 0)
            break;
        last_errno = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        tool_json_oserror(stderr, last_errno);
        return -1;
    }
    if (getsockname(fd, (struct sockaddr *)&ss, &sslen) < 0) {
        tool_json_oserror(stderr, errno);
        close(fd);
        return -1;
    }
    addr_text((struct sockaddr *)&ss, sslen, addr, sizeof(addr), &bound_port);
    flockfile(stdout);
    fputs("{\"listening\":{\"host\":", stdout);
    tool_json_str(stdout, addr);
    fprintf(stdout, ",\"port\":%d}}\n", bound_port);
    fflush(stdout);
    funlockfile(stdout);
    return fd;
}

/* After a failed handshake: stop sending and read what the client still
 * sends (briefly) before closing.  Closing with unread data would make the
 * kernel reset the connection, and the reset can reach the client before
 * the alert that says why. */
static void lingering_close(int fd)
{
    char scratch[4096];
    struct pollfd pfd = {fd, POLLIN, 0};
    int rounds = 0;

    (void)shutdown(fd, SHUT_WR);
    while (rounds++ < 64 && poll(&pfd, 1, 1000) > 0) {
        ssize_t n = recv(fd, scratch, sizeof(scratch), MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
            break;
    }
}

/* One connection: handshake (within the handshake deadline), report, echo
 * until the client closes.  0 when it ended cleanly, 1 on an error
 * (printed).  Closes fd. */
static int serve_one(sslite_context *ctx, const server_opts *o, int fd, const char *peer,
                     int peer_port)
{
    sslite_error err;
    sslite_socket *s = sslite_context_wrap_socket(ctx, fd, 1, 0, 1, NULL, NULL, &err);
    unsigned char *buf = NULL;
    ssize_t n;
    int status = 0;

    if (s == NULL) { /* (the descriptor closed with it) */
        tool_json_error(stderr, &err);
        return 1;
    }
    /* settimeout() is a deadline for the whole handshake, as CPython's. */
    if (sslite_socket_settimeout(s, o->handshake_timeout > 0 ? o->handshake_timeout : -1.0) < 0 ||
        sslite_socket_do_handshake(s) < 0) {
        tool_json_error(stderr, sslite_socket_error(s));
        if (sslite_socket_error(s)->type != SSLITE_ERR_TIMEOUT)
            lingering_close(sslite_socket_fileno(s));
        sslite_socket_free(s);
        return 1;
    }
    flockfile(stdout);
    fputs("{\"accepted\":{\"peer\":[", stdout);
    tool_json_str(stdout, peer);
    fprintf(stdout, ",%d],", peer_port);
    tool_json_session(stdout, s, o->showcerts);
    fputs("}}\n", stdout);
    fflush(stdout);
    funlockfile(stdout);

    if ((buf = malloc(16384)) == NULL) {
        tool_json_error_msg(stderr, SSLITE_ERR_MEMORY, ENOMEM, "out of memory");
        sslite_socket_free(s);
        return 1;
    }
    (void)sslite_socket_settimeout(s, o->idle_timeout > 0 ? o->idle_timeout : -1.0);
    while ((n = sslite_socket_recv(s, buf, 16384, 0)) > 0)
        if (sslite_socket_sendall(s, buf, (size_t)n, 0) < 0)
            break;
    if (n < 0 || sslite_socket_error(s)->type != SSLITE_OK) {
        tool_json_error(stderr, sslite_socket_error(s));
        status = 1;
    } else {
        /* The client closed: answer its close_notify.  A client that just
         * dropped the connection (ragged EOF, suppressed) cannot hear it. */
        (void)sslite_socket_settimeout(s, 5.0);
        int pfd = sslite_socket_unwrap(s);
        if (pfd >= 0)
            close(pfd);
    }
    free(buf);
    sslite_socket_free(s);
    return status;
}

/* ---- concurrency: a detached thread per client, at most max_clients ---- */

typedef struct server_state {
    sslite_context *ctx;
    const server_opts *o;
    pthread_mutex_t lock;
    pthread_cond_t slot_free;
    int active;
} server_state;

typedef struct conn_job {
    server_state *st;
    int fd, port;
    char peer[64];
} conn_job;

static void *conn_thread(void *arg)
{
    conn_job *job = arg;
    server_state *st = job->st;

    (void)serve_one(st->ctx, st->o, job->fd, job->peer, job->port);
    free(job);
    pthread_mutex_lock(&st->lock);
    st->active--;
    pthread_cond_signal(&st->slot_free);
    pthread_mutex_unlock(&st->lock);
    return NULL;
}

/* Hand fd to a new thread; 0, or -1 (fd closed, error printed). */
static int spawn_conn(server_state *st, int fd, const char *peer, int port)
{
    pthread_attr_t attr;
    pthread_t tid;
    conn_job *job = calloc(1, sizeof(*job));
    int r;

    if (job == NULL) {
        close(fd);
        tool_json_error_msg(stderr, SSLITE_ERR_MEMORY, ENOMEM, "out of memory");
        return -1;
    }
    job->st = st;
    job->fd = fd;
    job->port = port;
    snprintf(job->peer, sizeof(job->peer), "%s", peer);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    /* A handshake needs far less than the default 8 MiB. */
    pthread_attr_setstacksize(&attr, 512 * 1024);
    pthread_mutex_lock(&st->lock);
    st->active++;
    pthread_mutex_unlock(&st->lock);
    r = pthread_create(&tid, &attr, conn_thread, job);
    pthread_attr_destroy(&attr);
    if (r != 0) {
        pthread_mutex_lock(&st->lock);
        st->active--;
        pthread_mutex_unlock(&st->lock);
        close(fd);
        free(job);
        tool_json_oserror(stderr, r);
        return -1;
    }
    return 0;
}

int sslite_tool_server(int argc, char **argv)
{
    server_opts o;
    server_state st;
    sslite_context *ctx = NULL;
    sslite_error err;
    const char *file = NULL;
    int lfd = -1, status = 1, ret;

    if ((ret = parse_args(argc, argv, &o)) != 0)
        return ret < 0 ? 0 : ret;
    signal(SIGPIPE, SIG_IGN);
    sslite_error_clear(&err);
    ctx = make_context(&o, &err, &file);
    if (ctx == NULL) {
        tool_json_error_file(stderr, &err, file);
        goto out;
    }
    lfd = listen_tcp(o.host, o.port);
    if (lfd < 0)
        goto out;
    memset(&st, 0, sizeof(st));
    st.ctx = ctx;
    st.o = &o;
    pthread_mutex_init(&st.lock, NULL);
    pthread_cond_init(&st.slot_free, NULL);
    for (;;) {
        struct sockaddr_storage ss;
        socklen_t sslen = sizeof(ss);
        char peer[64];
        int port, fd;

        /* At the limit, new clients wait in the listen queue. */
        pthread_mutex_lock(&st.lock);
        while (st.active >= o.max_clients)
            pthread_cond_wait(&st.slot_free, &st.lock);
        pthread_mutex_unlock(&st.lock);
        fd = accept(lfd, (struct sockaddr *)&ss, &sslen);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                /* Out of descriptors: say so, let clients finish, retry. */
                tool_json_oserror(stderr, errno);
                (void)poll(NULL, 0, 100);
                continue;
            }
            tool_json_oserror(stderr, errno);
            goto out;
        }
        addr_text((struct sockaddr *)&ss, sslen, peer, sizeof(peer), &port);
        if (o.once) {
            status = serve_one(ctx, &o, fd, peer, port);
            goto out;
        }
        (void)spawn_conn(&st, fd, peer, port);
    }
out:
    if (lfd >= 0)
        close(lfd);
    /* (Only --once and a failing accept() get here; returning ends the
     * process, and any connection thread with it.) */
    sslite_context_free(ctx);
    return status;
}
