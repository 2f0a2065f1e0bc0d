/* The lazy trust store (backends/mbedtls/truststore.c):
 *  - OpenSSL's subject hash, against the <hash>.N links of the system's
 *    /etc/ssl/certs (made by openssl rehash);
 *  - a bundle of many CAs (the system's plus NCA made here) verifies a
 *    server of each, round after round: more CAs than the cache holds, so
 *    parsed certificates are evicted and read again from the file;
 *  - a capath of hash-named links resolves chains lazily: only the CAs
 *    verifications looked up show in cert_store_stats()/get_ca_certs();
 *  - threads verifying at once through one context. */
#include "tap.h"
#include "../unit/handshake_util.h"
#include <dirent.h>
#include <stdint.h>
#include <sslite/cert.h>

int sslite__mbedtls_subject_hash(const unsigned char *der, size_t len, unsigned long *out);

#define NCA 12 /* more than SSLITE_TRUST_CACHE_SLOTS (8) */
#define NTHREADS 4

static char g_dir[256];

static void bail_out(const char *why)
{
    printf("Bail out! %s\n", why);
    exit(1);
}

/* "<dir>/<name><i><suffix>" (i < 0: no number) in a rotating buffer. */
static const char *pki(const char *name, int i, const char *suffix)
{
    /* Per thread: the threaded case builds paths on four at once. */
    static __thread char buf[8][512];
    static __thread int k;
    char *b = buf[k++ % 8];
    if (i < 0)
        snprintf(b, sizeof(buf[0]), "%s/%s%s", g_dir, name, suffix);
    else
        snprintf(b, sizeof(buf[0]), "%s/%s%d%s", g_dir, name, i, suffix);
    return b;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf != NULL) {
        buf[n] = '\0';
        *len = (size_t)n;
    }
    return buf;
}

/* Every <8 hex>.N link of a directory: our hash of its certificate is its
 * name.  Returns how many were compared; *bad the mismatches. */
static int check_hash_links(const char *dir, int *bad)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    int n = 0;

    *bad = 0;
    if (d == NULL)
        return 0;
    while ((de = readdir(d)) != NULL) {
        char path[1024], want[9];
        unsigned char *der = NULL;
        size_t len = 0, dlen = 0;
        unsigned long h;
        char *pem;
        if (strlen(de->d_name) < 10 || de->d_name[8] != '.' || de->d_name[9] < '0' ||
            de->d_name[9] > '9' || strspn(de->d_name, "0123456789abcdef") != 8)
            continue;
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        if ((pem = slurp(path, &len)) == NULL)
            continue;
        if (sslite_PEM_cert_to_DER_cert(pem, len, &der, &dlen, NULL) == 0) {
            memcpy(want, de->d_name, 8);
            want[8] = '\0';
            if (sslite__mbedtls_subject_hash(der, dlen, &h) != 0 ||
                h != strtoul(want, NULL, 16)) {
                if (++*bad <= 5)
                    diag("%s: ours %08lx", path, h);
            }
            n++;
            free(der);
        }
        free(pem);
    }
    closedir(d);
    return n;
}

/* One handshake: a server with leaf i, the client ctx verifying.  0 or the
 * client's error type; *code its verify code. */
static int handshake(sslite_context *client, int i, long *code)
{
    sslite_error err;
    sslite_context *sctx = sslite_context_new(SSLITE_PROTOCOL_TLS_SERVER, &err);
    server_job job;
    pthread_t th;
    sslite_socket *s;
    int sv[2], ret;

    if (sctx == NULL || sslite_context_load_cert_chain(sctx, pki("leaf", i, ".pem"),
                                                       pki("leaf", i, ".key"), NULL, NULL,
                                                       NULL) < 0) {
        sslite_context_free(sctx);
        return -100;
    }
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
        return -101;
    memset(&job, 0, sizeof(job));
    job.ctx = sctx;
    job.fd = sv[1];
    pthread_create(&th, NULL, server_main, &job);
    s = sslite_context_wrap_socket(client, sv[0], 0, 1, 1, "localhost", NULL, &err);
    ret = s != NULL ? 0 : err.type;
    *code = s != NULL ? 0 : err.verify_code;
    sslite_socket_free(s);
    if (s == NULL)
        close(sv[0]);
    pthread_join(th, NULL);
    sslite_context_free(sctx);
    return ret;
}

static sslite_context *verifying(const char *cafile, const char *capath)
{
    sslite_error err;
    sslite_context *c = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
    if (c == NULL || sslite_context_load_verify_locations(c, cafile, capath, NULL, 0, 0) < 0)
        bail_out("load_verify_locations");
    return c;
}

static int count_cas(sslite_context *c)
{
    sslite_certlist *l = NULL;
    int n = sslite_context_get_ca_certs(c, 1, &l) == 0 && l ? (int)l->count : -1;
    sslite_certlist_free(l);
    return n;
}

