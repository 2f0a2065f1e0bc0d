/*
 * sslite-bench: handshakes per second, bulk throughput and heap per
 * connection for sslite, raw Mbed TLS and OpenSSL, measured the same way in
 * one process run.  See bench/README.md for what each number means.
 *
 * Every connection is checked: the handshake must complete on both ends
 * with the expected protocol, suite and resumption state, and every byte
 * sent must arrive intact.  Any failure stops the run with exit status 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <sslite/alloc.h>

#include <sslite/sslite.h>
#ifdef BENCH_HAVE_OPENSSL
#include <openssl/crypto.h>
#endif
#include "bench.h"

/* ---------------------------------------------------------------- setup */

static const bench_stack *const all_stacks[] = {
    &bench_sslite,
    &bench_sslite_object,
    &bench_mbedtls,
#ifdef BENCH_HAVE_OPENSSL
    &bench_openssl,
#endif
};
#define NSTACKS_MAX (sizeof(all_stacks) / sizeof(all_stacks[0]))
/* The stacks measured (--stacks chooses; all by default), the first one
 * being what the ratio columns divide. */
static const bench_stack *stacks[NSTACKS_MAX];
static size_t g_nstacks;

typedef struct scenario {
    const char *id;    /* command-line name */
    const char *title; /* table row */
    bench_cfg cfg;
    int resume;
} scenario;

static const scenario hs_scenarios[] = {
    {"tls13-ecdsa", "TLS 1.3 ECDSA P-256 full", {1, BENCH_KEY_EC, BENCH_CIPHER_DEFAULT, NULL, 0, 0}, 0},
    {"tls13-rsa", "TLS 1.3 RSA-2048 full", {1, BENCH_KEY_RSA, BENCH_CIPHER_DEFAULT, NULL, 0, 0}, 0},
    {"tls12-ecdsa", "TLS 1.2 ECDSA P-256 full", {0, BENCH_KEY_EC, BENCH_CIPHER_DEFAULT, NULL, 0, 0}, 0},
    {"tls12-rsa", "TLS 1.2 RSA-2048 full", {0, BENCH_KEY_RSA, BENCH_CIPHER_DEFAULT, NULL, 0, 0}, 0},
    {"tls13-resume", "TLS 1.3 ECDSA resumed", {1, BENCH_KEY_EC, BENCH_CIPHER_DEFAULT, NULL, 0, 0}, 1},
    {"tls13-resume-rsa", "TLS 1.3 RSA resumed", {1, BENCH_KEY_RSA, BENCH_CIPHER_DEFAULT, NULL, 0, 0}, 1},
    {"tls12-resume", "TLS 1.2 ECDSA resumed", {0, BENCH_KEY_EC, BENCH_CIPHER_DEFAULT, NULL, 0, 0}, 1},
    {"tls12-resume-rsa", "TLS 1.2 RSA resumed", {0, BENCH_KEY_RSA, BENCH_CIPHER_DEFAULT, NULL, 0, 0}, 1},
    {"tls13-saved", "TLS 1.3 ECDSA saved session", {1, BENCH_KEY_EC, BENCH_CIPHER_DEFAULT, NULL, 1, 0}, 1},
    {"tls13-saved-rsa", "TLS 1.3 RSA saved session", {1, BENCH_KEY_RSA, BENCH_CIPHER_DEFAULT, NULL, 1, 0}, 1},
    {"tls12-saved", "TLS 1.2 ECDSA saved session", {0, BENCH_KEY_EC, BENCH_CIPHER_DEFAULT, NULL, 1, 0}, 1},
    {"tls12-saved-rsa", "TLS 1.2 RSA saved session", {0, BENCH_KEY_RSA, BENCH_CIPHER_DEFAULT, NULL, 1, 0}, 1},
    {"tls13-psk-resume", "TLS 1.3 ECDSA resumed psk_ke", {1, BENCH_KEY_EC, BENCH_CIPHER_DEFAULT, NULL, 0, 1}, 1},
    {"tls13-psk-saved", "TLS 1.3 ECDSA saved psk_ke", {1, BENCH_KEY_EC, BENCH_CIPHER_DEFAULT, NULL, 1, 1}, 1},
};

static const scenario bulk_scenarios[] = {
    {"tls13-aes256gcm", "TLS 1.3 AES-256-GCM", {1, BENCH_KEY_EC, BENCH_CIPHER_DEFAULT, NULL, 0, 0}, 0},
    {"tls12-aes256gcm", "TLS 1.2 AES-256-GCM", {0, BENCH_KEY_EC, BENCH_CIPHER_AES256GCM, NULL, 0, 0}, 0},
    {"tls12-chacha20", "TLS 1.2 ChaCha20-Poly1305", {0, BENCH_KEY_EC, BENCH_CIPHER_CHACHA20, NULL, 0, 0}, 0},
};

