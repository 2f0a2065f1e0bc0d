/*
 * sslite: SSLSession, a resumable TLS session taken from a connection and
 * handed to a later wrap_socket()/wrap_bio().  Reference counted; immutable.
 */
#ifndef SSLITE_SESSION_H
#define SSLITE_SESSION_H

#include <stdint.h>
#include "export.h"
#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

SSLITE_API sslite_session *sslite_session_ref(sslite_session *sess);
SSLITE_API void sslite_session_free(sslite_session *sess); /* NULL-safe */
/* id: the session id bytes (owned by the session). */
SSLITE_API const unsigned char *sslite_session_id(const sslite_session *sess, size_t *len);
SSLITE_API int64_t sslite_session_time(const sslite_session *sess);
SSLITE_API long sslite_session_timeout(const sslite_session *sess);
SSLITE_API unsigned long sslite_session_ticket_lifetime_hint(const sslite_session *sess);
SSLITE_API int sslite_session_has_ticket(const sslite_session *sess);

#ifdef __cplusplus
}
#endif

#endif /* SSLITE_SESSION_H */
