/* CPython's capath behaviour: certificates in a capath directory are not in
 * cert_store_stats() / get_ca_certs() until a verification looked them up
 * (OpenSSL's lazy hash lookup).  The numbers are what python3 prints for the
 * same steps:  before {'x509': 0, 'crl': 0, 'x509_ca': 0} 0, after
 * {'x509': 1, 'crl': 0, 'x509_ca': 1} 1; a cafile counts at once. */
#include "tap.h"
#include "../unit/handshake_util.h"
#include <sslite/cert.h>

/* hash-named copy of ca.pem in a fresh directory: "<dir>/<hash>.0" */
static int make_capath(char *dir, size_t size)
{
    char cmd[2048];
    snprintf(dir, size, "/tmp/sslite-capath-lazy-XXXXXX");
    if (mkdtemp(dir) == NULL)
        return -1;
    snprintf(cmd, sizeof(cmd),
             "cp '%s' \"%s/$(openssl x509 -hash -noout -in '%s')\".0", cert_path("ca.pem"), dir,
             cert_path("ca.pem"));
    return system(cmd) == 0 ? 0 : -1;
}

static void stats(sslite_context *c, sslite_cert_store_stats *st, size_t *nca)
{
    sslite_certlist *l = NULL;
    sslite_context_cert_store_stats(c, st);
    *nca = sslite_context_get_ca_certs(c, 1, &l) == 0 && l ? l->count : (size_t)-1;
    sslite_certlist_free(l);
}

int main(void)
{
    char dir[256], cmd[512];
    sslite_error err;
    sslite_cert_store_stats st;
    size_t nca;
    sslite_context *c, *sctx;
    server_job job;
    pthread_t th;
    int sv[2];
    sslite_socket *s;

    if (system("openssl version >/dev/null 2>&1") != 0)
        skip_all("needs the openssl CLI for the subject hash");
    if (make_capath(dir, sizeof(dir)) < 0)
        skip_all("cannot make a capath directory");

    c = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
    is_int(sslite_context_load_verify_locations(c, NULL, dir, NULL, 0, 0), 0, "load capath");
    stats(c, &st, &nca);
    is_int(st.x509, 0, "capath: not counted before use (x509)");
    is_int(st.x509_ca, 0, "capath: not counted before use (x509_ca)");
    is_int(nca, 0, "capath: get_ca_certs() empty before use");

    sctx = server_ctx("server-rsa.pem", "server-rsa.key");
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    memset(&job, 0, sizeof(job));
    job.ctx = sctx;
    job.fd = sv[1];
    pthread_create(&th, NULL, server_main, &job);
    s = sslite_context_wrap_socket(c, sv[0], 0, 1, 1, "localhost", NULL, &err);
    ok(s != NULL, "handshake verified through the capath anchor: %s", s ? "ok" : err.message);
    sslite_socket_free(s);
    pthread_join(th, NULL);

    stats(c, &st, &nca);
    is_int(st.x509, 1, "capath: counted once used (x509)");
    is_int(st.x509_ca, 1, "capath: counted once used (x509_ca)");
    is_int(nca, 1, "capath: get_ca_certs() lists it once used");
    sslite_context_free(c);

    c = client_ctx(); /* cafile: counted at once */
    stats(c, &st, &nca);
    is_int(st.x509, 1, "cafile: counted at once");
    is_int(nca, 1, "cafile: listed at once");
    sslite_context_free(c);
    sslite_context_free(sctx);

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    (void)!system(cmd);
    return done_testing();
}
