/*
 * sslite's Mbed TLS 3.6 configuration, composed from fragments by the
 * features the build has.  The SSLITE_MBEDTLS_* switches come from the
 * header Meson generates (sslite_mbedtls_config_choice.h) from the options
 * sockets/filesystem/threads/server/client/tls12; undefined, they mean a
 * full Linux build.
 *
 * Only what the Python ssl API needs is switched on: TLS 1.2 and 1.3 client
 * and server, the suites OpenSSL 3 also offers (ECDHE/DHE/RSA/PSK key
 * exchange, AES-GCM, AES-CBC, AES-CCM, ChaCha20-Poly1305), session tickets
 * and a session cache, ALPN, SNI, CRLs, keying-material export, locking (an
 * SSLContext is shared across threads), and the peer certificate kept after
 * the handshake (getpeercert()).  Mbed TLS never touches files: sslite
 * reads them (lib/posix/), so MBEDTLS_FS_IO is off in every build.
 *
 * A firmware build may copy this file and its fragments, trim them, and
 * point the Meson option `mbedtls_config` at the copy.  sslite detects what
 * is left and reports it through the SSLITE_HAS_* constants.
 */
#ifndef SSLITE_MBEDTLS_CONFIG_H
#define SSLITE_MBEDTLS_CONFIG_H

#ifndef SSLITE_MBEDTLS_OS
#define SSLITE_MBEDTLS_OS 1
#endif
#ifndef SSLITE_MBEDTLS_PTHREAD
#define SSLITE_MBEDTLS_PTHREAD 1
#endif
#ifndef SSLITE_MBEDTLS_TLS12
#define SSLITE_MBEDTLS_TLS12 1
#endif
#ifndef SSLITE_MBEDTLS_CLIENT
#define SSLITE_MBEDTLS_CLIENT 1
#endif
#ifndef SSLITE_MBEDTLS_SERVER
#define SSLITE_MBEDTLS_SERVER 1
#endif

#include "sslite_crypto.h"
#if SSLITE_MBEDTLS_OS
#include "sslite_platform_os.h"
#else
#include "sslite_platform_bare.h"
#endif
#if SSLITE_MBEDTLS_PTHREAD
#include "sslite_threads_pthread.h"
#else
#include "sslite_threads_hooks.h"
#endif
#include "sslite_tls.h"
#if SSLITE_MBEDTLS_TLS12
#include "sslite_tls12.h"
#endif
#if SSLITE_MBEDTLS_CLIENT
#define MBEDTLS_SSL_CLI_C
#endif
#if SSLITE_MBEDTLS_SERVER
#include "sslite_server.h"
#endif
/* A client-only TLS 1.3 build is the small-device profile: it leaves out
 * what such a client rarely needs (the fragment says what). */
#if !SSLITE_MBEDTLS_SERVER && !SSLITE_MBEDTLS_TLS12
#include "sslite_lean_client.h"
#endif

#endif /* SSLITE_MBEDTLS_CONFIG_H */
