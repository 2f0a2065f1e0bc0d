/* The two ways a record moves between Mbed TLS and the MemoryBIOs
 * (mbedtls-bio-zero-copy.patch): an AEAD record lying whole in the
 * incoming BIO's first chunk is decrypted from there, any other record is
 * copied in first; a full outgoing record's buffer is adopted by the
 * outgoing BIO, a short one copied.  The bytes must arrive once and in
 * order either way, and a record that fails must fail as it did before.
 * The BIOs' internal counts (sslite__memorybio_zero_copied) say which path
 * each record took, so a fast path that is never taken, or one that drops
 * or repeats a record, fails here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "object_util.h"
#include "internal.h"

enum { WHOLE, HEADER_FIRST, SPLIT, BYTES };
static const char *const mode_name[] = {"whole in one chunk", "header first, then the body",
                                        "split across chunks", "byte by byte"};

/* Built with the patch (a system Mbed TLS copies every record).  Which
 * records go without a copy is then worked out from the wire, so a build
 * with short records (small_memory: none adopted) expects what it gets. */
static const int g_zero_copy = SSLITE_TEST_ZERO_COPY;

typedef struct conn {
    pair p;
    sslite_context *cctx, *sctx;
    const char *what;
} conn;

static int conn_open(conn *k, int tls13, const char *ciphers)
{
    char who = 0;

    memset(k, 0, sizeof(*k));
    k->sctx = server_ctx("server-ec.pem", "server-ec.key");
    k->cctx = client_ctx();
    sslite_context_set_maximum_version(k->cctx, tls13 ? SSLITE_TLSVersion_TLSv1_3
                                                      : SSLITE_TLSVersion_TLSv1_2);
    if (ciphers != NULL && (sslite_context_set_ciphers(k->cctx, ciphers) < 0 ||
                            sslite_context_set_ciphers(k->sctx, ciphers) < 0))
        return -1;
    if (pair_init(&k->p, KIND_BIO, k->cctx, k->sctx, "localhost", NULL, 0) < 0 ||
        pair_handshake(&k->p, &who) < 0)
        return -1;
    /* The TLS 1.3 tickets, read by the client as an application would. */
    {
        unsigned char b[16];
        (void)sslite_object_read(k->p.c.obj, b, sizeof(b));
    }
    pair_pump(&k->p);
    return 0;
}

static void conn_close(conn *k)
{
    pair_free(&k->p);
    sslite_context_free(k->cctx);
    sslite_context_free(k->sctx);
}

/* Everything queued in a BIO, taken out (malloc'd). */
static unsigned char *take(sslite_memorybio *b, size_t *len)
{
    size_t n = sslite_memorybio_pending(b);
    unsigned char *buf = malloc(n + 1);

    *len = (size_t)sslite_memorybio_read(b, buf, -1, n + 1);
    return buf;
}

/* The wire's records: how many, the body bytes of those the incoming
 * fast path takes (512 bytes of body or more), and the bytes of those the
 * outgoing BIO adopts (8 KiB or more, header included). */
static size_t records(const unsigned char *w, size_t len, size_t *fast_in, size_t *fast_out)
{
    size_t n = 0, off = 0;

    *fast_in = *fast_out = 0;
    while (off + 5 <= len) {
        size_t body = ((size_t)w[off + 3] << 8) | w[off + 4];
        if (body >= 512)
            *fast_in += body;
        if (5 + body >= 8192)
            *fast_out += 5 + body;
        off += 5 + body;
        n++;
    }
    return off == len ? n : 0;
}

static void put(sslite_memorybio *b, const unsigned char *p, size_t n)
{
    /* reserve() gives contiguous room: a new chunk when the last one has
     * too little. */
    unsigned char *r = sslite_memorybio_reserve(b, n);
    memcpy(r, p, n);
    sslite_memorybio_commit(b, n);
}

/* Read what the server has, `rsz` bytes a call, into got[*n...]; the
 * first error (not WANT_READ) is returned. */
static int drain(conn *k, unsigned char *got, size_t cap, size_t *n, size_t rsz)
{
    for (;;) {
        size_t want = cap - *n < rsz ? cap - *n : rsz;
        sslite_ssize_t r;
        if (want == 0)
            return 0;
        r = sslite_object_read(k->p.s.obj, got + *n, want);
        if (r == SSLITE_ERR_WANT_READ)
            return 0;
        if (r <= 0)
            return (int)(r == 0 ? 1 : r);
        *n += (size_t)r;
    }
}

