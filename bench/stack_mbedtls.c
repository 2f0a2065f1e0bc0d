/*
 * The raw Mbed TLS column: the same embedded Mbed TLS 3.6 that sslite is
 * built on, driven through its own API the way a careful application would
 * (ssl_client2/ssl_server2 style): a CTR-DRBG, the chain and hostname
 * verified, session tickets (two per TLS 1.3 handshake, as OpenSSL and
 * CPython send) and a session cache on the server.  It is the floor sslite's
 * overhead is measured against.
 *
 * Mbed TLS headers are allowed here only because bench/ is a measurement
 * harness; include/ and lib/ never see them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mbedtls/build_info.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>
#include <mbedtls/ssl_cache.h>
#include <mbedtls/ssl_ciphersuites.h>
#include <mbedtls/ssl_ticket.h>
#include <mbedtls/x509_crt.h>
#include <psa/crypto.h>

#include <sslite/sslite.h>
#include "bench.h"

typedef struct st {
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_x509_crt ca, crt;
    mbedtls_pk_context key;
    mbedtls_ssl_ticket_context ticket;
    mbedtls_ssl_cache_context cache;
    mbedtls_ssl_config cconf, sconf;
    int suites[2];
    mbedtls_ssl_session sess;
    int have_sess;
    int saved;            /* keep the session serialized (mbedtls_ssl_session_save) */
    unsigned char *blob;
    size_t blob_len;
} st;

typedef struct conn {
    mbedtls_ssl_context ssl;
    int fd;
    int server;
    int verify_calls;      /* 0 after a client handshake: no certificate, resumed */
    mbedtls_ssl_session tsess; /* the latest TLS 1.3 ticket */
    int have_tsess;
} conn;

static int mb_err(const char *what, int r)
{
    char buf[160];
    mbedtls_strerror(r, buf, sizeof(buf));
    bench_fail("mbedtls", "%s: -0x%04x %s", what, (unsigned)-r, buf);
    return BENCH_FAIL;
}

static const char *mb_unsupported(const bench_cfg *cfg)
{
    (void)cfg;
    return NULL;
}

static void mb_teardown(void *p)
{
    st *s = p;
    if (s == NULL)
        return;
    mbedtls_ssl_session_free(&s->sess);
    free(s->blob);
    mbedtls_ssl_config_free(&s->cconf);
    mbedtls_ssl_config_free(&s->sconf);
    mbedtls_ssl_ticket_free(&s->ticket);
    mbedtls_ssl_cache_free(&s->cache);
    mbedtls_pk_free(&s->key);
    mbedtls_x509_crt_free(&s->crt);
    mbedtls_x509_crt_free(&s->ca);
    mbedtls_ctr_drbg_free(&s->drbg);
    mbedtls_entropy_free(&s->entropy);
    free(s);
}

/* A whole file, NUL-terminated (Mbed TLS's PEM parsers want the NUL
 * counted in the length), in *len; NULL on failure.  sslite's Mbed TLS
 * configuration has no MBEDTLS_FS_IO, so the file loaders are not there. */
static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf = NULL;
    long n;

    if (f != NULL && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) != NULL && fread(buf, 1, (size_t)n, f) == (size_t)n) {
        buf[n] = '\0';
        *len = (size_t)n + 1;
    } else {
        free(buf);
        buf = NULL;
    }
    if (f != NULL)
        fclose(f);
    return buf;
}

static int crt_parse_path(mbedtls_x509_crt *crt, const char *path)
{
    size_t len;
    unsigned char *buf = slurp(path, &len);
    int r = buf != NULL ? mbedtls_x509_crt_parse(crt, buf, len) : MBEDTLS_ERR_X509_FILE_IO_ERROR;
    free(buf);
    return r;
}

static int key_parse_path(mbedtls_pk_context *pk, const char *path, mbedtls_ctr_drbg_context *drbg)
{
    size_t len;
    unsigned char *buf = slurp(path, &len);
    int r = buf != NULL ? mbedtls_pk_parse_key(pk, buf, len, NULL, 0, mbedtls_ctr_drbg_random, drbg)
                        : MBEDTLS_ERR_PK_FILE_IO_ERROR;
    free(buf);
    return r;
}

