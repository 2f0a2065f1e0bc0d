/* Error types: names and Python's class hierarchy. */
#include "tap.h"
#include "internal.h"

int main(void)
{
    sslite_error e;

    is_str(sslite_errtype_name(SSLITE_ERR_CERT_VERIFICATION), "SSLCertVerificationError", "name");
    ok(sslite_errtype_isinstance(SSLITE_ERR_CERT_VERIFICATION, SSLITE_ERR_SSL), "cert error is SSLError");
    ok(sslite_errtype_isinstance(SSLITE_ERR_CERT_VERIFICATION, SSLITE_ERR_VALUE), "cert error is ValueError");
    ok(sslite_errtype_isinstance(SSLITE_ERR_WANT_READ, SSLITE_ERR_OS), "SSLWantReadError is OSError");
    ok(sslite_errtype_isinstance(SSLITE_ERR_TIMEOUT, SSLITE_ERR_OS), "TimeoutError is OSError");
    ok(!sslite_errtype_isinstance(SSLITE_ERR_VALUE, SSLITE_ERR_OS), "ValueError is not OSError");
    ok(!sslite_errtype_isinstance(SSLITE_ERR_SSL, SSLITE_ERR_EOF), "SSLError is not SSLEOFError");

    is_int(sslite__err_os(&e, 2), SSLITE_ERR_OS, "os error type");
    is_str(e.message, "[Errno 2] No such file or directory", "OSError message");
    is_int(e.errnum, 2, "errno");

    sslite__err_verify(&e, 62, "example.org", "x.c", 1);
    is_str(e.message, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: Hostname "
                      "mismatch, certificate is not valid for 'example.org'. (x.c:1)", "verify message");
    is_int(e.verify_code, 62, "verify_code");
    is_str(e.reason, "CERTIFICATE_VERIFY_FAILED", "reason");
    is_str(e.library, "SSL", "library");
    is_int(e.errnum, 1, "SSLError errno is SSL_ERROR_SSL");

    sslite__err_ssl(&e, SSLITE_ERR_WANT_READ, NULL, NULL, "The operation did not complete (read)", "x.c", 2);
    is_int(e.errnum, SSLITE_SSL_ERROR_WANT_READ, "want-read errno 2");
    is_str(e.message, "The operation did not complete (read) (x.c:2)", "want-read message");
    return done_testing();
}
