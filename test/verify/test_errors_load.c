/* Errors as CPython shows them (observed with python3 + OpenSSL 3.0):
 * loading certificates, keys and trust anchors; OpenSSL's verify texts
 * and alert names. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tap.h"
#include "internal.h"

static const char *pki(const char *name)
{
    static char buf[8][1024];
    static int i;
    const char *dir = getenv("SSLITE_TEST_CERTS");
    char *b = buf[i++ % 8];
    snprintf(b, sizeof(buf[0]), "%s/%s", dir ? dir : "test/certs/pki", name);
    return b;
}

/* The message without its "(file.c:line)" tail equals want. */
static int msg_is(const sslite_error *e, const char *want)
{
    size_t n = strlen(want);
    return strncmp(e->message, want, n) == 0 && (e->message[n] == '\0' || e->message[n] == ' ');
}

#define EXPECT(ret, ctx, want_type, want_msg, want_lib, want_reason, want_errnum)              \
    do {                                                                                      \
        const sslite_error *e_ = sslite_context_error(ctx);                                   \
        is_int(ret, want_type, "%s: type", want_msg);                                         \
        ok(msg_is(e_, want_msg), "message: %s", e_->message);                                 \
        is_str(e_->library, want_lib, "%s: library", want_msg);                               \
        is_str(e_->reason, want_reason, "%s: reason", want_msg);                              \
        is_int(e_->errnum, want_errnum, "%s: errno", want_msg);                               \
    } while (0)

