/*
 * sslite's JSON writer (jsonw.h): the buffer and the string escaping that
 * both the library's certificate dicts and the CLI use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "jsonw.h"

/* The library's copy follows <sslite/alloc.h>; the CLI and the tests
 * compile their own (tools/meson.build), whose text they free(). */
#ifdef SSLITE__IN_LIBRARY
#include "services.h"
#else
#define sslite__realloc realloc
#define sslite__calloc calloc
#define sslite__free free
#endif

void sslite__json_put(sslite__json *o, const char *s, size_t n)
{
    if (o->failed)
        return;
    if (o->len + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 1024;
        char *np;
        while (cap < o->len + n + 1)
            cap *= 2;
        if ((np = sslite__realloc(o->p, cap)) == NULL) {
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

void sslite__json_puts(sslite__json *o, const char *s)
{
    sslite__json_put(o, s, strlen(s));
}

static void put_u(sslite__json *o, unsigned long c)
{
    char b[8];
    snprintf(b, sizeof(b), "\\u%04lx", c & 0xffff);
    sslite__json_put(o, b, 6);
}

/* One UTF-8 sequence at s: its length and code point; a byte that cannot
 * start or continue a sequence is one U+FFFD. */
static size_t utf8_next(const unsigned char *s, size_t len, unsigned long *c)
{
    size_t n, i;
    if (s[0] < 0x80) {
        *c = s[0];
        return 1;
    }
    if (s[0] < 0xc2 || s[0] > 0xf4) {
        *c = 0xfffd;
        return 1;
    }
    n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : 2;
    *c = s[0] & (0x3f >> (n - 1));
    for (i = 1; i < n; i++) {
        if (i >= len || (s[i] & 0xc0) != 0x80) {
            *c = 0xfffd;
            return i;
        }
        *c = (*c << 6) | (s[i] & 0x3f);
    }
    if (*c > 0x10ffff)
        *c = 0xfffd;
    return n;
}

void sslite__json_str(sslite__json *o, const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    sslite__json_put(o, "\"", 1);
    while (i < len) {
        unsigned long c;
        i += utf8_next(s + i, len - i, &c);
        switch (c) {
        case '"': sslite__json_put(o, "\\\"", 2); break;
        case '\\': sslite__json_put(o, "\\\\", 2); break;
        case '\n': sslite__json_put(o, "\\n", 2); break;
        case '\r': sslite__json_put(o, "\\r", 2); break;
        case '\t': sslite__json_put(o, "\\t", 2); break;
        case '\b': sslite__json_put(o, "\\b", 2); break;
        case '\f': sslite__json_put(o, "\\f", 2); break;
        default:
            if (c >= 0x20 && c <= 0x7e) {
                char ch = (char)c;
                sslite__json_put(o, &ch, 1);
            } else if (c > 0xffff) {
                c -= 0x10000;
                put_u(o, 0xd800 | (c >> 10));
                put_u(o, 0xdc00 | (c & 0x3ff));
            } else {
                put_u(o, c);
            }
        }
    }
    sslite__json_put(o, "\"", 1);
}

char *sslite__json_take(sslite__json *o)
{
    char *p = o->p;
    if (o->failed) {
        sslite__free(p);
        p = NULL;
    } else if (p == NULL) {
        p = sslite__calloc(1, 1);
    }
    memset(o, 0, sizeof(*o));
    return p;
}
