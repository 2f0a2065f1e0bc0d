/* The allocator hooks and the arena (<sslite/alloc.h>).  They freeze at
 * the first use, so each mode runs in its own process: test_alloc MODE.
 *
 * With SYSTEM_MALLOC_COUNTED (glibc, no sanitizer: meson decides) this
 * program defines malloc and friends itself, counting and forwarding to
 * glibc's __libc_* entry points, so every library in the process calls
 * them: the arena mode proves that nothing — sslite, Mbed TLS, stdio —
 * reaches the system heap once the arena is set.  The PKI is read before
 * that, into static buffers, and stdout is unbuffered (stdio allocates a
 * buffered stream's buffer on first use).  glibc's gmtime_r(), which
 * Mbed TLS calls to check validity dates, loads the time zone once per
 * process (strdup, fopen): that is done up front too, with tzset(). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sslite/sslite.h>
#include "tap.h"

#ifdef SYSTEM_MALLOC_COUNTED
void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t n);
void __libc_free(void *p);

static int counting;
static long sys_allocs, sys_frees;

void *malloc(size_t n)
{
    sys_allocs += counting;
    return __libc_malloc(n);
}
void *calloc(size_t n, size_t size)
{
    sys_allocs += counting;
    return __libc_calloc(n, size);
}
void *realloc(void *p, size_t n)
{
    sys_allocs += counting;
    return __libc_realloc(p, n);
}
void free(void *p)
{
    sys_frees += counting && p != NULL;
    __libc_free(p);
}
#endif

/* ---- the PKI, read up front into static buffers ---- */
static char server_cert[1 << 14], server_key[1 << 14], ca_pem[1 << 14];
static size_t server_cert_len, server_key_len, ca_len;

static size_t slurp(const char *name, char *buf, size_t cap)
{
    char path[1024];
    const char *dir = getenv("SSLITE_TEST_CERTS");
    FILE *f;
    size_t n;

    snprintf(path, sizeof(path), "%s/%s", dir ? dir : "test/certs/pki", name);
    f = fopen(path, "rb");
    if (f == NULL) {
        printf("Bail out! cannot read %s\n", path);
        exit(1);
    }
    n = fread(buf, 1, cap - 1, f);
    fclose(f);
    return n;
}

static void read_pki(void)
{
    server_cert_len = slurp("server-ec.pem", server_cert, sizeof(server_cert));
    server_key_len = slurp("server-ec.key", server_key, sizeof(server_key));
    ca_len = slurp("ca.pem", ca_pem, sizeof(ca_pem));
}

/* The two contexts; NULL and the error in *err when one cannot be made. */
static int make_contexts(sslite_context **cc, sslite_context **sc, sslite_error *err)
{
    *cc = *sc = NULL;
    if ((*sc = sslite_context_new(SSLITE_PROTOCOL_TLS_SERVER, err)) == NULL)
        return err->type;
    if (sslite_context_load_cert_chain_data(*sc, server_cert, server_cert_len, server_key,
                                            server_key_len, NULL, NULL, NULL) < 0) {
        *err = *sslite_context_error(*sc);
        return err->type;
    }
    if ((*cc = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, err)) == NULL)
        return err->type;
    if (sslite_context_load_verify_locations(*cc, NULL, NULL, ca_pem, ca_len,
                                             SSLITE_CADATA_PEM) < 0) {
        *err = *sslite_context_error(*cc);
        return err->type;
    }
    return 0;
}

/* Every byte of `from` into `to`; -1 when `to` could not take them (out of
 * memory in a small arena: the bytes would be lost, and the peer would read
 * a stream with a hole), its error in *err. */
static int move(sslite_memorybio *from, sslite_memorybio *to, sslite_error *err)
{
    static unsigned char buf[16384];
    sslite_ssize_t n;
    while ((n = sslite_memorybio_read(from, buf, sizeof(buf), sizeof(buf))) > 0)
        if (sslite_memorybio_write(to, buf, (size_t)n) != n) {
            *err = *sslite_memorybio_error(to);
            return -1;
        }
    return 0;
}

