/*
 * sslite: SSLContext — CPython's defaults, setter rules and loaders.  The
 * settings live here; the backend turns them into its configuration when a
 * connection is wrapped (sslite__context_bconf).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* CPython's default options: OP_ALL | OP_NO_SSLv3 | OP_NO_COMPRESSION |
 * OP_CIPHER_SERVER_PREFERENCE | OP_ENABLE_MIDDLEBOX_COMPAT, plus the
 * OpenSSL 3 default bits CPython reports (0x82520050). */
#define DEFAULT_OPTIONS UINT64_C(0x82520050)

/* The range this backend can speak (TLS 1.0/1.1 do not exist in Mbed TLS
 * 3.6), used where CPython uses PY_PROTO_MINIMUM/MAXIMUM_AVAILABLE. */
#define MIN_AVAILABLE (SSLITE_HAS_TLSv1_2 ? SSLITE_TLSVersion_TLSv1_2 : SSLITE_TLSVersion_TLSv1_3)
#define MAX_AVAILABLE (SSLITE_HAS_TLSv1_3 ? SSLITE_TLSVersion_TLSv1_3 : SSLITE_TLSVersion_TLSv1_2)

static int begin(sslite_context *ctx)
{
    sslite_error_clear(&ctx->err);
    return 0;
}

void sslite__context_changed(sslite_context *ctx)
{
    ctx->generation++;
}

sslite_context *sslite_context_new(int protocol, sslite_error *err)
{
    sslite_context *ctx = NULL;
    const sslite_backend *be = SSLITE_BACKEND;

    sslite_error_clear(err);
    switch (protocol) {
    case SSLITE_PROTOCOL_TLS:
    case SSLITE_PROTOCOL_TLS_CLIENT:
    case SSLITE_PROTOCOL_TLS_SERVER:
        break;
    case SSLITE_PROTOCOL_TLSv1_2:
        if (SSLITE_HAS_TLSv1_2)
            break;
        /* A TLS 1.3-only build (-Dtls12=disabled): as CPython on an
         * OpenSSL without the method. */
        /* fall through */
    default:
        /* PROTOCOL_TLSv1/TLSv1_1 included: as CPython on an OpenSSL without
         * those methods. */
        sslite__err_value(err, "invalid or unsupported protocol version %d", protocol);
        return NULL;
    }
    if (sslite__global_init(err) < 0)
        return NULL;
    ctx = sslite__calloc(1, sizeof(*ctx));
    if (ctx == NULL || (ctx->bctx = sslite__calloc(1, be->ctx_size ? be->ctx_size : 1)) == NULL) {
        sslite__free(ctx);
        sslite__err_nomem(err);
        return NULL;
    }
    ctx->refs = 1;
    ctx->be = be;
    if (sslite__mutex_init(&ctx->lock) < 0) {
        sslite__free(ctx->bctx);
        sslite__free(ctx);
        sslite__err_nomem(err);
        return NULL;
    }
    ctx->protocol = protocol;
    ctx->options = DEFAULT_OPTIONS;
    ctx->verify_flags = SSLITE_VERIFY_X509_TRUSTED_FIRST;
    ctx->security_level = 2;
    ctx->num_tickets = 2;
    ctx->hostname_checks_common_name = 1;
    if (protocol == SSLITE_PROTOCOL_TLSv1_2) {
        /* A version-fixed method: OpenSSL reports no bounds. */
        ctx->min_version = SSLITE_TLSVersion_MINIMUM_SUPPORTED;
        ctx->max_version = SSLITE_TLSVersion_MAXIMUM_SUPPORTED;
    } else {
        ctx->min_version = SSLITE_TLSVersion_TLSv1_2;
        ctx->max_version = SSLITE_TLSVersion_MAXIMUM_SUPPORTED;
    }
    if (protocol == SSLITE_PROTOCOL_TLS_CLIENT) {
        ctx->check_hostname = 1;
        ctx->verify_mode = SSLITE_CERT_REQUIRED;
    } else {
        ctx->verify_mode = SSLITE_CERT_NONE;
    }
    if (be->ctx_init(ctx->bctx, protocol == SSLITE_PROTOCOL_TLS_SERVER, err) < 0) {
        sslite__mutex_destroy(&ctx->lock);
        sslite__free(ctx->bctx);
        sslite__free(ctx);
        return NULL;
    }
    return ctx;
}