static const scenario mem_scenarios[] = {
    {"tls13-ecdsa", "TLS 1.3 ECDSA", {1, BENCH_KEY_EC, BENCH_CIPHER_DEFAULT, NULL, 0, 0}, 0},
    {"tls12-ecdsa", "TLS 1.2 ECDSA", {0, BENCH_KEY_EC, BENCH_CIPHER_DEFAULT, NULL, 0, 0}, 0},
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *g_certdir = "test/certs/pki";
static double g_seconds = 3.0; /* per handshake cell, split into rounds */
static int g_rounds = 5;
static size_t g_bulk = (size_t)64 << 20;
static int g_conns = 100;

const char *bench_path(const bench_cfg *cfg, const char *name)
{
    static char buf[4][1024];
    static int i;
    char *b = buf[i++ % 4];
    snprintf(b, sizeof(buf[0]), "%s/%s", cfg->certdir, name);
    return b;
}

void bench_fail(const char *stack, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "# %s: ", stack);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* This thread's CPU time (user + system).  The driver never sleeps or
 * waits, so on an idle machine this equals wall time; on a busy one it
 * leaves out the time other processes had the CPU. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---------------------------------------------------------------- driver */

typedef struct pair {
    void *c, *s;
} pair;

static void pair_free(const bench_stack *k, pair *p)
{
    bench_heap_side(BENCH_SIDE_CLIENT);
    k->conn_free(p->c);
    bench_heap_side(BENCH_SIDE_SERVER);
    k->conn_free(p->s);
    bench_heap_side(BENCH_SIDE_OTHER);
    p->c = p->s = NULL;
}

static int pair_new(const bench_stack *k, void *st, int resume, pair *p)
{
    int sv[2];

    p->c = p->s = NULL;
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) {
        bench_fail("driver", "socketpair: %s", strerror(errno));
        return -1;
    }
    if (fcntl(sv[0], F_SETFL, O_NONBLOCK) < 0 || fcntl(sv[1], F_SETFL, O_NONBLOCK) < 0) {
        bench_fail("driver", "O_NONBLOCK: %s", strerror(errno));
        close(sv[0]);
        close(sv[1]);
        return -1;
    }
    bench_heap_side(BENCH_SIDE_CLIENT);
    p->c = k->conn_new(st, sv[0], 0, resume);
    bench_heap_side(BENCH_SIDE_SERVER);
    p->s = k->conn_new(st, sv[1], 1, 0);
    bench_heap_side(BENCH_SIDE_OTHER);
    if (p->c == NULL || p->s == NULL) {
        pair_free(k, p);
        return -1;
    }
    return 0;
}

/* Step both ends until both report the handshake done. */
static int pair_handshake(const bench_stack *k, pair *p)
{
    int cdone = 0, sdone = 0, r, i;

    for (i = 0; i < 1000 && !(cdone && sdone); i++) {
        if (!cdone) {
            bench_heap_side(BENCH_SIDE_CLIENT);
            r = k->handshake(p->c);
            if (r == BENCH_FAIL)
                break;
            cdone = r == BENCH_DONE;
        }
        if (!sdone) {
            bench_heap_side(BENCH_SIDE_SERVER);
            r = k->handshake(p->s);
            if (r == BENCH_FAIL)
                break;
            sdone = r == BENCH_DONE;
        }
    }
    bench_heap_side(BENCH_SIDE_OTHER);
    if (!(cdone && sdone)) {
        if (i == 1000)
            bench_fail(k->name, "handshake made no progress");
        return -1;
    }
    return 0;
}

/* The bulk pattern: one 16 KiB block of pseudo-random bytes, sent again
 * and again; the receiver compares every byte against it. */
#define BLOCK 16384
static unsigned char g_block[BLOCK];

static void block_init(void)
{
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < BLOCK; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        g_block[i] = (unsigned char)x;
    }
}

/* Move total bytes from one end to the other in writes of at most chunk
 * (<= BLOCK) bytes, each write starting the block again; alternate between
 * the ends and verify every byte that arrives. */
