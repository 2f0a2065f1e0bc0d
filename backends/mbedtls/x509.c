/*
 * sslite: certificate decoding for lib/cert.c, PEM blocks and base64.
 *
 * Mbed TLS parses the certificate; what its mbedtls_x509_crt does not keep
 * (the GeneralName choices it skips, authorityInfoAccess, CRL distribution
 * points, whether a time ended in 'Z') is read from the raw DER it points
 * at with the mbedtls_asn1_* readers.  Everything is reported as neutral
 * items (backend.h) so lib/ never sees an Mbed TLS type.
 */
#include "mbedtls_internal.h" /* first: it sets Mbed TLS's private access */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <mbedtls/base64.h>

/* id-pe-authorityInfoAccess 1.3.6.1.5.5.7.1.1, id-ad-ocsp / id-ad-caIssuers,
 * id-ce-cRLDistributionPoints 2.5.29.31 (DER contents of the OIDs). */
static const unsigned char OID_AIA[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01};
static const unsigned char OID_AD_OCSP[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01};
static const unsigned char OID_AD_CA_ISSUERS[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02};
static const unsigned char OID_CRL_DP[] = {0x55, 0x1d, 0x1f};
static const unsigned char OID_SAN[] = {0x55, 0x1d, 0x11};

#define CTX_TAG(n) (MBEDTLS_ASN1_CONTEXT_SPECIFIC | (n))
#define CTX_CONS(n) (MBEDTLS_ASN1_CONTEXT_SPECIFIC | MBEDTLS_ASN1_CONSTRUCTED | (n))
#define SEQ (MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE)
/* Our own structure checks fail with this (sink errors are sslite_errtype). */
#define BAD (-1000)

typedef struct decoder {
    sslite_bx509_sink sink;
    void *ud;
    sslite_error *err;
} decoder;

/* Mbed TLS's readers take non-const pointers into buffers they only read. */
static unsigned char *unconst(const unsigned char *p)
{
    return (unsigned char *)(uintptr_t)p;
}

static int oid_eq(const unsigned char *p, size_t len, const unsigned char *oid, size_t oidlen)
{
    return len == oidlen && memcmp(p, oid, len) == 0;
}

/* Dotted text of an OID's content octets.  Mbed TLS refuses arcs wider
 * than an unsigned int; those (never seen in practice) show as "?". */
static void oid_text(const unsigned char *p, size_t len, char *buf, size_t size)
{
    mbedtls_asn1_buf b = {.tag = MBEDTLS_ASN1_OID, .len = len, .p = unconst(p)};
    if (mbedtls_oid_get_numeric_string(buf, size, &b) < 0)
        snprintf(buf, size, "?");
}

static int emit(decoder *d, sslite_bx509_item *it)
{
    return d->sink(d->ud, it);
}

/* A Name (subject, issuer, DirName) as Mbed TLS parsed it; next_merged
 * marks the attributes that share an RDN with the next one. */
static int emit_name(decoder *d, const mbedtls_x509_name *n, int which)
{
    int new_rdn = 1, ret;
    char oid[128];

    for (; n != NULL; n = n->next) {
        sslite_bx509_item it = {.kind = SSLITE_BX509_NAME_ATTR, .which = which};
        if (n->oid.p == NULL)
            continue; /* the empty Name */
        oid_text(n->oid.p, n->oid.len, oid, sizeof(oid));
        it.num = new_rdn;
        it.oid = oid;
        it.tag = n->val.tag;
        it.data = n->val.p;
        it.len = n->val.len;
        if ((ret = emit(d, &it)) != 0)
            return ret;
        new_rdn = !n->next_merged;
    }
    return 0;
}

/* The time that ends at *p: whether its text ends in 'Z' (OpenSSL prints
 * " GMT" only then).  Mbed TLS checked the rest. */
static int time_has_z(unsigned char **p, const unsigned char *end)
{
    size_t len;
    unsigned char tag;
    if (end - *p < 2)
        return 1;
    tag = **p;
    (*p)++;
    if (mbedtls_asn1_get_len(p, end, &len) != 0 || len == 0)
        return 1;
    (void)tag;
    *p += len;
    return (*p)[-1] == 'Z';
}

static int emit_time(decoder *d, int kind, const mbedtls_x509_time *t, int z)
{
    sslite_bx509_item it = {.kind = kind, .num = z};
    it.time[0] = t->year;
    it.time[1] = t->mon;
    it.time[2] = t->day;
    it.time[3] = t->hour;
    it.time[4] = t->min;
    it.time[5] = t->sec;
    return emit(d, &it);
}

