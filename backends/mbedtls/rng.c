/*
 * sslite: randomness for the Mbed TLS backend — one CTR-DRBG per thread,
 * seeded from a shared one.
 *
 * Every handshake draws random bytes dozens of times (hello randoms, key
 * shares, signatures' blinding, IVs); with a single process-wide generator
 * behind one lock, threads handshaking at once queue on it (most of the
 * futex calls per connection).  Each thread therefore keeps its own
 * generator, seeded from the shared one, which is locked only to seed and
 * reseed them (every MBEDTLS_CTR_DRBG_RESEED_INTERVAL draws, and after
 * RAND_add).  After fork() the child's copies are stale: an atfork handler
 * marks them so, and the shared generator mixes in fresh entropy and the
 * new pid before it seeds anything again, so parent and child never share
 * a stream.
 */
#include "mbedtls_internal.h" /* first: it sets Mbed TLS's private access */

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct thread_rng {
    mbedtls_ctr_drbg_context drbg;
    unsigned long epoch; /* g_epoch when last seeded; 0 = never */
} thread_rng;

static mbedtls_entropy_context g_entropy;
static mbedtls_ctr_drbg_context g_shared;
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_shared_stale;        /* under g_lock: reseed before use (a fork child) */
static unsigned long g_epoch = 1; /* atomic: per-thread generators older than this reseed */
static pthread_key_t g_key;       /* frees a thread's generator when it exits */
static __thread thread_rng *t_rng;

/* Entropy for the per-thread generators: the shared DRBG's output. */
static int from_shared(void *unused, unsigned char *out, size_t len)
{
    int ret = 0;

    (void)unused;
    pthread_mutex_lock(&g_lock);
    if (g_shared_stale) {
        pid_t pid = getpid();
        ret = mbedtls_ctr_drbg_reseed(&g_shared, (const unsigned char *)&pid, sizeof(pid));
        if (ret == 0)
            g_shared_stale = 0;
    }
    if (ret == 0)
        ret = sslite__mbedtls_drbg_fill(&g_shared, out, len);
    pthread_mutex_unlock(&g_lock);
    return ret;
}

static void thread_rng_free(void *p)
{
    thread_rng *t = p;
    mbedtls_ctr_drbg_free(&t->drbg); /* zeroizes the state */
    sslite__free(t);
}

/* fork(): hold the lock across it so the child's copy is consistent; in
 * the child, every generator must reseed before its next draw. */
static void before_fork(void)
{
    pthread_mutex_lock(&g_lock);
}

static void after_fork_parent(void)
{
    pthread_mutex_unlock(&g_lock);
}

static void after_fork_child(void)
{
    g_shared_stale = 1;
    __atomic_add_fetch(&g_epoch, 1, __ATOMIC_ACQ_REL);
    pthread_mutex_unlock(&g_lock);
}

int sslite__mbedtls_rng(void *p_rng, unsigned char *out, size_t len)
{
    static const unsigned char pers[] = "sslite thread";
    thread_rng *t = t_rng;
    unsigned long epoch = __atomic_load_n(&g_epoch, __ATOMIC_ACQUIRE);
    int ret = 0;

    (void)p_rng;
    if (t == NULL) {
        t = sslite__calloc(1, sizeof(*t));
        if (t == NULL)
            return MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED;
        mbedtls_ctr_drbg_init(&t->drbg);
        (void)pthread_setspecific(g_key, t);
        t_rng = t;
    }
    if (t->epoch != epoch) {
        if (t->epoch == 0)
            ret = mbedtls_ctr_drbg_seed(&t->drbg, from_shared, NULL, pers, sizeof(pers) - 1);
        else
            ret = mbedtls_ctr_drbg_reseed(&t->drbg, NULL, 0);
        if (ret != 0)
            return ret;
        t->epoch = epoch;
    }
    return sslite__mbedtls_drbg_fill(&t->drbg, out, len);
}

int sslite__mbedtls_rng_init(sslite_error *err)
{
    static const unsigned char pers[] = "sslite";
    int ret;

    mbedtls_ctr_drbg_init(&g_shared);
    if ((ret = sslite__mbedtls_entropy_setup(&g_entropy, err)) < 0)
        return ret;
    ret = mbedtls_ctr_drbg_seed(&g_shared, mbedtls_entropy_func, &g_entropy, pers,
                                sizeof(pers) - 1);
    if (ret != 0)
        return sslite__mbedtls_error(err, ret, -1, SSLITE__WHERE);
    if (pthread_key_create(&g_key, thread_rng_free) != 0 ||
        pthread_atfork(before_fork, after_fork_parent, after_fork_child) != 0)
        return sslite__err_nomem(err);
    return 0;
}

void sslite__mbedtls_rng_add(const void *buf, size_t len)
{
    pthread_mutex_lock(&g_lock);
    (void)mbedtls_ctr_drbg_update(&g_shared, buf, len);
    pthread_mutex_unlock(&g_lock);
    /* Every thread's generator takes it in at its next draw. */
    __atomic_add_fetch(&g_epoch, 1, __ATOMIC_ACQ_REL);
}