/* Deliver `wire` to the server in `mode`, reading as it goes. */
static int deliver(conn *k, const unsigned char *wire, size_t len, int mode, unsigned char *got,
                   size_t cap, size_t *n, size_t rsz)
{
    size_t off = 0;
    int r = 0;

    switch (mode) {
    case WHOLE:
        put(k->p.s.in, wire, len);
        return drain(k, got, cap, n, rsz);
    case BYTES:
        for (size_t i = 0; i < len && r == 0; i++) {
            put(k->p.s.in, wire + i, 1);
            r = drain(k, got, cap, n, rsz);
        }
        return r;
    default:
        /* Record by record: the header (or header and 100 bytes) in one
         * chunk, the rest in another. */
        while (off + 5 <= len && r == 0) {
            size_t rec = 5 + (((size_t)wire[off + 3] << 8) | wire[off + 4]);
            size_t first = mode == HEADER_FIRST ? 5 : rec < 105 ? rec : 105;
            put(k->p.s.in, wire + off, first);
            r = drain(k, got, cap, n, rsz);
            if (r == 0 && rec > first) {
                put(k->p.s.in, wire + off + first, rec - first);
                r = drain(k, got, cap, n, rsz);
            }
            off += rec;
        }
        return r;
    }
}

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)((i * 131u + seed * 7u + (i >> 9)) ^ (i >> 3));
}

/* The client writes len bytes (in writes of at most wsz); the server
 * reads them in `mode` with reads of rsz. */
static void transfer(int tls13, const char *ciphers, const char *label, int mode, size_t len,
                     size_t wsz, size_t rsz, int aead)
{
    conn k;
    unsigned char *data = malloc(len), *got = malloc(len + 1), *wire;
    size_t wlen, n = 0, nrec, fin, fout, in0, out0;
    int r;

    fill(data, len, (unsigned)(len + wsz + rsz));
    if (conn_open(&k, tls13, ciphers) < 0) {
        ok(0, "%s: connection: %s", label, k.p.err.message);
        goto out;
    }
    out0 = sslite__memorybio_zero_copied(k.p.c.out, 1);
    for (size_t off = 0; off < len;) {
        size_t w = len - off < wsz ? len - off : wsz;
        sslite_ssize_t x = sslite_object_write(k.p.c.obj, data + off, w);
        if (x <= 0) {
            ok(0, "%s: write: %s", label, sslite_object_error(k.p.c.obj)->message);
            goto out;
        }
        off += (size_t)x;
    }
    wire = take(k.p.c.out, &wlen);
    nrec = records(wire, wlen, &fin, &fout);
    ok(nrec > 0, "%s: %zu bytes in %zu records", label, wlen, nrec);
    is_int(sslite__memorybio_zero_copied(k.p.c.out, 1) - out0, g_zero_copy ? fout : 0,
           "%s: the full records' buffers adopted (%zu bytes), the rest copied", label,
           g_zero_copy ? fout : 0);
    in0 = sslite__memorybio_zero_copied(k.p.s.in, 0);
    r = deliver(&k, wire, wlen, mode, got, len + 1, &n, rsz);
    is_int(r, 0, "%s, %s, reads of %zu: no error", label, mode_name[mode], rsz);
    ok(n == len && memcmp(got, data, len) == 0,
       "%s, %s, reads of %zu: %zu bytes arrive once and in order (%zu)", label, mode_name[mode],
       rsz, len, n);
    is_int(sslite_memorybio_pending(k.p.s.in), 0, "%s: the incoming BIO is drained", label);
    is_int(sslite_object_pending(k.p.s.obj), 0, "%s: nothing left pending", label);
    {
        size_t want = g_zero_copy && aead && (mode == WHOLE || mode == HEADER_FIRST) ? fin : 0;
        is_int(sslite__memorybio_zero_copied(k.p.s.in, 0) - in0, want,
               "%s, %s: %zu body bytes decrypted from the BIO", label, mode_name[mode], want);
    }
    free(wire);
out:
    conn_close(&k);
    free(data);
    free(got);
}

/* The last byte of the first record (its tag, or CBC's padding) flipped:
 * the same SSLError on either path, and no byte of it read. */