/* One GeneralName at *p (advanced past it).  With emit_it 0 it is only
 * checked, so a malformed extension can be dropped whole, as OpenSSL's
 * X509_get_ext_d2i drops it. */
static int general_name(decoder *d, unsigned char **p, const unsigned char *end, int emit_it,
                        int kind)
{
    unsigned char tag;
    size_t len;
    const unsigned char *c;
    sslite_bx509_item it = {.kind = kind};
    char oid[128];
    int ret;

    if (end - *p < 1)
        return BAD;
    tag = **p;
    (*p)++;
    if (mbedtls_asn1_get_len(p, end, &len) != 0)
        return BAD;
    c = *p;
    *p += len;
    if ((tag & MBEDTLS_ASN1_TAG_CLASS_MASK) != MBEDTLS_ASN1_CONTEXT_SPECIFIC)
        return BAD;
    it.tag = tag & 0x1f;
    it.data = c;
    it.len = len;
    switch (it.tag) {
    case 0: { /* otherName: type-id OID, [0] EXPLICIT value */
        unsigned char *q = unconst(c);
        const unsigned char *qend = c + len;
        size_t l;
        if (!(tag & MBEDTLS_ASN1_CONSTRUCTED))
            return BAD;
        if (mbedtls_asn1_get_tag(&q, qend, &l, MBEDTLS_ASN1_OID) != 0)
            return BAD;
        oid_text(q, l, oid, sizeof(oid));
        q += l;
        if (mbedtls_asn1_get_tag(&q, qend, &l, CTX_CONS(0)) != 0 || q + l != qend)
            return BAD;
        /* the value: one TLV */
        if (qend - q < 2)
            return BAD;
        it.num = *q;
        q++;
        if (mbedtls_asn1_get_len(&q, qend, &l) != 0 || q + l != qend)
            return BAD;
        it.oid = oid;
        it.data = q;
        it.len = l;
        break;
    }
    case 1: case 2: case 6: case 7:
        if (tag & MBEDTLS_ASN1_CONSTRUCTED)
            return BAD;
        break;
    case 8:
        if (tag & MBEDTLS_ASN1_CONSTRUCTED)
            return BAD;
        oid_text(c, len, oid, sizeof(oid));
        it.oid = oid;
        break;
    case 3: case 4: case 5:
        if (!(tag & MBEDTLS_ASN1_CONSTRUCTED))
            return BAD;
        break;
    default:
        return BAD;
    }
    if (!emit_it)
        return 0;
    if ((ret = emit(d, &it)) != 0)
        return ret;
    if (it.tag == 4) {
        /* Mbed TLS parses a DirName into the same list as subject/issuer. */
        mbedtls_x509_subject_alternative_name san;
        mbedtls_x509_buf b = {.tag = tag, .len = len, .p = unconst(c)};
        memset(&san, 0, sizeof(san));
        if (mbedtls_x509_parse_subject_alt_name(&b, &san) != 0)
            return BAD;
        ret = emit_name(d, &san.san.directory_name, 2);
        mbedtls_x509_free_subject_alt_name(&san);
        return ret;
    }
    return 0;
}

/* GeneralNames (SEQUENCE OF GeneralName) body [p, end). */
static int general_names(decoder *d, unsigned char *p, const unsigned char *end, int emit_it,
                         int kind)
{
    int ret;
    while (p < end)
        if ((ret = general_name(d, &p, end, emit_it, kind)) != 0)
            return ret;
    return 0;
}

static int ext_san(decoder *d, unsigned char *p, const unsigned char *end, int emit_it)
{
    size_t len;
    sslite_bx509_item it = {.kind = SSLITE_BX509_SAN_PRESENT};
    int ret;

    if (mbedtls_asn1_get_tag(&p, end, &len, SEQ) != 0 || p + len != end)
        return BAD;
    if (emit_it && (ret = emit(d, &it)) != 0)
        return ret;
    return general_names(d, p, end, emit_it, SSLITE_BX509_SAN);
}

/* authorityInfoAccess: the URIs of one access method.  Other locations
 * are skipped, as CPython skips them. */
