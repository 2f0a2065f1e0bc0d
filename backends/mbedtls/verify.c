/*
 * sslite: the OpenSSL verify code for a peer's certificate chain.
 *
 * Mbed TLS answers "is this chain good?" with a bit mask that folds most
 * chain-building failures into BADCERT_NOT_TRUSTED.  CPython reports
 * OpenSSL's X509_V_ERR_* number, and the first one OpenSSL's verifier
 * meets.  So the chain is rebuilt here from the certificates the peer sent
 * and the trust store, OpenSSL's way (trusted issuers first), and checked
 * in OpenSSL's order:
 *
 *   1. chain building: 18, 19, 20, 2 (a trusted non-root without
 *      VERIFY_X509_PARTIAL_CHAIN)
 *   2. extensions, certificate by certificate from the leaf: 79 (issuer
 *      not a CA), a few VERIFY_X509_STRICT checks, 26 (purpose), 25
 *      (path length)
 *   3. the host name or address (62/64, computed by lib/hostname.c)
 *   4. revocation when VERIFY_CRL_CHECK_LEAF/CHAIN ask: 3, 35, 8, 11, 12, 23
 *   5. signatures and validity, from the top down: 7, 9, 10
 *
 * The connection is accepted only when this finds nothing AND Mbed TLS's
 * own flags (minus what sslite decides itself: names, CRLs, a trusted leaf
 * with PARTIAL_CHAIN) are clear, so sslite is never laxer than Mbed TLS.
 */
#include "truststore.h" /* first: it sets Mbed TLS's private access */

#include <stdlib.h>
#include <string.h>

#define MAX_CHAIN 16

/* OpenSSL's X509_V_ERR_* numbers used here. */
enum {
    V_OK = 0,
    V_UNSPECIFIED = 1,
    V_UNABLE_TO_GET_ISSUER_CERT = 2,
    V_UNABLE_TO_GET_CRL = 3,
    V_CERT_SIGNATURE_FAILURE = 7,
    V_CRL_SIGNATURE_FAILURE = 8,
    V_CERT_NOT_YET_VALID = 9,
    V_CERT_HAS_EXPIRED = 10,
    V_CRL_NOT_YET_VALID = 11,
    V_CRL_HAS_EXPIRED = 12,
    V_DEPTH_ZERO_SELF_SIGNED_CERT = 18,
    V_SELF_SIGNED_CERT_IN_CHAIN = 19,
    V_UNABLE_TO_GET_ISSUER_CERT_LOCALLY = 20,
    V_CERT_CHAIN_TOO_LONG = 22,
    V_CERT_REVOKED = 23,
    V_PATH_LENGTH_EXCEEDED = 25,
    V_INVALID_PURPOSE = 26,
    V_KEYUSAGE_NO_CRL_SIGN = 35,
    V_EE_KEY_TOO_SMALL = 66,
    V_CA_KEY_TOO_SMALL = 67,
    V_CA_MD_TOO_WEAK = 68,
    V_INVALID_CA = 79,
    V_PATHLEN_INVALID_FOR_NON_CA = 80,
    V_PATHLEN_WITHOUT_KU_KEY_CERT_SIGN = 81,
    V_KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA = 82,
    V_ISSUER_NAME_EMPTY = 83,
    V_MISSING_AUTHORITY_KEY_IDENTIFIER = 85,
    V_MISSING_SUBJECT_KEY_IDENTIFIER = 86,
    V_CA_CERT_MISSING_KEY_USAGE = 92,
};

typedef struct vchain {
    const mbedtls_x509_crt *c[MAX_CHAIN];
    int n;
    int trusted_from; /* index of the first trust-store certificate, -1 none */
} vchain;


/* notBefore / thisUpdate still ahead?  Unknowable while the device's clock
 * is unset: then only the clock floor is known, which bounds expiry from
 * below and says nothing about "not yet" (<sslite/platform.h>). */
static int not_yet_valid(const mbedtls_x509_time *t)
{
    int known;
    (void)sslite__platform_time(&known);
    return known && mbedtls_x509_time_is_future(t);
}