int main(void)
{
    sslite_error err;
    sslite_context *ctx = sslite_context_new(SSLITE_PROTOCOL_TLS_SERVER, &err);
    char garbage[] = "/tmp/sslite-verify-garbage-XXXXXX";
    int fd = mkstemp(garbage);
    char mnemonic[SSLITE__ALERT_MNEMONIC_MAX];
    char text[SSLITE__ALERT_MNEMONIC_MAX];
    int r;

    if (ctx == NULL || fd < 0)
        skip_all("no context or temporary file");
    if (write(fd, "garbage\n", 8) != 8)
        skip_all("cannot write a temporary file");
    close(fd);

    r = sslite_context_load_cert_chain(ctx, "/nonexistent/cert.pem", NULL, NULL, NULL, NULL);
    EXPECT(r, ctx, SSLITE_ERR_OS, "[Errno 2] No such file or directory", "", "", ENOENT);
    r = sslite_context_load_cert_chain(ctx, garbage, NULL, NULL, NULL, NULL);
    EXPECT(r, ctx, SSLITE_ERR_SSL, "[SSL] PEM lib", "SSL", "", 524297);
    r = sslite_context_load_cert_chain(ctx, pki("server-rsa.pem"), garbage, NULL, NULL, NULL);
    EXPECT(r, ctx, SSLITE_ERR_SSL, "[SSL] PEM lib", "SSL", "", 524297);
    r = sslite_context_load_cert_chain(ctx, pki("server-rsa.pem"), NULL, NULL, NULL, NULL);
    EXPECT(r, ctx, SSLITE_ERR_SSL, "[SSL] PEM lib", "SSL", "", 524297);
    r = sslite_context_load_cert_chain(ctx, pki("server-rsa.pem"), pki("client.key"), NULL, NULL,
                                       NULL);
    EXPECT(r, ctx, SSLITE_ERR_SSL, "[X509: KEY_VALUES_MISMATCH] key values mismatch", "X509",
           "KEY_VALUES_MISMATCH", 116);
    r = sslite_context_load_cert_chain(ctx, pki("server-rsa.pem"), pki("server-ec.key"), NULL,
                                       NULL, NULL);
    EXPECT(r, ctx, SSLITE_ERR_SSL, "[SSL: NO_CERTIFICATE_ASSIGNED] no certificate assigned",
           "SSL", "NO_CERTIFICATE_ASSIGNED", 177);
    r = sslite_context_load_cert_chain(ctx, pki("server-rsa.pem"), pki("server-rsa-enc.key"),
                                       "wrong", NULL, NULL);
    EXPECT(r, ctx, SSLITE_ERR_SSL, "[SSL] PEM lib", "SSL", "", 524297);
    /* No password for an encrypted key: CPython without a terminal. */
    r = sslite_context_load_cert_chain(ctx, pki("server-rsa.pem"), pki("server-rsa-enc.key"),
                                       NULL, NULL, NULL);
    EXPECT(r, ctx, SSLITE_ERR_OS, "[Errno 22] Invalid argument", "", "", EINVAL);
    is_int(sslite_context_load_cert_chain(ctx, pki("server-rsa.pem"), pki("server-rsa-enc.key"),
                                          "sslite-pass", NULL, NULL),
           0, "the right password loads");

    r = sslite_context_load_verify_locations(ctx, "/nonexistent/ca.pem", NULL, NULL, 0, 0);
    EXPECT(r, ctx, SSLITE_ERR_OS, "[Errno 2] No such file or directory", "", "", ENOENT);
    r = sslite_context_load_verify_locations(ctx, garbage, NULL, NULL, 0, 0);
    EXPECT(r, ctx, SSLITE_ERR_SSL,
           "[X509: NO_CERTIFICATE_OR_CRL_FOUND] no certificate or crl found", "X509",
           "NO_CERTIFICATE_OR_CRL_FOUND", 136);
    r = sslite_context_load_verify_locations(ctx, NULL, NULL, "hello", 5, SSLITE_CADATA_PEM);
    EXPECT(r, ctx, SSLITE_ERR_SSL, "no start line: cadata does not contain a certificate", "",
           "", 0);
    r = sslite_context_load_verify_locations(
        ctx, NULL, NULL, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", 58,
        SSLITE_CADATA_PEM);
    EXPECT(r, ctx, SSLITE_ERR_SSL, "no start line: cadata does not contain a certificate", "",
           "", 0);
    r = sslite_context_load_verify_locations(ctx, NULL, NULL, "hello", 5, SSLITE_CADATA_DER);
    EXPECT(r, ctx, SSLITE_ERR_SSL, "not enough data: cadata does not contain a certificate", "",
           "", 0);
    unlink(garbage);
    sslite_context_free(ctx);

    /* X509_verify_cert_error_string(), OpenSSL 3.0, for the codes sslite reports. */
    is_str(sslite__verify_message(0), "ok", "verify text 0");
    is_str(sslite__verify_message(3), "unable to get certificate CRL", "verify text 3");
    is_str(sslite__verify_message(9), "certificate is not yet valid", "verify text 9");
    is_str(sslite__verify_message(10), "certificate has expired", "verify text 10");
    is_str(sslite__verify_message(18), "self-signed certificate", "verify text 18");
    is_str(sslite__verify_message(19), "self-signed certificate in certificate chain",
           "verify text 19");
    is_str(sslite__verify_message(20), "unable to get local issuer certificate", "verify text 20");
    is_str(sslite__verify_message(23), "certificate revoked", "verify text 23");
    is_str(sslite__verify_message(25), "path length constraint exceeded", "verify text 25");
    is_str(sslite__verify_message(26), "unsuitable certificate purpose", "verify text 26");
    is_str(sslite__verify_message(79), "invalid CA certificate", "verify text 79");
    is_str(sslite__verify_message(92), "CA cert does not include key usage extension",
           "verify text 92");
    /* Only the codes sslite reports have texts (test/verify/test_verify_texts.py). */
    is_str(sslite__verify_message(94), "unknown certificate verification error",
           "a code sslite never reports");
    is_str(sslite__verify_message(95), "unknown certificate verification error", "past the end");
    is_str(sslite__verify_message(-1), "unknown certificate verification error", "negative");

    /* Alerts as CPython names them. */
    ok(sslite__alert_reason(48, mnemonic, text), "alert 48 known");
    is_str(mnemonic, "TLSV1_ALERT_UNKNOWN_CA", "alert 48 mnemonic");
    is_str(text, "tlsv1 alert unknown ca", "alert 48 text");
    sslite__alert_reason(42, mnemonic, text);
    is_str(mnemonic, "SSLV3_ALERT_BAD_CERTIFICATE", "alert 42");
    sslite__alert_reason(40, mnemonic, text);
    is_str(mnemonic, "SSLV3_ALERT_HANDSHAKE_FAILURE", "alert 40");
    sslite__alert_reason(70, mnemonic, text);
    is_str(mnemonic, "TLSV1_ALERT_PROTOCOL_VERSION", "alert 70");
    sslite__alert_reason(116, mnemonic, text);
    is_str(mnemonic, "TLSV13_ALERT_CERTIFICATE_REQUIRED", "alert 116");
    is_str(text, "tlsv13 alert certificate required", "alert 116 text");
    ok(sslite__alert_reason(120, mnemonic, text) && mnemonic[0] == '\0',
       "alert 120 has no CPython mnemonic");
    is_str(text, "tlsv1 alert no application protocol", "alert 120 text");
    ok(!sslite__alert_reason(200, mnemonic, text), "alert 200 unknown");
    is_str(text, "unknown error", "alert 200 text");
    /* The alert OpenSSL sends for a verify code. */
    is_int(sslite__verify_alert(20), 48, "20 -> unknown_ca");
    is_int(sslite__verify_alert(62), 42, "62 -> bad_certificate");
    is_int(sslite__verify_alert(10), 45, "10 -> certificate_expired");
    is_int(sslite__verify_alert(23), 44, "23 -> certificate_revoked");
    is_int(sslite__verify_alert(26), 43, "26 -> unsupported_certificate");
    is_int(sslite__verify_alert(7), 51, "7 -> decrypt_error");
    return done_testing();
}
