/*
 * sslite extension: an SSLSession as sealed bytes (sslite/session_bytes.h).
 *
 *   "SLSS" | version (1) | id_len (1) | id ("sslite X, Mbed TLS Y") |
 *   nonce (12) | AES-256-GCM(key, nonce, aad = all of the above) of the
 *   backend's serialization | tag (16)
 *
 * The identity is compared before the tag so that a blob from another
 * build gets its own message; nothing reaches the backend's loader, which
 * trusts its input, unless the tag matched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "sslite/session_bytes.h"

#define MAGIC "SLSS"
#define FORMAT_VERSION 1
#define NONCE_LEN 12
#define TAG_LEN 16

/* Who wrote it: sslite's version and the TLS library's, which also names
 * the serialization format underneath. */
static size_t writer_id(const sslite_backend *be, char *buf, size_t size)
{
    int n = snprintf(buf, size, "sslite %s, %s", SSLITE_VERSION_STRING, be->version());

    if (n < 0)
        return 0;
    return (size_t)n < size ? (size_t)n : size - 1;
}

static void wipe(void *p, size_t n)
{
    volatile unsigned char *v = p;

    while (n-- > 0)
        *v++ = 0;
}

static int check_key(sslite_error *err, const unsigned char *key, size_t keylen)
{
    if (key == NULL || keylen != SSLITE_SESSION_KEY_SIZE)
        return sslite__err_value(err, "session key must be %d bytes", SSLITE_SESSION_KEY_SIZE);
    return 0;
}

int sslite_session_to_bytes(const sslite_session *sess, const unsigned char *key, size_t keylen,
                            unsigned char **out, size_t *outlen, sslite_error *err)
{
    const sslite_backend *be = SSLITE_BACKEND;
    const sslite_backend_session_bytes *sb = SSLITE_BACKEND_SESSION_BYTES;
    unsigned char *plain = NULL, *buf = NULL, *p;
    size_t plain_len = 0, id_len, head, total;
    char id[128];
    int ret = 0;

    sslite_error_clear(err);
    if (sess == NULL || out == NULL || outlen == NULL) {
        ret = sslite__err_type(err, "a session and an output are required");
        goto out;
    }
    SSLITE_GUARD(check_key(err, key, keylen));
    /* The nonce comes from the DRBG; a session may come from bytes, with no
     * context ever made in this process. */
    SSLITE_GUARD(sslite__global_init(err));
    if (sb->session_save == NULL || sb->aead_seal == NULL) {
        ret = sslite__err_notimpl(err, "this TLS library cannot serialize sessions");
        goto out;
    }
    SSLITE_GUARD(sb->session_save(sess->bsess, &plain, &plain_len, err));
    id_len = writer_id(be, id, sizeof(id));
    head = 4 + 1 + 1 + id_len + NONCE_LEN;
    total = head + plain_len + TAG_LEN;
    buf = sslite__malloc(total);
    SSLITE_GUARD_PTR(buf, err);
    p = buf;
    memcpy(p, MAGIC, 4);
    p += 4;
    *p++ = FORMAT_VERSION;
    *p++ = (unsigned char)id_len;
    memcpy(p, id, id_len);
    p += id_len;
    SSLITE_GUARD(be->rand_bytes(p, NONCE_LEN, err));
    SSLITE_GUARD(sb->aead_seal(key, p, buf, head, plain, plain_len, buf + head,
                               buf + head + plain_len, err));
    *out = buf;
    *outlen = total;
    buf = NULL;
out:
    sslite__free(buf);
    if (plain != NULL) {
        wipe(plain, plain_len);
        sslite__free(plain);
    }
    return ret;
}

sslite_session *sslite_session_from_bytes(const void *data, size_t len, const unsigned char *key,
                                          size_t keylen, sslite_error *err)
{
    const sslite_backend *be = SSLITE_BACKEND;
    const sslite_backend_session_bytes *sb = SSLITE_BACKEND_SESSION_BYTES;
    const unsigned char *buf = data;
    unsigned char *plain = NULL;
    size_t id_len, my_len, head, plain_len = 0;
    sslite_session *sess = NULL;
    void *bsess = NULL;
    char id[128];
    int ret = 0;

    sslite_error_clear(err);
    if (buf == NULL && len > 0) {
        ret = sslite__err_type(err, "session data is required");
        goto out;
    }
    SSLITE_GUARD(check_key(err, key, keylen));
    /* Loading may hash (the peer certificate): the TLS library is set up. */
    SSLITE_GUARD(sslite__global_init(err));
    if (sb->session_load == NULL || sb->aead_open == NULL) {
        ret = sslite__err_notimpl(err, "this TLS library cannot serialize sessions");
        goto out;
    }
    if (len < 4 || memcmp(buf, MAGIC, 4) != 0) {
        ret = sslite__err_value(err, "not an sslite session");
        goto out;
    }
    if (len < 6) {
        ret = sslite__err_value(err, "session data is truncated");
        goto out;
    }
    if (buf[4] != FORMAT_VERSION) {
        ret = sslite__err_value(err, "session format version %u is not supported (this sslite "
                                     "reads version %d)", buf[4], FORMAT_VERSION);
        goto out;
    }
    id_len = buf[5];
    head = 6 + id_len + NONCE_LEN;
    if (len < head + TAG_LEN) {
        ret = sslite__err_value(err, "session data is truncated");
        goto out;
    }
    my_len = writer_id(be, id, sizeof(id));
    if (id_len != my_len || memcmp(buf + 6, id, id_len) != 0) {
        ret = sslite__err_value(err, "session was saved by %.*s; this is %s", (int)id_len,
                                (const char *)buf + 6, id);
        goto out;
    }
    plain_len = len - head - TAG_LEN;
    plain = sslite__malloc(plain_len > 0 ? plain_len : 1);
    SSLITE_GUARD_PTR(plain, err);
    SSLITE_GUARD(sb->aead_open(key, buf + 6 + id_len, buf, head, buf + head, plain_len,
                               buf + head + plain_len, plain, err));
    bsess = sb->session_load(plain, plain_len, err);
    if (bsess == NULL) {
        ret = -1;
        goto out;
    }
    /* ctx stays NULL: any client context may offer it. */
    sess = sslite__session_new(be, bsess);
    SSLITE_GUARD_PTR(sess, err);
out:
    if (plain != NULL) {
        wipe(plain, plain_len);
        sslite__free(plain);
    }
    (void)ret;
    return sess;
}
