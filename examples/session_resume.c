/*
 * session_resume: a client whose TLS session survives a restart (sslite
 * extension, sslite/session_bytes.h).  A device that sleeps, reboots or is
 * restarted by its supervisor reconnects with an abbreviated handshake
 * instead of a full one.
 *
 *   session_resume [--no-dhe] HOST PORT CAFILE STATEFILE KEYFILE
 *
 * Each run connects to HOST:PORT over TLS (verifying the server against
 * CAFILE, hostname "localhost"), offers the session stored in STATEFILE if
 * there is one, sends "ping\n", reads the reply (a TLS 1.3 server's tickets
 * arrive with it), prints "session_reused: True|False" and stores the
 * session for the next run.  The session is sealed with the 32-byte key in
 * KEYFILE (created with random bytes, mode 0600, when missing): a device
 * would derive it from a secret of its own.  A stale or damaged STATEFILE
 * is reported and ignored: the connection is then a full handshake.
 *
 * --no-dhe sets SSLITE_OP_ALLOW_NO_DHE_KEX: a TLS 1.3 reconnect to a
 * server that allows psk_ke does no (EC)DHE at all (cheapest for a small
 * device, but the resumed connection has no forward secrecy).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sslite/sslite.h>

/* The whole file in a malloc'd buffer; NULL when it does not exist. */
static unsigned char *slurp(const char *path, size_t *len)
{
    unsigned char *buf = NULL;
    struct stat st;
    int fd = open(path, O_RDONLY);
    ssize_t n;

    if (fd < 0)
        return NULL;
    if (fstat(fd, &st) == 0 && st.st_size >= 0 && st.st_size < (1 << 20) &&
        (buf = malloc((size_t)st.st_size + 1)) != NULL) {
        n = read(fd, buf, (size_t)st.st_size);
        if (n != st.st_size) {
            free(buf);
            buf = NULL;
        }
        *len = (size_t)st.st_size;
    }
    close(fd);
    return buf;
}

/* Write to PATH.tmp and rename: a crash leaves the old file or the new. */
static int store(const char *path, const unsigned char *buf, size_t len)
{
    char tmp[4096];
    int fd, ok;

    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return -1;
    ok = write(fd, buf, len) == (ssize_t)len && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    return ok && rename(tmp, path) == 0 ? 0 : -1;
}

static int load_key(const char *path, unsigned char key[SSLITE_SESSION_KEY_SIZE])
{
    size_t len = 0;
    unsigned char *buf = slurp(path, &len);
    sslite_error err;

    if (buf != NULL) {
        int ok = len == SSLITE_SESSION_KEY_SIZE;
        if (ok)
            memcpy(key, buf, SSLITE_SESSION_KEY_SIZE);
        free(buf);
        return ok ? 0 : -1;
    }
    if (sslite_RAND_bytes(key, SSLITE_SESSION_KEY_SIZE, &err) < 0)
        return -1;
    return store(path, key, SSLITE_SESSION_KEY_SIZE);
}

int main(int argc, char **argv)
{
    unsigned char key[SSLITE_SESSION_KEY_SIZE], *blob, *out = NULL;
    sslite_context *ctx = NULL;
    sslite_session *offer = NULL, *got = NULL;
    sslite_socket *s = NULL;
    struct sockaddr_in sa;
    sslite_error err;
    size_t len = 0, outlen = 0;
    char reply[64];
    int fd, rc = 1;

    int no_dhe = argc > 1 && strcmp(argv[1], "--no-dhe") == 0;

    if (no_dhe) {
        argv++;
        argc--;
    }
    if (argc != 6) {
        fprintf(stderr, "usage: %s [--no-dhe] HOST PORT CAFILE STATEFILE KEYFILE\n", argv[0]);
        return 2;
    }
    if (load_key(argv[5], key) < 0) {
        fprintf(stderr, "%s: cannot read or create a 32-byte key\n", argv[5]);
        return 1;
    }
    ctx = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
    if (ctx == NULL || sslite_context_load_verify_locations(ctx, argv[3], NULL, NULL, 0, 0) < 0) {
        fprintf(stderr, "context: %s\n", ctx ? sslite_context_error(ctx)->message : err.message);
        goto out;
    }
    if (no_dhe)
        sslite_context_set_options(ctx, sslite_context_get_options(ctx) | SSLITE_OP_ALLOW_NO_DHE_KEX);
    if ((blob = slurp(argv[4], &len)) != NULL) {
        offer = sslite_session_from_bytes(blob, len, key, sizeof(key), &err);
        if (offer == NULL)
            fprintf(stderr, "%s: ignored (%s)\n", argv[4], err.message);
        free(blob);
    }

    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons((unsigned short)atoi(argv[2]));
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || inet_pton(AF_INET, argv[1], &sa.sin_addr) != 1 ||
        connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        fprintf(stderr, "connect: %s\n", strerror(errno));
        if (fd >= 0)
            close(fd);
        goto out;
    }
    s = sslite_context_wrap_socket(ctx, fd, 0, 1, 1, "localhost", offer, &err);
    if (s == NULL) {
        fprintf(stderr, "handshake: %s\n", err.message);
        goto out;
    }
    if (sslite_socket_sendall(s, "ping\n", 5, 0) < 0 ||
        sslite_socket_recv(s, reply, sizeof(reply), 0) <= 0) {
        fprintf(stderr, "exchange failed\n");
        goto out;
    }
    printf("session_reused: %s\n", sslite_socket_session_reused(s) ? "True" : "False");
    got = sslite_socket_session(s);
    if (got == NULL || sslite_session_to_bytes(got, key, sizeof(key), &out, &outlen, &err) < 0 ||
        store(argv[4], out, outlen) < 0) {
        fprintf(stderr, "saving the session failed\n");
        goto out;
    }
    rc = 0;
out:
    free(out);
    sslite_session_free(got);
    sslite_session_free(offer);
    sslite_socket_free(s);
    sslite_context_free(ctx);
    return rc;
}
