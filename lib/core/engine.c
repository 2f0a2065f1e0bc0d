/*
 * sslite: the engine — one TLS connection with no I/O of its own.  Records
 * move through the transport it was given (memory BIOs, a descriptor, user
 * callbacks); SSLSocket and SSLObject are thin layers over this one state
 * machine, so there is no second one to keep in step.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* CPython's server_hostname argument: encoded as its 'idna' codec does
 * (ssl.py, ASCII names unchanged), then checked as _ssl does; *out gets the
 * encoded copy. */
static int check_hostname_arg(sslite_error *err, const char *h, char **out)
{
    int ret = sslite__idna_encode(h, out, err);

    if (ret < 0)
        return ret;
    if ((*out)[0] == '\0' || (*out)[0] == '.')
        ret = sslite__err_value(err, "server_hostname cannot be an empty string or start "
                                     "with a leading dot.");
    /* OpenSSL's SSL_set_tlsext_host_name refuses a name the SNI extension
     * cannot carry. */
    else if (!sslite__is_ip_literal(*out) && strlen(*out) > 255)
        ret = sslite__err_set(err, SSLITE_ERR_SSL, 319, "SSL", "SSL3_EXT_INVALID_SERVERNAME",
                              "[SSL: SSL3_EXT_INVALID_SERVERNAME] ssl3 ext invalid servername "
                              "(%s:%d)",
                              SSLITE__WHERE);
    if (ret < 0) {
        sslite__free(*out);
        *out = NULL;
    }
    return ret;
}

/* The backend's SNI hook: run the user's callback and, when it picks
 * another context, hold a reference to it and hand its backend state over. */
static int engine_sni(void *owner, const char *name, sslite_bsni *out)
{
    sslite_engine *e = owner;
    sslite_context *use = NULL;
    int alert = e->sni_cb(name, e->ctx, &use, e->sni_ud);

    if (alert > 0)
        return alert;
    if (use != NULL && use != sslite__engine_context(e)) {
        sslite_context_ref(use);
        sslite_context_free(e->sni_ctx);
        e->sni_ctx = use;
        sslite__mutex_lock(&use->lock);
        out->bctx = use->bctx;
        out->verify_mode = use->verify_mode;
        out->verify_flags = use->verify_flags;
        sslite__mutex_unlock(&use->lock);
        e->verify_mode = out->verify_mode;
    }
    return 0;
}

sslite_context *sslite__engine_context(const sslite_engine *e)
{
    return e->sni_ctx != NULL ? e->sni_ctx : e->ctx;
}

#if SSLITE_WITH_KEYLOG
/* The backend's key export hook: log into the key log of the connection's
 * context (the one an SNI callback chose, as CPython's callback reads the
 * socket's context), if it has one now. */
static void engine_keylog(void *owner, const char *label, const unsigned char client_random[32],
                          const unsigned char *secret, size_t len)
{
    sslite_engine *e = owner;
    sslite__keylog_write(sslite__engine_context(e), label, client_random, secret, len);
}
#endif

static void engine_msg(void *owner, int write, int version, int content_type,
                       const unsigned char *buf, size_t len)
{
    sslite_engine *e = owner;
    /* CPython's msg_type: OpenSSL's pseudo type 0x0101 for a change cipher
     * spec, an alert's description, a handshake message's type. */
    int msg_type = -1;

    if (content_type == 20)
        msg_type = 0x0101;
    else if (content_type == 21 && len >= 2)
        msg_type = buf[1];
    else if (content_type == 22 && len >= 1)
        msg_type = buf[0];
    e->msg_cb(write, version, content_type, msg_type, buf, len, e->msg_ud);
}

/* session_stats(): count on the wrapping context, as OpenSSL counts on the
 * SSL_CTX the session cache belongs to. */
static void stats_inc(long *counter)
{
    __atomic_add_fetch(counter, 1, __ATOMIC_ACQ_REL);
}

static void stats_start(sslite_engine *e)
{
    if (e->hs_counted || e->handshake_done)
        return;
    e->hs_counted = 1;
    stats_inc(e->server_side ? &e->ctx->stats.accept : &e->ctx->stats.connect);
}