static int is_set(const mbedtls_x509_crt *c)
{
    return c != NULL && c->raw.p != NULL;
}

static int same_buf(const mbedtls_x509_buf *a, const mbedtls_x509_buf *b)
{
    return a->len == b->len && (a->len == 0 || memcmp(a->p, b->p, a->len) == 0);
}

static int same_cert(const mbedtls_x509_crt *a, const mbedtls_x509_crt *b)
{
    return same_buf(&a->raw, &b->raw);
}

static int has_ext(const mbedtls_x509_crt *c, int ext)
{
    return (c->ext_types & ext) != 0;
}

/* OpenSSL's X509_check_akid: a key identifier, when both sides have one,
 * must agree (the issuer+serial form is rare and not compared). */
static int akid_ok(const mbedtls_x509_crt *issuer, const mbedtls_x509_crt *subject)
{
    const mbedtls_x509_buf *kid = &subject->authority_key_id.keyIdentifier;
    if (kid->p == NULL || issuer->subject_key_id.p == NULL)
        return 1;
    return same_buf(kid, &issuer->subject_key_id);
}

/* Names are compared as encoded (OpenSSL compares a canonical form; the
 * same CA software produces the same bytes in practice). */
static int issued_by(const mbedtls_x509_crt *x, const mbedtls_x509_crt *issuer)
{
    return same_buf(&x->issuer_raw, &issuer->subject_raw) && akid_ok(issuer, x);
}

static int ku_allows(const mbedtls_x509_crt *c, unsigned bits)
{
    return !has_ext(c, MBEDTLS_X509_EXT_KEY_USAGE) || (c->key_usage & bits) != 0;
}

/* EXFLAG_SI: issued by itself.  EXFLAG_SS: and may sign certificates. */
static int self_issued(const mbedtls_x509_crt *c)
{
    return issued_by(c, c);
}

static int self_signed(const mbedtls_x509_crt *c)
{
    return self_issued(c) && ku_allows(c, MBEDTLS_X509_KU_KEY_CERT_SIGN);
}

static int time_ok(const mbedtls_x509_crt *c)
{
    return !mbedtls_x509_time_is_past(&c->valid_to) && !not_yet_valid(&c->valid_from);
}

static int in_chain(const vchain *ch, const mbedtls_x509_crt *c)
{
    for (int i = 0; i < ch->n; i++)
        if (same_cert(ch->c[i], c))
            return 1;
    return 0;
}

/* Choosing the issuer of x, OpenSSL's preference: one currently valid,
 * else the one expiring last. */
typedef struct pick {
    const mbedtls_x509_crt *best;
    int valid;
} pick;

static void consider(pick *pk, const mbedtls_x509_crt *c, const mbedtls_x509_crt *x,
                     const vchain *ch)
{
    if (pk->valid || !issued_by(x, c) || in_chain(ch, c))
        return;
    if (time_ok(c)) {
        pk->best = c;
        pk->valid = 1;
    } else if (pk->best == NULL || mbedtls_x509_time_cmp(&c->valid_to, &pk->best->valid_to) > 0) {
        pk->best = c;
    }
}

/* The issuer of x among the certificates the peer sent. */
static const mbedtls_x509_crt *find_issuer(const mbedtls_x509_crt *list, const mbedtls_x509_crt *x,
                                           const vchain *ch)
{
    pick pk = {NULL, 0};
    for (const mbedtls_x509_crt *c = list; is_set(c); c = c->next)
        consider(&pk, c, x, ch);
    return pk.best;
}

/* The issuer of x in the trust store (pinned in the lease). */
static const mbedtls_x509_crt *find_trusted_issuer(sslite_mbed_lease *ca, const mbedtls_x509_crt *x,
                                                   const vchain *ch)
{
    const mbedtls_x509_crt *found[SSLITE_TRUST_MAX_CANDIDATES];
    pick pk = {NULL, 0};
    int n = sslite__store_lookup(ca, x->issuer_raw.p, x->issuer_raw.len, found,
                                 SSLITE_TRUST_MAX_CANDIDATES);
    for (int i = 0; i < n; i++)
        consider(&pk, found[i], x, ch);
    return pk.best;
}