static int transfer(const bench_stack *k, void *from, int from_side, void *to, int to_side,
                    size_t total, size_t chunk)
{
    static unsigned char rbuf[BLOCK];
    size_t sent = 0, rcvd = 0;
    int idle = 0;

    while (rcvd < total) {
        int progress = 0;
        if (sent < total) {
            size_t off = sent % chunk, len = chunk - off;
            long n;
            if (len > total - sent)
                len = total - sent;
            /* After a would-block the same arguments come again, as
             * OpenSSL and Mbed TLS require. */
            bench_heap_side(from_side);
            n = k->write(from, g_block + off, len);
            if (n < 0)
                return -1;
            sent += (size_t)n;
            progress = n > 0;
        }
        for (;;) {
            long n;
            bench_heap_side(to_side);
            n = k->read(to, rbuf, sizeof(rbuf));
            if (n < 0)
                return -1;
            if (n == 0)
                break;
            if ((size_t)n > total - rcvd) {
                bench_fail(k->name, "received %zu bytes more than sent",
                           rcvd + (size_t)n - total);
                return -1;
            }
            for (size_t i = 0; i < (size_t)n;) {
                size_t pos = (rcvd + i) % chunk, m = chunk - pos;
                if (m > (size_t)n - i)
                    m = (size_t)n - i;
                if (memcmp(rbuf + i, g_block + pos, m) != 0) {
                    bench_fail(k->name, "data corrupted near byte %zu", rcvd + i);
                    return -1;
                }
                i += m;
            }
            rcvd += (size_t)n;
            progress = 1;
        }
        idle = progress ? 0 : idle + 1;
        if (idle > 1000) {
            bench_fail(k->name, "transfer stalled at %zu of %zu bytes", rcvd, total);
            return -1;
        }
    }
    bench_heap_side(BENCH_SIDE_OTHER);
    return 0;
}

/* A small request and reply: proves both directions work after the
 * handshake and lets a TLS 1.3 client take in its session tickets. */
static int ping(const bench_stack *k, pair *p)
{
    if (transfer(k, p->c, BENCH_SIDE_CLIENT, p->s, BENCH_SIDE_SERVER, 64, 64) < 0 ||
        transfer(k, p->s, BENCH_SIDE_SERVER, p->c, BENCH_SIDE_CLIENT, 64, 64) < 0)
        return -1;
    return 0;
}

/* Whole cipher-suite names differ by stack ("TLS1-3-AES-256-GCM-SHA384",
 * "TLS_AES_256_GCM_SHA384"); compare them without separators. */
static int suite_has(const char *desc, const char *want)
{
    char norm[128];
    size_t j = 0;
    for (const char *p = desc; *p && j + 1 < sizeof(norm); p++)
        if (*p != '-' && *p != '_' && *p != '.')
            norm[j++] = *p;
    norm[j] = '\0';
    return strstr(norm, want) != NULL;
}

static int check_pair(const bench_stack *k, const scenario *sc, pair *p, int resumed)
{
    char cd[128], sd[128];
    const char *v = sc->cfg.tls13 ? "TLSv13" : "TLSv12";
    const char *cipher = sc->cfg.cipher == BENCH_CIPHER_CHACHA20 ? "CHACHA20" : "AES256GCM";

    k->describe(p->c, cd, sizeof(cd));
    k->describe(p->s, sd, sizeof(sd));
    if (!suite_has(cd, v) || !suite_has(cd, cipher) || !suite_has(sd, v) || !suite_has(sd, cipher)) {
        bench_fail(k->name, "%s: negotiated client \"%s\" server \"%s\", wanted %s %s", sc->id, cd,
                   sd, v, cipher);
        return -1;
    }
    if (k->session_reused(p->c) != resumed) {
        bench_fail(k->name, "%s: session %sresumed", sc->id, resumed ? "not " : "");
        return -1;
    }
    return 0;
}

/* One whole connection: set up, handshake, ping, check, tear down. */
static int one_connection(const bench_stack *k, void *st, const scenario *sc)
{
    pair p;
    int ret = -1;

    if (pair_new(k, st, sc->resume, &p) < 0)
        return -1;
    if (pair_handshake(k, &p) < 0 || ping(k, &p) < 0 || check_pair(k, sc, &p, sc->resume) < 0)
        goto out;
    if (sc->resume) {
        bench_heap_side(BENCH_SIDE_CLIENT);
        k->save_session(st, p.c);
        bench_heap_side(BENCH_SIDE_OTHER);
    }
    ret = 0;
out:
    pair_free(k, &p);
    return ret;
}

static int g_failed; /* a measurement failed: exit status 1 */

