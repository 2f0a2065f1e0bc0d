/*
 * sslite: the lazy trust store — index, cache, lookups (truststore.h).
 */
#include "truststore.h" /* first: it sets Mbed TLS's private access */

#include <mbedtls/platform.h>

#include <stdlib.h>
#include <string.h>

#define PEM_BEGIN "-----BEGIN CERTIFICATE-----"
#define PEM_END "-----END CERTIFICATE-----"

/* ---------------------------------------------------------------- names */

/* OpenSSL's X509_NAME_hash: SHA-1 over the name's canonical encoding, the
 * first four bytes read little-endian.  The canonical encoding is the
 * RDNs (the SETs, without the outer SEQUENCE) re-encoded with every
 * DirectoryString-like value as a UTF8String that is lowercased (ASCII),
 * trimmed and whose runs of white space are one space; other values are
 * kept as they are.  A multi-valued RDN is re-sorted as DER sorts a SET. */

static int is_space(unsigned char ch)
{
    return ch == ' ' || (ch >= '\t' && ch <= '\r');
}

size_t sslite__mbedtls_put_utf8(unsigned char out[4], unsigned long cp)
{
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xc0 | (cp >> 6));
        out[1] = (unsigned char)(0x80 | (cp & 0x3f));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xe0 | (cp >> 12));
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
        out[2] = (unsigned char)(0x80 | (cp & 0x3f));
        return 3;
    }
    out[0] = (unsigned char)(0xf0 | (cp >> 18));
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (unsigned char)(0x80 | (cp & 0x3f));
    return 4;
}

static int valid_cp(unsigned long cp)
{
    return cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
}

/* One UTF-8 code point from p (strict: no overlong forms or surrogates);
 * its length, 0 if invalid. */
static size_t get_utf8(const unsigned char *p, size_t n, unsigned long *cp)
{
    static const unsigned long min[4] = {0, 0x80, 0x800, 0x10000};
    size_t k;

    if (p[0] < 0x80) {
        *cp = p[0];
        return 1;
    }
    if ((p[0] & 0xe0) == 0xc0)
        k = 2;
    else if ((p[0] & 0xf0) == 0xe0)
        k = 3;
    else if ((p[0] & 0xf8) == 0xf0)
        k = 4;
    else
        return 0;
    if (n < k)
        return 0;
    *cp = p[0] & (0x7f >> k);
    for (size_t i = 1; i < k; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        *cp = (*cp << 6) | (p[i] & 0x3f);
    }
    return *cp >= min[k - 1] && valid_cp(*cp) ? k : 0;
}

/* The value as UTF-8 into out (room for 2 * n bytes), then in canonical
 * form.  Its length, or -1 when OpenSSL could not convert it. */
static long canon_string(int tag, const unsigned char *v, size_t n, unsigned char *out)
{
    size_t o = 0, i = 0, step = tag == MBEDTLS_ASN1_BMP_STRING         ? 2
                                : tag == MBEDTLS_ASN1_UNIVERSAL_STRING ? 4
                                                                       : 1;
    size_t from, to, w;

    if (n % step != 0)
        return -1;
    while (i < n) {
        unsigned long cp = 0;
        if (tag == MBEDTLS_ASN1_UTF8_STRING) {
            size_t k = get_utf8(v + i, n - i, &cp);
            if (k == 0)
                return -1;
            i += k;
        } else {
            for (size_t j = 0; j < step; j++)
                cp = (cp << 8) | v[i + j];
            i += step;
            if (!valid_cp(cp))
                return -1;
        }
        o += sslite__mbedtls_put_utf8(out + o, cp);
    }
    /* Trim, fold white space, lowercase ASCII, in place. */
    from = 0;
    to = o;
    while (from < to && is_space(out[from]))
        from++;
    while (to > from && is_space(out[to - 1]))
        to--;
    for (w = 0, i = from; i < to;) {
        if (out[i] >= 0x80) {
            out[w++] = out[i++];
        } else if (is_space(out[i])) {
            out[w++] = ' ';
            while (is_space(out[i]))
                i++;
        } else {
            unsigned char ch = out[i++];
            out[w++] = ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch + 32) : ch;
        }
    }
    return (long)w;
}

