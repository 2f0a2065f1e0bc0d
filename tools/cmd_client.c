/*
 * sslite client: connect to a TLS server the way a Python program does with
 * create_default_context() and wrap_socket(), print the session as one JSON
 * line, then relay stdin to the peer and the peer to stdout.
 *
 * At stdin EOF the client sends close_notify and keeps printing what the
 * peer still sends until the peer closes too.  With --half-close it first
 * keeps reading (no close_notify yet) until the peer closes or has been
 * quiet for the wait, so a piped request's reply is never lost to a
 * close_notify that crosses it (Python's unwrap() would discard it).
 * --timeout bounds the connect, the whole handshake and every wait.
 */
#include <errno.h>
#include <fcntl.h>
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

typedef struct client_opts {
    tool_tls_opts tls; /* verify -1: the default context's (CERT_REQUIRED) */
    const char *capath, *servername;
    const char *host, *port;
    int check_hostname, showcerts, half_close;
    double timeout; /* seconds; -1: none (blocking) */
    double half_close_wait; /* --half-close=S; -1: --timeout, else the default */
} client_opts;

/* --half-close without --timeout: how long a quiet peer is waited for. */
#define DEFAULT_HALF_CLOSE_WAIT 5.0

static int usage(FILE *out)
{
    fputs("usage: sslite client [--cafile F] [--capath D] [--cert F] [--key F]\n"
          "                     [--servername H] [--verify none|optional|required]\n"
          "                     [--no-check-hostname] [--ciphers S]\n"
          "                     [--min-version V] [--max-version V] [--alpn P1,P2]\n"
          "                     [--timeout S] [--half-close[=S]] [--keylog F] [--showcerts]\n"
          "                     HOST PORT\n"
          "\n"
          "Connects with create_default_context(Purpose.SERVER_AUTH) semantics (the\n"
          "default trust store unless --cafile/--capath), prints the session as one\n"
          "JSON line, then relays stdin to the peer and the peer to stdout.  Errors\n"
          "print one line {\"error\":{...}} and exit 1.  --verify none also turns the\n"
          "hostname check off.  Versions: TLSv1.2, TLSv1.3.\n"
          "--timeout S: limit for the connect, the whole handshake, and any wait in\n"
          "which neither stdin nor the peer has anything (TimeoutError).\n"
          "--half-close[=S]: at stdin EOF keep reading until the peer closes or is\n"
          "quiet for S seconds (default: --timeout, else 5), then close: for piped\n"
          "requests, so the reply is never lost.\n"
          "--keylog F (or SSLKEYLOGFILE): append the TLS secrets (NSS key log format).\n"
          "--showcerts: add \"peer_chain\", the peer's chain as getpeercert() dicts.\n",
          out);
    return out == stdout ? 0 : 2;
}

static int parse_args(int argc, char **argv, client_opts *o)
{
    enum { O_CAPATH = TOOL_O_OWN, O_SNI, O_NOCHECK, O_TIMEOUT, O_HALF, O_SHOWCERTS };
    static const struct option longopts[] = {
        TOOL_TLS_LONGOPTS,
        {"capath", required_argument, NULL, O_CAPATH},
        {"servername", required_argument, NULL, O_SNI},
        {"no-check-hostname", no_argument, NULL, O_NOCHECK},
        {"timeout", required_argument, NULL, O_TIMEOUT},
        {"half-close", optional_argument, NULL, O_HALF},
        {"showcerts", no_argument, NULL, O_SHOWCERTS},
        {NULL, 0, NULL, 0},
    };
    int c, r, port;

    memset(o, 0, sizeof(*o));
    tool_tls_opts_init(&o->tls);
    o->check_hostname = 1;
    o->timeout = -1.0;
    o->half_close_wait = -1.0;
    optind = 1;
    opterr = 0; /* getopt's own messages are not JSON: ours are */
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if ((r = tool_tls_option(&o->tls, c, optarg, "sslite client")) != 0) {
            if (r < 0)
                return 2;
            continue;
        }
        switch (c) {
        case O_CAPATH: o->capath = optarg; break;
        case O_SNI: o->servername = optarg; break;
        case O_NOCHECK: o->check_hostname = 0; break;
        case O_HALF:
            o->half_close = 1;
            if (optarg != NULL &&
                tool_parse_seconds(optarg, "sslite client", "--half-close", &o->half_close_wait) < 0)
                return 2;
            break;
        case O_SHOWCERTS: o->showcerts = 1; break;
        case O_TIMEOUT:
            if (tool_parse_seconds(optarg, "sslite client", "--timeout", &o->timeout) < 0)
                return 2;
            break;
        case 'h':
        case TOOL_O_HELP: return usage(stdout) - 1; /* -1: stop, exit 0 */
        default:
            tool_json_error_named(stderr, "UsageError",
                                  "sslite client: unknown or incomplete option '%s' (see --help)",
                                  argv[optind - 1]);
            return 2;
        }
    }
    if (argc - optind != 2) {
        tool_json_error_named(stderr, "UsageError", "sslite client: HOST and PORT are required");
        return 2;
    }
    o->host = argv[optind];
    o->port = argv[optind + 1];
    if (tool_parse_port(o->port, "sslite client: PORT", &port) < 0)
        return 2;
    if (o->tls.key != NULL && o->tls.cert == NULL) {
        tool_json_error_named(stderr, "UsageError", "sslite client: --key needs --cert");
        return 2;
    }
    return 0;
}

