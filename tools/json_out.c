/*
 * sslite command-line tool: JSON output and option helpers shared by the
 * client and server subcommands.  Output is one object per line so that
 * scripts can read it with a line reader and json.loads().
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "json_out.h"
#include "jsonw.h"

void tool_json_str(FILE *out, const char *s)
{
    sslite__json j = {0};
    char *text;

    if (s == NULL) {
        fputs("null", out);
        return;
    }
    sslite__json_str(&j, s, strlen(s));
    text = sslite__json_take(&j);
    fputs(text != NULL ? text : "null", out);
    free(text);
}

/* An empty string field is Python's None. */
static void str_or_null(FILE *out, const char *s)
{
    tool_json_str(out, s != NULL && s[0] != '\0' ? s : NULL);
}

/* The one error shape: every member always present, null where Python has
 * None; filename is OSError.filename (the file a file error is about). */
static void emit_error(FILE *out, const char *type, int errnum, const char *library,
                       const char *reason, const long *verify_code, const char *verify_message,
                       const char *filename, const char *message)
{
    flockfile(out); /* one line, even when server threads report at once */
    fputs("{\"error\":{\"type\":", out);
    tool_json_str(out, type);
    fputs(",\"errno\":", out);
    if (errnum != 0)
        fprintf(out, "%d", errnum);
    else
        fputs("null", out);
    fputs(",\"library\":", out);
    str_or_null(out, library);
    fputs(",\"reason\":", out);
    str_or_null(out, reason);
    fputs(",\"verify_code\":", out);
    if (verify_code != NULL)
        fprintf(out, "%ld", *verify_code);
    else
        fputs("null", out);
    fputs(",\"verify_message\":", out);
    str_or_null(out, verify_message);
    fputs(",\"filename\":", out);
    tool_json_str(out, filename);
    fputs(",\"message\":", out);
    tool_json_str(out, message);
    fputs("}}\n", out);
    fflush(out);
    funlockfile(out);
}

void tool_json_error_file(FILE *out, const sslite_error *err, const char *filename)
{
    int verify = err->type == SSLITE_ERR_CERT_VERIFICATION;
    const char *type = sslite_errtype_name(err->type);

    /* CPython raises the OSError subclass for ENOENT/EACCES. */
    if (err->type == SSLITE_ERR_OS && err->errnum == ENOENT)
        type = "FileNotFoundError";
    else if (err->type == SSLITE_ERR_OS && (err->errnum == EACCES || err->errnum == EPERM))
        type = "PermissionError";
    emit_error(out, type, err->errnum, err->library, err->reason,
               verify ? &err->verify_code : NULL, verify ? err->verify_message : NULL,
               filename, err->message);
}

void tool_json_error(FILE *out, const sslite_error *err)
{
    int verify = err->type == SSLITE_ERR_CERT_VERIFICATION;

    emit_error(out, sslite_errtype_name(err->type), err->errnum, err->library, err->reason,
               verify ? &err->verify_code : NULL, verify ? err->verify_message : NULL, NULL,
               err->message);
}

void tool_json_error_msg(FILE *out, int type, int errnum, const char *message)
{
    emit_error(out, sslite_errtype_name(type), errnum, NULL, NULL, NULL, NULL, NULL, message);
}

void tool_json_error_named(FILE *out, const char *type, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    emit_error(out, type, 0, NULL, NULL, NULL, NULL, NULL, msg);
}

void tool_json_oserror(FILE *out, int errnum)
{
    char msg[SSLITE_ERROR_MESSAGE_MAX];

    snprintf(msg, sizeof(msg), "[Errno %d] %s", errnum, strerror(errnum));
    tool_json_error_msg(out, SSLITE_ERR_OS, errnum, msg);
}

void tool_json_file_oserror(FILE *out, int errnum, const char *filename)
{
    sslite_error e;

    memset(&e, 0, sizeof(e));
    e.type = SSLITE_ERR_OS;
    e.errnum = errnum;
    /* As str(OSError(errno, strerror, filename)) prints it. */
    snprintf(e.message, sizeof(e.message), "[Errno %d] %s: '%s'", errnum, strerror(errnum),
             filename);
    tool_json_error_file(out, &e, filename);
}

const char *tool_failing_file(const char *const *files, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (files[i] != NULL && access(files[i], R_OK) != 0)
            return files[i];
    for (i = 0; i < n; i++)
        if (files[i] != NULL)
            return files[i];
    return NULL;
}

int tool_parse_port(const char *s, const char *cmd, int *port)
{
    char *end = NULL;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (s[0] == '\0' || *end != '\0' || s[0] == '-' || s[0] == '+' || s[0] == ' ') {
        tool_json_error_named(stderr, "ValueError", "%s: invalid port '%s' (a number 0-65535)",
                              cmd, s);
        return -1;
    }
    if (errno == ERANGE || v > 65535) {
        /* Python: OverflowError: bind(): port must be 0-65535. */
        tool_json_error_named(stderr, "OverflowError", "%s: port must be 0-65535, not %s", cmd,
                              s);
        return -1;
    }
    *port = (int)v;
    return 0;
}

