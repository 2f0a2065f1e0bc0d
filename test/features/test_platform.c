/* The platform hooks (<sslite/platform.h>), the memory loaders
 * (<sslite/memory_loaders.h>) and what a reduced build does instead of a
 * feature it lacks.  Hooks freeze at the first use, so every mode runs in
 * its own process: test_platform MODE (meson registers each).  The PKI is
 * read with stdio here; the library gets bytes only, so this runs in a
 * build without the filesystem too. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sslite/sslite.h>
#include "tap.h"

static char *slurp(const char *name, size_t *len)
{
    char path[1024];
    const char *dir = getenv("SSLITE_TEST_CERTS");
    FILE *f;
    char *buf = calloc(1, 1 << 16);

    snprintf(path, sizeof(path), "%s/%s", dir ? dir : "test/certs/pki", name);
    f = fopen(path, "rb");
    if (f == NULL || buf == NULL) {
        printf("Bail out! cannot read %s\n", path);
        exit(1);
    }
    *len = fread(buf, 1, (1 << 16) - 1, f);
    fclose(f);
    return buf;
}

/* The message without its "(file.c:line)" tail starts with want. */
static int msg_starts(const sslite_error *e, const char *want)
{
    return strncmp(e->message, want, strlen(want)) == 0;
}

static sslite_context *server_ctx(void)
{
    sslite_error err;
    size_t cl, kl;
    char *cert = slurp("server-ec.pem", &cl), *key = slurp("server-ec.key", &kl);
    sslite_context *c = sslite_context_new(SSLITE_PROTOCOL_TLS_SERVER, &err);
    if (c == NULL || sslite_context_load_cert_chain_data(c, cert, cl, key, kl, NULL, NULL,
                                                         NULL) < 0) {
        printf("Bail out! server context: %s\n", c ? sslite_context_error(c)->message : err.message);
        exit(1);
    }
    free(cert);
    free(key);
    return c;
}

static sslite_context *client_ctx(void)
{
    sslite_error err;
    size_t len;
    char *ca = slurp("ca.pem", &len);
    sslite_context *c = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
    if (c == NULL || sslite_context_load_verify_locations(c, NULL, NULL, ca, len,
                                                          SSLITE_CADATA_PEM) < 0) {
        printf("Bail out! client context: %s\n", c ? sslite_context_error(c)->message : err.message);
        exit(1);
    }
    free(ca);
    return c;
}

static void move(sslite_memorybio *from, sslite_memorybio *to)
{
    unsigned char buf[4096];
    sslite_ssize_t n;
    while ((n = sslite_memorybio_read(from, buf, sizeof(buf), sizeof(buf))) > 0)
        sslite_memorybio_write(to, buf, (size_t)n);
}

/* A client and a server SSLObject over MemoryBIOs: the client's handshake
 * result (0, or its error type; *verify_code set on a verification error). */
static int handshake_pair(sslite_context *cctx, sslite_context *sctx, long *verify_code)
{
    sslite_memorybio *ci = sslite_memorybio_new(), *co = sslite_memorybio_new();
    sslite_memorybio *si = sslite_memorybio_new(), *so = sslite_memorybio_new();
    sslite_error err;
    sslite_object *c = sslite_context_wrap_bio(cctx, ci, co, 0, "localhost", NULL, &err);
    sslite_object *s = sslite_context_wrap_bio(sctx, si, so, 1, NULL, NULL, &err);
    int rc = -99, rs = SSLITE_ERR_WANT_READ, i;

    *verify_code = 0;
    for (i = 0; i < 50 && c != NULL && s != NULL; i++) {
        rc = sslite_object_do_handshake(c);
        move(co, si);
        if (rs == SSLITE_ERR_WANT_READ)
            rs = sslite_object_do_handshake(s);
        move(so, ci);
        if (rc != SSLITE_ERR_WANT_READ && rc != SSLITE_ERR_WANT_WRITE)
            break;
    }
    if (c != NULL && rc < 0)
        *verify_code = sslite_object_error(c)->verify_code;
    if (c != NULL && rc == 0) {
        char buf[16] = {0};
        sslite_object_write(c, "ping", 4);
        move(co, si);
        ok(sslite_object_read(s, buf, sizeof(buf)) == 4 && memcmp(buf, "ping", 4) == 0,
           "application data crosses after the handshake");
    }
    sslite_object_free(c);
    sslite_object_free(s);
    sslite_memorybio_free(ci);
    sslite_memorybio_free(co);
    sslite_memorybio_free(si);
    sslite_memorybio_free(so);
    return rc;
}

