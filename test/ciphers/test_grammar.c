/* Unit tests of the cipher-string engine (lib/ciphers.c): the default
 * selection, each operator, errors as CPython reports them, get_ciphers()
 * fields, and the security-level filtering of what goes to the handshake.
 * Expected lists come from Python's ssl (OpenSSL 3.0), restricted to the
 * suites Mbed TLS supports. */
#include "tap.h"
#include "internal.h"

static sslite_context *new_ctx(void)
{
    sslite_error err;
    sslite_context *c = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
    if (c == NULL) {
        printf("Bail out! %s\n", err.message);
        exit(1);
    }
    return c;
}

/* Compare get_ciphers() (TLS 1.2 part, or all with tls13) with want[]. */
static void check_list(sslite_context *ctx, int tls13, const char *const *want, size_t nwant,
                       const char *what)
{
    sslite_cipher *list = NULL;
    size_t n = 0, i, k = 0;
    int same = 1;

    if (sslite_context_get_ciphers(ctx, &list, &n) < 0) {
        ok(0, "%s: get_ciphers failed", what);
        return;
    }
    for (i = 0; i < n; i++) {
        if (!tls13 && strcmp(list[i].protocol, "TLSv1.3") == 0)
            continue;
        if (k >= nwant || strcmp(list[i].name, want[k]) != 0) {
            diag("%s: [%zu] got %s, want %s", what, k, list[i].name, k < nwant ? want[k] : "-");
            same = 0;
            break;
        }
        k++;
    }
    ok(same && k == nwant, "%s (%zu suites)", what, nwant);
    sslite_ciphers_free(list);
}

#define CHECK(ctx, tls13, arr, what) check_list(ctx, tls13, arr, sizeof(arr) / sizeof(arr[0]), what)

static void test_default(void)
{
    static const char *const want[] = {
        "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
        "ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384", "ECDHE-ECDSA-AES128-SHA256",
        "ECDHE-RSA-AES128-SHA256", "DHE-RSA-AES256-GCM-SHA384", "DHE-RSA-AES128-GCM-SHA256",
        "DHE-RSA-AES256-SHA256", "DHE-RSA-AES128-SHA256",
    };
    sslite_context *ctx = new_ctx();
    const uint16_t *ids;
    size_t n;

    CHECK(ctx, 1, want, "a new context has CPython's default selection");
    ids = sslite__default_suites(&n);
    is_int(n, 17, "sslite__default_suites: 17 ids");
    is_int(ids[0], 0x1302, "  TLS 1.3 first");
    is_int(ids[3], 0xC02C, "  then ECDHE-ECDSA-AES256-GCM-SHA384");
    ok(ctx->suites == NULL, "the default needs no per-context list");
    is_int(sslite_context_get_security_level(ctx), 2, "security level 2");
    sslite_context_free(ctx);
}