/* Contexts for a scenario plus a checked first connection (and, for
 * resumption, a full one first whose session is kept).  NULL with *why
 * set when there is nothing to measure; g_failed is set too unless the
 * stack just lacks the feature. */
static void *prepare(const bench_stack *k, const scenario *sc, const char **why)
{
    bench_cfg cfg = sc->cfg;
    void *st;
    pair p;

    *why = k->unsupported(&cfg);
    if (*why != NULL)
        return NULL;
    cfg.certdir = g_certdir;
    st = k->setup(&cfg);
    if (st == NULL) {
        *why = "setup failed";
        g_failed = 1;
        return NULL;
    }
    if (pair_new(k, st, 0, &p) < 0 || pair_handshake(k, &p) < 0 || ping(k, &p) < 0 ||
        check_pair(k, sc, &p, 0) < 0) {
        pair_free(k, &p);
        k->teardown(st);
        *why = "handshake failed";
        g_failed = 1;
        return NULL;
    }
    if (sc->resume) {
        pair q;
        k->save_session(st, p.c);
        if (pair_new(k, st, 1, &q) < 0 || pair_handshake(k, &q) < 0 || ping(k, &q) < 0) {
            pair_free(k, &q);
            pair_free(k, &p);
            k->teardown(st);
            *why = "handshake failed";
            g_failed = 1;
            return NULL;
        }
        if (!k->session_reused(q.c)) {
            pair_free(k, &q);
            pair_free(k, &p);
            k->teardown(st);
            /* A missing feature of the stack, reported, not a failure. */
            *why = "client does not resume";
            return NULL;
        }
        k->save_session(st, q.c);
        pair_free(k, &q);
    }
    pair_free(k, &p);
    return st;
}

/* ---------------------------------------------------------------- output */

/* One table cell per stack: a value, or why there is none. */
typedef struct cell {
    double v;
    const char *why; /* non-NULL: no value */
} cell;

static void print_header(const char *first, const char *unit)
{
    printf("%-28s", first);
    for (size_t i = 0; i < g_nstacks; i++)
        printf(" %14s", stacks[i]->name);
    for (size_t i = 1; i < g_nstacks; i++) {
        char r[64];
        snprintf(r, sizeof(r), "%s/%s", stacks[0]->name, stacks[i]->name);
        printf(" %17s", r);
    }
    printf("   (%s)\n", unit);
}

static void print_row(const char *title, const cell *cells, int decimals)
{
    char buf[32];
    printf("%-28s", title);
    for (size_t i = 0; i < g_nstacks; i++) {
        if (cells[i].why != NULL)
            snprintf(buf, sizeof(buf), "n/a");
        else
            snprintf(buf, sizeof(buf), "%.*f", decimals, cells[i].v);
        printf(" %14s", buf);
    }
    for (size_t i = 1; i < g_nstacks; i++) {
        if (cells[0].why != NULL || cells[i].why != NULL || cells[i].v == 0)
            snprintf(buf, sizeof(buf), "-");
        else
            snprintf(buf, sizeof(buf), "%.2f", cells[0].v / cells[i].v);
        printf(" %17s", buf);
    }
    printf("\n");
    for (size_t i = 0; i < g_nstacks; i++)
        if (cells[i].why != NULL)
            printf("    # %s: n/a (%s)\n", stacks[i]->name, cells[i].why);
    fflush(stdout);
}

/* ---------------------------------------------------------------- benches */

/* Rounds are interleaved across the stacks and each keeps its best, so a
 * burst of load from elsewhere on the machine hits one round of every
 * stack rather than all rounds of one. */
static void bench_handshakes(void)
{
    printf("\nHandshakes per CPU-second: client+server in one thread, full verification, "
           "one request/reply\neach; best of %d interleaved rounds x %.2f s.  Ratios > 1: "
           "sslite faster.\n",
           g_rounds, g_seconds / g_rounds);
    print_header("scenario", "handshakes/s");
    for (size_t si = 0; si < NELEM(hs_scenarios); si++) {
        const scenario *sc = &hs_scenarios[si];
        cell cells[NSTACKS_MAX];
        void *st[NSTACKS_MAX];
        for (size_t i = 0; i < g_nstacks; i++) {
            cells[i].v = 0;
            st[i] = prepare(stacks[i], sc, &cells[i].why);
        }
        for (int r = 0; r < g_rounds; r++) {
            for (size_t i = 0; i < g_nstacks; i++) {
                double t0 = cpu_now(), t = 0;
                long n = 0;
                if (st[i] == NULL || cells[i].why != NULL)
                    continue;
                do {
                    if (one_connection(stacks[i], st[i], sc) < 0) {
                        cells[i].why = "handshake failed";
                        g_failed = 1;
                        break;
                    }
                    n++;
                    t = cpu_now() - t0;
                } while (t < g_seconds / g_rounds);
                if (t > 0 && n / t > cells[i].v)
                    cells[i].v = n / t;
            }
        }
        for (size_t i = 0; i < g_nstacks; i++)
            if (st[i] != NULL)
                stacks[i]->teardown(st[i]);
        print_row(sc->title, cells, 1);
    }
}

