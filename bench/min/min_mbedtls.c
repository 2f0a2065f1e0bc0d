/* The same minimal client on raw Mbed TLS 3.6 (bench only: the library
 * itself never includes Mbed TLS outside backends/). */
#include <errno.h>
#include <stdio.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/entropy.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>
#include <psa/crypto.h>
#include "min_common.h"

#if defined(MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG)
/* sslite's Mbed TLS configuration leaves PSA's random source to the
 * application: here, the client's CTR-DRBG. */
static mbedtls_ctr_drbg_context *g_drbg;
psa_status_t mbedtls_psa_external_get_random(mbedtls_psa_external_random_context_t *context,
                                             uint8_t *output, size_t output_size,
                                             size_t *output_length);
psa_status_t mbedtls_psa_external_get_random(mbedtls_psa_external_random_context_t *context,
                                             uint8_t *output, size_t output_size,
                                             size_t *output_length)
{
    size_t done = 0;
    (void)context;
    while (done < output_size) {
        size_t n = output_size - done;
        if (n > MBEDTLS_CTR_DRBG_MAX_REQUEST)
            n = MBEDTLS_CTR_DRBG_MAX_REQUEST;
        if (g_drbg == NULL || mbedtls_ctr_drbg_random(g_drbg, output + done, n) != 0)
            return PSA_ERROR_INSUFFICIENT_ENTROPY;
        done += n;
    }
    *output_length = done;
    return PSA_SUCCESS;
}
#endif

static int fd_send(void *p, const unsigned char *buf, size_t len)
{
    ssize_t n = send(*(int *)p, buf, len, MSG_NOSIGNAL);
    return n >= 0 ? (int)n : errno == EINTR ? MBEDTLS_ERR_SSL_WANT_WRITE : MBEDTLS_ERR_NET_SEND_FAILED;
}

static int fd_recv(void *p, unsigned char *buf, size_t len)
{
    ssize_t n = recv(*(int *)p, buf, len, 0);
    return n >= 0 ? (int)n : errno == EINTR ? MBEDTLS_ERR_SSL_WANT_READ : MBEDTLS_ERR_NET_RECV_FAILED;
}

/* The CA file, parsed from memory: sslite's configuration has no
 * MBEDTLS_FS_IO, so mbedtls_x509_crt_parse_file() does not exist. */
static int parse_ca(mbedtls_x509_crt *ca, const char *path)
{
    static unsigned char buf[65536];
    FILE *f = fopen(path, "rb");
    size_t n;

    if (f == NULL)
        return -1;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0'; /* PEM is parsed with its terminating NUL */
    return mbedtls_x509_crt_parse(ca, buf, n + 1);
}

int main(int argc, char **argv)
{
    mbedtls_entropy_context entropy;
    mbedtls_ctr_drbg_context drbg;
    mbedtls_x509_crt ca;
    mbedtls_ssl_config conf;
    mbedtls_ssl_context ssl;
    unsigned char buf[4096];
    size_t off = 0;
    int fd = -1, r, ret = 1;

    mbedtls_entropy_init(&entropy);
    mbedtls_ctr_drbg_init(&drbg);
    mbedtls_x509_crt_init(&ca);
    mbedtls_ssl_config_init(&conf);
    mbedtls_ssl_init(&ssl);
    if (argc != 5)
        return 2;
    if (mbedtls_ctr_drbg_seed(&drbg, mbedtls_entropy_func, &entropy, NULL, 0) != 0)
        goto out;
#if defined(MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG)
    g_drbg = &drbg;
#endif
    if (psa_crypto_init() != PSA_SUCCESS ||
        parse_ca(&ca, argv[3]) != 0 ||
        mbedtls_ssl_config_defaults(&conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                    MBEDTLS_SSL_PRESET_DEFAULT) != 0)
        goto out;
    mbedtls_ssl_conf_rng(&conf, mbedtls_ctr_drbg_random, &drbg);
    mbedtls_ssl_conf_authmode(&conf, MBEDTLS_SSL_VERIFY_REQUIRED);
    mbedtls_ssl_conf_ca_chain(&conf, &ca, NULL);
    if (mbedtls_ssl_setup(&ssl, &conf) != 0 || mbedtls_ssl_set_hostname(&ssl, argv[4]) != 0)
        goto out;
    if ((fd = tcp_connect(argv[1], argv[2])) < 0)
        goto out;
    mbedtls_ssl_set_bio(&ssl, &fd, fd_send, fd_recv, NULL);
    while ((r = mbedtls_ssl_handshake(&ssl)) != 0)
        if (r != MBEDTLS_ERR_SSL_WANT_READ && r != MBEDTLS_ERR_SSL_WANT_WRITE) {
            fprintf(stderr, "handshake: -0x%04x\n", (unsigned)-r);
            goto out;
        }
    while (off < sizeof(request) - 1) {
        r = mbedtls_ssl_write(&ssl, (const unsigned char *)request + off, sizeof(request) - 1 - off);
        if (r > 0)
            off += (size_t)r;
        else if (r != MBEDTLS_ERR_SSL_WANT_READ && r != MBEDTLS_ERR_SSL_WANT_WRITE)
            goto out;
    }
    for (;;) {
        r = mbedtls_ssl_read(&ssl, buf, sizeof(buf));
        if (r > 0)
            fwrite(buf, 1, (size_t)r, stdout);
        else if (r == 0 || r == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY)
            break;
        else if (r != MBEDTLS_ERR_SSL_WANT_READ && r != MBEDTLS_ERR_SSL_WANT_WRITE &&
                 r != MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET) {
            fprintf(stderr, "read: -0x%04x\n", (unsigned)-r);
            goto out;
        }
    }
    ret = 0;
out:
    mbedtls_ssl_free(&ssl);
    mbedtls_ssl_config_free(&conf);
    mbedtls_x509_crt_free(&ca);
    mbedtls_ctr_drbg_free(&drbg);
    mbedtls_entropy_free(&entropy);
    if (fd >= 0)
        close(fd);
    return ret;
}
