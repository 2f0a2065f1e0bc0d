/*
 * sslite: Mbed TLS error codes as the exceptions CPython raises on OpenSSL.
 *
 * One table: each Mbed TLS code the TLS, X.509 and PK layers return from a
 * handshake, read or write becomes the OpenSSL library/reason mnemonics and
 * text CPython shows ("[SSL: NO_SHARED_CIPHER] no shared cipher").  A fatal
 * alert from the peer is reported by its number, through lib/verify.c's
 * alert table ("[SSL: TLSV1_ALERT_UNKNOWN_CA] tlsv1 alert unknown ca").
 * Loading failures (load_cert_chain, load_verify_locations) have their own
 * words, chosen by the `what` backend.c passes.
 */
#include "mbedtls_internal.h" /* first: it sets Mbed TLS's private access */

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Every row is an SSLError of OpenSSL's library "SSL", and each reason's
 * text is its mnemonic in lower case with ' ' for '_' (NO_SHARED_CIPHER,
 * "no shared cipher"), so a row is the code and the mnemonic.  The
 * mnemonics are one string and a row holds the number of its own (no
 * pointer: a table of pointers costs a relocation per pointer in a
 * position-independent binary). */
#define REASONS(X) \
    X(NO_SHARED_CIPHER) \
    X(UNSUPPORTED_PROTOCOL) \
    X(NO_APPLICATION_PROTOCOL) \
    X(PEER_DID_NOT_RETURN_A_CERTIFICATE) \
    X(TLSV1_UNRECOGNIZED_NAME) \
    X(DECRYPTION_FAILED_OR_BAD_RECORD_MAC) \
    X(WRONG_VERSION_NUMBER) \
    X(EXCESSIVE_MESSAGE_SIZE) \
    X(UNEXPECTED_MESSAGE) \
    X(UNEXPECTED_RECORD) \
    X(BAD_PACKET) \
    X(BAD_EXTENSION) \
    X(UNSOLICITED_EXTENSION) \
    X(NO_PROTOCOLS_AVAILABLE) \
    X(BAD_SIGNATURE) \
    X(CERTIFICATE_VERIFY_FAILED) \
    X(INTERNAL_ERROR)

#define REASON_ENUM(r) R_##r,
enum { REASONS(REASON_ENUM) R_COUNT };
#define REASON_TEXT(r) #r "\0"
static const char reasons[] = REASONS(REASON_TEXT);

typedef struct mbed_err {
    int16_t code;   /* Mbed TLS's codes are above -0x8000 */
    uint8_t reason; /* R_* */
} mbed_err;

