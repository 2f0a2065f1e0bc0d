/* A MemoryBIO driven by a script on stdin, one operation per line, for the
 * differential test against Python's ssl.MemoryBIO (memorybio_vs_python.py):
 *   w <hex>   write       e   write_eof     r <n>   read(n)
 * After each line prints: "<result> <pending> <eof>", where result is the
 * return value (hex for read, the count for write) or the error type name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sslite/sslite.h>

int main(void)
{
    sslite_memorybio *b = sslite_memorybio_new();
    static char line[200000];
    static unsigned char data[100000];

    while (fgets(line, sizeof(line), stdin) != NULL) {
        char op = line[0];
        if (op == 'w') {
            size_t n = 0;
            for (const char *p = line + 2; p[0] && p[1] && p[0] != '\n'; p += 2)
                sscanf(p, "%2hhx", &data[n++]);
            ssize_t r = sslite_memorybio_write(b, data, n);
            if (r < 0)
                printf("%s", sslite_errtype_name((int)r));
            else
                printf("%zd", r);
        } else if (op == 'e') {
            sslite_memorybio_write_eof(b);
            printf("None");
        } else if (op == 'r') {
            long n = strtol(line + 2, NULL, 10);
            ssize_t r = sslite_memorybio_read(b, data, n, sizeof(data));
            printf("b");
            for (ssize_t i = 0; i < r; i++)
                printf("%02x", data[i]);
        }
        printf(" %zu %d\n", sslite_memorybio_pending(b), sslite_memorybio_eof(b));
    }
    sslite_memorybio_free(b);
    return 0;
}