static void bench_bulk(void)
{
    printf("\nBulk throughput: %zu MiB client->server in 16 KiB writes, one thread encrypting "
           "and decrypting;\nbest of %d interleaved rounds, CPU time.  MB/s = 10^6 bytes/s of "
           "payload.  Ratios > 1: sslite faster.\n",
           g_bulk >> 20, g_rounds);
    print_header("cipher", "MB/s");
    for (size_t si = 0; si < NELEM(bulk_scenarios); si++) {
        const scenario *sc = &bulk_scenarios[si];
        cell cells[NSTACKS_MAX];
        void *st[NSTACKS_MAX];
        pair p[NSTACKS_MAX];
        for (size_t i = 0; i < g_nstacks; i++) {
            const bench_stack *k = stacks[i];
            cells[i].v = 0;
            p[i].c = p[i].s = NULL;
            st[i] = prepare(k, sc, &cells[i].why);
            if (st[i] == NULL)
                continue;
            if (pair_new(k, st[i], 0, &p[i]) < 0 || pair_handshake(k, &p[i]) < 0 ||
                ping(k, &p[i]) < 0 || check_pair(k, sc, &p[i], 0) < 0) {
                cells[i].why = "handshake failed";
                g_failed = 1;
            }
        }
        for (int r = 0; r < g_rounds; r++) {
            for (size_t i = 0; i < g_nstacks; i++) {
                double t0, t;
                if (st[i] == NULL || cells[i].why != NULL)
                    continue;
                t0 = cpu_now();
                if (transfer(stacks[i], p[i].c, BENCH_SIDE_CLIENT, p[i].s, BENCH_SIDE_SERVER,
                             g_bulk, BLOCK) < 0) {
                    cells[i].why = "transfer failed";
                    g_failed = 1;
                    continue;
                }
                t = cpu_now() - t0;
                if (t > 0 && (double)g_bulk / t / 1e6 > cells[i].v)
                    cells[i].v = (double)g_bulk / t / 1e6;
            }
        }
        for (size_t i = 0; i < g_nstacks; i++) {
            if (st[i] == NULL)
                continue;
            pair_free(stacks[i], &p[i]);
            stacks[i]->teardown(st[i]);
        }
        print_row(sc->title, cells, 1);
    }
}

/* --arena BYTES: sslite and its Mbed TLS allocate from one buffer
 * (<sslite/alloc.h>), set before anything else. */
static unsigned char *g_arena;
static size_t arena_before;
static double arena_retained[NSTACKS_MAX];

