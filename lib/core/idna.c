/*
 * sslite: server_hostname through CPython's 'idna' codec — RFC 3490's
 * ToASCII on each label, with nameprep (RFC 3491) and punycode (RFC 3492).
 *
 * An ASCII name passes unchanged once its labels have the right lengths
 * (the codec's fast path).  In a name with non-ASCII characters, the dots
 * of IDNA split it, ASCII labels are kept as they are, and the others go
 * through nameprep, then punycode behind "xn--".  Nameprep is done with the
 * two tables lib/gen_idna_table.py derives from Unicode 3.2: characters it
 * leaves alone and characters it maps to those; a label needing more of it
 * (normalisation of combining marks, compatibility forms, bidi rules) is
 * refused with a ValueError rather than sent in a form CPython would not
 * send (docs/compat.md).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

typedef struct idna_range {
    uint32_t lo, hi;
} idna_range;

typedef struct idna_map1 {
    uint32_t cp, to;
} idna_map1;

typedef struct idna_map {
    uint32_t cp;
    uint32_t to[4]; /* 0-terminated unless full; none: mapped to nothing */
} idna_map;

#include "idna_table.inc"


static int in_keep(uint32_t cp)
{
    size_t lo = 0, hi = sizeof(idna_keep) / sizeof(idna_keep[0]);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < idna_keep[mid].lo)
            hi = mid;
        else if (cp > idna_keep[mid].hi)
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

/* bsearch() over either map table: both start with the code point. */
static int cmp_cp(const void *key, const void *entry)
{
    uint32_t a = *(const uint32_t *)key, b = *(const uint32_t *)entry;
    return a < b ? -1 : a > b;
}

static uint32_t find_map1(uint32_t cp)
{
    const idna_map1 *m = bsearch(&cp, idna_maps1, sizeof(idna_maps1) / sizeof(idna_maps1[0]),
                                 sizeof(idna_maps1[0]), cmp_cp);
    return m != NULL ? m->to : 0;
}

static const idna_map *find_map(uint32_t cp)
{
    return bsearch(&cp, idna_maps, sizeof(idna_maps) / sizeof(idna_maps[0]), sizeof(idna_maps[0]),
                   cmp_cp);
}

/* Strict UTF-8 to code points; -1 on a bad sequence. */
static sslite_ssize_t utf8_decode(const unsigned char *s, uint32_t *out)
{
    size_t n = 0;
    while (*s != '\0') {
        uint32_t cp;
        int extra;
        if (s[0] < 0x80) {
            cp = s[0];
            extra = 0;
        } else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
            cp = s[0] & 0x1F;
            extra = 1;
        } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
            cp = s[0] & 0x0F;
            extra = 2;
        } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
            cp = s[0] & 0x07;
            extra = 3;
        } else {
            return -1;
        }
        for (int i = 1; i <= extra; i++) {
            if ((s[i] & 0xC0) != 0x80)
                return -1;
            cp = (cp << 6) | (s[i] & 0x3F);
        }
        if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return -1;
        out[n++] = cp;
        s += extra + 1;
    }
    return (sslite_ssize_t)n;
}

/* ---- punycode (RFC 3492), the encoder only ---- */

enum { PC_BASE = 36, PC_TMIN = 1, PC_TMAX = 26, PC_SKEW = 38, PC_DAMP = 700 };

static char pc_digit(uint32_t d)
{
    return (char)(d < 26 ? 'a' + d : '0' + (d - 26));
}

static uint32_t pc_adapt(uint32_t delta, uint32_t points, int first)
{
    uint32_t k = 0;
    delta = first ? delta / PC_DAMP : delta / 2;
    delta += delta / points;
    while (delta > ((PC_BASE - PC_TMIN) * PC_TMAX) / 2) {
        delta /= PC_BASE - PC_TMIN;
        k += PC_BASE;
    }
    return k + (PC_BASE - PC_TMIN + 1) * delta / (delta + PC_SKEW);
}

/* Append the punycode of cps[0..n) to out (room: cap bytes).  Returns the
 * length, or -1 when it does not fit (the label is then too long anyway). */
static int punycode(const uint32_t *cps, size_t n, char *out, size_t cap)
{
    uint32_t code = 0x80, delta = 0, bias = 72, h, b = 0;
    size_t len = 0;

    for (size_t i = 0; i < n; i++) {
        if (cps[i] < 0x80) {
            if (len >= cap)
                return -1;
            out[len++] = (char)cps[i];
            b++;
        }
    }
    h = b;
    if (b > 0) {
        if (len >= cap)
            return -1;
        out[len++] = '-';
    }
    while (h < n) {
        uint32_t m = UINT32_MAX;
        for (size_t i = 0; i < n; i++)
            if (cps[i] >= code && cps[i] < m)
                m = cps[i];
        /* Labels are short (the caller bounds n): no overflow here. */
        delta += (m - code) * (h + 1);
        code = m;
        for (size_t i = 0; i < n; i++) {
            if (cps[i] < code) {
                delta++;
            } else if (cps[i] == code) {
                uint32_t q = delta;
                for (uint32_t k = PC_BASE;; k += PC_BASE) {
                    uint32_t t = k <= bias ? PC_TMIN : k >= bias + PC_TMAX ? PC_TMAX : k - bias;
                    if (q < t)
                        break;
                    if (len >= cap)
                        return -1;
                    out[len++] = pc_digit(t + (q - t) % (PC_BASE - t));
                    q = (q - t) / (PC_BASE - t);
                }
                if (len >= cap)
                    return -1;
                out[len++] = pc_digit(q);
                bias = pc_adapt(delta, h + 1, h == b);
                delta = 0;
                h++;
            }
        }
        delta++;
        code++;
    }
    return (int)len;
}