/* A trust-store certificate standing for c: the same one, or (for a root)
 * one with the same name and key. */
static int trusted_copy(sslite_mbed_lease *ca, const mbedtls_x509_crt *c)
{
    const mbedtls_x509_crt *found[SSLITE_TRUST_MAX_CANDIDATES];
    int n = sslite__store_lookup(ca, c->subject_raw.p, c->subject_raw.len, found,
                                 SSLITE_TRUST_MAX_CANDIDATES);
    for (int i = 0; i < n; i++) {
        const mbedtls_x509_crt *t = found[i];
        if (same_cert(t, c))
            return 1;
        if (same_buf(&t->subject_raw, &c->subject_raw) && self_signed(t) &&
            same_buf(&t->pk_raw, &c->pk_raw))
            return 1;
    }
    return 0;
}

/* 1. OpenSSL's build_chain with X509_V_FLAG_TRUSTED_FIRST (the default):
 * the trust store is searched before the certificates the peer sent. */
static long build_chain(vchain *ch, const mbedtls_x509_crt *leaf, sslite_mbed_lease *ca,
                        unsigned long verify_flags)
{
    int partial = (verify_flags & SSLITE_VERIFY_X509_PARTIAL_CHAIN) != 0;
    const mbedtls_x509_crt *top;

    ch->n = 1;
    ch->c[0] = leaf;
    ch->trusted_from = -1;
    for (;;) {
        const mbedtls_x509_crt *x = ch->c[ch->n - 1], *iss;
        if (ch->trusted_from < 0 && (self_signed(x) || (ch->n == 1 && partial)) &&
            trusted_copy(ca, x)) {
            ch->trusted_from = ch->n - 1;
            break;
        }
        if (self_signed(x))
            break; /* an untrusted root: 18 or 19 */
        if (ch->n == MAX_CHAIN)
            return V_CERT_CHAIN_TOO_LONG;
        iss = find_trusted_issuer(ca, x, ch);
        if (iss != NULL) {
            ch->c[ch->n++] = iss;
            if (ch->trusted_from < 0)
                ch->trusted_from = ch->n - 1;
            if (self_signed(iss))
                break;
            continue;
        }
        if (ch->trusted_from >= 0)
            break; /* nothing above a trusted certificate comes from the peer */
        iss = find_issuer(leaf, x, ch); /* the certificates the peer sent */
        if (iss == NULL)
            break;
        ch->c[ch->n++] = iss;
    }
    top = ch->c[ch->n - 1];
    if (ch->trusted_from >= 0)
        return self_signed(top) || partial ? V_OK : V_UNABLE_TO_GET_ISSUER_CERT;
    if (self_signed(top))
        return ch->n == 1 ? V_DEPTH_ZERO_SELF_SIGNED_CERT : V_SELF_SIGNED_CERT_IN_CHAIN;
    return V_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
}

/* OpenSSL's check_ca(): 1 a CA by basicConstraints, 3 a v1 root, 4 keyUsage
 * certSign without basicConstraints, 5 Netscape CA type, 0 not a CA. */
static int check_ca(const mbedtls_x509_crt *c)
{
    if (!ku_allows(c, MBEDTLS_X509_KU_KEY_CERT_SIGN))
        return 0;
    if (has_ext(c, MBEDTLS_X509_EXT_BASIC_CONSTRAINTS))
        return c->ca_istrue != 0;
    if (c->version == 1 && self_signed(c))
        return 3;
    if (has_ext(c, MBEDTLS_X509_EXT_KEY_USAGE))
        return 4;
    if (has_ext(c, MBEDTLS_X509_EXT_NS_CERT_TYPE) &&
        (c->ns_cert_type & (MBEDTLS_X509_NS_CERT_TYPE_SSL_CA | MBEDTLS_X509_NS_CERT_TYPE_EMAIL_CA |
                            MBEDTLS_X509_NS_CERT_TYPE_OBJECT_SIGNING_CA)))
        return 5;
    return 0;
}

