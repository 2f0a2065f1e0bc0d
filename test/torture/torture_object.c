/* Torture: two SSLObjects in memory — over MemoryBIO pairs (the loop moves
 * random amounts of the records between them) and over the callback
 * transport (small pipes of random capacity, so writes would-block
 * mid-record) — moving seeded random streams in random-sized chunks, reads
 * and writes interleaved at random; TLS 1.2 and 1.3, one direction and
 * both, TLS 1.3 with 2 tickets and 0.  Byte-exact, bounded (a round in
 * which nothing moves is a deadlock and fails at once). */
#include "../object/object_util.h"
#include <stdint.h>
#include "tap.h"
#include "torture_util.h"


/* Move a random part of what one BIO holds into the other. */
static size_t bio_move_some(sslite_memorybio *from, sslite_memorybio *to, trng *r)
{
    size_t n, take;
    const unsigned char *p = sslite_memorybio_peek(from, &n);

    if (p == NULL)
        return 0;
    take = trng_range(r, 1, n);
    if (sslite_memorybio_write(to, p, take) != (ssize_t)take)
        return 0;
    sslite_memorybio_consume(from, take);
    return take;
}

typedef struct tpair {
    pair p;
    size_t seen[4]; /* callbacks: the pipes' state after the last round */
} tpair;

/* Memory BIOs: move the records on.  Callbacks: the bytes already moved;
 * report whether they did (the ends count only application data). */
static int pump_some(void *ud, trng *r)
{
    tpair *t = ud;
    pair *p = &t->p;
    size_t now[4] = {p->c2s.total, p->s2c.total, p->c2s.len, p->s2c.len};
    int moved;

    if (p->kind == KIND_BIO)
        return (bio_move_some(p->c.out, p->s.in, r) + bio_move_some(p->s.out, p->c.in, r)) > 0;
    moved = memcmp(now, t->seen, sizeof(now)) != 0;
    memcpy(t->seen, now, sizeof(now));
    return moved;
}

static void die_pair(pair *p)
{
    printf("Bail out! pair_init: %s\n", p->err.message);
    exit(1);
}

static void set_version(sslite_context *c, int v)
{
    sslite_context_set_minimum_version(c, v);
    sslite_context_set_maximum_version(c, v);
}

