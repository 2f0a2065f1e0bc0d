/* Module level: versions, HAS_* constants, RAND_bytes/RAND_status/
 * RAND_add, and fork safety (a child never repeats its parent's bytes). */
#include <sys/wait.h>
#include "socket_util.h"

static void test_versions_and_constants(void)
{
    char want[32];
    is_str(sslite_backend_version(), "Mbed TLS 3.6.7", "backend version (ssl.OPENSSL_VERSION)");
    is_int(sslite_backend_version_number(), 0x03060700, "backend version number");
    snprintf(want, sizeof(want), "%d.%d.%d", SSLITE_VERSION_MAJOR, SSLITE_VERSION_MINOR,
             SSLITE_VERSION_PATCH);
    is_str(sslite_version(), want, "sslite version");
    is_str(sslite_version(), SSLITE_VERSION_STRING, "SSLITE_VERSION_STRING");
    is_int(SSLITE_HAS_TLSv1_2, 1, "HAS_TLSv1_2");
    is_int(SSLITE_HAS_TLSv1_3, 1, "HAS_TLSv1_3 (Mbed TLS 3.6 with our configuration)");
    is_int(SSLITE_HAS_TLSv1, 0, "HAS_TLSv1 (not in Mbed TLS 3.6)");
    is_int(SSLITE_HAS_TLSv1_1, 0, "HAS_TLSv1_1");
    is_int(SSLITE_HAS_SSLv2, 0, "HAS_SSLv2");
    is_int(SSLITE_HAS_SSLv3, 0, "HAS_SSLv3");
    is_int(SSLITE_HAS_SNI, 1, "HAS_SNI");
    is_int(SSLITE_HAS_ALPN, 1, "HAS_ALPN");
    is_int(SSLITE_HAS_ECDH, 1, "HAS_ECDH");
    is_int(SSLITE_HAS_NPN, 0, "HAS_NPN (CPython 3.13: False)");
    is_int(SSLITE_HAS_NEVER_CHECK_COMMON_NAME, 1, "HAS_NEVER_CHECK_COMMON_NAME");
    is_int(SSLITE_HAS_PHA, 0, "HAS_PHA (no post-handshake auth in Mbed TLS)");
    is_int(SSLITE_OP_ALL, 0x80000050, "OP_ALL as OpenSSL 3");
    is_int(SSLITE_PROTOCOL_TLS_CLIENT, 16, "PROTOCOL_TLS_CLIENT");
    is_int(SSLITE_TLSVersion_MAXIMUM_SUPPORTED, -1, "TLSVersion.MAXIMUM_SUPPORTED");
}

static int all_same(const unsigned char *a, const unsigned char *b, size_t n)
{
    return memcmp(a, b, n) == 0;
}

static void test_rand(void)
{
    unsigned char a[64], b[64], big[100000], zero[64];
    sslite_error err;
    size_t i, zeros = 0;

    is_int(sslite_RAND_status(), 1, "RAND_status() 1");
    is_int(sslite_RAND_bytes(a, sizeof(a), &err), 0, "RAND_bytes(64)");
    is_int(sslite_RAND_bytes(b, sizeof(b), &err), 0, "RAND_bytes(64) again");
    ok(!all_same(a, b, sizeof(a)), "two draws differ");
    memset(zero, 0, sizeof(zero));
    ok(!all_same(a, zero, sizeof(a)), "not all zero");
    is_int(sslite_RAND_bytes(big, sizeof(big), &err), 0, "RAND_bytes(100000): past one DRBG request");
    for (i = 0; i < sizeof(big); i++)
        zeros += big[i] == 0;
    ok(zeros > 100 && zeros < 1000, "byte distribution plausible (%zu zeros in 100000)", zeros);
    is_int(sslite_RAND_bytes(a, 0, &err), 0, "RAND_bytes(0)");
    sslite_RAND_add("some seed", 9, 2.0);
    sslite_RAND_add(NULL, 0, 0.0);
    is_int(sslite_RAND_bytes(a, sizeof(a), &err), 0, "RAND_bytes after RAND_add");
}

static void test_fork(void)
{
    unsigned char parent[32], child[32], before[32];
    sslite_error err;
    int fds[2], status, k;
    pid_t pid;

    /* Draw once so the generator state exists before fork(). */
    sslite_RAND_bytes(before, sizeof(before), &err);
    for (k = 0; k < 2; k++) {
        if (pipe(fds) < 0)
            die("pipe", strerror(errno));
        pid = fork();
        if (pid == 0) {
            unsigned char c[32];
            close(fds[0]);
            if (sslite_RAND_bytes(c, sizeof(c), NULL) != 0)
                memset(c, 0, sizeof(c));
            if (write(fds[1], c, sizeof(c)) != (ssize_t)sizeof(c))
                _exit(2);
            _exit(0);
        }
        close(fds[1]);
        /* k == 0: the parent draws first; k == 1: the child does. */
        if (k == 0)
            sslite_RAND_bytes(parent, sizeof(parent), &err);
        ok(read(fds[0], child, sizeof(child)) == (ssize_t)sizeof(child), "child's bytes (%s first)",
           k == 0 ? "parent" : "child");
        if (k == 1)
            sslite_RAND_bytes(parent, sizeof(parent), &err);
        close(fds[0]);
        waitpid(pid, &status, 0);
        ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child exited cleanly");
        ok(!all_same(parent, child, sizeof(parent)), "parent and child draw different bytes");
    }
}

int main(void)
{
    test_versions_and_constants();
    test_rand();
    test_fork();
    return done_testing();
}
