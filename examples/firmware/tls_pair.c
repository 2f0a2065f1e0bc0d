/*
 * firmware_tls: sslite on a microcontroller with no operating system.
 *
 * A TLS client and a TLS server in one image, each an SSLObject over two
 * MemoryBIOs; the program carries the bytes between them, as a firmware
 * main loop would carry them between sslite and its network stack (lwIP,
 * a modem's AT socket, a UART).  What it shows:
 *   - credentials compiled into the image (certs.h): the server's ECDSA
 *     P-256 certificate and key loaded from memory, the client trusting
 *     the CA given as cadata;
 *   - create_default_context()'s client checks: the chain verified
 *     against that CA and the hostname "device.example" checked;
 *   - TLS 1.3 with an X25519 key exchange and an ECDSA P-256 signature;
 *   - one request and one reply, then close_notify both ways;
 *   - what it cost: the peak heap (platform.c counts every allocation)
 *     and the deepest stack.
 * Exits 0 only when all of that worked; prints the negotiated version,
 * cipher and the verified peer subject, and as its last line
 * "firmware_tls: ok heap_peak=N stack_peak=M" for scripts/check-firmware.sh.
 *
 * Platform hooks (<sslite/platform.h>), registered before anything else:
 * the entropy source and the wall clock.  Under QEMU there is no TRNG, and
 * this image registers an INSECURE, PREDICTABLE stand-in (platform.c); a
 * device must register its TRNG instead.  Without any source, a build
 * with no OS entropy refuses to create a context.
 */
#include <stdio.h>
#include <string.h>

#include <sslite/sslite.h>
#include <sslite/memory_loaders.h>
#include <sslite/negotiated.h>
#include <sslite/platform.h>

#include "certs.h"
#include "platform.h"

#define HOSTNAME "device.example"

typedef struct side {
    const char *name;
    sslite_object *obj;
    sslite_memorybio *in, *out;
} side;

/* The "network": everything one side wrote goes to the other.  Returns
 * the number of bytes moved. */
static size_t deliver(side *from, side *to)
{
    const unsigned char *p;
    size_t n, moved = 0;

    while ((p = sslite_memorybio_peek(from->out, &n)) != NULL) {
        if (sslite_memorybio_write(to->in, p, n) != (sslite_ssize_t)n)
            return moved;
        sslite_memorybio_consume(from->out, n);
        moved += n;
    }
    return moved;
}

static int fail(const side *s, const char *what)
{
    const sslite_error *e = sslite_object_error(s->obj);

    printf("FAIL %s: %s: %s: %s\n", s->name, what, sslite_errtype_name(e->type), e->message);
    return -1;
}

static int fail_ctx(const char *what, const sslite_error *e)
{
    printf("FAIL %s: %s: %s\n", what, sslite_errtype_name(e->type), e->message);
    return -1;
}

static int wrap(side *s, const char *name, sslite_context *ctx, int server)
{
    sslite_error err;

    s->name = name;
    s->in = sslite_memorybio_new();
    s->out = sslite_memorybio_new();
    if (s->in == NULL || s->out == NULL) {
        printf("FAIL %s: out of memory\n", name);
        return -1;
    }
    s->obj = sslite_context_wrap_bio(ctx, s->in, s->out, server, server ? NULL : HOSTNAME, NULL,
                                     &err);
    return s->obj != NULL ? 0 : fail_ctx(name, &err);
}

static void unwrap_side(side *s)
{
    sslite_object_free(s->obj);
    sslite_memorybio_free(s->in);
    sslite_memorybio_free(s->out);
}

/* <sslite/platform.h>'s callbacks over the board's functions. */
static int entropy_hook(void *userdata, unsigned char *buf, size_t len)
{
    (void)userdata;
    return fw_insecure_entropy(buf, len); /* INSECURE: a TRNG on a device */
}

static int64_t time_hook(void *userdata)
{
    (void)userdata;
    return fw_time();
}