int main(void)
{
    uint64_t seed = t_seed();
    trng r = {seed};
    static const int versions[] = {SSLITE_TLSVersion_TLSv1_2, SSLITE_TLSVersion_TLSv1_3};
    static const int tickets[] = {-1, 0};

    for (int round = 0, rounds = t_rounds(3); round < rounds; round++)
    for (int kind = KIND_BIO; kind <= KIND_CB; kind++)
        for (size_t vi = 0; vi < 2; vi++)
            for (size_t ti = 0; ti < 2; ti++)
                for (int dirs = 1; dirs <= 3; dirs++) {
                    sslite_context *sctx, *cctx;
                    uint64_t cs = trng_next(&r);
                    size_t cap = trng_range(&r, 1, 3) == 1 ? trng_range(&r, 1, 64)
                                                           : trng_range(&r, 512, 20000);
                    tend a, b;
                    tstats st;
                    tpair t;
                    pair *pp = &t.p;
                    int ret;

                    if (versions[vi] == SSLITE_TLSVersion_TLSv1_2 && tickets[ti] == 0)
                        continue; /* num_tickets is TLS 1.3's */
                    sctx = server_ctx("server-rsa.pem", "server-rsa.key");
                    cctx = client_ctx();
                    set_version(cctx, versions[vi]);
                    if (tickets[ti] >= 0)
                        sslite_context_set_num_tickets(sctx, tickets[ti]);
                    memset(&t, 0, sizeof(t));
                    if (pair_init(pp, kind, cctx, sctx, "localhost", NULL, cap) < 0) {
                        ok(0, "pair_init: %s", pp->err.message);
                        pair_free(pp);
                        continue;
                    }
                    tend_pair(&a, pp->c.obj, -1, &b, pp->s.obj, -1, cs);
                    if (versions[vi] == SSLITE_TLSVersion_TLSv1_3) {
                        a.ku = b.ku = o_ku;
                        a.ku_every = b.ku_every = (unsigned)trng_range(&r, 2, 60);
                    }
                    if (dirs & 1)
                        a.tx_total = b.rx_total = trng_range(&r, 1, (size_t)3 << 20);
                    if (dirs & 2)
                        b.tx_total = a.rx_total = trng_range(&r, 1, (size_t)3 << 20);
                    if (cap < 512) { /* byte-sized pipes: keep the round count sane */
                        a.tx_total /= 64;
                        b.tx_total = a.rx_total /= 64;
                        b.rx_total = a.tx_total;
                    }
                    ret = t_run(&a, &b, cs, 10.0, 0, 0, pump_some, &t, &st);
                    char pipe[32] = "";
                    if (kind == KIND_CB)
                        snprintf(pipe, sizeof(pipe), ", %zu-byte pipes", cap);
                    ok(ret == 0, "%s%s, %s%s, %s: c2s %zu s2c %zu bytes, byte-exact (%.2f s; "
                                 "KeyUpdates sent %d/%d)",
                       kind_name(kind), pipe,
                       versions[vi] == SSLITE_TLSVersion_TLSv1_2 ? "TLS 1.2" : "TLS 1.3",
                       tickets[ti] == 0 ? " no tickets" : "",
                       dirs == 3 ? "both ways" : dirs == 1 ? "client to server"
                                                           : "server to client",
                       a.tx_total, b.tx_total, st.wall, a.ku_sent, b.ku_sent);
                    if (ret != 0)
                        diag("%s (case seed %llu)", t_why(&a, &b, &st), (unsigned long long)cs);
                    tend_free(&a);
                    tend_free(&b);
                    pair_free(pp);
                    sslite_context_free(sctx);
                    sslite_context_free(cctx);
                }
    /* After random traffic both ways, one flipped bit in a record's body:
     * the reader fails (never hands out the bytes), and the failure
     * sticks — CPython's sequence on OpenSSL: SSLError, then write
     * SSLEOFError, do_handshake SSLSyscallError, read SSLEOFError. */
    for (int kind = KIND_BIO; kind <= KIND_CB; kind++)
        for (size_t vi = 0; vi < 2; vi++) {
            sslite_context *sctx = server_ctx("server-rsa.pem", "server-rsa.key");
            sslite_context *cctx = client_ctx();
            uint64_t cs = trng_next(&r);
            unsigned char msg[1000], back[1000], wire[2000], *rec;
            size_t reclen, flip;
            int rr, rw, rh, rr2;
            tend a, b;
            tstats st;
            tpair t;
            int ret;

            memset(&t, 0, sizeof(t));
            memset(msg, 'x', sizeof(msg));
            set_version(cctx, versions[vi]);
            if (pair_init(&t.p, kind, cctx, sctx, "localhost", NULL, 1 << 16) < 0)
                die_pair(&t.p);
            tend_pair(&a, t.p.c.obj, -1, &b, t.p.s.obj, -1, cs);
            a.tx_total = b.rx_total = trng_range(&r, 1, 200000);
            b.tx_total = a.rx_total = trng_range(&r, 1, 200000);
            ret = t_run(&a, &b, cs, 10.0, 0, 0, pump_some, &t, &st);
            /* Whatever is still in flight (tickets) goes first, then the
             * client's one record, corrupted. */
            while (pump_some(&t, &r))
                ;
            (void)sslite_object_read(t.p.c.obj, back, sizeof(back));
            while (pump_some(&t, &r))
                ;
            if (sslite_object_write(t.p.c.obj, msg, sizeof(msg)) != (ssize_t)sizeof(msg))
                ret = -1;
            /* The record, whole (a BIO's peek may see only a first run). */
            if (kind == KIND_BIO) {
                ssize_t got = sslite_memorybio_read(t.p.c.out, wire, -1, sizeof(wire));
                rec = wire;
                reclen = got > 0 ? (size_t)got : 0;
            } else {
                rec = t.p.c2s.buf;
                reclen = t.p.c2s.len;
            }
            if (reclen < 100) {
                ret = -1;
                reclen = 100;
            }
            flip = trng_range(&r, 5, reclen - 1);
            rec[flip] ^= (unsigned char)(1u << trng_range(&r, 0, 7));
            if (kind == KIND_BIO)
                sslite_memorybio_write(t.p.s.in, wire, reclen);
            rr = (int)sslite_object_read(t.p.s.obj, back, sizeof(back));
            rw = (int)sslite_object_write(t.p.s.obj, "y", 1);
            rh = sslite_object_do_handshake(t.p.s.obj);
            rr2 = (int)sslite_object_read(t.p.s.obj, back, sizeof(back));
            ok(ret == 0 && rr == SSLITE_ERR_SSL && rw == SSLITE_ERR_EOF &&
                   rh == SSLITE_ERR_SYSCALL && rr2 == SSLITE_ERR_EOF,
               "%s, %s: a bit flipped at byte %zu of a record after random traffic: read "
               "SSLError, then write SSLEOFError, do_handshake SSLSyscallError, read SSLEOFError",
               kind_name(kind), versions[vi] == SSLITE_TLSVersion_TLSv1_2 ? "TLS 1.2" : "TLS 1.3",
               flip);
            if (!(ret == 0 && rr == SSLITE_ERR_SSL && rw == SSLITE_ERR_EOF &&
                  rh == SSLITE_ERR_SYSCALL && rr2 == SSLITE_ERR_EOF))
                diag("traffic: %s; got read %d, write %d, do_handshake %d, read %d (case seed "
                     "%llu)", t_why(&a, &b, &st), rr, rw, rh, rr2, (unsigned long long)cs);
            tend_free(&a);
            tend_free(&b);
            pair_free(&t.p);
            sslite_context_free(sctx);
            sslite_context_free(cctx);
        }

    /* Deterministic: a TLS 1.3 client over 64-byte pipes writes before it
     * ever reads, so its record is queued while the server still sends its
     * tickets; its read must take them in all the same (a handshake step
     * that flushed first made both ends wait to write: a deadlock). */
    for (int tk = 1; tk <= 2; tk++) {
        sslite_context *sctx = server_ctx("server-rsa.pem", "server-rsa.key");
        sslite_context *cctx = client_ctx();
        tend a, b;
        tstats st;
        tpair t;
        int ret;

        memset(&t, 0, sizeof(t));
        set_version(cctx, SSLITE_TLSVersion_TLSv1_3);
        sslite_context_set_num_tickets(sctx, tk);
        if (pair_init(&t.p, KIND_CB, cctx, sctx, "localhost", NULL, 64) < 0)
            die_pair(&t.p);
        tend_pair(&a, t.p.c.obj, -1, &b, t.p.s.obj, -1, seed);
        a.tx_total = b.rx_total = 20000;
        a.write_first = b.write_first = 1;
        ret = t_run(&a, &b, seed, 10.0, 0, 0, pump_some, &t, &st);
        ok(ret == 0, "callbacks, TLS 1.3, %d ticket(s): a client whose record is queued takes "
                     "the tickets in (no deadlock)", tk);
        if (ret != 0)
            diag("%s", t_why(&a, &b, &st));
        tend_free(&a);
        tend_free(&b);
        pair_free(&t.p);
        sslite_context_free(sctx);
        sslite_context_free(cctx);
    }
    return done_testing();
}