/* The handshake just completed. */
static void stats_done(sslite_engine *e)
{
    sslite_session_stats *st = &e->ctx->stats;
    int reused = sslite__engine_session_reused(e);

    stats_inc(e->server_side ? &st->accept_good : &st->connect_good);
    if (reused)
        stats_inc(&st->hits);
    else if (!e->server_side && e->session != NULL)
        stats_inc(&st->misses); /* OpenSSL: the offered session was not resumed */
}

static void set_handshake_done(sslite_engine *e)
{
    if (e->handshake_done)
        return;
    e->handshake_done = 1;
    stats_done(e);
}

/* After a fatal error OpenSSL's connection is dead, and CPython reports
 * that on every later call.  Which error depends on who ended it: after
 * our own fatal error (we sent the alert, or the stream broke) reads and
 * writes are SSLEOFError, the handshake "Some I/O error"; after the peer's
 * fatal alert reads give b'' and writes SSLZeroReturnError.  Both refuse
 * shutdown as "shutdown while in init". */
static sslite_ssize_t note_failure(sslite_engine *e, sslite_ssize_t r)
{
    if (r >= 0 || e->failed != SSLITE__ENGINE_LIVE)
        return r;
    switch (r) {
    case SSLITE_ERR_WANT_READ:
    case SSLITE_ERR_WANT_WRITE:
    case SSLITE_ERR_ZERO_RETURN:
    case SSLITE_ERR_OS:      /* the transport's: the caller may retry */
    case SSLITE_ERR_TIMEOUT:
    case SSLITE_ERR_VALUE:   /* arguments, checked before any record moved */
    case SSLITE_ERR_TYPE:
        return r;
    default:
        break;
    }
    e->failed = e->be->conn_failed_by_peer(e->bconn) ? SSLITE__ENGINE_PEER_FAILED
                                                      : SSLITE__ENGINE_FAILED;
    return r;
}

enum { OP_HANDSHAKE, OP_READ, OP_WRITE, OP_UNWRAP };

/* The error (or b'', as 0) a call on a failed connection gets. */
static sslite_ssize_t failed_again(sslite_engine *e, int op)
{
    int peer = e->failed == SSLITE__ENGINE_PEER_FAILED;

    switch (op) {
    case OP_UNWRAP:
        return sslite__err_ssl(e->err, SSLITE_ERR_SSL, "SSL", "SHUTDOWN_WHILE_IN_INIT",
                               NULL, SSLITE__WHERE);
    case OP_READ:
        if (peer)
            return 0;
        break;
    case OP_HANDSHAKE:
        if (!peer)
            return sslite__err_ssl(e->err, SSLITE_ERR_SYSCALL, NULL, NULL,
                                   "Some I/O error occurred", SSLITE__WHERE);
        break;
    default:
        break;
    }
    if (peer)
        return sslite__err_ssl(e->err, SSLITE_ERR_ZERO_RETURN, NULL, NULL,
                               "TLS/SSL connection has been closed (EOF)", SSLITE__WHERE);
    return sslite__err_ssl(e->err, SSLITE_ERR_EOF, NULL, NULL,
                           "EOF occurred in violation of protocol", SSLITE__WHERE);
}