static int has_eku(const mbedtls_x509_crt *c, const char *oid, size_t len)
{
    for (const mbedtls_x509_sequence *s = &c->ext_key_usage; s != NULL && s->buf.p != NULL;
         s = s->next)
        if (s->buf.len == len && memcmp(s->buf.p, oid, len) == 0)
            return 1;
    return 0;
}

#define OID_NS_SGC "\x60\x86\x48\x01\x86\xf8\x42\x04\x01" /* 2.16.840.1.113730.4.1 */
#define OID_MS_SGC "\x2b\x06\x01\x04\x01\x82\x37\x0a\x03\x03" /* 1.3.6.1.4.1.311.10.3.3 */
#define OIDLEN(o) (sizeof(o) - 1)

/* X509_check_purpose for "ssl_server" (a client checking a server) or
 * "ssl_client" (a server checking a client).  anyExtendedKeyUsage does not
 * count, as in OpenSSL. */
static int purpose_ok(const mbedtls_x509_crt *c, int peer_is_server, int require_ca)
{
    if (has_ext(c, MBEDTLS_X509_EXT_EXTENDED_KEY_USAGE)) {
        int ok = peer_is_server ? has_eku(c, MBEDTLS_OID_SERVER_AUTH,
                                          OIDLEN(MBEDTLS_OID_SERVER_AUTH)) ||
                                      has_eku(c, OID_NS_SGC, OIDLEN(OID_NS_SGC)) ||
                                      has_eku(c, OID_MS_SGC, OIDLEN(OID_MS_SGC))
                                : has_eku(c, MBEDTLS_OID_CLIENT_AUTH,
                                          OIDLEN(MBEDTLS_OID_CLIENT_AUTH));
        if (!ok)
            return 0;
    }
    if (require_ca) {
        int ca = check_ca(c);
        return ca != 0 && (ca != 5 || (c->ns_cert_type & MBEDTLS_X509_NS_CERT_TYPE_SSL_CA));
    }
    if (has_ext(c, MBEDTLS_X509_EXT_NS_CERT_TYPE) &&
        !(c->ns_cert_type & (peer_is_server ? MBEDTLS_X509_NS_CERT_TYPE_SSL_SERVER
                                            : MBEDTLS_X509_NS_CERT_TYPE_SSL_CLIENT)))
        return 0;
    return ku_allows(c, peer_is_server ? MBEDTLS_X509_KU_DIGITAL_SIGNATURE |
                                             MBEDTLS_X509_KU_KEY_ENCIPHERMENT |
                                             MBEDTLS_X509_KU_KEY_AGREEMENT
                                       : MBEDTLS_X509_KU_DIGITAL_SIGNATURE |
                                             MBEDTLS_X509_KU_KEY_AGREEMENT);
}

/* The subset of VERIFY_X509_STRICT's RFC 5280 checks Mbed TLS's parsed
 * certificate lets us see, in OpenSSL's order. */
static long strict_checks(const mbedtls_x509_crt *x, int i, int n)
{
    int is_ca = has_ext(x, MBEDTLS_X509_EXT_BASIC_CONSTRAINTS) && x->ca_istrue;
    if (x->max_pathlen > 0) {
        if (!is_ca)
            return V_PATHLEN_INVALID_FOR_NON_CA;
        if (!has_ext(x, MBEDTLS_X509_EXT_KEY_USAGE) ||
            !(x->key_usage & MBEDTLS_X509_KU_KEY_CERT_SIGN))
            return V_PATHLEN_WITHOUT_KU_KEY_CERT_SIGN;
    }
    if (is_ca && !has_ext(x, MBEDTLS_X509_EXT_KEY_USAGE))
        return V_CA_CERT_MISSING_KEY_USAGE;
    if (!is_ca && has_ext(x, MBEDTLS_X509_EXT_KEY_USAGE) &&
        (x->key_usage & MBEDTLS_X509_KU_KEY_CERT_SIGN))
        return V_KU_KEY_CERT_SIGN_INVALID_FOR_NON_CA;
    if (x->issuer.oid.p == NULL)
        return V_ISSUER_NAME_EMPTY;
    if (x->version >= 3) {
        if (i + 1 < n && !self_signed(x) &&
            !has_ext(x, MBEDTLS_X509_EXT_AUTHORITY_KEY_IDENTIFIER))
            return V_MISSING_AUTHORITY_KEY_IDENTIFIER;
        if (is_ca && !has_ext(x, MBEDTLS_X509_EXT_SUBJECT_KEY_IDENTIFIER))
            return V_MISSING_SUBJECT_KEY_IDENTIFIER;
    }
    return V_OK;
}