static int ext_aia(decoder *d, unsigned char *p, const unsigned char *end, int emit_it,
                   const unsigned char *method, size_t mlen, int kind)
{
    size_t len;
    int ret;

    if (mbedtls_asn1_get_tag(&p, end, &len, SEQ) != 0 || p + len != end)
        return BAD;
    while (p < end) {
        unsigned char *q, *qend, *oid;
        size_t olen;
        if (mbedtls_asn1_get_tag(&p, end, &len, SEQ) != 0)
            return BAD;
        q = p;
        qend = p + len;
        p = qend;
        if (mbedtls_asn1_get_tag(&q, qend, &olen, MBEDTLS_ASN1_OID) != 0)
            return BAD;
        oid = q;
        q += olen;
        if (emit_it && (qend - q < 1 || *q != CTX_TAG(6) || !oid_eq(oid, olen, method, mlen))) {
            continue;
        }
        if ((ret = general_name(d, &q, qend, emit_it, kind)) != 0)
            return ret;
        if (q != qend)
            return BAD;
    }
    return 0;
}

/* cRLDistributionPoints: the URIs of every fullName. */
static int ext_crldp(decoder *d, unsigned char *p, const unsigned char *end, int emit_it)
{
    size_t len;
    int ret;

    if (mbedtls_asn1_get_tag(&p, end, &len, SEQ) != 0 || p + len != end)
        return BAD;
    while (p < end) {
        unsigned char *q, *qend;
        if (mbedtls_asn1_get_tag(&p, end, &len, SEQ) != 0)
            return BAD;
        q = p;
        qend = p + len;
        p = qend;
        if (q < qend && *q == CTX_CONS(0)) {
            unsigned char *r, *rend;
            if (mbedtls_asn1_get_tag(&q, qend, &len, CTX_CONS(0)) != 0)
                return BAD;
            r = q;
            rend = q + len;
            q = rend;
            if (r < rend && *r == CTX_CONS(0)) {
                if (mbedtls_asn1_get_tag(&r, rend, &len, CTX_CONS(0)) != 0 || r + len != rend)
                    return BAD;
                /* only URIs are reported; check the rest but say nothing */
                while (r < rend) {
                    int uri = *r == CTX_TAG(6);
                    if ((ret = general_name(d, &r, rend, emit_it && uri,
                                            SSLITE_BX509_CRL_DP)) != 0)
                        return ret;
                }
            } else if (r < rend && *r != CTX_CONS(1)) {
                return BAD;
            }
        }
        /* reasons [1] and cRLIssuer [2] are not shown */
    }
    return 0;
}

/* X509_check_ca() as OpenSSL 3 decides it, from what Mbed TLS parsed:
 * keyUsage without keyCertSign says no; basicConstraints decides if
 * present; otherwise a self-issued v1 certificate (3), a keyUsage (4) or
 * a Netscape CA type (5) says yes. */
static long check_ca(const mbedtls_x509_crt *crt)
{
    int ext = crt->ext_types;

    if ((ext & MBEDTLS_X509_EXT_KEY_USAGE) && !(crt->key_usage & MBEDTLS_X509_KU_KEY_CERT_SIGN))
        return 0;
    if (ext & MBEDTLS_X509_EXT_BASIC_CONSTRAINTS)
        return crt->ca_istrue ? 1 : 0;
    if (crt->version == 1 && crt->subject_raw.len == crt->issuer_raw.len &&
        memcmp(crt->subject_raw.p, crt->issuer_raw.p, crt->subject_raw.len) == 0)
        return 3;
    if (ext & MBEDTLS_X509_EXT_KEY_USAGE)
        return 4;
    if ((ext & MBEDTLS_X509_EXT_NS_CERT_TYPE) &&
        (crt->ns_cert_type & (MBEDTLS_X509_NS_CERT_TYPE_SSL_CA | MBEDTLS_X509_NS_CERT_TYPE_EMAIL_CA |
                              MBEDTLS_X509_NS_CERT_TYPE_OBJECT_SIGNING_CA)))
        return 5;
    return 0;
}

/* Unknown extensions, critical or not, are kept: decoding shows them (or
 * not) as CPython does, whatever verification would think of them. */
static int accept_ext(void *p_ctx, mbedtls_x509_crt const *crt, mbedtls_x509_buf const *oid,
                      int critical, const unsigned char *p, const unsigned char *end)
{
    (void)p_ctx;
    (void)crt;
    (void)oid;
    (void)critical;
    (void)p;
    (void)end;
    return 0;
}

typedef struct ext_ref {
    unsigned char *p, *end;
    int count;
} ext_ref;

