/*
 * sslite: OpenSSL cipher strings on a backend that takes a list of suite
 * ids.  SSLContext.set_ciphers() / get_ciphers(), the default selection,
 * shared_ciphers(), and the names cipher() reports.
 *
 * The algorithm reproduces what OpenSSL 3 observably does with a cipher
 * string: every suite starts in OpenSSL's preference order (the table's
 * order), inactive; each item of the string then adds (plain), moves to the
 * end ("+"), deactivates to the front ("-"), or removes for good ("!") the
 * suites its keywords match, "@STRENGTH" sorts by strength, "@SECLEVEL=n"
 * sets the security level.  The result is restricted to the suites the
 * backend supports afterwards; since every step moves matched suites as a
 * block keeping their order, restricting afterwards gives the same order
 * as restricting first would.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cipher_table.h"
#include "internal.h"

#define KB(x) (1u << SSLITE__KX_##x)
#define AB(x) (1u << SSLITE__AU_##x)
#define EB(x) (1u << SSLITE__ENC_##x)
#define MB(x) (1u << SSLITE__MAC_##x)

#define ENC_AES128_ALL (EB(AES128) | EB(AES128GCM) | EB(AES128CCM) | EB(AES128CCM8))
#define ENC_AES256_ALL (EB(AES256) | EB(AES256GCM) | EB(AES256CCM) | EB(AES256CCM8))
#define ENC_ALL ((1u << SSLITE__ENC_COUNT) - 1u)

/* OpenSSL's DEFAULT (used when a string starts with "DEFAULT") and the
 * string CPython 3.13 passes to every new SSLContext. */
static const char openssl_default[] = "ALL:!COMPLEMENTOFDEFAULT:!eNULL";
static const char cpython_default[] =
    "@SECLEVEL=2:ECDH+AESGCM:ECDH+CHACHA20:ECDH+AES:DHE+AES:!aNULL:!eNULL:!aDSS:!SHA1:!AESCCM";

/* What a keyword (or a "+"-joined word) matches.  Zero masks match
 * anything; version -1 any version. */
typedef struct match {
    uint32_t kx, au, enc, mac;
    int version;
    unsigned strength; /* SSLITE__S_* bits */
    int id;            /* IANA id of a named suite, or -1 */
} match;

typedef struct alias {
    const char *name;
    uint32_t kx, au, enc, mac;
    int version;
    unsigned strength;
} alias;

/* OpenSSL 3's keywords (besides suite names).  Families without suites in
 * the table (3DES, RC4, ...) are kept so they read as what they are. */
