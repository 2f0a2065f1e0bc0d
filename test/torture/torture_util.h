/* The torture tests' driver: two TLS ends in one process, each sending a
 * seeded pseudo-random byte stream to the other in random-sized chunks and
 * reading in random-sized chunks, reads and writes interleaved in random
 * order, everything non-blocking, until both streams arrived whole.  The
 * receiver checks every byte against the stream it expects (the stream is a
 * function of seed and offset, so nothing is stored).
 *
 * The ends are SSLSockets on descriptors (the loop waits in poll() with a
 * short timeout, and counts each timeout as a stall: on loopback something
 * is always ready while data is in flight) or SSLObjects in memory (the
 * loop pumps between them, and a round with no progress is a deadlock).
 * Every run has a deadline; the seed is printed so a failure reproduces. */
#ifndef SSLITE_TEST_TORTURE_UTIL_H
#define SSLITE_TEST_TORTURE_UTIL_H

#include <errno.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <linux/sockios.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sslite/sslite.h>

/* ---- seeded randomness ---- */

static inline uint64_t splitmix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

typedef struct trng {
    uint64_t s;
} trng;

static inline uint64_t trng_next(trng *r)
{
    r->s += 0x9e3779b97f4a7c15ull;
    return splitmix(r->s);
}

/* Uniform in [lo, hi]. */
static inline size_t trng_range(trng *r, size_t lo, size_t hi)
{
    return hi <= lo ? lo : lo + (size_t)(trng_next(r) % (hi - lo + 1));
}

/* Byte `off` of the stream `id`. */
static inline unsigned char stream_byte(uint64_t id, uint64_t off)
{
    return (unsigned char)(splitmix(id ^ (off >> 3) * 0x2545f4914f6cdd1dull) >> ((off & 7) * 8));
}

static inline void stream_fill(uint64_t id, uint64_t off, unsigned char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++)
        buf[i] = stream_byte(id, off + i);
}

static inline double t_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline double t_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- one end ---- */

#define T_MAXCHUNK 40000

typedef struct tend {
    const char *name;
    /* the operations, over whatever the end is */
    int (*hs)(void *h);
    ssize_t (*rd)(void *h, void *buf, size_t len);
    ssize_t (*wr)(void *h, const void *buf, size_t len);
    const char *(*msg)(void *h);
    int (*ku)(void *h, int update_requested); /* TLS 1.3: KeyUpdates at random */
    void *h;
    int fd; /* SSLSocket: its descriptor; -1 in memory */
    /* the streams */
    uint64_t tx_id, rx_id;
    size_t tx_total, tx_pos, rx_total, rx_pos;
    const unsigned char *tx_data; /* else the stream tx_id */
    FILE *rx_sink;                /* else received bytes are checked against rx_id */
    int rx_until_eof;             /* rx_total unknown: the peer's close ends it */
    int rx_eof;
    size_t chunk;     /* the write in progress: retried unchanged after a want */
    unsigned char *wbuf;
    unsigned char *rbuf;
    int hs_done;
    int write_first; /* always write before reading (else a coin decides) */
    short events; /* what the last calls wanted */
    unsigned ku_every; /* one KeyUpdate try in ku_every steps, on average */
    int ku_sent;
    int last_hs, last_rd, last_wr; /* the last results, for the diagnostics */
    int failed;   /* 1: hard error, 2: wrong bytes, 3: more bytes than sent */
    char why[300];
} tend;

typedef struct tstats {
    double wall, cpu;
    int stalls; /* poll() timeouts (sockets) or rounds without progress (memory) */
    /* Sockets: of the stalls, those with bytes unsent in a kernel send queue
     * and nothing in the peer's receive queue — TCP waiting for a window
     * update (the kernel's stall, not ours); the others are lost readiness:
     * the kernel idle while an end holds bytes back. */
    int kernel_stalls;
    int timed_out;
    long rounds;
    int ku_c, ku_s; /* KeyUpdates sent by each end (filled by the caller) */
} tstats;