/* 2. OpenSSL's check_extensions, certificate by certificate. */
static long check_extensions(const vchain *ch, int peer_is_server, unsigned long verify_flags)
{
    int strict = (verify_flags & SSLITE_VERIFY_X509_STRICT) != 0;
    int plen = 0;

    for (int i = 0; i < ch->n; i++) {
        const mbedtls_x509_crt *x = ch->c[i];
        int ca = check_ca(x);
        long r;
        if (i == 0) {
            if (strict && ca != 1 && ca != 0)
                return V_INVALID_CA;
        } else if (ca == 0 || ((i + 1 < ch->n || strict) && ca != 1)) {
            return V_INVALID_CA;
        }
        if (strict && ch->n > 1 && (r = strict_checks(x, i, ch->n)) != V_OK)
            return r;
        if (!purpose_ok(x, peer_is_server, i > 0))
            return V_INVALID_PURPOSE;
        /* Mbed TLS keeps pathlen + 1; 0 means no constraint. */
        if (i > 1 && x->max_pathlen > 0 && plen > x->max_pathlen - 1)
            return V_PATH_LENGTH_EXCEEDED;
        if (i > 0 && !self_issued(x))
            plen++;
    }
    return V_OK;
}

/* A signature over tbs by the key of `signer`. */
static int signature_ok(const mbedtls_x509_buf *tbs, const mbedtls_x509_buf *sig,
                        mbedtls_md_type_t md, mbedtls_pk_type_t pk, const void *opts,
                        const mbedtls_x509_crt *signer)
{
    unsigned char hash[MBEDTLS_MD_MAX_SIZE];
    const mbedtls_md_info_t *info = mbedtls_md_info_from_type(md);
    /* mbedtls_pk_verify_ext takes a non-const context it does not change. */
    mbedtls_pk_context *key = (mbedtls_pk_context *)(uintptr_t)&signer->pk;

    if (info == NULL || mbedtls_md(info, tbs->p, tbs->len, hash) != 0)
        return 0;
    if (!mbedtls_pk_can_do(key, pk))
        return 0;
    return mbedtls_pk_verify_ext(pk, opts, key, md, hash, mbedtls_md_get_size(info), sig->p,
                                 sig->len) == 0;
}

#if defined(MBEDTLS_X509_CRL_PARSE_C)
static int serial_in_crl(const mbedtls_x509_crl *crl, const mbedtls_x509_crt *c)
{
    for (const mbedtls_x509_crl_entry *e = &crl->entry; e != NULL && e->raw.p != NULL;
         e = e->next)
        if (same_buf(&e->serial, &c->serial))
            return 1;
    return 0;
}

static int crl_time_ok(const mbedtls_x509_crl *crl)
{
    return !not_yet_valid(&crl->this_update) &&
           (crl->next_update.year == 0 || !mbedtls_x509_time_is_past(&crl->next_update));
}

