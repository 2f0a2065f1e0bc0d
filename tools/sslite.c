/*
 * sslite: the command-line tool, like `openssl s_client`/`s_server`.
 *   sslite client|server|ciphers|x509 ...
 */
#include <stdio.h>
#include <string.h>
#include <sslite/sslite.h>
#include "json_out.h"
#include "tool.h"

static const struct {
    const char *name;
    int (*run)(int, char **);
    const char *help;
} commands[] = {
    {"client", sslite_tool_client, "connect to a TLS server, print the session as JSON, relay stdin/stdout"},
    {"server", sslite_tool_server, "a TLS echo server"},
    {"ciphers", sslite_tool_ciphers, "expand an OpenSSL cipher string"},
    {"x509", sslite_tool_x509, "decode a certificate as CPython's getpeercert() dict (JSON)"},
};

static int usage(FILE *out)
{
    fprintf(out, "usage: sslite COMMAND [options]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        fprintf(out, "  %-8s %s\n", commands[i].name, commands[i].help);
    fprintf(out, "\nsslite %s on %s\n", sslite_version(), sslite_backend_version());
    return out == stdout ? 0 : 2;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage(stderr);
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
        return usage(stdout);
    if (strcmp(argv[1], "--version") == 0) {
        printf("sslite %s (%s)\n", sslite_version(), sslite_backend_version());
        return 0;
    }
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    tool_json_error_named(stderr, "UsageError", "sslite: unknown command '%s' (see sslite --help)",
                          argv[1]);
    return 2;
}