/* The operations of an end, over an SSLObject or an SSLSocket. */
static inline int o_hs(void *h) { return sslite_object_do_handshake(h); }
static inline ssize_t o_rd(void *h, void *b, size_t n) { return sslite_object_read(h, b, n); }
static inline ssize_t o_wr(void *h, const void *b, size_t n) { return sslite_object_write(h, b, n); }
static inline const char *o_msg(void *h) { return sslite_object_error(h)->message; }
static inline int o_ku(void *h, int req) { return sslite_object_key_update(h, req); }
static inline int s_hs(void *h) { return sslite_socket_do_handshake(h); }
static inline ssize_t s_rd(void *h, void *b, size_t n) { return sslite_socket_recv(h, b, n, 0); }
static inline ssize_t s_wr(void *h, const void *b, size_t n) { return sslite_socket_send(h, b, n, 0); }
static inline const char *s_msg(void *h) { return sslite_socket_error(h)->message; }
static inline int s_ku(void *h, int req) { return sslite_socket_key_update(h, req); }

/* An end over h: an SSLSocket on descriptor fd, or (fd -1) an SSLObject.
 * KeyUpdates stay off (ku NULL) until the caller turns them on. */
static inline void tend_init(tend *e, const char *name, void *h, int fd)
{
    memset(e, 0, sizeof(*e));
    e->name = name;
    e->h = h;
    e->fd = fd;
    e->hs = fd < 0 ? o_hs : s_hs;
    e->rd = fd < 0 ? o_rd : s_rd;
    e->wr = fd < 0 ? o_wr : s_wr;
    e->msg = fd < 0 ? o_msg : s_msg;
    e->wbuf = malloc(T_MAXCHUNK);
    e->rbuf = malloc(T_MAXCHUNK);
}

/* A client end a and a server end b of case `id`: each sends the stream
 * the other checks. */
static inline void tend_pair(tend *a, void *ah, int afd, tend *b, void *bh, int bfd, uint64_t id)
{
    tend_init(a, "client", ah, afd);
    tend_init(b, "server", bh, bfd);
    a->tx_id = b->rx_id = id * 2 + 1;
    b->tx_id = a->rx_id = id * 2 + 2;
}

static inline void tend_free(tend *e)
{
    free(e->wbuf);
    free(e->rbuf);
    e->wbuf = e->rbuf = NULL;
}

static inline int t_is_want(ssize_t r)
{
    return r == SSLITE_ERR_WANT_READ || r == SSLITE_ERR_WANT_WRITE;
}

static inline void tend_fail(tend *e, int kind, const char *what, ssize_t r)
{
    if (e->failed)
        return;
    e->failed = kind;
    snprintf(e->why, sizeof(e->why), "%s: %s (%zd): %s", e->name, what, r,
             e->msg ? e->msg(e->h) : "");
}

/* One write attempt; returns 1 on progress. */
static inline int tend_write(tend *e, trng *r)
{
    ssize_t n;

    if (e->tx_pos >= e->tx_total)
        return 0;
    if (e->chunk == 0) {
        size_t left = e->tx_total - e->tx_pos;
        e->chunk = trng_range(r, 1, left < T_MAXCHUNK ? left : T_MAXCHUNK);
        if (e->tx_data != NULL)
            memcpy(e->wbuf, e->tx_data + e->tx_pos, e->chunk);
        else
            stream_fill(e->tx_id, e->tx_pos, e->wbuf, e->chunk);
    }
    n = e->wr(e->h, e->wbuf, e->chunk);
    e->last_wr = (int)n;
    if (n > 0) {
        if ((size_t)n != e->chunk) {
            tend_fail(e, 1, "short write", n);
            return 0;
        }
        e->tx_pos += e->chunk;
        e->chunk = 0;
        return 1;
    }
    if (n == SSLITE_ERR_WANT_WRITE)
        e->events |= POLLOUT;
    else if (n != SSLITE_ERR_WANT_READ)
        tend_fail(e, 1, "write", n);
    return 0;
}

/* Reads until the end would block (at most a few per round); returns 1 on
 * progress. */
