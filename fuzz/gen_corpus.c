/*
 * Writes the seed corpora of the replay targets from real handshakes
 * between sslite's own client and server (the fuzzers' identity), in a
 * fuzzing build, whose randomness and clocks are deterministic
 * (backends/fuzzing.h): each side draws from its own stream, as in the
 * targets, so a recorded stream replays to the same handshake there.
 *
 *   gen_corpus OUTDIR    writes OUTDIR/fuzz_object_server/<name>.bin (the
 *                        configuration byte, then what the client sent)
 *                        and OUTDIR/fuzz_object_client/<name>.bin (the
 *                        byte, then what the server sent)
 *   gen_corpus --check DIR   replays the seeds in DIR/fuzz_object_server
 *                        and DIR/fuzz_object_client (CI): exit status 1 if
 *                        a whole-session seed no longer completes its
 *                        handshake, i.e. the committed corpus went stale
 *                        (regenerate it with gen_corpus fuzz/corpus)
 *
 * After the handshake each session plays a scenario: data both ways and
 * close_notify, big transfers, warning and fatal alerts, KeyUpdate, a
 * HelloRequest, stray handshake messages, odd content types (the last
 * ones injected as real protected records, sslite__inject_record).
 * Every stream is replayed once into a fresh object before it is saved:
 * gen_corpus fails if one does not complete its handshake again.
 */
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include "fuzz_common.h"
#include <sslite/key_update.h>

typedef struct capture {
    unsigned char *buf;
    size_t len;
} capture;

typedef struct pair {
    sslite_memorybio *ci, *co, *si, *so;
    sslite_object *c, *s;
    capture c2s, s2c;
} pair;

static void cap_add(capture *cap, const void *p, size_t n)
{
    unsigned char *nb = realloc(cap->buf, cap->len + n);
    if (nb == NULL)
        abort();
    memcpy(nb + cap->len, p, n);
    cap->buf = nb;
    cap->len += n;
}

/* Move one side's output to the other's input, keeping a copy. */
static void move(sslite_memorybio *from, sslite_memorybio *to, capture *cap)
{
    const unsigned char *p;
    size_t n;

    while ((p = sslite_memorybio_peek(from, &n)) != NULL) {
        cap_add(cap, p, n);
        sslite_memorybio_write(to, p, n);
        sslite_memorybio_consume(from, n);
    }
}

static void pump(pair *p)
{
    move(p->co, p->si, &p->c2s);
    move(p->so, p->ci, &p->s2c);
}

/* Each side's calls draw from its own stream, as in the targets. */
static sslite_object *as_client(pair *p)
{
    sslite__fuzz_rng_stream(FUZZ_RNG_CLIENT);
    return p->c;
}

static sslite_object *as_server(pair *p)
{
    sslite__fuzz_rng_stream(FUZZ_RNG_SERVER);
    return p->s;
}

static void drain(sslite_object *o)
{
    unsigned char buf[4096];
    for (int i = 0; i < 64 && sslite_object_read(o, buf, sizeof(buf)) > 0; i++)
        ;
}

static void inject(sslite_object *o, int type, const char *bytes, size_t len)
{
    if (sslite__inject_record(o, type, bytes, len) != 0)
        fprintf(stderr, "gen_corpus: record of type %d not sent\n", type);
}

/* The same steps as fuzz_replay.h: does the stream complete a handshake? */
static int replays(const capture *cap, unsigned v, int server_side)
{
    sslite_memorybio *in = sslite_memorybio_new(), *out = sslite_memorybio_new();
    sslite_object *o;
    int r;

    sslite__fuzz_rng_reset();
    sslite__fuzz_rng_stream(FUZZ_RNG_SETUP);
    o = sslite_context_wrap_bio(server_side ? fuzz_server_ctx(v) : fuzz_client_ctx(v), in, out,
                                server_side, server_side ? NULL : fuzz_hostname(v), NULL, NULL);
    if (o == NULL)
        abort();
    sslite__fuzz_rng_stream(server_side ? FUZZ_RNG_SERVER : FUZZ_RNG_CLIENT);
    if (!server_side)
        (void)sslite_object_do_handshake(o);
    sslite_memorybio_write(in, cap->buf + 1, cap->len - 1);
    r = sslite_object_do_handshake(o);
    sslite_object_free(o);
    sslite_memorybio_free(in);
    sslite_memorybio_free(out);
    return r == 0;
}

