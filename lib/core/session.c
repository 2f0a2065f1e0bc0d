/*
 * sslite: SSLSession — an immutable, reference-counted wrapper of the
 * backend's session copy.
 */
#include <stdlib.h>
#include "internal.h"

sslite_session *sslite__session_new(const sslite_backend *be, void *bsess)
{
    sslite_session *s = sslite__calloc(1, sizeof(*s));

    if (s == NULL) {
        be->session_free(bsess);
        return NULL;
    }
    s->refs = 1;
    s->be = be;
    s->bsess = bsess;
    SSLITE_BACKEND_FACTS->session_info(bsess, s->id, &s->id_len, &s->time, &s->timeout,
                     &s->ticket_lifetime_hint, &s->has_ticket);
    return s;
}

sslite_session *sslite_session_ref(sslite_session *sess)
{
    if (sess != NULL)
        __atomic_add_fetch(&sess->refs, 1, __ATOMIC_ACQ_REL);
    return sess;
}

void sslite_session_free(sslite_session *sess)
{
    if (sess == NULL || __atomic_sub_fetch(&sess->refs, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    sess->be->session_free(sess->bsess);
    sslite_context_free(sess->ctx);
    sslite__free(sess);
}

const unsigned char *sslite_session_id(const sslite_session *sess, size_t *len)
{
    *len = sess->id_len;
    return sess->id;
}

int64_t sslite_session_time(const sslite_session *sess) { return sess->time; }
long sslite_session_timeout(const sslite_session *sess) { return sess->timeout; }
unsigned long sslite_session_ticket_lifetime_hint(const sslite_session *sess)
{
    return sess->ticket_lifetime_hint;
}
int sslite_session_has_ticket(const sslite_session *sess) { return sess->has_ticket; }