static void corrupt(int tls13, const char *ciphers, const char *label, int aead)
{
    char msg[2][512];
    int err[2] = {0, 0};

    for (int m = 0; m < 2; m++) {
        int mode = m == 0 ? WHOLE : BYTES;
        conn k;
        unsigned char data[20000], got[20001], *wire;
        size_t wlen, n = 0, in0;

        fill(data, sizeof(data), 1);
        msg[m][0] = 0;
        if (conn_open(&k, tls13, ciphers) < 0) {
            ok(0, "%s: connection", label);
            conn_close(&k);
            continue;
        }
        sslite_object_write(k.p.c.obj, data, sizeof(data));
        wire = take(k.p.c.out, &wlen);
        wire[4 + (((size_t)wire[3] << 8) | wire[4])] ^= 0x40;
        in0 = sslite__memorybio_zero_copied(k.p.s.in, 0);
        err[m] = deliver(&k, wire, wlen, mode, got, sizeof(got), &n, 16384);
        snprintf(msg[m], sizeof(msg[m]), "%s", sslite_object_error(k.p.s.obj)->message);
        is_int(n, 0, "%s, %s: nothing of the bad record is read", label, mode_name[mode]);
        if (mode == WHOLE)
            is_int(sslite__memorybio_zero_copied(k.p.s.in, 0) > in0, g_zero_copy && aead,
                   "%s: the bad record took the %s path", label,
                   g_zero_copy && aead ? "fast" : "copy");
        free(wire);
        conn_close(&k);
    }
    is_int(err[0], SSLITE_ERR_SSL, "%s, bad record whole in a chunk: SSLError", label);
    is_int(err[1], SSLITE_ERR_SSL, "%s, bad record byte by byte: SSLError", label);
    is_str(msg[0], msg[1], "%s: the same message either way", label);
    ok(strstr(msg[0], "BAD_RECORD_MAC") != NULL || strstr(msg[0], "DECRYPTION") != NULL,
       "%s: a bad MAC (%s)", label, msg[0]);
}

/* read(1) and pending() over a record decrypted from the BIO. */
static void small_reads(void)
{
    conn k;
    unsigned char data[40000], got[40000], *wire;
    size_t wlen, n = 0;
    sslite_ssize_t r;

    fill(data, sizeof(data), 3);
    if (conn_open(&k, 1, NULL) < 0) {
        ok(0, "small reads: connection");
        conn_close(&k);
        return;
    }
    sslite_object_write(k.p.c.obj, data, sizeof(data));
    wire = take(k.p.c.out, &wlen);
    put(k.p.s.in, wire, wlen);
    r = sslite_object_read(k.p.s.obj, got, 1);
    is_int(r, 1, "read(1) of a record decrypted from the BIO");
    /* TLS 1.3: the body is the plaintext, its content type and a 16-byte tag. */
    is_int(sslite_object_pending(k.p.s.obj), (((size_t)wire[3] << 8) | wire[4]) - 17 - 1,
           "pending(): the rest of the first record");
    n = 1;
    while (n < sizeof(got)) {
        size_t before = sslite_object_pending(k.p.s.obj);
        r = sslite_object_read(k.p.s.obj, got + n, n % 3 == 0 ? 1 : 997);
        if (r <= 0)
            break;
        if (before >= (size_t)r && sslite_object_pending(k.p.s.obj) != before - (size_t)r)
            break;
        n += (size_t)r;
    }
    ok(n == sizeof(data) && memcmp(got, data, n) == 0, "small reads: all bytes, in order");
    /* close_notify after the data: b'' once it is read. */
    is_int(sslite_object_unwrap(k.p.c.obj), SSLITE_ERR_WANT_READ, "client unwrap: close_notify");
    free(wire);
    wire = take(k.p.c.out, &wlen);
    put(k.p.s.in, wire, wlen);
    is_int(sslite_object_read(k.p.s.obj, got, sizeof(got)), 0, "server: b'' after close_notify");
    free(wire);
    conn_close(&k);
}