static void test_operators(void)
{
    static const char *const readd[] = {
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "DHE-RSA-AES128-GCM-SHA256", "RSA-PSK-AES128-GCM-SHA256", "DHE-PSK-AES128-GCM-SHA256",
        "AES128-GCM-SHA256", "PSK-AES128-GCM-SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305",
        "ECDHE-RSA-CHACHA20-POLY1305", "DHE-RSA-CHACHA20-POLY1305", "RSA-PSK-CHACHA20-POLY1305",
        "DHE-PSK-CHACHA20-POLY1305", "ECDHE-PSK-CHACHA20-POLY1305", "PSK-CHACHA20-POLY1305",
        /* the deleted AES256 ones come back first, in their order ... */
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "DHE-RSA-AES256-GCM-SHA384", "RSA-PSK-AES256-GCM-SHA384", "DHE-PSK-AES256-GCM-SHA384",
        "AES256-GCM-SHA384", "PSK-AES256-GCM-SHA384",
        /* ... then the rest of AES256 */
        "ECDHE-ECDSA-AES256-CCM8", "ECDHE-ECDSA-AES256-CCM", "DHE-RSA-AES256-CCM8",
        "DHE-RSA-AES256-CCM", "ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384",
        "DHE-RSA-AES256-SHA256", "ECDHE-ECDSA-AES256-SHA", "ECDHE-RSA-AES256-SHA",
        "DHE-RSA-AES256-SHA", "DHE-PSK-AES256-CCM8", "DHE-PSK-AES256-CCM", "AES256-CCM8",
        "AES256-CCM", "PSK-AES256-CCM8", "PSK-AES256-CCM", "AES256-SHA256",
        "ECDHE-PSK-AES256-CBC-SHA384", "ECDHE-PSK-AES256-CBC-SHA", "RSA-PSK-AES256-CBC-SHA384",
        "DHE-PSK-AES256-CBC-SHA384", "RSA-PSK-AES256-CBC-SHA", "DHE-PSK-AES256-CBC-SHA",
        "AES256-SHA", "PSK-AES256-CBC-SHA384", "PSK-AES256-CBC-SHA",
    };
    static const char *const ord_kill[] = {
        "ECDHE-ECDSA-AES128-CCM8", "ECDHE-ECDSA-AES128-CCM", "ECDHE-ECDSA-AES128-SHA256",
        "ECDHE-RSA-AES128-SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
    };
    static const char *const strength[] = {
        "AES256-GCM-SHA384", "AES256-CCM8", "AES256-CCM", "AES256-SHA256", "AES256-SHA",
        "AES128-GCM-SHA256", "AES128-CCM8", "AES128-CCM", "AES128-SHA256", "AES128-SHA",
    };
    static const char *const named_ord[] = {"AES256-SHA", "ECDHE-RSA-AES128-SHA"};
    static const char *const del_add[] = {
        "DHE-RSA-AES256-GCM-SHA384", "DHE-RSA-AES128-GCM-SHA256", "AES256-GCM-SHA384",
        "AES128-GCM-SHA256", "AES256-CCM8", "AES256-CCM", "AES128-CCM8", "AES128-CCM",
        "AES256-SHA256", "AES128-SHA256", "AES256-SHA", "AES128-SHA",
    };
    static const char *const quirk[] = {"ECDHE-RSA-AES128-GCM-SHA256"};
    sslite_context *ctx = new_ctx();

    is_int(sslite_context_set_ciphers(ctx, "AESGCM:-AES256:CHACHA20:AES256"), 0, "set '-' and re-add");
    CHECK(ctx, 0, readd, "'-' removes; a later add puts them back first");
    is_int(sslite_context_set_ciphers(ctx, "ECDHE+AES128:+AESGCM:!SHA1"), 0, "set '+' and '!'");
    CHECK(ctx, 0, ord_kill, "'+' moves to the end, '!' removes");
    is_int(sslite_context_set_ciphers(ctx, "kRSA:@STRENGTH"), 0, "set @STRENGTH");
    CHECK(ctx, 0, strength, "@STRENGTH sorts by bits, stably");
    is_int(sslite_context_set_ciphers(ctx, "ECDHE-RSA-AES128-SHA:AES256-SHA:+ECDHE-RSA-AES128-SHA"),
           0, "set suite names");
    CHECK(ctx, 0, named_ord, "suite names, '+' on a name");
    is_int(sslite_context_set_ciphers(ctx, "RSA+AESGCM:DHE+AESGCM:-RSA:RSA"), 0, "set DEL/ADD");
    CHECK(ctx, 0, del_add, "deleted suites go to the front for the next add");
    is_int(sslite_context_set_ciphers(ctx, "COMPLEMENTOFDEFAULT+ECDHE-RSA-AES128-GCM-SHA256"), 0,
           "OpenSSL's strength-mask quirk");
    CHECK(ctx, 0, quirk, "a suite name after COMPLEMENTOFDEFAULT drops it");
    is_int(sslite_context_set_ciphers(ctx, "  FOO, BAR+AES ;ECDHE-RSA-AES128-GCM-SHA256  "), 0,
           "unknown words are ignored, all separators work");
    CHECK(ctx, 0, quirk, "  only the known word counts");
    sslite_context_free(ctx);
}

