/*
 * sslite: the certificate helpers of the ssl module — DER_cert_to_PEM_cert,
 * PEM_cert_to_DER_cert, cert_time_to_seconds — and
 * the context's CA store views (get_ca_certs, cert_store_stats).  Base64
 * and PEM framing are the backend's (Mbed TLS); what is here is CPython's
 * behaviour around them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "internal.h"

/* ---- DER <-> PEM ---- */

char *sslite_DER_cert_to_PEM_cert(const unsigned char *der, size_t len)
{
    size_t b64len = 0, lines, i, hl = strlen(SSLITE_PEM_HEADER), fl = strlen(SSLITE_PEM_FOOTER);
    unsigned char *b64 = NULL;
    char *pem = NULL, *q;

    /* ask for the size, then encode (the size counts a terminating NUL) */
    (void)SSLITE_BACKEND_PEM->base64(0, der, len, NULL, 0, &b64len);
    b64 = sslite__malloc(b64len + 1);
    if (b64 == NULL)
        goto out;
    if (len > 0 && SSLITE_BACKEND_PEM->base64(0, der, len, b64, b64len + 1, &b64len) < 0)
        goto out;
    if (len == 0)
        b64len = 0;
    /* CPython: header, the base64 in 64-column lines, footer, newline. */
    lines = (b64len + 63) / 64;
    pem = sslite__malloc(hl + 1 + b64len + lines + fl + 2);
    if (pem == NULL)
        goto out;
    q = pem;
    memcpy(q, SSLITE_PEM_HEADER, hl);
    q += hl;
    *q++ = '\n';
    for (i = 0; i < b64len; i += 64) {
        size_t n = b64len - i < 64 ? b64len - i : 64;
        memcpy(q, b64 + i, n);
        q += n;
        *q++ = '\n';
    }
    memcpy(q, SSLITE_PEM_FOOTER, fl);
    q += fl;
    *q++ = '\n';
    *q = '\0';
out:
    sslite__free(b64);
    return pem;
}

/* str.isspace() for the ASCII range (what str.strip() strips). */
static int py_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

static int b64_value(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '+' || c == '/';
}

/* UnicodeEncodeError for the first non-ASCII character (UTF-8 at s[at]). */
static int ascii_error(sslite_error *err, const unsigned char *s, size_t at, size_t left)
{
    unsigned long c = s[at];
    size_t pos = 0, i, n = 1;
    char ch[24];

    for (i = 0; i < at; i++)
        pos += (s[i] & 0xc0) != 0x80;
    if (c >= 0xf0 && left >= 4) {
        c &= 0x07;
        n = 4;
    } else if (c >= 0xe0 && left >= 3) {
        c &= 0x0f;
        n = 3;
    } else if (c >= 0xc0 && left >= 2) {
        c &= 0x1f;
        n = 2;
    }
    for (i = 1; i < n; i++)
        c = (c << 6) | (s[at + i] & 0x3f);
    if (c < 0x100)
        snprintf(ch, sizeof(ch), "\\x%02lx", c);
    else if (c < 0x10000)
        snprintf(ch, sizeof(ch), "\\u%04lx", c);
    else
        snprintf(ch, sizeof(ch), "\\U%08lx", c);
    return sslite__err_value(err,
                             "'ascii' codec can't encode character '%s' in position %zu: "
                             "ordinal not in range(128)",
                             ch, pos);
}