int sslite__engine_setup(sslite_engine *e, sslite_context *ctx, int server_side,
                         const char *server_hostname, sslite_session *session,
                         const sslite_transport *transport, sslite_error *err)
{
    sslite_bconf_params conf;
    sslite_bconn_params params;
    int ret = 0;

    e->err = err;
    e->be = ctx->be;
    e->server_side = !!server_side;
    e->transport = *transport;
    /* A side the build left out (-Dserver / -Dclient): no half-working
     * connection.  First, so that such a build links none of the other
     * side's argument checks. */
    if (server_side && !SSLITE_WITH_SERVER)
        return sslite__err_notimpl(err, "this build of sslite has no server side "
                                        "(-Dserver=disabled)");
    if (!server_side && !SSLITE_WITH_CLIENT)
        return sslite__err_notimpl(err, "this build of sslite has no client side "
                                        "(-Dclient=disabled)");
    if (server_side && server_hostname != NULL)
        return sslite__err_value(err, "server_hostname can only be specified in client mode");
    if (server_side && session != NULL)
        return sslite__err_value(err, "Cannot set session for server-side SSLSocket");
    if (session != NULL && session->ctx != NULL && session->ctx != ctx)
        return sslite__err_value(err, "Session refers to a different SSLContext.");
    if (server_side && ctx->protocol == SSLITE_PROTOCOL_TLS_CLIENT)
        return sslite__err_value(err, "Cannot create a server socket with a "
                                      "PROTOCOL_TLS_CLIENT context");
    if (!server_side && ctx->protocol == SSLITE_PROTOCOL_TLS_SERVER)
        return sslite__err_value(err, "Cannot create a client socket with a "
                                      "PROTOCOL_TLS_SERVER context");
    if (!server_side && ctx->check_hostname && server_hostname == NULL)
        return sslite__err_value(err, "check_hostname requires server_hostname");
    if (server_hostname != NULL) {
        SSLITE_GUARD(check_hostname_arg(err, server_hostname, &e->server_hostname));
    }
    e->bconn = sslite__calloc(1, e->be->conn_size);
    SSLITE_GUARD_PTR(e->bconn, err);
    e->ctx = sslite_context_ref(ctx);
    e->verify_mode = ctx->verify_mode;
    if (session != NULL)
        e->session = sslite_session_ref(session);

    memset(&params, 0, sizeof(params));
    params.server_hostname = e->server_hostname;
    params.hostname_is_ip = sslite__is_ip_literal(e->server_hostname);
    params.session = session != NULL ? session->bsess : NULL;
    params.transport = &e->transport;
    params.sni = SSLITE_WITH_SERVER ? engine_sni : NULL; /* only a server calls it */
    params.owner = e;
#if SSLITE_WITH_KEYLOG
    /* Always: keylog_filename may be set after wrapping, as in CPython. */
    params.keylog = engine_keylog;
#endif

    /* The context's settings are read under its lock: a snapshot, as
     * OpenSSL's SSL_new copies from its SSL_CTX. */
    sslite__mutex_lock(&ctx->lock);
    sslite__context_bconf(ctx, e->server_side, &conf);
    /* CPython: a server defers client authentication only when it verifies
     * at all (bpo-37428); a client just offers it. */
    params.post_handshake_auth =
        ctx->post_handshake_auth && (!e->server_side || ctx->verify_mode != SSLITE_CERT_NONE);
    e->sni_cb = ctx->sni_cb;
    e->sni_ud = ctx->sni_ud;
    e->msg_cb = ctx->msg_cb;
    e->msg_ud = ctx->msg_ud;
    if (e->msg_cb != NULL)
        params.msg = engine_msg;
    ret = e->be->conn_setup(e->bconn, ctx->bctx, &conf, &params, err);
    sslite__mutex_unlock(&ctx->lock);
    if (ret < 0) {
        sslite__free(e->bconn); /* never set up: nothing for conn_free to release */
        e->bconn = NULL;
    }
out:
    /* A failed wrap keeps nothing: not every caller frees the engine of a
     * wrap that failed, and freeing it twice is harmless. */
    if (ret < 0)
        sslite__engine_free(e);
    return ret;
}

void sslite__engine_free(sslite_engine *e)
{
    if (e == NULL)
        return;
    if (e->bconn != NULL)
        e->be->conn_free(e->bconn);
    sslite__free(e->bconn);
    sslite__free(e->server_hostname);
    sslite_session_free(e->session);
    sslite_context_free(e->sni_ctx);
    sslite_context_free(e->ctx);
    memset(e, 0, sizeof(*e));
}

int sslite__engine_handshake(sslite_engine *e)
{
    int ret;

    sslite_error_clear(e->err);
    if (e->failed)
        return (int)failed_again(e, OP_HANDSHAKE);
    stats_start(e);
    ret = (int)note_failure(e, e->be->conn_handshake(e->bconn, e->err));
    if (ret == 0)
        set_handshake_done(e);
    return ret;
}