/* A client and a server SSLObject over MemoryBIOs at TLS version `version`:
 * a handshake, then `bulk` bytes each way.  0, or the first error's type
 * (its text in *err). */
static int session(sslite_context *cctx, sslite_context *sctx, int version, size_t bulk,
                   sslite_error *err)
{
    static unsigned char out[16384], in[16384];
    sslite_memorybio *ci = sslite_memorybio_new(), *co = sslite_memorybio_new();
    sslite_memorybio *si = sslite_memorybio_new(), *so = sslite_memorybio_new();
    sslite_object *c = NULL, *s = NULL;
    int rc = SSLITE_ERR_MEMORY, rs = SSLITE_ERR_WANT_READ, i, dir;
    const char *want;

    memset(err, 0, sizeof(*err));
    err->type = SSLITE_ERR_MEMORY;
    if (ci == NULL || co == NULL || si == NULL || so == NULL)
        goto out;
    sslite_context_set_maximum_version(cctx, version);
    c = sslite_context_wrap_bio(cctx, ci, co, 0, "localhost", NULL, err);
    if (c == NULL)
        goto out_type;
    s = sslite_context_wrap_bio(sctx, si, so, 1, NULL, NULL, err);
    if (s == NULL)
        goto out_type;
    for (i = 0; i < 50; i++) {
        rc = sslite_object_do_handshake(c);
        if (move(co, si, err) < 0)
            goto out_type;
        if (rs == SSLITE_ERR_WANT_READ)
            rs = sslite_object_do_handshake(s);
        if (move(so, ci, err) < 0)
            goto out_type;
        if (rs < 0 && rs != SSLITE_ERR_WANT_READ) {
            *err = *sslite_object_error(s);
            rc = rs;
            goto out;
        }
        if (rc != SSLITE_ERR_WANT_READ && rc != SSLITE_ERR_WANT_WRITE)
            break;
    }
    if (rc < 0) {
        *err = *sslite_object_error(c);
        goto out;
    }
    if (rs == SSLITE_ERR_WANT_READ)
        rs = sslite_object_do_handshake(s); /* TLS 1.2: the server's last flight was read */
    want = version == SSLITE_TLSVersion_TLSv1_3 ? "TLSv1.3" : "TLSv1.2";
    if (sslite_object_version(c) == NULL || strcmp(sslite_object_version(c), want) != 0) {
        rc = SSLITE_ERR_VALUE;
        snprintf(err->message, sizeof(err->message), "negotiated %s, not %s",
                 sslite_object_version(c) ? sslite_object_version(c) : "nothing", want);
        goto out;
    }
    /* Bulk: the client sends, the server reads; then the other way. */
    for (dir = 0; dir < 2; dir++) {
        sslite_object *w = dir ? s : c, *r = dir ? c : s;
        sslite_memorybio *wo = dir ? so : co, *ri = dir ? ci : si;
        size_t sent = 0, got = 0;
        while (got < bulk) {
            if (sent < bulk) {
                size_t k = bulk - sent < sizeof(out) ? bulk - sent : sizeof(out);
                memset(out, (int)(sent / 997), k);
                sslite_ssize_t n = sslite_object_write(w, out, k);
                if (n < 0) {
                    *err = *sslite_object_error(w);
                    rc = (int)n;
                    goto out;
                }
                sent += (size_t)n;
            }
            if (move(wo, ri, err) < 0)
                goto out_type;
            for (;;) {
                sslite_ssize_t n = sslite_object_read(r, in, sizeof(in));
                if (n == SSLITE_ERR_WANT_READ)
                    break;
                if (n <= 0) {
                    *err = *sslite_object_error(r);
                    rc = n < 0 ? (int)n : SSLITE_ERR_EOF;
                    goto out;
                }
                got += (size_t)n;
            }
        }
    }
    rc = 0;
    goto out;
out_type:
    rc = err->type;
out:
    sslite_object_free(c);
    sslite_object_free(s);
    sslite_memorybio_free(ci);
    sslite_memorybio_free(co);
    sslite_memorybio_free(si);
    sslite_memorybio_free(so);
    return rc;
}