static void bench_memory(void)
{
    if (!bench_heap_available) {
        printf("\nHeap: not measured (built without the malloc interposer).\n");
        return;
    }
    printf("\nHeap per connection (bytes; malloc_usable_size of live blocks).  Retained: held by "
           "each end of\nan established, idle connection (mean of %d held open at once).  Peak: "
           "highest heap above\nthe idle baseline while one connection (both ends) is set up, "
           "handshakes and pings.\nmallocs: allocation calls for that connection.  Ratios < 1: "
           "sslite smaller.\n",
           g_conns);
    print_header("scenario", "bytes");
    for (size_t si = 0; si < NELEM(mem_scenarios); si++) {
        const scenario *sc = &mem_scenarios[si];
        cell client[NSTACKS_MAX], server[NSTACKS_MAX], peak[NSTACKS_MAX], calls[NSTACKS_MAX];
        char title[64];
        for (size_t i = 0; i < g_nstacks; i++) {
            const bench_stack *k = stacks[i];
            void *st = prepare(k, sc, &client[i].why);
            pair *pairs;
            bench_heap h0, h1;
            int n = 0;
            server[i].why = peak[i].why = calls[i].why = client[i].why;
            if (st == NULL)
                continue;
            pairs = calloc((size_t)g_conns, sizeof(*pairs));
            if (pairs == NULL)
                abort();
            bench_heap_enable(1);
            bench_heap_get(&h0);
            if (g_arena != NULL)
                sslite_arena_usage(&arena_before, NULL, NULL);
            for (n = 0; n < g_conns; n++) {
                if (pair_new(k, st, 0, &pairs[n]) < 0)
                    break;
                if (pair_handshake(k, &pairs[n]) < 0 || ping(k, &pairs[n]) < 0 ||
                    check_pair(k, sc, &pairs[n], 0) < 0) {
                    pair_free(k, &pairs[n]);
                    break;
                }
            }
            bench_heap_get(&h1);
            if (g_arena != NULL && strncmp(k->name, "sslite", 6) == 0) {
                size_t used;
                sslite_arena_usage(&used, NULL, NULL);
                arena_retained[i] = (double)(used - arena_before) / g_conns;
            }
            if (n < g_conns) {
                client[i].why = server[i].why = peak[i].why = calls[i].why = "handshake failed";
                g_failed = 1;
            }
            client[i].v = (double)(h1.live[BENCH_SIDE_CLIENT] - h0.live[BENCH_SIDE_CLIENT]) / g_conns;
            server[i].v = (double)(h1.live[BENCH_SIDE_SERVER] - h0.live[BENCH_SIDE_SERVER]) / g_conns;
            while (n > 0)
                pair_free(k, &pairs[--n]);
            free(pairs);

            bench_heap_reset_peak();
            bench_heap_get(&h0);
            if (one_connection(k, st, sc) < 0) {
                peak[i].why = calls[i].why = "handshake failed";
                g_failed = 1;
            }
            bench_heap_get(&h1);
            bench_heap_enable(0);
            peak[i].v = (double)(h1.peak - (h0.live[0] + h0.live[1] + h0.live[2]));
            calls[i].v = (double)(h1.calls - h0.calls);
            k->teardown(st);
        }
        snprintf(title, sizeof(title), "%s client retained", sc->title);
        print_row(title, client, 0);
        snprintf(title, sizeof(title), "%s server retained", sc->title);
        print_row(title, server, 0);
        snprintf(title, sizeof(title), "%s peak", sc->title);
        print_row(title, peak, 0);
        snprintf(title, sizeof(title), "%s mallocs", sc->title);
        print_row(title, calls, 0);
        if (g_arena != NULL) {
            /* sslite's allocations went to the arena: the interposer saw
             * none of them (mallocs 0 for the sslite columns). */
            cell ar[NSTACKS_MAX];
            for (size_t i = 0; i < g_nstacks; i++) {
                ar[i].v = arena_retained[i];
                ar[i].why = strncmp(stacks[i]->name, "sslite", 6) == 0 ? NULL : "no arena";
            }
            snprintf(title, sizeof(title), "%s arena per pair", sc->title);
            print_row(title, ar, 0);
        }
    }
    if (g_arena != NULL) {
        size_t used, peak, size;
        sslite_arena_usage(&used, &peak, &size);
        printf("arena: %zu bytes, highest use %zu (everything above, contexts included), %zu in "
               "use now\n", size, peak, used);
    }
}

/* ---------------------------------------------------------------- callgrind */

/* The one connection run.sh --callgrind counts (valgrind
 * --toggle-collect=bench_measured_connection): everything else, including
 * context set-up and the warm-up connections, is left out. */
__attribute__((noinline)) int bench_measured_connection(const bench_stack *k, void *st,
                                                        const scenario *sc);
__attribute__((noinline)) int bench_measured_connection(const bench_stack *k, void *st,
                                                        const scenario *sc)
{
    return one_connection(k, st, sc);
}

/* The bulk transfer run.sh --callgrind counts
 * (--toggle-collect=bench_measured_bulk): g_bulk bytes client to server
 * on an established, warmed-up connection. */
__attribute__((noinline)) int bench_measured_bulk(const bench_stack *k, pair *p);
__attribute__((noinline)) int bench_measured_bulk(const bench_stack *k, pair *p)
{
    return transfer(k, p->c, BENCH_SIDE_CLIENT, p->s, BENCH_SIDE_SERVER, g_bulk, BLOCK);
}

/* --callgrind STACK bulk-ID: one connection, a 1 MiB warm-up transfer (the
 * buffers reach their steady state), then the measured transfer. */