/* Records under old and new keys in one chunk (TLS 1.3 KeyUpdate). */
static void key_update(void)
{
    conn k;
    static unsigned char data[50000], got[50001];
    unsigned char *wire;
    size_t wlen, n = 0, fin, fout, in0;

    fill(data, sizeof(data), 4);
    if (conn_open(&k, 1, NULL) < 0) {
        ok(0, "key update: connection");
        conn_close(&k);
        return;
    }
    for (int round = 0; round < 2; round++) {
        n = 0;
        sslite_object_write(k.p.c.obj, data, 20000);
        is_int(sslite_object_key_update(k.p.c.obj, 1), 0, "KeyUpdate (update_requested) queued");
        sslite_object_write(k.p.c.obj, data + 20000, sizeof(data) - 20000);
        wire = take(k.p.c.out, &wlen);
        records(wire, wlen, &fin, &fout);
        in0 = sslite__memorybio_zero_copied(k.p.s.in, 0);
        put(k.p.s.in, wire, wlen);
        is_int(drain(&k, got, sizeof(got), &n, 16384), 0, "key update %d: no error", round);
        ok(n == sizeof(data) && memcmp(got, data, n) == 0,
           "key update %d: data under both keys intact (%zu)", round, n);
        is_int(sslite__memorybio_zero_copied(k.p.s.in, 0) - in0, g_zero_copy ? fin : 0,
               "key update %d: the data records decrypted from the BIO", round);
        free(wire);
        /* The server's answering KeyUpdate to the client, and data back. */
        sslite_object_write(k.p.s.obj, data, 30000);
        pair_pump(&k.p);
        n = 0;
        while (n < 30000) {
            sslite_ssize_t r = sslite_object_read(k.p.c.obj, got + n, 30000 - n);
            if (r <= 0)
                break;
            n += (size_t)r;
        }
        ok(n == 30000 && memcmp(got, data, n) == 0, "key update %d: the reply intact", round);
    }
    conn_close(&k);
}

/* Many writes queued before the outgoing BIO is drained: order kept
 * between adopted and copied records. */
static void queued_writes(void)
{
    conn k;
    static unsigned char data[120000], got[120001];
    size_t sizes[] = {16384, 10, 20000, 1, 9000, 16384, 300, 40000};
    size_t off = 0, n = 0, wlen, fin, fout;
    unsigned char *wire;

    fill(data, sizeof(data), 5);
    if (conn_open(&k, 1, NULL) < 0) {
        ok(0, "queued writes: connection");
        conn_close(&k);
        return;
    }
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        sslite_object_write(k.p.c.obj, data + off, sizes[i]);
        off += sizes[i];
    }
    wire = take(k.p.c.out, &wlen);
    records(wire, wlen, &fin, &fout);
    is_int(sslite__memorybio_zero_copied(k.p.c.out, 1), g_zero_copy ? fout : 0,
           "queued writes: the full records adopted, between copied ones");
    put(k.p.s.in, wire, wlen);
    free(wire);
    drain(&k, got, sizeof(got), &n, 65536);
    ok(n == off && memcmp(got, data, off) == 0, "queued writes: %zu bytes in order (%zu)", off,
       n);
    conn_close(&k);
}

int main(void)
{
    static const size_t rsz[] = {1, 16384, 100000};
    diag("zero-copy record paths %s in this build", g_zero_copy ? "expected" : "absent");
    for (int mode = WHOLE; mode <= BYTES; mode++) {
        for (size_t i = 0; i < sizeof(rsz) / sizeof(rsz[0]); i++) {
            /* Byte-by-byte delivery with 1-byte reads is slow and adds nothing. */
            size_t len = mode == BYTES ? 34000 : 70000;
            transfer(1, NULL, "TLS 1.3", mode, len, 16384, rsz[i], 1);
        }
    }
    for (int mode = WHOLE; mode <= BYTES; mode++) {
        transfer(0, "ECDHE-ECDSA-AES256-GCM-SHA384", "TLS 1.2 AES-GCM", mode, 70000, 16384,
                 16384, 1);
        transfer(0, "ECDHE-ECDSA-CHACHA20-POLY1305", "TLS 1.2 ChaCha20", mode, 70000, 16384,
                 16384, 1);
        transfer(0, "ECDHE-ECDSA-AES128-CCM", "TLS 1.2 AES-CCM", mode, 70000, 16384, 16384, 1);
        transfer(0, "ECDHE-ECDSA-AES128-SHA256", "TLS 1.2 CBC", mode, 70000, 16384, 16384, 0);
    }
    /* Writes of every size, including around the 512-byte threshold. */
    transfer(1, NULL, "TLS 1.3, writes of 511", WHOLE, 20000, 511, 16384, 1);
    transfer(1, NULL, "TLS 1.3, writes of 1000", WHOLE, 20000, 1000, 7, 1);
    corrupt(1, NULL, "TLS 1.3", 1);
    corrupt(0, "ECDHE-ECDSA-AES256-GCM-SHA384", "TLS 1.2 AES-GCM", 1);
    corrupt(0, "ECDHE-ECDSA-AES128-SHA256", "TLS 1.2 CBC", 0);
    small_reads();
    key_update();
    queued_writes();
    return done_testing();
}