static void save(const char *dir, const char *target, const char *name, const capture *cap,
                 size_t len)
{
    char path[1024];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", dir, target);
    if (mkdir(path, 0755) < 0 && errno != EEXIST)
        abort();
    snprintf(path, sizeof(path), "%s/%s/%s.bin", dir, target, name);
    f = fopen(path, "wb");
    if (f == NULL || fwrite(cap->buf, 1, len, f) != len)
        abort();
    fclose(f);
    printf("%s: %zu bytes\n", path, len);
}

enum { SC_DATA, SC_BIG, SC_ALERTS, SC_KEYUPDATE, SC_HELLO_REQUEST, SC_STRAY, SC_ODD_TYPES };
static const char *const sc_names[] = {"data", "big", "alerts", "keyupdate",
                                       "hello-request", "stray", "odd-types"};

static void scenario(pair *p, int sc)
{
    static char big[17000]; /* just over one record */
    unsigned char buf[64];

    switch (sc) {
    case SC_BIG:
        for (size_t i = 0; i < sizeof(big); i++)
            big[i] = (char)(i * 7);
        (void)sslite_object_write(as_client(p), big, sizeof(big));
        pump(p);
        drain(as_server(p));
        (void)sslite_object_write(as_server(p), big, sizeof(big));
        pump(p);
        drain(as_client(p));
        break;
    case SC_ALERTS:
        /* warning user_canceled, an unknown warning, then data, then fatal */
        inject(as_client(p), 21, "\x01\x5a", 2);
        inject(as_server(p), 21, "\x01\xee", 2);
        (void)sslite_object_write(as_client(p), "ping", 4);
        pump(p);
        drain(as_server(p));
        drain(as_client(p));
        inject(as_client(p), 21, "\x02\x28", 2);
        inject(as_server(p), 21, "\x02\x50", 2);
        pump(p);
        drain(as_server(p));
        drain(as_client(p));
        return;
    case SC_KEYUPDATE:
        /* TLS 1.3 KeyUpdates both ways (sslite_object_key_update), data
         * under the new keys, then a KeyUpdate record injected last (its
         * sender keeps its keys, so nothing can follow it) */
        (void)sslite_object_key_update(as_client(p), 1);
        (void)sslite_object_write(as_client(p), "after-update", 12);
        pump(p);
        drain(as_server(p));
        pump(p);
        drain(as_client(p));
        (void)sslite_object_key_update(as_server(p), 0);
        (void)sslite_object_write(as_server(p), "server-after-update", 19);
        pump(p);
        drain(as_client(p));
        (void)sslite_object_write(as_client(p), "again", 5);
        pump(p);
        drain(as_server(p));
        inject(as_client(p), 22, "\x18\x00\x00\x01\x01", 5);
        inject(as_server(p), 22, "\x18\x00\x00\x01\x00", 5);
        pump(p);
        drain(as_server(p));
        drain(as_client(p));
        pump(p);
        return;
    case SC_HELLO_REQUEST:
        /* TLS 1.2: the server asks for renegotiation, the client starts one */
        inject(as_server(p), 22, "\x00\x00\x00\x00", 4);
        pump(p);
        drain(as_client(p));
        pump(p);
        drain(as_server(p));
        inject(as_client(p), 22, "\x01\x00\x00\x00", 4);
        pump(p);
        drain(as_server(p));
        pump(p);
        return;
    case SC_STRAY:
        /* a NewSessionTicket from the client, a junk ticket from the server,
         * a Finished out of place, a truncated handshake header */
        inject(as_server(p), 22, "\x04\x00\x00\x0d\x00\x00\x1c\x20\x01\x02\x03\x04\x00\x00\x01\x00\x00",
               17);
        inject(as_client(p), 22, "\x14\x00\x00\x02\xab\xcd", 6);
        inject(as_server(p), 22, "\x04\x00", 2);
        pump(p);
        drain(as_server(p));
        drain(as_client(p));
        pump(p);
        return;
    case SC_ODD_TYPES:
        /* empty application data, a heartbeat, a ChangeCipherSpec, type 99 */
        inject(as_client(p), 23, "", 0);
        inject(as_server(p), 23, "", 0);
        (void)sslite_object_write(as_client(p), "after-empty", 11);
        inject(as_client(p), 24, "\x01\x00\x10", 3);
        inject(as_server(p), 20, "\x01", 1);
        inject(as_client(p), 99, "?", 1);
        pump(p);
        drain(as_server(p));
        drain(as_client(p));
        pump(p);
        return;
    default:
        break;
    }
    /* a request, a response, close_notify both ways */
    (void)sslite_object_write(as_client(p), "GET / HTTP/1.0\r\n\r\n", 18);
    pump(p);
    (void)sslite_object_read(as_server(p), buf, sizeof(buf));
    (void)sslite_object_write(as_server(p), "HTTP/1.0 200 OK\r\n\r\n", 19);
    pump(p);
    (void)sslite_object_read(as_client(p), buf, sizeof(buf));
    (void)sslite_object_unwrap(as_client(p));
    pump(p);
    (void)sslite_object_read(as_server(p), buf, sizeof(buf));
    (void)sslite_object_unwrap(as_server(p));
    pump(p);
    (void)sslite_object_read(as_client(p), buf, sizeof(buf));
    (void)sslite_object_unwrap(as_client(p));
}

