/*
 * sslite: locking with POSIX threads (a threads=enabled build).  Mbed TLS
 * locks with pthread too (the threads fragment of config/mbedtls/).
 */
#include "sslite/platform.h"
#include "internal.h"

int sslite__mutex_init(sslite__mutex_t *m)
{
    return pthread_mutex_init(m, NULL) == 0 ? 0 : -1;
}

void sslite__mutex_destroy(sslite__mutex_t *m)
{
    (void)pthread_mutex_destroy(m);
}

void sslite__mutex_lock(sslite__mutex_t *m)
{
    (void)pthread_mutex_lock(m);
}

void sslite__mutex_unlock(sslite__mutex_t *m)
{
    (void)pthread_mutex_unlock(m);
}

void sslite__once(sslite__once_t *once, void (*fn)(void))
{
    (void)pthread_once(once, fn);
}

int sslite_set_mutex_hooks(const sslite_mutex_hooks *hooks, sslite_error *err)
{
    (void)hooks;
    sslite_error_clear(err);
    return sslite__err_notimpl(err, "this build locks with pthread: mutex hooks need -Dthreads=disabled");
}

int sslite__mutex_hooks(const sslite_mutex_hooks **out)
{
    *out = NULL;
    return 0;
}