#define BULK (300 * 1024)

/* Handshakes at TLS 1.3 and 1.2, each with a bulk transfer both ways. */
static void run_sessions(const char *label)
{
    sslite_context *cc, *sc;
    sslite_error err;
    int r = make_contexts(&cc, &sc, &err);

    is_int(r, 0, "%s: contexts made (%s)", label, err.message);
    if (r == 0) {
        r = session(cc, sc, SSLITE_TLSVersion_TLSv1_3, BULK, &err);
        is_int(r, 0, "%s: TLS 1.3 handshake and %d KiB each way (%s)", label, BULK / 1024,
               r ? err.message : "ok");
        if (SSLITE_HAS_TLSv1_2) {
            r = session(cc, sc, SSLITE_TLSVersion_TLSv1_2, BULK, &err);
            is_int(r, 0, "%s: TLS 1.2 handshake and %d KiB each way (%s)", label, BULK / 1024,
                   r ? err.message : "ok");
        }
    }
    sslite_context_free(cc);
    sslite_context_free(sc);
}

/* ---- the arena ---- */
static unsigned char arena[1 << 20];

static void mode_arena(void)
{
    sslite_error err;
    size_t used, peak, size;

#ifdef SYSTEM_MALLOC_COUNTED
    counting = 1;
#endif
    is_int(sslite_set_arena(arena, sizeof(arena), &err), 0, "a 1 MiB arena is set");
    run_sessions("arena");
    sslite_arena_usage(&used, &peak, &size);
    ok(peak > 0 && peak <= size, "the arena served them: peak %zu of %zu bytes, %zu in use after",
       peak, size, used);
    if (sslite_alloc_covers_tls())
        ok(used < 64 * 1024, "freed objects went back: %zu bytes stay (Mbed TLS's and the "
           "generator's global state)", used);
#ifdef SYSTEM_MALLOC_COUNTED
    counting = 0;
    if (sslite_alloc_covers_tls())
        is_int(sys_allocs, 0, "no system malloc/calloc/realloc after the arena was set");
    else
        ok(1, "# SKIP this Mbed TLS allocates from the C library (no PLATFORM_MEMORY)");
    is_int(sys_frees, 0, "and no system free");
#else
    ok(1, "# SKIP system allocations not counted in this build (sanitizer or not glibc)");
#endif
    is_int(sslite_set_arena(arena, sizeof(arena), &err), SSLITE_ERR_VALUE,
           "setting it again is ValueError");
}

/* Too small: MemoryError where the memory ran out, and nothing breaks. */
static void mode_arena_small(size_t len)
{
    sslite_error err;
    sslite_context *cc, *sc;
    int r;

    is_int(sslite_set_arena(arena, len, &err), 0, "a %zu-byte arena is set", len);
    r = make_contexts(&cc, &sc, &err);
    if (r == 0) {
        r = session(cc, sc, SSLITE_TLSVersion_TLSv1_3, BULK, &err);
        ok(r != 0, "the connection fails in a %zu-byte arena", len);
    } else {
        ok(1, "contexts cannot be made in a %zu-byte arena", len);
    }
    is_int(err.type, SSLITE_ERR_MEMORY, "with MemoryError: %s", err.message);
    sslite_context_free(cc);
    sslite_context_free(sc);
    /* Everything given back: the arena still serves what fits. */
    {
        sslite_memorybio *b = sslite_memorybio_new();
        ok(b != NULL && sslite_memorybio_write(b, "x", 1) == 1, "small allocations still work");
        sslite_memorybio_free(b);
    }
}

/* ---- allocator hooks ---- */
static long h_calloc, h_realloc, h_free, h_outstanding;

static void *hk_calloc(void *ud, size_t n, size_t size)
{
    void *p;
    (void)ud;
    h_calloc++;
    p = calloc(n ? n : 1, size ? size : 1);
    h_outstanding += p != NULL;
    return p;
}
static void *hk_realloc(void *ud, void *p, size_t size)
{
    void *q;
    (void)ud;
    h_realloc++;
    q = realloc(p, size ? size : 1);
    h_outstanding += p == NULL && q != NULL;
    return q;
}
static void hk_free(void *ud, void *p)
{
    (void)ud;
    h_free += p != NULL;
    h_outstanding -= p != NULL;
    free(p);
}

