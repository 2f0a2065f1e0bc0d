/*
 * sslite server: a TLS echo server, one connection at a time, like
 * `openssl s_server` with an echo loop.  stdout gets one JSON line when
 * listening ({"listening":{"host":H,"port":N}}, N the real port when
 * --port 0 asked for a free one) and one per completed handshake
 * ({"accepted":{"peer":[H,N],"version":…,…}}); errors go to stderr as
 * {"error":{…}} lines.
 */
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <poll.h>
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
    int once;
} server_opts;

static int usage(FILE *out)
{
    fputs("usage: sslite server --cert F [--key F] [--cafile F]\n"
          "                     [--verify none|optional|required] [--host H] [--port N]\n"
          "                     [--once] [--alpn P1,P2] [--ciphers S]\n"
          "                     [--min-version V] [--max-version V]\n"
          "\n"
          "A TLS echo server with create_default_context(Purpose.CLIENT_AUTH)\n"
          "semantics, on 127.0.0.1:4433 unless --host/--port (--port 0: a free port).\n"
          "Prints {\"listening\":{\"host\":H,\"port\":N}} once listening and an\n"
          "{\"accepted\":{...}} line per handshake; errors go to stderr as JSON.\n"
          "--once: exit after the first connection (status 1 if it failed).\n",
          out);
    return out == stdout ? 0 : 2;
}

static int parse_args(int argc, char **argv, server_opts *o)
{
    enum { O_HOST = TOOL_O_OWN, O_PORT, O_ONCE };
    static const struct option longopts[] = {
        TOOL_TLS_LONGOPTS,
        {"host", required_argument, NULL, O_HOST},
        {"port", required_argument, NULL, O_PORT},
        {"once", no_argument, NULL, O_ONCE},
        {NULL, 0, NULL, 0},
    };
    int c, r;

    memset(o, 0, sizeof(*o));
    tool_tls_opts_init(&o->tls);
    o->host = "127.0.0.1";
    o->port = "4433";
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if ((r = tool_tls_option(&o->tls, c, optarg, "sslite server")) != 0) {
            if (r < 0)
                return usage(stderr);
            continue;
        }
        switch (c) {
        case O_HOST: o->host = optarg; break;
        case O_PORT: o->port = optarg; break;
        case O_ONCE: o->once = 1; break;
        case 'h':
        case TOOL_O_HELP: return usage(stdout) - 1;
        default: return usage(stderr);
        }
    }
    if (optind != argc) {
        fprintf(stderr, "sslite server: unexpected argument '%s'\n", argv[optind]);
        return usage(stderr);
    }
    if (o->tls.cert == NULL) {
        fprintf(stderr, "sslite server: --cert is required\n");
        return usage(stderr);
    }
    return 0;
}

static sslite_context *make_context(const server_opts *o, sslite_error *err)
{
    sslite_context *ctx = sslite_create_default_context(SSLITE_Purpose_CLIENT_AUTH,
                                                        o->tls.cafile, NULL, NULL, 0, 0, err);

    if (ctx != NULL && tool_tls_apply(ctx, &o->tls, err) < 0) {
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
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 16) == 0)
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
    fputs("{\"listening\":{\"host\":", stdout);
    tool_json_str(stdout, addr);
    fprintf(stdout, ",\"port\":%d}}\n", bound_port);
    fflush(stdout);
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

/* One connection: handshake, report, echo until the client closes.
 * 0 when it ended cleanly, 1 on an error (printed). */
static int serve_one(sslite_context *ctx, int fd, const char *peer, int peer_port)
{
    sslite_error err;
    sslite_socket *s = sslite_context_wrap_socket(ctx, fd, 1, 0, 1, NULL, NULL, &err);
    unsigned char buf[16384];
    ssize_t n;
    int status = 0;

    if (s == NULL) {
        tool_json_error(stderr, &err);
        return 1;
    }
    if (sslite_socket_do_handshake(s) < 0) {
        tool_json_error(stderr, sslite_socket_error(s));
        lingering_close(sslite_socket_fileno(s));
        sslite_socket_free(s);
        return 1;
    }
    fputs("{\"accepted\":{\"peer\":[", stdout);
    tool_json_str(stdout, peer);
    fprintf(stdout, ",%d],", peer_port);
    tool_json_session(stdout, s);
    fputs("}}\n", stdout);
    fflush(stdout);

    while ((n = sslite_socket_recv(s, buf, sizeof(buf), 0)) > 0)
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
    sslite_socket_free(s);
    return status;
}

int sslite_tool_server(int argc, char **argv)
{
    server_opts o;
    sslite_context *ctx = NULL;
    sslite_error err;
    int lfd = -1, status = 1, ret;

    if ((ret = parse_args(argc, argv, &o)) != 0)
        return ret < 0 ? 0 : ret;
    signal(SIGPIPE, SIG_IGN);
    sslite_error_clear(&err);
    ctx = make_context(&o, &err);
    if (ctx == NULL) {
        tool_json_error(stderr, &err);
        goto out;
    }
    lfd = listen_tcp(o.host, o.port);
    if (lfd < 0)
        goto out;
    for (;;) {
        struct sockaddr_storage ss;
        socklen_t sslen = sizeof(ss);
        char peer[64];
        int port, fd = accept(lfd, (struct sockaddr *)&ss, &sslen);

        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            tool_json_oserror(stderr, errno);
            goto out;
        }
        addr_text((struct sockaddr *)&ss, sslen, peer, sizeof(peer), &port);
        status = serve_one(ctx, fd, peer, port);
        if (o.once)
            goto out;
    }
out:
    if (lfd >= 0)
        close(lfd);
    sslite_context_free(ctx);
    return status;
}
