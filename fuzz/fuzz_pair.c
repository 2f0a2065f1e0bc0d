/*
 * libFuzzer target: sequences of SSLObject API calls on a connected pair,
 * a client and a server SSLObject (both sslite), checked end to end: what
 * a side reads must be exactly what the other side wrote — no byte lost,
 * duplicated or reordered — or the target aborts.
 *
 * The two directions are "wires" (MemoryBIOs).  The client always talks
 * through callbacks: its send callback accepts at most the wire's
 * fuzzer-chosen capacity (then SSLITE_IO_WOULD_BLOCK, so write() returns
 * WANT_WRITE and must be retried with the same buffer), its recv callback
 * returns at most a fuzzer-chosen chunk.  The server too, or (configuration
 * bit PAIR_SERVER_BIO) wrap_bio() straight onto the wires.  Either side may
 * also inject a record of any content type under its current keys
 * (sslite__inject_record: KeyUpdate, alerts, stray handshake messages).
 *
 * Input: a configuration byte (FUZZ_V_TLS12, _ALPN, _CLIENT_AUTH, _VERIFY,
 * PAIR_SERVER_BIO, PAIR_RESUME: the client offers the session of an
 * earlier connection — a ticket or a TLS 1.2 session id, PAIR_PHA: TLS 1.3
 * post-handshake authentication), then two-byte operations (opcode, argument: bit 0 of
 * the opcode is the side, the rest modulo 9 the call: do_handshake, write,
 * read, wire capacity, wire chunk size, pending + read, unwrap, inject,
 * key_update or verify_client_post_handshake); an
 * injection is followed by a length byte and the record's plaintext.  At
 * the end every retry is completed and both sides read everything with
 * unlimited wires, and the byte counts must then agree.
 */
#include "fuzz_common.h"
#include <sslite/key_update.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PAIR_PHA 0x08 /* post_handshake_auth on both sides (TLS 1.3: the server asks later) */
#define PAIR_SERVER_BIO 0x40
#define PAIR_RESUME 0x80 /* the client resumes a session from an earlier connection */
#define WMAX 32768

typedef struct wire {
    sslite_memorybio *bio;
    size_t cap;   /* most bytes queued; 0: no limit */
    size_t chunk; /* most bytes one recv returns; 0: no limit */
} wire;

typedef struct side {
    sslite_object *o;
    wire *out, *in;
    struct side *peer;
    unsigned stream;
    int dir;         /* 0: client to server, 1: server to client */
    size_t sent;     /* bytes of completed writes */
    size_t pend;     /* length of a write to retry (same buffer), 0: none */
    size_t recvd;    /* bytes read from the peer */
    int done;        /* handshake complete */
    int dead;        /* a call failed for good */
    int closed;      /* unwrap() sent (or is sending) close_notify */
    int injected;    /* records injected: the peer's EOF may come early */
    unsigned char wbuf[WMAX];
} side;

static side g_c, g_s;
static wire g_c2s, g_s2c;
static int g_trace; /* FUZZ_PAIR_TRACE=1 in the environment: log each call */

#define TRACE(...) (g_trace ? (void)fprintf(stderr, __VA_ARGS__) : (void)0)
#define WHO(s) ((s)->dir ? "server" : "client")

static unsigned char pattern(int dir, size_t i)
{
    uint32_t h = (uint32_t)i * 2654435761u ^ (uint32_t)dir * 0x5bd1e995u;
    h ^= h >> 15;
    return (unsigned char)(h * 0x2c1b3c6du >> 24);
}

static ssize_t cb_send(void *ud, const unsigned char *buf, size_t len)
{
    wire *w = ((side *)ud)->out;
    size_t q = sslite_memorybio_pending(w->bio);

    if (w->cap != 0) {
        if (q >= w->cap)
            return SSLITE_IO_WOULD_BLOCK;
        if (len > w->cap - q)
            len = w->cap - q;
    }
    return sslite_memorybio_write(w->bio, buf, len);
}

static ssize_t cb_recv(void *ud, unsigned char *buf, size_t len)
{
    wire *w = ((side *)ud)->in;

    if (sslite_memorybio_pending(w->bio) == 0)
        return sslite_memorybio_eof(w->bio) ? 0 : SSLITE_IO_WOULD_BLOCK;
    if (w->chunk != 0 && len > w->chunk)
        len = w->chunk;
    return sslite_memorybio_read(w->bio, buf, (ssize_t)len, len);
}

