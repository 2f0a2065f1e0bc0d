/*
 * sslite: hostname matching with OpenSSL's rules, as CPython uses them.
 *
 * CPython hands server_hostname to X509_VERIFY_PARAM_set1_ip when
 * a2i_IPADDRESS() parses it as an address, else to set1_host with
 * X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, plus NEVER_CHECK_SUBJECT unless
 * hostname_checks_common_name is set.  What follows reproduces those rules
 * as OpenSSL 3.0 applies them (observed against python3 + OpenSSL 3.0):
 *
 *  - an address is compared byte for byte with iPAddress names only;
 *  - a name is compared with dNSName names only, ASCII case-insensitively,
 *    with no trailing-dot folding ("a." and "a" differ);
 *  - a wildcard counts only as the whole left-most label of a name with at
 *    least two further labels ("*.example.com", never "*.com" nor "f*.x.y"),
 *    and matches exactly one non-empty label of letters, digits and '-'
 *    (an "xn--" label included); a pattern that is not a valid wildcard is
 *    compared literally;
 *  - the subject commonName is tried only when allowed and the certificate
 *    has no dNSName at all (an iPAddress or email name does not count).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* ---- addresses, parsed as OpenSSL's a2i_IPADDRESS does ---- */

static int c_isspace(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static int c_isdigit(int c)
{
    return c >= '0' && c <= '9';
}

/* One "%d" conversion of sscanf: optional blanks, sign, decimal digits;
 * the value as scanf would store it in an int (glibc: strtol's long,
 * saturated, truncated to the int).  0 if there is no number. */
static int scan_int(const char **s, long *out)
{
    const char *p = *s;
    unsigned long mag = 0, max;
    int neg;

    while (c_isspace((unsigned char)*p))
        p++;
    neg = *p == '-';
    if (*p == '+' || *p == '-')
        p++;
    if (!c_isdigit((unsigned char)*p))
        return 0;
    /* strtol's bound: LONG_MAX, or for a negative number -LONG_MIN. */
    max = neg ? (unsigned long)LONG_MAX + 1 : (unsigned long)LONG_MAX;
    for (; c_isdigit((unsigned char)*p); p++) {
        unsigned d = (unsigned)(*p - '0');
        mag = mag > (max - d) / 10 ? max : mag * 10 + d;
    }
    *out = (long)(int)(neg ? (long)(0 - mag) : (long)mag);
    *s = p;
    return 1;
}

/* IPv4: four dot-separated "%d" numbers 0-255, then the end of the string
 * or white space (OpenSSL 3.0's sscanf-based parser: it accepts leading
 * zeros, signs and blanks before each number). */
static int parse_ipv4(const char *s, unsigned char out[4])
{
    for (int i = 0; i < 4; i++) {
        long v;
        if (!scan_int(&s, &v) || v < 0 || v > 255)
            return 0;
        out[i] = (unsigned char)v;
        if (i < 3) {
            if (*s != '.')
                return 0;
            s++;
        }
    }
    return *s == '\0' || c_isspace((unsigned char)*s);
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* IPv6 the way OpenSSL reads it: ':'-separated fields of 1-4 hex digits,
 * "::" as a run of empty fields, and a dotted IPv4 tail. */
static int parse_ipv6(const char *s, unsigned char out[16])
{
    unsigned char tmp[16];
    int total = 0, zero_pos = -1, zero_cnt = 0;
    const char *field = s;

    for (;;) {
        const char *colon = strchr(field, ':');
        size_t len = colon ? (size_t)(colon - field) : strlen(field);

        if (total == 16)
            return 0;
        if (len == 0) {
            if (zero_pos == -1)
                zero_pos = total;
            else if (zero_pos != total)
                return 0;
            zero_cnt++;
        } else if (len > 4) {
            /* A dotted IPv4 address, only as the last field. */
            if (total > 12 || colon != NULL || !parse_ipv4(field, tmp + total))
                return 0;
            total += 4;
        } else {
            unsigned v = 0;
            for (size_t i = 0; i < len; i++) {
                int h = hexval((unsigned char)field[i]);
                if (h < 0)
                    return 0;
                v = (v << 4) | (unsigned)h;
            }
            tmp[total] = (unsigned char)(v >> 8);
            tmp[total + 1] = (unsigned char)(v & 0xff);
            total += 2;
        }
        if (colon == NULL)
            break;
        field = colon + 1;
    }
    if (zero_pos == -1) {
        if (total != 16)
            return 0;
        memcpy(out, tmp, 16);
        return 1;
    }
    /* "::" at the start or end yields two empty fields, alone three. */
    if (total == 16 || zero_cnt > 3)
        return 0;
    if (zero_cnt == 3 && total > 0)
        return 0;
    if (zero_cnt == 2 && zero_pos != 0 && zero_pos != total)
        return 0;
    if (zero_cnt == 1 && (zero_pos == 0 || zero_pos == total))
        return 0;
    memcpy(out, tmp, (size_t)zero_pos);
    memset(out + zero_pos, 0, (size_t)(16 - total));
    memcpy(out + zero_pos + 16 - total, tmp + zero_pos, (size_t)(total - zero_pos));
    return 1;
}

int sslite__parse_ip(const char *s, unsigned char out[16])
{
    if (s == NULL)
        return 0;
    if (strchr(s, ':') != NULL)
        return parse_ipv6(s, out) ? 16 : 0;
    return parse_ipv4(s, out) ? 4 : 0;
}

/* ---- names ---- */

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* ASCII case-insensitive equality of two counted strings; a NUL inside the
 * pattern never matches (a certificate name cannot smuggle one in). */
static int equal_nocase(const char *pat, size_t plen, const char *sub, size_t slen)
{
    if (plen != slen)
        return 0;
    for (size_t i = 0; i < plen; i++) {
        if (pat[i] == '\0')
            return 0;
        if (lower((unsigned char)pat[i]) != lower((unsigned char)sub[i]))
            return 0;
    }
    return 1;
}

static int is_ldh_alnum(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int has_xn_prefix(const char *p, size_t len)
{
    return len >= 4 && lower((unsigned char)p[0]) == 'x' && lower((unsigned char)p[1]) == 'n' &&
           p[2] == '-' && p[3] == '-';
}

/* The one wildcard of a pattern, or NULL when the pattern is not a valid
 * full-label wildcard ("*" alone as the first label of a name with at
 * least two more labels, none of them empty or ending in '-', no "xn--"
 * label holding it). */
static const char *valid_star(const char *p, size_t len)
{
    const char *star = NULL;
    int label_start = 1, hyphen = 0, idna = 0, dots = 0;

    for (size_t i = 0; i < len; i++) {
        int c = (unsigned char)p[i];
        if (c == '*') {
            int at_end = i == len - 1 || p[i + 1] == '.';
            if (star != NULL || idna || dots || !label_start || !at_end)
                return NULL;
            star = p + i;
            label_start = 0;
        } else if (is_ldh_alnum(c)) {
            if (label_start && has_xn_prefix(p + i, len - i))
                idna = 1;
            label_start = 0;
            hyphen = 0;
        } else if (c == '.') {
            if (label_start || hyphen)
                return NULL;
            label_start = 1;
            idna = 0;
            dots++;
        } else if (c == '-') {
            if (label_start)
                return NULL;
            hyphen = 1;
        } else {
            return NULL;
        }
    }
    if (label_start || hyphen || dots < 2)
        return NULL;
    return star;
}

/* One certificate name (pattern) against the hostname (subject). */
static int match_name(const char *pat, size_t plen, const char *sub, size_t slen)
{
    const char *star = valid_star(pat, plen);
    const char *suffix;
    size_t suffix_len, wild_len;

    if (star == NULL)
        return equal_nocase(pat, plen, sub, slen);
    /* The star is the whole first label: it stands for one non-empty label
     * of letters, digits and hyphens (or a literal '*'). */
    suffix = star + 1;
    suffix_len = plen - 1;
    if (slen <= suffix_len)
        return 0;
    wild_len = slen - suffix_len;
    if (!equal_nocase(suffix, suffix_len, sub + wild_len, suffix_len))
        return 0;
    if (wild_len == 1 && sub[0] == '*')
        return 1;
    for (size_t i = 0; i < wild_len; i++) {
        int c = (unsigned char)sub[i];
        if (!is_ldh_alnum(c) && c != '-')
            return 0;
    }
    return 1;
}

long sslite__check_hostname(const char *hostname, const sslite_cert_names *names,
                            int allow_common_name)
{
    unsigned char ip[16];
    size_t hlen;
    int iplen;

    if (hostname == NULL || names == NULL)
        return 62;
    iplen = sslite__parse_ip(hostname, ip);
    if (iplen > 0) {
        for (size_t i = 0; i < names->nips; i++)
            if (names->iplens[i] == (size_t)iplen && memcmp(names->ips[i], ip, (size_t)iplen) == 0)
                return 0;
        return 64;
    }
    hlen = strlen(hostname);
    for (size_t i = 0; i < names->ndns; i++)
        if (names->dns[i] != NULL && match_name(names->dns[i], strlen(names->dns[i]), hostname, hlen))
            return 0;
    /* Any dNSName, even one that cannot match, rules out the CN. */
    if (names->ndns == 0 && allow_common_name)
        for (size_t i = 0; i < names->ncns; i++)
            if (names->cns[i] != NULL &&
                match_name(names->cns[i], strlen(names->cns[i]), hostname, hlen))
                return 0;
    return 62;
}
