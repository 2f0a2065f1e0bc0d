/* An sslite SSLObject talking to Python's ssl over a loopback TCP socket,
 * the test pumping bytes between the socket and the memory BIOs: a C
 * client against a Python server (TLS 1.3 and 1.2), and a C server against
 * a Python client.  Both sides check the data and close with close_notify.
 * argv: python3 (empty when absent: skip), py_peer.py */
#include <fcntl.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tap.h"
#include "object_util.h"
#include "sock_pump.h"
#include <sslite/record_size.h>
#include <sslite/negotiated.h>

static const char *python, *script;
static long record_in_len;

static pid_t spawn(FILE **out, const char *a1, const char *a2, const char *a3, const char *a4)
{
    int pfd[2];
    pid_t pid;

    if (pipe(pfd) < 0)
        return -1;
    pid = fork();
    if (pid == 0) {
        dup2(pfd[1], 1);
        close(pfd[0]);
        close(pfd[1]);
        execl(python, python, script, a1, a2, a3, a4, (char *)NULL);
        _exit(127);
    }
    close(pfd[1]);
    *out = fdopen(pfd[0], "r");
    return pid;
}

static int reap(pid_t pid)
{
    int st = 0;
    if (waitpid(pid, &st, 0) < 0)
        return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static void chomp(char *s)
{
    s[strcspn(s, "\r\n")] = '\0';
}

static unsigned char pat(size_t i)
{
    return (unsigned char)((i * 7 + 3) & 0xFF);
}

static int set_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/* 20,000 KeyUpdates of ours, every other one asking Python (OpenSSL) to
 * update too, with a byte after each that Python echoes: its replies and
 * its own KeyUpdates come back through our receive path. */
static void key_updates(sock_obj *so)
{
    /* 1000 a batch: each batch costs a delayed ACK on loopback. */
    unsigned char out[1000], in[1000];
    size_t got = 0, sent = 0;
    int bad = 0;
    ssize_t r;

    for (int batch = 0; batch < 20 && !bad; batch++) {
        for (int i = 0; i < 1000; i++) {
            out[i] = (unsigned char)(batch + i);
            if (sslite_object_key_update(so->obj, i & 1) != 0 ||
                sslite_object_write(so->obj, &out[i], 1) != 1)
                bad = 1;
        }
        sent += 1000;
        if (so_flush(so, 10000) < 0)
            bad = 1;
        for (size_t n = 0; n < 1000 && !bad;) {
            SO_RUN(so, sslite_object_read(so->obj, in + n, 1000 - n), r);
            if (r <= 0) {
                diag("read after KeyUpdates: %zd %s", r, sslite_object_error(so->obj)->message);
                bad = 1;
                break;
            }
            n += (size_t)r;
        }
        if (!bad && memcmp(in, out, 1000) != 0)
            bad = 1;
        got += bad ? 0 : 1000;
    }
    ok(!bad && got == sent, "20000 KeyUpdates to Python, half update_requested: "
       "every byte echoed under the new keys (%zu)", got);
}

static void c_client(sslite_context *cctx, const char *maxver, const char *want_version)
{
    /* Bail out early (one test point) when the handshake fails: the rest
     * would only repeat it. */
    FILE *py;
    char line[256], mine[256];
    pid_t pid = spawn(&py, "server", getenv("SSLITE_TEST_CERTS"), maxver, NULL);
    struct sockaddr_in sa;
    sock_obj so = {-1, NULL, NULL, NULL};
    sslite_error err;
    sslite_cipher_info ci;
    /* 1 MiB; 64 KiB (32 records of 2048 bytes) with a max_fragment_length,
     * enough to see the limit and cheaper under valgrind. */
    const size_t total = sslite_context_get_max_fragment_length(cctx) > 0 ? 64u << 10 : 1u << 20;
    unsigned char *data = malloc(total), buf[16384];
    size_t got = 0;
    ssize_t r;
    int bad = 0;

    diag("C client, Python server (max %s)", maxver);
    if (!ok(pid > 0 && fgets(line, sizeof(line), py) != NULL, "python server started")) {
        free(data);
        return;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)atoi(line));
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    so.fd = socket(AF_INET, SOCK_STREAM, 0);
    ok(connect(so.fd, (struct sockaddr *)&sa, sizeof(sa)) == 0, "connected to port %d",
       atoi(line));
    set_nonblock(so.fd);
    so.in = sslite_memorybio_new();
    so.out = sslite_memorybio_new();
    so.obj = sslite_context_wrap_bio(cctx, so.in, so.out, 0, "localhost", NULL, &err);
    ok(so.obj != NULL, "wrap_bio");

    SO_RUN(&so, sslite_object_do_handshake(so.obj), r);
    if (!ok(r == 0, "handshake with Python's ssl: %s",
            r ? sslite_object_error(so.obj)->message : "ok")) {
        kill(pid, SIGTERM);
        reap(pid);
        fclose(py);
        goto out;
    }
    is_str(sslite_object_version(so.obj), want_version, "version()");
    sslite_object_cipher(so.obj, &ci);
    snprintf(mine, sizeof(mine), "%s %s", sslite_object_version(so.obj), ci.name);
    if (fgets(line, sizeof(line), py) != NULL)
        chomp(line);
    is_str(line, mine, "Python reports the same version and cipher");
    if (strcmp(maxver, "1.3-hrr") == 0)
        is_str(sslite_object_group(so.obj), "secp384r1",
               "the group of the server's HelloRetryRequest");
    if (sslite_context_get_max_fragment_length(cctx) > 0 &&
        sslite_context_get_max_fragment_length(cctx) < 16384) {
        /* OpenSSL's server accepted it (in TLS 1.3 too), and the echo
         * below comes back in records of that size. */
        size_t in = 0, out = 0;
        sslite_object_record_limits(so.obj, &in, &out);
        is_int((long long)in, sslite_context_get_max_fragment_length(cctx),
               "max_fragment_length %d negotiated: records taken (%zu) limited to it",
               sslite_context_get_max_fragment_length(cctx), in);
    }

    for (size_t i = 0; i < total; i++)
        data[i] = pat(i);
    is_int(sslite_object_write(so.obj, data, total), (long long)total,
           "write(%zu bytes) at once into the memory BIO", total);
    ok(so_flush(&so, 10000) == 0, "flushed to the socket");
    while (got < total && !bad) {
        SO_RUN(&so, sslite_object_read(so.obj, buf, sizeof(buf)), r);
        if (r <= 0) {
            diag("read: %zd %s", r, sslite_object_error(so.obj)->message);
            bad = 1;
            break;
        }
        for (ssize_t i = 0; i < r; i++)
            if (buf[i] != pat(got + (size_t)i))
                bad = 1;
        got += (size_t)r;
    }
    ok(!bad && got == total, "all echoed back intact (%zu of %zu bytes)", got, total);
    /* KeyUpdates once per version (the max_fragment_length runs skip them:
     * under valgrind they would outlast the alarm). */
    if (strcmp(want_version, "TLSv1.3") == 0 &&
        sslite_context_get_max_fragment_length(cctx) == 0)
        key_updates(&so);
    SO_RUN(&so, sslite_object_unwrap(so.obj), r);
    is_int(r, 0, "unwrap() with Python: both close_notify exchanged");
    if (fgets(line, sizeof(line), py) != NULL)
        chomp(line);
    is_str(line, "done", "Python finished its unwrap too");
    is_int(reap(pid), 0, "python exit status");
    fclose(py);
out:
    sslite_object_free(so.obj);
    sslite_memorybio_free(so.in);
    sslite_memorybio_free(so.out);
    close(so.fd);
    free(data);
}

