/* For test_idna.py: each stdin line is a server_hostname in hex (UTF-8
 * bytes); prints "OK <server_hostname attribute>" or "ERR <type> <message
 * without its (file:line) tail>", wrapping a memory-BIO client and, with
 * -s, a socket too (the two must agree). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <sslite/sslite.h>

/* Drop a trailing " (file.c:123)". */
static void strip_where(char *m)
{
    size_t n = strlen(m);
    char *p = strrchr(m, '(');
    const char *c = p ? strstr(p, ".c:") : NULL;
    if (n > 0 && m[n - 1] == ')' && p != NULL && p > m && p[-1] == ' ' && c != NULL &&
        strspn(c + 3, "0123456789") == strlen(c + 3) - 1)
        p[-1] = '\0';
}

static void report(char *line, size_t size, const char *host, const sslite_error *err)
{
    char msg[1024];
    if (host != NULL) {
        snprintf(line, size, "OK %s", host);
        return;
    }
    snprintf(msg, sizeof(msg), "%s", err->message);
    strip_where(msg);
    snprintf(line, size, "ERR %d %s", err->type, msg);
}

int main(int argc, char **argv)
{
    int sockets = argc > 1 && strcmp(argv[1], "-s") == 0;
    sslite_error err;
    sslite_context *c = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
    char hex[8192], name[4096];

    if (c == NULL || sslite_context_set_check_hostname(c, 0) < 0)
        return 1;
    while (fgets(hex, sizeof(hex), stdin) != NULL) {
        size_t n = 0;
        char a[2048], b[2048];
        sslite_memorybio *in = sslite_memorybio_new(), *out = sslite_memorybio_new();
        sslite_object *o;

        for (char *p = hex; p[0] && p[1] && p[0] != '\n' && n + 1 < sizeof(name); p += 2) {
            unsigned v;
            sscanf(p, "%2x", &v);
            name[n++] = (char)v;
        }
        name[n] = '\0';
        o = sslite_context_wrap_bio(c, in, out, 0, name, NULL, &err);
        report(a, sizeof(a), o ? sslite_object_server_hostname(o) : NULL, &err);
        sslite_object_free(o);
        if (sockets) {
            int sv[2];
            sslite_socket *s;
            if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
                return 1;
            s = sslite_context_wrap_socket(c, sv[0], 0, 0, 1, name, NULL, &err);
            report(b, sizeof(b), s ? sslite_socket_server_hostname(s) : NULL, &err);
            sslite_socket_free(s);
            close(sv[1]);
            if (strcmp(a, b) != 0)
                printf("MISMATCH socket: %s\n", b);
        }
        printf("%s\n", a);
        fflush(stdout);
        sslite_memorybio_free(in);
        sslite_memorybio_free(out);
    }
    sslite_context_free(c);
    return 0;
}