int tool_parse_seconds(const char *s, const char *cmd, const char *opt, double *out)
{
    char *end = NULL;
    double v;

    errno = 0;
    v = strtod(s, &end);
    if (s[0] == '\0' || *end != '\0' || errno != 0 || !(v >= 0) || v > 1e9) {
        tool_json_error_named(stderr, "ValueError", "%s: %s takes seconds (a number >= 0), not '%s'",
                              cmd, opt, s);
        return -1;
    }
    *out = v;
    return 0;
}

static void peercert(FILE *out, sslite_socket *s)
{
    sslite_certdict *d = NULL;
    char *json = NULL;

    if (sslite_socket_getpeercert(s, &d) == 1)
        json = sslite_certdict_to_json(d);
    /* No certificate (or out of memory): None. */
    fputs(json != NULL ? json : "null", out);
    free(json);
    sslite_certdict_free(d);
}

/* The chain as the peer sent it, leaf first, each as a getpeercert() dict
 * (binary_form=False shape; a certificate that does not decode is null). */
static void peer_chain(FILE *out, sslite_socket *s)
{
    sslite_certlist *l = NULL;

    if (sslite_socket_get_unverified_chain(s, &l) < 0 || l == NULL) {
        fputs("null", out);
        return;
    }
    fputc('[', out);
    for (size_t i = 0; i < l->count; i++) {
        sslite_error e;
        sslite_certdict *d = sslite_certdict_from_der(l->certs[i].data, l->certs[i].len, &e);
        char *json = d != NULL ? sslite_certdict_to_json(d) : NULL;
        fprintf(out, "%s%s", i ? "," : "", json != NULL ? json : "null");
        free(json);
        sslite_certdict_free(d);
    }
    fputc(']', out);
    sslite_certlist_free(l);
}

void tool_json_session(FILE *out, sslite_socket *s, int showcerts)
{
    sslite_cipher_info ci;

    fputs("\"version\":", out);
    tool_json_str(out, sslite_socket_version(s));
    fputs(",\"cipher\":", out);
    if (sslite_socket_cipher(s, &ci) == 1) {
        fputc('[', out);
        tool_json_str(out, ci.name);
        fputc(',', out);
        tool_json_str(out, ci.protocol);
        fprintf(out, ",%d]", ci.secret_bits);
    } else {
        fputs("null", out);
    }
    fputs(",\"peercert\":", out);
    peercert(out, s);
    fputs(",\"alpn\":", out);
    tool_json_str(out, sslite_socket_selected_alpn_protocol(s));
    fprintf(out, ",\"session_reused\":%s", sslite_socket_session_reused(s) ? "true" : "false");
    /* What openssl s_client shows as "Server Temp Key" / "Peer signature
     * type"; null where there was none or the TLS library cannot tell. */
    fputs(",\"group\":", out);
    tool_json_str(out, sslite_socket_group(s));
    fputs(",\"peer_signature_algorithm\":", out);
    tool_json_str(out, sslite_socket_peer_signature_algorithm(s));
    if (showcerts) {
        fputs(",\"peer_chain\":", out);
        peer_chain(out, s);
    }
}

int tool_parse_version(const char *s)
{
    static const struct {
        const char *name;
        int value;
    } names[] = {
        {"TLSv1.2", SSLITE_TLSVersion_TLSv1_2},
        {"TLSv1_2", SSLITE_TLSVersion_TLSv1_2},
        {"1.2", SSLITE_TLSVersion_TLSv1_2},
        {"TLSv1.3", SSLITE_TLSVersion_TLSv1_3},
        {"TLSv1_3", SSLITE_TLSVersion_TLSv1_3},
        {"1.3", SSLITE_TLSVersion_TLSv1_3},
        {"MINIMUM_SUPPORTED", SSLITE_TLSVersion_MINIMUM_SUPPORTED},
        {"MAXIMUM_SUPPORTED", SSLITE_TLSVersion_MAXIMUM_SUPPORTED},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(s, names[i].name) == 0)
            return names[i].value;
    return 0;
}

int tool_parse_verify(const char *s)
{
    if (strcmp(s, "none") == 0)
        return SSLITE_CERT_NONE;
    if (strcmp(s, "optional") == 0)
        return SSLITE_CERT_OPTIONAL;
    if (strcmp(s, "required") == 0)
        return SSLITE_CERT_REQUIRED;
    return -1;
}