/* One connection in configuration v (FUZZ_V_*), then scenario sc. */
static int session(const char *dir, unsigned v, int sc, int first_flights)
{
    pair p;
    unsigned char vb = (unsigned char)v;
    size_t first_c = 0, first_s = 0;
    int cd = 0, sd = 0, ok = 1;
    char nm[128];

    memset(&p, 0, sizeof(p));
    sslite__fuzz_rng_reset();
    sslite__fuzz_rng_stream(FUZZ_RNG_SETUP);
    p.ci = sslite_memorybio_new();
    p.co = sslite_memorybio_new();
    p.si = sslite_memorybio_new();
    p.so = sslite_memorybio_new();
    p.c = sslite_context_wrap_bio(fuzz_client_ctx(v), p.ci, p.co, 0, fuzz_hostname(v), NULL, NULL);
    p.s = sslite_context_wrap_bio(fuzz_server_ctx(v), p.si, p.so, 1, NULL, NULL, NULL);
    if (p.c == NULL || p.s == NULL)
        abort();
    cap_add(&p.c2s, &vb, 1);
    cap_add(&p.s2c, &vb, 1);
    for (int i = 0; i < 20 && !(cd && sd); i++) {
        int rc = 0, rs = 0;
        if (!cd)
            cd = (rc = sslite_object_do_handshake(as_client(&p))) == 0;
        move(p.co, p.si, &p.c2s);
        if (first_c == 0)
            first_c = p.c2s.len;
        if (!sd)
            sd = (rs = sslite_object_do_handshake(as_server(&p))) == 0;
        move(p.so, p.ci, &p.s2c);
        if (first_s == 0)
            first_s = p.s2c.len;
        if ((rc < 0 && rc != SSLITE_ERR_WANT_READ) || (rs < 0 && rs != SSLITE_ERR_WANT_READ))
            break; /* a refused handshake (e.g. the wrong host name) is a seed too */
    }
    if (cd && sd)
        scenario(&p, sc);
    snprintf(nm, sizeof(nm), "v%02x-%s", v, cd && sd ? sc_names[sc] : "refused");
    if (cd && sd && (!replays(&p.c2s, v, 1) || !replays(&p.s2c, v, 0))) {
        fprintf(stderr, "gen_corpus: %s does not replay\n", nm);
        ok = 0;
    }
    save(dir, "fuzz_object_server", nm, &p.c2s, p.c2s.len);
    save(dir, "fuzz_object_client", nm, &p.s2c, p.s2c.len);
    if (first_flights) {
        snprintf(nm, sizeof(nm), "v%02x-first-flight", v);
        save(dir, "fuzz_object_server", nm, &p.c2s, first_c);
        save(dir, "fuzz_object_client", nm, &p.s2c, first_s);
    }
    free(p.c2s.buf);
    free(p.s2c.buf);
    sslite_object_free(p.c);
    sslite_object_free(p.s);
    sslite_memorybio_free(p.ci);
    sslite_memorybio_free(p.co);
    sslite_memorybio_free(p.si);
    sslite_memorybio_free(p.so);
    return ok;
}

