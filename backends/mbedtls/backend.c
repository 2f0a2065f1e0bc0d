/*
 * sslite: the Mbed TLS backend — randomness, context state (certificates,
 * keys, trust store, configuration snapshots) and connections.
 *
 * Configuration snapshots: Mbed TLS connections point at their
 * mbedtls_ssl_config, while OpenSSL copies settings at SSL_new().  To give
 * Python's semantics (changing a context affects later connections only),
 * each distinct settings generation gets its own reference-counted config;
 * a connection keeps the one it was made with.
 */
#include "backend_state.h" /* first: it sets Mbed TLS's private access */
#include <mbedtls/gcm.h> /* sessions as bytes */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- random */

/* The generators are in rng.c (rng_fuzz.c in fuzzing builds). */

#if defined(MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG)
/* Mbed TLS calls this by name for every PSA random draw (TLS 1.3 key
 * shares included): route it through the fork-safe DRBG. */
psa_status_t mbedtls_psa_external_get_random(mbedtls_psa_external_random_context_t *context,
                                             uint8_t *output, size_t output_size,
                                             size_t *output_length);
psa_status_t mbedtls_psa_external_get_random(mbedtls_psa_external_random_context_t *context,
                                             uint8_t *output, size_t output_size,
                                             size_t *output_length)
{
    (void)context;
    if (sslite__mbedtls_rng(NULL, output, output_size) != 0)
        return PSA_ERROR_INSUFFICIENT_ENTROPY;
    *output_length = output_size;
    return PSA_SUCCESS;
}
#endif

static int be_global_init(sslite_error *err)
{
    psa_status_t st;
    int ret;

    /* The application's hooks (<sslite/platform.h>) before anything locks
     * or draws; then the generators: with an external RNG, PSA draws from
     * them. */
    sslite__mbedtls_platform_setup();
    if ((ret = sslite__mbedtls_rng_init(err)) < 0)
        return ret;
    /* Mbed TLS fills its list of built-in suites on first use, unlocked;
     * do it here, once, before any thread builds a configuration. */
    (void)mbedtls_ssl_list_ciphersuites();
    st = psa_crypto_init();
    if (st != PSA_SUCCESS)
        return sslite__err_set(err, SSLITE_ERR_SSL, SSLITE_SSL_ERROR_SSL, "SSL", NULL,
                               "PSA crypto initialisation failed (%d)", (int)st);
    return 0;
}

static int be_rand_bytes(void *buf, size_t n, sslite_error *err)
{
    int ret = sslite__mbedtls_rng(NULL, buf, n);
    return ret == 0 ? 0 : sslite__mbedtls_error(err, ret, -1, SSLITE__WHERE);
}

static int be_rand_status(void)
{
    return 1;
}

static void be_rand_add(const void *buf, size_t len)
{
    sslite__mbedtls_rng_add(buf, len);
}

static const char *be_version(void)
{
    return MBEDTLS_VERSION_STRING_FULL;
}

static unsigned long be_version_number(void)
{
    return MBEDTLS_VERSION_NUMBER;
}

/* ---------------------------------------------------------------- context */

/* mbed_keycert, mbed_conf, mbed_ctx: backend_state.h */

