/*
 * sslite benchmarks: one interface over three TLS stacks (sslite, raw Mbed
 * TLS, OpenSSL) so the same driver measures all of them the same way.
 *
 * Every connection is a pair (client, server) over a non-blocking
 * AF_UNIX socketpair, driven by one thread that alternates between the two
 * ends.  That measures the CPU cost of both ends together, free of thread
 * scheduling, and runs unchanged under callgrind.
 */
#ifndef SSLITE_BENCH_H
#define SSLITE_BENCH_H

#include <stddef.h>

/* Return values of the handshake/read/write operations. */
#define BENCH_DONE 0
#define BENCH_AGAIN 1  /* would block: call again after the peer moved */
#define BENCH_FAIL (-1)

typedef enum { BENCH_KEY_EC, BENCH_KEY_RSA } bench_key;
typedef enum { BENCH_CIPHER_DEFAULT, BENCH_CIPHER_AES256GCM, BENCH_CIPHER_CHACHA20 } bench_cipher;

typedef struct bench_cfg {
    int tls13;            /* 1: TLS 1.3 only; 0: TLS 1.2 only */
    bench_key key;        /* the server's certificate */
    bench_cipher cipher;  /* TLS 1.2 only: the suite the client offers */
    const char *certdir;  /* test/certs/make-certs.sh output */
    /* Resumption rows: the client keeps its session serialized (bytes, as
     * it would in a file across a restart) and each connection loads it;
     * no_dhe sets SSL_OP_ALLOW_NO_DHE_KEX (TLS 1.3 psk_ke) on both ends. */
    int saved;
    int no_dhe;
} bench_cfg;

typedef struct bench_stack {
    const char *name;
    /* NULL if the stack can run cfg, else a short reason ("no set_ciphers"). */
    const char *(*unsupported)(const bench_cfg *cfg);
    /* Client and server contexts for cfg; NULL on failure (reason printed). */
    void *(*setup)(const bench_cfg *cfg);
    void (*teardown)(void *st); /* NULL-safe */
    /* A connection over fd (ownership passes to the connection).  A client
     * offers the session kept by save_session() when resume is set. */
    void *(*conn_new)(void *st, int fd, int server, int resume);
    void (*conn_free)(void *conn); /* NULL-safe; closes the fd */
    int (*handshake)(void *conn);  /* BENCH_DONE, BENCH_AGAIN or BENCH_FAIL */
    /* Bytes moved (> 0), 0 for would-block, BENCH_FAIL on error or EOF. */
    long (*write)(void *conn, const void *buf, size_t len);
    long (*read)(void *conn, void *buf, size_t len);
    int (*session_reused)(void *conn); /* client side, after the handshake */
    /* Client side, after application data was read (TLS 1.3 tickets come
     * after the handshake): keep this connection's session for resumption. */
    void (*save_session)(void *st, void *conn);
    /* "TLSv1.3 TLS_AES_256_GCM_SHA384" into buf. */
    void (*describe)(void *conn, char *buf, size_t n);
} bench_stack;

extern const bench_stack bench_sslite;
extern const bench_stack bench_sslite_object; /* SSLObject + MemoryBIO */
extern const bench_stack bench_mbedtls;
#ifdef BENCH_HAVE_OPENSSL
extern const bench_stack bench_openssl;
#endif

/* "<certdir>/<name>" in a rotating static buffer. */
const char *bench_path(const bench_cfg *cfg, const char *name);
/* Print an error line "# <stack>: <what>" to stderr. */
void bench_fail(const char *stack, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Heap accounting (malloc.c).  The driver says which end is running so
 * allocations are charged to it; counting is off unless enabled. */
enum { BENCH_SIDE_OTHER, BENCH_SIDE_CLIENT, BENCH_SIDE_SERVER };
typedef struct bench_heap {
    long long live[3];  /* bytes allocated minus freed, per side */
    long long peak;     /* highest sum of live[] since the last reset */
    long long calls;    /* malloc/calloc/realloc calls */
} bench_heap;
extern int bench_heap_available; /* 0 when built without the interposer */
void bench_heap_enable(int on);
void bench_heap_side(int side);
void bench_heap_get(bench_heap *out);
void bench_heap_reset_peak(void);

#endif /* SSLITE_BENCH_H */