sslite_ssize_t sslite__engine_read(sslite_engine *e, void *buf, size_t len)
{
    sslite_ssize_t n;

    sslite_error_clear(e->err);
    if (e->failed)
        return failed_again(e, OP_READ);
    if (e->peer_closed)
        return 0;
    if (len == 0 && e->handshake_done)
        return 0;
    /* Like SSL_read, a read before the handshake performs it. */
    stats_start(e);
    n = note_failure(e, e->be->conn_read(e->bconn, buf, len, e->err));
    if (n >= 0) {
        set_handshake_done(e);
        return n;
    }
    if (n == SSLITE_ERR_ZERO_RETURN) {
        /* close_notify received: reads return b'' from now on (CPython's
         * SSL_RECEIVED_SHUTDOWN check). */
        set_handshake_done(e);
        e->peer_closed = 1;
        sslite_error_clear(e->err);
        return 0;
    }
    return n;
}

sslite_ssize_t sslite__engine_write(sslite_engine *e, const void *buf, size_t len)
{
    const unsigned char *p = buf;
    sslite_ssize_t n;

    sslite_error_clear(e->err);
    if (e->failed)
        return failed_again(e, OP_WRITE);
    /* SSL_write without partial writes: a write that would block after
     * sending some records reports want-write, and the retry (with the same
     * buffer, as OpenSSL requires) goes on from where it stopped and
     * returns the whole length.  A retry shorter than what already went
     * out is OpenSSL's fatal BAD_LENGTH. */
    if (len < e->write_progress) {
        e->write_progress = 0;
        n = sslite__err_ssl(e->err, SSLITE_ERR_SSL, "SSL", "BAD_LENGTH", NULL,
                            SSLITE__WHERE);
        e->failed = SSLITE__ENGINE_FAILED;
        return n;
    }
    stats_start(e);
    n = note_failure(e, e->be->conn_write(e->bconn, p + e->write_progress,
                                          len - e->write_progress, e->err));
    if (n < 0) {
        if (n != SSLITE_ERR_WANT_READ && n != SSLITE_ERR_WANT_WRITE)
            e->write_progress = 0;
        return n;
    }
    set_handshake_done(e);
    e->write_progress += (size_t)n;
    if (e->write_progress < len)
        return sslite__err_ssl(e->err, SSLITE_ERR_WANT_WRITE, NULL, NULL,
                               "The operation did not complete (write)", SSLITE__WHERE);
    e->write_progress = 0;
    return (sslite_ssize_t)len;
}

int sslite__engine_unwrap(sslite_engine *e)
{
    unsigned char scratch[256];
    int ret;

    sslite_error_clear(e->err);
    if (e->failed)
        return (int)failed_again(e, OP_UNWRAP);
    /* OpenSSL refuses SSL_shutdown() before the handshake completed. */
    if (!e->handshake_done)
        return sslite__err_ssl(e->err, SSLITE_ERR_SSL, "SSL", "SHUTDOWN_WHILE_IN_INIT",
                               NULL, SSLITE__WHERE);
    if (!e->close_notify_sent) {
        ret = (int)note_failure(e, e->be->conn_close_notify(e->bconn, e->err));
        if (ret < 0)
            return ret;
        e->close_notify_sent = 1;
    }
    /* Then wait for the peer's close_notify; application data still in
     * flight is discarded, as SSL_shutdown does. */
    while (!e->peer_closed) {
        sslite_ssize_t n = note_failure(e, e->be->conn_read(e->bconn, scratch, sizeof(scratch), e->err));
        if (n == SSLITE_ERR_ZERO_RETURN) {
            e->peer_closed = 1;
            sslite_error_clear(e->err);
        } else if (n < 0) {
            return (int)n;
        }
    }
    return 0;
}