sslite_context *sslite_create_default_context(int purpose, const char *cafile,
                                              const char *capath, const void *cadata,
                                              size_t cadata_len, int cadata_type,
                                              sslite_error *err)
{
    sslite_context *ctx;
#if SSLITE_WITH_KEYLOG
    const char *keylog;
#endif
    int ret = 0;

    if (purpose != SSLITE_Purpose_SERVER_AUTH && purpose != SSLITE_Purpose_CLIENT_AUTH) {
        sslite__err_type(err, "%d", purpose);
        return NULL;
    }
    /* SERVER_AUTH: a client context that verifies servers; CLIENT_AUTH: a
     * server context. */
    ctx = sslite_context_new(purpose == SSLITE_Purpose_SERVER_AUTH ? SSLITE_PROTOCOL_TLS_CLIENT
                                                                   : SSLITE_PROTOCOL_TLS_SERVER,
                             err);
    if (ctx == NULL)
        return NULL;
    /* 3.13: strict X.509 checks, and a trusted intermediate is an anchor. */
    ctx->verify_flags |= SSLITE_VERIFY_X509_STRICT | SSLITE_VERIFY_X509_PARTIAL_CHAIN;
    if (cafile != NULL || capath != NULL || cadata != NULL)
        ret = sslite_context_load_verify_locations(ctx, cafile, capath, cadata, cadata_len,
                                                   cadata_type);
    else if (ctx->verify_mode != SSLITE_CERT_NONE)
        ret = sslite_context_load_default_certs(ctx, purpose);
#if SSLITE_WITH_KEYLOG
    /* As CPython's: SSLKEYLOGFILE, when set and not empty, becomes
     * keylog_filename (a file that cannot be opened fails the call).  A
     * build without a key log ignores it, as CPython does where the
     * context has no keylog_filename. */
    if (ret == 0 && (keylog = getenv("SSLKEYLOGFILE")) != NULL && keylog[0] != '\0')
        ret = sslite_context_set_keylog_filename(ctx, keylog);
#endif
    if (ret < 0) {
        sslite__err_copy(err, &ctx->err);
        sslite_context_free(ctx);
        return NULL;
    }
    return ctx;
}

sslite_context *sslite_context_ref(sslite_context *ctx)
{
    if (ctx != NULL)
        __atomic_add_fetch(&ctx->refs, 1, __ATOMIC_ACQ_REL);
    return ctx;
}