static inline int tend_read(tend *e, trng *r)
{
    int progress = 0;

    if (e->rx_eof)
        return 0;
    for (int i = 0; i < 8; i++) {
        size_t len = trng_range(r, 1, T_MAXCHUNK);
        ssize_t n = e->rd(e->h, e->rbuf, len);
        e->last_rd = (int)n;
        if (n > 0 && e->rx_sink != NULL) {
            if (fwrite(e->rbuf, 1, (size_t)n, e->rx_sink) != (size_t)n) {
                tend_fail(e, 1, "writing what arrived", n);
                return 0;
            }
            e->rx_pos += (size_t)n;
            if (e->rx_until_eof)
                e->rx_total = e->rx_pos + 1;
            progress = 1;
            continue;
        }
        if (n > 0) {
            if (e->rx_pos + (size_t)n > e->rx_total) {
                snprintf(e->why, sizeof(e->why),
                         "%s: received %zu bytes, %zu were sent (duplicated data?)", e->name,
                         e->rx_pos + (size_t)n, e->rx_total);
                e->failed = 3;
                return 0;
            }
            for (ssize_t k = 0; k < n; k++)
                if (e->rbuf[k] != stream_byte(e->rx_id, e->rx_pos + (size_t)k)) {
                    snprintf(e->why, sizeof(e->why), "%s: wrong byte at offset %zu of %zu",
                             e->name, e->rx_pos + (size_t)k, e->rx_total);
                    e->failed = 2;
                    return 0;
                }
            e->rx_pos += (size_t)n;
            progress = 1;
            continue;
        }
        if (n == 0 && (e->rx_until_eof || e->rx_pos == e->rx_total)) {
            /* the peer closed after all it had to send: fine */
            e->rx_eof = 1;
            e->rx_total = e->rx_pos;
            return 1;
        } else if (n == 0) {
            tend_fail(e, 1, "unexpected EOF", n);
        } else if (n == SSLITE_ERR_WANT_WRITE) {
            e->events |= POLLOUT;
        } else if (n != SSLITE_ERR_WANT_READ) {
            tend_fail(e, 1, "read", n);
        }
        return progress;
    }
    return progress;
}

static inline int tend_step(tend *e, trng *r)
{
    int progress = 0;

    e->events = POLLIN;
    if (e->failed)
        return 0;
    if (!e->hs_done) {
        int h = e->hs(e->h);
        e->last_hs = h;
        if (h == 0) {
            e->hs_done = 1;
            progress = 1;
        } else if (h == SSLITE_ERR_WANT_WRITE) {
            e->events = POLLOUT;
            return 0;
        } else if (h == SSLITE_ERR_WANT_READ) {
            return 0;
        } else {
            tend_fail(e, 1, "handshake", h);
            return 0;
        }
    }
    if (e->ku != NULL && e->ku_every > 0 && trng_range(r, 1, e->ku_every) == 1) {
        int k = e->ku(e->h, (int)(trng_next(r) & 1));
        if (k == 0) {
            e->ku_sent++;
            progress = 1;
        } else if (k == SSLITE_ERR_WANT_WRITE) {
            e->events |= POLLOUT; /* earlier output still queued: nothing done */
        } else {
            tend_fail(e, 1, "key_update", k);
            return 0;
        }
    }
    /* Interleave: read first or write first, at random. */
    if (!e->write_first && (trng_next(r) & 1)) {
        progress |= tend_read(e, r);
        progress |= tend_write(e, r);
    } else {
        progress |= tend_write(e, r);
        progress |= tend_read(e, r);
    }
    return progress;
}

static inline int tend_complete(const tend *e)
{
    return e->hs_done && e->tx_pos == e->tx_total && e->rx_pos == e->rx_total;
}

/* Optional hook between rounds (in memory: move the bytes; else NULL).
 * Returns nonzero when it moved something. */
typedef int (*tpump)(void *ud, trng *r);

/* Run a and b until both streams arrived (0), an end failed, the deadline
 * passed or more than max_stalls stalls happened that were not the kernel's
 * (sockets: poll() timeouts of poll_ms; memory: rounds with no progress). */
