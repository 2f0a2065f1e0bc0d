/*
 * sslite extension (beyond CPython's ssl module, which cannot tell these):
 * what a completed handshake negotiated besides version and cipher — what
 * `openssl s_client` prints as "Server Temp Key" and "Peer signature type".
 */
#ifndef SSLITE_NEGOTIATED_H
#define SSLITE_NEGOTIATED_H

#include "export.h"
#include <sslite/features.h>
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The key-exchange group, by its TLS name as OpenSSL's SSL_get0_group_name
 * gives it ("x25519", "secp256r1", "ffdhe2048", ...), or NULL before the
 * handshake completed, when there was no (EC)DHE (TLS 1.2 RSA key exchange,
 * a psk_ke resumption, a resumed TLS 1.2 session), for TLS 1.2 DHE with
 * load_dh_params() parameters, or when the TLS library cannot tell (a
 * system Mbed TLS: SSLITE_HAS_NEGOTIATED_INFO is 0).  A static string. */
SSLITE_API const char *sslite_object_group(const sslite_object *obj);
#if SSLITE_HAS_SOCKETS
SSLITE_API const char *sslite_socket_group(const sslite_socket *s);
#endif /* SSLITE_HAS_SOCKETS */

/* The signature scheme the peer signed the handshake with, by its IANA
 * name ("ecdsa_secp256r1_sha256", "rsa_pss_rsae_sha256", ...), or NULL
 * when the peer did not sign (a resumption, an anonymous client, a TLS 1.2
 * RSA key exchange, a TLS 1.2 client certificate), before the handshake
 * completed, or when the TLS library cannot tell.  A static string. */
SSLITE_API const char *sslite_object_peer_signature_algorithm(const sslite_object *obj);
#if SSLITE_HAS_SOCKETS
SSLITE_API const char *sslite_socket_peer_signature_algorithm(const sslite_socket *s);
#endif /* SSLITE_HAS_SOCKETS */

#ifdef __cplusplus
}
#endif

#endif /* SSLITE_NEGOTIATED_H */
