/*
 * sslite: SSLObject — the engine over two MemoryBIOs, or over the user's
 * send/recv callbacks.  Nothing here keeps TLS state: every call is one
 * step of the engine (lib/engine.c), the same one SSLSocket drives, with
 * CPython's SSLObject rules on top (no ragged-EOF suppression, read(0),
 * reads and writes after unwrap).
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

struct sslite_object {
    sslite_engine eng;
    sslite_error err;
    sslite_memorybio *incoming; /* referenced; NULL over callbacks */
    sslite_memorybio *outgoing;
};

sslite_engine *sslite__object_engine(sslite_object *obj)
{
    return obj != NULL ? &obj->eng : NULL;
}

/* ---- the transport over memory BIOs ---- */

/* Records go straight from Mbed TLS's output buffer into the outgoing BIO,
 * which never refuses bytes: the engine has always flushed everything it
 * produced by the time a call returns. */
static sslite_ssize_t bio_send(void *io, const unsigned char *buf, size_t len)
{
    sslite_object *obj = io;

    if (len > (size_t)PTRDIFF_MAX)
        len = (size_t)PTRDIFF_MAX;
    if (sslite__memorybio_append(obj->outgoing, buf, len) < 0) {
        errno = ENOMEM;
        return SSLITE_IO_ERROR;
    }
    return (sslite_ssize_t)len;
}

/* Empty and not at EOF: would block (SSLWantReadError); after write_eof()
 * and drained: EOF, which the engine reports as SSLEOFError unless a
 * close_notify came first. */
static sslite_ssize_t bio_recv(void *io, unsigned char *buf, size_t len)
{
    sslite_object *obj = io;

    if (sslite_memorybio_pending(obj->incoming) == 0)
        return sslite_memorybio_eof(obj->incoming) ? 0 : SSLITE_IO_WOULD_BLOCK;
    return sslite_memorybio_read(obj->incoming, buf, -1, len);
}

/* Bulk records without a copy (backend.h): the incoming record is read
 * from the BIO's own memory, the outgoing record's buffer becomes a chunk
 * of the outgoing BIO. */
static const unsigned char *bio_view(void *io, size_t *len)
{
    sslite_object *obj = io;

    return sslite_memorybio_peek(obj->incoming, len);
}

static void bio_skip(void *io, size_t len)
{
    sslite_object *obj = io;

    sslite__memorybio_skip(obj->incoming, len);
}

static unsigned char *bio_adopt(void *io, unsigned char *block, size_t off, size_t len,
                                size_t size)
{
    sslite_object *obj = io;

    return sslite__memorybio_adopt(obj->outgoing, block, off, len, size);
}

/* ---- construction ---- */

static sslite_object *wrap(sslite_context *ctx, const sslite_transport *tr,
                           sslite_memorybio *incoming, sslite_memorybio *outgoing,
                           int server_side, const char *server_hostname, sslite_session *session,
                           sslite_error *err)
{
    sslite_object *obj;
    sslite_transport t = *tr;

    obj = sslite__calloc(1, sizeof(*obj));
    if (obj == NULL) {
        sslite__err_nomem(err);
        return NULL;
    }
    if (incoming != NULL) {
        obj->incoming = sslite_memorybio_ref(incoming);
        obj->outgoing = sslite_memorybio_ref(outgoing);
        t.io = obj;
    }
    if (sslite__engine_setup(&obj->eng, ctx, server_side, server_hostname, session, &t,
                             &obj->err) < 0) {
        sslite__err_copy(err, &obj->err);
        sslite_object_free(obj);
        return NULL;
    }
    return obj;
}

sslite_object *sslite_context_wrap_bio(sslite_context *ctx, sslite_memorybio *incoming,
                                       sslite_memorybio *outgoing, int server_side,
                                       const char *server_hostname, sslite_session *session,
                                       sslite_error *err)
{
    sslite_transport tr = {bio_send, bio_recv, NULL, bio_view, bio_skip, bio_adopt};

    sslite_error_clear(err);
    if (ctx == NULL) {
        sslite__err_type(err, "wrap_bio() requires an SSLContext, not None");
        return NULL;
    }
    if (incoming == NULL || outgoing == NULL) {
        sslite__err_type(err, "_wrap_bio() argument '%s' must be _ssl.MemoryBIO, not None",
                         incoming == NULL ? "incoming" : "outgoing");
        return NULL;
    }
    return wrap(ctx, &tr, incoming, outgoing, server_side, server_hostname, session, err);
}