static const mbed_err table[] = {
    /* Negotiation */
    /* Mbed TLS 3.6 has no code of its own for "no shared cipher"; on a
     * server, nothing in common is what this mostly means. */
    {MBEDTLS_ERR_SSL_HANDSHAKE_FAILURE, R_NO_SHARED_CIPHER},
    {MBEDTLS_ERR_SSL_BAD_PROTOCOL_VERSION, R_UNSUPPORTED_PROTOCOL},
    {MBEDTLS_ERR_SSL_NO_APPLICATION_PROTOCOL, R_NO_APPLICATION_PROTOCOL},
    {MBEDTLS_ERR_SSL_NO_CLIENT_CERTIFICATE, R_PEER_DID_NOT_RETURN_A_CERTIFICATE},
    {MBEDTLS_ERR_SSL_PRIVATE_KEY_REQUIRED, R_NO_SHARED_CIPHER},
    {MBEDTLS_ERR_SSL_UNRECOGNIZED_NAME, R_TLSV1_UNRECOGNIZED_NAME},
    /* Records and messages */
    {MBEDTLS_ERR_SSL_INVALID_MAC, R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC},
    /* A peer that does not speak TLS (OpenSSL 3.0 checks the record
     * version first). */
    {MBEDTLS_ERR_SSL_INVALID_RECORD, R_WRONG_VERSION_NUMBER},
#if defined(MBEDTLS_ERR_SSL_SSLITE_MESSAGE_TOO_LARGE)
    /* sslite's patch: a handshake message the input buffer cannot hold. */
    {MBEDTLS_ERR_SSL_SSLITE_MESSAGE_TOO_LARGE, R_EXCESSIVE_MESSAGE_SIZE},
#endif
    {MBEDTLS_ERR_SSL_UNEXPECTED_MESSAGE, R_UNEXPECTED_MESSAGE},
    {MBEDTLS_ERR_SSL_UNEXPECTED_RECORD, R_UNEXPECTED_RECORD},
    {MBEDTLS_ERR_SSL_DECODE_ERROR, R_BAD_PACKET},
    {MBEDTLS_ERR_SSL_ILLEGAL_PARAMETER, R_BAD_EXTENSION},
    {MBEDTLS_ERR_SSL_UNSUPPORTED_EXTENSION, R_UNSOLICITED_EXTENSION},
    {MBEDTLS_ERR_SSL_BAD_CONFIG, R_NO_PROTOCOLS_AVAILABLE},
    {MBEDTLS_ERR_SSL_FEATURE_UNAVAILABLE, R_UNSUPPORTED_PROTOCOL},
    /* The peer's signature over the handshake did not verify. */
#if defined(MBEDTLS_ERR_ECP_VERIFY_FAILED)
    {MBEDTLS_ERR_ECP_VERIFY_FAILED, R_BAD_SIGNATURE},
#endif
#if defined(MBEDTLS_ERR_RSA_VERIFY_FAILED)
    {MBEDTLS_ERR_RSA_VERIFY_FAILED, R_BAD_SIGNATURE},
#endif
    /* The peer's certificate could not be read at all. */
    {MBEDTLS_ERR_X509_INVALID_FORMAT, R_CERTIFICATE_VERIFY_FAILED},
    /* Everything else the library can report is an internal error. */
    {MBEDTLS_ERR_SSL_INTERNAL_ERROR, R_INTERNAL_ERROR},
    {MBEDTLS_ERR_SSL_BAD_INPUT_DATA, R_INTERNAL_ERROR},
    {MBEDTLS_ERR_SSL_BUFFER_TOO_SMALL, R_INTERNAL_ERROR},
    {MBEDTLS_ERR_ERROR_CORRUPTION_DETECTED, R_INTERNAL_ERROR},
};

/* An SSLError "[LIB: REASON] reason (where)" with errno errnum: OpenSSL's
 * reason string is the mnemonic in lower case with ' ' for '_' for every
 * error of this file that has a reason. */
static int lib_error(sslite_error *err, int errnum, const char *library, const char *reason,
                     const char *file, int line)
{
    char text[64];

    sslite__reason_text(reason, text, sizeof(text));
    return sslite__err_set(err, SSLITE_ERR_SSL, errnum, library, reason, "[%s: %s] %s (%s:%d)",
                           library, reason, text, file, line);
}

int sslite__mbedtls_error(sslite_error *err, int mbed_ret, int alert, const char *file, int line)
{
    char text[128];

    switch (mbed_ret) {
    case MBEDTLS_ERR_SSL_ALLOC_FAILED:
    case MBEDTLS_ERR_X509_ALLOC_FAILED:
    case MBEDTLS_ERR_PK_ALLOC_FAILED:
    case MBEDTLS_ERR_MPI_ALLOC_FAILED:
        return sslite__err_nomem(err);
    case MBEDTLS_ERR_SSL_FATAL_ALERT_MESSAGE:
        if (alert >= 0) {
            char mnemonic[SSLITE__ALERT_MNEMONIC_MAX];
            char atext[SSLITE__ALERT_MNEMONIC_MAX];
            (void)sslite__alert_reason(alert, mnemonic, atext);
            if (mnemonic[0] != '\0')
                return sslite__err_ssl(err, SSLITE_ERR_SSL, "SSL", mnemonic, atext, file, line);
            /* "[SSL] text": a library and no reason, as CPython shows it. */
            return sslite__err_set(err, SSLITE_ERR_SSL, SSLITE_SSL_ERROR_SSL, "SSL", NULL,
                                   "[SSL] %s (%s:%d)", atext, file, line);
        }
        break;
    /* Secondary certificate checks (key usage for the suite) and a
     * verification without a verify code: OpenSSL's purpose failure. */
    case MBEDTLS_ERR_SSL_BAD_CERTIFICATE:
        return sslite__err_verify(err, 26, NULL, file, line);
    case MBEDTLS_ERR_X509_CERT_VERIFY_FAILED:
    case MBEDTLS_ERR_X509_FATAL_ERROR:
        return sslite__err_verify(err, 1, NULL, file, line);
    default:
        break;
    }
    for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
        if (table[i].code == mbed_ret) {
            const char *reason = reasons;
            for (unsigned k = 0; k < table[i].reason; k++)
                reason += strlen(reason) + 1;
            return lib_error(err, SSLITE_SSL_ERROR_SSL, "SSL", reason, file, line);
        }
    }
    /* Unknown to the table: keep Mbed TLS's words, which beat
     * "unknown error" for whoever reads the log. */