static const alias aliases[] = {
    {"ALL", 0, 0, ENC_ALL & ~EB(NULL), 0, -1, 0},
    {"COMPLEMENTOFALL", 0, 0, EB(NULL), 0, -1, 0},
    {"COMPLEMENTOFDEFAULT", 0, 0, 0, 0, -1, SSLITE__S_NOT_DEFAULT},
    /* key exchange */
    {"kRSA", KB(RSA), 0, 0, 0, -1, 0},
    {"kEDH", KB(DHE), 0, 0, 0, -1, 0},
    {"kDHE", KB(DHE), 0, 0, 0, -1, 0},
    {"DH", KB(DHE), 0, 0, 0, -1, 0},
    {"kEECDH", KB(ECDHE), 0, 0, 0, -1, 0},
    {"kECDHE", KB(ECDHE), 0, 0, 0, -1, 0},
    {"ECDH", KB(ECDHE), 0, 0, 0, -1, 0},
    {"kPSK", KB(PSK), 0, 0, 0, -1, 0},
    {"kRSAPSK", KB(RSAPSK), 0, 0, 0, -1, 0},
    {"kECDHEPSK", KB(ECDHEPSK), 0, 0, 0, -1, 0},
    {"kDHEPSK", KB(DHEPSK), 0, 0, 0, -1, 0},
    {"kSRP", KB(SRP), 0, 0, 0, -1, 0},
    /* authentication */
    {"aRSA", 0, AB(RSA), 0, 0, -1, 0},
    {"aDSS", 0, AB(DSS), 0, 0, -1, 0},
    {"DSS", 0, AB(DSS), 0, 0, -1, 0},
    {"aNULL", 0, AB(NULL), 0, 0, -1, 0},
    {"aECDSA", 0, AB(ECDSA), 0, 0, -1, 0},
    {"ECDSA", 0, AB(ECDSA), 0, 0, -1, 0},
    {"aPSK", 0, AB(PSK), 0, 0, -1, 0},
    {"aSRP", 0, AB(SRP), 0, 0, -1, 0},
    /* key exchange with authentication */
    {"EDH", KB(DHE), ~AB(NULL), 0, 0, -1, 0},
    {"DHE", KB(DHE), ~AB(NULL), 0, 0, -1, 0},
    {"EECDH", KB(ECDHE), ~AB(NULL), 0, 0, -1, 0},
    {"ECDHE", KB(ECDHE), ~AB(NULL), 0, 0, -1, 0},
    {"NULL", 0, 0, EB(NULL), 0, -1, 0},
    {"RSA", KB(RSA), AB(RSA), 0, 0, -1, 0},
    {"ADH", KB(DHE), AB(NULL), 0, 0, -1, 0},
    {"AECDH", KB(ECDHE), AB(NULL), 0, 0, -1, 0},
    {"PSK", KB(PSK) | KB(RSAPSK) | KB(ECDHEPSK) | KB(DHEPSK), 0, 0, 0, -1, 0},
    {"SRP", KB(SRP), 0, 0, 0, -1, 0},
    /* encryption */
    {"3DES", 0, 0, EB(3DES), 0, -1, 0},
    {"RC4", 0, 0, EB(RC4), 0, -1, 0},
    {"RC2", 0, 0, EB(RC2), 0, -1, 0},
    {"IDEA", 0, 0, EB(IDEA), 0, -1, 0},
    {"SEED", 0, 0, EB(SEED), 0, -1, 0},
    {"eNULL", 0, 0, EB(NULL), 0, -1, 0},
    {"GOST", 0, 0, EB(GOST), 0, -1, 0},
    {"AES128", 0, 0, ENC_AES128_ALL, 0, -1, 0},
    {"AES256", 0, 0, ENC_AES256_ALL, 0, -1, 0},
    {"AES", 0, 0, ENC_AES128_ALL | ENC_AES256_ALL, 0, -1, 0},
    {"AESGCM", 0, 0, EB(AES128GCM) | EB(AES256GCM), 0, -1, 0},
    {"AESCCM", 0, 0, EB(AES128CCM) | EB(AES256CCM) | EB(AES128CCM8) | EB(AES256CCM8), 0, -1, 0},
    {"AESCCM8", 0, 0, EB(AES128CCM8) | EB(AES256CCM8), 0, -1, 0},
    {"CAMELLIA128", 0, 0, EB(CAMELLIA128), 0, -1, 0},
    {"CAMELLIA256", 0, 0, EB(CAMELLIA256), 0, -1, 0},
    {"CAMELLIA", 0, 0, EB(CAMELLIA128) | EB(CAMELLIA256), 0, -1, 0},
    {"CHACHA20", 0, 0, EB(CHACHA20), 0, -1, 0},
    {"ARIA", 0, 0, EB(ARIA128GCM) | EB(ARIA256GCM), 0, -1, 0},
    {"ARIAGCM", 0, 0, EB(ARIA128GCM) | EB(ARIA256GCM), 0, -1, 0},
    {"ARIA128", 0, 0, EB(ARIA128GCM), 0, -1, 0},
    {"ARIA256", 0, 0, EB(ARIA256GCM), 0, -1, 0},
    {"CBC", 0, 0,
     EB(AES128) | EB(AES256) | EB(CAMELLIA128) | EB(CAMELLIA256) | EB(3DES) | EB(DES) |
         EB(RC2) | EB(IDEA) | EB(SEED),
     0, -1, 0},
    /* MAC */
    {"MD5", 0, 0, 0, MB(MD5), -1, 0},
    {"SHA1", 0, 0, 0, MB(SHA1), -1, 0},
    {"SHA", 0, 0, 0, MB(SHA1), -1, 0},
    {"SHA256", 0, 0, 0, MB(SHA256), -1, 0},
    {"SHA384", 0, 0, 0, MB(SHA384), -1, 0},
    {"GOST89MAC", 0, 0, 0, MB(GOST), -1, 0},
    /* minimum protocol version (matched exactly, as OpenSSL does) */
    {"SSLv3", 0, 0, 0, 0, SSLITE__V_SSL3, 0},
    {"TLSv1", 0, 0, 0, 0, SSLITE__V_TLS1, 0},
    {"TLSv1.0", 0, 0, 0, 0, SSLITE__V_TLS1, 0},
    {"TLSv1.2", 0, 0, 0, 0, SSLITE__V_TLS12, 0},
    /* strength classes */
    {"LOW", 0, 0, 0, 0, -1, SSLITE__S_LOW},
    {"MEDIUM", 0, 0, 0, 0, -1, SSLITE__S_MEDIUM},
    {"HIGH", 0, 0, 0, 0, -1, SSLITE__S_HIGH},
    {"FIPS", 0, 0, ENC_ALL & ~EB(NULL), 0, -1, SSLITE__S_FIPS},
};