int sslite_PEM_cert_to_DER_cert(const char *pem, size_t len, unsigned char **der,
                                size_t *der_len, sslite_error *err)
{
    size_t hl = strlen(SSLITE_PEM_HEADER), fl = strlen(SSLITE_PEM_FOOTER);
    size_t b, e, i, n = 0, quad = 0, pads = 0, olen = 0;
    const unsigned char *s = (const unsigned char *)pem;
    unsigned char *chars = NULL, *out = NULL;
    int ret = 0;

    *der = NULL;
    *der_len = 0;
    if (len < hl || memcmp(pem, SSLITE_PEM_HEADER, hl) != 0)
        return sslite__err_value(err, "Invalid PEM encoding; must start with %s",
                                 SSLITE_PEM_HEADER);
    b = 0;
    e = len;
    while (b < e && py_space(s[b]))
        b++;
    while (e > b && py_space(s[e - 1]))
        e--;
    if (e - b < fl || memcmp(pem + e - fl, SSLITE_PEM_FOOTER, fl) != 0)
        return sslite__err_value(err, "Invalid PEM encoding; must end with %s",
                                 SSLITE_PEM_FOOTER);
    /* strip()[len(HEADER):-len(FOOTER)]: empty where the two overlap */
    b += hl;
    e -= fl;
    if (e < b)
        e = b;
    /* .encode('ASCII', 'strict'): UnicodeEncodeError counts characters */
    for (i = b; i < e; i++)
        if (s[i] >= 0x80)
            return ascii_error(err, s + b, i - b, e - i);
    /* base64.decodebytes: binascii.a2b_base64 without strict_mode skips
     * what is not base64 and stops at the first complete padding.  The
     * characters it keeps go to the backend's decoder, padded. */
    chars = sslite__malloc(e - b + 4);
    SSLITE_GUARD_PTR(chars, err);
    for (i = b; i < e; i++) {
        if (s[i] == '=') {
            if (quad >= 2 && quad + ++pads >= 4)
                break;
            continue;
        }
        if (!b64_value(s[i]))
            continue;
        pads = 0;
        chars[n++] = s[i];
        quad = (quad + 1) % 4;
    }
    if (quad == 1) {
        ret = sslite__err_value(err,
                                "Invalid base64-encoded string: number of data characters "
                                "(%zu) cannot be 1 more than a multiple of 4",
                                n);
        goto out;
    }
    if (quad != 0 && i == e) {
        ret = sslite__err_value(err, "Incorrect padding");
        goto out;
    }
    /* binascii drops the bits a short final group leaves over; clear them
     * so the strict decoder accepts the group. */
    if (quad != 0) {
        static const char alphabet[] =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        int v = (int)(strchr(alphabet, chars[n - 1]) - alphabet);
        v &= quad == 2 ? 0x30 : 0x3c;
        chars[n - 1] = (unsigned char)alphabet[v];
        while (quad++ < 4)
            chars[n++] = '=';
    }
    out = sslite__malloc(n / 4 * 3 + 1);
    SSLITE_GUARD_PTR(out, err);
    if (n > 0 && SSLITE_BACKEND_PEM->base64(1, chars, n, out, n / 4 * 3 + 1, &olen) < 0) {
        ret = sslite__err_value(err, "Incorrect padding");
        goto out;
    }
    *der = out;
    *der_len = n > 0 ? olen : 0;
    out = NULL;
out:
    sslite__free(chars);
    sslite__free(out);
    return ret;
}

int sslite_pem_read_cert(const char *text, size_t len, unsigned char **der, size_t *der_len,
                         size_t *consumed, sslite_error *err)
{
    /* OpenSSL's PEM_read_bio_X509 takes the first block labelled
     * CERTIFICATE or (the old name) X509 CERTIFICATE. */
    static const char *const labels[2] = {"CERTIFICATE", "X509 CERTIFICATE"};
    unsigned char *best = NULL;
    size_t best_len = 0, best_end = 0;
    int ret = 0, i;

    *der = NULL;
    *der_len = 0;
    SSLITE_GUARD(sslite__global_init(err));
    for (i = 0; i < 2; i++) {
        unsigned char *d;
        size_t dl, end;
        sslite_error ignored;
        sslite_error_clear(&ignored);
        if (SSLITE_BACKEND_PEM->pem_read(text, len, labels[i], &d, &dl, &end,
                                     i == 0 ? err : &ignored) < 0)
            continue;
        if (best == NULL || end < best_end) {
            sslite__free(best);
            best = d;
            best_len = dl;
            best_end = end;
        } else {
            sslite__free(d);
        }
    }
    if (best == NULL) {
        ret = err != NULL && err->type != SSLITE_OK ? err->type : SSLITE_ERR_SSL;
        goto out;
    }
    sslite_error_clear(err);
    *der = best;
    *der_len = best_len;
    if (consumed != NULL)
        *consumed = best_end;
out:
    return ret;
}

/* ---- cert_time_to_seconds ---- */

/* repr() of a str, as the messages show it (ASCII control characters
 * escaped; other text as is). */
static void py_repr(const char *s, char *buf, size_t size)
{
    char q = strchr(s, '\'') != NULL && strchr(s, '"') == NULL ? '"' : '\'';
    size_t o = 0;
    if (size < 8) {
        buf[0] = '\0';
        return;
    }
#define PUTC(c) do { if (o + 1 < size) buf[o++] = (c); } while (0)
    PUTC(q);
    for (; *s != '\0' && o + 5 < size; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '\\' || c == (unsigned char)q) {
            PUTC('\\');
            PUTC((char)c);
        } else if (c == '\n') {
            PUTC('\\');
            PUTC('n');
        } else if (c == '\r') {
            PUTC('\\');
            PUTC('r');
        } else if (c == '\t') {
            PUTC('\\');
            PUTC('t');
        } else if (c < 0x20 || c == 0x7f) {
            o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
        } else {
            PUTC((char)c);
        }
    }
    PUTC(q);
