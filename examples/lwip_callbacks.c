/*
 * lwip_callbacks: the callback transport over an lwIP/RTOS-style TCP stack,
 * the way firmware without BSD sockets uses sslite.
 *
 * The "stack" here is simulated in memory so the example runs anywhere, but
 * it behaves like lwIP's raw/netconn API in the ways that matter: sending
 * is non-blocking and takes only what fits in the send window
 * (tcp_sndbuf(), so writes are partial), received data arrives in small
 * segments, and either call may have nothing to do right now.  Nothing
 * blocks: a super-loop steps both TLS endpoints and the "network" until
 * each is done, as a firmware main loop or an RTOS task would.
 *
 * The rules of the callback transport (include/sslite/object.h):
 *   - send_cb returns how much it took (> 0), or SSLITE_IO_WOULD_BLOCK;
 *   - recv_cb returns how much it gave, 0 at the peer's FIN, or
 *     SSLITE_IO_WOULD_BLOCK;
 *   - an object call that ends in SSLITE_ERR_WANT_READ/_WANT_WRITE is
 *     repeated later, a write with the same buffer and length.
 *
 *   lwip_callbacks CERTDIR    (ca.pem, server-ec.pem/.key)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sslite/sslite.h>

/* ---- the simulated stack ---- */

#define SND_WINDOW 700 /* bytes a pcb queues before the link drains it */
#define SEGMENT 256    /* bytes the link carries per tick, and per recv */

typedef struct pcb {
    const char *name;
    unsigned char snd[SND_WINDOW];
    size_t snd_len;
    unsigned char rcv[32768];
    size_t rcv_len;
    struct pcb *remote;
    unsigned long sends, partial_sends, would_blocks;
} pcb;

/* tcp_write()-like: copy what fits in the send window. */
static ssize_t net_send(void *ud, const unsigned char *buf, size_t len)
{
    pcb *p = ud;
    size_t room = SND_WINDOW - p->snd_len;
    size_t n = len < room ? len : room;

    if (n == 0) {
        p->would_blocks++;
        return SSLITE_IO_WOULD_BLOCK; /* window full: try again after a tick */
    }
    memcpy(p->snd + p->snd_len, buf, n);
    p->snd_len += n;
    p->sends++;
    if (n < len)
        p->partial_sends++;
    return (ssize_t)n;
}

/* A recv callback over the received-segment queue: one segment at most. */
static ssize_t net_recv(void *ud, unsigned char *buf, size_t len)
{
    pcb *p = ud;
    size_t n = len < p->rcv_len ? len : p->rcv_len;

    if (n > SEGMENT)
        n = SEGMENT;
    if (n == 0)
        return SSLITE_IO_WOULD_BLOCK; /* nothing arrived yet */
    memcpy(buf, p->rcv, n);
    memmove(p->rcv, p->rcv + n, p->rcv_len - n);
    p->rcv_len -= n;
    return (ssize_t)n;
}

/* The link: one segment each way per tick.  Returns bytes moved. */
static size_t net_tick(pcb *a, pcb *b)
{
    pcb *from[2] = {a, b};
    size_t moved = 0;

    for (int i = 0; i < 2; i++) {
        pcb *f = from[i], *t = f->remote;
        size_t n = f->snd_len < SEGMENT ? f->snd_len : SEGMENT;
        if (n > sizeof(t->rcv) - t->rcv_len)
            n = sizeof(t->rcv) - t->rcv_len;
        memcpy(t->rcv + t->rcv_len, f->snd, n);
        t->rcv_len += n;
        memmove(f->snd, f->snd + n, f->snd_len - n);
        f->snd_len -= n;
        moved += n;
    }
    return moved;
}

/* ---- the application: one request, one response, close_notify ---- */

enum phase { HANDSHAKE, SEND, RECV, CLOSE, DONE, FAILED };

typedef struct endpoint {
    const char *name;
    sslite_object *obj;
    enum phase phase;
    const unsigned char *tx; /* what this side sends */
    size_t tx_len;
    unsigned char rx[8192];
    size_t rx_len, rx_want;
} endpoint;

static int failed(endpoint *e, const char *what, int r)
{
    const sslite_error *err = sslite_object_error(e->obj);
    fprintf(stderr, "%s: %s: %d %s: %s\n", e->name, what, r, sslite_errtype_name(err->type),
            err->message);
    e->phase = FAILED;
    return -1;
}

#define AGAIN(r) ((r) == SSLITE_ERR_WANT_READ || (r) == SSLITE_ERR_WANT_WRITE)

/* Advance one endpoint as far as the transport allows, never blocking.
 * The client sends first; the server answers once it has the request. */