static void c_server(sslite_context *sctx)
{
    FILE *py;
    char line[256], portstr[16], mine[256];
    struct sockaddr_in sa;
    socklen_t salen = sizeof(sa);
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    sock_obj so = {-1, NULL, NULL, NULL};
    sslite_error err;
    sslite_cipher_info ci;
    unsigned char buf[16384];
    size_t echoed = 0;
    ssize_t r;
    pid_t pid;
    struct pollfd pfd;

    diag("C server, Python client");
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (!ok(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) == 0 && listen(lfd, 1) == 0 &&
                getsockname(lfd, (struct sockaddr *)&sa, &salen) == 0,
            "listening")) {
        close(lfd);
        return;
    }
    snprintf(portstr, sizeof(portstr), "%d", ntohs(sa.sin_port));
    pid = spawn(&py, "client", getenv("SSLITE_TEST_CERTS"), portstr, "300000");
    pfd.fd = lfd;
    pfd.events = POLLIN;
    if (!ok(pid > 0 && poll(&pfd, 1, 20000) == 1 && (so.fd = accept(lfd, NULL, NULL)) >= 0,
            "accepted the Python client")) {
        close(lfd);
        return;
    }
    set_nonblock(so.fd);
    so.in = sslite_memorybio_new();
    so.out = sslite_memorybio_new();
    so.obj = sslite_context_wrap_bio(sctx, so.in, so.out, 1, NULL, NULL, &err);
    SO_RUN(&so, sslite_object_do_handshake(so.obj), r);
    ok(r == 0, "server handshake with Python's client: %s",
       r ? sslite_object_error(so.obj)->message : "ok");
    sslite_object_cipher(so.obj, &ci);
    snprintf(mine, sizeof(mine), "%s %s", sslite_object_version(so.obj), ci.name);
    if (fgets(line, sizeof(line), py) != NULL)
        chomp(line);
    is_str(line, mine, "Python reports the same version and cipher");
    for (;;) {
        SO_RUN(&so, sslite_object_read(so.obj, buf, sizeof(buf)), r);
        if (r <= 0)
            break;
        if (sslite_object_write(so.obj, buf, (size_t)r) != r)
            break;
        echoed += (size_t)r;
    }
    is_int(r, 0, "read() b'' at Python's close_notify");
    is_int(echoed, 300000, "echoed everything");
    SO_RUN(&so, sslite_object_unwrap(so.obj), r);
    is_int(r, 0, "unwrap(): our close_notify sent");
    if (fgets(line, sizeof(line), py) != NULL)
        chomp(line);
    is_str(line, "done", "Python's unwrap() completed");
    is_int(reap(pid), 0, "python exit status");
    fclose(py);
    sslite_object_free(so.obj);
    sslite_memorybio_free(so.in);
    sslite_memorybio_free(so.out);
    close(so.fd);
    close(lfd);
}