#undef PUTC
    buf[o < size ? o : size - 1] = '\0';
}

/* \s as Python's re module reads it, for ASCII. */
static int re_space(unsigned char c)
{
    return py_space(c);
}

/* The regex _strptime builds from " %d %H:%M:%S %Y GMT" (IGNORECASE,
 * spaces as \s+), matched with the same backtracking order: each field is
 * a list of alternatives, each alternative a list of character sets. */
typedef struct alt {
    const char *sets[4];
} alt;

static const alt DAY[] = {{{"3", "01"}}, {{"12", "0123456789"}}, {{"0", "123456789"}},
                          {{"123456789"}}, {{" ", "123456789"}}, {{NULL}}};
static const alt HOUR[] = {{{"2", "0123"}}, {{"01", "0123456789"}}, {{"0123456789"}}, {{NULL}}};
static const alt MINUTE[] = {{{"012345", "0123456789"}}, {{"0123456789"}}, {{NULL}}};
static const alt SECOND[] = {{{"6", "01"}}, {{"012345", "0123456789"}}, {{"0123456789"}}, {{NULL}}};
static const alt YEAR[] = {{{"0123456789", "0123456789", "0123456789", "0123456789"}}, {{NULL}}};

/* Tokens: 'w' \s+, 'f' a field (fields[]), other characters literal
 * (case-insensitive). */
static const char PATTERN[] = "wfwf:f:fwfwGMT";
static const alt *const FIELDS[] = {DAY, HOUR, MINUTE, SECOND, YEAR};

typedef struct tmatch {
    const char *s;
    size_t len;
    size_t fstart[5], fend[5];
} tmatch;

/* Match PATTERN[ti..] at s[pos..]; the end of the first match in the
 * regex engine's order, or -1. */
static long tmatch_at(tmatch *m, size_t ti, size_t fi, size_t pos)
{
    char t = PATTERN[ti];
    if (t == '\0')
        return (long)pos;
    if (t == 'w') {
        size_t n = 0;
        while (pos + n < m->len && re_space((unsigned char)m->s[pos + n]))
            n++;
        for (; n >= 1; n--) { /* greedy, giving back one at a time */
            long r = tmatch_at(m, ti + 1, fi, pos + n);
            if (r >= 0)
                return r;
        }
        return -1;
    }
    if (t == 'f') {
        const alt *a;
        for (a = FIELDS[fi]; a->sets[0] != NULL; a++) {
            size_t k = 0;
            while (k < 4 && a->sets[k] != NULL && pos + k < m->len && m->s[pos + k] != '\0' &&
                   strchr(a->sets[k], m->s[pos + k]) != NULL)
                k++;
            if (k < 4 && a->sets[k] != NULL)
                continue;
            m->fstart[fi] = pos;
            m->fend[fi] = pos + k;
            {
                long r = tmatch_at(m, ti + 1, fi + 1, pos + k);
                if (r >= 0)
                    return r;
            }
        }
        return -1;
    }
    if (pos < m->len && (m->s[pos] == t || (t >= 'A' && t <= 'Z' && m->s[pos] == t + 32)))
        return tmatch_at(m, ti + 1, fi, pos + 1);
    return -1;
}

static int field(const tmatch *m, int i)
{
    int v = 0;
    size_t k;
    for (k = m->fstart[i]; k < m->fend[i]; k++)
        if (m->s[k] >= '0' && m->s[k] <= '9')
            v = v * 10 + (m->s[k] - '0');
    return v;
}