/* Suite B strings replace the whole string when it starts with them. */
static const struct {
    const char *prefix;
    const char *list;
} suiteb[] = {
    {"SUITEB128ONLY", "ECDHE-ECDSA-AES128-GCM-SHA256"},
    {"SUITEB128C2", "ECDHE-ECDSA-AES256-GCM-SHA384"},
    {"SUITEB128", "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384"},
    {"SUITEB192", "ECDHE-ECDSA-AES256-GCM-SHA384"},
};

#define MAXSUITES 255

/* The working list: table rows (TLS 1.2 and earlier) in order, each active
 * or not; "!" drops rows from it. */
typedef struct clist {
    uint8_t row[MAXSUITES];
    uint8_t active[MAXSUITES]; /* by row */
    unsigned n;
} clist;

enum { OP_ADD, OP_ORD, OP_DEL, OP_KILL, OP_SPECIAL };

static void clist_init(clist *l)
{
    l->n = 0;
    for (unsigned i = sslite__ntls13; i < sslite__nsuites && l->n < MAXSUITES; i++) {
        l->row[l->n++] = (uint8_t)i;
        l->active[i] = 0;
    }
}

static int matches(const match *m, const sslite__suite *s)
{
    if (m->id >= 0 && s->id != m->id)
        return 0;
    if ((m->kx && !(m->kx & (1u << s->kx))) || (m->au && !(m->au & (1u << s->au))) ||
        (m->enc && !(m->enc & (1u << s->enc))) || (m->mac && !(m->mac & (1u << s->mac))))
        return 0;
    if (m->version >= 0 && m->version != s->version)
        return 0;
    if ((m->strength & SSLITE__S_STRONG_MASK) &&
        !(m->strength & SSLITE__S_STRONG_MASK & s->flags))
        return 0;
    if ((m->strength & SSLITE__S_NOT_DEFAULT) && !(s->flags & SSLITE__S_NOT_DEFAULT))
        return 0;
    return 1;
}

/* Apply one rule: the matched rows move as a block (keeping their order)
 * to the end (add: inactive ones; "+": active ones), to the front ("-":
 * active ones, deactivated), or out of the list ("!"). */
static void clist_apply(clist *l, const match *m, int op)
{
    uint8_t moved[MAXSUITES], kept[MAXSUITES];
    unsigned nm = 0, nk = 0, i;

    for (i = 0; i < l->n; i++) {
        unsigned r = l->row[i];
        int hit = matches(m, &sslite__suites[r]);
        if (hit && op == OP_ADD)
            hit = !l->active[r];
        else if (hit && (op == OP_ORD || op == OP_DEL))
            hit = l->active[r];
        if (hit)
            moved[nm++] = (uint8_t)r;
        else
            kept[nk++] = (uint8_t)r;
    }
    if (nm == 0)
        return;
    for (i = 0; i < nm; i++)
        l->active[moved[i]] = (op == OP_ADD || op == OP_ORD);
    if (op == OP_KILL) {
        memcpy(l->row, kept, nk);
        l->n = nk;
    } else if (op == OP_DEL) {
        memcpy(l->row, moved, nm);
        memcpy(l->row + nm, kept, nk);
    } else {
        memcpy(l->row, kept, nk);
        memcpy(l->row + nk, moved, nm);
    }
}