/* 4. OpenSSL's check_cert for one certificate: the CRL of its issuer. */
static long check_crl(const mbedtls_x509_crt *x, const mbedtls_x509_crt *issuer,
                      sslite_mbed_store *store)
{
    const mbedtls_x509_crl *crl = NULL;
    ts_crl_iter it;

    sslite__store_probe_crls(store, x->issuer_raw.p, x->issuer_raw.len);
    for (const mbedtls_x509_crl *l = sslite__store_crl_first(store, &it); l != NULL;
         l = sslite__store_crl_next(&it)) {
        if (!same_buf(&l->issuer_raw, &x->issuer_raw))
            continue;
        if (crl == NULL || (crl_time_ok(l) && !crl_time_ok(crl)))
            crl = l;
    }
    if (crl == NULL)
        return V_UNABLE_TO_GET_CRL;
    if (!ku_allows(issuer, MBEDTLS_X509_KU_CRL_SIGN))
        return V_KEYUSAGE_NO_CRL_SIGN;
    if (!signature_ok(&crl->tbs, &crl->sig, crl->sig_md, crl->sig_pk, crl->sig_opts, issuer))
        return V_CRL_SIGNATURE_FAILURE;
    if (not_yet_valid(&crl->this_update))
        return V_CRL_NOT_YET_VALID;
    if (crl->next_update.year != 0 && mbedtls_x509_time_is_past(&crl->next_update))
        return V_CRL_HAS_EXPIRED;
    if (serial_in_crl(crl, x))
        return V_CERT_REVOKED;
    return V_OK;
}
#else
/* Without CRLs (-Dcrl=disabled) a store holds none: a CRL check finds no
 * CRL, as OpenSSL's does without one (truststore_nocrl.c). */
static long check_crl(const mbedtls_x509_crt *x, const mbedtls_x509_crt *issuer,
                      sslite_mbed_store *store)
{
    (void)x;
    (void)issuer;
    (void)store;
    return V_UNABLE_TO_GET_CRL;
}
#endif

/* Whether Mbed TLS's own chain building already checked that `parent`
 * signed `child`: the same link in the chain it reported, with no
 * NOT_TRUSTED flag on the child (its mark for a missing or bad signature).
 * Checking such a link again would only repeat a public-key operation. */
static int link_checked_by_mbedtls(const sslite_mbed_vrfy *v, const mbedtls_x509_crt *child,
                                   const mbedtls_x509_crt *parent)
{
    for (int d = 0; d + 1 < v->depth_seen; d++)
        if (v->crt[d] != NULL && v->crt[d + 1] != NULL && same_cert(v->crt[d], child) &&
            same_cert(v->crt[d + 1], parent))
            return !(v->flags[d] & MBEDTLS_X509_BADCERT_NOT_TRUSTED);
    return 0;
}

/* 5. OpenSSL's internal_verify: from the top down, each signature then each
 * validity period (a trust anchor's own signature is not checked). */
static long check_signatures_and_times(const vchain *ch, const sslite_mbed_vrfy *v)
{
    for (int i = ch->n - 1; i >= 0; i--) {
        const mbedtls_x509_crt *x = ch->c[i];
        if (i < ch->n - 1 && !link_checked_by_mbedtls(v, x, ch->c[i + 1]) &&
            !signature_ok(&x->tbs, &x->sig, x->sig_md, x->sig_pk, x->sig_opts, ch->c[i + 1]))
            return V_CERT_SIGNATURE_FAILURE;
        if (not_yet_valid(&x->valid_from))
            return V_CERT_NOT_YET_VALID;
        if (mbedtls_x509_time_is_past(&x->valid_to))
            return V_CERT_HAS_EXPIRED;
    }
    return V_OK;
}

/* What Mbed TLS found that sslite does not decide itself, as a verify
 * code: the safety net that keeps sslite at least as strict. */