static void *mb_setup(const bench_cfg *cfg)
{
    static const unsigned char pers[] = "sslite-bench";
    st *s = calloc(1, sizeof(*s));
    int ec = cfg->key == BENCH_KEY_EC, r;
    mbedtls_ssl_protocol_version v = cfg->tls13 ? MBEDTLS_SSL_VERSION_TLS1_3
                                                : MBEDTLS_SSL_VERSION_TLS1_2;

    if (s == NULL)
        return NULL;
    mbedtls_entropy_init(&s->entropy);
    mbedtls_ctr_drbg_init(&s->drbg);
    mbedtls_x509_crt_init(&s->ca);
    mbedtls_x509_crt_init(&s->crt);
    mbedtls_pk_init(&s->key);
    mbedtls_ssl_ticket_init(&s->ticket);
    mbedtls_ssl_cache_init(&s->cache);
    mbedtls_ssl_config_init(&s->cconf);
    mbedtls_ssl_config_init(&s->sconf);
    mbedtls_ssl_session_init(&s->sess);

#if defined(MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG)
    /* sslite's Mbed TLS configuration has PSA draw its randomness from the
     * application (mbedtls_psa_external_get_random); in this binary sslite
     * provides it from its DRBG, which must be seeded before PSA's first
     * draw even when no sslite context was made. */
    if (!sslite_RAND_status()) {
        bench_fail("mbedtls", "sslite's DRBG (PSA's random source) is not seeded");
        goto fail;
    }
#endif
    if (psa_crypto_init() != PSA_SUCCESS) {
        bench_fail("mbedtls", "psa_crypto_init failed");
        goto fail;
    }
    if ((r = mbedtls_ctr_drbg_seed(&s->drbg, mbedtls_entropy_func, &s->entropy, pers,
                                   sizeof(pers) - 1)) != 0) {
        mb_err("ctr_drbg_seed", r);
        goto fail;
    }
    if ((r = crt_parse_path(&s->ca, bench_path(cfg, "ca.pem"))) != 0) {
        mb_err("parse ca.pem", r);
        goto fail;
    }
    if ((r = crt_parse_path(&s->crt, bench_path(cfg, ec ? "server-ec.pem"
                                                                        : "server-rsa.pem"))) != 0) {
        mb_err("parse server certificate", r);
        goto fail;
    }
    if ((r = key_parse_path(&s->key, bench_path(cfg, ec ? "server-ec.key" : "server-rsa.key"),
                            &s->drbg)) != 0) {
        mb_err("parse server key", r);
        goto fail;
    }

    /* Server */
    if ((r = mbedtls_ssl_config_defaults(&s->sconf, MBEDTLS_SSL_IS_SERVER,
                                         MBEDTLS_SSL_TRANSPORT_STREAM,
                                         MBEDTLS_SSL_PRESET_DEFAULT)) != 0) {
        mb_err("server config_defaults", r);
        goto fail;
    }
    mbedtls_ssl_conf_rng(&s->sconf, mbedtls_ctr_drbg_random, &s->drbg);
    mbedtls_ssl_conf_min_tls_version(&s->sconf, v);
    mbedtls_ssl_conf_max_tls_version(&s->sconf, v);
    if ((r = mbedtls_ssl_conf_own_cert(&s->sconf, &s->crt, &s->key)) != 0) {
        mb_err("conf_own_cert", r);
        goto fail;
    }
    if ((r = mbedtls_ssl_ticket_setup(&s->ticket, mbedtls_ctr_drbg_random, &s->drbg,
                                      MBEDTLS_CIPHER_AES_256_GCM, 7200)) != 0) {
        mb_err("ticket_setup", r);
        goto fail;
    }
    mbedtls_ssl_conf_session_tickets_cb(&s->sconf, mbedtls_ssl_ticket_write,
                                        mbedtls_ssl_ticket_parse, &s->ticket);
    mbedtls_ssl_conf_new_session_tickets(&s->sconf, 2);
    mbedtls_ssl_conf_session_cache(&s->sconf, &s->cache, mbedtls_ssl_cache_get,
                                   mbedtls_ssl_cache_set);

    /* Client */
    if ((r = mbedtls_ssl_config_defaults(&s->cconf, MBEDTLS_SSL_IS_CLIENT,
                                         MBEDTLS_SSL_TRANSPORT_STREAM,
                                         MBEDTLS_SSL_PRESET_DEFAULT)) != 0) {
        mb_err("client config_defaults", r);
        goto fail;
    }
    mbedtls_ssl_conf_rng(&s->cconf, mbedtls_ctr_drbg_random, &s->drbg);
    mbedtls_ssl_conf_min_tls_version(&s->cconf, v);
    mbedtls_ssl_conf_max_tls_version(&s->cconf, v);
    mbedtls_ssl_conf_authmode(&s->cconf, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(&s->cconf, &s->ca, NULL);
    mbedtls_ssl_conf_session_tickets(&s->cconf, MBEDTLS_SSL_SESSION_TICKETS_ENABLED);
    mbedtls_ssl_conf_tls13_enable_signal_new_session_tickets(
        &s->cconf, MBEDTLS_SSL_TLS1_3_SIGNAL_NEW_SESSION_TICKETS_ENABLED);
    /* Mbed TLS's own default order prefers ChaCha20; offer what sslite
     * offers by default (CPython's order: AES-256-GCM first), or the one
     * suite a bulk row asks for. */
    if (cfg->tls13) {
        s->suites[0] = MBEDTLS_TLS1_3_AES_256_GCM_SHA384;
    } else {
        int chacha = cfg->cipher == BENCH_CIPHER_CHACHA20;
        s->suites[0] = chacha ? (ec ? MBEDTLS_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
                                    : MBEDTLS_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256)
                              : (ec ? MBEDTLS_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
                                    : MBEDTLS_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384);
    }
    s->suites[1] = 0;
    mbedtls_ssl_conf_ciphersuites(&s->cconf, s->suites);
    s->saved = cfg->saved;
    /* psk_ke: the client asks for it alone (the server's default allows
     * every mode), as sslite does with OP_ALLOW_NO_DHE_KEX. */
    if (cfg->no_dhe)
        mbedtls_ssl_conf_tls13_key_exchange_modes(
            &s->cconf, MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_PSK |
                           MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_EPHEMERAL);
    return s;
fail:
    mb_teardown(s);
    return NULL;
}

static int fd_send(void *p, const unsigned char *buf, size_t len)
{
    conn *c = p;
    ssize_t n = send(c->fd, buf, len, MSG_NOSIGNAL);
    if (n >= 0)
        return (int)n;
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
        return MBEDTLS_ERR_SSL_WANT_WRITE;
    return MBEDTLS_ERR_NET_SEND_FAILED;
}

static int fd_recv(void *p, unsigned char *buf, size_t len)
{
    conn *c = p;
    ssize_t n = recv(c->fd, buf, len, 0);
    if (n >= 0)
        return (int)n;
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
        return MBEDTLS_ERR_SSL_WANT_READ;
    return MBEDTLS_ERR_NET_RECV_FAILED;
}

/* Counts certificate checks: a resumed handshake has none. */
static int count_verify(void *p, mbedtls_x509_crt *crt, int depth, uint32_t *flags)
{
    conn *c = p;
    (void)crt;
    (void)depth;
    (void)flags;
    c->verify_calls++;
    return 0;
}

static void mb_conn_free(void *p)
{
    conn *c = p;
    if (c == NULL)
        return;
    mbedtls_ssl_free(&c->ssl);
    mbedtls_ssl_session_free(&c->tsess);
    close(c->fd);
    free(c);
}

static void *mb_conn_new(void *p, int fd, int server, int resume)
{
    st *s = p;
    conn *c = calloc(1, sizeof(*c));
    int r;

    if (c == NULL) {
        close(fd);
        return NULL;
    }
    c->fd = fd;
    c->server = server;
    mbedtls_ssl_init(&c->ssl);
    mbedtls_ssl_session_init(&c->tsess);
    if ((r = mbedtls_ssl_setup(&c->ssl, server ? &s->sconf : &s->cconf)) != 0) {
        mb_err("ssl_setup", r);
        goto fail;
    }
    mbedtls_ssl_set_bio(&c->ssl, c, fd_send, fd_recv, NULL);
    if (!server) {
        if ((r = mbedtls_ssl_set_hostname(&c->ssl, "localhost")) != 0) {
            mb_err("set_hostname", r);
            goto fail;
        }
        mbedtls_ssl_set_verify(&c->ssl, count_verify, c);
        if (resume && s->saved && s->blob != NULL) {
            /* As after a restart: the session comes from its bytes. */
            mbedtls_ssl_session loaded;
            mbedtls_ssl_session_init(&loaded);
            r = mbedtls_ssl_session_load(&loaded, s->blob, s->blob_len);
            if (r == 0)
                r = mbedtls_ssl_set_session(&c->ssl, &loaded);
            mbedtls_ssl_session_free(&loaded);
            if (r != 0) {
                mb_err("session_load/set_session", r);
                goto fail;
            }
        } else if (resume && s->have_sess &&
                   (r = mbedtls_ssl_set_session(&c->ssl, &s->sess)) != 0) {
            mb_err("set_session", r);
            goto fail;
        }
    }
    return c;
fail:
    mb_conn_free(c);
    return NULL;
}

static void keep_ticket(conn *c)
{
    mbedtls_ssl_session_free(&c->tsess);
    mbedtls_ssl_session_init(&c->tsess);
    c->have_tsess = mbedtls_ssl_get_session(&c->ssl, &c->tsess) == 0;
}

static int mb_handshake(void *p)
{
    conn *c = p;
    int r = mbedtls_ssl_handshake(&c->ssl);
    if (r == 0)
        return BENCH_DONE;
    if (r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE)
        return BENCH_AGAIN;
    return mb_err(c->server ? "server handshake" : "client handshake", r);
}

static long mb_write(void *p, const void *buf, size_t len)
{
    conn *c = p;
    int r = mbedtls_ssl_write(&c->ssl, buf, len);
    if (r > 0)
        return r;
    if (r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE)
        return 0;
    return mb_err("ssl_write", r);
}

static long mb_read(void *p, void *buf, size_t len)
{
    conn *c = p;
    for (;;) {
        int r = mbedtls_ssl_read(&c->ssl, buf, len);
        if (r > 0)
            return r;
        if (r == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET) {
            keep_ticket(c);
            continue;
        }
        if (r == MBEDTLS_ERR_SSL_WANT_READ || r == MBEDTLS_ERR_SSL_WANT_WRITE)
            return 0;
        if (r == 0) {
            bench_fail("mbedtls", "ssl_read: EOF");
            return BENCH_FAIL;
        }
        return mb_err("ssl_read", r);
    }
}

static int mb_session_reused(void *p)
{
    conn *c = p;
    return c->verify_calls == 0;
}

static void mb_save_session(void *p, void *cp)
{
    st *s = p;
    conn *c = cp;

    if (c->have_tsess) {
        /* Hand the ticket's session over (a struct move). */
        mbedtls_ssl_session_free(&s->sess);
        s->sess = c->tsess;
        mbedtls_ssl_session_init(&c->tsess);
        c->have_tsess = 0;
        s->have_sess = 1;
    } else if (mbedtls_ssl_get_version_number(&c->ssl) == MBEDTLS_SSL_VERSION_TLS1_2) {
        mbedtls_ssl_session_free(&s->sess);
        mbedtls_ssl_session_init(&s->sess);
        s->have_sess = mbedtls_ssl_get_session(&c->ssl, &s->sess) == 0;
    }
    if (s->saved && s->have_sess) {
        size_t n = 0;
        free(s->blob);
        s->blob = NULL;
        mbedtls_ssl_session_save(&s->sess, NULL, 0, &n);
        if ((s->blob = malloc(n)) != NULL &&
            mbedtls_ssl_session_save(&s->sess, s->blob, n, &s->blob_len) != 0) {
            free(s->blob);
            s->blob = NULL;
        }
    }
}

static void mb_describe(void *p, char *buf, size_t n)
{
    conn *c = p;
    snprintf(buf, n, "%s %s", mbedtls_ssl_get_version(&c->ssl),
             mbedtls_ssl_get_ciphersuite(&c->ssl));
}

const bench_stack bench_mbedtls = {
    .name = "mbedtls",
    .unsupported = mb_unsupported,
    .setup = mb_setup,
    .teardown = mb_teardown,
    .conn_new = mb_conn_new,
    .conn_free = mb_conn_free,
    .handshake = mb_handshake,
    .write = mb_write,
    .read = mb_read,
    .session_reused = mb_session_reused,
    .save_session = mb_save_session,
    .describe = mb_describe,
};