/* @STRENGTH: active rows to the end, by strength_bits descending, stable. */
static void clist_strength_sort(clist *l)
{
    uint8_t act[MAXSUITES];
    unsigned na = 0, nk = 0, i, j;

    for (i = 0; i < l->n; i++) {
        uint8_t r = l->row[i];
        if (l->active[r]) {
            for (j = na; j > 0 && sslite__suites[act[j - 1]].strength_bits <
                                      sslite__suites[r].strength_bits;
                 j--)
                act[j] = act[j - 1];
            act[j] = r;
            na++;
        } else {
            l->row[nk++] = r;
        }
    }
    memcpy(l->row + nk, act, na);
}

/* What OpenSSL 3.0 reads as part of a word ('_' is not: "TLS_AES..." is
 * the unknown word "TLS" and a leading '_' is a syntax error). */
static int is_word_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '.' || c == '=';
}

static int is_sep(char c)
{
    return c == ':' || c == ' ' || c == ';' || c == ',';
}

/* Intersect one category of a "+" combination; 0 when it becomes empty. */
static int narrow(uint32_t *acc, uint32_t mask)
{
    if (mask == 0)
        return 1;
    *acc = *acc ? (*acc & mask) : mask;
    return *acc != 0;
}

/* Fold the keyword or suite name w[0..len) into m.  0 when unknown or
 * when the combination can match nothing (the rule is then ignored). */
static int fold_word(const char *w, size_t len, match *m)
{
    uint32_t kx = 0, au = 0, enc = 0, mac = 0;
    unsigned strength = 0;
    int version = -1, id = -1;
    unsigned i;

    for (i = sslite__ntls13; i < sslite__nsuites; i++) {
        const sslite__suite *s = &sslite__suites[i];
        if (strncmp(s->name, w, len) == 0 && s->name[len] == '\0') {
            kx = 1u << s->kx;
            au = 1u << s->au;
            enc = 1u << s->enc;
            mac = 1u << s->mac;
            strength = s->flags;
            id = s->id; /* a suite's own version does not narrow the rule */
            break;
        }
    }
    if (id < 0) {
        for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
            if (strncmp(aliases[i].name, w, len) == 0 && aliases[i].name[len] == '\0')
                break;
        if (i == sizeof(aliases) / sizeof(aliases[0]))
            return 0;
        kx = aliases[i].kx;
        au = aliases[i].au;
        enc = aliases[i].enc;
        mac = aliases[i].mac;
        strength = aliases[i].strength;
        version = aliases[i].version;
    }
    if (!narrow(&m->kx, kx) || !narrow(&m->au, au) || !narrow(&m->enc, enc) ||
        !narrow(&m->mac, mac))
        return 0;
    if (strength & SSLITE__S_STRONG_MASK) {
        if (m->strength & SSLITE__S_STRONG_MASK) {
            m->strength &= (strength & SSLITE__S_STRONG_MASK) | ~SSLITE__S_STRONG_MASK;
            if (!(m->strength & SSLITE__S_STRONG_MASK))
                return 0;
        } else {
            /* OpenSSL replaces the whole strength word here, dropping an
             * earlier COMPLEMENTOFDEFAULT: "COMPLEMENTOFDEFAULT+HIGH" is
             * "HIGH". */
            m->strength = strength & SSLITE__S_STRONG_MASK;
        }
    }
    m->strength |= strength & SSLITE__S_NOT_DEFAULT;
    if (id >= 0) {
        m->id = id;
    } else if (version >= 0) {
        if (m->version >= 0 && m->version != version)
            return 0;
        m->version = version;
    }
    return 1;
}

/* Run the rules of str over l.  Returns 1, or 0 for a malformed string
 * (OpenSSL's "invalid command"); *seclevel takes every valid @SECLEVEL seen
 * until then, as OpenSSL applies it on the spot. */