sslite_object *sslite_context_wrap_callbacks(sslite_context *ctx, sslite_send_cb send_cb,
                                             sslite_recv_cb recv_cb, void *userdata,
                                             int server_side, const char *server_hostname,
                                             sslite_session *session, sslite_error *err)
{
    /* The user's functions are the engine's transport as they are: the
     * record layer calls them with its own buffers. */
    sslite_transport tr = {send_cb, recv_cb, userdata, NULL, NULL, NULL};

    sslite_error_clear(err);
    if (ctx == NULL) {
        sslite__err_type(err, "wrap_callbacks() requires an SSLContext, not None");
        return NULL;
    }
    if (send_cb == NULL || recv_cb == NULL) {
        sslite__err_type(err, "wrap_callbacks() requires both a send and a recv callback");
        return NULL;
    }
    return wrap(ctx, &tr, NULL, NULL, server_side, server_hostname, session, err);
}

void sslite_object_free(sslite_object *obj)
{
    if (obj == NULL)
        return;
    sslite__engine_free(&obj->eng);
    sslite_memorybio_free(obj->incoming);
    sslite_memorybio_free(obj->outgoing);
    sslite__free(obj);
}

const sslite_error *sslite_object_error(const sslite_object *obj)
{
    return &obj->err;
}

/* ---- I/O ---- */

int sslite_object_do_handshake(sslite_object *obj)
{
    return sslite__engine_handshake(&obj->eng);
}

static int zero_return(sslite_object *obj)
{
    return sslite__err_ssl(&obj->err, SSLITE_ERR_ZERO_RETURN, NULL, NULL,
                           "TLS/SSL connection has been closed (EOF)", SSLITE__WHERE);
}

sslite_ssize_t sslite_object_read(sslite_object *obj, void *buf, size_t len)
{
    sslite_ssize_t n;

    sslite_error_clear(&obj->err);
    /* CPython answers read(0) with b'' before touching the connection. */
    if (len == 0)
        return 0;
    if (buf == NULL)
        return sslite__err_type(&obj->err, "read() needs a buffer");
    /* OpenSSL says b'' only while the shutdown state is "received" alone;
     * once we sent close_notify too, SSL_read is a SSLZeroReturnError. */
    if (obj->eng.peer_closed && obj->eng.close_notify_sent)
        return zero_return(obj);
    n = sslite__engine_read(&obj->eng, buf, len);
    if (n == 0 && obj->eng.peer_closed && obj->eng.close_notify_sent)
        return zero_return(obj);
    return n;
}

sslite_ssize_t sslite_object_write(sslite_object *obj, const void *buf, size_t len)
{
    sslite_error_clear(&obj->err);
    if (buf == NULL && len > 0)
        return sslite__err_type(&obj->err, "a bytes-like object is required, not 'NoneType'");
    if (obj->eng.close_notify_sent)
        return sslite__err_ssl(&obj->err, SSLITE_ERR_SSL, "SSL", "PROTOCOL_IS_SHUTDOWN",
                               NULL, SSLITE__WHERE);
    return sslite__engine_write(&obj->eng, buf, len);
}

int sslite_object_key_update(sslite_object *obj, int update_requested)
{
    sslite_error_clear(&obj->err);
    if (obj->eng.close_notify_sent)
        return sslite__err_ssl(&obj->err, SSLITE_ERR_SSL, "SSL", "PROTOCOL_IS_SHUTDOWN",
                               NULL, SSLITE__WHERE);
    return sslite__engine_key_update(&obj->eng, update_requested);
}

int sslite_object_verify_client_post_handshake(sslite_object *obj)
{
    return sslite__engine_verify_client_post_handshake(&obj->eng);
}

size_t sslite_object_pending(const sslite_object *obj)
{
    return sslite__engine_pending(&obj->eng);
}

