/* MemoryBIO semantics, as CPython's ssl.MemoryBIO (checked against python3
 * on the build machine), plus the zero-copy peek/consume and
 * reserve/commit pair and a large interleaved workload. */
#include <stdint.h>
#include "tap.h"
#include <sslite/sslite.h>

static void test_basics(void)
{
    sslite_memorybio *b = sslite_memorybio_new();
    char buf[64];

    is_int(sslite_memorybio_pending(b), 0, "new: pending 0");
    is_int(sslite_memorybio_eof(b), 0, "new: eof False");
    is_int(sslite_memorybio_write(b, "hello", 5), 5, "write returns the length");
    is_int(sslite_memorybio_write(b, "", 0), 0, "write(b'') returns 0");
    is_int(sslite_memorybio_pending(b), 5, "pending 5");
    is_int(sslite_memorybio_read(b, buf, 0, sizeof(buf)), 0, "read(0) is b''");
    is_int(sslite_memorybio_read(b, buf, 2, sizeof(buf)), 2, "read(2)");
    ok(memcmp(buf, "he", 2) == 0, "the first two bytes");
    is_int(sslite_memorybio_read(b, buf, -5, sizeof(buf)), 3, "read(-5) reads all");
    ok(memcmp(buf, "llo", 3) == 0, "the rest");
    is_int(sslite_memorybio_read(b, buf, -1, sizeof(buf)), 0, "read() when empty: b''");
    is_int(sslite_memorybio_eof(b), 0, "empty but no write_eof: eof False");

    sslite_memorybio_write(b, "abc", 3);
    sslite_memorybio_write_eof(b);
    is_int(sslite_memorybio_eof(b), 0, "write_eof with data pending: eof False");
    is_int(sslite_memorybio_pending(b), 3, "pending still 3");
    is_int(sslite_memorybio_write(b, "x", 1), SSLITE_ERR_SSL, "write after write_eof: SSLError");
    is_str(sslite_memorybio_error(b)->message, "('cannot write() after write_eof()',)",
           "str() as CPython's (one-argument SSLError)");
    is_int(sslite_memorybio_error(b)->errnum, 0, "errno None");
    is_int(sslite_memorybio_write(b, "", 0), SSLITE_ERR_SSL, "even write(b'')");
    is_int(sslite_memorybio_read(b, buf, 10, 2), 2, "read never exceeds the buffer");
    is_int(sslite_memorybio_read(b, buf, -1, sizeof(buf)), 1, "then the last byte");
    is_int(sslite_memorybio_eof(b), 1, "drained after write_eof: eof True");
    sslite_memorybio_write_eof(b);
    is_int(sslite_memorybio_eof(b), 1, "write_eof twice is fine");
    ok(sslite_memorybio_reserve(b, 10) == NULL, "reserve after write_eof fails");
    is_int(sslite_memorybio_error(b)->type, SSLITE_ERR_SSL, "with the same SSLError");

    ok(sslite_memorybio_ref(b) == b, "ref");
    sslite_memorybio_free(b);
    is_int(sslite_memorybio_pending(b), 0, "still alive after one free");
    sslite_memorybio_free(b);
    sslite_memorybio_free(NULL);
}

static void test_zero_copy(void)
{
    sslite_memorybio *b = sslite_memorybio_new();
    const unsigned char *p;
    unsigned char *w;
    size_t n;
    char buf[16];

    ok(sslite_memorybio_peek(b, &n) == NULL && n == 0, "peek on empty: NULL, 0");
    is_int(sslite_memorybio_commit(b, 0), 0, "commit(0) with nothing reserved is a no-op");
    is_int(sslite_memorybio_consume(b, 0), 0, "consume(0) on empty is a no-op");
    w = sslite_memorybio_reserve(b, 100);
    ok(w != NULL, "reserve(100)");
    memcpy(w, "0123456789", 10);
    is_int(sslite_memorybio_pending(b), 0, "reserved bytes are not pending");
    is_int(sslite_memorybio_commit(b, 10), 0, "commit(10)");
    is_int(sslite_memorybio_pending(b), 10, "now pending");
    is_int(sslite_memorybio_commit(b, 1), SSLITE_ERR_VALUE, "commit without reserve: ValueError");
    p = sslite_memorybio_peek(b, &n);
    ok(p != NULL && n == 10 && memcmp(p, "0123456789", 10) == 0, "peek sees them in place");
    is_int(sslite_memorybio_consume(b, 4), 0, "consume(4)");
    is_int(sslite_memorybio_consume(b, 7), SSLITE_ERR_VALUE, "consume past pending: ValueError");
    is_int(sslite_memorybio_read(b, buf, -1, sizeof(buf)), 6, "read the rest");
    ok(memcmp(buf, "456789", 6) == 0, "in order");
    /* A reservation bigger than a chunk gets its own. */
    w = sslite_memorybio_reserve(b, 100000);
    ok(w != NULL, "reserve(100000)");
    memset(w, 'z', 100000);
    is_int(sslite_memorybio_commit(b, 100000), 0, "commit(100000)");
    p = sslite_memorybio_peek(b, &n);
    ok(p != NULL && n == 100000 && p[0] == 'z' && p[99999] == 'z', "contiguous");
    is_int(sslite_memorybio_consume(b, 100000), 0, "consume all");
    is_int(sslite_memorybio_pending(b), 0, "empty");
    sslite_memorybio_free(b);
}

static unsigned char pat(uint64_t i)
{
    return (unsigned char)((i * 0x9E3779B97F4A7C15ull) >> 57);
}

/* Random-sized writes and reads through many chunk boundaries. */
static void test_workload(void)
{
    sslite_memorybio *b = sslite_memorybio_new();
    static unsigned char buf[70000];
    uint64_t wpos = 0, rpos = 0, rng = 12345;
    int bad = 0;

    for (int round = 0; round < 20000 && !bad; round++) {
        size_t n;
        rng = rng * 6364136223846793005ull + 1442695040888963407ull;
        n = (size_t)(rng >> 33) % (round % 7 == 0 ? sizeof(buf) : 300);
        if ((rng >> 20) & 1) {
            for (size_t i = 0; i < n; i++)
                buf[i] = pat(wpos + i);
            if (sslite_memorybio_write(b, buf, n) != (ssize_t)n)
                bad = 1;
            wpos += n;
        } else {
            ssize_t got = sslite_memorybio_read(b, buf, (ssize_t)n, sizeof(buf));
            for (ssize_t i = 0; i < got; i++)
                if (buf[i] != pat(rpos + (uint64_t)i))
                    bad = 1;
            rpos += (uint64_t)got;
        }
        if (sslite_memorybio_pending(b) != wpos - rpos)
            bad = 1;
    }
    ok(!bad, "20000 random writes and reads keep order and count (%llu bytes written)",
       (unsigned long long)wpos);
    sslite_memorybio_free(b);
}

int main(void)
{
    test_basics();
    test_zero_copy();
    test_workload();
    return done_testing();
}
