/*
 * sslite: the constants of Python's ssl module, with CPython's values.
 * Python name ssl.X becomes SSLITE_X; ssl.TLSVersion.V becomes
 * SSLITE_TLSVersion_V.
 */
#ifndef SSLITE_CONSTANTS_H
#define SSLITE_CONSTANTS_H

/* Protocols (SSLContext(protocol)) */
#define SSLITE_PROTOCOL_SSLv23      2
#define SSLITE_PROTOCOL_TLS         2
#define SSLITE_PROTOCOL_TLSv1       3
#define SSLITE_PROTOCOL_TLSv1_1     4
#define SSLITE_PROTOCOL_TLSv1_2     5
#define SSLITE_PROTOCOL_TLS_CLIENT  16
#define SSLITE_PROTOCOL_TLS_SERVER  17

/* Certificate requirements (verify_mode) */
#define SSLITE_CERT_NONE      0
#define SSLITE_CERT_OPTIONAL  1
#define SSLITE_CERT_REQUIRED  2

/* Verification flags (verify_flags) */
#define SSLITE_VERIFY_DEFAULT               0x0
#define SSLITE_VERIFY_CRL_CHECK_LEAF        0x4
#define SSLITE_VERIFY_CRL_CHECK_CHAIN       0xc
#define SSLITE_VERIFY_X509_STRICT           0x20
#define SSLITE_VERIFY_ALLOW_PROXY_CERTS     0x40
#define SSLITE_VERIFY_X509_TRUSTED_FIRST    0x8000
#define SSLITE_VERIFY_X509_PARTIAL_CHAIN    0x80000

/* Options (SSLContext.options): OpenSSL 3's bit values, as CPython exposes them */
#define SSLITE_OP_ALL                       0x80000050UL
#define SSLITE_OP_NO_SSLv2                  0x0UL
#define SSLITE_OP_NO_SSLv3                  0x2000000UL
#define SSLITE_OP_NO_TLSv1                  0x4000000UL
#define SSLITE_OP_NO_TLSv1_1                0x10000000UL
#define SSLITE_OP_NO_TLSv1_2                0x8000000UL
#define SSLITE_OP_NO_TLSv1_3                0x20000000UL
#define SSLITE_OP_CIPHER_SERVER_PREFERENCE  0x400000UL
#define SSLITE_OP_SINGLE_DH_USE             0x0UL
#define SSLITE_OP_SINGLE_ECDH_USE           0x0UL
#define SSLITE_OP_NO_COMPRESSION            0x20000UL
#define SSLITE_OP_NO_TICKET                 0x4000UL
#define SSLITE_OP_NO_RENEGOTIATION          0x40000000UL
#define SSLITE_OP_ENABLE_MIDDLEBOX_COMPAT   0x100000UL
#define SSLITE_OP_IGNORE_UNEXPECTED_EOF     0x80UL
#define SSLITE_OP_ENABLE_KTLS               0x8UL
#define SSLITE_OP_LEGACY_SERVER_CONNECT     0x4UL
/* sslite extension (CPython does not export it): OpenSSL's
 * SSL_OP_ALLOW_NO_DHE_KEX.  TLS 1.3 resumption may use psk_ke, a PSK
 * without a fresh (EC)DHE: a reconnect costs no key exchange, but the
 * resumed connection loses forward secrecy (whoever learns the ticket key
 * or the session can decrypt it).  A server with it accepts psk_ke from
 * clients that ask for it (and still does psk_dhe_ke with the others); a
 * client with it asks for psk_ke only, so it resumes only with servers
 * that allow psk_ke and falls back to a full handshake with the others.
 * Off by default, as in OpenSSL. */
#define SSLITE_OP_ALLOW_NO_DHE_KEX          0x400UL

/* TLS versions (minimum_version / maximum_version / version numbers) */
#define SSLITE_TLSVersion_MINIMUM_SUPPORTED (-2)
#define SSLITE_TLSVersion_MAXIMUM_SUPPORTED (-1)
#define SSLITE_TLSVersion_SSLv3             0x0300
#define SSLITE_TLSVersion_TLSv1             0x0301
#define SSLITE_TLSVersion_TLSv1_1           0x0302
#define SSLITE_TLSVersion_TLSv1_2           0x0303
#define SSLITE_TLSVersion_TLSv1_3           0x0304