static size_t put_tl(unsigned char *out, int tag, size_t len)
{
    size_t o = 0;
    out[o++] = (unsigned char)tag;
    if (len < 0x80) {
        out[o++] = (unsigned char)len;
    } else {
        size_t k = len > 0xffffff ? 4 : len > 0xffff ? 3 : len > 0xff ? 2 : 1;
        out[o++] = (unsigned char)(0x80 | k);
        while (k-- > 0)
            out[o++] = (unsigned char)(len >> (8 * k));
    }
    return o;
}

/* DER's SET OF order: as octet strings, a shorter prefix first. */
static int der_cmp(const unsigned char *a, size_t al, const unsigned char *b, size_t bl)
{
    int r = memcmp(a, b, al < bl ? al : bl);
    return r != 0 ? r : al < bl ? -1 : al > bl;
}

#define MAX_AVAS 16

/* The canonical encoding of name into out (room for 3 * len + 64). */
static long canon_name(const unsigned char *name, size_t len, unsigned char *out,
                       unsigned char *scratch)
{
    unsigned char *p = (unsigned char *)(uintptr_t)name; /* Mbed TLS's API is not const */
    const unsigned char *end;
    size_t n, o = 0;

    /* A certificate may come with no issuer name at all (a hostile peer's
     * does): nothing to look up. */
    if (name == NULL || len == 0)
        return -1;
    end = name + len;

    if (mbedtls_asn1_get_tag(&p, end, &n, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE) != 0)
        return -1;
    end = p + n;
    while (p < end) {
        unsigned char *set_end, *ava[MAX_AVAS];
        size_t avalen[MAX_AVAS], navas = 0, s = 0, total = 0;
        if (mbedtls_asn1_get_tag(&p, end, &n, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SET) != 0)
            return -1;
        set_end = p + n;
        while (p < set_end) {
            unsigned char *oid, *val;
            size_t oidlen, vlen, body;
            unsigned char *a = scratch + s;
            long clen;
            int tag;
            if (navas == MAX_AVAS ||
                mbedtls_asn1_get_tag(&p, set_end, &n,
                                     MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE) != 0)
                return -1;
            oid = p;
            if (mbedtls_asn1_get_tag(&p, p + n, &oidlen, MBEDTLS_ASN1_OID) != 0)
                return -1;
            oidlen += (size_t)(p - oid);
            p += oidlen - (size_t)(p - oid);
            if (p >= set_end)
                return -1;
            tag = *p++;
            if ((tag & 0x1f) == 0x1f || mbedtls_asn1_get_len(&p, set_end, &vlen) != 0)
                return -1;
            val = p;
            p += vlen;
            /* The value first, after room for the headers (12 bytes). */
            switch (tag) {
            case MBEDTLS_ASN1_UTF8_STRING:
            case MBEDTLS_ASN1_PRINTABLE_STRING:
            case MBEDTLS_ASN1_T61_STRING:
            case MBEDTLS_ASN1_IA5_STRING:
            case 0x1a: /* VisibleString */
            case MBEDTLS_ASN1_BMP_STRING:
            case MBEDTLS_ASN1_UNIVERSAL_STRING:
                clen = canon_string(tag, val, vlen, a + 12 + oidlen + 6);
                if (clen < 0)
                    return -1;
                tag = MBEDTLS_ASN1_UTF8_STRING;
                break;
            default:
                memcpy(a + 12 + oidlen + 6, val, vlen);
                clen = (long)vlen;
            }
            /* SEQUENCE { oid, value } laid out in front of the value. */
            {
                unsigned char hdr[6];
                size_t hl = put_tl(hdr, tag, (size_t)clen), sl;
                unsigned char seq[6];
                body = oidlen + hl + (size_t)clen;
                sl = put_tl(seq, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SEQUENCE, body);
                memmove(a + sl + oidlen + hl, a + 12 + oidlen + 6, (size_t)clen);
                memcpy(a, seq, sl);
                memcpy(a + sl, oid, oidlen);
                memcpy(a + sl + oidlen, hdr, hl);
                ava[navas] = a;
                avalen[navas] = sl + body;
            }
            s += avalen[navas];
            total += avalen[navas++];
        }
        /* Insertion sort: RDNs hold one or two values. */
        for (size_t i = 1; i < navas; i++)
            for (size_t j = i; j > 0 && der_cmp(ava[j - 1], avalen[j - 1], ava[j], avalen[j]) > 0;
                 j--) {
                unsigned char *tp = ava[j];
                size_t tl = avalen[j];
                ava[j] = ava[j - 1];
                avalen[j] = avalen[j - 1];
                ava[j - 1] = tp;
                avalen[j - 1] = tl;
            }
        o += put_tl(out + o, MBEDTLS_ASN1_CONSTRUCTED | MBEDTLS_ASN1_SET, total);
        for (size_t i = 0; i < navas; i++) {
            memcpy(out + o, ava[i], avalen[i]);
            o += avalen[i];
        }
    }
    return (long)o;
}