#if defined(MBEDTLS_ERROR_C)
    mbedtls_strerror(mbed_ret, text, sizeof(text));
#else
    /* Without Mbed TLS's strings (a lean client build), its code. */
    snprintf(text, sizeof(text), "Mbed TLS error -0x%04X", (unsigned)-mbed_ret);
#endif
    return sslite__err_set(err, SSLITE_ERR_SSL, SSLITE_SSL_ERROR_SSL, "SSL", NULL,
                           "[SSL] %s (%s:%d)", text, file, line);
}

/* Python's SSLError.errno for these is OpenSSL's packed reason number. */
#define PY_ERRNO_PEM_LIB 524297
#define PY_ERRNO_KEY_VALUES_MISMATCH 116
#define PY_ERRNO_NO_CERTIFICATE_ASSIGNED 177
#define PY_ERRNO_NO_CERTIFICATE_OR_CRL_FOUND 136
#define PY_ERRNO_NOT_ENOUGH_DATA 142

int sslite__mbedtls_load_error(sslite_error *err, int mbed_ret, enum sslite__load_what what,
                               const char *file, int line)
{
    if (mbed_ret == MBEDTLS_ERR_X509_ALLOC_FAILED || mbed_ret == MBEDTLS_ERR_PK_ALLOC_FAILED)
        return sslite__err_nomem(err);
    if (mbed_ret == SSLITE__TS_ERR_NO_CRL)
        return sslite__err_notimpl(err, "CRLs are not supported by this build of sslite "
                                        "(-Dcrl=disabled)");
    if (what == SSLITE__LOAD_KEY && mbed_ret == MBEDTLS_ERR_PK_PASSWORD_REQUIRED)
        /* An encrypted key and no password: OpenSSL tries to prompt on a
         * terminal; without one CPython ends with this. */
        return sslite__err_os(err, EINVAL);
    if (what == SSLITE__LOAD_MISMATCH) {
        /* A key of another type lands in another OpenSSL slot, leaving the
         * certificate's without a key. */
        if (mbed_ret == MBEDTLS_ERR_PK_TYPE_MISMATCH)
            return lib_error(err, PY_ERRNO_NO_CERTIFICATE_ASSIGNED, "SSL",
                             "NO_CERTIFICATE_ASSIGNED", file, line);
        return lib_error(err, PY_ERRNO_KEY_VALUES_MISMATCH, "X509", "KEY_VALUES_MISMATCH", file,
                         line);
    }
    if (what == SSLITE__LOAD_CAFILE)
        return lib_error(err, PY_ERRNO_NO_CERTIFICATE_OR_CRL_FOUND, "X509",
                         "NO_CERTIFICATE_OR_CRL_FOUND", file, line);
    if (what == SSLITE__LOAD_CA)
        return sslite__err_set(err, SSLITE_ERR_SSL, PY_ERRNO_PEM_LIB, "X509", NULL,
                               "[X509] PEM lib (%s:%d)", file, line);
    /* cadata: CPython's own words, with no library or reason. */
    if (what == SSLITE__LOAD_CADATA_PEM || what == SSLITE__LOAD_CADATA_DER ||
        what == SSLITE__LOAD_CADATA)
        return sslite__err_set(err, SSLITE_ERR_SSL, 0, NULL, NULL,
                               "%s: cadata does not contain a certificate (%s:%d)",
                               what == SSLITE__LOAD_CADATA_PEM ? "no start line"
                                                               : "not enough data",
                               file, line);
    if (what == SSLITE__LOAD_CADATA_TRAILING)
        return lib_error(err, PY_ERRNO_NOT_ENOUGH_DATA, "ASN1", "NOT_ENOUGH_DATA", file, line);
    /* "cert", "key" and anything else: the certificate or key file did not
     * parse (or the password was wrong). */
    return sslite__err_set(err, SSLITE_ERR_SSL, PY_ERRNO_PEM_LIB, "SSL", NULL,
                           "[SSL] PEM lib (%s:%d)", file, line);
}