static int want(long r)
{
    return r == SSLITE_ERR_WANT_READ || r == SSLITE_ERR_WANT_WRITE;
}

static sslite_object *use(side *s)
{
    sslite__fuzz_rng_stream(s->stream);
    return s->o;
}

static void handshake(side *s)
{
    int r;
    if (s->dead)
        return;
    r = sslite_object_do_handshake(use(s));
    TRACE("%s do_handshake() = %d\n", WHO(s), r);
    if (r == 0)
        s->done = 1;
    else if (!want(r))
        s->dead = 1;
}

static void do_write(side *s, size_t len)
{
    ssize_t r;

    if (s->dead || s->closed)
        return;
    if (s->pend != 0) {
        len = s->pend; /* a retry: the same buffer, the same length */
    } else {
        if (len > WMAX)
            len = WMAX;
        for (size_t i = 0; i < len; i++)
            s->wbuf[i] = pattern(s->dir, s->sent + i);
    }
    r = sslite_object_write(use(s), s->wbuf, len);
    TRACE("%s write(%zu)%s = %zd\n", WHO(s), len, s->pend ? " (retry)" : "", r);
    if (r == (ssize_t)len) {
        s->sent += len;
        s->pend = 0;
        s->done = 1;
    } else if (r >= 0) {
        fprintf(stderr, "fuzz_pair: write(%zu) returned %zd\n", len, r);
        abort();
    } else if (want(r)) {
        s->pend = len;
    } else {
        s->dead = 1;
    }
}

/* Everything the peer's side of the stream says about what s may read. */
static void check_bytes(side *s, const unsigned char *buf, size_t n)
{
    const side *p = s->peer;

    if (s->recvd + n > p->sent + p->pend) {
        fprintf(stderr, "fuzz_pair: %s read %zu bytes past the %zu written (+%zu in a retry)\n",
                s->dir ? "server" : "client", s->recvd + n - (p->sent + p->pend), p->sent,
                p->pend);
        abort();
    }
    for (size_t i = 0; i < n; i++) {
        if (buf[i] != pattern(p->dir, s->recvd + i)) {
            fprintf(stderr, "fuzz_pair: %s read a wrong byte at offset %zu of the stream "
                            "(%zu written, %zu in a retry): duplicated or reordered data\n",
                    s->dir ? "server" : "client", s->recvd + i, p->sent, p->pend);
            abort();
        }
    }
    s->recvd += n;
}

static int do_read(side *s, size_t len)
{
    static unsigned char buf[WMAX];
    ssize_t r;

    if (s->dead)
        return -1;
    if (len > sizeof(buf))
        len = sizeof(buf);
    r = sslite_object_read(use(s), buf, len);
    TRACE("%s read(%zu) = %zd\n", WHO(s), len, r);
    if (r > 0) {
        if ((size_t)r > len)
            abort();
        s->done = 1;
        /* After its own unwrap() a side may discard what arrives (OpenSSL
         * drops application data once its close_notify is out): from then
         * on its reads are not checked. */
        if (s->closed)
            return (int)r;
        check_bytes(s, buf, (size_t)r);
        return (int)r;
    }
    if (r == 0) {
        /* the peer's close_notify: all it wrote before must be here */
        const side *p = s->peer;
        if (!p->injected && p->closed && !s->closed && s->recvd != p->sent) {
            fprintf(stderr, "fuzz_pair: %s saw close_notify after %zu of %zu bytes: lost data\n",
                    s->dir ? "server" : "client", s->recvd, p->sent);
            abort();
        }
        return 0;
    }
    if (!want(r) && r != SSLITE_ERR_ZERO_RETURN)
        s->dead = 1;
    return -1;
}

/* pending() bytes are decrypted already: a read of that many returns them. */
static void do_pending(side *s)
{
    size_t p;
    int r;

    if (s->dead)
        return;
    p = sslite_object_pending(s->o);
    if (p == 0)
        return;
    r = do_read(s, p);
    if (r >= 0 && (size_t)r != p) {
        fprintf(stderr, "fuzz_pair: pending() said %zu, read() gave %d\n", p, r);
        abort();
    }
}