void sslite_context_free(sslite_context *ctx)
{
    if (ctx == NULL || __atomic_sub_fetch(&ctx->refs, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    ctx->be->ctx_free(ctx->bctx);
    sslite__free(ctx->bctx);
    sslite__free(ctx->suites);
    sslite__free(ctx->cipher_list);
    for (size_t i = 0; i < ctx->nalpn; i++)
        sslite__free(ctx->alpn[i]);
    sslite__free(ctx->alpn);
    sslite__keylog_free(ctx->keylog);
    sslite__mutex_destroy(&ctx->lock);
    sslite__free(ctx);
}

const sslite_error *sslite_context_error(const sslite_context *ctx)
{
    return &ctx->err;
}

int sslite_context_get_protocol(const sslite_context *ctx) { return ctx->protocol; }
int sslite_context_get_check_hostname(const sslite_context *ctx) { return ctx->check_hostname; }
int sslite_context_get_verify_mode(const sslite_context *ctx) { return ctx->verify_mode; }
unsigned long sslite_context_get_verify_flags(const sslite_context *ctx) { return ctx->verify_flags; }
uint64_t sslite_context_get_options(const sslite_context *ctx) { return ctx->options; }
int sslite_context_get_minimum_version(const sslite_context *ctx) { return ctx->min_version; }
int sslite_context_get_maximum_version(const sslite_context *ctx) { return ctx->max_version; }
int sslite_context_get_security_level(const sslite_context *ctx) { return ctx->security_level; }
int sslite_context_get_num_tickets(const sslite_context *ctx) { return ctx->num_tickets; }
int sslite_context_get_post_handshake_auth(const sslite_context *ctx)
{
    return ctx->post_handshake_auth;
}

int sslite_context_get_hostname_checks_common_name(const sslite_context *ctx)
{
    return ctx->hostname_checks_common_name;
}

/* Apply a settings change under the lock and bump the generation. */
#define SETTING(ctx, stmt)                                                                    \
    do {                                                                                      \
        sslite__mutex_lock(&(ctx)->lock);                                                     \
        stmt;                                                                                 \
        sslite__context_changed(ctx);                                                         \
        sslite__mutex_unlock(&(ctx)->lock);                                                   \
    } while (0)

int sslite_context_set_check_hostname(sslite_context *ctx, int on)
{
    begin(ctx);
    on = !!on;
    /* Turning it on moves CERT_NONE to CERT_REQUIRED (CPython). */
    SETTING(ctx, {
        if (on && ctx->verify_mode == SSLITE_CERT_NONE)
            ctx->verify_mode = SSLITE_CERT_REQUIRED;
        ctx->check_hostname = on;
    });
    return 0;
}

int sslite_context_set_verify_mode(sslite_context *ctx, int mode)
{
    begin(ctx);
    if (mode != SSLITE_CERT_NONE && mode != SSLITE_CERT_OPTIONAL && mode != SSLITE_CERT_REQUIRED)
        return sslite__err_value(&ctx->err, "invalid value for verify_mode");
    if (mode == SSLITE_CERT_NONE && ctx->check_hostname)
        return sslite__err_value(&ctx->err, "Cannot set verify_mode to CERT_NONE when "
                                            "check_hostname is enabled.");
    SETTING(ctx, ctx->verify_mode = mode);
    return 0;
}

int sslite_context_set_verify_flags(sslite_context *ctx, unsigned long flags)
{
    begin(ctx);
    SETTING(ctx, ctx->verify_flags = flags);
    return 0;
}

int sslite_context_set_options(sslite_context *ctx, uint64_t options)
{
    begin(ctx);
    SETTING(ctx, ctx->options = options);
    return 0;
}

/* CPython's set_min_max_proto_version(): which values are accepted and how
 * the two "supported" sentinels map. */
static int set_version(sslite_context *ctx, int version, int is_max)
{
    begin(ctx);
    if (ctx->protocol != SSLITE_PROTOCOL_TLS && ctx->protocol != SSLITE_PROTOCOL_TLS_CLIENT &&
        ctx->protocol != SSLITE_PROTOCOL_TLS_SERVER)
        return sslite__err_value(&ctx->err, "The context's protocol doesn't support "
                                            "modification of highest and lowest version.");
    switch (version) {
    case SSLITE_TLSVersion_MINIMUM_SUPPORTED:
        if (is_max)
            version = MIN_AVAILABLE;
        break;
    case SSLITE_TLSVersion_MAXIMUM_SUPPORTED:
        if (!is_max)
            version = MAX_AVAILABLE;
        break;
    case SSLITE_TLSVersion_SSLv3:
    case SSLITE_TLSVersion_TLSv1:
    case SSLITE_TLSVersion_TLSv1_1:
    case SSLITE_TLSVersion_TLSv1_2:
    case SSLITE_TLSVersion_TLSv1_3:
        break;
    default:
        return sslite__err_value(&ctx->err, "Unsupported TLS/SSL version 0x%x",
                                 (unsigned)version);
    }
    SETTING(ctx, {
        if (is_max)
            ctx->max_version = version;
        else
            ctx->min_version = version;
    });
    return 0;
}

int sslite_context_set_minimum_version(sslite_context *ctx, int version)
{
    return set_version(ctx, version, 0);
}

int sslite_context_set_maximum_version(sslite_context *ctx, int version)
{
    return set_version(ctx, version, 1);
}

int sslite_context_set_num_tickets(sslite_context *ctx, int n)
{
    begin(ctx);
    if (n < 0)
        return sslite__err_value(&ctx->err, "value must be non-negative");
    if (ctx->protocol != SSLITE_PROTOCOL_TLS_SERVER)
        return sslite__err_value(&ctx->err, "SSLContext is not a server context.");
    SETTING(ctx, ctx->num_tickets = n);
    return 0;
}

int sslite_context_set_max_fragment_length(sslite_context *ctx, int length)
{
    begin(ctx);
    if (length != 0 && length != 512 && length != 1024 && length != 2048 && length != 4096 &&
        length != 16384)
        return sslite__err_value(&ctx->err,
                                 "max_fragment_length must be 0, 512, 1024, 2048, 4096 or 16384");
    if (!(ctx->be->caps & SSLITE_BCAP_MAX_FRAGMENT))
        return sslite__err_notimpl(&ctx->err, "max_fragment_length needs a TLS library built "
                                              "with max_fragment_length support");
    SETTING(ctx, ctx->max_fragment_length = length);
    return 0;
}

int sslite_context_get_max_fragment_length(const sslite_context *ctx)
{
    return ctx->max_fragment_length;
}

int sslite_context_set_hostname_checks_common_name(sslite_context *ctx, int on)
{
    begin(ctx);
    SETTING(ctx, ctx->hostname_checks_common_name = !!on);
    return 0;
}

int sslite_context_set_post_handshake_auth(sslite_context *ctx, int on)
{
    begin(ctx);
    if (on && !(ctx->be->caps & SSLITE_BCAP_PHA))
        return sslite__err_notimpl(&ctx->err, "post-handshake authentication needs TLS 1.3, "
                                              "which this build's TLS library lacks");
    /* Read when a connection is wrapped, as CPython does: no new
     * configuration for the backend. */
    sslite__mutex_lock(&ctx->lock);
    ctx->post_handshake_auth = !!on;
    sslite__mutex_unlock(&ctx->lock);
    return 0;
}

int sslite_context_set_msg_callback(sslite_context *ctx, sslite_msg_callback cb, void *userdata)
{
    begin(ctx);
    if (cb != NULL && !(ctx->be->caps & SSLITE_BCAP_MSG_CALLBACK))
        return sslite__err_notimpl(&ctx->err, "the message callback needs the embedded "
                                              "Mbed TLS (a system Mbed TLS cannot report messages)");
    /* Taken by connections when they are wrapped: no new configuration. */
    sslite__mutex_lock(&ctx->lock);
    ctx->msg_cb = cb;
    ctx->msg_ud = userdata;
    sslite__mutex_unlock(&ctx->lock);
    return 0;
}

int sslite_context_set_sni_callback(sslite_context *ctx, sslite_sni_callback cb, void *userdata)
{
    begin(ctx);
    SETTING(ctx, {
        ctx->sni_cb = cb;
        ctx->sni_ud = userdata;
    });
    return 0;
}

/* Effective version bounds for the backend, from the attributes, the
 * protocol and the OP_NO_* options. */
static void effective_versions(const sslite_context *ctx, int *min, int *max)
{
    int lo = ctx->min_version, hi = ctx->max_version;

    if (lo == SSLITE_TLSVersion_MINIMUM_SUPPORTED || lo < MIN_AVAILABLE)
        lo = MIN_AVAILABLE;
    if (hi == SSLITE_TLSVersion_MAXIMUM_SUPPORTED || hi > MAX_AVAILABLE)
        hi = MAX_AVAILABLE;
    if (ctx->protocol == SSLITE_PROTOCOL_TLSv1_2)
        lo = hi = SSLITE_TLSVersion_TLSv1_2;
    if ((ctx->options & SSLITE_OP_NO_TLSv1_2) && lo == SSLITE_TLSVersion_TLSv1_2)
        lo = SSLITE_TLSVersion_TLSv1_3;
    if ((ctx->options & SSLITE_OP_NO_TLSv1_3) && hi == SSLITE_TLSVersion_TLSv1_3)
        hi = SSLITE_TLSVersion_TLSv1_2;
    *min = lo;
    *max = hi;
}

void sslite__context_bconf(sslite_context *ctx, int server_side, sslite_bconf_params *out)
{
    memset(out, 0, sizeof(*out));
    /* Two generations per settings state: one per side. */
    out->generation = ctx->generation;
    out->server_side = server_side;
    out->verify_mode = ctx->verify_mode;
    out->verify_flags = ctx->verify_flags;
    out->check_hostname = ctx->check_hostname;
    out->hostname_checks_common_name = ctx->hostname_checks_common_name;
    effective_versions(ctx, &out->min_version, &out->max_version);
    out->suites = sslite__context_suites(ctx, server_side, &out->nsuites);
    out->alpn = (const char *const *)ctx->alpn;
    out->nalpn = ctx->nalpn;
    out->tickets = !(ctx->options & SSLITE_OP_NO_TICKET);
    out->num_tickets = ctx->num_tickets;
    out->max_fragment_length = ctx->max_fragment_length;
    out->server_preference = !!(ctx->options & SSLITE_OP_CIPHER_SERVER_PREFERENCE);
    out->allow_no_dhe_kex = !!(ctx->options & SSLITE_OP_ALLOW_NO_DHE_KEX);
    out->sni_callback = server_side && ctx->sni_cb != NULL;
    out->groups = ctx->ecdh_group != 0 ? &ctx->ecdh_group : NULL;
    out->ngroups = ctx->ecdh_group != 0 ? 1 : 0;
}

/* ---- loading certificates and keys ---- */

typedef struct pw_source {
    const char *password;
    sslite_password_cb cb;
    void *ud;
    sslite_error *err;
    int failed;
} pw_source;

/* The backend asks for the password only when the key is encrypted, as
 * OpenSSL calls the callback only then. */
static int get_password(void *ud, char *buf, size_t size)
{
    pw_source *src = ud;
    size_t len;
    int n;

    if (src->cb != NULL) {
        n = src->cb(buf, size, src->ud);
        if (n < 0 || (size_t)n > size) {
            src->failed = 1;
            if (n > 0)
                sslite__err_value(src->err, "password cannot be longer than %zu bytes", size);
            else
                sslite__err_value(src->err, "password callback failed");
            return -1;
        }
        return n;
    }
    if (src->password == NULL)
        return -1;
    len = strlen(src->password);
    if (len > size) {
        src->failed = 1;
        sslite__err_value(src->err, "password cannot be longer than %zu bytes", size);
        return -1;
    }
    memcpy(buf, src->password, len);
    return (int)len;
}

int sslite__context_load_chain(sslite_context *ctx, const unsigned char *cert, size_t cert_len,
                               const unsigned char *key, size_t key_len, const char *password,
                               sslite_password_cb password_cb, void *userdata)
{
    pw_source src = {password, password_cb, userdata, &ctx->err, 0};
    int ret;

    if (password != NULL && password_cb != NULL)
        return sslite__err_type(&ctx->err, "password should be a string or callable, not both");
    sslite__mutex_lock(&ctx->lock);
    ret = SSLITE_BACKEND_KEYS->ctx_load_cert_chain(ctx->bctx, cert, cert_len, key, key_len, get_password,
                                       &src, &ctx->err);
    sslite__context_changed(ctx);
    sslite__mutex_unlock(&ctx->lock);
    if (ret < 0 && src.failed)
        ret = ctx->err.type; /* the password error the callback recorded */
    return ret;
}

int sslite_context_load_cert_chain_data(sslite_context *ctx, const void *cert, size_t cert_len,
                                        const void *key, size_t key_len, const char *password,
                                        sslite_password_cb password_cb, void *userdata)
{
    begin(ctx);
    if (cert == NULL || cert_len == 0)
        return sslite__err_value(&ctx->err, "Empty certificate data");
    if (key != NULL && key_len == 0)
        return sslite__err_value(&ctx->err, "Empty key data");
    return sslite__context_load_chain(ctx, cert, cert_len, key, key_len, password, password_cb,
                                      userdata);
}

int sslite_context_load_verify_locations(sslite_context *ctx, const char *cafile,
                                         const char *capath, const void *cadata,
                                         size_t cadata_len, int cadata_type)
{
    int ret = 0;

    begin(ctx);
    if (cafile == NULL && capath == NULL && cadata == NULL)
        return sslite__err_type(&ctx->err, "cafile, capath and cadata cannot be all omitted");
    if (cadata != NULL && cadata_type != SSLITE_CADATA_PEM && cadata_type != SSLITE_CADATA_DER)
        return sslite__err_type(&ctx->err, "cadata should be an ASCII string or a "
                                           "bytes-like object");
    if (cadata != NULL && cadata_len == 0)
        return sslite__err_value(&ctx->err, "Empty certificate data");
    sslite__mutex_lock(&ctx->lock);
    if (cafile != NULL || capath != NULL)
        SSLITE_GUARD(sslite__context_load_ca_paths(ctx, cafile, capath)); /* lib/posix/loaders.c */
    if (cadata != NULL)
        SSLITE_GUARD(ctx->be->ctx_load_ca_data(ctx->bctx, cadata, cadata_len,
                                               cadata_type == SSLITE_CADATA_DER, &ctx->err));
out:
    sslite__context_changed(ctx);
    sslite__mutex_unlock(&ctx->lock);
    return ret;
}

int sslite_context_set_alpn_protocols(sslite_context *ctx, const char *const *protocols,
                                      size_t n)
{
    char **copy = NULL;
    size_t i = 0;
    int ret = 0;

    begin(ctx);
    if (!SSLITE_HAS_ALPN)
        return sslite__err_notimpl(&ctx->err, "The ALPN extension requires OpenSSL 1.0.2 or later.");
    for (i = 0; i < n; i++) {
        size_t len = protocols[i] ? strlen(protocols[i]) : 0;
        if (len == 0 || len > 255)
            return sslite__err_value(&ctx->err, "ALPN protocols must be 1 to 255 in length");
    }
    copy = sslite__calloc(n ? n : 1, sizeof(*copy));
    SSLITE_GUARD_PTR(copy, &ctx->err);
    for (i = 0; i < n; i++)
        SSLITE_GUARD_PTR(copy[i] = sslite__strdup(protocols[i]), &ctx->err);
    sslite__mutex_lock(&ctx->lock);
    {
        char **old = ctx->alpn;
        size_t nold = ctx->nalpn;
        ctx->alpn = copy;
        ctx->nalpn = n;
        copy = old;
        n = nold;
    }
    sslite__context_changed(ctx);
    sslite__mutex_unlock(&ctx->lock);
out:
    /* Frees the old list on success, the partial copy on failure. */
    for (i = 0; copy != NULL && i < n; i++)
        sslite__free(copy[i]);
    sslite__free(copy);
    return ret;
}

/* session_stats(): the counters the engine keeps with atomics. */
int sslite_context_session_stats(sslite_context *ctx, sslite_session_stats *out)
{
    const sslite_session_stats *st = &ctx->stats;

    sslite_error_clear(&ctx->err);
#define LOAD(f) out->f = __atomic_load_n(&st->f, __ATOMIC_RELAXED)
    LOAD(number);
    LOAD(connect);
    LOAD(connect_good);
    LOAD(connect_renegotiate);
    LOAD(accept);
    LOAD(accept_good);
    LOAD(accept_renegotiate);
    LOAD(hits);
    LOAD(misses);
    LOAD(timeouts);
    LOAD(cache_full);
#undef LOAD
    return 0;
}
