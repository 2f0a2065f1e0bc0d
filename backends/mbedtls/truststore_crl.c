/*
 * sslite: the trust store's CRLs (load_verify_locations() CRL blocks and
 * capath's <hash>.r<N> files), for OpenSSL's VERIFY_CRL_CHECK_* flags.
 * A build with -Dcrl=disabled has truststore_nocrl.c instead.
 */
#include "truststore.h" /* first: it sets Mbed TLS's private access */

void sslite__store_crl_init(sslite_mbed_store *s)
{
    mbedtls_x509_crl_init(&s->crl);
}

void sslite__store_crl_free(sslite_mbed_store *s)
{
    ts_crl_node *cn, *next;

    for (cn = s->dir_crls; cn != NULL; cn = next) {
        next = cn->next;
        mbedtls_x509_crl_free(&cn->crl);
        sslite__free(cn);
    }
    mbedtls_x509_crl_free(&s->crl);
}

int sslite__store_add_crls(sslite_mbed_store *s, const unsigned char *buf, size_t len)
{
    if (mbedtls_x509_crl_parse(&s->crl, buf, len) != 0)
        return MBEDTLS_ERR_X509_INVALID_FORMAT;
    s->ncrl++;
    return 0;
}

void sslite__store_add_dir_crl(sslite_mbed_store *s, const unsigned char *buf, size_t len)
{
    ts_crl_node *node = sslite__calloc(1, sizeof(*node)), **tail;

    if (node == NULL)
        return;
    mbedtls_x509_crl_init(&node->crl);
    if (mbedtls_x509_crl_parse(&node->crl, buf, len) != 0) {
        mbedtls_x509_crl_free(&node->crl);
        sslite__free(node);
        return;
    }
    /* Readers walk the list without the lock: link a complete node. */
    for (tail = &s->dir_crls; *tail != NULL; tail = &(*tail)->next)
        ;
    __atomic_store_n(tail, node, __ATOMIC_RELEASE);
    for (const mbedtls_x509_crl *c = &node->crl; c != NULL && c->version != 0; c = c->next)
        __atomic_add_fetch(&s->ndir_crls, 1, __ATOMIC_ACQ_REL);
}

/* The current CRL, or on to the next list when this one is done. */
static const mbedtls_x509_crl *crl_settle(ts_crl_iter *it)
{
    for (;;) {
        const ts_crl_node *n;
        if (it->c != NULL && it->c->version != 0)
            return it->c;
        n = it->node == NULL ? __atomic_load_n(&it->s->dir_crls, __ATOMIC_ACQUIRE)
                             : __atomic_load_n(&it->node->next, __ATOMIC_ACQUIRE);
        if (n == NULL)
            return NULL;
        it->node = n;
        it->c = &n->crl;
    }
}

const mbedtls_x509_crl *sslite__store_crl_first(const sslite_mbed_store *s, ts_crl_iter *it)
{
    it->s = s;
    it->node = NULL;
    it->c = &s->crl;
    return crl_settle(it);
}

const mbedtls_x509_crl *sslite__store_crl_next(ts_crl_iter *it)
{
    it->c = it->c->next;
    return crl_settle(it);
}