static int run_callgrind_bulk(const bench_stack *k, const scenario *sc)
{
    const char *why;
    void *st = prepare(k, sc, &why);
    pair p;
    int ret = 1;

    if (st == NULL) {
        printf("n/a (%s)\n", why);
        return g_failed ? 1 : 3;
    }
    if (pair_new(k, st, 0, &p) < 0) {
        k->teardown(st);
        return 1;
    }
    if (pair_handshake(k, &p) == 0 && ping(k, &p) == 0 && check_pair(k, sc, &p, 0) == 0 &&
        transfer(k, p.c, BENCH_SIDE_CLIENT, p.s, BENCH_SIDE_SERVER, (size_t)1 << 20, BLOCK) == 0 &&
        bench_measured_bulk(k, &p) == 0)
        ret = 0;
    pair_free(k, &p);
    k->teardown(st);
    if (ret == 0)
        printf("ok\n");
    return ret;
}

static int run_callgrind(const char *stack, const char *id)
{
    const bench_stack *k = NULL;
    const scenario *sc = NULL;
    const char *why;
    void *st;
    int ret;

    for (size_t i = 0; i < NSTACKS_MAX; i++)
        if (strcmp(all_stacks[i]->name, stack) == 0)
            k = all_stacks[i];
    for (size_t i = 0; i < NELEM(hs_scenarios); i++)
        if (strcmp(hs_scenarios[i].id, id) == 0)
            sc = &hs_scenarios[i];
    if (k != NULL && sc == NULL && strncmp(id, "bulk-", 5) == 0)
        for (size_t i = 0; i < NELEM(bulk_scenarios); i++)
            if (strcmp(bulk_scenarios[i].id, id + 5) == 0)
                return run_callgrind_bulk(k, &bulk_scenarios[i]);
    if (k == NULL || sc == NULL) {
        fprintf(stderr, "unknown stack or scenario: %s %s\n", stack, id);
        return 2;
    }
    st = prepare(k, sc, &why);
    if (st == NULL) {
        printf("n/a (%s)\n", why);
        return g_failed ? 1 : 3;
    }
    /* A second warm connection: lazy one-time work (OpenSSL's algorithm
     * fetches, PSA key slots) is not per-handshake cost. */
    if (one_connection(k, st, sc) < 0) {
        k->teardown(st);
        return 1;
    }
    ret = bench_measured_connection(k, st, sc) < 0 ? 1 : 0;
    k->teardown(st);
    if (ret == 0)
        printf("ok\n");
    return ret;
}

/* ------------------------------------------------------------- threads */

/* --threads STACK SCENARIO N CONNS: N threads share one client and one
 * server context and each runs CONNS whole connections of a full-handshake
 * scenario.  Prints the connections and the wall time; run.sh --threads
 * runs it under strace -f -c -e futex to count futex calls per
 * connection (lock contention). */
typedef struct thread_job {
    const bench_stack *k;
    void *st;
    const scenario *sc;
    int conns, failed;
    pthread_t th;
} thread_job;

static void *thread_main(void *p)
{
    thread_job *j = p;

    for (int i = 0; i < j->conns; i++)
        if (one_connection(j->k, j->st, j->sc) < 0) {
            j->failed = 1;
            break;
        }
    return NULL;
}

static int run_threads(const char *stack, const char *id, int nthreads, int conns)
{
    const bench_stack *k = NULL;
    const scenario *sc = NULL;
    thread_job jobs[64];
    struct timespec t0, t1;
    const char *why;
    void *st;
    int failed = 0;

    for (size_t i = 0; i < NSTACKS_MAX; i++)
        if (strcmp(all_stacks[i]->name, stack) == 0)
            k = all_stacks[i];
    for (size_t i = 0; i < NELEM(hs_scenarios); i++)
        if (strcmp(hs_scenarios[i].id, id) == 0 && !hs_scenarios[i].resume)
            sc = &hs_scenarios[i];
    if (k == NULL || sc == NULL || nthreads < 1 || nthreads > 64 || conns < 1) {
        fprintf(stderr, "unknown stack or full-handshake scenario, or bad counts\n");
        return 2;
    }
    st = prepare(k, sc, &why);
    if (st == NULL) {
        printf("n/a (%s)\n", why);
        return g_failed ? 1 : 3;
    }
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < nthreads; i++) {
        jobs[i] = (thread_job){k, st, sc, conns, 0, 0};
        if (pthread_create(&jobs[i].th, NULL, thread_main, &jobs[i]) != 0) {
            nthreads = i;
            failed = 1;
            break;
        }
    }
    for (int i = 0; i < nthreads; i++) {
        pthread_join(jobs[i].th, NULL);
        failed |= jobs[i].failed;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    k->teardown(st);
    printf("%d connections in %.3f s\n", nthreads * conns,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    return failed ? 1 : 0;
}

/* ---------------------------------------------------------------- main */

/* --stacks a,b,...: those stacks in that order; NULL: all of them. */
static int choose_stacks(const char *list)
{
    g_nstacks = 0;
    if (list == NULL) {
        for (size_t i = 0; i < NSTACKS_MAX; i++)
            stacks[g_nstacks++] = all_stacks[i];
        return 0;
    }
    while (*list != '\0') {
        size_t len = strcspn(list, ","), i;
        for (i = 0; i < NSTACKS_MAX; i++)
            if (strlen(all_stacks[i]->name) == len && strncmp(all_stacks[i]->name, list, len) == 0)
                break;
        if (i == NSTACKS_MAX || g_nstacks == NSTACKS_MAX) {
            fprintf(stderr, "unknown stack in --stacks: %.*s\n", (int)len, list);
            return -1;
        }
        stacks[g_nstacks++] = all_stacks[i];
        list += len + (list[len] == ',');
    }
    return g_nstacks > 0 ? 0 : -1;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: sslite-bench [--certs DIR] [--seconds S] [--rounds N] [--bulk-mib N]\n"
            "                    [--conns N] [--only hs|bulk|mem] [--stacks A,B,...] [--arena BYTES]\n"
            "       sslite-bench --certs DIR [--bulk-mib N] --callgrind STACK SCENARIO\n"
            "       sslite-bench --certs DIR --threads STACK SCENARIO NTHREADS CONNS\n"
            "       sslite-bench --list\n"
            "DIR holds test/certs/make-certs.sh output.\n");
}

