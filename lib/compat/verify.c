/*
 * sslite: OpenSSL's words for verification failures and TLS alerts, as
 * CPython shows them.
 *
 * The verify texts are X509_verify_cert_error_string()'s for OpenSSL 3.0,
 * for the codes sslite can report; the alert mnemonics are the SSL_R_* reasons CPython's
 * error table knows (OpenSSL reports a received alert as reason
 * 1000 + alert), with OpenSSL's reason strings.  Both were read from the
 * live python3 + OpenSSL 3.0 oracle.
 */
#include <stddef.h>
#include "internal.h"

/* The codes sslite reports (backends/mbedtls/verify.c's enum, the hostname
 * codes of lib/compat/hostname.c, and errors.c's 1 and 26), with OpenSSL's
 * texts; nothing public asks for the text of any other code, so OpenSSL's
 * other 60-odd texts are left out.  A code added to the backend needs its
 * row here (test/verify checks every one the backend can return). */
typedef struct verify_text {
    unsigned char code;
    const char *text;
} verify_text;

static const verify_text verify_texts[] = {
    {0, "ok"},
    {1, "unspecified certificate verification error"},
    {2, "unable to get issuer certificate"},
    {3, "unable to get certificate CRL"},
    {7, "certificate signature failure"},
    {8, "CRL signature failure"},
    {9, "certificate is not yet valid"},
    {10, "certificate has expired"},
    {11, "CRL is not yet valid"},
    {12, "CRL has expired"},
    {18, "self-signed certificate"},
    {19, "self-signed certificate in certificate chain"},
    {20, "unable to get local issuer certificate"},
    {22, "certificate chain too long"},
    {23, "certificate revoked"},
    {25, "path length constraint exceeded"},
    {26, "unsuitable certificate purpose"},
    {35, "key usage does not include CRL signing"},
    {62, "hostname mismatch"},
    {63, "email address mismatch"},
    {64, "IP address mismatch"},
    {66, "EE certificate key too weak"},
    {67, "CA certificate key too weak"},
    {68, "CA signature digest algorithm too weak"},
    {79, "invalid CA certificate"},
    {80, "Path length invalid for non-CA cert"},
    {81, "Path length given without key usage keyCertSign"},
    {82, "Key usage keyCertSign invalid for non-CA cert"},
    {83, "Issuer name empty"},
    {85, "Missing Authority Key Identifier"},
    {86, "Missing Subject Key Identifier"},
    {92, "CA cert does not include key usage extension"},
};

const char *sslite__verify_message(long code)
{
    for (size_t i = 0; i < sizeof(verify_texts) / sizeof(verify_texts[0]); i++)
        if (verify_texts[i].code == code)
            return verify_texts[i].text;
    return "unknown certificate verification error";
}

/* The mnemonic CPython shows is OpenSSL's text in capitals with '_' for
 * ' ' ("tlsv1 alert unknown ca" is TLSV1_ALERT_UNKNOWN_CA) for every alert
 * of this table, so only the texts are kept. */
typedef struct alert_name {
    unsigned char alert;
    unsigned char named; /* 0: CPython's table has no name for it */
    const char *text;
} alert_name;

static const alert_name alert_names[] = {
    {10, 1, "sslv3 alert unexpected message"},
    {20, 1, "sslv3 alert bad record mac"},
    {21, 1, "tlsv1 alert decryption failed"},
    {22, 1, "tlsv1 alert record overflow"},
    {30, 1, "sslv3 alert decompression failure"},
    {40, 1, "sslv3 alert handshake failure"},
    {41, 1, "sslv3 alert no certificate"},
    {42, 1, "sslv3 alert bad certificate"},
    {43, 1, "sslv3 alert unsupported certificate"},
    {44, 1, "sslv3 alert certificate revoked"},
    {45, 1, "sslv3 alert certificate expired"},
    {46, 1, "sslv3 alert certificate unknown"},
    {47, 1, "sslv3 alert illegal parameter"},
    {48, 1, "tlsv1 alert unknown ca"},
    {49, 1, "tlsv1 alert access denied"},
    {50, 1, "tlsv1 alert decode error"},
    {51, 1, "tlsv1 alert decrypt error"},
    {60, 1, "tlsv1 alert export restriction"},
    {70, 1, "tlsv1 alert protocol version"},
    {71, 1, "tlsv1 alert insufficient security"},
    {80, 1, "tlsv1 alert internal error"},
    {86, 1, "tlsv1 alert inappropriate fallback"},
    {90, 1, "tlsv1 alert user cancelled"},
    {100, 1, "tlsv1 alert no renegotiation"},
    {109, 1, "tlsv13 alert missing extension"},
    {110, 1, "tlsv1 unsupported extension"},
    {111, 1, "tlsv1 certificate unobtainable"},
    {112, 1, "tlsv1 unrecognized name"},
    {113, 1, "tlsv1 bad certificate status response"},
    {114, 1, "tlsv1 bad certificate hash value"},
    {115, 0, "tlsv1 alert unknown psk identity"},
    {116, 1, "tlsv13 alert certificate required"},
    {120, 0, "tlsv1 alert no application protocol"},
};

int sslite__alert_reason(int alert, char mnemonic[SSLITE__ALERT_MNEMONIC_MAX], const char **text)
{
    mnemonic[0] = '\0';
    for (size_t i = 0; i < sizeof(alert_names) / sizeof(alert_names[0]); i++) {
        if (alert_names[i].alert == alert) {
            const char *t = alert_names[i].text;
            size_t j = 0;
            for (; alert_names[i].named && t[j] != '\0' && j + 1 < SSLITE__ALERT_MNEMONIC_MAX; j++)
                mnemonic[j] = t[j] == ' ' ? '_' : (t[j] >= 'a' && t[j] <= 'z') ? (char)(t[j] - 32)
                                                                                  : t[j];
            mnemonic[j] = '\0';
            *text = t;
            return 1;
        }
    }
    /* OpenSSL has no string for it: CPython shows "[SSL] unknown error". */
    *text = "unknown error";
    return 0;
}

/* OpenSSL's ssl_x509err2alert(): the alert a failed verification sends. */
int sslite__verify_alert(long code)
{
    switch (code) {
    case 50: /* application verification failure */
        return 40; /* handshake_failure */
    case 10: /* certificate has expired */
    case 12: /* CRL has expired */
        return 45; /* certificate_expired */
    case 23: /* certificate revoked */
        return 44; /* certificate_revoked */
    case 7:  /* certificate signature failure */
    case 8:  /* CRL signature failure */
        return 51; /* decrypt_error */
    case 26: /* unsuitable certificate purpose */
        return 43; /* unsupported_certificate */
    case 2: case 3: case 18: case 19: case 20: case 21: case 22: case 25: case 33: case 79:
        return 48; /* unknown_ca */
    case 17: case 69: case 70: /* out of memory, invalid call, store lookup */
    case 1:  /* unspecified */
        return 80; /* internal_error */
    case 4: case 5: case 6: case 9: case 11: case 13: case 14: case 15: case 16: case 27:
    case 28: case 32: case 62: case 63: case 64: case 65: case 66: case 67: case 68: case 94:
        return 42; /* bad_certificate */
    default:
        return 46; /* certificate_unknown */
    }
}