static void step(endpoint *e, int server)
{
    ssize_t r;

    for (int guard = 0; guard < 64; guard++) {
        switch (e->phase) {
        case HANDSHAKE:
            r = sslite_object_do_handshake(e->obj);
            if (AGAIN(r))
                return;
            if (r < 0 && failed(e, "do_handshake", (int)r) < 0)
                return;
            e->phase = server ? RECV : SEND;
            break;
        case SEND:
            /* All of it in one call; on WANT_WRITE the same call again. */
            r = sslite_object_write(e->obj, e->tx, e->tx_len);
            if (AGAIN(r))
                return;
            if (r < 0 && failed(e, "write", (int)r) < 0)
                return;
            e->phase = server ? CLOSE : RECV;
            break;
        case RECV:
            r = sslite_object_read(e->obj, e->rx + e->rx_len, sizeof(e->rx) - e->rx_len);
            if (AGAIN(r))
                return;
            if (r <= 0 && failed(e, "read", (int)r) < 0)
                return;
            e->rx_len += (size_t)r;
            if (e->rx_len >= e->rx_want)
                e->phase = server ? SEND : CLOSE;
            break;
        case CLOSE:
            /* The server waits for the client's close_notify (read 0),
             * then both unwrap. */
            if (server && e->rx_want != 0) {
                unsigned char b[64];
                r = sslite_object_read(e->obj, b, sizeof(b));
                if (AGAIN(r))
                    return;
                if (r != 0 && failed(e, "read at close", (int)r) < 0)
                    return;
                e->rx_want = 0;
            }
            r = sslite_object_unwrap(e->obj);
            if (AGAIN(r))
                return;
            if (r < 0 && failed(e, "unwrap", (int)r) < 0)
                return;
            e->phase = DONE;
            return;
        default:
            return;
        }
    }
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : ".";
    char ca[1024], cert[1024], key[1024];
    static unsigned char request[3000], response[5000];
    static pcb cp = {.name = "client"}, sp = {.name = "server"};
    endpoint c = {.name = "client"}, s = {.name = "server"};
    sslite_context *cctx = NULL, *sctx = NULL;
    sslite_error err;
    int rc = 1;
    unsigned long tick;

    snprintf(ca, sizeof(ca), "%s/ca.pem", dir);
    snprintf(cert, sizeof(cert), "%s/server-ec.pem", dir);
    snprintf(key, sizeof(key), "%s/server-ec.key", dir);
    for (size_t i = 0; i < sizeof(request); i++)
        request[i] = (unsigned char)('a' + i % 26);
    for (size_t i = 0; i < sizeof(response); i++)
        response[i] = (unsigned char)('A' + i % 26);

    cctx = sslite_create_default_context(SSLITE_Purpose_SERVER_AUTH, ca, NULL, NULL, 0, 0, &err);
    sctx = sslite_create_default_context(SSLITE_Purpose_CLIENT_AUTH, NULL, NULL, NULL, 0, 0, &err);
    if (cctx == NULL || sctx == NULL ||
        sslite_context_load_cert_chain(sctx, cert, key, NULL, NULL, NULL) < 0) {
        fprintf(stderr, "contexts: cannot load the certificates from %s\n", dir);
        goto out;
    }
    cp.remote = &sp;
    sp.remote = &cp;
    /* userdata is the pcb: the callbacks never see anything else. */
    c.obj = sslite_context_wrap_callbacks(cctx, net_send, net_recv, &cp, 0, "localhost", NULL, &err);
    s.obj = sslite_context_wrap_callbacks(sctx, net_send, net_recv, &sp, 1, NULL, NULL, &err);
    if (c.obj == NULL || s.obj == NULL) {
        fprintf(stderr, "wrap_callbacks: %s\n", err.message);
        goto out;
    }
    c.tx = request;
    c.tx_len = sizeof(request);
    c.rx_want = sizeof(response);
    s.tx = response;
    s.tx_len = sizeof(response);
    s.rx_want = sizeof(request);

    /* The super-loop, bounded: a stuck exchange fails instead of spinning. */
    for (tick = 0; tick < 100000; tick++) {
        step(&c, 0);
        step(&s, 1);
        if ((c.phase == DONE && s.phase == DONE) || c.phase == FAILED || s.phase == FAILED)
            break;
        (void)net_tick(&cp, &sp);
    }
    if (c.phase != DONE || s.phase != DONE) {
        fprintf(stderr, "exchange did not finish (client %d, server %d, %lu ticks)\n", c.phase,
                s.phase, tick);
        goto out;
    }
    if (memcmp(s.rx, request, sizeof(request)) != 0 || memcmp(c.rx, response, sizeof(response)) != 0) {
        fprintf(stderr, "data corrupted\n");
        goto out;
    }
    printf("%s over callbacks: %zu-byte request, %zu-byte response, close_notify both ways, "
           "%lu ticks\n", sslite_object_version(c.obj), sizeof(request), sizeof(response), tick);
    printf("client sends: %lu (%lu partial), would-block %lu; server sends: %lu (%lu partial), "
           "would-block %lu\n", cp.sends, cp.partial_sends, cp.would_blocks, sp.sends,
           sp.partial_sends, sp.would_blocks);
    /* The point of the example: partial writes and would-block happened. */
    rc = cp.partial_sends + sp.partial_sends > 0 && cp.would_blocks + sp.would_blocks > 0 ? 0 : 1;
out:
    sslite_object_free(c.obj);
    sslite_object_free(s.obj);
    sslite_context_free(cctx);
    sslite_context_free(sctx);
    return rc;
}