int main(int argc, char **argv)
{
    const char *only = NULL, *stack_list = NULL;

    block_init();
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--list") == 0) {
            printf("stacks:");
            for (size_t j = 0; j < NSTACKS_MAX; j++)
                printf(" %s", all_stacks[j]->name);
            printf("\nhandshake scenarios:");
            for (size_t j = 0; j < NELEM(hs_scenarios); j++)
                printf(" %s", hs_scenarios[j].id);
            printf("\nbulk scenarios:");
            for (size_t j = 0; j < NELEM(bulk_scenarios); j++)
                printf(" bulk-%s", bulk_scenarios[j].id);
            printf("\n");
            return 0;
        }
        if (v == NULL) {
            usage();
            return 2;
        }
        if (strcmp(a, "--certs") == 0)
            g_certdir = v;
        else if (strcmp(a, "--seconds") == 0)
            g_seconds = atof(v);
        else if (strcmp(a, "--rounds") == 0)
            g_rounds = atoi(v);
        else if (strcmp(a, "--bulk-mib") == 0)
            g_bulk = (size_t)atol(v) << 20;
        else if (strcmp(a, "--conns") == 0)
            g_conns = atoi(v);
        else if (strcmp(a, "--only") == 0)
            only = v;
        else if (strcmp(a, "--stacks") == 0)
            stack_list = v;
        else if (strcmp(a, "--arena") == 0) {
            sslite_error err;
            size_t n = (size_t)atol(v);
            if ((g_arena = malloc(n)) == NULL || sslite_set_arena(g_arena, n, &err) < 0) {
                fprintf(stderr, "--arena %s: %s\n", v, g_arena ? err.message : "out of memory");
                return 2;
            }
        }
        else if (strcmp(a, "--callgrind") == 0 && i + 2 < argc)
            return run_callgrind(argv[i + 1], argv[i + 2]);
        else if (strcmp(a, "--threads") == 0 && i + 4 < argc)
            return run_threads(argv[i + 1], argv[i + 2], atoi(argv[i + 3]), atoi(argv[i + 4]));
        else {
            usage();
            return 2;
        }
        i++;
    }
    if (choose_stacks(stack_list) < 0 || g_seconds <= 0 || g_rounds < 1 || g_bulk == 0 ||
        g_conns < 1) {
        usage();
        return 2;
    }

    printf("sslite %s on %s", sslite_version(), sslite_backend_version());
#ifdef BENCH_HAVE_OPENSSL
    printf("; %s", OpenSSL_version(OPENSSL_VERSION));
#else
    printf("; OpenSSL not built in (no libssl-dev at configure time)");
#endif
    printf("\n");
    if (only == NULL || strcmp(only, "hs") == 0)
        bench_handshakes();
    if (only == NULL || strcmp(only, "bulk") == 0)
        bench_bulk();
    if (only == NULL || strcmp(only, "mem") == 0)
        bench_memory();
    if (g_failed)
        fprintf(stderr, "# some measurements failed (see the messages above)\n");
    return g_failed ? 1 : 0;
}