static int handshake_default(long *code)
{
    sslite_context *cc = client_ctx(), *sc = server_ctx();
    int r = handshake_pair(cc, sc, code);
    sslite_context_free(cc);
    sslite_context_free(sc);
    return r;
}

/* ---- entropy ---- */
static int entropy_calls, entropy_fail;
static int my_entropy(void *ud, unsigned char *buf, size_t len)
{
    (void)ud;
    entropy_calls++;
    for (size_t i = 0; i < len; i++)
        buf[i] = (unsigned char)rand();
    return entropy_fail ? -1 : 0;
}

static void mode_entropy(void)
{
    sslite_error err;
    unsigned char b[32];
    ok(sslite_set_entropy_source(NULL, NULL, &err) == SSLITE_ERR_VALUE, "a NULL source is ValueError");
    ok(sslite_set_entropy_source(my_entropy, NULL, &err) == 0, "an entropy source registers");
    ok(sslite_RAND_bytes(b, sizeof(b), &err) == 0, "RAND_bytes works");
    ok(entropy_calls > 0, "the seed drew from the registered source (%d calls)", entropy_calls);
    is_int(sslite_set_entropy_source(my_entropy, NULL, &err), SSLITE_ERR_VALUE,
           "registering after the first use is ValueError");
    ok(msg_starts(&err, "platform hooks must be set before the first use"), "with a clear message: %s",
       err.message);
}

static void mode_entropy_fail(void)
{
    sslite_error err;
    sslite_context *c;
    entropy_fail = 1;
    ok(sslite_set_entropy_source(my_entropy, NULL, &err) == 0, "a failing source registers");
    c = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
    ok(c == NULL, "no context is made when the entropy source fails");
    is_int(err.type, SSLITE_ERR_SSL, "the error is an SSLError: %s", err.message);
    ok(sslite_RAND_status() == 0, "RAND_status() says unseeded");
    sslite_context_free(c);
}

/* ---- the clock ---- */
static int64_t clock_value;
static int clock_calls;
static int64_t my_clock(void *ud)
{
    (void)ud;
    clock_calls++;
    return clock_value;
}

static void mode_clock(const char *which)
{
    sslite_error err;
    long code = 0;
    int r;

    is_int(sslite_clock_floor(), 1796083200, "the default clock floor is 2026-12-01T00:00:00Z");
    if (strcmp(which, "unset") == 0)
        clock_value = -1;
    else if (strcmp(which, "early") == 0)
        clock_value = sslite_clock_floor() + 1; /* set, but before the PKI was made */
    else if (strcmp(which, "late") == 0)
        clock_value = (int64_t)time(NULL) + 20 * 366 * 86400; /* past the PKI's 10 years */
    else
        clock_value = (int64_t)time(NULL);
    ok(sslite_set_time_source(my_clock, NULL, &err) == 0, "a time source registers");
    r = handshake_default(&code);
    ok(clock_calls > 0, "verification asked the registered clock (%d calls)", clock_calls);
    if (strcmp(which, "unset") == 0 || strcmp(which, "now") == 0) {
        is_int(r, 0, "clock %s: the handshake verifies (notBefore unknowable)", which);
    } else if (strcmp(which, "early") == 0) {
        is_int(r, SSLITE_ERR_CERT_VERIFICATION, "clock set before notBefore: verification fails");
        is_int(code, 9, "with CERT_NOT_YET_VALID");
    } else {
        is_int(r, SSLITE_ERR_CERT_VERIFICATION, "clock past notAfter: verification fails");
        is_int(code, 10, "with CERT_HAS_EXPIRED");
    }
}

/* ---- mutex hooks ---- */
static int mutexes, locks, unlocks;
static void *m_create(void *ud) { (void)ud; mutexes++; return malloc(1); }
static void m_destroy(void *ud, void *m) { (void)ud; mutexes--; free(m); }
static int m_lock(void *ud, void *m) { (void)ud; (void)m; locks++; return 0; }
static int m_unlock(void *ud, void *m) { (void)ud; (void)m; unlocks++; return 0; }