static inline int t_run(tend *a, tend *b, uint64_t seed, double limit, int poll_ms,
                        int max_stalls, tpump pump, void *pump_ud, tstats *st)
{
    trng r = {seed};
    double t0 = t_now(), c0 = t_cpu(), deadline = t0 + limit;

    memset(st, 0, sizeof(*st));
    while (!(tend_complete(a) && tend_complete(b))) {
        int progress;
        if (a->failed || b->failed)
            break;
        if (t_now() > deadline || st->stalls - st->kernel_stalls > max_stalls) {
            st->timed_out = 1;
            break;
        }
        st->rounds++;
        progress = tend_step(a, &r) | tend_step(b, &r);
        if (pump != NULL) {
            progress |= pump(pump_ud, &r);
            if (!progress)
                st->stalls++;
        } else if (!progress) {
            struct pollfd pfd[2] = {{a->fd, a->events, 0}, {b->fd, b->events, 0}};
            if (poll(pfd, 2, poll_ms) == 0) {
                int oa = 0, ob = 0, ia = 0, ib = 0;
                st->stalls++;
                ioctl(a->fd, SIOCOUTQ, &oa);
                ioctl(b->fd, SIOCOUTQ, &ob);
                ioctl(a->fd, SIOCINQ, &ia);
                ioctl(b->fd, SIOCINQ, &ib);
                if ((oa > 0 && ib == 0) || (ob > 0 && ia == 0))
                    st->kernel_stalls++;
            }
        }
    }
    st->wall = t_now() - t0;
    st->cpu = t_cpu() - c0;
    return a->failed || b->failed || st->timed_out ? -1 : 0;
}

/* One end against a peer in another process: until its stream went out
 * and the peer's arrived, an error, or the deadline; stalls are poll()
 * timeouts of poll_ms (the peer may be slow: only counted). */
static inline int t_run1(tend *a, uint64_t seed, double limit, int poll_ms, tstats *st)
{
    trng r = {seed};
    double t0 = t_now(), c0 = t_cpu(), deadline = t0 + limit;

    memset(st, 0, sizeof(*st));
    while (!tend_complete(a) && !a->failed) {
        if (t_now() > deadline) {
            st->timed_out = 1;
            break;
        }
        st->rounds++;
        if (!tend_step(a, &r)) {
            struct pollfd pfd = {a->fd, a->events, 0};
            if (poll(&pfd, 1, poll_ms) == 0)
                st->stalls++;
        }
    }
    st->wall = t_now() - t0;
    st->cpu = t_cpu() - c0;
    return a->failed || st->timed_out ? -1 : 0;
}

/* The failure in words (for diag). */
static inline const char *t_why(const tend *a, const tend *b, const tstats *st)
{
    static char buf[700];
    if (a->failed || b->failed)
        snprintf(buf, sizeof(buf), "%s%s%s", a->failed ? a->why : "",
                 a->failed && b->failed ? "; " : "", b->failed ? b->why : "");
    else if (st->timed_out)
        snprintf(buf, sizeof(buf),
                 "stuck: %d stalls (%d in the kernel's TCP), %.2f s; %s%s sent %zu/%zu got "
                 "%zu/%zu (last handshake %d read %d write %d), %s%s sent %zu/%zu got %zu/%zu "
                 "(last handshake %d read %d write %d)",
                 st->stalls, st->kernel_stalls, st->wall, a->name,
                 a->hs_done ? "" : " (in handshake)", a->tx_pos, a->tx_total, a->rx_pos,
                 a->rx_total, a->last_hs, a->last_rd, a->last_wr, b->name,
                 b->hs_done ? "" : " (in handshake)", b->tx_pos, b->tx_total, b->rx_pos,
                 b->rx_total, b->last_hs, b->last_rd, b->last_wr);
    else
        snprintf(buf, sizeof(buf), "ok");
    return buf;
}

/* How many times the random matrices run: SSLITE_TORTURE_ROUNDS, else dflt. */
static inline int t_rounds(int dflt)
{
    const char *s = getenv("SSLITE_TORTURE_ROUNDS");
    int n = s && *s ? atoi(s) : dflt;
    return n > 0 ? n : 1;
}

/* Seed from SSLITE_TORTURE_SEED, else from the clock; printed. */
static inline uint64_t t_seed(void)
{
    const char *s = getenv("SSLITE_TORTURE_SEED");
    uint64_t seed = s && *s ? strtoull(s, NULL, 0) : (uint64_t)time(NULL) ^ (uint64_t)clock();
    printf("# seed %llu (rerun with SSLITE_TORTURE_SEED=%llu)\n", (unsigned long long)seed,
           (unsigned long long)seed);
    return seed;
}

#endif