static void do_unwrap(side *s)
{
    int r;
    if (s->dead || s->pend != 0) /* unwrap() mid-write drops the rest: not checked */
        return;
    r = sslite_object_unwrap(use(s));
    TRACE("%s unwrap() = %d\n", WHO(s), r);
    /* Even a failed unwrap() of a connected side may have sent close_notify
     * and dropped what it read meanwhile. */
    if (r == 0 || want(r) || s->done)
        s->closed = 1;
}

static void do_inject(side *s, int type, const uint8_t *p, size_t n)
{
    if (s->dead || s->pend != 0 || !s->done)
        return;
    if (type == 23) /* application data would not be the stream's bytes */
        type = 22;
    if (sslite__inject_record(use(s), type, p, n) == 0)
        s->injected = 1;
    TRACE("%s inject(type %d, %zu bytes): %s\n", WHO(s), type, n, s->injected ? "sent" : "not sent");
}

/* A KeyUpdate (update_requested 0 or 1; 2 is an invalid type, refused),
 * or (3) verify_client_post_handshake(). */
static void do_key_update(side *s, int req)
{
    int r;
    if (s->dead)
        return;
    if (req == 3) {
        r = sslite_object_verify_client_post_handshake(use(s));
        TRACE("%s verify_client_post_handshake() = %d\n", WHO(s), r);
        return;
    }
    r = sslite_object_key_update(use(s), req);
    TRACE("%s key_update(%d) = %d\n", WHO(s), req, r);
}

static void set_pha(unsigned cv, int on)
{
    if (sslite_context_set_post_handshake_auth(fuzz_client_ctx(cv), on) < 0 ||
        sslite_context_set_post_handshake_auth(fuzz_server_ctx(cv), on) < 0)
        abort();
}

static size_t arg_len(uint8_t a)
{
    return (size_t)a * 97 + 1; /* 1 .. 24736: up to two records */
}

static void settle(void)
{
    TRACE("settle: unlimited wires, complete the retries, read everything\n");
    g_c2s.cap = g_s2c.cap = 0;
    g_c2s.chunk = g_s2c.chunk = 0;
    for (int round = 0; round < 12; round++) {
        side *sides[2] = {&g_c, &g_s};
        for (int k = 0; k < 2; k++) {
            side *s = sides[k];
            if (!s->done)
                handshake(s);
            if (s->pend != 0)
                do_write(s, 0);
            for (int i = 0; i < 16 && do_read(s, WMAX) > 0; i++)
                ;
        }
    }
    /* Both connected, nothing injected, all writes complete: every byte
     * written must have been read, once. */
    for (int k = 0; k < 2; k++) {
        side *s = k ? &g_s : &g_c, *p = s->peer;
        if (s->done && p->done && !s->dead && !p->dead && !p->injected && !s->closed &&
            p->pend == 0 && s->recvd != p->sent) {
            fprintf(stderr, "fuzz_pair: %s read %zu of the %zu bytes written: lost data\n",
                    s->dir ? "server" : "client", s->recvd, p->sent);
            abort();
        }
    }
}

/* One plain connection over memory BIOs; returns the client's session (with
 * its TLS 1.3 ticket, read after the handshake) or NULL. */
static sslite_session *earlier_session(unsigned v)
{
    sslite_memorybio *ci = sslite_memorybio_new(), *co = sslite_memorybio_new();
    sslite_memorybio *si = sslite_memorybio_new(), *so = sslite_memorybio_new();
    sslite_object *c, *s;
    sslite_session *sess;
    unsigned char buf[256];

    sslite__fuzz_rng_stream(FUZZ_RNG_SETUP);
    c = sslite_context_wrap_bio(fuzz_client_ctx(v), ci, co, 0, "localhost", NULL, NULL);
    s = sslite_context_wrap_bio(fuzz_server_ctx(v), si, so, 1, NULL, NULL, NULL);
    if (c == NULL || s == NULL)
        abort();
    for (int i = 0; i < 6; i++) {
        sslite__fuzz_rng_stream(FUZZ_RNG_CLIENT);
        if (sslite_object_do_handshake(c) == 0)
            (void)sslite_object_read(c, buf, sizeof(buf)); /* takes in the tickets */
        fuzz_move(co, si);
        sslite__fuzz_rng_stream(FUZZ_RNG_SERVER);
        (void)sslite_object_do_handshake(s);
        fuzz_move(so, ci);
    }
    sess = sslite_object_session(c);
    fuzz_free_pair(c, s, ci, co, si, so);
    return sess;
}

