/*
 * sslite: locking through the application's mutex hooks (a build with
 * -Dthreads=disabled, for RTOS tasks), and no locking without hooks.
 */
#include "sslite/platform.h"
#include "internal.h"

static sslite_mutex_hooks hooks;
static int have_hooks;
/* Serialises sslite__once() across tasks once hooks exist. */
static sslite__mutex_t once_lock;

int sslite_set_mutex_hooks(const sslite_mutex_hooks *h, sslite_error *err)
{
    int ret = sslite__platform_check_open(err);
    if (ret < 0)
        return ret;
    if (h == NULL || h->create == NULL || h->destroy == NULL || h->lock == NULL ||
        h->unlock == NULL)
        return sslite__err_value(err, "every mutex hook must be set");
    if (have_hooks)
        sslite__mutex_destroy(&once_lock);
    hooks = *h;
    have_hooks = 1;
    if (sslite__mutex_init(&once_lock) < 0) {
        have_hooks = 0;
        return sslite__err_nomem(err);
    }
    return 0;
}

int sslite__mutex_hooks(const sslite_mutex_hooks **out)
{
    *out = have_hooks ? &hooks : NULL;
    return have_hooks;
}

int sslite__mutex_init(sslite__mutex_t *m)
{
    m->handle = NULL;
    if (!have_hooks)
        return 0;
    m->handle = hooks.create(hooks.userdata);
    return m->handle != NULL ? 0 : -1;
}

void sslite__mutex_destroy(sslite__mutex_t *m)
{
    if (m->handle != NULL)
        hooks.destroy(hooks.userdata, m->handle);
    m->handle = NULL;
}

void sslite__mutex_lock(sslite__mutex_t *m)
{
    if (m->handle != NULL)
        (void)hooks.lock(hooks.userdata, m->handle);
}

void sslite__mutex_unlock(sslite__mutex_t *m)
{
    if (m->handle != NULL)
        (void)hooks.unlock(hooks.userdata, m->handle);
}

void sslite__once(sslite__once_t *once, void (*fn)(void))
{
    if (__atomic_load_n(&once->state, __ATOMIC_ACQUIRE))
        return;
    sslite__mutex_lock(&once_lock);
    if (!once->state) {
        fn();
        __atomic_store_n(&once->state, 1, __ATOMIC_RELEASE);
    }
    sslite__mutex_unlock(&once_lock);
}