static void test_errors(void)
{
    static const char *const one[] = {
        "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256",
        "ECDHE-RSA-AES128-GCM-SHA256",
    };
    static const char *const tls13[] = {
        "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256",
    };
    sslite_context *ctx = new_ctx();
    const sslite_error *e = sslite_context_error(ctx);
    unsigned long gen;

    is_int(sslite_context_set_ciphers(ctx, NULL), SSLITE_ERR_TYPE, "NULL: TypeError");
    is_str(e->message, "set_ciphers() argument must be str, not None", "  message");

    gen = ctx->generation;
    is_int(sslite_context_set_ciphers(ctx, "ECDHE-RSA-AES128-GCM-SHA256"), 0, "one suite");
    ok(ctx->generation != gen, "  bumps the settings generation");
    is_int(e->type, SSLITE_OK, "  clears the error slot");
    is_int(sslite_context_set_ciphers(ctx, "ALL:#"), SSLITE_ERR_SSL, "'ALL:#': SSLError");
    is_str(e->message, "('No cipher can be selected.',)", "  str() as CPython shows it");
    is_int(e->errnum, 0, "  errno None");
    is_str(e->library, "", "  no library");
    is_str(e->reason, "", "  no reason");
    CHECK(ctx, 1, one, "a malformed string leaves the list alone");
    is_int(sslite_context_set_ciphers(ctx, "@SECLEVEL=4:ALL:@SECLEVEL=9"), SSLITE_ERR_SSL,
           "bad @SECLEVEL: SSLError");
    is_int(sslite_context_get_security_level(ctx), 4, "  the valid @SECLEVEL before it stays");
    CHECK(ctx, 1, one, "  list unchanged");
    is_int(sslite_context_set_ciphers(ctx, "FOO:TLS_AES_128_GCM_SHA256"), SSLITE_ERR_SSL,
           "no TLS 1.2 suite: SSLError");
    CHECK(ctx, 1, tls13, "  but, as OpenSSL, only TLS 1.3 is left");
    is_int(sslite_context_set_ciphers(ctx, "CAMELLIA"), 0,
           "suites only OpenSSL has: accepted as OpenSSL does");
    CHECK(ctx, 1, tls13, "  leaving only TLS 1.3");
    sslite_context_free(ctx);
}

static void test_fields(void)
{
    sslite_context *ctx = new_ctx();
    sslite_cipher *list = NULL;
    size_t n = 0, i;
    const sslite_cipher *a = NULL, *b = NULL, *c = NULL;

    sslite_context_set_ciphers(ctx, "ALL");
    is_int(sslite_context_get_ciphers(ctx, &list, &n), 0, "get_ciphers");
    for (i = 0; i < n; i++) {
        if (strcmp(list[i].name, "AES128-SHA") == 0)
            a = &list[i];
        else if (strcmp(list[i].name, "ECDHE-RSA-AES128-GCM-SHA256") == 0)
            b = &list[i];
        else if (strcmp(list[i].name, "TLS_CHACHA20_POLY1305_SHA256") == 0)
            c = &list[i];
    }
    ok(a && b && c, "the three suites are there");
    if (a && b && c) {
        is_int(a->id, 50331695, "AES128-SHA id");
        is_str(a->protocol, "SSLv3", "  protocol");
        is_str(a->description,
               "AES128-SHA                     SSLv3   Kx=RSA      Au=RSA   Enc=AES(128)        "
               "       Mac=SHA1", "  description");
        is_int(a->strength_bits, 128, "  strength_bits");
        is_int(a->alg_bits, 128, "  alg_bits");
        is_int(a->aead, 0, "  aead");
        is_str(a->symmetric, "aes-128-cbc", "  symmetric");
        is_str(a->digest, "sha1", "  digest");
        is_str(a->kea, "kx-rsa", "  kea");
        is_str(a->auth, "auth-rsa", "  auth");
        is_int(b->id, 50380847, "ECDHE-RSA-AES128-GCM-SHA256 id");
        is_str(b->description,
               "ECDHE-RSA-AES128-GCM-SHA256    TLSv1.2 Kx=ECDH     Au=RSA   Enc=AESGCM(128)     "
               "       Mac=AEAD", "  description");
        is_int(b->aead, 1, "  aead");
        ok(b->digest == NULL, "  digest None");
        is_str(b->kea, "kx-ecdhe", "  kea");
        is_int(c->id, 50336515, "TLS_CHACHA20_POLY1305_SHA256 id");
        is_str(c->description,
               "TLS_CHACHA20_POLY1305_SHA256   TLSv1.3 Kx=any      Au=any   Enc=CHACHA20/POLY1305"
               "(256) Mac=AEAD", "  description");
        is_str(c->symmetric, "chacha20-poly1305", "  symmetric");
        is_str(c->kea, "kx-any", "  kea");
        is_str(c->auth, "auth-any", "  auth");
    }
    sslite_ciphers_free(list);
    sslite_ciphers_free(NULL);
    sslite_context_free(ctx);

    is_str(sslite__suite_name(0xC02F), "ECDHE-RSA-AES128-GCM-SHA256", "suite_name");
    is_str(sslite__suite_protocol(0xC013), "TLSv1.0", "suite_protocol of a TLS 1.0 suite");
    is_int(sslite__suite_bits(0x1302), 256, "suite_bits");
    ok(sslite__suite_name(0x0000) == NULL, "unknown id: NULL name");
    is_int(sslite__suite_bits(0xFFFF), 0, "unknown id: 0 bits");
}