/* The context, set up in the order Python code would do it. */
static sslite_context *make_context(const client_opts *o, sslite_error *err, const char **file)
{
    sslite_context *ctx = sslite_create_default_context(SSLITE_Purpose_SERVER_AUTH,
                                                        o->tls.cafile, o->capath, NULL, 0, 0,
                                                        err);
    int ret = 0;

    *file = o->tls.cafile != NULL ? o->tls.cafile : o->capath;
    if (ctx == NULL)
        return NULL;
    /* check_hostname first: CERT_NONE is refused while it is on. */
    if (!o->check_hostname || o->tls.verify == SSLITE_CERT_NONE) {
        ret = sslite_context_set_check_hostname(ctx, 0);
        if (ret < 0)
            *err = *sslite_context_error(ctx);
    }
    if (ret == 0)
        ret = tool_tls_apply(ctx, &o->tls, err, file);
    if (ret < 0) {
        sslite_context_free(ctx);
        return NULL;
    }
    return ctx;
}

/* connect() within timeout seconds (< 0: blocking): 0, or -1 with errno
 * (ETIMEDOUT when the time ran out). */
static int connect_within(int fd, const struct sockaddr *sa, socklen_t len, double timeout)
{
    int r, flags = fcntl(fd, F_GETFL), soerr = 0;
    socklen_t elen = sizeof(soerr);
    struct pollfd pfd = {fd, POLLOUT, 0};

    if (timeout < 0) {
        while ((r = connect(fd, sa, len)) < 0 && errno == EINTR)
            ;
        return r;
    }
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
        return -1;
    r = connect(fd, sa, len);
    if (r < 0 && errno != EINPROGRESS && errno != EINTR)
        return -1;
    if (r < 0) {
        do
            r = poll(&pfd, 1, (int)(timeout * 1000.0 + 0.5));
        while (r < 0 && errno == EINTR);
        if (r == 0)
            errno = ETIMEDOUT;
        if (r <= 0)
            return -1;
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &elen) < 0)
            return -1;
        if (soerr != 0) {
            errno = soerr;
            return -1;
        }
    }
    return fcntl(fd, F_SETFL, flags) < 0 ? -1 : 0;
}

/* socket.create_connection((host, port), timeout): every address in turn.
 * Returns the connected descriptor, or -1 after printing the error. */
static int connect_tcp(const char *host, const char *port, double timeout)
{
    struct addrinfo hints, *res = NULL, *ai;
    int fd = -1, last_errno = ECONNREFUSED, r;

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    /* No AI_ADDRCONFIG, as Python: it would hide ::1 on IPv4-only hosts. */
    r = getaddrinfo(host, port, &hints, &res);
    if (r != 0) {
        char msg[256];
        if (r == EAI_SYSTEM) {
            tool_json_oserror(stdout, errno);
            return -1;
        }
        /* socket.gaierror: an OSError whose errno is the EAI_* code. */
        snprintf(msg, sizeof(msg), "[Errno %d] %s", r, gai_strerror(r));
        tool_json_error_msg(stdout, SSLITE_ERR_OS, r, msg);
        return -1;
    }
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            last_errno = errno;
            continue;
        }
        if (connect_within(fd, ai->ai_addr, ai->ai_addrlen, timeout) == 0)
            break;
        last_errno = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0 && last_errno == ETIMEDOUT && timeout >= 0)
        /* socket.timeout from create_connection(): TimeoutError("timed out") */
        tool_json_error_msg(stdout, SSLITE_ERR_TIMEOUT, 0, "timed out");
    else if (fd < 0)
        tool_json_oserror(stdout, last_errno);
    return fd;
}