int tool_set_alpn(sslite_context *ctx, const char *list, sslite_error *err)
{
    char *copy = strdup(list), *save = NULL, *tok;
    const char *names[64];
    size_t n = 0;
    int ret;

    if (copy == NULL) {
        memset(err, 0, sizeof(*err));
        err->type = SSLITE_ERR_MEMORY;
        err->errnum = ENOMEM;
        snprintf(err->message, sizeof(err->message), "out of memory");
        return err->type;
    }
    for (tok = strtok_r(copy, ",", &save); tok != NULL && n < 64; tok = strtok_r(NULL, ",", &save))
        names[n++] = tok;
    ret = sslite_context_set_alpn_protocols(ctx, names, n);
    if (ret < 0)
        *err = *sslite_context_error(ctx);
    free(copy);
    return ret;
}

int tool_set_ciphers(sslite_context *ctx, const char *ciphers, sslite_error *err)
{
    int ret = sslite_context_set_ciphers(ctx, ciphers);
    if (ret < 0)
        *err = *sslite_context_error(ctx);
    return ret;
}

void tool_tls_opts_init(tool_tls_opts *t)
{
    memset(t, 0, sizeof(*t));
    t->verify = -1;
}

int tool_tls_option(tool_tls_opts *t, int c, const char *arg, const char *cmd)
{
    int v;

    switch (c) {
    case TOOL_O_CAFILE: t->cafile = arg; return 1;
    case TOOL_O_CERT: t->cert = arg; return 1;
    case TOOL_O_KEY: t->key = arg; return 1;
    case TOOL_O_CIPHERS: t->ciphers = arg; return 1;
    case TOOL_O_ALPN: t->alpn = arg; return 1;
    case TOOL_O_KEYLOG: t->keylog = arg; return 1;
    case TOOL_O_VERIFY:
        if ((t->verify = tool_parse_verify(arg)) < 0) {
            tool_json_error_named(stderr, "ValueError",
                                  "%s: --verify takes none, optional or required, not '%s'", cmd,
                                  arg);
            return -1;
        }
        return 1;
    case TOOL_O_MIN:
    case TOOL_O_MAX:
        if ((v = tool_parse_version(arg)) == 0) {
            tool_json_error_named(stderr, "ValueError", "%s: unknown TLS version '%s'", cmd, arg);
            return -1;
        }
        *(c == TOOL_O_MIN ? &t->min_version : &t->max_version) = v;
        return 1;
    default:
        return 0;
    }
}

int tool_tls_apply(sslite_context *ctx, const tool_tls_opts *t, sslite_error *err,
                   const char **file)
{
    int ret = 0;

    *file = NULL;
    if (t->verify >= 0)
        ret = sslite_context_set_verify_mode(ctx, t->verify);
    if (ret == 0 && t->min_version != 0)
        ret = sslite_context_set_minimum_version(ctx, t->min_version);
    if (ret == 0 && t->max_version != 0)
        ret = sslite_context_set_maximum_version(ctx, t->max_version);
    if (ret == 0 && t->cert != NULL) {
        const char *files[] = {t->cert, t->key};
        ret = sslite_context_load_cert_chain(ctx, t->cert, t->key, NULL, NULL, NULL);
        if (ret < 0)
            *file = tool_failing_file(files, 2);
    }
    if (ret == 0 && t->keylog != NULL) {
        ret = sslite_context_set_keylog_filename(ctx, t->keylog);
        if (ret < 0)
            *file = t->keylog;
    }
    if (ret < 0) {
        *err = *sslite_context_error(ctx);
        return ret;
    }
    if (t->ciphers != NULL && (ret = tool_set_ciphers(ctx, t->ciphers, err)) < 0)
        return ret;
    if (t->alpn != NULL)
        ret = tool_set_alpn(ctx, t->alpn, err);
    return ret;
}

void tool_json_ciphers(FILE *out, const sslite_cipher *list, size_t n)
{
    putc('[', out);
    for (size_t i = 0; i < n; i++) {
        const sslite_cipher *c = &list[i];
        fprintf(out, "%s{\"id\": %lu, \"name\": ", i ? ", " : "", c->id);
        tool_json_str(out, c->name);
        fputs(", \"protocol\": ", out);
        tool_json_str(out, c->protocol);
        fputs(", \"description\": ", out);
        tool_json_str(out, c->description);
        fprintf(out, ", \"strength_bits\": %d, \"alg_bits\": %d, \"aead\": %s, \"symmetric\": ",
                c->strength_bits, c->alg_bits, c->aead ? "true" : "false");
        tool_json_str(out, c->symmetric);
        fputs(", \"digest\": ", out);
        tool_json_str(out, c->digest);
        fputs(", \"kea\": ", out);
        tool_json_str(out, c->kea);
        fputs(", \"auth\": ", out);
        tool_json_str(out, c->auth);
        putc('}', out);
    }
    putc(']', out);
}