int sslite__engine_key_update(sslite_engine *e, int update_requested)
{
    sslite_bconn_info info;

    sslite_error_clear(e->err);
    if (e->failed)
        return (int)failed_again(e, OP_WRITE);
    if (SSLITE_BACKEND_FACTS->conn_key_update == NULL)
        return sslite__err_notimpl(e->err, "key_update() needs TLS 1.3 KeyUpdate support, "
                                           "which this build's TLS library lacks");
    /* OpenSSL's SSL_key_update() checks, in its order; none is fatal. */
    if (update_requested != 0 && update_requested != 1)
        return sslite__err_ssl(e->err, SSLITE_ERR_SSL, "SSL", "INVALID_KEY_UPDATE_TYPE",
                               NULL, SSLITE__WHERE);
    if (!e->handshake_done)
        return sslite__err_ssl(e->err, SSLITE_ERR_SSL, "SSL", "STILL_IN_INIT", NULL,
                               SSLITE__WHERE);
    SSLITE_BACKEND_FACTS->conn_info(e->bconn, &info);
    if (info.tls_version != SSLITE_TLSVersion_TLSv1_3)
        return sslite__err_ssl(e->err, SSLITE_ERR_SSL, "SSL", "WRONG_SSL_VERSION",
                               NULL, SSLITE__WHERE);
    return (int)note_failure(e, SSLITE_BACKEND_FACTS->conn_key_update(e->bconn, update_requested, e->err));
}

int sslite__engine_verify_client_post_handshake(sslite_engine *e)
{
    sslite_bconn_info info;
    int flags;

    sslite_error_clear(e->err);
    if (e->failed)
        return (int)failed_again(e, OP_WRITE);
    if (SSLITE_BACKEND_FACTS->conn_pha_status == NULL)
        return sslite__err_notimpl(e->err, "Post-handshake auth is not supported by "
                                           "this build's TLS library.");
    /* OpenSSL's SSL_verify_client_post_handshake() checks, in its order;
     * none is fatal. */
    SSLITE_BACKEND_FACTS->conn_info(e->bconn, &info);
    if (info.tls_version != SSLITE_TLSVersion_TLSv1_3)
        return sslite__err_ssl(e->err, SSLITE_ERR_SSL, "SSL", "WRONG_SSL_VERSION", NULL,
                               SSLITE__WHERE);
    if (!e->server_side)
        return sslite__err_ssl(e->err, SSLITE_ERR_SSL, "SSL", "NOT_SERVER", NULL,
                               SSLITE__WHERE);
    if (!e->handshake_done)
        return sslite__err_ssl(e->err, SSLITE_ERR_SSL, "SSL", "STILL_IN_INIT", NULL,
                               SSLITE__WHERE);
    flags = SSLITE_BACKEND_FACTS->conn_pha_status(e->bconn);
    if (!(flags & SSLITE_BPHA_OFFERED))
        return sslite__err_ssl(e->err, SSLITE_ERR_SSL, "SSL", "EXTENSION_NOT_RECEIVED", NULL,
                               SSLITE__WHERE);
    if (flags & SSLITE_BPHA_BUSY)
        return sslite__err_ssl(e->err, SSLITE_ERR_SSL, "SSL", "REQUEST_SENT", NULL,
                               SSLITE__WHERE);
    if (e->verify_mode == SSLITE_CERT_NONE || SSLITE_BACKEND_FACTS->conn_pha_request == NULL)
        return sslite__err_ssl(e->err, SSLITE_ERR_SSL, "SSL", "INVALID_CONFIG", NULL,
                               SSLITE__WHERE);
    return note_failure(e, SSLITE_BACKEND_FACTS->conn_pha_request(e->bconn,
                                                   e->verify_mode == SSLITE_CERT_REQUIRED,
                                                   e->err));
}

size_t sslite__engine_pending(const sslite_engine *e)
{
    return e->bconn ? e->be->conn_pending(e->bconn) : 0;
}

static const char *version_name(int v)
{
    switch (v) {
    case SSLITE_TLSVersion_TLSv1_2: return "TLSv1.2";
    case SSLITE_TLSVersion_TLSv1_3: return "TLSv1.3";
    default: return NULL;
    }
}

const char *sslite__engine_version(const sslite_engine *e)
{
    sslite_bconn_info info;

    /* SSL_is_init_finished() is false once the connection failed. */
    if (!e->handshake_done || e->failed)
        return NULL;
    SSLITE_BACKEND_FACTS->conn_info(e->bconn, &info);
    return version_name(info.tls_version);
}