static void mode_mutex(void)
{
    sslite_error err;
    sslite_mutex_hooks h = {m_create, m_destroy, m_lock, m_unlock, NULL};
    sslite_mutex_hooks partial = {m_create, NULL, m_lock, m_unlock, NULL};
    long code;

    if (SSLITE_HAS_THREADS) {
        is_int(sslite_set_mutex_hooks(&h, &err), SSLITE_ERR_NOT_IMPLEMENTED,
               "a pthread build refuses mutex hooks");
        return;
    }
    is_int(sslite_set_mutex_hooks(&partial, &err), SSLITE_ERR_VALUE, "a hook missing is ValueError");
    ok(sslite_set_mutex_hooks(&h, &err) == 0, "mutex hooks register");
    is_int(handshake_default(&code), 0, "a handshake with hook-made locks");
    ok(locks > 0 && locks == unlocks, "every lock was unlocked (%d)", locks);
    ok(mutexes > 0, "the library keeps hook-made mutexes alive (%d)", mutexes);
}

/* ---- the memory loaders and the reduced build's stand-ins ---- */
static void mode_loaders(void)
{
    sslite_error err;
    sslite_context *s = sslite_context_new(SSLITE_PROTOCOL_TLS_SERVER, &err);
    size_t cl, kl, ml, dl = 0;
    char *cert = slurp("server-ec.pem", &cl), *key = slurp("server-ec.key", &kl);
    char *other = slurp("server-rsa.key", &ml);
    unsigned char *der = NULL;
    long code;

    is_int(sslite_context_load_cert_chain_data(s, cert, 0, NULL, 0, NULL, NULL, NULL),
           SSLITE_ERR_VALUE, "empty certificate data is ValueError");
    is_int(sslite_context_load_cert_chain_data(s, "junk", 4, NULL, 0, NULL, NULL, NULL),
           SSLITE_ERR_SSL, "junk is SSLError: %s", sslite_context_error(s)->message);
    is_int(sslite_context_load_cert_chain_data(s, cert, cl, other, ml, NULL, NULL, NULL),
           SSLITE_ERR_SSL, "a key of another type is SSLError: %s",
           sslite_context_error(s)->message);
    is_str(sslite_context_error(s)->reason, "NO_CERTIFICATE_ASSIGNED", "as Python + OpenSSL word it");
    is_int(sslite_context_load_cert_chain_data(s, cert, cl, NULL, 0, NULL, NULL, NULL),
           SSLITE_ERR_SSL, "a chain without its key is SSLError");
    /* Not NUL-terminated, as flash holds it: the copy is the library's. */
    ok(sslite_context_load_cert_chain_data(s, cert, strlen(cert), key, strlen(key), NULL, NULL,
                                           NULL) == 0, "PEM certificate and key load from memory");
    {
        /* Text before the armour that starts with '0' (0x30, DER's first
         * byte) is still PEM. */
        size_t pl = strlen(cert) + 32;
        char *prefixed = malloc(pl);
        snprintf(prefixed, pl, "0 comment line\n%s", cert);
        ok(sslite_context_load_cert_chain_data(s, prefixed, strlen(prefixed), key, strlen(key),
                                               NULL, NULL, NULL) == 0,
           "PEM with leading text starting with '0' loads (%s)", sslite_context_error(s)->message);
        free(prefixed);
    }
    ok(sslite_PEM_cert_to_DER_cert(cert, cl, &der, &dl, &err) == 0, "(the certificate as DER)");
    ok(sslite_context_load_cert_chain_data(s, der, dl, key, kl, NULL, NULL, NULL) == 0,
       "a DER certificate loads from memory");
    free(der);
    if (!SSLITE_HAS_FILESYSTEM) {
        is_int(sslite_context_load_cert_chain(s, "server.pem", NULL, NULL, NULL, NULL),
               SSLITE_ERR_NOT_IMPLEMENTED, "no filesystem: load_cert_chain is NotImplementedError");
        is_int(sslite_context_load_verify_locations(s, "ca.pem", NULL, NULL, 0, 0),
               SSLITE_ERR_NOT_IMPLEMENTED, "no filesystem: a cafile is NotImplementedError");
        is_int(sslite_context_load_default_certs(s, SSLITE_Purpose_SERVER_AUTH), 0,
               "no filesystem: load_default_certs loads nothing and succeeds");
        is_int(sslite_context_set_keylog_filename(s, "/tmp/k"), SSLITE_ERR_NOT_IMPLEMENTED,
               "no filesystem: keylog_filename is NotImplementedError");
    }
    sslite_context_free(s);
    if (SSLITE_HAS_SERVER && SSLITE_HAS_CLIENT)
        is_int(handshake_default(&code), 0, "credentials from memory verify end to end");
    free(cert);
    free(key);
    free(other);
}

