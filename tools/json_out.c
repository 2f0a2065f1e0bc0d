/*
 * sslite command-line tool: JSON output and option helpers shared by the
 * client and server subcommands.  Output is one object per line so that
 * scripts can read it with a line reader and json.loads().
 */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "json_out.h"

void tool_json_str(FILE *out, const char *s)
{
    if (s == NULL) {
        fputs("null", out);
        return;
    }
    putc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                fprintf(out, "\\u%04x", *p);
            else
                putc(*p, out); /* UTF-8 passes through: valid JSON text */
        }
    }
    putc('"', out);
}

/* An empty string field is Python's None. */
static void str_or_null(FILE *out, const char *s)
{
    tool_json_str(out, s != NULL && s[0] != '\0' ? s : NULL);
}

void tool_json_error(FILE *out, const sslite_error *err)
{
    int verify = err->type == SSLITE_ERR_CERT_VERIFICATION;

    fputs("{\"error\":{\"type\":", out);
    tool_json_str(out, sslite_errtype_name(err->type));
    fputs(",\"errno\":", out);
    if (err->errnum != 0)
        fprintf(out, "%d", err->errnum);
    else
        fputs("null", out);
    fputs(",\"library\":", out);
    str_or_null(out, err->library);
    fputs(",\"reason\":", out);
    str_or_null(out, err->reason);
    fputs(",\"verify_code\":", out);
    if (verify)
        fprintf(out, "%ld", err->verify_code);
    else
        fputs("null", out);
    fputs(",\"verify_message\":", out);
    str_or_null(out, verify ? err->verify_message : NULL);
    fputs(",\"message\":", out);
    tool_json_str(out, err->message);
    fputs("}}\n", out);
    fflush(out);
}

void tool_json_error_msg(FILE *out, int type, int errnum, const char *message)
{
    sslite_error e;

    memset(&e, 0, sizeof(e));
    e.type = type;
    e.errnum = errnum;
    snprintf(e.message, sizeof(e.message), "%s", message);
    tool_json_error(out, &e);
}

void tool_json_oserror(FILE *out, int errnum)
{
    char msg[SSLITE_ERROR_MESSAGE_MAX];

    snprintf(msg, sizeof(msg), "[Errno %d] %s", errnum, strerror(errnum));
    tool_json_error_msg(out, SSLITE_ERR_OS, errnum, msg);
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

void tool_json_session(FILE *out, sslite_socket *s)
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
    case TOOL_O_VERIFY:
        if ((t->verify = tool_parse_verify(arg)) < 0) {
            fprintf(stderr, "%s: --verify takes none, optional or required\n", cmd);
            return -1;
        }
        return 1;
    case TOOL_O_MIN:
    case TOOL_O_MAX:
        if ((v = tool_parse_version(arg)) == 0) {
            fprintf(stderr, "%s: unknown TLS version '%s'\n", cmd, arg);
            return -1;
        }
        *(c == TOOL_O_MIN ? &t->min_version : &t->max_version) = v;
        return 1;
    default:
        return 0;
    }
}

int tool_tls_apply(sslite_context *ctx, const tool_tls_opts *t, sslite_error *err)
{
    int ret = 0;

    if (t->verify >= 0)
        ret = sslite_context_set_verify_mode(ctx, t->verify);
    if (ret == 0 && t->min_version != 0)
        ret = sslite_context_set_minimum_version(ctx, t->min_version);
    if (ret == 0 && t->max_version != 0)
        ret = sslite_context_set_maximum_version(ctx, t->max_version);
    if (ret == 0 && t->cert != NULL)
        ret = sslite_context_load_cert_chain(ctx, t->cert, t->key, NULL, NULL, NULL);
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