/* Purpose (create_default_context, load_default_certs) */
#define SSLITE_Purpose_SERVER_AUTH  1
#define SSLITE_Purpose_CLIENT_AUTH  2

/* SSLError.errno values */
#define SSLITE_SSL_ERROR_SSL                1
#define SSLITE_SSL_ERROR_WANT_READ          2
#define SSLITE_SSL_ERROR_WANT_WRITE         3
#define SSLITE_SSL_ERROR_WANT_X509_LOOKUP   4
#define SSLITE_SSL_ERROR_SYSCALL            5
#define SSLITE_SSL_ERROR_ZERO_RETURN        6
#define SSLITE_SSL_ERROR_WANT_CONNECT       7
#define SSLITE_SSL_ERROR_EOF                8
#define SSLITE_SSL_ERROR_INVALID_ERROR_CODE 10

/* TLS alert descriptions */
#define SSLITE_ALERT_DESCRIPTION_CLOSE_NOTIFY                    0
#define SSLITE_ALERT_DESCRIPTION_UNEXPECTED_MESSAGE              10
#define SSLITE_ALERT_DESCRIPTION_BAD_RECORD_MAC                  20
#define SSLITE_ALERT_DESCRIPTION_RECORD_OVERFLOW                 22
#define SSLITE_ALERT_DESCRIPTION_DECOMPRESSION_FAILURE           30
#define SSLITE_ALERT_DESCRIPTION_HANDSHAKE_FAILURE               40
#define SSLITE_ALERT_DESCRIPTION_BAD_CERTIFICATE                 42
#define SSLITE_ALERT_DESCRIPTION_UNSUPPORTED_CERTIFICATE         43
#define SSLITE_ALERT_DESCRIPTION_CERTIFICATE_REVOKED             44
#define SSLITE_ALERT_DESCRIPTION_CERTIFICATE_EXPIRED             45
#define SSLITE_ALERT_DESCRIPTION_CERTIFICATE_UNKNOWN             46
#define SSLITE_ALERT_DESCRIPTION_ILLEGAL_PARAMETER               47
#define SSLITE_ALERT_DESCRIPTION_UNKNOWN_CA                      48
#define SSLITE_ALERT_DESCRIPTION_ACCESS_DENIED                   49
#define SSLITE_ALERT_DESCRIPTION_DECODE_ERROR                    50
#define SSLITE_ALERT_DESCRIPTION_DECRYPT_ERROR                   51
#define SSLITE_ALERT_DESCRIPTION_PROTOCOL_VERSION                70
#define SSLITE_ALERT_DESCRIPTION_INSUFFICIENT_SECURITY           71
#define SSLITE_ALERT_DESCRIPTION_INTERNAL_ERROR                  80
#define SSLITE_ALERT_DESCRIPTION_USER_CANCELLED                  90
#define SSLITE_ALERT_DESCRIPTION_NO_RENEGOTIATION                100
#define SSLITE_ALERT_DESCRIPTION_UNSUPPORTED_EXTENSION           110
#define SSLITE_ALERT_DESCRIPTION_CERTIFICATE_UNOBTAINABLE        111
#define SSLITE_ALERT_DESCRIPTION_UNRECOGNIZED_NAME               112
#define SSLITE_ALERT_DESCRIPTION_BAD_CERTIFICATE_STATUS_RESPONSE 113
#define SSLITE_ALERT_DESCRIPTION_BAD_CERTIFICATE_HASH_VALUE      114
#define SSLITE_ALERT_DESCRIPTION_UNKNOWN_PSK_IDENTITY            115

/* PEM framing used by DER_cert_to_PEM_cert / PEM_cert_to_DER_cert */
#define SSLITE_PEM_HEADER "-----BEGIN CERTIFICATE-----"
#define SSLITE_PEM_FOOTER "-----END CERTIFICATE-----"

/* How cadata is encoded (Python tells by type: str is PEM, bytes is DER) */
#define SSLITE_CADATA_PEM 1
#define SSLITE_CADATA_DER 2

#endif /* SSLITE_CONSTANTS_H */