static void mode_sides(void)
{
    sslite_error err;
    sslite_context *c = sslite_context_new(SSLITE_PROTOCOL_TLS, &err);
    sslite_memorybio *a = sslite_memorybio_new(), *b = sslite_memorybio_new();
    sslite_object *o;

    sslite_context_set_verify_mode(c, SSLITE_CERT_NONE);
    o = sslite_context_wrap_bio(c, a, b, 1, NULL, NULL, &err);
    if (SSLITE_HAS_SERVER)
        ok(o != NULL, "this build wraps server sides");
    else
        is_int(err.type, SSLITE_ERR_NOT_IMPLEMENTED, "no server side: wrapping one is NotImplementedError");
    sslite_object_free(o);
    o = sslite_context_wrap_bio(c, a, b, 0, NULL, NULL, &err);
    if (SSLITE_HAS_CLIENT)
        ok(o != NULL, "this build wraps client sides");
    else
        is_int(err.type, SSLITE_ERR_NOT_IMPLEMENTED, "no client side: wrapping one is NotImplementedError");
    sslite_object_free(o);
    sslite_memorybio_free(a);
    sslite_memorybio_free(b);
    sslite_context_free(c);
}

/* server_hostname: ASCII names in every build; a non-ASCII one is
 * punycoded with the idna tables and ValueError without them. */
static void mode_idna(void)
{
    sslite_error err;
    sslite_context *c = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
    sslite_memorybio *a = sslite_memorybio_new(), *b = sslite_memorybio_new();
    sslite_object *o;

    o = sslite_context_wrap_bio(c, a, b, 0, "www.example.org", NULL, &err);
    ok(o != NULL, "an ASCII server_hostname wraps");
    sslite_object_free(o);
    o = sslite_context_wrap_bio(c, a, b, 0, "bad..example.org", NULL, &err);
    ok(o == NULL && err.type == SSLITE_ERR_VALUE && msg_starts(&err, "encoding with 'idna' codec failed"),
       "an empty label is the codec's ValueError");
    sslite_object_free(o);
    o = sslite_context_wrap_bio(c, a, b, 0, "b\xc3\xbc" "cher.example", NULL, &err);
    if (SSLITE_HAS_IDNA) {
        ok(o != NULL && strcmp(sslite_object_server_hostname(o), "xn--bcher-kva.example") == 0,
           "a non-ASCII name goes through the idna codec");
    } else {
        ok(o == NULL && err.type == SSLITE_ERR_VALUE && strstr(err.message, "-Didna=disabled") != NULL,
           "without the idna tables a non-ASCII name is ValueError");
    }
    sslite_object_free(o);
    sslite_memorybio_free(a);
    sslite_memorybio_free(b);
    sslite_context_free(c);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    if (strcmp(mode, "entropy") == 0)
        mode_entropy();
    else if (strcmp(mode, "entropy-fail") == 0)
        mode_entropy_fail();
    else if (strncmp(mode, "clock-", 6) == 0)
        mode_clock(mode + 6);
    else if (strcmp(mode, "mutex") == 0)
        mode_mutex();
    else if (strcmp(mode, "loaders") == 0)
        mode_loaders();
    else if (strcmp(mode, "sides") == 0)
        mode_sides();
    else if (strcmp(mode, "idna") == 0)
        mode_idna();
    else {
        printf("Bail out! unknown mode '%s'\n", mode);
        return 1;
    }
    return done_testing();
}
