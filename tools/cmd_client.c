/*
 * sslite client: connect to a TLS server the way a Python program does with
 * create_default_context() and wrap_socket(), print the session as one JSON
 * line, then relay stdin to the peer and the peer to stdout.
 *
 * At stdin EOF the client sends close_notify and keeps printing what the
 * peer still sends until the peer closes too, so `printf 'x\n' | sslite
 * client ...` against an echo server shows the echo.
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

typedef struct client_opts {
    tool_tls_opts tls; /* verify -1: the default context's (CERT_REQUIRED) */
    const char *capath, *servername;
    const char *host, *port;
    int check_hostname;
} client_opts;

static int usage(FILE *out)
{
    fputs("usage: sslite client [--cafile F] [--capath D] [--cert F] [--key F]\n"
          "                     [--servername H] [--verify none|optional|required]\n"
          "                     [--no-check-hostname] [--ciphers S]\n"
          "                     [--min-version V] [--max-version V] [--alpn P1,P2] HOST PORT\n"
          "\n"
          "Connects with create_default_context(Purpose.SERVER_AUTH) semantics (the\n"
          "default trust store unless --cafile/--capath), prints the session as one\n"
          "JSON line, then relays stdin to the peer and the peer to stdout.  Errors\n"
          "print one line {\"error\":{...}} and exit 1.  --verify none also turns the\n"
          "hostname check off.  Versions: TLSv1.2, TLSv1.3.\n",
          out);
    return out == stdout ? 0 : 2;
}

static int parse_args(int argc, char **argv, client_opts *o)
{
    enum { O_CAPATH = TOOL_O_OWN, O_SNI, O_NOCHECK };
    static const struct option longopts[] = {
        TOOL_TLS_LONGOPTS,
        {"capath", required_argument, NULL, O_CAPATH},
        {"servername", required_argument, NULL, O_SNI},
        {"no-check-hostname", no_argument, NULL, O_NOCHECK},
        {NULL, 0, NULL, 0},
    };
    int c, r;

    memset(o, 0, sizeof(*o));
    tool_tls_opts_init(&o->tls);
    o->check_hostname = 1;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if ((r = tool_tls_option(&o->tls, c, optarg, "sslite client")) != 0) {
            if (r < 0)
                return usage(stderr);
            continue;
        }
        switch (c) {
        case O_CAPATH: o->capath = optarg; break;
        case O_SNI: o->servername = optarg; break;
        case O_NOCHECK: o->check_hostname = 0; break;
        case 'h':
        case TOOL_O_HELP: return usage(stdout) - 1; /* -1: stop, exit 0 */
        default: return usage(stderr);
        }
    }
    if (argc - optind != 2) {
        fprintf(stderr, "sslite client: HOST and PORT are required\n");
        return usage(stderr);
    }
    o->host = argv[optind];
    o->port = argv[optind + 1];
    if (o->tls.key != NULL && o->tls.cert == NULL) {
        fprintf(stderr, "sslite client: --key needs --cert\n");
        return usage(stderr);
    }
    return 0;
}

/* The context, set up in the order Python code would do it. */
static sslite_context *make_context(const client_opts *o, sslite_error *err)
{
    sslite_context *ctx = sslite_create_default_context(SSLITE_Purpose_SERVER_AUTH,
                                                        o->tls.cafile, o->capath, NULL, 0, 0,
                                                        err);
    int ret = 0;

    if (ctx == NULL)
        return NULL;
    /* check_hostname first: CERT_NONE is refused while it is on. */
    if (!o->check_hostname || o->tls.verify == SSLITE_CERT_NONE) {
        ret = sslite_context_set_check_hostname(ctx, 0);
        if (ret < 0)
            *err = *sslite_context_error(ctx);
    }
    if (ret == 0)
        ret = tool_tls_apply(ctx, &o->tls, err);
    if (ret < 0) {
        sslite_context_free(ctx);
        return NULL;
    }
    return ctx;
}

/* socket.create_connection((host, port)): every address in turn.  Returns
 * the connected descriptor, or -1 after printing the error. */
static int connect_tcp(const char *host, const char *port)
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
        while ((r = connect(fd, ai->ai_addr, ai->ai_addrlen)) < 0 && errno == EINTR)
            ;
        if (r == 0)
            break;
        last_errno = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0)
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

/* Returns the exit status. */
static int run_relay(sslite_socket *s)
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
    if (sslite_socket_settimeout(s, 0.0) < 0)
        goto fail;
    for (;;) {
        struct pollfd pfd[2];
        nfds_t nfds = 1;

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
        if (!r->stdin_open && !r->closing && r->off == r->len) {
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
        if (poll(pfd, nfds, -1) < 0) {
            if (errno == EINTR)
                continue;
            tool_json_oserror(stdout, errno);
            status = 1;
            goto out;
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
    int fd, status = 1, ret;

    if ((ret = parse_args(argc, argv, &o)) != 0)
        return ret < 0 ? 0 : ret;
    /* A peer that goes away must not kill us while we write to it. */
    signal(SIGPIPE, SIG_IGN);
    sslite_error_clear(&err);
    ctx = make_context(&o, &err);
    if (ctx == NULL) {
        tool_json_error(stdout, &err);
        goto out;
    }
    fd = connect_tcp(o.host, o.port);
    if (fd < 0)
        goto out;
    s = sslite_context_wrap_socket(ctx, fd, 0, 1, 1,
                                   o.servername != NULL ? o.servername : o.host, NULL, &err);
    if (s == NULL) {
        tool_json_error(stdout, &err);
        goto out;
    }
    fputc('{', stdout);
    tool_json_session(stdout, s);
    fputs("}\n", stdout);
    fflush(stdout);
    status = run_relay(s);
out:
    sslite_socket_free(s);
    sslite_context_free(ctx);
    return status;
}