int sslite__engine_cipher(const sslite_engine *e, sslite_cipher_info *out)
{
    sslite_bconn_info info;

    if (!e->handshake_done)
        return 0;
    SSLITE_BACKEND_FACTS->conn_info(e->bconn, &info);
    out->name = sslite__suite_name(info.suite);
    out->protocol = sslite__suite_protocol(info.suite);
    out->secret_bits = sslite__suite_bits(info.suite);
    if (out->name == NULL)
        out->name = "UNKNOWN";
    if (out->protocol == NULL)
        out->protocol = version_name(info.tls_version);
    return 1;
}

const char *sslite__engine_alpn(const sslite_engine *e)
{
    sslite_bconn_info info;

    if (!e->handshake_done)
        return NULL;
    SSLITE_BACKEND_FACTS->conn_info(e->bconn, &info);
    return info.alpn;
}

/* tls-unique (RFC 5929) is the first Finished message of the handshake:
 * the client's in a full handshake, the server's in an abbreviated one.
 * As CPython on OpenSSL, that is this end's own Finished when resumed XOR
 * a client, else the peer's; in TLS 1.3 too, where it is what OpenSSL
 * gives (RFC 8446 defines no tls-unique). */
int sslite__engine_tls_unique(const sslite_engine *e, unsigned char *out, size_t *outlen)
{
    size_t room = outlen != NULL ? *outlen : 0, len = 0;

    if (outlen != NULL)
        *outlen = 0;
    if (!e->handshake_done || SSLITE_BACKEND_FACTS->conn_finished == NULL || out == NULL)
        return 0;
    len = SSLITE_BACKEND_FACTS->conn_finished(e->bconn, !(sslite__engine_session_reused(e) ^ !e->server_side),
                               out, room);
    if (len == 0 || len > room)
        return 0;
    *outlen = len;
    return 1;
}

int sslite__engine_session_reused(const sslite_engine *e)
{
    return e->handshake_done && e->be->conn_resumed(e->bconn);
}

sslite_session *sslite__engine_session(const sslite_engine *e)
{
    sslite_session *sess;
    void *bsess;

    if (!e->handshake_done)
        return e->session != NULL ? sslite_session_ref(e->session) : NULL;
    bsess = SSLITE_BACKEND_FACTS->conn_get_session(e->bconn);
    sess = bsess != NULL ? sslite__session_new(e->be, bsess) : NULL;
    /* CPython's sessions remember their SSLContext: offering one to a
     * socket of another context is a ValueError. */
    if (sess != NULL)
        sess->ctx = sslite_context_ref(e->ctx);
    return sess;
}

int sslite__engine_record_limits(sslite_engine *e, size_t *incoming, size_t *outgoing)
{
    int ret;

    *incoming = *outgoing = 0;
    if (e == NULL)
        return SSLITE_ERR_VALUE; /* an SSLSocket that was never connected */
    ret = sslite__engine_require_handshake(e);
    if (ret < 0)
        return ret;
    if (SSLITE_BACKEND_FACTS->conn_record_limits != NULL)
        SSLITE_BACKEND_FACTS->conn_record_limits(e->bconn, incoming, outgoing);
    return 0;
}

int sslite__engine_require_handshake(sslite_engine *e)
{
    if (!e->handshake_done || e->failed)
        return sslite__err_value(e->err, "handshake not done yet");
    return 0;
}

int sslite__engine_peer_der(sslite_engine *e, const unsigned char **der, size_t *len)
{
    int ret = sslite__engine_require_handshake(e);
    if (ret < 0)
        return ret;
    return SSLITE_BACKEND_FACTS->conn_peer_cert(e->bconn, 0, der, len);
}

int sslite__engine_chain_der(sslite_engine *e, int verified, int index,
                             const unsigned char **der, size_t *len)
{
    int ret = sslite__engine_require_handshake(e);
    if (ret < 0)
        return ret;
    if (verified)
        return SSLITE_BACKEND_FACTS->conn_verified_cert(e->bconn, index, der, len);
    return SSLITE_BACKEND_FACTS->conn_peer_cert(e->bconn, index, der, len);
}