static int run_rules(const char *p, clist *l, int *seclevel)
{
    int ok = 1;

    while (*p != '\0') {
        char ch = *p;
        int op = OP_ADD, found = 0;
        const char *w;
        size_t len;
        match m;

        if (is_sep(ch)) {
            p++;
            continue;
        }
        switch (ch) {
        case '-': op = OP_DEL; p++; break;
        case '+': op = OP_ORD; p++; break;
        case '!': op = OP_KILL; p++; break;
        case '@': op = OP_SPECIAL; p++; break;
        default: break;
        }
        memset(&m, 0, sizeof(m));
        m.version = -1;
        m.id = -1;
        for (;;) {
            int more;
            w = p;
            while (is_word_char(*p))
                p++;
            len = (size_t)(p - w);
            if (len == 0)
                return 0;
            if (op == OP_SPECIAL)
                break;
            more = (*p == '+');
            if (more)
                p++;
            found = fold_word(w, len, &m);
            if (!found || !more)
                break;
        }
        if (op == OP_SPECIAL) {
            if (len == 8 && memcmp(w, "STRENGTH", 8) == 0)
                clist_strength_sort(l);
            else if (len == 10 && memcmp(w, "SECLEVEL=", 9) == 0 && w[9] >= '0' && w[9] <= '5')
                *seclevel = w[9] - '0';
            else
                ok = 0;
            /* Nothing may follow a command in its item. */
            while (*p != '\0' && !is_sep(*p))
                p++;
        } else if (found) {
            clist_apply(l, &m, op);
        } else {
            while (*p != '\0' && !is_sep(*p))
                p++;
        }
    }
    return ok;
}

/* The whole of OpenSSL's SSL_CTX_set_cipher_list() selection: 1 and the
 * active rows in l, or 0 when the string is malformed. */
static int select_rows(const char *str, clist *l, int *seclevel)
{
    unsigned i;

    clist_init(l);
    for (i = 0; i < sizeof(suiteb) / sizeof(suiteb[0]); i++)
        if (strncmp(str, suiteb[i].prefix, strlen(suiteb[i].prefix)) == 0) {
            str = suiteb[i].list;
            break;
        }
    if (strncmp(str, "DEFAULT", 7) == 0) {
        (void)run_rules(openssl_default, l, seclevel);
        str += 7;
        if (*str == ':')
            str++;
    }
    return run_rules(str, l, seclevel);
}

/* The result as IANA ids: the default TLS 1.3 suites, then the active
 * rows, each only if the backend supports it.  *n12 counts the TLS 1.2
 * rows selected before that restriction (OpenSSL's success test). */
static size_t collect(const clist *l, uint16_t *out, size_t *n12)
{
    const sslite_backend *be = SSLITE_BACKEND;
    size_t n = 0;
    unsigned i;

    *n12 = 0;
    for (i = 0; i < SSLITE__NTLS13_DEFAULT; i++)
        if (be->suite_supported(sslite__suites[i].id))
            out[n++] = sslite__suites[i].id;
    for (i = 0; i < l->n; i++) {
        const sslite__suite *s = &sslite__suites[l->row[i]];
        if (!l->active[l->row[i]])
            continue;
        (*n12)++;
        if (be->suite_supported(s->id))
            out[n++] = s->id;
    }
    return n;
}

/* OpenSSL's security-level rule for a suite (what it will offer or
 * accept): enough strength bits, authenticated, no MD5, no SHA-1 above
 * level 3, and forward secrecy from level 3. */
static int seclevel_allows(const sslite__suite *s, int level)
{
    static const int minbits[6] = {0, 80, 112, 128, 192, 256};

    if (level <= 0)
        return 1;
    if (level > 5)
        level = 5;
    if (s->strength_bits < minbits[level] || s->au == SSLITE__AU_NULL ||
        s->mac == SSLITE__MAC_MD5)
        return 0;
    if (minbits[level] > 160 && s->mac == SSLITE__MAC_SHA1)
        return 0;
    if (level >= 3 && s->version != SSLITE__V_TLS13 && s->kx != SSLITE__KX_DHE &&
        s->kx != SSLITE__KX_ECDHE && s->kx != SSLITE__KX_DHEPSK &&
        s->kx != SSLITE__KX_ECDHEPSK)
        return 0;
    return 1;
}

static size_t filter_seclevel(const uint16_t *in, size_t n, int level, uint16_t *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const sslite__suite *s = sslite__suite_find(in[i]);
        if (s != NULL && seclevel_allows(s, level))
            out[k++] = in[i];
    }
    return k;
}