typedef struct worker {
    sslite_context *ctx;
    int first, failures;
} worker;

static void *worker_main(void *arg)
{
    worker *w = arg;
    for (int r = 0; r < 3; r++)
        for (int i = 0; i < NCA; i++) {
            long code;
            if (handshake(w->ctx, 1 + (w->first + i) % NCA, &code) != 0)
                w->failures++;
        }
    return NULL;
}

int main(void)
{
    char cmd[1024];
    sslite_cert_store_stats st;
    sslite_context *c;
    int n, bad, fails = 0, sys_certs;
    long code;

    n = check_hash_links("/etc/ssl/certs", &bad);
    if (n == 0) {
        ok(1, "# SKIP no hash links in /etc/ssl/certs");
    } else {
        is_int(bad, 0, "subject hash = openssl's for the %d hash links of /etc/ssl/certs", n);
    }

    if (system("openssl version >/dev/null 2>&1") != 0)
        return done_testing();
    snprintf(g_dir, sizeof(g_dir), "/tmp/sslite-truststore-XXXXXX");
    if (mkdtemp(g_dir) == NULL)
        bail_out("mkdtemp");
    snprintf(cmd, sizeof(cmd), "sh '%s/make-many-cas.sh' '%s' %d", getenv("SSLITE_TEST_SRCDIR"),
             g_dir, NCA);
    if (system(cmd) != 0)
        bail_out("make-many-cas.sh");
    n = check_hash_links(pki("capath", -1, ""), &bad);
    is_int(n, NCA, "the test capath has %d links", NCA);
    is_int(bad, 0, "subject hash = openssl's for the test CAs");

    /* A bundle of many CAs, verified round after round. */
    c = verifying(pki("bundle.pem", -1, ""), NULL);
    sslite_context_cert_store_stats(c, &st);
    sys_certs = st.x509 - NCA;
    ok(st.x509 >= NCA, "bundle: %d certificates counted at once", st.x509);
    for (int r = 0; r < 3; r++)
        for (int i = 1; i <= NCA; i++)
            if (handshake(c, i, &code) != 0) {
                fails++;
                diag("round %d, CA %d: verify code %ld", r, i, code);
            }
    is_int(fails, 0, "bundle: %d CAs x 3 rounds verify (the cache evicts and re-reads)", NCA);
    ok(count_cas(c) >= NCA, "bundle: get_ca_certs() reads them back (%d CAs)", count_cas(c));
    sslite_context_cert_store_stats(c, &st);
    is_int(st.x509, sys_certs + NCA, "bundle: the count did not change");

    /* Threads verifying through the same context at once. */
    {
        pthread_t th[NTHREADS];
        worker w[NTHREADS];
        int failures = 0;
        for (int t = 0; t < NTHREADS; t++) {
            w[t].ctx = c;
            w[t].first = t * 3;
            w[t].failures = 0;
            pthread_create(&th[t], NULL, worker_main, &w[t]);
        }
        for (int t = 0; t < NTHREADS; t++) {
            pthread_join(th[t], NULL);
            failures += w[t].failures;
        }
        is_int(failures, 0, "%d threads x %d handshakes on one context", NTHREADS, 3 * NCA);
    }
    sslite_context_free(c);

    /* A capath of hash links: nothing read before a verification needs it. */
    c = verifying(NULL, pki("capath", -1, ""));
    sslite_context_cert_store_stats(c, &st);
    is_int(st.x509, 0, "capath: nothing counted before use");
    is_int(handshake(c, 3, &code), 0, "capath: CA 3 found by its subject hash");
    is_int(handshake(c, 7, &code), 0, "capath: CA 7 too");
    is_int(handshake(c, 3, &code), 0, "capath: CA 3 again");
    sslite_context_cert_store_stats(c, &st);
    is_int(st.x509, 2, "capath: the two CAs looked up count, once each");
    is_int(count_cas(c), 2, "capath: get_ca_certs() lists them");
    for (int i = 1; i <= NCA; i++)
        if (handshake(c, i, &code) != 0)
            fails++;
    is_int(fails, 0, "capath: every CA of the directory verifies");
    sslite_context_cert_store_stats(c, &st);
    is_int(st.x509, NCA, "capath: all %d counted now", NCA);
    sslite_context_free(c);

    /* A server whose CA is in neither: 20, as before. */
    c = verifying(pki("ca", 1, ".pem"), NULL);
    is_int(handshake(c, 2, &code), SSLITE_ERR_CERT_VERIFICATION, "an unknown CA fails");
    is_int(code, 20, "unable to get local issuer certificate");
    sslite_context_free(c);

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g_dir);
    (void)!system(cmd);
    return done_testing();
}
