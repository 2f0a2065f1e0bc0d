/*
 * sslite: a certificate dict as JSON, exactly as Python's json.dumps()
 * writes CPython's dict: default separators (", " and ": "), tuples as
 * arrays, ASCII output with \uXXXX escapes (surrogate pairs past U+FFFF).
 * Reads the dict through the public accessors only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

typedef struct out {
    char *p;
    size_t len, cap;
    int failed;
} out;

static void put(out *o, const char *s, size_t n)
{
    if (o->failed)
        return;
    if (o->len + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 1024;
        char *np;
        while (cap < o->len + n + 1)
            cap *= 2;
        if ((np = realloc(o->p, cap)) == NULL) {
            o->failed = 1;
            return;
        }
        o->p = np;
        o->cap = cap;
    }
    memcpy(o->p + o->len, s, n);
    o->len += n;
    o->p[o->len] = '\0';
}

static void puts_(out *o, const char *s)
{
    put(o, s, strlen(s));
}

static void put_u(out *o, unsigned long c)
{
    char b[24];
    snprintf(b, sizeof(b), "\\u%04lx", c & 0xffff);
    put(o, b, 6);
}

/* One UTF-8 sequence at s (the dict holds valid UTF-8 only); returns its
 * length and the code point. */
static size_t utf8_next(const unsigned char *s, size_t len, unsigned long *c)
{
    size_t n, i;
    if (s[0] < 0x80) {
        *c = s[0];
        return 1;
    }
    n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;
    if (n > len) {
        *c = 0xfffd;
        return len;
    }
    *c = s[0] & (0x3f >> (n - 1));
    for (i = 1; i < n; i++)
        *c = (*c << 6) | (s[i] & 0x3f);
    return n;
}

static void put_str(out *o, const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    put(o, "\"", 1);
    while (i < len) {
        unsigned long c;
        i += utf8_next(s + i, len - i, &c);
        switch (c) {
        case '"': put(o, "\\\"", 2); break;
        case '\\': put(o, "\\\\", 2); break;
        case '\n': put(o, "\\n", 2); break;
        case '\r': put(o, "\\r", 2); break;
        case '\t': put(o, "\\t", 2); break;
        case '\b': put(o, "\\b", 2); break;
        case '\f': put(o, "\\f", 2); break;
        default:
            if (c >= 0x20 && c <= 0x7e) {
                char ch = (char)c;
                put(o, &ch, 1);
            } else if (c > 0xffff) {
                c -= 0x10000;
                put_u(o, 0xd800 | (c >> 10));
                put_u(o, 0xdc00 | (c & 0x3ff));
            } else {
                put_u(o, c);
            }
        }
    }
    put(o, "\"", 1);
}

static void put_name(out *o, const sslite_cert_name *n)
{
    size_t i, j;
    put(o, "[", 1);
    for (i = 0; n != NULL && i < n->count; i++) {
        if (i > 0)
            put(o, ", ", 2);
        put(o, "[", 1);
        for (j = 0; j < n->rdns[i].count; j++) {
            const sslite_cert_attr *a = &n->rdns[i].attrs[j];
            if (j > 0)
                put(o, ", ", 2);
            put(o, "[", 1);
            put_str(o, a->name, strlen(a->name));
            put(o, ", ", 2);
            put_str(o, a->value, a->value_len);
            put(o, "]", 1);
        }
        put(o, "]", 1);
    }
    put(o, "]", 1);
}

static void put_key(out *o, const char *key)
{
    if (o->len > 1)
        put(o, ", ", 2);
    put_str(o, key, strlen(key));
    put(o, ": ", 2);
}

static void put_list(out *o, const char *key,
                     int (*get)(const sslite_certdict *, const sslite_cert_string **, size_t *),
                     const sslite_certdict *d)
{
    const sslite_cert_string *l;
    size_t n, i;
    if (!get(d, &l, &n))
        return;
    put_key(o, key);
    put(o, "[", 1);
    for (i = 0; i < n; i++) {
        if (i > 0)
            put(o, ", ", 2);
        put_str(o, l[i].value, l[i].len);
    }
    put(o, "]", 1);
}

char *sslite_certdict_to_json(const sslite_certdict *d)
{
    out o = {0};
    const sslite_cert_altname *san;
    size_t nsan, i;
    char num[32];

    put(&o, "{", 1);
    if (d != NULL && !sslite_certdict_is_empty(d)) {
        put_key(&o, "subject");
        put_name(&o, sslite_certdict_subject(d));
        put_key(&o, "issuer");
        put_name(&o, sslite_certdict_issuer(d));
        put_key(&o, "version");
        snprintf(num, sizeof(num), "%d", sslite_certdict_version(d));
        puts_(&o, num);
        put_key(&o, "serialNumber");
        put_str(&o, sslite_certdict_serial_number(d), strlen(sslite_certdict_serial_number(d)));
        put_key(&o, "notBefore");
        put_str(&o, sslite_certdict_not_before(d), strlen(sslite_certdict_not_before(d)));
        put_key(&o, "notAfter");
        put_str(&o, sslite_certdict_not_after(d), strlen(sslite_certdict_not_after(d)));
        if (sslite_certdict_subject_alt_name(d, &san, &nsan)) {
            put_key(&o, "subjectAltName");
            put(&o, "[", 1);
            for (i = 0; i < nsan; i++) {
                if (i > 0)
                    put(&o, ", ", 2);
                put(&o, "[", 1);
                put_str(&o, san[i].type, strlen(san[i].type));
                put(&o, ", ", 2);
                if (san[i].dirname != NULL)
                    put_name(&o, san[i].dirname);
                else
                    put_str(&o, san[i].value, san[i].value_len);
                put(&o, "]", 1);
            }
            put(&o, "]", 1);
        }
        put_list(&o, "OCSP", sslite_certdict_ocsp, d);
        put_list(&o, "caIssuers", sslite_certdict_ca_issuers, d);
        put_list(&o, "crlDistributionPoints", sslite_certdict_crl_distribution_points, d);
    }
    put(&o, "}", 1);
    if (o.failed) {
        free(o.p);
        return NULL;
    }
    return o.p;
}