static void mode_hooks(void)
{
    static int tag;
    sslite_allocator a = {hk_calloc, hk_realloc, hk_free, &tag}, bad = a;
    sslite_error err;
    unsigned char rnd[16];
    long base, before;

    bad.realloc = NULL;
    is_int(sslite_set_allocator(&bad, &err), SSLITE_ERR_VALUE, "hooks without realloc: ValueError");
    is_int(sslite_set_allocator(NULL, &err), SSLITE_ERR_VALUE, "NULL hooks: ValueError");
    is_int(sslite_set_allocator(&a, &err), 0, "allocator hooks are set");
#ifdef SYSTEM_MALLOC_COUNTED
    counting = 1;
#endif
    /* The library's global state is made at the first use, and kept. */
    is_int(sslite_RAND_bytes(rnd, sizeof(rnd), &err), 0, "the library initialises");
    base = h_outstanding;
    if (sslite_alloc_covers_tls())
        ok(base > 0, "Mbed TLS's global state came from the hooks: %ld blocks", base);
    before = h_calloc + h_realloc;
    run_sessions("hooks");
    ok(h_calloc + h_realloc > before, "the hooks served the connections (%ld calloc, %ld realloc, "
       "%ld free)", h_calloc, h_realloc, h_free);
    /* The first connections grow global state that stays: PSA's key store
     * makes its first slice of key slots on the first key and keeps it
     * (MBEDTLS_PSA_KEY_STORE_DYNAMIC).  Measured: 1 block. */
    ok(h_outstanding >= base && h_outstanding <= base + 2,
       "after the first connections, %ld blocks stay beside the %ld of the initialisation",
       h_outstanding - base, base);
    base = h_outstanding;
    run_sessions("hooks, again");
    is_int(h_outstanding, base, "every block of later connections is freed (%ld stay, the "
           "global state)", base);
#ifdef SYSTEM_MALLOC_COUNTED
    counting = 0;
    /* The hooks call the system heap; anything more came around them. */
    if (sslite_alloc_covers_tls())
        is_int(sys_allocs, h_calloc + h_realloc, "every allocation went through the hooks");
#endif
    is_int(sslite_set_allocator(&a, &err), SSLITE_ERR_VALUE, "setting them again is ValueError");
    is_int(sslite_set_arena(arena, sizeof(arena), &err), SSLITE_ERR_VALUE,
           "and so is an arena afterwards");
}

/* Too late: after sslite allocated, the source cannot change. */
static void mode_late(void)
{
    sslite_error err;
    sslite_memorybio *b = sslite_memorybio_new();
    sslite_allocator a = {hk_calloc, hk_realloc, hk_free, NULL};

    is_int(sslite_set_arena(arena, sizeof(arena), &err), SSLITE_ERR_VALUE,
           "an arena after the first allocation is ValueError");
    ok(strstr(err.message, "before the first use") != NULL, "with a clear message: %s", err.message);
    is_int(sslite_set_allocator(&a, &err), SSLITE_ERR_VALUE, "so are hooks");
    is_int(sslite_set_arena(NULL, 4096, &err), SSLITE_ERR_VALUE, "(a NULL arena too)");
    sslite_memorybio_free(b);
    ok(h_calloc == 0, "and the hooks were never called");
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";

    setvbuf(stdout, NULL, _IONBF, 0);
    tzset();
    read_pki();
    if (strcmp(mode, "arena") == 0)
        mode_arena();
    else if (strcmp(mode, "arena-tiny") == 0)
        mode_arena_small(16 * 1024);
    else if (strcmp(mode, "arena-small") == 0)
        mode_arena_small(96 * 1024);
    else if (strcmp(mode, "hooks") == 0)
        mode_hooks();
    else if (strcmp(mode, "late") == 0)
        mode_late();
    else {
        printf("Bail out! unknown mode '%s'\n", mode);
        return 1;
    }
    return done_testing();
}