int sslite__store_name_hash(const unsigned char *name, size_t len, uint32_t *out)
{
    unsigned char stack[2 * (3 * 256 + 64)], *buf = stack, md[32];
    size_t room = 3 * len + 64;
    const mbedtls_md_info_t *sha1 = mbedtls_md_info_from_type(MBEDTLS_MD_SHA1);
    long n;
    int ret = 0;

    if (2 * room > sizeof(stack) && (buf = sslite__malloc(2 * room)) == NULL)
        return -1;
    n = canon_name(name, len, buf, buf + room);
    if (n < 0) {
        ret = -1;
    } else if (sha1 != NULL && mbedtls_md(sha1, buf, (size_t)n, md) == 0) {
        *out = (uint32_t)md[0] | (uint32_t)md[1] << 8 | (uint32_t)md[2] << 16 |
               (uint32_t)md[3] << 24;
    } else {
        /* No SHA-1 in this Mbed TLS: a key of our own (capath files then
         * never match, but loaded certificates are still found). */
        uint32_t h = 2166136261u;
        for (long i = 0; i < n; i++)
            h = (h ^ buf[i]) * 16777619u;
        *out = h;
    }
    if (buf != stack)
        sslite__free(buf);
    return ret;
}

/* ---------------------------------------------------------------- index */

#if SSLITE_WITH_PTHREAD
static __thread sslite_mbed_store *t_current;
#else
static sslite_mbed_store *t_current; /* one thread, or handshakes under the hooks' locks */
#endif

void sslite__store_set_current(sslite_mbed_store *s)
{
    t_current = s;
}

void sslite__store_init(sslite_mbed_store *s)
{
    memset(s, 0, sizeof(*s));
    (void)sslite__mutex_init(&s->lock); /* without a mutex: unlocked, single-threaded */
    sslite__store_crl_init(s);
}

static void cached_unref(ts_cached *c)
{
    if (c != NULL && --c->refs == 0) {
        mbedtls_x509_crt_free(&c->crt);
        sslite__free(c);
    }
}

void sslite__store_free(sslite_mbed_store *s)
{
    for (size_t i = 0; i < SSLITE_TRUST_CACHE_SLOTS; i++)
        cached_unref(s->cache[i]);
    for (size_t i = 0; i < s->nsrc; i++) {
        sslite__free(s->src[i].path);
        sslite__free(s->src[i].mem);
    }
    for (size_t i = 0; i < s->ndirs; i++)
        sslite__free(s->dirs[i]);
#if !defined(MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK)
    for (size_t i = 0; i < s->nold_full; i++) {
        mbedtls_x509_crt_free(s->old_full[i]);
        sslite__free(s->old_full[i]);
    }
    sslite__free(s->old_full);
#endif
    sslite__store_crl_free(s);
    sslite__free(s->e);
    sslite__free(s->src);
    sslite__free(s->dirs);
    sslite__free(s->probes);
    sslite__mutex_destroy(&s->lock);
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    void *np;
    size_t nc;

    if (need <= *cap)
        return 0;
    nc = *cap ? *cap * 2 : 16;
    while (nc < need)
        nc *= 2;
    if ((np = sslite__realloc(*p, nc * size)) == NULL)
        return -1;
    *p = np;
    *cap = nc;
    return 0;
}

long sslite__store_new_src(sslite_mbed_store *s, int kind, const char *path)
{
    ts_src *src;

    if (grow((void **)&s->src, &s->srccap, s->nsrc + 1, sizeof(*s->src)) < 0)
        return -1;
    src = &s->src[s->nsrc];
    memset(src, 0, sizeof(*src));
    src->kind = kind;
    if (path != NULL && (src->path = sslite__strdup(path)) == NULL)
        return -1;
    return (long)s->nsrc++;
}