static int has(const sslite_context *ctx, uint16_t id)
{
    for (size_t i = 0; i < ctx->nsuites; i++)
        if (ctx->suites[i] == id)
            return 1;
    return 0;
}

static int listed(sslite_context *ctx, const char *name)
{
    sslite_cipher *list = NULL;
    size_t n = 0, i;
    int found = 0;
    sslite_context_get_ciphers(ctx, &list, &n);
    for (i = 0; i < n; i++)
        found |= strcmp(list[i].name, name) == 0;
    sslite_ciphers_free(list);
    return found;
}

static void test_security_level(void)
{
    sslite_context *ctx = new_ctx();

    is_int(sslite_context_set_ciphers(ctx, "ALL"), 0, "ALL at level 2");
    ok(has(ctx, 0x009C) && has(ctx, 0xC013), "  kRSA and SHA-1 suites are offered");
    is_int(sslite_context_set_ciphers(ctx, "ALL:@SECLEVEL=3"), 0, "ALL at level 3");
    is_int(sslite_context_get_security_level(ctx), 3, "  security_level 3");
    ok(!has(ctx, 0x009C) && !has(ctx, 0x00A8) && !has(ctx, 0x00AC),
       "  no kRSA, kPSK, kRSAPSK in the handshake");
    ok(has(ctx, 0xC013) && has(ctx, 0xC02F) && has(ctx, 0x00AA), "  ECDHE, DHE-PSK stay");
    ok(listed(ctx, "AES128-GCM-SHA256"), "  get_ciphers() still lists kRSA suites (as OpenSSL)");
    is_int(sslite_context_set_ciphers(ctx, "ALL:@SECLEVEL=4"), 0, "ALL at level 4");
    ok(!has(ctx, 0xC02F) && !has(ctx, 0xC014) && !has(ctx, 0x1301),
       "  no 128-bit suites, no SHA-1 MAC, not even TLS_AES_128_GCM_SHA256");
    ok(has(ctx, 0xC030) && has(ctx, 0x1302) && has(ctx, 0xC028), "  256-bit ones stay");
    is_int(sslite_context_set_ciphers(ctx, "@SECLEVEL=0:ALL:#"), SSLITE_ERR_SSL,
           "a malformed string with @SECLEVEL=0");
    is_int(sslite_context_get_security_level(ctx), 0, "  still sets level 0");
    ok(has(ctx, 0xC02F) && has(ctx, 0x009C) && has(ctx, 0x1301), "  and the handshake list follows");
    sslite_context_free(ctx);
}

static int in_list(const uint16_t *ids, size_t n, uint16_t id)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == id)
            return 1;
    return 0;
}

static void test_server_list(void)
{
    sslite_context *ctx = new_ctx();
    const uint16_t *c, *s;
    size_t nc, ns;

    /* A server has no DH parameters (no load_dh_params), so, as OpenSSL,
     * it never picks DHE suites; a client still offers them. */
    c = sslite__context_suites(ctx, 0, &nc);
    s = sslite__context_suites(ctx, 1, &ns);
    ok(in_list(c, nc, 0x009F) && !in_list(s, ns, 0x009F), "default: DHE for the client only");
    is_int(ns, nc - 4, "  the server's default lacks the 4 DHE suites");
    sslite_context_set_ciphers(ctx, "DHE-RSA-AES128-GCM-SHA256:DHE-PSK-AES128-CCM:AES128-SHA");
    c = sslite__context_suites(ctx, 0, &nc);
    s = sslite__context_suites(ctx, 1, &ns);
    is_int(nc, 6, "set: the client offers 3 + 3 suites");
    is_int(ns, 4, "  the server accepts TLS 1.3 and AES128-SHA");
    ok(ns == 4 && s[3] == 0x002F, "  in order");
    sslite_context_free(ctx);
}

int main(void)
{
    test_server_list();
    test_default();
    test_operators();
    test_errors();
    test_fields();
    test_security_level();
    return done_testing();
}