/* A server picks DHE suites only with DH parameters; without
 * load_dh_params (as CPython) it has none, while Mbed TLS would use
 * built-in ones, so the server's handshake list leaves them out. */
static int server_usable(uint16_t id)
{
    const sslite__suite *s = sslite__suite_find(id);
    return s != NULL && s->kx != SSLITE__KX_DHE && s->kx != SSLITE__KX_DHEPSK;
}

static size_t filter_server(const uint16_t *in, size_t n, uint16_t *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (server_usable(in[i]))
            out[k++] = in[i];
    return k;
}

/* ---- the default selection ---- */

static sslite__once_t default_once = SSLITE__ONCE_INIT;
static uint16_t default_ids[MAXSUITES + SSLITE__NTLS13_DEFAULT];
static uint16_t default_server_ids[MAXSUITES + SSLITE__NTLS13_DEFAULT];
static size_t default_n, default_server_n;

/* CPython's default string, selected by this file's engine at build time:
 * default_suites.inc, checked against run_rules by test/ciphers (ciphers-
 * default), so programs that never call set_ciphers() do not link the
 * engine.  It holds every suite the string selects at its security level;
 * what this build and backend cannot negotiate is left out here. */
static const uint16_t default_table[] = {
#include "default_suites.inc"
};

static void default_init(void)
{
    const sslite_backend *be = SSLITE_BACKEND;
    size_t i;

    for (i = 0; i < sizeof(default_table) / sizeof(default_table[0]); i++)
        if (sslite__suite_find(default_table[i]) != NULL && be->suite_supported(default_table[i]))
            default_ids[default_n++] = default_table[i];
    if (SSLITE_WITH_SERVER) /* a client-only build has no server list */
        default_server_n = filter_server(default_ids, default_n, default_server_ids);
}

size_t sslite__ciphers_default_selection(uint16_t *out, size_t max)
{
    clist l;
    int level = 2;
    size_t n = 0, i;

    (void)select_rows(cpython_default, &l, &level);
    for (i = 0; i < SSLITE__NTLS13_DEFAULT && n < max; i++)
        if (seclevel_allows(&sslite__suites[i], level))
            out[n++] = sslite__suites[i].id;
    for (i = 0; i < l.n && n < max; i++)
        if (l.active[l.row[i]] && seclevel_allows(&sslite__suites[l.row[i]], level))
            out[n++] = sslite__suites[l.row[i]].id;
    return n;
}

const uint16_t *sslite__default_suites(size_t *n)
{
    sslite__once(&default_once, default_init);
    *n = default_n;
    return default_ids;
}

/* ctx->suites, when set, holds the client's handshake list (ctx->nsuites
 * ids) followed by the server's. */
const uint16_t *sslite__context_suites(const sslite_context *ctx, int server_side, size_t *n)
{
    size_t k = 0;

    /* With load_dh_params a server may pick DHE: it uses the client list. */
    server_side = SSLITE_WITH_SERVER && server_side && !ctx->dh_params;
    if (ctx->suites == NULL) {
        sslite__once(&default_once, default_init);
        *n = server_side ? default_server_n : default_n;
        return server_side ? default_server_ids : default_ids;
    }
    if (!server_side) {
        *n = ctx->nsuites;
        return ctx->suites;
    }
    for (size_t i = 0; i < ctx->nsuites; i++)
        k += server_usable(ctx->suites[i]);
    *n = k;
    return ctx->suites + ctx->nsuites;
}

/* ---- names for cipher() ---- */

const char *sslite__suite_name(uint16_t iana_id)
{
    const sslite__suite *s = sslite__suite_find(iana_id);
    return s ? s->name : NULL;
}

const char *sslite__suite_protocol(uint16_t iana_id)
{
    const sslite__suite *s = sslite__suite_find(iana_id);
    return s ? sslite__version_name[s->version] : NULL;
}

int sslite__suite_bits(uint16_t iana_id)
{
    const sslite__suite *s = sslite__suite_find(iana_id);
    return s ? s->strength_bits : 0;
}

/* ---- SSLContext ---- */

static int no_cipher(sslite_error *err)
{
    /* CPython raises SSLError("No cipher can be selected.") with no errno,
     * library or reason; str() of that exception shows its args tuple. */
    return sslite__err_set(err, SSLITE_ERR_SSL, 0, NULL, NULL, "('No cipher can be selected.',)");
}