static void digest(const unsigned char *der, size_t len, unsigned char out[32])
{
    const mbedtls_md_info_t *md = mbedtls_md_info_from_type(MBEDTLS_MD_SHA256);
    if (md == NULL || mbedtls_md(md, der, len, out) != 0) {
        /* No SHA-256: a weaker tag still tells files that changed apart. */
        uint32_t h = 2166136261u;
        memset(out, 0, 32);
        for (size_t i = 0; i < len; i++)
            h = (h ^ der[i]) * 16777619u;
        memcpy(out, &h, sizeof(h));
        memcpy(out + 4, &len, sizeof(len) < 28 ? sizeof(len) : 28);
    }
}

static int have_digest(const sslite_mbed_store *s, const unsigned char sha[32])
{
    for (size_t i = 0; i < s->n; i++)
        if (memcmp(s->e[i].sha, sha, 32) == 0)
            return 1;
    return 0;
}

/* Index one DER certificate found at [off, off+len) of source src.  An
 * identical certificate already there is not added again (X509_STORE
 * keeps each once).  0 or an Mbed TLS error. */
static int index_der(sslite_mbed_store *s, uint32_t src, const unsigned char *der, size_t dlen,
                     size_t off, size_t len, int pem)
{
    mbedtls_x509_crt crt;
    ts_entry e;
    int ret;

    memset(&e, 0, sizeof(e));
    mbedtls_x509_crt_init(&crt);
    if ((ret = mbedtls_x509_crt_parse_der_nocopy(&crt, der, dlen)) != 0)
        goto out;
    digest(crt.raw.p, crt.raw.len, e.sha);
    if (have_digest(s, e.sha))
        goto out;
    if (sslite__store_name_hash(crt.subject_raw.p, crt.subject_raw.len, &e.hash) < 0)
        e.hash = 0; /* OpenSSL's hash of a name it cannot canonicalise */
    if (s->src[src].kind == TS_SRC_MEM) {
        /* cadata: keep the certificate's DER (and only it). */
        ts_src *m = &s->src[src];
        unsigned char *grown = sslite__realloc(m->mem, m->memlen + crt.raw.len);
        if (grown == NULL) {
            ret = MBEDTLS_ERR_X509_ALLOC_FAILED;
            goto out;
        }
        memcpy(grown + m->memlen, crt.raw.p, crt.raw.len);
        m->mem = grown;
        off = m->memlen;
        len = crt.raw.len;
        m->memlen += crt.raw.len;
    }
    e.src = src;
    e.off = (uint32_t)off;
    e.len = (uint32_t)len;
    e.pem = (unsigned char)pem;
    e.is_ca = crt.ca_istrue != 0;
    if (grow((void **)&s->e, &s->cap, s->n + 1, sizeof(*s->e)) < 0) {
        ret = MBEDTLS_ERR_X509_ALLOC_FAILED;
        goto out;
    }
    s->e[s->n++] = e;
out:
    mbedtls_x509_crt_free(&crt);
    return ret;
}

/* Each PEM certificate block of buf (NUL terminated, len counting it), as
 * mbedtls_x509_crt_parse walks them; fn gets the DER and the block's
 * range.  0 if at least one block was good, else the first error. */
typedef int (*block_fn)(void *ud, const unsigned char *der, size_t dlen, size_t off, size_t len);

static int each_pem_block(const unsigned char *buf, size_t len, block_fn fn, void *ud)
{
    const unsigned char *p = buf;
    int success = 0, first_error = 0;

    while (len > 1) {
        mbedtls_pem_context pem;
        const char *hdr = strstr((const char *)p, PEM_BEGIN);
        size_t use_len = 0;
        int r;

        mbedtls_pem_init(&pem);
        r = mbedtls_pem_read_buffer(&pem, PEM_BEGIN, PEM_END, p, NULL, 0, &use_len);
        if (r == 0) {
            r = fn(ud, pem.buf, pem.buflen, (size_t)((const unsigned char *)hdr - buf),
                   (size_t)(p + use_len - (const unsigned char *)hdr));
            mbedtls_pem_free(&pem);
            if (r == MBEDTLS_ERR_X509_ALLOC_FAILED)
                return r;
            if (r == 0)
                success++;
            else if (first_error == 0)
                first_error = r;
        } else if (r == MBEDTLS_ERR_PEM_BAD_INPUT_DATA) {
            return r;
        } else if (r != MBEDTLS_ERR_PEM_NO_HEADER_FOOTER_PRESENT) {
            mbedtls_pem_free(&pem);
            if (first_error == 0)
                first_error = r;
        } else {
            break;
        }
        len -= use_len;
        p += use_len;
    }
    if (success > 0)
        return 0;
    return first_error != 0 ? first_error : MBEDTLS_ERR_X509_CERT_UNKNOWN_FORMAT;
}