int sslite_object_unwrap(sslite_object *obj)
{
    sslite_error_clear(&obj->err);
    return sslite__engine_unwrap(&obj->eng);
}

/* ---- facts ---- */

const char *sslite_object_version(const sslite_object *obj)
{
    return sslite__engine_version(&obj->eng);
}

int sslite_object_cipher(const sslite_object *obj, sslite_cipher_info *out)
{
    return sslite__engine_cipher(&obj->eng, out);
}

const char *sslite_object_selected_alpn_protocol(const sslite_object *obj)
{
    return sslite__engine_alpn(&obj->eng);
}

const char *sslite_object_compression(const sslite_object *obj)
{
    (void)obj;
    return NULL; /* TLS compression is never negotiated */
}

int sslite_object_server_side(const sslite_object *obj)
{
    return obj->eng.server_side;
}

const char *sslite_object_server_hostname(const sslite_object *obj)
{
    return obj->eng.server_hostname;
}

sslite_context *sslite_object_context(const sslite_object *obj)
{
    return sslite__engine_context(&obj->eng);
}

int sslite_object_session_reused(const sslite_object *obj)
{
    return sslite__engine_session_reused(&obj->eng);
}

sslite_session *sslite_object_session(const sslite_object *obj)
{
    return sslite__engine_session(&obj->eng);
}

int sslite_object_getpeercert_der(sslite_object *obj, const unsigned char **der, size_t *len)
{
    sslite_error_clear(&obj->err);
    return sslite__engine_peer_der(&obj->eng, der, len);
}

static int chain_der(sslite_object *obj, int verified, int index, const unsigned char **der,
                     size_t *len)
{
    sslite_error_clear(&obj->err);
    /* CPython returns [] here rather than raising. */
    if (!obj->eng.handshake_done || index < 0)
        return 0;
    return sslite__engine_chain_der(&obj->eng, verified, index, der, len);
}

int sslite_object_get_verified_chain_der(sslite_object *obj, int index,
                                         const unsigned char **der, size_t *len)
{
    return chain_der(obj, 1, index, der, len);
}

int sslite_object_get_unverified_chain_der(sslite_object *obj, int index,
                                           const unsigned char **der, size_t *len)
{
    return chain_der(obj, 0, index, der, len);
}

int sslite_object_get_channel_binding(sslite_object *obj, const char *cb_type,
                                      unsigned char *out, size_t *outlen)
{
    sslite_error_clear(&obj->err);
    if (cb_type == NULL)
        cb_type = "tls-unique";
    if (strcmp(cb_type, "tls-unique") != 0)
        return sslite__err_value(&obj->err, "'%s' channel binding type not implemented",
                                 cb_type);
    return sslite__engine_tls_unique(&obj->eng, out, outlen);
}

/* Certificates and suites: the engine answers (lib/core/cert.c,
 * lib/compat/ciphers.c). */

int sslite_object_getpeercert(sslite_object *obj, sslite_certdict **out)
{
    const unsigned char *der = NULL;
    size_t len = 0;
    int r = sslite_object_getpeercert_der(obj, &der, &len);
    sslite_engine *e = sslite__object_engine(obj);
    if (r < 0 || e == NULL) {
        *out = NULL;
        return r < 0 ? r : 0;
    }
    return sslite__engine_peercert(e, r, der, len, out);
}

int sslite_object_get_verified_chain(sslite_object *obj, sslite_certlist **out)
{
    return sslite__engine_chain(sslite__object_engine(obj), 1, out);
}

int sslite_object_get_unverified_chain(sslite_object *obj, sslite_certlist **out)
{
    return sslite__engine_chain(sslite__object_engine(obj), 0, out);
}

int sslite_object_shared_ciphers(sslite_object *obj, sslite_cipher_info **out, size_t *count)
{
    return sslite__engine_shared_ciphers(sslite__object_engine(obj), out, count);
}

int sslite_object_record_limits(sslite_object *obj, size_t *incoming, size_t *outgoing)
{
    return sslite__engine_record_limits(&obj->eng, incoming, outgoing);
}