/* Find the extensions CPython shows.  X509_get_ext_d2i() gives nothing
 * for an extension present twice, so neither do we. */
static int find_exts(const mbedtls_x509_crt *crt, ext_ref *san, ext_ref *aia, ext_ref *dp)
{
    unsigned char *p = crt->v3_ext.p;
    const unsigned char *end;
    size_t len;

    if (p == NULL || crt->v3_ext.len == 0)
        return 0;
    end = p + crt->v3_ext.len;
    if (mbedtls_asn1_get_tag(&p, end, &len, SEQ) != 0)
        return BAD;
    end = p + len;
    while (p < end) {
        unsigned char *q, *qend, *oid;
        size_t olen;
        int crit;
        ext_ref *r = NULL;
        if (mbedtls_asn1_get_tag(&p, end, &len, SEQ) != 0)
            return BAD;
        q = p;
        qend = p + len;
        p = qend;
        if (mbedtls_asn1_get_tag(&q, qend, &olen, MBEDTLS_ASN1_OID) != 0)
            return BAD;
        oid = q;
        q += olen;
        (void)mbedtls_asn1_get_bool(&q, qend, &crit);
        if (mbedtls_asn1_get_tag(&q, qend, &len, MBEDTLS_ASN1_OCTET_STRING) != 0)
            return BAD;
        if (oid_eq(oid, olen, OID_SAN, sizeof(OID_SAN)))
            r = san;
        else if (oid_eq(oid, olen, OID_AIA, sizeof(OID_AIA)))
            r = aia;
        else if (oid_eq(oid, olen, OID_CRL_DP, sizeof(OID_CRL_DP)))
            r = dp;
        if (r != NULL) {
            r->count++;
            r->p = q;
            r->end = q + len;
        }
    }
    return 0;
}

static int decode(decoder *d, const mbedtls_x509_crt *crt)
{
    sslite_bx509_item it;
    ext_ref san = {0}, aia = {0}, dp = {0};
    unsigned char *p;
    const unsigned char *end;
    size_t len;
    int ret, z1 = 1, z2 = 1;

    if ((ret = emit_name(d, &crt->subject, 0)) != 0)
        return ret;
    if ((ret = emit_name(d, &crt->issuer, 1)) != 0)
        return ret;
    memset(&it, 0, sizeof(it));
    it.kind = SSLITE_BX509_VERSION;
    it.num = crt->version;
    if ((ret = emit(d, &it)) != 0)
        return ret;
    memset(&it, 0, sizeof(it));
    it.kind = SSLITE_BX509_SERIAL;
    it.data = crt->serial.p;
    it.len = crt->serial.len;
    if ((ret = emit(d, &it)) != 0)
        return ret;

    /* Validity follows the issuer Name in the TBS. */
    p = crt->issuer_raw.p + crt->issuer_raw.len;
    end = crt->tbs.p + crt->tbs.len;
    if (mbedtls_asn1_get_tag(&p, end, &len, SEQ) == 0) {
        end = p + len;
        z1 = time_has_z(&p, end);
        z2 = time_has_z(&p, end);
    }
    if ((ret = emit_time(d, SSLITE_BX509_NOT_BEFORE, &crt->valid_from, z1)) != 0)
        return ret;
    if ((ret = emit_time(d, SSLITE_BX509_NOT_AFTER, &crt->valid_to, z2)) != 0)
        return ret;

    if (find_exts(crt, &san, &aia, &dp) == 0) {
        if (san.count == 1 && ext_san(d, san.p, san.end, 0) == 0 &&
            (ret = ext_san(d, san.p, san.end, 1)) != 0)
            return ret;
        if (aia.count == 1 &&
            ext_aia(d, aia.p, aia.end, 0, NULL, 0, 0) == 0) {
            if ((ret = ext_aia(d, aia.p, aia.end, 1, OID_AD_OCSP, sizeof(OID_AD_OCSP),
                               SSLITE_BX509_OCSP)) != 0)
                return ret;
            if ((ret = ext_aia(d, aia.p, aia.end, 1, OID_AD_CA_ISSUERS,
                               sizeof(OID_AD_CA_ISSUERS), SSLITE_BX509_CA_ISSUERS)) != 0)
                return ret;
        }
        if (dp.count == 1 && ext_crldp(d, dp.p, dp.end, 0) == 0 &&
            (ret = ext_crldp(d, dp.p, dp.end, 1)) != 0)
            return ret;
    }

    memset(&it, 0, sizeof(it));
    it.kind = SSLITE_BX509_IS_CA;
    it.num = check_ca(crt);
    return emit(d, &it);
}