typedef struct add_ud {
    sslite_mbed_store *s;
    uint32_t src;
} add_ud;

static int add_block(void *ud, const unsigned char *der, size_t dlen, size_t off, size_t len)
{
    add_ud *a = ud;
    return index_der(a->s, a->src, der, dlen, off, len, 1);
}

int sslite__store_add_blob(sslite_mbed_store *s, uint32_t src, const unsigned char *buf,
                           size_t len, int crls, int *added)
{
    add_ud a = {s, src};
    int n;

    *added = 0;
    /* PEM: certificates and CRLs may be mixed in a cafile, and a CRL that
     * does not parse fails the load as OpenSSL's file lookup does. */
    if (crls && strstr((const char *)buf, "-----BEGIN X509 CRL-----") != NULL) {
        if ((n = sslite__store_add_crls(s, buf, len)) != 0)
            return n;
        ++*added;
    }
    if (len > 0 && buf[len - 1] == '\0' && strstr((const char *)buf, PEM_BEGIN) != NULL) {
        if ((n = each_pem_block(buf, len, add_block, &a)) != 0)
            return n;
        ++*added;
    } else if (strstr((const char *)buf, "-----BEGIN TRUSTED CERTIFICATE-----") != NULL) {
        /* Mbed TLS reads no such block: it tries the text as DER. */
        if ((n = index_der(s, src, buf, len, 0, len, 0)) != 0)
            return n;
        ++*added;
    }
    return 0;
}

int sslite__store_load_data(sslite_mbed_store *s, const void *data, size_t len, int der,
                            sslite_error *err)
{
    long src = sslite__store_new_src(s, TS_SRC_MEM, NULL);
    unsigned char *buf;
    int ret = 0, n, added = 0;

    if (src < 0)
        return sslite__err_nomem(err);
    if (der) {
        /* Concatenated DER certificates, as CPython accepts. */
        const unsigned char *d = data;
        size_t off = 0;
        while (off < len) {
            size_t clen;
            const unsigned char *p = d + off;
            unsigned char *q = (unsigned char *)(uintptr_t)(p + 1); /* Mbed TLS API is not const */
            if (p[0] != 0x30 || mbedtls_asn1_get_len(&q, d + len, &clen) != 0)
                break;
            clen += (size_t)(q - p);
            if ((n = index_der(s, (uint32_t)src, p, clen, 0, 0, 0)) != 0)
                return sslite__mbedtls_load_error(err, n, SSLITE__LOAD_CADATA, SSLITE__WHERE);
            added++;
            off += clen;
        }
        if (off != len || added == 0)
            return sslite__mbedtls_load_error(err, MBEDTLS_ERR_X509_INVALID_FORMAT,
                                              added ? SSLITE__LOAD_CADATA_TRAILING : SSLITE__LOAD_CADATA_DER,
                                              SSLITE__WHERE);
        return 0;
    }
    /* PEM text needs its terminator for Mbed TLS.  cadata holds
     * certificates only: CPython reads nothing else from it. */
    buf = sslite__malloc(len + 1);
    if (buf == NULL)
        return sslite__err_nomem(err);
    memcpy(buf, data, len);
    buf[len] = '\0';
    n = sslite__store_add_blob(s, (uint32_t)src, buf, len + 1, 0, &added);
    if (n != 0)
        ret = sslite__mbedtls_load_error(err, n, SSLITE__LOAD_CA, SSLITE__WHERE);
    /* Nothing loaded, even for a bad certificate body: CPython's words. */
    if (added == 0 && (ret == 0 || ret == SSLITE_ERR_SSL))
        ret = sslite__mbedtls_load_error(err, MBEDTLS_ERR_PEM_NO_HEADER_FOOTER_PRESENT,
                                         SSLITE__LOAD_CADATA_PEM, SSLITE__WHERE);
    sslite__free(buf);
    return ret;
}

