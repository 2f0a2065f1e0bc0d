/*
 * sslite: the platform hooks of <sslite/platform.h> — entropy and clock.
 * The mutex hooks live with the locking they serve (lib/core/threads_hooks.c).
 */
#include <time.h>
#include "sslite/platform.h"
#include "internal.h"

static sslite_entropy_cb entropy_cb;
static void *entropy_ud;
static sslite_time_cb time_cb;
static void *time_ud;

/* Set by the first sslite__global_init(): hooks are read from then on. */
static int frozen;

int sslite__platform_check_open(sslite_error *err)
{
    sslite_error_clear(err);
    if (__atomic_load_n(&frozen, __ATOMIC_ACQUIRE))
        return sslite__err_value(err, "platform hooks must be set before the first use of sslite");
    return 0;
}

void sslite__platform_freeze(void)
{
    __atomic_store_n(&frozen, 1, __ATOMIC_RELEASE);
}

int sslite_set_entropy_source(sslite_entropy_cb cb, void *userdata, sslite_error *err)
{
    int ret = sslite__platform_check_open(err);
    if (ret < 0)
        return ret;
    if (cb == NULL)
        return sslite__err_value(err, "entropy source cannot be NULL");
    entropy_cb = cb;
    entropy_ud = userdata;
    return 0;
}

int sslite_set_time_source(sslite_time_cb cb, void *userdata, sslite_error *err)
{
    int ret = sslite__platform_check_open(err);
    if (ret < 0)
        return ret;
    time_cb = cb;
    time_ud = userdata;
    return 0;
}

int64_t sslite_clock_floor(void)
{
    return SSLITE_CLOCK_FLOOR;
}

int sslite__platform_has_entropy(void)
{
    return entropy_cb != NULL;
}

int sslite__platform_entropy(unsigned char *buf, size_t len)
{
    return entropy_cb != NULL && entropy_cb(entropy_ud, buf, len) == 0 ? 0 : -1;
}

int64_t sslite__platform_time(int *known)
{
    int64_t t = -1;
    int k;

    if (time_cb != NULL)
        t = time_cb(time_ud);
    else if (SSLITE_WITH_OS_CLOCK)
        t = (int64_t)time(NULL);
    /* Before the floor, the clock was never set (a device's RTC after a
     * reset reads 1970 or 2000). */
    k = t >= SSLITE_CLOCK_FLOOR;
    if (known != NULL)
        *known = k;
    return k ? t : SSLITE_CLOCK_FLOOR;
}