static void conf_unref(mbed_conf *c)
{
    if (c == NULL || __atomic_sub_fetch(&c->refs, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    mbedtls_ssl_config_free(&c->conf);
    for (size_t i = 0; i < sizeof(c->auto_chains) / sizeof(c->auto_chains[0]); i++) {
        mbedtls_x509_crt_free(c->auto_chains[i]);
        sslite__free(c->auto_chains[i]);
    }
    sslite__free(c->suites);
    sslite__free(c->groups);
    if (c->alpn != NULL)
        for (char **p = c->alpn; *p != NULL; p++)
            sslite__free(*p);
    sslite__free(c->alpn);
    sslite__free(c);
}

static int be_ctx_init(void *bctx, int server_side, sslite_error *err)
{
    mbed_ctx *c = bctx;
    (void)server_side;
    (void)err;
    sslite__store_init(&c->store);
#if defined(MBEDTLS_SSL_TICKET_C)
    mbedtls_ssl_ticket_init(&c->ticket);
#endif
#if defined(MBEDTLS_SSL_CACHE_C)
    mbedtls_ssl_cache_init(&c->cache);
#endif
#if defined(MBEDTLS_DHM_C) && defined(MBEDTLS_SSL_SRV_C)
    mbedtls_dhm_init(&c->dhm);
#endif
    return 0;
}

static void be_ctx_free(void *bctx)
{
    mbed_ctx *c = bctx;
    mbed_keycert *kc, *next;

    conf_unref(c->confs[0]);
    conf_unref(c->confs[1]);
    for (kc = c->keycerts; kc != NULL; kc = next) {
        next = kc->next;
        mbedtls_x509_crt_free(&kc->crt);
        mbedtls_pk_free(&kc->pk);
        sslite__free(kc);
    }
    sslite__store_free(&c->store);
#if defined(MBEDTLS_SSL_TICKET_C)
    mbedtls_ssl_ticket_free(&c->ticket);
#endif
#if defined(MBEDTLS_SSL_CACHE_C)
    mbedtls_ssl_cache_free(&c->cache);
#endif
#if defined(MBEDTLS_DHM_C) && defined(MBEDTLS_SSL_SRV_C)
    mbedtls_dhm_free(&c->dhm);
#endif
}


static void wipe_free(unsigned char *buf, size_t len)
{
    if (buf != NULL)
        mbedtls_platform_zeroize(buf, len);
    sslite__free(buf);
}

/* A private, NUL-terminated copy of a caller's PEM or DER bytes (Mbed TLS's
 * PEM parser wants the terminator counted in the length); wiped when freed
 * because key material passes through. */
static int terminated_copy(const unsigned char *in, size_t len, unsigned char **out,
                           size_t *outlen, sslite_error *err)
{
    *out = sslite__malloc(len + 1);
    if (*out == NULL)
        return sslite__err_nomem(err);
    if (len > 0)
        memcpy(*out, in, len);
    (*out)[len] = '\0';
    /* DER (a SEQUENCE, no PEM armour) stays as it came: a trailing NUL would
     * be junk after it.  PEM text may begin with anything, '0' included
     * (OpenSSL skips text before the armour), so the armour decides. */
    *outlen = len > 0 && in[0] == 0x30 && strstr((const char *)*out, "-----BEGIN ") == NULL
                  ? len
                  : len + 1;
    return 0;
}

/* load_cert_chain, from bytes: the chain (PEM, or one DER certificate) and
 * the key (PEM or DER; NULL = in the chain's bytes).  lib/ reads files for
 * the path-taking API (lib/posix/loaders.c). */
static int be_ctx_load_cert_chain(void *bctx, const unsigned char *cert, size_t cert_len,
                                  const unsigned char *key, size_t key_len,
                                  sslite_bpassword_fn pw, void *pw_ud, sslite_error *err)
{
    mbed_ctx *c = bctx;
    mbed_keycert *kc = NULL;
    unsigned char *certbuf = NULL, *keybuf = NULL;
    size_t certlen = 0, keylen = 0;
    char password[1024];
    int ret = 0, n;

    kc = sslite__calloc(1, sizeof(*kc));
    SSLITE_GUARD_PTR(kc, err);
    mbedtls_x509_crt_init(&kc->crt);
    mbedtls_pk_init(&kc->pk);

    SSLITE_GUARD(terminated_copy(cert, cert_len, &certbuf, &certlen, err));
    if (key != NULL)
        SSLITE_GUARD(terminated_copy(key, key_len, &keybuf, &keylen, err));
    n = mbedtls_x509_crt_parse(&kc->crt, certbuf, certlen);
    if (n < 0 || kc->crt.raw.p == NULL) {
        ret = sslite__mbedtls_load_error(err, n < 0 ? n : MBEDTLS_ERR_X509_INVALID_FORMAT,
                                         SSLITE__LOAD_CERT, SSLITE__WHERE);
        goto out;
    }
    /* The key: keyfile, or the certificate file when there is none.  Try
     * without a password first; ask for one only if the key is encrypted. */
    {
        const unsigned char *kb = keybuf ? keybuf : certbuf;
        size_t kl = keybuf ? keylen : certlen;
        n = mbedtls_pk_parse_key(&kc->pk, kb, kl, NULL, 0, sslite__mbedtls_rng, NULL);
        if (n == MBEDTLS_ERR_PK_PASSWORD_REQUIRED || n == MBEDTLS_ERR_PK_PASSWORD_MISMATCH) {
            int plen = pw(pw_ud, password, sizeof(password));
            if (plen < 0) {
                if (err->type == SSLITE_OK)
                    ret = sslite__mbedtls_load_error(err, MBEDTLS_ERR_PK_PASSWORD_REQUIRED,
                                                     SSLITE__LOAD_KEY, SSLITE__WHERE);
                else
                    ret = err->type;
                goto out;
            }
            mbedtls_pk_free(&kc->pk);
            mbedtls_pk_init(&kc->pk);
            n = mbedtls_pk_parse_key(&kc->pk, kb, kl, (const unsigned char *)password,
                                     (size_t)plen, sslite__mbedtls_rng, NULL);
            mbedtls_platform_zeroize(password, sizeof(password));
        }
        if (n != 0) {
            ret = sslite__mbedtls_load_error(err, n, SSLITE__LOAD_KEY, SSLITE__WHERE);
            goto out;
        }
    }
    n = mbedtls_pk_check_pair(&kc->crt.pk, &kc->pk, sslite__mbedtls_rng, NULL);
    if (n != 0) {
        ret = sslite__mbedtls_load_error(err, mbedtls_pk_get_type(&kc->crt.pk) !=
                                                      mbedtls_pk_get_type(&kc->pk)
                                                  ? MBEDTLS_ERR_PK_TYPE_MISMATCH
                                                  : MBEDTLS_ERR_PK_BAD_INPUT_DATA,
                                         SSLITE__LOAD_MISMATCH, SSLITE__WHERE);
        goto out;
    }
    kc->next = c->keycerts;
    c->keycerts = kc;
    c->conf_keycerts = sslite__mbedtls_conf_keycerts;
    kc = NULL;
out:
    if (kc != NULL) {
        mbedtls_x509_crt_free(&kc->crt);
        mbedtls_pk_free(&kc->pk);
        sslite__free(kc);
    }
    wipe_free(certbuf, cert_len + 1); /* the copies' sizes */
    wipe_free(keybuf, key_len + 1);
    return ret;
}

/* ---------------------------------------------------------------- trust store */

/* The lazy trust store is truststore.c's (files: truststore_files.c). */

static int be_ctx_load_ca_file(void *bctx, const char *path, sslite_error *err)
{
    return sslite__store_load_file(&((mbed_ctx *)bctx)->store, path, err);
}

static int be_ctx_load_ca_path(void *bctx, const char *path, sslite_error *err)
{
    return sslite__store_load_path(&((mbed_ctx *)bctx)->store, path, err);
}

static int be_ctx_load_ca_data(void *bctx, const void *data, size_t len, int der,
                               sslite_error *err)
{
    return sslite__store_load_data(&((mbed_ctx *)bctx)->store, data, len, der, err);
}

static int be_ctx_ca_count(void *bctx, int *x509, int *x509_ca, int *crl)
{
    sslite__store_count(&((mbed_ctx *)bctx)->store, x509, x509_ca, crl);
    return 0;
}

static int be_ctx_ca_each(void *bctx, int (*fn)(void *, const unsigned char *, size_t), void *ud)
{
    return sslite__store_each(&((mbed_ctx *)bctx)->store, fn, ud);
}

/* The trust store a configuration verifies with: Mbed TLS asks
 * truststore.c for issuers, or (an Mbed TLS without that callback) gets
 * them all parsed in one list. */
static int conf_trust(mbed_conf *mc, mbed_ctx *c, unsigned long verify_flags)
{
#if defined(MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK)
    (void)verify_flags;
    mbedtls_ssl_conf_ca_cb(&mc->conf, sslite__store_ca_cb, &c->store);
    return 0;
#else
    mbedtls_x509_crt *full = sslite__store_full_chain(&c->store);
    static mbedtls_x509_crt empty; /* an empty list: verify, find nothing */
    /* CRLs are consulted only when the flags ask (OpenSSL's rule). */
    mbedtls_ssl_conf_ca_chain(&mc->conf, full != NULL ? full : &empty,
                              (verify_flags & SSLITE_VERIFY_CRL_CHECK_LEAF) && c->store.ncrl
                                  ? &c->store.crl
                                  : NULL);
    return 0;
#endif
}

/* ---------------------------------------------------------------- config */


static int same_name(const mbedtls_x509_buf *a, const mbedtls_x509_buf *b)
{
    return a->len == b->len && memcmp(a->p, b->p, a->len) == 0;
}

/* OpenSSL's automatic chain: a certificate loaded without its issuers is
 * sent with the chain built from the context's trust store, up to and
 * including the root (SSL_MODE_NO_AUTO_CHAIN is off by default), so a
 * peer's get_unverified_chain() lists them.  NULL when the certificate
 * came with a chain, has no issuer in the store, or on a failure (the
 * bare certificate is sent then, as OpenSSL does when building fails). */
static mbedtls_x509_crt *auto_chain(const mbedtls_x509_crt *leaf, sslite_mbed_store *store)
{
    mbedtls_x509_crt *chain;
    const mbedtls_x509_crt *cur;
    int n = 0, ok = 1;

    if (leaf->next != NULL && leaf->next->raw.p != NULL)
        return NULL;
    chain = sslite__calloc(1, sizeof(*chain));
    if (chain == NULL)
        return NULL;
    mbedtls_x509_crt_init(chain);
    if (mbedtls_x509_crt_parse_der(chain, leaf->raw.p, leaf->raw.len) != 0)
        ok = 0;
    /* Issuer by name, as OpenSSL's lookup (capath included); a
     * self-issued certificate ends the chain; the depth bound also stops
     * a loop of cross-signed CAs.  cur is the copy last added. */
    for (cur = chain; ok && n < 10 && !same_name(&cur->issuer_raw, &cur->subject_raw); n++) {
        const mbedtls_x509_crt *found[8], *issuer = NULL;
        sslite_mbed_lease lease;
        int k;

        sslite__lease_init(&lease, store);
        k = sslite__store_lookup(&lease, cur->issuer_raw.p, cur->issuer_raw.len, found, 8);
        for (int i = 0; i < k && issuer == NULL; i++)
            if (found[i]->ca_istrue && same_name(&cur->issuer_raw, &found[i]->subject_raw))
                issuer = found[i];
        if (issuer == NULL || mbedtls_x509_crt_parse_der(chain, issuer->raw.p, issuer->raw.len) != 0)
            ok = 0;
        sslite__lease_release(&lease);
        if (ok)
            cur = cur->next;
    }
    if (n > 0 && chain->next != NULL)
        return chain;
    mbedtls_x509_crt_free(chain);
    sslite__free(chain);
    return NULL;
}

/* The certificates a context offers: as OpenSSL keeps one certificate per
 * key type (an RSA and an ECDSA one, say, each load_cert_chain() of a type
 * replacing the last), the newest of each type, newest first.  Mbed TLS
 * picks, per handshake, the first that suits the suite and signature
 * algorithms.  Into a configuration (mc, with the automatic chains from the
 * trust store ca) or a handshake (ssl, from the SNI callback: the chains as
 * loaded, since the handshake could not own built ones). */
int sslite__mbedtls_conf_keycerts(mbed_conf *mc, mbedtls_ssl_context *ssl, mbed_keycert *list,
                                  sslite_mbed_store *ca)
{
    mbedtls_pk_type_t seen[8];
    size_t nseen = 0, i;
    mbed_keycert *kc;

    for (kc = list; kc != NULL && nseen < sizeof(seen) / sizeof(seen[0]); kc = kc->next) {
        mbedtls_pk_type_t t = mbedtls_pk_get_type(&kc->pk);
        mbedtls_x509_crt *crt = &kc->crt;
        int r;
        for (i = 0; i < nseen && seen[i] != t; i++)
            ;
        if (i < nseen)
            continue;
        if (mc != NULL && ca != NULL) {
            mc->auto_chains[nseen] = auto_chain(&kc->crt, ca);
            if (mc->auto_chains[nseen] != NULL)
                crt = mc->auto_chains[nseen];
        }
        seen[nseen++] = t;
        r = mc != NULL ? mbedtls_ssl_conf_own_cert(&mc->conf, crt, &kc->pk)
                       : mbedtls_ssl_set_hs_own_cert(ssl, crt, &kc->pk);
        if (r != 0)
            return r;
    }
    return 0;
}

/* TLS 1.3 key exchange modes.  By default psk_dhe_ke only, as OpenSSL:
 * resumption always does a fresh (EC)DHE.  OP_ALLOW_NO_DHE_KEX adds psk_ke;
 * a client then asks for psk_ke alone, since Mbed TLS's server (like
 * OpenSSL's) picks psk_dhe_ke whenever the client offers it. */
static void conf_tls13_kex_modes(mbed_conf *mc, const sslite_bconf_params *p)
{
#if defined(MBEDTLS_SSL_PROTO_TLS1_3)
    int modes = MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_EPHEMERAL |
                MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_PSK_EPHEMERAL;

    if (p->allow_no_dhe_kex)
        modes = SERVES(p->server_side) ? MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_ALL
                               : (MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_EPHEMERAL |
                                  MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_PSK);
    mbedtls_ssl_conf_tls13_key_exchange_modes(&mc->conf, modes);
#else
    (void)mc;
    (void)p;
#endif
}

#if defined(MBEDTLS_SSL_MAX_FRAGMENT_LENGTH)
/* max_fragment_length's code (RFC 6066).  0 is the default: none, or, in a
 * build whose input buffer is smaller than a full record (record_in_len),
 * the largest length it holds, so peers that honour the extension send
 * records this build can take. */
static unsigned char mfl_code(int len)
{
    if (len == 0)
        len = MBEDTLS_SSL_IN_CONTENT_LEN >= 16384 ? 16384
              : MBEDTLS_SSL_IN_CONTENT_LEN >= 4096 ? 4096
              : MBEDTLS_SSL_IN_CONTENT_LEN >= 2048 ? 2048
              : MBEDTLS_SSL_IN_CONTENT_LEN >= 1024 ? 1024 : 512;
    switch (len) {
    case 512: return MBEDTLS_SSL_MAX_FRAG_LEN_512;
    case 1024: return MBEDTLS_SSL_MAX_FRAG_LEN_1024;
    case 2048: return MBEDTLS_SSL_MAX_FRAG_LEN_2048;
    case 4096: return MBEDTLS_SSL_MAX_FRAG_LEN_4096;
    default: return MBEDTLS_SSL_MAX_FRAG_LEN_NONE;
    }
}
#endif

static int build_conf(mbed_ctx *c, const sslite_bconf_params *p, mbed_conf **out,
                      sslite_error *err)
{
    mbed_conf *mc = sslite__calloc(1, sizeof(*mc));
    size_t i, n = 0;
    int ret = 0, r, authmode;

    SSLITE_GUARD_PTR(mc, err);
    mc->refs = 1;
    mc->generation = p->generation;
    mc->server_side = p->server_side;
    mc->verify_mode = p->verify_mode;
    mc->verify_flags = p->verify_flags;
    mc->check_hostname = p->check_hostname;
    mc->hostname_checks_common_name = p->hostname_checks_common_name;
    mbedtls_ssl_config_init(&mc->conf);
    r = mbedtls_ssl_config_defaults(&mc->conf,
                                    SERVES(p->server_side) ? MBEDTLS_SSL_IS_SERVER
                                                           : MBEDTLS_SSL_IS_CLIENT,
                                    MBEDTLS_SSL_TRANSPORT_STREAM, MBEDTLS_SSL_PRESET_DEFAULT);
    if (r != 0) {
        ret = sslite__mbedtls_error(err, r, -1, SSLITE__WHERE);
        goto out;
    }
    mbedtls_ssl_conf_rng(&mc->conf, sslite__mbedtls_rng, NULL);

    if (p->min_version > p->max_version) {
        mc->no_protocols = 1;
        mbedtls_ssl_conf_min_tls_version(&mc->conf, (mbedtls_ssl_protocol_version)p->max_version);
    } else {
        mbedtls_ssl_conf_min_tls_version(&mc->conf, (mbedtls_ssl_protocol_version)p->min_version);
    }
    mbedtls_ssl_conf_max_tls_version(&mc->conf, (mbedtls_ssl_protocol_version)p->max_version);

    /* Python's verify modes on Mbed TLS's: a client's CERT_OPTIONAL is
     * CERT_REQUIRED; a server's CERT_OPTIONAL asks for a certificate and
     * aborts on a bad one (the verify callback enforces that, since Mbed
     * TLS's own "optional" would accept it). */
    if (p->verify_mode == SSLITE_CERT_NONE)
        authmode = MBEDTLS_SSL_VERIFY_NONE;
    else if (SERVES(p->server_side)) /* REQUIRED's missing certificate: handshake_steps */
        authmode = MBEDTLS_SSL_VERIFY_OPTIONAL;
    else
        authmode = MBEDTLS_SSL_VERIFY_REQUIRED;
    mbedtls_ssl_conf_authmode(&mc->conf, authmode);
    conf_tls13_kex_modes(mc, p);
#if defined(MBEDTLS_SSL_SRV_C)
    /* The certificate-selection hook runs on every handshake, SNI or not,
     * which is when CPython calls sni_callback. */
    mc->sni_callback = p->sni_callback;
    if (p->server_side && (p->sni_callback || p->nalpn > 0))
        mbedtls_ssl_conf_cert_cb(&mc->conf, sslite__mbedtls_server_cert_cb);
#endif
    (void)conf_trust(mc, c, p->verify_flags);
    r = c->keycerts != NULL ? c->conf_keycerts(mc, NULL, c->keycerts, &c->store) : 0;
    if (r != 0) {
        ret = sslite__mbedtls_error(err, r, -1, SSLITE__WHERE);
        goto out;
    }

    mc->suites = sslite__calloc(p->nsuites + 1, sizeof(int));
    SSLITE_GUARD_PTR(mc->suites, err);
    for (i = 0; i < p->nsuites; i++)
        if (mbedtls_ssl_ciphersuite_from_id(p->suites[i]) != NULL)
            mc->suites[n++] = p->suites[i];
    mc->suites[n] = 0;
    mbedtls_ssl_conf_ciphersuites(&mc->conf, mc->suites);

    /* set_ecdh_curve: Mbed TLS's group ids are the IANA numbers. */
    if (p->ngroups > 0) {
        mc->groups = sslite__calloc(p->ngroups + 1, sizeof(uint16_t));
        SSLITE_GUARD_PTR(mc->groups, err);
        memcpy(mc->groups, p->groups, p->ngroups * sizeof(uint16_t));
        mc->groups[p->ngroups] = MBEDTLS_SSL_IANA_TLS_GROUP_NONE;
        mbedtls_ssl_conf_groups(&mc->conf, mc->groups);
    }
#if defined(MBEDTLS_DHM_C) && defined(MBEDTLS_SSL_SRV_C)
    /* Replaces Mbed TLS's built-in group; the conf keeps its own copy. */
    if (p->server_side && c->dhm_loaded) {
        r = mbedtls_ssl_conf_dh_param_ctx(&mc->conf, &c->dhm);
        if (r != 0) {
            ret = sslite__mbedtls_error(err, r, -1, SSLITE__WHERE);
            goto out;
        }
    }
#endif

#if defined(MBEDTLS_SSL_ALPN)
    if (p->nalpn > 0) {
        mc->alpn = sslite__calloc(p->nalpn + 1, sizeof(char *));
        SSLITE_GUARD_PTR(mc->alpn, err);
        for (i = 0; i < p->nalpn; i++)
            SSLITE_GUARD_PTR(mc->alpn[i] = sslite__strdup(p->alpn[i]), err);
        /* A server picks for itself (select_alpn): Mbed TLS's own choice
         * aborts the handshake when nothing matches, OpenSSL's goes on. */
        r = SERVES(p->server_side)
                ? 0
                : mbedtls_ssl_conf_alpn_protocols(&mc->conf, (const char **)(void *)mc->alpn);
        if (r != 0) {
            ret = sslite__mbedtls_error(err, r, -1, SSLITE__WHERE);
            goto out;
        }
    }
#endif

#if defined(MBEDTLS_SSL_MAX_FRAGMENT_LENGTH)
    r = mbedtls_ssl_conf_max_frag_len(&mc->conf, mfl_code(p->max_fragment_length));
    if (r != 0) {
        ret = sslite__mbedtls_error(err, r, -1, SSLITE__WHERE);
        goto out;
    }
#endif

#if defined(MBEDTLS_SSL_SESSION_TICKETS)
    if (!SERVES(p->server_side)) {
        mbedtls_ssl_conf_session_tickets(&mc->conf, p->tickets ? MBEDTLS_SSL_SESSION_TICKETS_ENABLED
                                                               : MBEDTLS_SSL_SESSION_TICKETS_DISABLED);
#if defined(MBEDTLS_SSL_PROTO_TLS1_3)
        /* Keep TLS 1.3 tickets (Mbed TLS drops them unless asked), so the
         * session is resumable as with OpenSSL; be_conn_read skips the
         * signal. */
        mbedtls_ssl_conf_tls13_enable_signal_new_session_tickets(
            &mc->conf, p->tickets ? MBEDTLS_SSL_TLS1_3_SIGNAL_NEW_SESSION_TICKETS_ENABLED
                                  : MBEDTLS_SSL_TLS1_3_SIGNAL_NEW_SESSION_TICKETS_DISABLED);
#endif
    }
#if defined(MBEDTLS_SSL_TICKET_C) && defined(MBEDTLS_SSL_SRV_C)
    else if (p->tickets) {
        if (!c->ticket_ready) {
            r = mbedtls_ssl_ticket_setup(&c->ticket, sslite__mbedtls_rng, NULL,
                                         MBEDTLS_CIPHER_AES_256_GCM, 7200);
            if (r != 0) {
                ret = sslite__mbedtls_error(err, r, -1, SSLITE__WHERE);
                goto out;
            }
            c->ticket_ready = 1;
        }
        mbedtls_ssl_conf_session_tickets_cb(&mc->conf, mbedtls_ssl_ticket_write,
                                            mbedtls_ssl_ticket_parse, &c->ticket);
#if defined(MBEDTLS_SSL_PROTO_TLS1_3)
        mbedtls_ssl_conf_new_session_tickets(&mc->conf, (uint16_t)p->num_tickets);
#endif
    }
#if defined(MBEDTLS_SSL_PROTO_TLS1_3)
    else {
        mbedtls_ssl_conf_new_session_tickets(&mc->conf, 0);
    }
#endif
#endif
#endif
#if defined(MBEDTLS_SSL_CACHE_C) && defined(MBEDTLS_SSL_SRV_C)
    if (p->server_side)
        mbedtls_ssl_conf_session_cache(&mc->conf, &c->cache, mbedtls_ssl_cache_get,
                                       mbedtls_ssl_cache_set);
#endif
    *out = mc;
    mc = NULL;
out:
    conf_unref(mc);
    return ret;
}

/* The snapshot for these settings: reuse the current one if its generation
 * matches, else build a new one.  Called under the context's lock. */
static int get_conf(mbed_ctx *c, const sslite_bconf_params *p, mbed_conf **out,
                    sslite_error *err)
{
    mbed_conf **slot = &c->confs[SERVES(p->server_side) ? 1 : 0];
    int ret;

    if (*slot == NULL || (*slot)->generation != p->generation) {
        mbed_conf *fresh = NULL;
        ret = build_conf(c, p, &fresh, err);
        if (ret < 0)
            return ret;
        conf_unref(*slot);
        *slot = fresh;
    }
    __atomic_add_fetch(&(*slot)->refs, 1, __ATOMIC_ACQ_REL);
    *out = *slot;
    return 0;
}

/* ---------------------------------------------------------------- connection */

/* sniff, mbed_conn: backend_state.h */

#if SSLITE_WITH_KEYLOG
/* Mbed TLS's key export hook: name each secret with its NSS key log label
 * and hand it to lib/ (keylog_filename).  The TLS 1.3 EXPORTER_SECRET, which
 * OpenSSL logs too, comes from our Mbed TLS patch. */
static void keylog_cb(void *p, mbedtls_ssl_key_export_type type, const unsigned char *secret,
                      size_t len, const unsigned char client_random[32],
                      const unsigned char server_random[32], mbedtls_tls_prf_types prf)
{
    mbed_conn *c = p;
    const char *label = NULL;

    (void)server_random;
    (void)prf;
    switch (type) {
#if defined(MBEDTLS_SSL_PROTO_TLS1_2)
    case MBEDTLS_SSL_KEY_EXPORT_TLS12_MASTER_SECRET: label = "CLIENT_RANDOM"; break;
#endif
#if defined(MBEDTLS_SSL_PROTO_TLS1_3)
    case MBEDTLS_SSL_KEY_EXPORT_TLS1_3_CLIENT_EARLY_SECRET:
        label = "CLIENT_EARLY_TRAFFIC_SECRET";
        break;
    case MBEDTLS_SSL_KEY_EXPORT_TLS1_3_CLIENT_HANDSHAKE_TRAFFIC_SECRET:
        label = "CLIENT_HANDSHAKE_TRAFFIC_SECRET";
        break;
    case MBEDTLS_SSL_KEY_EXPORT_TLS1_3_SERVER_HANDSHAKE_TRAFFIC_SECRET:
        label = "SERVER_HANDSHAKE_TRAFFIC_SECRET";
        break;
    case MBEDTLS_SSL_KEY_EXPORT_TLS1_3_CLIENT_APPLICATION_TRAFFIC_SECRET:
        label = "CLIENT_TRAFFIC_SECRET_0";
        break;
    case MBEDTLS_SSL_KEY_EXPORT_TLS1_3_SERVER_APPLICATION_TRAFFIC_SECRET:
        label = "SERVER_TRAFFIC_SECRET_0";
        break;
#endif
#if defined(MBEDTLS_SSL_SSLITE_EXPORTER_SECRET)
    case MBEDTLS_SSL_KEY_EXPORT_TLS1_3_EXPORTER_SECRET: label = "EXPORTER_SECRET"; break;
#endif
    default: break;
    }
    if (label != NULL && c->keylog != NULL)
        c->keylog(c->sni_owner, label, client_random, secret, len);
}
#endif

/* The server side's certificate-selection hook (SNI callback, ALPN):
 * server.c, in builds with a server side. */

static void sniff_add(sniff *s, const unsigned char *buf, size_t len)
{
    size_t room = SNIFF_MAX - s->len;
    if (len > room)
        len = room;
    memcpy(s->buf + s->len, buf, len);
    s->len += len;
}

static int bio_send(void *p, const unsigned char *buf, size_t len)
{
    mbed_conn *c = p;
    sslite_ssize_t n = c->tr.send(c->tr.io, buf, len);

    if (n == SSLITE_IO_WOULD_BLOCK)
        return MBEDTLS_ERR_SSL_WANT_WRITE;
    if (n < 0) {
        c->io_errno = errno ? errno : EIO;
#if defined(MBEDTLS_SSL_PROTO_TLS1_3) && defined(MBEDTLS_SSL_SESSION_TICKETS)
        /* A client may close right after its Finished without reading the
         * NewSessionTickets: as OpenSSL, drop them and let the handshake
         * succeed, so the server's next read reports the EOF. */
        if ((c->io_errno == EPIPE || c->io_errno == ECONNRESET) &&
            (c->ssl.state == MBEDTLS_SSL_TLS1_3_NEW_SESSION_TICKET ||
             c->ssl.state == MBEDTLS_SSL_TLS1_3_NEW_SESSION_TICKET_FLUSH))
            return (int)len;
#endif
        /* A peer that rejects our handshake closes while we still write
         * our flight (Mbed TLS sends it message by message, OpenSSL in one
         * write): count it as sent, so that the next read reports the
         * peer's alert, or its EOF, as OpenSSL would. */
        if ((c->io_errno == EPIPE || c->io_errno == ECONNRESET) &&
            !mbedtls_ssl_is_handshake_over(&c->ssl) && c->in.len > 0)
            return (int)len;
        /* (A peer gone before it said anything: CPython's BrokenPipeError.) */
        return MBEDTLS_ERR_NET_SEND_FAILED;
    }
    if (!mbedtls_ssl_is_handshake_over(&c->ssl))
        sniff_add(&c->out, buf, (size_t)n);
    return (int)n;
}

static int bio_recv(void *p, unsigned char *buf, size_t len)
{
    mbed_conn *c = p;
    sslite_ssize_t n = c->tr.recv(c->tr.io, buf, len);

    if (n == SSLITE_IO_WOULD_BLOCK) {
        c->starved = 1;
        return MBEDTLS_ERR_SSL_WANT_READ;
    }
    if (n < 0) {
        c->io_errno = errno ? errno : EIO;
        return MBEDTLS_ERR_NET_RECV_FAILED;
    }
    if (n > 0 && !mbedtls_ssl_is_handshake_over(&c->ssl))
        sniff_add(&c->in, buf, (size_t)n);
    return (int)n; /* 0: EOF, which Mbed TLS reports as CONN_EOF */
}

/* Locate the hello (handshake type `type`) at the start of a sniffed
 * stream; returns its body or NULL. */
static const unsigned char *hello_body(const sniff *s, int type, size_t *blen)
{
    size_t rlen, hlen;
    if (s->len < 9 || s->buf[0] != 22 || s->buf[5] != type)
        return NULL;
    rlen = ((size_t)s->buf[3] << 8) | s->buf[4];
    hlen = ((size_t)s->buf[6] << 16) | ((size_t)s->buf[7] << 8) | s->buf[8];
    if (hlen + 4 > rlen)
        hlen = rlen - 4; /* a fragmented hello: what we have */
    if (9 + hlen > s->len)
        hlen = s->len - 9;
    *blen = hlen;
    return s->buf + 9;
}

static int be_conn_client_hello(const void *bconn, const unsigned char **buf, size_t *len)
{
    const mbed_conn *c = bconn;
    if (!SERVES(c->conf->server_side) || c->in.len == 0)
        return 0;
    *buf = c->in.buf;
    *len = c->in.len;
    return 1;
}

/* Resumed?  TLS 1.3: the ServerHello carries pre_shared_key (41).  TLS 1.2:
 * the ServerHello echoes the non-empty session id the ClientHello offered. */
static int detect_resumed(const mbed_conn *c)
{
    const sniff *ch_s = SERVES(c->conf->server_side) ? &c->in : &c->out;
    const sniff *sh_s = SERVES(c->conf->server_side) ? &c->out : &c->in;
    const unsigned char *ch, *sh, *p, *end;
    size_t chl, shl, sidl;

    ch = hello_body(ch_s, 1, &chl);
    sh = hello_body(sh_s, 2, &shl);
    if (ch == NULL || sh == NULL || chl < 35 || shl < 35)
        return 0;
#if defined(MBEDTLS_SSL_PROTO_TLS1_2)
    if (mbedtls_ssl_get_version_number(&c->ssl) != MBEDTLS_SSL_VERSION_TLS1_3) {
        sidl = sh[34];
        return sidl > 0 && ch[34] == sidl && chl >= 35 + sidl && shl >= 35 + sidl &&
               memcmp(ch + 35, sh + 35, sidl) == 0;
    }
#endif
    /* version(2) random(32) sid(1+n) suite(2) comp(1) extlen(2) exts */
    p = sh + 34;
    end = sh + shl;
    sidl = *p++;
    p += sidl + 3;
    if (p + 2 > end)
        return 0;
    p += 2;
    while (p + 4 <= end) {
        unsigned et = ((unsigned)p[0] << 8) | p[1];
        size_t el = ((size_t)p[2] << 8) | p[3];
        if (et == 41)
            return 1;
        p += 4 + el;
    }
    return 0;
}

/* The trust-store certificates of the chain Mbed TLS verified are its
 * copies, freed when verification returns; get_verified_chain() reads
 * them later.  Point at the store's own, pinned for the connection's
 * life.  leaf heads the chain the peer sent. */
static void keep_verified_chain(mbed_conn *c, const mbedtls_x509_crt *leaf)
{
    sslite_mbed_vrfy *v = &c->vrfy;

    for (int d = 1; d < v->depth_seen; d++) {
        const mbedtls_x509_crt *p = leaf, *t = v->crt[d], *found[SSLITE_TRUST_MAX_CANDIDATES];
        int n;
        while (p != NULL && p != t)
            p = p->next;
        if (p != NULL || t == NULL)
            continue; /* sent by the peer: it lives in the session */
        v->crt[d] = NULL;
        if (c->chain_lease.store == NULL)
            sslite__lease_init(&c->chain_lease, &c->ctx->store);
        n = sslite__store_lookup(&c->chain_lease, t->subject_raw.p, t->subject_raw.len, found,
                                 SSLITE_TRUST_MAX_CANDIDATES);
        for (int i = 0; i < n; i++)
            if (found[i]->raw.len == t->raw.len &&
                memcmp(found[i]->raw.p, t->raw.p, t->raw.len) == 0)
                v->crt[d] = found[i];
    }
}

/* Mbed TLS's verify callback: called for each certificate of the chain,
 * root first, leaf (depth 0) last.  Records the flags; at the leaf runs
 * sslite's own hostname check (lib/hostname.c, OpenSSL's rules) in place
 * of Mbed TLS's, then picks the OpenSSL verify code. */
static int verify_cb(void *p, mbedtls_x509_crt *crt, int depth, uint32_t *flags)
{
    mbed_conn *c = p;
    sslite_mbed_vrfy *v = &c->vrfy;

    if (depth >= 0 && depth < SSLITE_MBED_MAX_DEPTH) {
        int clock_known;
        (void)sslite__platform_time(&clock_known);
        /* An unset clock cannot say "not yet valid" (<sslite/platform.h>). */
        if (!clock_known)
            *flags &= ~(uint32_t)(MBEDTLS_X509_BADCERT_FUTURE | MBEDTLS_X509_BADCRL_FUTURE);
        v->flags[depth] = *flags;
        v->crt[depth] = crt;
        if (depth + 1 > v->depth_seen)
            v->depth_seen = depth + 1;
    }
    /* The decision is verify.c's; handshake_steps() aborts with OpenSSL's
     * code and alert, so Mbed TLS must not fail (or forgive) by itself. */
    *flags = 0;
    if (depth != 0)
        return 0;
    v->peer_is_server = !SERVES(c->conf->server_side);

    if (c->conf->check_hostname && c->hostname != NULL) {
        sslite_cert_names *names = sslite__mbedtls_cert_names(crt);
        if (names == NULL)
            return MBEDTLS_ERR_X509_ALLOC_FAILED;
        v->hostname_code = sslite__check_hostname(c->hostname, names,
                                                  c->conf->hostname_checks_common_name);
        sslite__free(names);
    }
    c->verify_code = sslite__mbedtls_verify_code(v, mbedtls_ssl_get_peer_cert(&c->ssl) ?
                                                        mbedtls_ssl_get_peer_cert(&c->ssl) : crt,
                                                 &c->ctx->store, c->verify_flags);
    if (c->verify_code == 0)
        keep_verified_chain(c, crt);
    return 0;
}

/* mbedtls_ssl_handshake() one step at a time: a failed verification
 * (verify_cb let Mbed TLS go on) stops right after the step that checked
 * the certificate, with the alert OpenSSL sends; this is also how a
 * server's CERT_OPTIONAL aborts on a bad certificate, as OpenSSL does. */
static int handshake_steps(mbed_conn *c)
{
    int r = 0;

    /* Up to HANDSHAKE_OVER exactly, as mbedtls_ssl_handshake(): a TLS 1.3
     * server's NewSessionTicket states lie past "handshake over", and
     * OpenSSL sends the tickets within the handshake (an SSLObject server
     * must have them in its outgoing BIO when do_handshake() returns). */
    while (c->ssl.state != MBEDTLS_SSL_HANDSHAKE_OVER) {
        int before = c->ssl.state;
        if (c->verify_code == 0) {
            /* Mbed TLS's trusted-CA callback has no connection argument:
             * tell it which store (an SNI callback may switch contexts). */
            sslite__store_set_current(&c->ctx->store);
            r = mbedtls_ssl_handshake_step(&c->ssl);
            sslite__store_set_current(NULL);
        }
        /* A server's CERT_REQUIRED and no client certificate: OpenSSL's
         * alert (certificate_required in TLS 1.3, Mbed TLS sends the old
         * no_certificate; handshake_failure in TLS 1.2, Mbed TLS none). */
        if (r == 0 && SERVES(c->conf->server_side) && c->verify_mode == SSLITE_CERT_REQUIRED &&
            before == MBEDTLS_SSL_CLIENT_CERTIFICATE && c->ssl.state != before &&
            c->ssl.session_negotiate != NULL && c->ssl.session_negotiate->peer_cert == NULL) {
            (void)mbedtls_ssl_send_alert_message(
                &c->ssl, MBEDTLS_SSL_ALERT_LEVEL_FATAL,
                mbedtls_ssl_get_version_number(&c->ssl) == MBEDTLS_SSL_VERSION_TLS1_2
                    ? MBEDTLS_SSL_ALERT_MSG_HANDSHAKE_FAILURE
                    : MBEDTLS_SSL_ALERT_MSG_CERT_REQUIRED);
            return MBEDTLS_ERR_SSL_NO_CLIENT_CERTIFICATE;
        }
        if (c->verify_code != 0) {
            if (!c->verify_alerted && (r == 0 || r == MBEDTLS_ERR_SSL_WANT_READ ||
                                       r == MBEDTLS_ERR_SSL_WANT_WRITE)) {
#if defined(MBEDTLS_SSL_PROTO_TLS1_3)
                /* A TLS 1.3 client still writes in the clear here (Mbed TLS
                 * switches keys only for its own Certificate): the server
                 * reads this alert under the handshake keys, as OpenSSL's
                 * client sends it. */
                if (!SERVES(c->conf->server_side) && c->ssl.transform_out == NULL &&
                    c->ssl.transform_in != NULL &&
                    mbedtls_ssl_get_version_number(&c->ssl) == MBEDTLS_SSL_VERSION_TLS1_3) {
                    /* transform_in is the handshake transform by now */
                    c->ssl.transform_out = c->ssl.transform_in;
                    memset(c->ssl.cur_out_ctr, 0, sizeof(c->ssl.cur_out_ctr));
                }
#endif
                (void)mbedtls_ssl_send_alert_message(&c->ssl, MBEDTLS_SSL_ALERT_LEVEL_FATAL,
                                                     (unsigned char)sslite__verify_alert(
                                                         c->verify_code));
            }
            c->verify_alerted = 1;
            return MBEDTLS_ERR_X509_CERT_VERIFY_FAILED;
        }
        if (r != 0)
            break;
#if defined(MBEDTLS_SSL_PROTO_TLS1_3) && defined(MBEDTLS_SSL_SRV_C)
        /* A TLS 1.3 server writes under its application keys once its
         * Finished is out (OpenSSL does; Mbed TLS waits for the client's
         * Finished): the client reads an alert about its certificate under
         * those keys. */
        if (c->conf->server_side && c->ssl.transform_application != NULL &&
            c->ssl.transform_out != c->ssl.transform_application &&
            !mbedtls_ssl_is_handshake_over(&c->ssl)) {
            c->ssl.transform_out = c->ssl.transform_application;
            memset(c->ssl.cur_out_ctr, 0, sizeof(c->ssl.cur_out_ctr));
        }
#endif
    }
    return r;
}

static void be_conn_free(void *bconn);

#if defined(MBEDTLS_SSL_SSLITE_MSG_CALLBACK)
static void msg_cb(void *p, int write, int version, int content_type, const unsigned char *buf,
                   size_t len)
{
    mbed_conn *c = p;
    c->msg(c->sni_owner, write, version, content_type, buf, len);
}
#endif

static int be_conn_setup(void *bconn, void *bctx, const sslite_bconf_params *conf,
                         const sslite_bconn_params *p, sslite_error *err)
{
    mbed_conn *c = bconn;
    int ret = 0, r;

    c->ctx = bctx;
    c->tr = *p->transport;
    c->hostname = p->server_hostname;
    c->hostname_is_ip = p->hostname_is_ip;
    c->resumed = -1;
    mbedtls_ssl_init(&c->ssl);
    c->set_up = 1;
    SSLITE_GUARD(get_conf(bctx, conf, &c->conf, err));
    if ((r = mbedtls_ssl_setup(&c->ssl, &c->conf->conf)) != 0) {
        ret = sslite__mbedtls_error(err, r, -1, SSLITE__WHERE);
        goto out;
    }
    mbedtls_ssl_set_bio(&c->ssl, c, bio_send, bio_recv, NULL);
#if defined(MBEDTLS_SSL_SSLITE_ZERO_COPY) && defined(MBEDTLS_PLATFORM_MEMORY)
    /* Zero-copy record I/O (mbedtls-bio-zero-copy.patch, after the
     * handshake only, whose bytes bio_send and bio_recv sniff) over a
     * transport that offers it.  Needs Mbed TLS allocating through
     * sslite__calloc: the transport frees the output buffers it adopts. */
    mbedtls_ssl_sslite_set_zero_copy(&c->ssl, c->tr.io, c->tr.view, c->tr.skip, c->tr.adopt);
#endif
    c->verify_mode = c->conf->verify_mode;
    c->verify_flags = c->conf->verify_flags;
    c->sni = p->sni;
    c->sni_owner = p->owner;
#if SSLITE_WITH_KEYLOG
    c->keylog = p->keylog;
    if (c->keylog != NULL)
        mbedtls_ssl_set_export_keys_cb(&c->ssl, keylog_cb, c);
#endif
    /* Always: an SNI callback may switch to a context that verifies. */
    mbedtls_ssl_set_verify(&c->ssl, verify_cb, c);
#if defined(MBEDTLS_SSL_SSLITE_PHA)
    mbedtls_ssl_sslite_set_post_handshake_auth(&c->ssl, p->post_handshake_auth);
#endif
#if defined(MBEDTLS_SSL_SSLITE_MSG_CALLBACK)
    c->msg = p->msg;
    if (c->msg != NULL)
        mbedtls_ssl_sslite_set_msg_callback(&c->ssl, msg_cb, c);
#endif
    if (!SERVES(conf->server_side)) {
        /* SNI for a name, none for an address (OpenSSL + CPython).  Setting
         * NULL also tells Mbed TLS that the name check is ours. */
        r = mbedtls_ssl_set_hostname(&c->ssl, c->hostname != NULL && !c->hostname_is_ip
                                                  ? c->hostname
                                                  : NULL);
        if (r != 0) {
            ret = sslite__mbedtls_error(err, r, -1, SSLITE__WHERE);
            goto out;
        }
#if defined(MBEDTLS_SSL_CLI_C)
        if (p->session != NULL) {
            /* A session that cannot be resumed just means a full handshake. */
            (void)mbedtls_ssl_set_session(&c->ssl, p->session);
        }
#endif
    }
out:
    /* Failed: release what was taken (the shared configuration's reference
     * too), as the engine frees a connection that never set up. */
    if (ret < 0)
        be_conn_free(c);
    return ret;
}

static void be_conn_free(void *bconn)
{
    mbed_conn *c = bconn;
    if (!c->set_up)
        return;
    mbedtls_ssl_free(&c->ssl);
    if (c->chain_lease.store != NULL)
        sslite__lease_release(&c->chain_lease);
    conf_unref(c->conf);
    c->set_up = 0;
}

static int received_alert(const mbed_conn *c)
{
    if (c->ssl.in_msg != NULL && c->ssl.in_msgtype == MBEDTLS_SSL_MSG_ALERT)
        return c->ssl.in_msg[1];
    return -1;
}

/* A TLS 1.3 client told that it stored a NewSessionTicket (we ask for the
 * signal to keep tickets): not an error, just call again. */
static int is_ticket_signal(int r)
{
#if defined(MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET)
    return r == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET;
#else
    (void)r;
    return 0;
#endif
}

/* An oversized record, named by the length in its header as OpenSSL 3.0
 * names it (CPython shows those reasons); NULL when the length is not the
 * problem.  OpenSSL's limits: its read buffer (16 KiB plus 320 bytes of
 * expansion, plus the header), the TLS 1.3 ciphertext limit (RFC 8446
 * 5.2: 2^14 + 256), and 2^14 for a record not yet protected. */
static const char *oversized_record(const mbed_conn *c)
{
    size_t len;

    if (c->ssl.in_hdr == NULL)
        return NULL;
    len = ((size_t)c->ssl.in_hdr[3] << 8) | c->ssl.in_hdr[4];
    if (len > 16384 + 320 + 3)
        return "PACKET_LENGTH_TOO_LONG";
    if (len > 16384 + 320 ||
        (len > 16384 + 256 && c->ssl.transform_in != NULL &&
         mbedtls_ssl_get_version_number(&c->ssl) == MBEDTLS_SSL_VERSION_TLS1_3))
        return "ENCRYPTED_LENGTH_TOO_LONG";
    if (len > 16384 && c->ssl.transform_in == NULL)
        return "DATA_LENGTH_TOO_LONG";
    if (len > 16384) /* protected: OpenSSL tries to decrypt it, and fails */
        return "DECRYPTION_FAILED_OR_BAD_RECORD_MAC";
    return NULL;
}

/* Map an Mbed TLS result of handshake/read/write to sslite's errors. */
static int fail(mbed_conn *c, int r, sslite_error *err)
{
    /* The I/O outcomes as one call (smaller code for small clients). */
    const char *library = NULL, *reason = NULL, *text = NULL;
    int type = 0;

    if (c->sni_failed) {
        type = SSLITE_ERR_SSL;
        library = "SSL";
        reason = "CALLBACK_FAILED";
    } else {
        switch (r) {
        case MBEDTLS_ERR_SSL_WANT_READ:
            type = SSLITE_ERR_WANT_READ;
            text = "The operation did not complete (read)";
            break;
        case MBEDTLS_ERR_SSL_WANT_WRITE:
            type = SSLITE_ERR_WANT_WRITE;
            text = "The operation did not complete (write)";
            break;
        case MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY:
            type = SSLITE_ERR_ZERO_RETURN;
            text = "TLS/SSL connection has been closed (EOF)";
            break;
        case MBEDTLS_ERR_SSL_CONN_EOF:
            library = "SSL";
            reason = "UNEXPECTED_EOF_WHILE_READING";
            type = SSLITE_ERR_EOF;
            text = "EOF occurred in violation of protocol";
            break;
        case MBEDTLS_ERR_NET_RECV_FAILED:
            /* A reset read is an EOF to CPython on OpenSSL (SSL_ERROR_SYSCALL
             * with no error queued): SSLEOFError without a reason, which
             * suppress_ragged_eofs also hides. */
            if (c->io_errno != ECONNRESET)
                return sslite__err_os(err, c->io_errno);
            type = SSLITE_ERR_EOF;
            text = "EOF occurred in violation of protocol";
            break;
        case MBEDTLS_ERR_NET_SEND_FAILED:
            return sslite__err_os(err, c->io_errno);
        default:
            break;
        }
    }
    if (type != 0)
        return sslite__err_ssl(err, type, library, reason, text, SSLITE__WHERE);
    if (c->verify_code != 0)
        return sslite__err_verify(err, c->verify_code, c->hostname, SSLITE__WHERE);
    /* Mbed TLS refuses an overlong record in several places (header
     * check, "more than fits" when fetching it, a failed decryption). */
    if (r == MBEDTLS_ERR_SSL_INVALID_RECORD || r == MBEDTLS_ERR_SSL_BAD_INPUT_DATA ||
        r == MBEDTLS_ERR_SSL_INVALID_MAC) {
        const char *why = oversized_record(c);
        if (why != NULL)
            return sslite__err_ssl(err, SSLITE_ERR_SSL, "SSL", why, NULL, SSLITE__WHERE);
    }
    /* A TLS 1.3 peer may send its handshake-time alert in the clear (an
     * OpenSSL client rejecting our certificate does): Mbed TLS fails to
     * decrypt it; OpenSSL reads it.  Report the alert. */
    if (r == MBEDTLS_ERR_SSL_INVALID_MAC && c->ssl.in_hdr != NULL &&
        c->ssl.in_hdr[0] == MBEDTLS_SSL_MSG_ALERT && c->ssl.in_hdr[3] == 0 &&
        c->ssl.in_hdr[4] == 2 && c->ssl.in_hdr[5] == MBEDTLS_SSL_ALERT_LEVEL_FATAL) {
        c->peer_alerted = 1;
        return sslite__mbedtls_error(err, MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE, c->ssl.in_hdr[6],
                                     SSLITE__WHERE);
    }
#if defined(MBEDTLS_SSL_SSLITE_PHA)
    /* A Certificate whose context is not the request's: OpenSSL's reason. */
    if (r == MBEDTLS_ERR_SSL_DECODE_ERROR &&
        (c->ssl.sslite_pha & MBEDTLS_SSL_SSLITE_PHA_BAD_CONTEXT))
        return sslite__err_ssl(err, SSLITE_ERR_SSL, "SSL", "INVALID_CONTEXT", NULL, SSLITE__WHERE);
#endif
    if (r == MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE)
        c->peer_alerted = 1;
    return sslite__mbedtls_error(err, r, r == MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE
                                             ? received_alert(c) : -1,
                                 SSLITE__WHERE);
}

static int be_conn_handshake(void *bconn, sslite_error *err)
{
    mbed_conn *c = bconn;
    int r;

    if (c->conf->no_protocols)
        return sslite__err_ssl(err, SSLITE_ERR_SSL, "SSL", "NO_PROTOCOLS_AVAILABLE",
                               NULL, SSLITE__WHERE);
    do
        r = handshake_steps(c);
    while (is_ticket_signal(r));
    if (r != 0)
        return fail(c, r, err);
    if (c->resumed < 0)
        c->resumed = detect_resumed(c);
    return 0;
}

/* mbedtls_ssl_read, but a TLS 1.3 client takes a NewSessionTicket in even
 * while a record of ours is still queued.  Mbed TLS holds the ticket for a
 * handshake step, and every step first flushes queued output: with the
 * transport full the read would want-write, and a server that waits to
 * finish sending its tickets before it reads again would never drain it —
 * a deadlock (OpenSSL's SSL_read takes post-handshake messages in without
 * flushing).  Taking a ticket in writes nothing, so the queue is hidden
 * from that one step and put back after it. */
static int ssl_read(mbed_conn *c, unsigned char *buf, size_t len)
{
#if defined(MBEDTLS_SSL_PROTO_TLS1_3) && defined(MBEDTLS_SSL_SESSION_TICKETS) &&            \
    defined(MBEDTLS_SSL_CLI_C)
    size_t queued = c->ssl.out_left;
    unsigned char *hdr = c->ssl.out_hdr;
    int r;

    if (queued == 0 || c->ssl.state != MBEDTLS_SSL_TLS1_3_NEW_SESSION_TICKET)
        return mbedtls_ssl_read(&c->ssl, buf, len);
    c->ssl.out_left = 0;
    r = mbedtls_ssl_read(&c->ssl, buf, len);
    /* Unless the step wrote after all (the fatal alert of a bad ticket,
     * which ends the connection anyway), the queue is as it was. */
    if (c->ssl.out_left == 0 && c->ssl.out_hdr == hdr)
        c->ssl.out_left = queued;
    return r;
#else
    return mbedtls_ssl_read(&c->ssl, buf, len);
#endif
}

#if defined(MBEDTLS_SSL_SSLITE_PHA) && defined(MBEDTLS_SSL_SRV_C)
static int flush_queued(mbed_conn *c);

static int pha_send_request(mbed_conn *c, int cert_required)
{
    int r;

    /* The answer's verification starts afresh: the chain it reports
     * points into the certificate the answer replaces. */
    memset(&c->vrfy, 0, sizeof(c->vrfy));
    c->verify_code = 0;
    c->verify_alerted = 0;
    r = mbedtls_ssl_sslite_tls13_request_client_cert(&c->ssl, cert_required);
    /* Sealed, perhaps still queued: it goes out with the next output. */
    return r == MBEDTLS_ERR_SSL_WANT_WRITE && c->ssl.out_left > 0 ? 0 : r;
}

/* A server's read while a client's answer may arrive: the trust store for
 * its verification (as in handshake_steps), and the answer judged as a
 * handshake's certificate is (verify_cb let Mbed TLS go on). */
static int pha_server_read(mbed_conn *c, unsigned char *buf, size_t len)
{
    int r;

    if (c->pha_owed && c->ssl.out_left == 0) {
        int owed = c->pha_owed;
        c->pha_owed = 0;
        if ((r = pha_send_request(c, owed == 2)) != 0)
            return r;
    }
    sslite__store_set_current(&c->ctx->store);
    r = ssl_read(c, buf, len);
    sslite__store_set_current(NULL);
    if (c->verify_code != 0 && !c->verify_alerted) {
        (void)mbedtls_ssl_send_alert_message(&c->ssl, MBEDTLS_SSL_ALERT_LEVEL_FATAL,
                                             (unsigned char)sslite__verify_alert(
                                                 c->verify_code));
        c->verify_alerted = 1;
        return MBEDTLS_ERR_X509_CERT_VERIFY_FAILED;
    }
    return r;
}

static int be_conn_pha_request(void *bconn, int cert_required, sslite_error *err)
{
    mbed_conn *c = bconn;
    int r = flush_queued(c);

    if (r == MBEDTLS_ERR_SSL_WANT_WRITE) {
        c->pha_owed = cert_required ? 2 : 1; /* behind our queued record */
        return 0;
    }
    if (r == 0)
        r = pha_send_request(c, cert_required);
    return r == 0 ? 0 : fail(c, r, err);
}
#endif

#if defined(MBEDTLS_SSL_SSLITE_PHA)
static int be_conn_pha_status(const void *bconn)
{
    const mbed_conn *c = bconn;
    int f = mbedtls_ssl_sslite_tls13_pha_status(&c->ssl);

    return ((f & MBEDTLS_SSL_SSLITE_PHA_OFFERED) ? SSLITE_BPHA_OFFERED : 0) |
           ((f & MBEDTLS_SSL_SSLITE_PHA_BUSY) || c->pha_owed ? SSLITE_BPHA_BUSY : 0);
}
#endif

static sslite_ssize_t be_conn_read(void *bconn, void *buf, size_t len, sslite_error *err)
{
    mbed_conn *c = bconn;
    int r;

    if (!mbedtls_ssl_is_handshake_over(&c->ssl)) {
        r = be_conn_handshake(bconn, err);
        if (r < 0)
            return r;
    }
    if (len == 0)
        return 0;
    for (int spins = 0;; spins++) {
        c->starved = 0;
#if defined(MBEDTLS_SSL_SSLITE_PHA) && defined(MBEDTLS_SSL_SRV_C)
        if (c->conf->server_side && (be_conn_pha_status(c) & SSLITE_BPHA_BUSY))
            r = pha_server_read(c, buf, len > INT32_MAX ? INT32_MAX : len);
        else
#endif
            r = ssl_read(c, buf, len > INT32_MAX ? INT32_MAX : len);
        if (r > 0)
            return r;
        /* Mbed TLS also says want-read after a record that carried no
         * application data (a ticket, a warning alert) although more input
         * may be waiting; only a transport that would block is a real one
         * (a memory BIO holding the next record must not stall). */
        if (r == MBEDTLS_ERR_SSL_WANT_READ && !c->starved && spins < 1000)
            continue;
        if (r == 0) /* transport EOF without close_notify */
            return fail(c, MBEDTLS_ERR_SSL_CONN_EOF, err);
#if defined(MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET)
        if (r == MBEDTLS_ERR_SSL_RECEIVED_NEW_SESSION_TICKET)
            continue;
#endif
        return fail(c, r, err);
    }
}

/* Push out records Mbed TLS has queued (our pending application record, or
 * an alert, ticket or KeyUpdate it wrote): 0, or want-write. */
static int flush_queued(mbed_conn *c)
{
    return c->ssl.out_left > 0 ? mbedtls_ssl_flush_output(&c->ssl) : 0;
}

static sslite_ssize_t be_conn_write(void *bconn, const void *buf, size_t len, sslite_error *err)
{
    mbed_conn *c = bconn;
    const unsigned char *p = buf;
    size_t done = 0;
    int r;

    if (!mbedtls_ssl_is_handshake_over(&c->ssl)) {
        r = be_conn_handshake(bconn, err);
        if (r < 0)
            return r;
    }
    /* The retry of a write that would block must be given at least the
     * bytes already taken into the queued record (OpenSSL: BAD_LENGTH). */
    if (len < c->wpending)
        return sslite__err_ssl(err, SSLITE_ERR_SSL, "SSL", "BAD_LENGTH", NULL,
                               SSLITE__WHERE);
    /* Mbed TLS writes at most one record per call: loop, as SSL_write does
     * without partial writes.  mbedtls_ssl_write's own retry rule ("call
     * again with the same data") is not used: it decides from whether
     * output is still queued, and a read in between (a TLS 1.3 ticket or
     * KeyUpdate runs a handshake step, which flushes first) empties the
     * queue, so the retry would encrypt the same bytes a second time.
     * Instead, c->wpending counts the bytes sealed into the queued record:
     * they are sent once the queue drains, whoever drains it. */
    while (done < len) {
        size_t chunk;
        int maxp;

        if ((r = flush_queued(c)) != 0)
            goto blocked;
        if (c->wpending > 0) {
            done += c->wpending;
            c->wpending = 0;
            continue;
        }
#if defined(MBEDTLS_SSL_SSLITE_PHA)
        /* Our answer to a post-handshake CertificateRequest, interrupted
         * by a transport that would block, ends before our next data; a
         * server's request owed behind our queued record goes now. */
        if (!c->conf->server_side &&
            (mbedtls_ssl_sslite_tls13_pha_status(&c->ssl) & MBEDTLS_SSL_SSLITE_PHA_BUSY)) {
            r = mbedtls_ssl_sslite_tls13_pha_continue(&c->ssl);
            if (r != 0)
                goto blocked;
            continue;
        }
#if defined(MBEDTLS_SSL_SRV_C)
        if (c->pha_owed) {
            int owed = c->pha_owed;
            c->pha_owed = 0;
            if ((r = pha_send_request(c, owed == 2)) != 0)
                goto blocked;
            continue;
        }
#endif
#endif
#if defined(MBEDTLS_SSL_SSLITE_KEY_UPDATE)
        /* The peer asked for our KeyUpdate: due before our next data. */
        if (mbedtls_ssl_tls13_key_update_owed(&c->ssl)) {
            r = mbedtls_ssl_tls13_send_key_update(&c->ssl, 0);
            if (r != 0)
                goto blocked;
            continue;
        }
#endif
        maxp = mbedtls_ssl_get_max_out_record_payload(&c->ssl);
        if (maxp <= 0)
            return fail(c, maxp < 0 ? maxp : MBEDTLS_ERR_SSL_INTERNAL_ERROR, err);
        chunk = len - done < (size_t)maxp ? len - done : (size_t)maxp;
        r = mbedtls_ssl_write(&c->ssl, p + done, chunk);
        if (is_ticket_signal(r))
            continue; /* a TLS 1.3 ticket was taken in; write again */
        if (r == MBEDTLS_ERR_SSL_WANT_WRITE && c->ssl.out_left > 0) {
            c->wpending = chunk; /* sealed and queued: never encrypt it again */
            goto blocked;
        }
        if (r < 0)
            goto blocked;
        done += (size_t)r;
    }
    return (sslite_ssize_t)done;
blocked:
    /* A would-block after progress reports the progress; the caller comes
     * back with the rest, whose first c->wpending bytes are already sealed. */
    if (done > 0 && (r == MBEDTLS_ERR_SSL_WANT_WRITE || r == MBEDTLS_ERR_SSL_WANT_READ))
        return (sslite_ssize_t)done;
    return fail(c, r, err);
}

#if defined(MBEDTLS_SSL_SSLITE_KEY_UPDATE)
static int be_conn_key_update(void *bconn, int update_requested, sslite_error *err)
{
    mbed_conn *c = bconn;
    int r;

    /* Our own queued record (wpending) goes out first, as with any
     * output; then the KeyUpdate is sealed behind it. */
    if ((r = flush_queued(c)) != 0)
        return fail(c, r, err);
    r = mbedtls_ssl_tls13_send_key_update(&c->ssl, update_requested);
    /* Sealed but still queued: the next write flushes it first. */
    if (r == 0 || (r == MBEDTLS_ERR_SSL_WANT_WRITE && c->ssl.out_left > 0))
        return 0;
    return fail(c, r, err);
}
#endif

static int be_conn_close_notify(void *bconn, sslite_error *err)
{
    mbed_conn *c = bconn;
    int r = mbedtls_ssl_close_notify(&c->ssl);
    return r == 0 ? 0 : fail(c, r, err);
}

static int be_conn_failed_by_peer(const void *bconn)
{
    const mbed_conn *c = bconn;
    return c->peer_alerted;
}

static size_t be_conn_pending(const void *bconn)
{
    const mbed_conn *c = bconn;
    return mbedtls_ssl_get_bytes_avail(&c->ssl);
}

static void be_conn_record_limits(const void *bconn, size_t *incoming, size_t *outgoing)
{
    const mbed_conn *c = bconn;
    int in = mbedtls_ssl_get_max_in_record_payload(&c->ssl);
    int out = mbedtls_ssl_get_max_out_record_payload(&c->ssl);

    *incoming = in > 0 ? (size_t)in : 0;
    *outgoing = out > 0 ? (size_t)out : 0;
}

static void be_conn_info(const void *bconn, sslite_bconn_info *out)
{
    const mbed_conn *c = bconn;
    memset(out, 0, sizeof(*out));
    if (!mbedtls_ssl_is_handshake_over((mbedtls_ssl_context *)(uintptr_t)&c->ssl))
        return;
    out->tls_version = (int)mbedtls_ssl_get_version_number(&c->ssl);
    out->suite = (uint16_t)mbedtls_ssl_get_ciphersuite_id_from_ssl(&c->ssl);
#if defined(MBEDTLS_SSL_ALPN)
    out->alpn = mbedtls_ssl_get_alpn_protocol(&c->ssl);
#endif
    out->session_reused = c->resumed > 0;
#if defined(MBEDTLS_SSL_SSLITE_NEGOTIATED)
    out->group = mbedtls_ssl_sslite_get_group(&c->ssl);
    out->peer_sig_alg = mbedtls_ssl_sslite_get_peer_sig_alg(&c->ssl);
#endif
}

static int be_conn_resumed(const void *bconn)
{
    const mbed_conn *c = bconn;
    return mbedtls_ssl_is_handshake_over((mbedtls_ssl_context *)(uintptr_t)&c->ssl) &&
           c->resumed > 0;
}

static int be_conn_peer_cert(const void *bconn, int index, const unsigned char **der,
                             size_t *len)
{
    const mbed_conn *c = bconn;
    const mbedtls_x509_crt *crt = mbedtls_ssl_get_peer_cert(&c->ssl);
    for (int i = 0; crt != NULL && crt->raw.p != NULL; crt = crt->next, i++) {
        if (i == index) {
            *der = crt->raw.p;
            *len = crt->raw.len;
            return 1;
        }
    }
    return 0;
}

static int be_conn_verified_cert(const void *bconn, int index, const unsigned char **der,
                                 size_t *len)
{
    const mbed_conn *c = bconn;
    const mbedtls_x509_crt *crt;

    /* Recorded by verify_cb; a failed verification leaves no verified chain. */
    if (c->verify_code != 0 || index < 0 || index >= c->vrfy.depth_seen)
        return 0;
    crt = c->vrfy.crt[index];
    if (crt == NULL)
        return 0;
    *der = crt->raw.p;
    *len = crt->raw.len;
    return 1;
}

static void *be_conn_get_session(const void *bconn)
{
#if !defined(MBEDTLS_SSL_CLI_C)
    /* A server-only build: Mbed TLS exports a client's session only (a
     * server's get_session fails in every build), so there is none. */
    (void)bconn;
    return NULL;
#else
    const mbed_conn *c = bconn;
    mbedtls_ssl_session *s = sslite__malloc(sizeof(*s));
    unsigned char exported;
    int r;

    if (s == NULL)
        return NULL;
    mbedtls_ssl_session_init(s);
    /* Python's session is a property read any number of times, and a TLS
     * 1.3 session exists (without a ticket) before any ticket came: lift
     * Mbed TLS's export-once guard around the copy. */
    exported = c->ssl.session != NULL ? c->ssl.session->exported : 0;
    if (c->ssl.session != NULL)
        c->ssl.session->exported = 0;
    r = mbedtls_ssl_get_session(&c->ssl, s);
    if (c->ssl.session != NULL)
        c->ssl.session->exported = exported;
    if (r != 0) {
        mbedtls_ssl_session_free(s);
        sslite__free(s);
        return NULL;
    }
    return s;
#endif
}

static void be_session_free(void *bsess)
{
    if (bsess == NULL)
        return;
    mbedtls_ssl_session_free(bsess);
    sslite__free(bsess);
}

static void be_session_info(const void *bsess, unsigned char id[32], size_t *id_len,
                            int64_t *time, long *timeout, unsigned long *lifetime_hint,
                            int *has_ticket)
{
    const mbedtls_ssl_session *s = bsess;
    size_t n = mbedtls_ssl_session_get_id_len(s);

    if (n > 32)
        n = 32;
    memcpy(id, *mbedtls_ssl_session_get_id(s), n);
    *id_len = n;
#if defined(MBEDTLS_HAVE_TIME)
    *time = (int64_t)s->start;
#else
    *time = 0;
#endif
    *timeout = 7200; /* OpenSSL's default session timeout, which CPython shows */
#if defined(MBEDTLS_SSL_SESSION_TICKETS)
    *lifetime_hint = s->ticket_lifetime;
    *has_ticket = s->ticket != NULL && s->ticket_len > 0;
#else
    *lifetime_hint = 0;
    *has_ticket = 0;
#endif
}

/* ---- sessions as bytes (sslite/session_bytes.h) ----
 * Mbed TLS's serialization, which carries its own version and
 * configuration header; lib/session_bytes.c seals it, since
 * mbedtls_ssl_session_load() trusts what it reads. */
/* A TLS 1.3 client keeps its ticket's reception time on Mbed TLS's
 * clock (CLOCK_BOOTTIME), which restarts at a reboot: the blob carries it
 * as wall-clock milliseconds instead (8 bytes, big-endian, before Mbed
 * TLS's data; 0 when there is none), converted back when loaded. */
#define TIME_PREFIX 8

#if defined(MBEDTLS_HAVE_TIME) && defined(MBEDTLS_SSL_CLI_C) && \
    defined(MBEDTLS_SSL_PROTO_TLS1_3) && defined(MBEDTLS_SSL_SESSION_TICKETS)
#define SESSION_TICKET_CLOCK 1
static int64_t wall_ms(void)
{
#if SSLITE_WITH_OS_CLOCK
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
#else
    /* No OS clock: the application's (<sslite/platform.h>), which is also
     * Mbed TLS's millisecond clock in such a build (platform.c). */
    return sslite__platform_time(NULL) * 1000;
#endif
}
#endif

static int be_session_save(const void *bsess, unsigned char **out, size_t *len,
                           sslite_error *err)
{
    const mbedtls_ssl_session *s = bsess;
    unsigned char *buf = NULL;
    uint64_t received = 0;
    size_t n = 0, i;
    int ret = 0, r;

    r = mbedtls_ssl_session_save(s, NULL, 0, &n);
    if (r != MBEDTLS_ERR_SSL_BUFFER_TOO_SMALL && r != 0) {
        ret = sslite__mbedtls_error(err, r, -1, SSLITE__WHERE);
        goto out;
    }
    buf = sslite__malloc(TIME_PREFIX + n);
    SSLITE_GUARD_PTR(buf, err);
    r = mbedtls_ssl_session_save(s, buf + TIME_PREFIX, n, &n);
    if (r != 0) {
        ret = sslite__mbedtls_error(err, r, -1, SSLITE__WHERE);
        goto out;
    }
#if defined(SESSION_TICKET_CLOCK)
    if (s->endpoint == MBEDTLS_SSL_IS_CLIENT && s->tls_version == MBEDTLS_SSL_VERSION_TLS1_3 &&
        s->ticket != NULL)
        /* Unsigned: a session loaded from a forged blob may hold any
         * reception time, and the age arithmetic must not overflow. */
        received = (uint64_t)wall_ms() -
                   ((uint64_t)mbedtls_ms_time() - (uint64_t)s->ticket_reception_time);
#endif
    for (i = 0; i < TIME_PREFIX; i++)
        buf[i] = (unsigned char)(received >> (8 * (TIME_PREFIX - 1 - i)));
    *out = buf;
    *len = TIME_PREFIX + n;
    buf = NULL;
out:
    if (buf != NULL)
        wipe_free(buf, TIME_PREFIX + n);
    return ret;
}

static void *be_session_load(const unsigned char *buf, size_t len, sslite_error *err)
{
    mbedtls_ssl_session *s = NULL;
    uint64_t received = 0;
    size_t i;
    int r;

    if (len < TIME_PREFIX) {
        sslite__err_value(err, "session data is truncated");
        return NULL;
    }
    for (i = 0; i < TIME_PREFIX; i++)
        received = received << 8 | buf[i];
    s = sslite__malloc(sizeof(*s));
    if (s == NULL) {
        sslite__err_nomem(err);
        return NULL;
    }
    mbedtls_ssl_session_init(s);
    r = mbedtls_ssl_session_load(s, buf + TIME_PREFIX, len - TIME_PREFIX);
    if (r != 0) {
        mbedtls_ssl_session_free(s);
        sslite__free(s);
        if (r == MBEDTLS_ERR_SSL_ALLOC_FAILED)
            sslite__err_nomem(err);
        else if (r == MBEDTLS_ERR_SSL_VERSION_MISMATCH)
            sslite__err_value(err, "session data was saved by another Mbed TLS version or "
                                   "configuration");
        else
            sslite__err_value(err, "session data is invalid (Mbed TLS error -0x%04x)",
                              (unsigned)-r);
        return NULL;
    }
    /* Mbed TLS does not check what it does not expect to be forged: only a
     * client's TLS 1.2 or 1.3 session is ours to load. */
    if (s->endpoint != MBEDTLS_SSL_IS_CLIENT || (s->tls_version != MBEDTLS_SSL_VERSION_TLS1_2 &&
                                                 s->tls_version != MBEDTLS_SSL_VERSION_TLS1_3)) {
        mbedtls_ssl_session_free(s);
        sslite__free(s);
        sslite__err_value(err, "session data is not a TLS 1.2 or 1.3 client session");
        return NULL;
    }
#if defined(SESSION_TICKET_CLOCK)
    if (received != 0 && s->endpoint == MBEDTLS_SSL_IS_CLIENT &&
        s->tls_version == MBEDTLS_SSL_VERSION_TLS1_3) {
        int64_t now = wall_ms();
        /* The blob's time is untrusted input for the arithmetic (a clock
         * set back, or a forged value): no overflow, and a time ahead of
         * ours counts the ticket as just received. */
        int64_t age = now > 0 && received < (uint64_t)now ? now - (int64_t)received : 0;
        s->ticket_reception_time = mbedtls_ms_time() - age;
    }
#else
    (void)received;
#endif
    return s;
}

static int be_aead(int seal, const unsigned char key[32], const unsigned char nonce[12],
                   const unsigned char *aad, size_t aad_len, const unsigned char *in, size_t len,
                   unsigned char *out, unsigned char tag[16], sslite_error *err)
{
    mbedtls_gcm_context gcm;
    int ret = 0, r;

    mbedtls_gcm_init(&gcm);
    r = mbedtls_gcm_setkey(&gcm, MBEDTLS_CIPHER_ID_AES, key, 256);
    if (r == 0)
        r = seal ? mbedtls_gcm_crypt_and_tag(&gcm, MBEDTLS_GCM_ENCRYPT, len, nonce, 12, aad,
                                             aad_len, in, out, 16, tag)
                 : mbedtls_gcm_auth_decrypt(&gcm, len, nonce, 12, aad, aad_len, tag, 16, in, out);
    if (r == MBEDTLS_ERR_GCM_AUTH_FAILED)
        ret = sslite__err_value(err, "session data failed its integrity check "
                                     "(another key, or altered)");
    else if (r != 0)
        ret = sslite__mbedtls_error(err, r, -1, SSLITE__WHERE);
    mbedtls_gcm_free(&gcm);
    return ret;
}

static int be_aead_seal(const unsigned char key[32], const unsigned char nonce[12],
                        const unsigned char *aad, size_t aad_len, const unsigned char *in,
                        size_t len, unsigned char *out, unsigned char tag[16], sslite_error *err)
{
    return be_aead(1, key, nonce, aad, aad_len, in, len, out, tag, err);
}

static int be_aead_open(const unsigned char key[32], const unsigned char nonce[12],
                        const unsigned char *aad, size_t aad_len, const unsigned char *in,
                        size_t len, const unsigned char tag[16], unsigned char *out,
                        sslite_error *err)
{
    unsigned char t[16];

    memcpy(t, tag, sizeof(t));
    return be_aead(0, key, nonce, aad, aad_len, in, len, out, t, err);
}

#if defined(MBEDTLS_SSL_SSLITE_FINISHED)
static size_t be_conn_finished(const void *bconn, int peer, unsigned char *out, size_t size)
{
    const mbed_conn *c = bconn;
    return mbedtls_ssl_sslite_get_finished(&c->ssl, peer, out, size);
}
#endif

#if defined(MBEDTLS_SSL_KEYING_MATERIAL_EXPORT)
static int be_conn_export_keying(const void *bconn, const char *label,
                                 const unsigned char *context, size_t context_len,
                                 unsigned char *out, size_t out_len, sslite_error *err)
{
    mbed_conn *c = (mbed_conn *)(uintptr_t)bconn; /* the exporter takes a non-const context */
    int r = mbedtls_ssl_export_keying_material(&c->ssl, out, out_len, label, strlen(label),
                                               context, context_len, context != NULL);
    return r == 0 ? 0 : sslite__mbedtls_error(err, r, -1, SSLITE__WHERE);
}
#endif

static int be_suite_supported(uint16_t iana_id)
{
    return sslite__mbedtls_suite_supported(iana_id);
}

#if defined(MBEDTLS_DHM_C) && defined(MBEDTLS_SSL_SRV_C)
/* load_dh_params: parse into a fresh context and keep it only on success,
 * so a bad file leaves earlier parameters in place (as OpenSSL). */
static int be_ctx_load_dh_params(void *bctx, const unsigned char *der, size_t len, int min_bits,
                                 sslite_error *err)
{
    mbed_ctx *c = bctx;
    mbedtls_dhm_context fresh;

    mbedtls_dhm_init(&fresh);
    if (len == 0 || mbedtls_dhm_parse_dhm(&fresh, der, len) != 0) {
        mbedtls_dhm_free(&fresh);
        return sslite__err_set(err, SSLITE_ERR_SSL, SSLITE_SSL_ERROR_SSL, "PEM", NULL,
                               "[PEM] ASN1 lib (%s:%d)", SSLITE__WHERE);
    }
    /* OpenSSL's security level check on the group (p = 0 or 1 included). */
    if (mbedtls_dhm_get_bitlen(&fresh) < (size_t)min_bits) {
        mbedtls_dhm_free(&fresh);
        return sslite__err_set(err, SSLITE_ERR_SSL, 394, "SSL", "DH_KEY_TOO_SMALL",
                               "[SSL: DH_KEY_TOO_SMALL] dh key too small (%s:%d)", SSLITE__WHERE);
    }
    mbedtls_dhm_free(&c->dhm);
    c->dhm = fresh; /* a plain struct of MPIs: moving it hands over ownership */
    c->dhm_loaded = 1;
    return 0;
}
#endif

const sslite_backend sslite__backend_mbedtls = {
    .name = "mbedtls",
    .caps = 0
#if defined(MBEDTLS_SSL_PROTO_TLS1_2)
            | SSLITE_BCAP_TLS1_2
#endif
#if defined(MBEDTLS_SSL_PROTO_TLS1_3)
            | SSLITE_BCAP_TLS1_3
#endif
#if defined(MBEDTLS_SSL_MAX_FRAGMENT_LENGTH)
            | SSLITE_BCAP_MAX_FRAGMENT
#endif
#if defined(MBEDTLS_SSL_SERVER_NAME_INDICATION)
            | SSLITE_BCAP_SNI
#endif
#if defined(MBEDTLS_SSL_ALPN)
            | SSLITE_BCAP_ALPN
#endif
#if defined(MBEDTLS_ECDH_C)
            | SSLITE_BCAP_ECDH
#endif
#if defined(MBEDTLS_KEY_EXCHANGE_PSK_ENABLED)
            | SSLITE_BCAP_PSK
#endif
#if defined(MBEDTLS_SSL_SESSION_TICKETS)
            | SSLITE_BCAP_TICKETS
#endif
#if defined(MBEDTLS_X509_CRL_PARSE_C)
            | SSLITE_BCAP_CRL
#endif
#if defined(MBEDTLS_SSL_KEYING_MATERIAL_EXPORT)
            | SSLITE_BCAP_KEY_EXPORT
#endif
#if defined(MBEDTLS_THREADING_C)
            | SSLITE_BCAP_THREADS
#endif
#if defined(MBEDTLS_PLATFORM_MEMORY)
            | SSLITE_BCAP_ALLOC_HOOKS
#endif
#if defined(MBEDTLS_SSL_SSLITE_MSG_CALLBACK)
            | SSLITE_BCAP_MSG_CALLBACK
#endif
#if defined(MBEDTLS_SSL_SSLITE_PHA)
            | SSLITE_BCAP_PHA
#endif
    ,
    .ctx_size = sizeof(mbed_ctx),
    .conn_size = sizeof(mbed_conn),
    .version = be_version,
    .version_number = be_version_number,
    .global_init = be_global_init,
    .rand_bytes = be_rand_bytes,
    .rand_status = be_rand_status,
    .rand_add = be_rand_add,
    .ctx_init = be_ctx_init,
    .ctx_free = be_ctx_free,
    .ctx_load_ca_file = be_ctx_load_ca_file,
    .ctx_load_ca_path = be_ctx_load_ca_path,
    .ctx_load_ca_data = be_ctx_load_ca_data,
    .conn_setup = be_conn_setup,
    .conn_free = be_conn_free,
    .conn_handshake = be_conn_handshake,
    .conn_read = be_conn_read,
    .conn_write = be_conn_write,
    .conn_close_notify = be_conn_close_notify,
    .conn_pending = be_conn_pending,
    .conn_failed_by_peer = be_conn_failed_by_peer,
    .conn_resumed = be_conn_resumed,
    .session_free = be_session_free,
    .suite_supported = be_suite_supported,
#if defined(MBEDTLS_DHM_C) && defined(MBEDTLS_SSL_SRV_C)
    .ctx_load_dh_params = be_ctx_load_dh_params,
#endif
};

const sslite_backend_facts sslite__backend_mbedtls_facts = {
    .conn_info = be_conn_info,
    .conn_peer_cert = be_conn_peer_cert,
    .conn_verified_cert = be_conn_verified_cert,
    .conn_get_session = be_conn_get_session,
    .session_info = be_session_info,
#if defined(MBEDTLS_SSL_SSLITE_FINISHED)
    .conn_finished = be_conn_finished,
#endif
#if defined(MBEDTLS_SSL_SSLITE_KEY_UPDATE)
    .conn_key_update = be_conn_key_update,
    .conn_record_limits = be_conn_record_limits,
#endif
#if defined(MBEDTLS_SSL_SSLITE_PHA)
    .conn_pha_status = be_conn_pha_status,
#if defined(MBEDTLS_SSL_SRV_C)
    .conn_pha_request = be_conn_pha_request,
#endif
#endif
    .conn_client_hello = be_conn_client_hello,
};

const sslite_backend_ca_list sslite__backend_mbedtls_ca_list = {
    .ctx_ca_count = be_ctx_ca_count,
    .ctx_ca_each = be_ctx_ca_each,
};

const sslite_backend_x509 sslite__backend_mbedtls_x509 = {
    .x509_decode = sslite__mbedtls_x509_decode,
};

const sslite_backend_keys sslite__backend_mbedtls_keys = {
    .ctx_load_cert_chain = be_ctx_load_cert_chain,
};

const sslite_backend_session_bytes sslite__backend_mbedtls_session_bytes = {
    .session_save = be_session_save,
    .session_load = be_session_load,
    .aead_seal = be_aead_seal,
    .aead_open = be_aead_open,
};

const sslite_backend_pem sslite__backend_mbedtls_pem = {
    .pem_read = sslite__mbedtls_pem_read,
    .base64 = sslite__mbedtls_base64,
};

const sslite_backend_key_export sslite__backend_mbedtls_key_export = {
#if defined(MBEDTLS_SSL_KEYING_MATERIAL_EXPORT)
    .conn_export_keying = be_conn_export_keying,
#else
    .conn_export_keying = NULL,
#endif
};