/* A file changed since it was indexed: find each of its certificates
 * again by digest (a bundle rewritten by the package manager moves
 * them).  Under the lock. */
typedef struct reindex_ud {
    sslite_mbed_store *s;
    uint32_t src;
} reindex_ud;

static int reindex_block(void *ud, const unsigned char *der, size_t dlen, size_t off, size_t len)
{
    reindex_ud *r = ud;
    unsigned char sha[32];
    mbedtls_x509_crt crt;

    mbedtls_x509_crt_init(&crt);
    if (mbedtls_x509_crt_parse_der_nocopy(&crt, der, dlen) == 0) {
        digest(crt.raw.p, crt.raw.len, sha);
        for (size_t i = 0; i < r->s->n; i++) {
            ts_entry *e = &r->s->e[i];
            if (e->src == r->src && memcmp(e->sha, sha, 32) == 0) {
                e->off = (uint32_t)off;
                e->len = (uint32_t)len;
            }
        }
    }
    mbedtls_x509_crt_free(&crt);
    return 0;
}

void sslite__store_reindex(sslite_mbed_store *s, uint32_t src, const unsigned char *buf,
                           size_t len)
{
    reindex_ud r = {s, src};
    /* What is no longer there stays unreadable (len 0), not rescanned
     * on every lookup. */
    for (size_t i = 0; i < s->n; i++)
        if (s->e[i].src == src)
            s->e[i].len = 0;
    (void)each_pem_block(buf, len, reindex_block, &r);
}

/* ---------------------------------------------------------------- cache */

/* The DER of entry i parsed, with one reference for the caller.  Under
 * the lock.  NULL if its bytes are gone (a changed file that no longer
 * holds it) or out of memory. */
static ts_cached *load_entry(sslite_mbed_store *s, uint32_t i)
{
    ts_entry *e = &s->e[i];
    ts_src *src = &s->src[e->src];
    ts_cached *c = sslite__calloc(1, sizeof(*c));
    unsigned char sha[32];
    int ok = 0;

    if (c == NULL)
        return NULL;
    mbedtls_x509_crt_init(&c->crt);
    c->entry = i;
    c->refs = 1;
    if (src->kind == TS_SRC_MEM) {
        /* The store keeps the bytes: parse them where they are. */
        ok = mbedtls_x509_crt_parse_der_nocopy(&c->crt, src->mem + e->off, e->len) == 0;
    } else {
        /* Read its range again; a file that changed is indexed again
         * once (its certificates moved), then read again. */
        for (int attempt = 0; attempt < 2 && !ok; attempt++) {
            unsigned char *buf = NULL;
            if (attempt == 1 && sslite__store_rescan(s, e->src) != 0)
                break;
            e = &s->e[i];
            if (e->len == 0 || sslite__store_read_range(s, e, &buf) != 0)
                continue;
            if (e->pem) {
                mbedtls_pem_context pem;
                size_t use_len;
                mbedtls_pem_init(&pem);
                ok = mbedtls_pem_read_buffer(&pem, PEM_BEGIN, PEM_END, buf, NULL, 0, &use_len) ==
                         0 &&
                     mbedtls_x509_crt_parse_der(&c->crt, pem.buf, pem.buflen) == 0;
                mbedtls_pem_free(&pem);
            } else {
                ok = mbedtls_x509_crt_parse_der(&c->crt, buf, e->len) == 0;
            }
            sslite__free(buf);
            if (ok) {
                digest(c->crt.raw.p, c->crt.raw.len, sha);
                ok = memcmp(sha, e->sha, 32) == 0;
            }
            if (!ok) {
                mbedtls_x509_crt_free(&c->crt);
                mbedtls_x509_crt_init(&c->crt);
            }
        }
    }
    if (!ok) {
        mbedtls_x509_crt_free(&c->crt);
        sslite__free(c);
        return NULL;
    }
    return c;
}

/* Entry i parsed, from the cache or read now and cached, evicting the
 * least recently used certificate (which lives on while pinned).  One
 * reference for the caller.  Under the lock. */