int main(int argc, char **argv)
{
    sslite_context *cctx, *sctx;

    if (argc < 3 || argv[1][0] == '\0')
        skip_all("python3 not found");
    python = argv[1];
    script = argv[2];
    record_in_len = argc > 3 ? strtol(argv[3], NULL, 10) : 16384; /* the build's record_in_len */
    signal(SIGPIPE, SIG_IGN);
    alarm(120); /* a hung peer must not hang the suite */
    cctx = client_ctx();
    sctx = server_ctx("server-rsa.pem", "server-rsa.key");
    c_client(cctx, "1.3", "TLSv1.3");
    /* A client capped at TLS 1.2 against a server capped at TLS 1.2. */
    sslite_context_set_maximum_version(cctx, SSLITE_TLSVersion_TLSv1_2);
    c_client(cctx, "1.2", "TLSv1.2");
    sslite_context_set_maximum_version(cctx, SSLITE_TLSVersion_MAXIMUM_SUPPORTED);
    /* A client offering TLS 1.3 and 1.2, a server capped at 1.2. */
    c_client(cctx, "1.2", "TLSv1.2");
    /* max_fragment_length 2048 (RFC 6066), which OpenSSL accepts in TLS 1.3
     * in EncryptedExtensions (mbedtls-tls13-client-mfl.patch), and in TLS
     * 1.2; then TLS 1.3 only (the ClientHello asks in TLS 1.3's part). */
    if (sslite_context_set_max_fragment_length(cctx, 2048) == 0) {
        c_client(cctx, "1.3", "TLSv1.3");
        c_client(cctx, "1.2", "TLSv1.2");
        /* After a HelloRetryRequest: the second ClientHello asks again. */
        c_client(cctx, "1.3-hrr", "TLSv1.3");
        sslite_context_set_minimum_version(cctx, SSLITE_TLSVersion_TLSv1_3);
        c_client(cctx, "1.3", "TLSv1.3");
        sslite_context_set_minimum_version(cctx, SSLITE_TLSVersion_MINIMUM_SUPPORTED);
        sslite_context_set_max_fragment_length(cctx, 0);
    }
    /* A build with small input records (-Dsmall_memory=true) serves only
     * clients that are asked to send small ones, and Python's client is
     * not (OpenSSL's client sends no max_fragment_length by default). */
    if (record_in_len >= 16384)
        c_server(sctx);
    else
        diag("C server, Python client: skipped (records of at most %ld bytes in this build)",
             record_in_len);
    sslite_context_free(cctx);
    sslite_context_free(sctx);
    return done_testing();
}