static void side_init(side *s, side *peer, wire *out, wire *in, int dir, unsigned stream)
{
    memset(s, 0, offsetof(side, wbuf));
    s->peer = peer;
    s->out = out;
    s->in = in;
    s->dir = dir;
    s->stream = stream;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t i = 1;
    unsigned v;
    sslite_session *sess = NULL;
    unsigned cv;

    if (size < 1)
        return 0;
    g_trace = getenv("FUZZ_PAIR_TRACE") != NULL;
    v = data[0];
    TRACE("configuration 0x%02x\n", v);
    sslite__fuzz_rng_reset();
    sslite__fuzz_rng_stream(FUZZ_RNG_SETUP);
    g_c2s.bio = sslite_memorybio_new();
    g_s2c.bio = sslite_memorybio_new();
    g_c2s.cap = g_s2c.cap = g_c2s.chunk = g_s2c.chunk = 0;
    side_init(&g_c, &g_s, &g_c2s, &g_s2c, 0, FUZZ_RNG_CLIENT);
    side_init(&g_s, &g_c, &g_s2c, &g_c2s, 1, FUZZ_RNG_SERVER);
    v &= FUZZ_V_TLS12 | FUZZ_V_ALPN | FUZZ_V_CLIENT_AUTH | FUZZ_V_VERIFY | PAIR_SERVER_BIO |
         PAIR_RESUME | PAIR_PHA;
    cv = v & (FUZZ_V_MASK & ~PAIR_PHA);
    if (v & PAIR_RESUME)
        sess = earlier_session(cv);
    sslite__fuzz_rng_stream(FUZZ_RNG_SETUP);
    /* post_handshake_auth is read at wrap time: set on the shared contexts
     * for these wraps only. */
    set_pha(cv, (v & PAIR_PHA) != 0);
    g_c.o = sslite_context_wrap_callbacks(fuzz_client_ctx(cv), cb_send, cb_recv, &g_c,
                                          0, "localhost", sess, NULL);
    sslite_session_free(sess);
    if (v & PAIR_SERVER_BIO)
        g_s.o = sslite_context_wrap_bio(fuzz_server_ctx(cv), g_c2s.bio, g_s2c.bio, 1, NULL, NULL,
                                        NULL);
    else
        g_s.o = sslite_context_wrap_callbacks(fuzz_server_ctx(cv), cb_send, cb_recv, &g_s, 1, NULL,
                                              NULL, NULL);
    set_pha(cv, 0);
    if (g_c.o == NULL || g_s.o == NULL)
        abort();

    while (i + 2 <= size) {
        uint8_t op = data[i], a = data[i + 1];
        side *s = op & 1 ? &g_s : &g_c;
        i += 2;
        switch ((op >> 1) % 9) {
        case 0:
            handshake(s);
            break;
        case 1:
            do_write(s, arg_len(a));
            break;
        case 2:
            (void)do_read(s, (size_t)a * 64 + 1);
            break;
        case 3: /* the wire s sends on: capacity */
            s->out->cap = (size_t)a * 16;
            TRACE("%s's sending wire: capacity %zu\n", WHO(s), s->out->cap);
            break;
        case 4: /* the wire s receives from: chunk size */
            s->in->chunk = a;
            TRACE("%s's receiving wire: chunks of %zu\n", WHO(s), s->in->chunk);
            break;
        case 5:
            do_pending(s);
            break;
        case 6:
            do_unwrap(s);
            break;
        case 8:
            do_key_update(s, a % 4);
            break;
        default: { /* inject a record: type a, then a length byte, then that many bytes */
            size_t n = i < size ? data[i++] : 0;
            if (n > size - i)
                n = size - i;
            do_inject(s, a, data + i, n);
            i += n;
            break;
        }
        }
    }
    settle();
    if (g_c.done && g_s.done) {
        TRACE("session reused: client %d, server %d\n", sslite_object_session_reused(g_c.o),
              sslite_object_session_reused(g_s.o));
        fuzz_query(g_c.o);
        fuzz_query(g_s.o);
    }

    sslite_object_free(g_c.o);
    sslite_object_free(g_s.o);
    sslite_memorybio_free(g_c2s.bio);
    sslite_memorybio_free(g_s2c.bio);
    return 0;
}
