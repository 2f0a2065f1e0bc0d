/*
 * sslite: module-level functions: versions, randomness, one-time set-up.
 */
#include <string.h>
#include "internal.h"

const char *sslite_version(void)
{
    return SSLITE_VERSION_STRING;
}

const char *sslite_backend_version(void)
{
    return SSLITE_BACKEND->version();
}

unsigned long sslite_backend_version_number(void)
{
    return SSLITE_BACKEND->version_number();
}

static sslite__once_t init_once = SSLITE__ONCE_INIT;
static int init_status;
static sslite_error init_error;

static void do_init(void)
{
    sslite__platform_freeze();
    init_status = SSLITE_BACKEND->global_init(&init_error);
}

int sslite__global_init(sslite_error *err)
{
    sslite__once(&init_once, do_init);
    if (init_status < 0)
        sslite__err_copy(err, &init_error);
    return init_status;
}

int sslite_RAND_bytes(void *buf, size_t n, sslite_error *err)
{
    int ret = sslite__global_init(err);
    if (ret < 0)
        return ret;
    return SSLITE_BACKEND->rand_bytes(buf, n, err);
}

int sslite_RAND_status(void)
{
    if (sslite__global_init(NULL) < 0)
        return 0;
    return SSLITE_BACKEND->rand_status();
}

void sslite_RAND_add(const void *buf, size_t len, double entropy)
{
    (void)entropy; /* like OpenSSL 3, the estimate is not trusted */
    if (sslite__global_init(NULL) == 0)
        SSLITE_BACKEND->rand_add(buf, len);
}

int sslite__is_ip_literal(const char *s)
{
    unsigned char addr[16];
    /* OpenSSL's address grammar, so SNI is withheld exactly when CPython
     * withholds it ("0127.0.0.1" and "127.0.0.1 " are names there too). */
    return s != NULL && sslite__parse_ip(s, addr) > 0;
}