/* ---- the relay ---- */

typedef struct relay {
    sslite_socket *s;
    unsigned char out[16384]; /* read from stdin, not yet accepted by TLS */
    size_t off, len;
    int stdin_open;
    int closing;      /* stdin ended: close_notify sent or being sent */
    int unwrap_again; /* unwrap wanted to write: call it again when writable */
    int want_write;   /* the last TLS call needs the descriptor writable */
    int at_line_start; /* whether stdout's last byte was a newline (or none yet) */
    int half_close;   /* at stdin EOF, wait for the peer before close_notify */
    double timeout;   /* --timeout, -1 none */
    double wait;      /* once stdin ended: the half-close / close_notify wait */
} relay;

static int write_stdout(relay *r, const unsigned char *buf, size_t len)
{
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(STDOUT_FILENO, buf + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        done += (size_t)n;
    }
    if (len > 0)
        r->at_line_start = buf[len - 1] == '\n';
    return 0;
}

/* Print a relay error on its own line after whatever the peer sent. */
static int relay_error(relay *r, const sslite_error *err)
{
    if (!r->at_line_start)
        (void)write_stdout(r, (const unsigned char *)"\n", 1);
    tool_json_error(stdout, err);
    return 1;
}

/* Everything the peer has for us now.  1 when the peer closed, 0 when it
 * would block, 2 when stdout failed, negative on a TLS error. */
static int pump_peer(relay *r)
{
    unsigned char buf[16384];
    for (;;) {
        ssize_t n = sslite_socket_read(r->s, buf, sizeof(buf));
        if (n > 0) {
            if (write_stdout(r, buf, (size_t)n) < 0)
                return 2;
            continue;
        }
        if (n == 0)
            return 1;
        if (n == SSLITE_ERR_WANT_READ)
            return 0;
        if (n == SSLITE_ERR_WANT_WRITE) {
            r->want_write = 1;
            return 0;
        }
        return (int)n;
    }
}

/* Send close_notify.  Python's unwrap() would then drain and discard what
 * the peer still sends, so it is called once, non-blocking, right after
 * pump_peer() emptied the descriptor, and the reading goes on through
 * read() until the peer's close_notify. */
static int start_close(relay *r)
{
    int ret = sslite_socket_unwrap(r->s);

    r->closing = 1;
    r->unwrap_again = 0;
    if (ret >= 0) { /* both sides closed already */
        close(ret);
        return 1;
    }
    if (ret == SSLITE_ERR_WANT_WRITE) {
        r->unwrap_again = 1;
        r->want_write = 1;
        return 0;
    }
    return ret == SSLITE_ERR_WANT_READ ? 0 : ret;
}

/* The poll() timeout in ms for the relay's state: --timeout while both
 * directions are open (-1: none); once stdin ended, the half-close wait or
 * the wait for the peer's close_notify, bounded either way. */
static int poll_ms(const relay *r)
{
    double t = r->stdin_open ? r->timeout : r->wait;
    return t < 0 ? -1 : (int)(t * 1000.0 + 0.5);
}