/* --check: every seed but first flights and refused handshakes must
 * replay to a complete handshake. */
static int check(const char *dir)
{
    static const char *const targets[] = {"fuzz_object_server", "fuzz_object_client"};
    int ok = 1, n = 0;

    for (int t = 0; t < 2; t++) {
        char path[1024];
        DIR *d;
        struct dirent *de;

        snprintf(path, sizeof(path), "%s/%s", dir, targets[t]);
        if ((d = opendir(path)) == NULL)
            return 0;
        while ((de = readdir(d)) != NULL) {
            capture cap = {NULL, 0};
            unsigned char buf[4096];
            size_t k;
            FILE *f;

            if (strstr(de->d_name, ".bin") == NULL || strstr(de->d_name, "first-flight") != NULL ||
                strstr(de->d_name, "refused") != NULL)
                continue;
            snprintf(path, sizeof(path), "%s/%s/%s", dir, targets[t], de->d_name);
            if ((f = fopen(path, "rb")) == NULL)
                abort();
            while ((k = fread(buf, 1, sizeof(buf), f)) > 0)
                cap_add(&cap, buf, k);
            fclose(f);
            n++;
            if (cap.len < 1 || !replays(&cap, cap.buf[0], t == 0)) {
                fprintf(stderr, "gen_corpus: %s no longer completes its handshake\n", path);
                ok = 0;
            }
            free(cap.buf);
        }
        closedir(d);
    }
    printf("gen_corpus: %d recorded sessions checked%s\n", n, ok ? ", all replay" : "");
    return ok && n > 0;
}

int main(int argc, char **argv)
{
    static const unsigned configs[] = {
        0, FUZZ_V_TLS12, FUZZ_V_ALPN, FUZZ_V_TLS12 | FUZZ_V_ALPN, FUZZ_V_CLIENT_AUTH,
        FUZZ_V_TLS12 | FUZZ_V_CLIENT_AUTH, FUZZ_V_SNI_CB, FUZZ_V_TLS12 | FUZZ_V_SNI_CB,
        FUZZ_V_VERIFY, FUZZ_V_TLS12 | FUZZ_V_VERIFY, FUZZ_V_VERIFY | FUZZ_V_IP,
        FUZZ_V_TLS12 | FUZZ_V_VERIFY | FUZZ_V_IP, FUZZ_V_IP,
        FUZZ_V_VERIFY | FUZZ_V_CLIENT_AUTH | FUZZ_V_SNI_CB | FUZZ_V_ALPN,
    };
    const char *dir = argc > 1 ? argv[1] : "fuzz/corpus";
    int ok = 1;

    if (argc > 2 && strcmp(argv[1], "--check") == 0)
        return check(argv[2]) ? 0 : 1;
    if (mkdir(dir, 0755) < 0 && errno != EEXIST)
        return 1;
    for (size_t i = 0; i < sizeof(configs) / sizeof(configs[0]); i++)
        ok &= session(dir, configs[i], SC_DATA, 1);
    /* every scenario in plain TLS 1.3 and TLS 1.2 */
    for (int sc = SC_BIG; sc <= SC_ODD_TYPES; sc++) {
        ok &= session(dir, 0, sc, 0);
        ok &= session(dir, FUZZ_V_TLS12, sc, 0);
    }
    return ok ? 0 : 1;
}