static int register_hooks(void)
{
    sslite_error err;

    if (sslite_set_entropy_source(entropy_hook, NULL, &err) < 0)
        return fail_ctx("sslite_set_entropy_source", &err);
    if (sslite_set_time_source(time_hook, NULL, &err) < 0)
        return fail_ctx("sslite_set_time_source", &err);
    return 0;
}

/* The client's context: create_default_context(cadata=CA): CERT_REQUIRED
 * and check_hostname, TLS 1.3 only. */
static sslite_context *client_context(void)
{
    sslite_error err;
    sslite_context *ctx = sslite_create_default_context(
        SSLITE_Purpose_SERVER_AUTH, NULL, NULL, fw_ca_pem, sizeof(fw_ca_pem) - 1, SSLITE_CADATA_PEM,
        &err);

    if (ctx == NULL) {
        fail_ctx("client context", &err);
        return NULL;
    }
    if (sslite_context_set_minimum_version(ctx, SSLITE_TLSVersion_TLSv1_3) < 0) {
        fail_ctx("client minimum_version", sslite_context_error(ctx));
        sslite_context_free(ctx);
        return NULL;
    }
    return ctx;
}

/* The server's context: its certificate and key from flash. */
static sslite_context *server_context(void)
{
    sslite_error err;
    sslite_context *ctx = sslite_context_new(SSLITE_PROTOCOL_TLS_SERVER, &err);

    if (ctx == NULL) {
        fail_ctx("server context", &err);
        return NULL;
    }
    if (sslite_context_set_minimum_version(ctx, SSLITE_TLSVersion_TLSv1_3) < 0 ||
        sslite_context_load_cert_chain_data(ctx, fw_server_cert_pem, sizeof(fw_server_cert_pem) - 1,
                                            fw_server_key_pem, sizeof(fw_server_key_pem) - 1,
                                            NULL, NULL, NULL) < 0) {
        fail_ctx("server credentials", sslite_context_error(ctx));
        sslite_context_free(ctx);
        return NULL;
    }
    return ctx;
}

/* Step both handshakes and carry their flights until both are done. */
static int handshake(side *c, side *s)
{
    int cdone = 0, sdone = 0;

    for (int round = 0; round < 16 && !(cdone && sdone); round++) {
        int r;

        if (!cdone) {
            r = sslite_object_do_handshake(c->obj);
            if (r != 0 && r != SSLITE_ERR_WANT_READ)
                return fail(c, "do_handshake");
            cdone = r == 0;
        }
        if (!sdone) {
            r = sslite_object_do_handshake(s->obj);
            if (r != 0 && r != SSLITE_ERR_WANT_READ)
                return fail(s, "do_handshake");
            sdone = r == 0;
        }
        printf("  round %d: client -> server %u bytes", round, (unsigned)deliver(c, s));
        printf(", server -> client %u bytes\n", (unsigned)deliver(s, c));
    }
    if (!(cdone && sdone)) {
        printf("FAIL handshake did not finish\n");
        return -1;
    }
    return 0;
}

/* Print the negotiated parameters and the verified subject, and insist on
 * what this image was built for. */
static int show_session(side *c)
{
    sslite_cipher_info ci;
    sslite_certdict *peer = NULL;
    const char *version = sslite_object_version(c->obj);
    const char *group = sslite_object_group(c->obj);
    const char *sigalg = sslite_object_peer_signature_algorithm(c->obj);
    const sslite_cert_name *subject;
    int ok;

    if (sslite_object_cipher(c->obj, &ci) != 1)
        return fail(c, "cipher");
    if (sslite_object_getpeercert(c->obj, &peer) != 1 || sslite_certdict_is_empty(peer)) {
        sslite_certdict_free(peer);
        return fail(c, "getpeercert (no verified certificate)");
    }
    printf("version: %s\ncipher: %s (%d bits)\ngroup: %s\npeer signature: %s\n", version, ci.name,
           ci.secret_bits, group != NULL ? group : "?", sigalg != NULL ? sigalg : "?");
    printf("verified peer subject:");
    subject = sslite_certdict_subject(peer);
    for (size_t i = 0; i < subject->count; i++)
        for (size_t j = 0; j < subject->rdns[i].count; j++)
            printf("%s %s=%s", i + j ? "," : "", subject->rdns[i].attrs[j].name,
                   subject->rdns[i].attrs[j].value);
    printf("\n");
    ok = strcmp(version, "TLSv1.3") == 0 && group != NULL && strcmp(group, "x25519") == 0 &&
         sigalg != NULL && strncmp(sigalg, "ecdsa_secp256r1", 15) == 0 &&
         strcmp(sslite_cert_name_get(subject, "commonName"), HOSTNAME) == 0;
    sslite_certdict_free(peer);
    if (!ok)
        printf("FAIL not TLS 1.3 with X25519 and ECDSA P-256 from %s\n", HOSTNAME);
    return ok ? 0 : -1;
}

