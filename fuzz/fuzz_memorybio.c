/*
 * libFuzzer target: the input is a program of MemoryBIO operations (write,
 * read, peek/consume, reserve/commit, write_eof) checked against a flat
 * reference queue: order, counts, pending and eof must always agree.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sslite/sslite.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REF_MAX (1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static unsigned char ref[REF_MAX], buf[70000];
    size_t head = 0, tail = 0, i = 0;
    int eof = 0;
    sslite_memorybio *b = sslite_memorybio_new();

    if (b == NULL)
        abort();
    while (i + 3 <= size) {
        unsigned op = data[i] % 6;
        size_t n = ((size_t)data[i + 1] << 8 | data[i + 2]) * (data[i] & 0x80 ? 4 : 1);
        i += 3;
        if (n > sizeof(buf))
            n = sizeof(buf);
        switch (op) {
        case 0: /* write n bytes of a pattern */
        case 1: {
            ssize_t r;
            if (tail + n > REF_MAX)
                break;
            for (size_t k = 0; k < n; k++)
                buf[k] = (unsigned char)(tail + k);
            r = sslite_memorybio_write(b, buf, n);
            if (eof ? r != SSLITE_ERR_SSL : r != (ssize_t)n)
                abort();
            if (!eof) {
                memcpy(ref + tail, buf, n);
                tail += n;
            }
            break;
        }
        case 2: { /* read(n), n < 0 when the top bit of the count is set */
            ssize_t want = data[i - 2] & 0x80 ? -1 : (ssize_t)n;
            ssize_t r = sslite_memorybio_read(b, buf, want, sizeof(buf));
            size_t exp = tail - head;
            if (want >= 0 && (size_t)want < exp)
                exp = (size_t)want;
            if (exp > sizeof(buf))
                exp = sizeof(buf);
            if (r != (ssize_t)exp || memcmp(buf, ref + head, exp) != 0)
                abort();
            head += exp;
            break;
        }
        case 3: { /* peek, then consume part of it */
            size_t len, k;
            const unsigned char *p = sslite_memorybio_peek(b, &len);
            if ((p == NULL) != (tail == head) || len > tail - head ||
                (p != NULL && (len == 0 || memcmp(p, ref + head, len) != 0)))
                abort();
            k = len < n ? len : n;
            if (sslite_memorybio_consume(b, k) != 0)
                abort();
            head += k;
            if (sslite_memorybio_consume(b, tail - head + 1) != SSLITE_ERR_VALUE)
                abort();
            break;
        }
        case 4: { /* reserve n, commit part of it */
            unsigned char *w = sslite_memorybio_reserve(b, n);
            size_t k = n / 2;
            if (eof) {
                if (w != NULL)
                    abort();
                break;
            }
            if (w == NULL || tail + k > REF_MAX) {
                if (w == NULL)
                    abort();
                break;
            }
            for (size_t j = 0; j < k; j++)
                w[j] = ref[tail + j] = (unsigned char)(tail * 7 + j);
            if (sslite_memorybio_commit(b, k) != 0)
                abort();
            tail += k;
            break;
        }
        default:
            if (data[i - 1] == 0xEE) {
                sslite_memorybio_write_eof(b);
                eof = 1;
            }
            break;
        }
        if (sslite_memorybio_pending(b) != tail - head ||
            sslite_memorybio_eof(b) != (eof && tail == head))
            abort();
    }
    sslite_memorybio_free(b);
    return 0;
}
