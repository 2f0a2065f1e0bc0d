/* sslite command-line tool: the few JSON shapes it prints. */
#ifndef SSLITE_TOOL_JSON_OUT_H
#define SSLITE_TOOL_JSON_OUT_H

#include <getopt.h>
#include <stdio.h>
#include <sslite/sslite.h>

/* A JSON string for s (null when s is NULL). */
void tool_json_str(FILE *out, const char *s);

/* Every error the tool prints is one line in one shape:
 *   {"error":{"type":T,"errno":N,"library":L,"reason":R,"verify_code":C,
 *             "verify_message":M,"filename":F,"message":S}}
 * each member null where Python has None; type is the Python exception's
 * name; filename is OSError.filename (set for file errors). */

/* err as that line. */
void tool_json_error(FILE *out, const sslite_error *err);

/* err, about the file filename (may be NULL); an OSError for ENOENT/EACCES
 * is named FileNotFoundError/PermissionError, as CPython raises it. */
void tool_json_error_file(FILE *out, const sslite_error *err, const char *filename);

/* An OSError raised by the tool itself (connect, bind, ...): errnum is
 * errno, message CPython's "[Errno N] text". */
void tool_json_oserror(FILE *out, int errnum);

/* An OSError opening filename: "[Errno N] text: 'filename'". */
void tool_json_file_oserror(FILE *out, int errnum, const char *filename);

/* A plain message, e.g. for a getaddrinfo() failure (socket.gaierror is
 * an OSError with errno EAI_*). */
void tool_json_error_msg(FILE *out, int type, int errnum, const char *message);

/* The tool's own errors (bad arguments): type is a Python exception name
 * ("ValueError", "OverflowError", "UsageError" for a malformed command line). */
void tool_json_error_named(FILE *out, const char *type, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Which of files (NULL entries skipped) a failed load was about: the first
 * that cannot be read, else the first. */
const char *tool_failing_file(const char *const *files, size_t n);

/* A decimal port 0-65535 into *port; otherwise -1 after printing the error
 * (ValueError, or OverflowError as Python's bind()/connect() raise). */
int tool_parse_port(const char *s, const char *cmd, int *port);

/* Seconds (>= 0, fractions allowed) for option opt; -1 after the error. */
int tool_parse_seconds(const char *s, const char *cmd, const char *opt, double *out);

/* The connection facts shared by client and server, as JSON members
 * (no braces): "version":…,"cipher":[…],"peercert":…,"alpn":…,
 * "session_reused":…, and with showcerts "peer_chain":[dict,…] (the
 * chain the peer sent, leaf first, as getpeercert() dicts). */
void tool_json_session(FILE *out, sslite_socket *s, int showcerts);

/* Parse "TLSv1.2" / "TLSv1.3" (also "TLSv1_2", "1.2", "MINIMUM_SUPPORTED",
 * "MAXIMUM_SUPPORTED") into an SSLITE_TLSVersion_* value; 0 if unknown. */
int tool_parse_version(const char *s);

/* Parse "none" / "optional" / "required" into SSLITE_CERT_*; -1 if unknown. */
int tool_parse_verify(const char *s);

/* Apply "P1,P2,..." as the context's ALPN protocols.  Negative on error
 * (details in the context's error slot, or *err for a bad list). */
int tool_set_alpn(sslite_context *ctx, const char *list, sslite_error *err);

/* set_ciphers(ciphers), the error copied to *err. */
int tool_set_ciphers(sslite_context *ctx, const char *ciphers, sslite_error *err);

/* SSLContext.get_ciphers() as json.dumps() prints it: a list of dicts with
 * CPython's keys, in CPython's key order, no trailing newline. */
void tool_json_ciphers(FILE *out, const sslite_cipher *list, size_t n);

/* The TLS options client and server share; NULL/0 where not given. */
typedef struct tool_tls_opts {
    const char *cafile, *cert, *key, *ciphers, *alpn, *keylog;
    int verify;                   /* -1: the context's default */
    int min_version, max_version; /* 0: unchanged */
} tool_tls_opts;

/* getopt_long codes of the shared options; a command numbers its own from
 * TOOL_O_OWN on and lists TOOL_TLS_LONGOPTS in its option table. */
enum {
    TOOL_O_CAFILE = 256, TOOL_O_CERT, TOOL_O_KEY, TOOL_O_VERIFY, TOOL_O_CIPHERS,
    TOOL_O_MIN, TOOL_O_MAX, TOOL_O_ALPN, TOOL_O_KEYLOG, TOOL_O_HELP, TOOL_O_OWN
};
#define TOOL_TLS_LONGOPTS                                                                     \
    {"cafile", required_argument, NULL, TOOL_O_CAFILE},                                      \
    {"cert", required_argument, NULL, TOOL_O_CERT},                                          \
    {"key", required_argument, NULL, TOOL_O_KEY},                                            \
    {"verify", required_argument, NULL, TOOL_O_VERIFY},                                      \
    {"ciphers", required_argument, NULL, TOOL_O_CIPHERS},                                    \
    {"min-version", required_argument, NULL, TOOL_O_MIN},                                    \
    {"max-version", required_argument, NULL, TOOL_O_MAX},                                    \
    {"alpn", required_argument, NULL, TOOL_O_ALPN},                                          \
    {"keylog", required_argument, NULL, TOOL_O_KEYLOG},                                      \
    {"help", no_argument, NULL, TOOL_O_HELP}

/* Start from "nothing given". */
void tool_tls_opts_init(tool_tls_opts *t);

/* Take getopt_long's option c (argument arg) if it is a shared one: 1 when
 * taken, 0 when not a shared option, -1 for a bad value (the JSON error,
 * its message led by cmd, is on stderr). */
int tool_tls_option(tool_tls_opts *t, int c, const char *arg, const char *cmd);

/* Apply the verify mode, versions, certificate chain, keylog file, ciphers
 * and ALPN to ctx in the order Python code would.  0, or negative with *err
 * filled and *file the file it was about (or NULL). */
int tool_tls_apply(sslite_context *ctx, const tool_tls_opts *t, sslite_error *err,
                   const char **file);

#endif