/* side `from` writes msg; side `to` must read exactly it. */
static int send_line(side *from, side *to, const char *msg)
{
    char buf[64];
    size_t len = strlen(msg);
    sslite_ssize_t n;

    if (sslite_object_write(from->obj, msg, len) != (sslite_ssize_t)len)
        return fail(from, "write");
    deliver(from, to);
    n = sslite_object_read(to->obj, buf, sizeof(buf) - 1);
    if (n < 0)
        return fail(to, "read");
    buf[n] = '\0';
    if ((size_t)n != len || memcmp(buf, msg, len) != 0) {
        printf("FAIL %s read \"%s\", not \"%s\"\n", to->name, buf, msg);
        return -1;
    }
    printf("%s got: %.*s\n", to->name, (int)len - 1, buf);
    return 0;
}

/* close_notify both ways: the client's unwrap() sends its alert and wants
 * the server's; the server reads b'' (EOF) and answers with its own. */
static int close_both(side *c, side *s)
{
    char buf[16];

    if (sslite_object_unwrap(c->obj) != SSLITE_ERR_WANT_READ)
        return fail(c, "unwrap (sending close_notify)");
    deliver(c, s);
    if (sslite_object_read(s->obj, buf, sizeof(buf)) != 0)
        return fail(s, "read at close_notify");
    if (sslite_object_unwrap(s->obj) != 0)
        return fail(s, "unwrap");
    deliver(s, c);
    if (sslite_object_unwrap(c->obj) != 0)
        return fail(c, "unwrap (receiving close_notify)");
    printf("close_notify: client -> server, server -> client\n");
    return 0;
}

int main(void)
{
    sslite_context *cctx = NULL, *sctx = NULL;
    side c = {0}, s = {0};
    int rc = 1;

    fw_stack_paint();
    printf("firmware_tls: %s on %s, Cortex-M4 (QEMU mps2-an386)\n", sslite_version(),
           sslite_backend_version());
    printf("WARNING: this demonstration image uses an INSECURE, predictable entropy "
           "source (no TRNG under QEMU)\n");
    if (register_hooks() < 0 || (cctx = client_context()) == NULL || (sctx = server_context()) == NULL ||
        wrap(&c, "client", cctx, 0) < 0 || wrap(&s, "server", sctx, 1) < 0)
        goto out;
    printf("handshake\n");
    if (handshake(&c, &s) < 0 || show_session(&c) < 0)
        goto out;
    if (send_line(&c, &s, "GET /status\n") < 0 || send_line(&s, &c, "200 OK firmware alive\n") < 0)
        goto out;
    if (close_both(&c, &s) < 0)
        goto out;
    rc = 0;
out:
    unwrap_side(&c);
    unwrap_side(&s);
    sslite_context_free(cctx);
    sslite_context_free(sctx);
    printf("heap: peak %u bytes in use, %u allocations, %u bytes still in use at exit\n",
           (unsigned)fw_heap_peak(), (unsigned)fw_heap_allocations(), (unsigned)fw_heap_in_use());
    printf("stack: peak %u bytes\n", (unsigned)fw_stack_peak());
    if (rc == 0)
        printf("firmware_tls: ok heap_peak=%u stack_peak=%u\n", (unsigned)fw_heap_peak(),
               (unsigned)fw_stack_peak());
    else
        printf("firmware_tls: FAILED\n");
    return rc;
}