int sslite__mbedtls_x509_decode(const unsigned char *der, size_t len, sslite_bx509_sink sink,
                                void *ud, sslite_error *err)
{
    mbedtls_x509_crt crt;
    decoder d = {sink, ud, err};
    int ret;

    mbedtls_x509_crt_init(&crt);
    ret = mbedtls_x509_crt_parse_der_with_ext_cb(&crt, der, len, 0, accept_ext, NULL);
    if (ret != 0) {
        char text[128];
#if defined(MBEDTLS_ERROR_C)
        mbedtls_strerror(ret, text, sizeof(text));
#else
        snprintf(text, sizeof(text), "Mbed TLS error -0x%04X", (unsigned)-ret);
#endif
        ret = sslite__err_set(err, SSLITE_ERR_SSL, SSLITE_SSL_ERROR_SSL, "X509", NULL,
                              "[X509] cannot decode the certificate: %s (%s:%d)", text,
                              SSLITE__WHERE);
        goto out;
    }
    ret = decode(&d, &crt);
    if (ret == BAD) /* else 0 or the sink's error, already in err */
        ret = sslite__err_set(err, SSLITE_ERR_SSL, SSLITE_SSL_ERROR_SSL, "X509", NULL,
                              "[X509] cannot decode the certificate: malformed extension (%s:%d)",
                              SSLITE__WHERE);
out:
    mbedtls_x509_crt_free(&crt);
    return ret;
}

/* ---------------------------------------------------------------- PEM */

int sslite__mbedtls_pem_read(const char *text, size_t len, const char *label, unsigned char **der,
                             size_t *der_len, size_t *consumed, sslite_error *err)
{
    char header[80], footer[80];
    mbedtls_pem_context pem;
    char *buf = NULL;
    size_t use_len = 0;
    int ret = 0, r;

    *der = NULL;
    *der_len = 0;
    *consumed = 0;
    mbedtls_pem_init(&pem);
    snprintf(header, sizeof(header), "-----BEGIN %s-----", label);
    snprintf(footer, sizeof(footer), "-----END %s-----", label);
    /* Mbed TLS reads NUL-terminated text. */
    buf = sslite__malloc(len + 1);
    SSLITE_GUARD_PTR(buf, err);
    memcpy(buf, text, len);
    buf[len] = '\0';
    r = mbedtls_pem_read_buffer(&pem, header, footer, (const unsigned char *)buf, NULL, 0,
                                &use_len);
    if (r != 0) {
        ret = sslite__err_set(err, SSLITE_ERR_SSL, SSLITE_SSL_ERROR_SSL, "PEM",
                              r == MBEDTLS_ERR_PEM_NO_HEADER_FOOTER_PRESENT ? "NO_START_LINE"
                                                                            : "BAD_BASE64_DECODE",
                              "[PEM: %s] %s (%s:%d)",
                              r == MBEDTLS_ERR_PEM_NO_HEADER_FOOTER_PRESENT ? "NO_START_LINE"
                                                                            : "BAD_BASE64_DECODE",
                              r == MBEDTLS_ERR_PEM_NO_HEADER_FOOTER_PRESENT ? "no start line"
                                                                            : "bad base64 decode",
                              SSLITE__WHERE);
        goto out;
    }
    {
        size_t n;
        const unsigned char *b = mbedtls_pem_get_buffer(&pem, &n);
        *der = sslite__malloc(n > 0 ? n : 1);
        SSLITE_GUARD_PTR(*der, err);
        memcpy(*der, b, n);
        *der_len = n;
    }
    /* use_len counts from the start of text to past the footer's line end. */
    *consumed = use_len <= len ? use_len : len;
out:
    mbedtls_pem_free(&pem);
    sslite__free(buf);
    return ret;
}

/* ---------------------------------------------------------------- base64 */

int sslite__mbedtls_base64(int decode_it, const unsigned char *in, size_t inlen, unsigned char *out,
                           size_t outsize, size_t *olen)
{
    int r;
    if (decode_it)
        r = mbedtls_base64_decode(out, outsize, olen, in, inlen);
    else
        r = mbedtls_base64_encode(out, outsize, olen, in, inlen);
    return r == 0 ? 0 : -1;
}