/* Install list (NULL: keep the current one) and rebuild the handshake list
 * for ctx->security_level.  Caller holds ctx->lock; takes ownership of list.
 * Only allocation can fail, and then nothing changes. */
static int install(sslite_context *ctx, uint16_t *list, size_t n)
{
    const uint16_t *src = list;
    uint16_t *hs;
    size_t nsrc = n, nhs;

    if (list == NULL && ctx->cipher_list != NULL) {
        src = ctx->cipher_list;
        nsrc = ctx->ncipher_list;
    } else if (list == NULL) {
        src = sslite__default_suites(&nsrc);
    }
    if (list == NULL && ctx->cipher_list == NULL && ctx->security_level == 2) {
        sslite__free(ctx->suites); /* back to the shared default */
        ctx->suites = NULL;
        ctx->nsuites = 0;
        return 0;
    }
    hs = sslite__malloc((nsrc ? 2 * nsrc : 1) * sizeof(*hs));
    if (hs == NULL) {
        sslite__free(list);
        return sslite__err_nomem(&ctx->err);
    }
    nhs = filter_seclevel(src, nsrc, ctx->security_level, hs);
    (void)filter_server(hs, nhs, hs + nhs);
    if (list != NULL) {
        sslite__free(ctx->cipher_list);
        ctx->cipher_list = list;
        ctx->ncipher_list = n;
    }
    sslite__free(ctx->suites);
    ctx->suites = hs;
    ctx->nsuites = nhs;
    return 0;
}

int sslite_context_set_ciphers(sslite_context *ctx, const char *ciphers)
{
    clist l;
    int level, ok, ret = 0;
    size_t n = 0, n12 = 0;
    uint16_t *list = NULL;

    sslite_error_clear(&ctx->err);
    if (ciphers == NULL)
        return sslite__err_type(&ctx->err, "set_ciphers() argument must be str, not None");
    sslite__mutex_lock(&ctx->lock);
    level = ctx->security_level;
    ok = select_rows(ciphers, &l, &level);
    if (ok) {
        list = sslite__malloc((l.n + SSLITE__NTLS13_DEFAULT) * sizeof(*list));
        SSLITE_GUARD_PTR(list, &ctx->err);
        n = collect(&l, list, &n12);
    }
    ctx->security_level = level;
    /* OpenSSL installs the list even when it has no TLS 1.2 suite (only
     * TLS 1.3 is left), and fails only afterwards. */
    SSLITE_GUARD(install(ctx, list, n));
    list = NULL;
    sslite__context_changed(ctx);
    if (!ok || n12 == 0)
        ret = no_cipher(&ctx->err);
out:
    sslite__mutex_unlock(&ctx->lock);
    return ret;
}

static void fill_cipher(sslite_cipher *c, const sslite__suite *s)
{
    memset(c, 0, sizeof(*c));
    c->id = 0x03000000UL | s->id;
    c->name = s->name;
    c->protocol = sslite__version_name[s->version];
    snprintf(c->description, sizeof(c->description), "%-30s %-7s Kx=%-8s Au=%-5s Enc=%-22s Mac=%-4s",
             s->name, sslite__version_text[s->version], sslite__kx_text[s->kx],
             sslite__au_text[s->au], sslite__enc_text[s->enc], sslite__mac_text[s->mac]);
    c->strength_bits = s->strength_bits;
    c->alg_bits = s->alg_bits;
    c->aead = s->mac == SSLITE__MAC_AEAD;
    c->symmetric = sslite__enc_symmetric[s->enc];
    c->digest = sslite__mac_digest[s->mac];
    c->kea = sslite__kx_kea[s->kx];
    c->auth = sslite__au_auth[s->au];
}