static long residual(const sslite_mbed_vrfy *v, const mbedtls_x509_crt *leaf,
                     sslite_mbed_lease *ca, unsigned long verify_flags)
{
    uint32_t all = 0;
    for (int d = 0; d < v->depth_seen; d++) {
        uint32_t f = v->flags[d];
        /* Names, revocation and time are sslite's own checks. */
        f &= ~(uint32_t)(MBEDTLS_X509_BADCERT_CN_MISMATCH | MBEDTLS_X509_BADCERT_REVOKED |
                         MBEDTLS_X509_BADCRL_NOT_TRUSTED | MBEDTLS_X509_BADCRL_EXPIRED |
                         MBEDTLS_X509_BADCRL_FUTURE | MBEDTLS_X509_BADCRL_BAD_MD |
                         MBEDTLS_X509_BADCRL_BAD_PK | MBEDTLS_X509_BADCRL_BAD_KEY);
        /* A trusted leaf with PARTIAL_CHAIN: OpenSSL accepts it, Mbed TLS
         * only when it is self-signed -- and, through the trusted-CA
         * callback, only when it is also a CA (its "locally trusted" leaf
         * needs a static list): accept the self-signed one too. */
        if (d == 0 && (f & MBEDTLS_X509_BADCERT_NOT_TRUSTED) &&
            ((verify_flags & SSLITE_VERIFY_X509_PARTIAL_CHAIN) || self_signed(leaf)) &&
            trusted_copy(ca, leaf))
            f &= ~(uint32_t)MBEDTLS_X509_BADCERT_NOT_TRUSTED;
        if (f & MBEDTLS_X509_BADCERT_BAD_KEY)
            return d == 0 ? V_EE_KEY_TOO_SMALL : V_CA_KEY_TOO_SMALL;
        all |= f;
    }
    if (all & MBEDTLS_X509_BADCERT_NOT_TRUSTED)
        return V_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
    if (all & (MBEDTLS_X509_BADCERT_BAD_MD | MBEDTLS_X509_BADCERT_BAD_PK))
        return V_CA_MD_TOO_WEAK;
    if (all & MBEDTLS_X509_BADCERT_FUTURE)
        return V_CERT_NOT_YET_VALID;
    if (all & MBEDTLS_X509_BADCERT_EXPIRED)
        return V_CERT_HAS_EXPIRED;
    return all != 0 ? V_UNSPECIFIED : V_OK;
}

static long verify_code(const sslite_mbed_vrfy *v, const mbedtls_x509_crt *peer_chain,
                        sslite_mbed_lease *ca, unsigned long verify_flags)
{
    vchain ch;
    long code;

    if (!is_set(peer_chain))
        return V_UNSPECIFIED;
    if ((code = build_chain(&ch, peer_chain, ca, verify_flags)) != V_OK)
        return code;
    if ((code = check_extensions(&ch, v->peer_is_server, verify_flags)) != V_OK)
        return code;
    if (v->hostname_code != 0)
        return v->hostname_code;
    if (verify_flags & SSLITE_VERIFY_CRL_CHECK_LEAF) {
        /* CHECK_CHAIN covers every certificate, the root included. */
        int last = (verify_flags & SSLITE_VERIFY_CRL_CHECK_CHAIN) == SSLITE_VERIFY_CRL_CHECK_CHAIN
                       ? ch.n - 1
                       : 0;
        for (int i = 0; i <= last; i++) {
            code = check_crl(ch.c[i], i + 1 < ch.n ? ch.c[i + 1] : ch.c[i], ca->store);
            if (code != V_OK)
                return code;
        }
    }
    if ((code = check_signatures_and_times(&ch, v)) != V_OK)
        return code;
    return residual(v, peer_chain, ca, verify_flags);
}

long sslite__mbedtls_verify_code(const sslite_mbed_vrfy *v, const mbedtls_x509_crt *peer_chain,
                                 struct sslite_mbed_store *store, unsigned long verify_flags)
{
    /* The store's certificates the chain uses stay pinned until done. */
    sslite_mbed_lease lease;
    long code;

    sslite__lease_init(&lease, store);
    code = verify_code(v, peer_chain, &lease, verify_flags);
    sslite__lease_release(&lease);
    return code;
}

/* ---- names for lib/hostname.c ---- */

/* Copy an ASN.1 string into out as NUL-terminated UTF-8, as OpenSSL's
 * ASN1_STRING_to_UTF8 sees it (BMPString is UCS-2, UniversalString UCS-4,
 * T61String Latin-1).  A value holding a NUL byte, or that does not fit,
 * becomes "" so that it can never match. */