static ts_cached *cache_get(sslite_mbed_store *s, uint32_t i)
{
    size_t victim = 0;
    ts_cached *c;

    for (size_t k = 0; k < SSLITE_TRUST_CACHE_SLOTS; k++) {
        c = s->cache[k];
        if (c != NULL && c->entry == i) {
            c->used = ++s->tick;
            c->refs++;
            return c;
        }
        if (s->cache[victim] != NULL && (c == NULL || c->used < s->cache[victim]->used))
            victim = k;
    }
    if ((c = load_entry(s, i)) == NULL)
        return NULL;
    cached_unref(s->cache[victim]);
    s->cache[victim] = c;
    c->refs++;
    c->used = ++s->tick;
    return c;
}

void sslite__lease_init(sslite_mbed_lease *l, sslite_mbed_store *s)
{
    memset(l, 0, sizeof(*l));
    l->store = s;
}

void sslite__lease_release(sslite_mbed_lease *l)
{
    if (l->n > 0) {
        sslite__mutex_lock(&l->store->lock);
        for (size_t i = 0; i < l->n; i++)
            cached_unref(l->pin[i]);
        sslite__mutex_unlock(&l->store->lock);
    }
    sslite__free(l->pin);
    l->pin = NULL;
    l->n = l->cap = 0;
}

static ts_probe *probe_for(sslite_mbed_store *s, uint32_t hash, uint32_t dir)
{
    for (size_t i = 0; i < s->nprobes; i++)
        if (s->probes[i].hash == hash && s->probes[i].dir == dir)
            return &s->probes[i];
    if (grow((void **)&s->probes, &s->probecap, s->nprobes + 1, sizeof(*s->probes)) < 0)
        return NULL;
    memset(&s->probes[s->nprobes], 0, sizeof(*s->probes));
    s->probes[s->nprobes].hash = hash;
    s->probes[s->nprobes].dir = dir;
    return &s->probes[s->nprobes++];
}

int sslite__store_lookup(sslite_mbed_lease *l, const unsigned char *name, size_t len,
                         const mbedtls_x509_crt **out, int max)
{
    sslite_mbed_store *s = l->store;
    uint32_t h;
    int found = 0, any = 0;

    if (sslite__store_name_hash(name, len, &h) < 0)
        h = 0;
    sslite__mutex_lock(&s->lock);
    for (size_t i = 0; i < s->n && !any; i++)
        any = s->e[i].hash == h;
    /* Nothing loaded has this subject: ask the directories, as OpenSSL's
     * store asks its hash_dir lookup only for what it does not hold. */
    for (uint32_t d = 0; !any && d < s->ndirs; d++) {
        ts_probe *pr = probe_for(s, h, d);
        if (pr != NULL)
            sslite__store_probe_dir(s, pr, 0);
    }
    for (size_t i = 0; i < s->n && found < max; i++) {
        ts_cached *c;
        if (s->e[i].hash != h)
            continue;
        if (grow((void **)&l->pin, &l->cap, l->n + 1, sizeof(*l->pin)) < 0)
            break;
        if ((c = cache_get(s, (uint32_t)i)) == NULL)
            continue;
        l->pin[l->n++] = c;
        out[found++] = &c->crt;
    }
    sslite__mutex_unlock(&s->lock);
    return found;
}

/* ---------------------------------------------------------------- CRLs */

/* The CRL files of capath for an issuer (read, as OpenSSL does, when a
 * CRL check needs them); the CRLs themselves are truststore_crl.c's. */
void sslite__store_probe_crls(sslite_mbed_store *s, const unsigned char *issuer, size_t len)
{
    uint32_t h;

    if (s->ndirs == 0 || sslite__store_name_hash(issuer, len, &h) < 0)
        return;
    sslite__mutex_lock(&s->lock);
    for (uint32_t d = 0; d < s->ndirs; d++) {
        ts_probe *pr = probe_for(s, h, d);
        if (pr != NULL)
            sslite__store_probe_dir(s, pr, 1);
    }
    sslite__mutex_unlock(&s->lock);
}

/* ---------------------------------------------------------------- listing */

int sslite__store_each(sslite_mbed_store *s, int (*fn)(void *, const unsigned char *, size_t),
                       void *ud)
{
    int ret = 0;

    sslite__mutex_lock(&s->lock);
    for (size_t i = 0; i < s->n && ret >= 0; i++) {
        ts_entry *e = &s->e[i];
        if (s->src[e->src].kind == TS_SRC_MEM) {
            ret = fn(ud, s->src[e->src].mem + e->off, e->len);
        } else {
            /* Through the cache's reader: it checks the digest. */
            ts_cached *c = load_entry(s, (uint32_t)i);
            if (c == NULL)
                continue;
            ret = fn(ud, c->crt.raw.p, c->crt.raw.len);
            cached_unref(c);
        }
    }
    sslite__mutex_unlock(&s->lock);
    return ret < 0 ? ret : 0;
}