int sslite_context_get_ciphers(sslite_context *ctx, sslite_cipher **out, size_t *count)
{
    const uint16_t *ids;
    size_t n, i;
    sslite_cipher *list;
    int ret = 0;

    *out = NULL;
    *count = 0;
    sslite_error_clear(&ctx->err);
    sslite__mutex_lock(&ctx->lock);
    if (ctx->cipher_list != NULL) {
        ids = ctx->cipher_list;
        n = ctx->ncipher_list;
    } else {
        ids = sslite__default_suites(&n);
    }
    list = sslite__calloc(n ? n : 1, sizeof(*list));
    SSLITE_GUARD_PTR(list, &ctx->err);
    for (i = 0; i < n; i++)
        fill_cipher(&list[i], sslite__suite_find(ids[i]));
    *out = list;
    *count = n;
out:
    sslite__mutex_unlock(&ctx->lock);
    return ret;
}

void sslite_ciphers_free(sslite_cipher *list)
{
    sslite__free(list);
}

void sslite_cipher_infos_free(sslite_cipher_info *list)
{
    sslite__free(list);
}

/* ---- shared_ciphers() ---- */

/* The cipher suites of the ClientHello at the start of buf (TLS records as
 * received), as far as buf holds them.  Returns how many went into ids. */
static size_t client_hello_suites(const unsigned char *buf, size_t len, uint16_t *ids,
                                  size_t max)
{
    unsigned char hs[1024];
    size_t hn = 0, off = 0, n = 0, blen, pos, slen;

    /* Join the payloads of the leading handshake records. */
    while (off + 5 <= len && buf[off] == 22) {
        size_t rlen = ((size_t)buf[off + 3] << 8) | buf[off + 4];
        size_t take = rlen;
        if (take > len - off - 5)
            take = len - off - 5;
        if (take > sizeof(hs) - hn)
            take = sizeof(hs) - hn;
        memcpy(hs + hn, buf + off + 5, take);
        hn += take;
        off += 5 + rlen;
    }
    if (hn < 4 || hs[0] != 1)
        return 0;
    blen = ((size_t)hs[1] << 16) | ((size_t)hs[2] << 8) | hs[3];
    if (blen > hn - 4)
        blen = hn - 4;
    /* version(2) random(32) session_id<0..32> cipher_suites<2..2^16-2> */
    pos = 4 + 34;
    if (blen < 35)
        return 0;
    pos += 1 + hs[pos];
    if (pos + 2 > 4 + blen)
        return 0;
    slen = ((size_t)hs[pos] << 8) | hs[pos + 1];
    pos += 2;
    for (size_t i = 0; i + 1 < slen && pos + i + 1 < 4 + blen && n < max; i += 2)
        ids[n++] = (uint16_t)((hs[pos + i] << 8) | hs[pos + i + 1]);
    return n;
}

int sslite__engine_shared_ciphers(sslite_engine *e, sslite_cipher_info **out, size_t *count)
{
    const unsigned char *hello;
    const uint16_t *mine;
    uint16_t offered[512];
    size_t hlen, noffered, nmine, i, j, n = 0;
    sslite_cipher_info *list = NULL;
    int ret = 0;

    *out = NULL;
    *count = 0;
    sslite_error_clear(e->err);
    /* CPython: None on a client, and before the ClientHello was seen. */
    if (!e->server_side || !e->handshake_done || SSLITE_BACKEND_FACTS->conn_client_hello == NULL ||
        !SSLITE_BACKEND_FACTS->conn_client_hello(e->bconn, &hello, &hlen))
        return 0;
    noffered = client_hello_suites(hello, hlen, offered, sizeof(offered) / sizeof(offered[0]));
    sslite__mutex_lock(&e->ctx->lock);
    if (e->ctx->cipher_list != NULL) {
        mine = e->ctx->cipher_list;
        nmine = e->ctx->ncipher_list;
    } else {
        mine = sslite__default_suites(&nmine);
    }
    list = sslite__calloc(nmine ? nmine : 1, sizeof(*list));
    SSLITE_GUARD_PTR(list, e->err);
    /* This side's order (SSL_get_ciphers), kept if the client offered it. */
    for (i = 0; i < nmine; i++)
        for (j = 0; j < noffered; j++)
            if (offered[j] == mine[i]) {
                const sslite__suite *s = sslite__suite_find(mine[i]);
                list[n].name = s->name;
                list[n].protocol = sslite__version_name[s->version];
                list[n].secret_bits = s->strength_bits;
                n++;
                break;
            }
    *out = list;
    *count = n;
    ret = 1;
out:
    sslite__mutex_unlock(&e->ctx->lock);
    return ret;
}