static const char *copy_name(const mbedtls_x509_buf *v, char *buf, size_t size, size_t *used)
{
    char *out = buf + *used;
    size_t room = size - *used, o = 0, step = 1;
    int tag = v->tag & 0x1f;

    if (tag == MBEDTLS_ASN1_BMP_STRING)
        step = 2;
    else if (tag == MBEDTLS_ASN1_UNIVERSAL_STRING)
        step = 4;
    if (room == 0 || v->len % step != 0)
        return "";
    for (size_t i = 0; i < v->len; i += step) {
        unsigned long cp = 0;
        unsigned char u[4];
        size_t k = 1;
        for (size_t j = 0; j < step; j++)
            cp = (cp << 8) | v->p[i + j];
        if (cp == 0 || cp >= 0x110000)
            return "";
        if (step == 1 && tag != MBEDTLS_ASN1_T61_STRING)
            u[0] = (unsigned char)cp;
        else
            k = sslite__mbedtls_put_utf8(u, cp);
        if (o + k >= room)
            return "";
        memcpy(out + o, u, k);
        o += k;
    }
    out[o] = '\0';
    *used += o + 1;
    return out;
}

static int is_cn(const mbedtls_x509_name *n)
{
    return n->oid.p != NULL && MBEDTLS_OID_CMP(MBEDTLS_OID_AT_CN, &n->oid) == 0;
}

sslite_cert_names *sslite__mbedtls_cert_names(const mbedtls_x509_crt *crt)
{
    const mbedtls_x509_sequence *san;
    sslite_cert_names *out;
    size_t ndns = 0, nips = 0, ncns = 0, text = 0, used = 0, head;
    const char **dns, **cns;
    const unsigned char **ips;
    size_t *iplens;
    char *buf;

    /* First pass: how much to allocate.  UTF-8 of a name is at most twice its
     * encoded length (Latin-1 and UCS-2 expand, UCS-4 does not). */
    for (san = &crt->subject_alt_names; san != NULL && san->buf.p != NULL; san = san->next) {
        int tag = san->buf.tag & MBEDTLS_ASN1_TAG_VALUE_MASK;
        if (tag == MBEDTLS_X509_SAN_DNS_NAME) {
            ndns++;
            text += san->buf.len + 1;
        } else if (tag == MBEDTLS_X509_SAN_IP_ADDRESS) {
            nips++;
        }
    }
    for (const mbedtls_x509_name *n = &crt->subject; n != NULL; n = n->next) {
        if (is_cn(n)) {
            ncns++;
            text += 2 * n->val.len + 1;
        }
    }
    head = sizeof(*out) + (ndns + ncns + nips) * sizeof(char *) + nips * sizeof(size_t);
    out = sslite__calloc(1, head + text + 1);
    if (out == NULL)
        return NULL;
    dns = (const char **)(out + 1);
    cns = dns + ndns;
    ips = (const unsigned char **)(cns + ncns);
    iplens = (size_t *)(ips + nips);
    buf = (char *)out + head;
    out->dns = dns;
    out->cns = cns;
    out->ips = ips;
    out->iplens = iplens;

    for (san = &crt->subject_alt_names; san != NULL && san->buf.p != NULL; san = san->next) {
        int tag = san->buf.tag & MBEDTLS_ASN1_TAG_VALUE_MASK;
        if (tag == MBEDTLS_X509_SAN_DNS_NAME) {
            /* Every dNSName counts (it rules out the CN), even one that is
             * kept as "" because it cannot match. */
            mbedtls_x509_buf v = san->buf;
            v.tag = MBEDTLS_ASN1_IA5_STRING;
            dns[out->ndns++] = copy_name(&v, buf, text + 1, &used);
        } else if (tag == MBEDTLS_X509_SAN_IP_ADDRESS) {
            ips[out->nips] = san->buf.p;
            iplens[out->nips++] = san->buf.len;
        }
    }
    for (const mbedtls_x509_name *n = &crt->subject; n != NULL; n = n->next)
        if (is_cn(n))
            cns[out->ncns++] = copy_name(&n->val, buf, text + 1, &used);
    return out;
}