void sslite__store_count(sslite_mbed_store *s, int *x509, int *x509_ca, int *crl)
{
    int n = 0, nca = 0;

    sslite__mutex_lock(&s->lock);
    for (size_t i = 0; i < s->n; i++) {
        n++;
        nca += s->e[i].is_ca;
    }
    sslite__mutex_unlock(&s->lock);
    *x509 = n;
    *x509_ca = nca;
    *crl = s->ncrl + __atomic_load_n(&s->ndir_crls, __ATOMIC_RELAXED);
}

/* ---------------------------------------------------------------- Mbed TLS */

int sslite__store_ca_cb(void *p, mbedtls_x509_crt const *child, mbedtls_x509_crt **candidates)
{
    sslite_mbed_store *s = t_current != NULL ? t_current : p;
    const mbedtls_x509_crt *found[SSLITE_TRUST_MAX_CANDIDATES];
    mbedtls_x509_crt *chain = NULL;
    sslite_mbed_lease l;
    int n, ret = 0;

    *candidates = NULL;
    sslite__lease_init(&l, s);
    n = sslite__store_lookup(&l, child->issuer_raw.p, child->issuer_raw.len, found,
                             SSLITE_TRUST_MAX_CANDIDATES);
    if (n > 0) {
        /* Mbed TLS frees what it gets: a copy of each. */
        chain = mbedtls_calloc(1, sizeof(*chain));
        if (chain == NULL) {
            ret = MBEDTLS_ERR_X509_ALLOC_FAILED;
        } else {
            mbedtls_x509_crt_init(chain);
            for (int i = 0; i < n && ret == 0; i++)
                ret = mbedtls_x509_crt_parse_der(chain, found[i]->raw.p, found[i]->raw.len);
            if (ret != 0) {
                mbedtls_x509_crt_free(chain);
                mbedtls_free(chain);
                chain = NULL;
            }
        }
    }
    sslite__lease_release(&l);
    *candidates = chain;
    return ret;
}

#if !defined(MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK)
mbedtls_x509_crt *sslite__store_full_chain(sslite_mbed_store *s)
{
    mbedtls_x509_crt *chain;

    sslite__mutex_lock(&s->lock);
    if (s->full != NULL && s->full_n == s->n) {
        chain = s->full;
        goto out;
    }
    chain = sslite__calloc(1, sizeof(*chain));
    if (chain == NULL ||
        grow((void **)&s->old_full, &s->nold_full_cap, s->nold_full + 1, sizeof(*s->old_full)) < 0) {
        sslite__free(chain);
        chain = s->full;
        goto out;
    }
    mbedtls_x509_crt_init(chain);
    for (size_t i = 0; i < s->n; i++) {
        ts_cached *c = load_entry(s, (uint32_t)i);
        if (c != NULL) {
            (void)mbedtls_x509_crt_parse_der(chain, c->crt.raw.p, c->crt.raw.len);
            cached_unref(c);
        }
    }
    sslite__store_parse_dirs(s, chain);
    /* Older configurations keep pointing at the lists before. */
    s->old_full[s->nold_full++] = chain;
    s->full = chain;
    s->full_n = s->n;
out:
    sslite__mutex_unlock(&s->lock);
    return chain;
}
#endif

/* For the tests (test/cert/test_truststore.c): the subject hash of a DER
 * certificate, as `openssl x509 -hash` prints it.  0 or -1. */
int sslite__mbedtls_subject_hash(const unsigned char *der, size_t len, unsigned long *out);
int sslite__mbedtls_subject_hash(const unsigned char *der, size_t len, unsigned long *out)
{
    mbedtls_x509_crt crt;
    uint32_t h = 0;
    int ret = -1;

    mbedtls_x509_crt_init(&crt);
    if (mbedtls_x509_crt_parse_der_nocopy(&crt, der, len) == 0 &&
        sslite__store_name_hash(crt.subject_raw.p, crt.subject_raw.len, &h) == 0)
        ret = 0;
    mbedtls_x509_crt_free(&crt);
    *out = h;
    return ret;
}