/* ---- the codec ---- */

static int is_dot(uint32_t cp)
{
    return cp == 0x2E || cp == 0x3002 || cp == 0xFF0E || cp == 0xFF61;
}

/* ToASCII of lab[0..n) appended at out + *len (room for a label and a
 * dot left by the caller). */
static int to_ascii(const uint32_t *lab, size_t n, char *out, size_t *len, sslite_error *err)
{
    uint32_t *prep = NULL;
    size_t m = 0, i;
    int ascii = 1, r, ret = 0;

    for (i = 0; i < n; i++)
        if (lab[i] >= 0x80)
            ascii = 0;
    if (!ascii) {
        /* Nameprep: each character becomes at most four. */
        prep = sslite__malloc(4 * n * sizeof(*prep));
        SSLITE_GUARD_PTR(prep, err);
        for (i = 0; i < n; i++) {
            uint32_t cp = lab[i];
            const idna_map *map;
            uint32_t to;
            if (cp < 0x80) {
                prep[m++] = cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
            } else if (in_keep(cp)) {
                prep[m++] = cp;
            } else if ((to = find_map1(cp)) != 0) {
                prep[m++] = to;
            } else if ((map = find_map(cp)) != NULL) {
                for (int k = 0; k < 4 && map->to[k] != 0; k++)
                    prep[m++] = map->to[k];
            } else {
                ret = sslite__err_value(err,
                                        "server_hostname: U+%04X needs IDNA nameprep mapping "
                                        "this build does not implement",
                                        (unsigned)cp);
                goto out;
            }
        }
        lab = prep;
        n = m;
        ascii = 1;
        for (i = 0; i < n; i++)
            if (lab[i] >= 0x80)
                ascii = 0;
    }
    if (ascii) {
        if (n == 0 || n > SSLITE__IDNA_LABEL_MAX) {
            ret = sslite__err_value(err, SSLITE__IDNA_FAILED, "label empty or too long");
            goto out;
        }
        for (i = 0; i < n; i++)
            out[(*len)++] = (char)lab[i];
        goto out;
    }
    if (n >= 4 && lab[0] == 'x' && lab[1] == 'n' && lab[2] == '-' && lab[3] == '-') {
        ret = sslite__err_value(err, SSLITE__IDNA_FAILED, "Label starts with ACE prefix");
        goto out;
    }
    memcpy(out + *len, "xn--", 4);
    r = punycode(lab, n, out + *len + 4, SSLITE__IDNA_LABEL_MAX - 4);
    if (r < 0) {
        ret = sslite__err_value(err, SSLITE__IDNA_FAILED, "label empty or too long");
        goto out;
    }
    *len += 4 + (size_t)r;
out:
    sslite__free(prep);
    return ret;
}

int sslite__idna_encode(const char *name, char **out, sslite_error *err)
{
    size_t n = strlen(name), start = 0, len = 0, end;
    uint32_t *cps = NULL;
    char *res = NULL;
    sslite_ssize_t ncp;
    int ret = 0, ascii = 1, trailing = 0;

    *out = NULL;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)name[i] >= 0x80)
            ascii = 0;
    if (ascii) {
        SSLITE_GUARD(sslite__idna_ascii_check(name, err));
        *out = sslite__strdup(name);
        return *out != NULL ? 0 : sslite__err_nomem(err);
    }
    cps = sslite__malloc((n + 1) * sizeof(*cps));
    SSLITE_GUARD_PTR(cps, err);
    ncp = utf8_decode((const unsigned char *)name, cps);
    if (ncp < 0) {
        ret = sslite__err_value(err, "server_hostname is not valid UTF-8");
        goto out;
    }
    /* Each label becomes at most 63 bytes and a dot. */
    res = sslite__malloc((size_t)ncp * (SSLITE__IDNA_LABEL_MAX + 1) + 2);
    SSLITE_GUARD_PTR(res, err);
    end = (size_t)ncp;
    if (end > 0 && is_dot(cps[end - 1])) {
        trailing = 1;
        end--;
    }
    for (size_t i = 0; i <= end; i++) {
        if (i < end && !is_dot(cps[i]))
            continue;
        if (len > 0)
            res[len++] = '.';
        SSLITE_GUARD(to_ascii(cps + start, i - start, res, &len, err));
        start = i + 1;
    }
    if (trailing)
        res[len++] = '.';
    res[len] = '\0';
    *out = res;
    res = NULL;
out:
    sslite__free(cps);
    sslite__free(res);
    return ret;
}
