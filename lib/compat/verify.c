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
#include <string.h>
#include "internal.h"

/* The codes sslite reports (backends/mbedtls/verify.c's enum, the hostname
 * codes of lib/compat/hostname.c, and errors.c's 1 and 26), with OpenSSL's
 * texts; nothing public asks for the text of any other code, so OpenSSL's
 * other 60-odd texts are left out.  A code added to the backend needs its
 * row here (test/verify checks every one the backend can return).
 *
 * One string, no pointers (a table of pointers costs a relocation per
 * entry in a position-independent binary): each entry is its code as
 * one byte (octal), the text and a NUL. */
static const char verify_texts[] =
    "\000" "ok\0"
    "\001" "unspecified certificate verification error\0"
    "\002" "unable to get issuer certificate\0"
    "\003" "unable to get certificate CRL\0"
    "\007" "certificate signature failure\0"
    "\010" "CRL signature failure\0"
    "\011" "certificate is not yet valid\0"
    "\012" "certificate has expired\0"
    "\013" "CRL is not yet valid\0"
    "\014" "CRL has expired\0"
    "\022" "self-signed certificate\0"
    "\023" "self-signed certificate in certificate chain\0"
    "\024" "unable to get local issuer certificate\0"
    "\026" "certificate chain too long\0"
    "\027" "certificate revoked\0"
    "\031" "path length constraint exceeded\0"
    "\032" "unsuitable certificate purpose\0"
    "\043" "key usage does not include CRL signing\0"
    "\076" "hostname mismatch\0"
    "\077" "email address mismatch\0"
    "\100" "IP address mismatch\0"
    "\102" "EE certificate key too weak\0"
    "\103" "CA certificate key too weak\0"
    "\104" "CA signature digest algorithm too weak\0"
    "\117" "invalid CA certificate\0"
    "\120" "Path length invalid for non-CA cert\0"
    "\121" "Path length given without key usage keyCertSign\0"
    "\122" "Key usage keyCertSign invalid for non-CA cert\0"
    "\123" "Issuer name empty\0"
    "\125" "Missing Authority Key Identifier\0"
    "\126" "Missing Subject Key Identifier\0"
    "\134" "CA cert does not include key usage extension\0";

/* The entry of packed table tab (size bytes) whose key byte, masked,
 * is key; NULL if none. */
static const char *packed_find(const char *tab, size_t size, unsigned mask, unsigned key)
{
    for (const char *t = tab; t < tab + size - 1; t += strlen(t + 1) + 2)
        if (((unsigned char)*t & mask) == key)
            return t;
    return NULL;
}

const char *sslite__verify_message(long code)
{
    const char *t = code >= 0 && code < 0x100
                        ? packed_find(verify_texts, sizeof(verify_texts), 0xff, (unsigned)code)
                        : NULL;
    if (t != NULL)
        return t + 1;
    return "unknown certificate verification error";
}

/* The mnemonic CPython shows is OpenSSL's text in capitals with '_' for
 * ' ' ("tlsv1 alert unknown ca" is TLSV1_ALERT_UNKNOWN_CA) for every alert
 * of this table, so only the texts are kept.  Packed as verify_texts is,
 * each text's common start as one byte (the number of its string in
 * alert_prefixes); the key byte is the alert, with 0x80 set where
 * CPython's table has no name for it. */
static const char alert_prefixes[] = "\0sslv3 alert \0tlsv1 alert \0tlsv13 alert \0tlsv1 ";
static const char alert_names[] =
    "\012" "\001" "unexpected message\0"
    "\024" "\001" "bad record mac\0"
    "\025" "\002" "decryption failed\0"
    "\026" "\002" "record overflow\0"
    "\036" "\001" "decompression failure\0"
    "\050" "\001" "handshake failure\0"
    "\051" "\001" "no certificate\0"
    "\052" "\001" "bad certificate\0"
    "\053" "\001" "unsupported certificate\0"
    "\054" "\001" "certificate revoked\0"
    "\055" "\001" "certificate expired\0"
    "\056" "\001" "certificate unknown\0"
    "\057" "\001" "illegal parameter\0"
    "\060" "\002" "unknown ca\0"
    "\061" "\002" "access denied\0"
    "\062" "\002" "decode error\0"
    "\063" "\002" "decrypt error\0"
    "\074" "\002" "export restriction\0"
    "\106" "\002" "protocol version\0"
    "\107" "\002" "insufficient security\0"
    "\120" "\002" "internal error\0"
    "\126" "\002" "inappropriate fallback\0"
    "\132" "\002" "user cancelled\0"
    "\144" "\002" "no renegotiation\0"
    "\155" "\003" "missing extension\0"
    "\156" "\004" "unsupported extension\0"
    "\157" "\004" "certificate unobtainable\0"
    "\160" "\004" "unrecognized name\0"
    "\161" "\004" "bad certificate status response\0"
    "\162" "\004" "bad certificate hash value\0"
    "\363" "\002" "unknown psk identity\0" /* unnamed */
    "\164" "\003" "certificate required\0"
    "\370" "\002" "no application protocol\0"; /* unnamed */

int sslite__alert_reason(int alert, char mnemonic[SSLITE__ALERT_MNEMONIC_MAX],
                        char text[SSLITE__ALERT_MNEMONIC_MAX])
{
    const char *a = alert >= 0 && alert < 0x80
                        ? packed_find(alert_names, sizeof(alert_names), 0x7f, (unsigned)alert)
                        : NULL;
    const char *from;
    size_t j = 0;

    mnemonic[0] = '\0';
    if (a == NULL) {
        /* OpenSSL has no string for it: CPython shows "[SSL] unknown error". */
        memcpy(text, "unknown error", sizeof("unknown error"));
        return 0;
    }
    from = alert_prefixes;
    for (unsigned k = 0; k < (unsigned char)a[1]; k++)
        from += strlen(from) + 1;
    for (; *from != '\0'; from++)
        text[j++] = *from;
    for (from = a + 2; *from != '\0' && j + 1 < SSLITE__ALERT_MNEMONIC_MAX; from++)
        text[j++] = *from;
    text[j] = '\0';
    if (!((unsigned char)*a & 0x80)) {
        for (j = 0; text[j] != '\0'; j++)
            mnemonic[j] = text[j] == ' ' ? '_' : (text[j] >= 'a' && text[j] <= 'z')
                                                     ? (char)(text[j] - 32)
                                                     : text[j];
        mnemonic[j] = '\0';
    }
    return 1;
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