/* Days from 1970-01-01 to the given date (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int sslite_cert_time_to_seconds(const char *cert_time, int64_t *out, sslite_error *err)
{
    static const char *const months[12] = {"jan", "feb", "mar", "apr", "may", "jun",
                                           "jul", "aug", "sep", "oct", "nov", "dec"};
    char r1[300], r2[300];
    int mon = -1, i;
    tmatch m;
    long end;

    *out = 0;
    if (cert_time == NULL)
        return sslite__err_type(err, "expected str, got NoneType");
    /* months.index(cert_time[:3].title()) */
    if (strlen(cert_time) >= 3) {
        for (i = 0; i < 12; i++) {
            int k, same = 1;
            for (k = 0; k < 3; k++) {
                char c = cert_time[k];
                if (c >= 'A' && c <= 'Z')
                    c = (char)(c + 32);
                if (c != months[i][k])
                    same = 0;
            }
            if (same) {
                mon = i + 1;
                break;
            }
        }
    }
    if (mon < 0) {
        py_repr(cert_time, r1, sizeof(r1));
        return sslite__err_value(err, "time data %s does not match format \"%%b %%d %%H:%%M:%%S "
                                      "%%Y GMT\"", r1);
    }
    memset(&m, 0, sizeof(m));
    m.s = cert_time + 3;
    m.len = strlen(m.s);
    end = tmatch_at(&m, 0, 0, 0);
    if (end < 0) {
        py_repr(m.s, r1, sizeof(r1));
        py_repr(" %d %H:%M:%S %Y GMT", r2, sizeof(r2));
        return sslite__err_value(err, "time data %s does not match format %s", r1, r2);
    }
    if ((size_t)end != m.len)
        return sslite__err_value(err, "unconverted data remains: %s", m.s + end);
    {
        int day = field(&m, 0), hour = field(&m, 1), min = field(&m, 2), sec = field(&m, 3);
        int year = field(&m, 4);
        /* _strptime builds a date (month 1: the month is not in its
         * format), which year 0 fails; timegm() then adds up. */
        if (year == 0)
            return sslite__err_value(err, "year 0 is out of range");
        *out = ((days_from_civil(year, mon, 1) + day - 1) * 24 + hour) * 3600 +
               (int64_t)min * 60 + sec;
    }
    return 0;
}

/* ---- the context's CA store ---- */

/* The trust store as OpenSSL's X509_STORE holds it: each certificate
 * once (the backend's listing).  Calls fn for each; stops on a negative
 * return. */
static int each_ca(sslite_context *ctx, int (*fn)(void *, const unsigned char *, size_t),
                   void *ud)
{
    return SSLITE_BACKEND_CA_LIST->ctx_ca_each != NULL ? SSLITE_BACKEND_CA_LIST->ctx_ca_each(ctx->bctx, fn, ud) : 0;
}

typedef struct ca_walk {
    sslite_context *ctx;
    int binary_form;
    sslite_certlist *list;
    sslite_cert_store_stats *stats;
} ca_walk;

static int add_ca(void *ud, const unsigned char *der, size_t len)
{
    ca_walk *w = ud;
    sslite_error ignored;
    sslite_certdict *d;
    long is_ca;

    sslite_error_clear(&ignored);
    d = sslite_certdict_from_der(der, len, &ignored);
    /* A certificate that cannot be decoded is counted but is no CA. */
    is_ca = d != NULL ? sslite__certdict_is_ca(d) : 0;
    if (w->stats != NULL) {
        w->stats->x509++;
        w->stats->x509_ca += is_ca != 0;
        sslite_certdict_free(d);
        return 0;
    }
    if (!is_ca) {
        sslite_certdict_free(d);
        return 0;
    }
    if (w->binary_form) {
        sslite_certdict_free(d);
        d = NULL;
    }
    if (sslite__certlist_add(w->list, der, len, d) < 0) {
        sslite_certdict_free(d);
        return sslite__err_nomem(&w->ctx->err);
    }
    return 0;
}

int sslite_context_get_ca_certs(sslite_context *ctx, int binary_form, sslite_certlist **out)
{
    ca_walk w = {ctx, binary_form, NULL, NULL};
    int ret = 0;

    *out = NULL;
    sslite_error_clear(&ctx->err);
    w.list = sslite__calloc(1, sizeof(*w.list));
    SSLITE_GUARD_PTR(w.list, &ctx->err);
    sslite__mutex_lock(&ctx->lock);
    ret = each_ca(ctx, add_ca, &w);
    sslite__mutex_unlock(&ctx->lock);
    SSLITE_GUARD(ret);
    *out = w.list;
    w.list = NULL;
out:
    sslite_certlist_free(w.list);
    return ret;
}

int sslite_context_cert_store_stats(sslite_context *ctx, sslite_cert_store_stats *out)
{
    ca_walk w = {ctx, 1, NULL, out};
    int x509 = 0, x509_ca = 0, crl = 0, ret;

    memset(out, 0, sizeof(*out));
    sslite_error_clear(&ctx->err);
    sslite__mutex_lock(&ctx->lock);
    ret = each_ca(ctx, add_ca, &w);
    if (ret == 0 && SSLITE_BACKEND_CA_LIST->ctx_ca_count != NULL)
        SSLITE_BACKEND_CA_LIST->ctx_ca_count(ctx->bctx, &x509, &x509_ca, &crl);
    sslite__mutex_unlock(&ctx->lock);
    out->crl = crl;
    return ret;
}

/* ---- get_server_certificate ---- */