/* Returns the exit status. */
static int run_relay(sslite_socket *s, const client_opts *o)
{
    relay *r = calloc(1, sizeof(*r));
    int status = 0, ret;

    if (r == NULL) {
        tool_json_error_msg(stdout, SSLITE_ERR_MEMORY, ENOMEM, "out of memory");
        return 1;
    }
    r->s = s;
    r->stdin_open = 1;
    r->at_line_start = 1;
    r->half_close = o->half_close;
    r->timeout = o->timeout;
    r->wait = o->half_close_wait >= 0 ? o->half_close_wait
              : o->timeout >= 0       ? o->timeout
                                      : DEFAULT_HALF_CLOSE_WAIT;
    if (sslite_socket_settimeout(s, 0.0) < 0)
        goto fail;
    for (;;) {
        struct pollfd pfd[2];
        nfds_t nfds = 1;
        int pr;

        r->want_write = 0;
        ret = pump_peer(r);
        if (ret == 1)
            break; /* the peer closed: done */
        if (ret == 2) {
            status = 1; /* stdout went away: nobody left to tell */
            goto out;
        }
        if (ret < 0)
            goto fail;
        if (r->unwrap_again && (ret = start_close(r)) != 0) {
            if (ret < 0)
                goto fail;
            goto out;
        }
        if (r->off < r->len) {
            ssize_t n = sslite_socket_write(s, r->out + r->off, r->len - r->off);
            if (n > 0) {
                r->off += (size_t)n;
                if (r->off == r->len)
                    r->off = r->len = 0;
                continue; /* more may go at once */
            }
            if (n == SSLITE_ERR_WANT_WRITE)
                r->want_write = 1;
            else if (n != SSLITE_ERR_WANT_READ)
                goto fail;
        }
        if (!r->stdin_open && !r->closing && !r->half_close && r->off == r->len) {
            if ((ret = start_close(r)) < 0)
                goto fail;
            if (ret > 0)
                goto out;
            continue;
        }

        pfd[0].fd = sslite_socket_fileno(s);
        pfd[0].events = (short)(POLLIN | (r->want_write ? POLLOUT : 0));
        pfd[0].revents = 0;
        if (r->stdin_open && r->len == 0) {
            pfd[1].fd = STDIN_FILENO;
            pfd[1].events = POLLIN;
            pfd[1].revents = 0;
            nfds = 2;
        }
        pr = poll(pfd, nfds, poll_ms(r));
        if (pr < 0) {
            if (errno == EINTR)
                continue;
            tool_json_oserror(stdout, errno);
            status = 1;
            goto out;
        }
        if (pr == 0) {
            if (r->stdin_open) {
                /* Nothing from either side for --timeout. */
                if (!r->at_line_start)
                    (void)write_stdout(r, (const unsigned char *)"\n", 1);
                tool_json_error_msg(stdout, SSLITE_ERR_TIMEOUT, 0, "The read operation timed out");
                status = 1;
                goto out;
            }
            if (r->closing)
                goto out; /* close_notify sent; the peer never answered: done */
            if (r->off == r->len) {
                /* Half-close: the peer has been quiet for the wait; close. */
                r->half_close = 0;
                if ((ret = start_close(r)) < 0)
                    goto fail;
                if (ret > 0)
                    goto out;
            }
            continue;
        }
        if (nfds == 2 && pfd[1].revents != 0) {
            ssize_t n = read(STDIN_FILENO, r->out, sizeof(r->out));
            if (n > 0) {
                r->off = 0;
                r->len = (size_t)n;
            } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
                r->stdin_open = 0; /* EOF (or a stdin we cannot read): close */
            }
        }
    }
    if (!r->closing) {
        /* The peer closed first: answer its close_notify, briefly. */
        (void)sslite_socket_settimeout(s, 5.0);
        ret = sslite_socket_unwrap(s);
        if (ret >= 0)
            close(ret);
    } else {
        ret = sslite_socket_unwrap(s); /* both closed now: the descriptor back */
        if (ret >= 0)
            close(ret);
    }
    goto out;
fail:
    status = relay_error(r, sslite_socket_error(s));
out:
    free(r);
    return status;
}

int sslite_tool_client(int argc, char **argv)
{
    client_opts o;
    sslite_context *ctx = NULL;
    sslite_socket *s = NULL;
    sslite_error err;
    const char *file = NULL;
    int fd, status = 1, ret;

    if ((ret = parse_args(argc, argv, &o)) != 0)
        return ret < 0 ? 0 : ret;
    /* A peer that goes away must not kill us while we write to it. */
    signal(SIGPIPE, SIG_IGN);
    sslite_error_clear(&err);
    ctx = make_context(&o, &err, &file);
    if (ctx == NULL) {
        tool_json_error_file(stdout, &err, file);
        goto out;
    }
    fd = connect_tcp(o.host, o.port, o.timeout);
    if (fd < 0)
        goto out;
    /* As sock.settimeout(t) before wrap_socket(): the timeout is a deadline
     * for the whole handshake. */
    s = sslite_context_wrap_socket(ctx, fd, 0, 0, 1,
                                   o.servername != NULL ? o.servername : o.host, NULL, &err);
    if (s == NULL) { /* (the descriptor closed with it) */
        tool_json_error(stdout, &err);
        goto out;
    }
    if (sslite_socket_settimeout(s, o.timeout) < 0 || sslite_socket_do_handshake(s) < 0) {
        tool_json_error(stdout, sslite_socket_error(s));
        goto out;
    }
    flockfile(stdout);
    fputc('{', stdout);
    tool_json_session(stdout, s, o.showcerts);
    fputs("}\n", stdout);
    fflush(stdout);
    funlockfile(stdout);
    status = run_relay(s, &o);
out:
    sslite_socket_free(s);
    sslite_context_free(ctx);
    return status;
}
