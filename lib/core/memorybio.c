/*
 * sslite: MemoryBIO — a byte queue with CPython's ssl.MemoryBIO semantics.
 *
 * Stored as a list of chunks so that neither appending nor draining ever
 * moves the bytes already queued (a flat buffer would memmove on every
 * partial read, quadratic for bulk transfers).  A chunk is freed as soon
 * as it is drained: an idle connection's BIOs hold no buffers, so an
 * SSLObject costs what an SSLSocket does (a 17 KiB chunk kept per BIO
 * doubled it).  The price is one malloc/free per record in bulk flow,
 * small against the record's encryption.
 *
 * The SSLObject's records skip the copies between the BIOs and Mbed TLS's
 * record buffers in bulk flow (backend.h's transport view/skip/adopt): a
 * full outgoing record's buffer is adopted as a chunk, and an incoming
 * record lying whole in the head chunk is decrypted from there.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* The smallest chunk: several small handshake records share one, while a
 * larger write (a full record) gets a chunk of its own size. */
#define CHUNK_MIN ((size_t)4096)

/* The smallest record whose buffer is adopted rather than copied: the
 * adopted buffer is a whole record buffer (about 17 KiB), too much memory
 * for a few bytes, and a short copy costs little. */
#define ADOPT_MIN ((size_t)8192)

typedef struct bio_chunk {
    struct bio_chunk *next;
    size_t cap;          /* bytes of data */
    size_t start;        /* first unread byte */
    size_t end;          /* one past the last written byte */
    unsigned char *data; /* just after the header, or an adopted block */
} bio_chunk;

struct sslite_memorybio {
    int refs; /* atomic */
    bio_chunk *head, *tail;
    size_t pending;
    size_t reserved; /* bytes handed out by reserve() at tail->end */
    int eof_written;
    /* The error slot is allocated by the first error: an sslite_error is
     * 800 bytes, and a connection has two BIOs that rarely fail. */
    sslite_error *err;
    int err_lost; /* the last error found no memory for its slot */
    size_t zc_in, zc_out; /* bytes skipped / adopted (tests check the paths) */
};

static void chunk_free(bio_chunk *c)
{
    if (c->data != (unsigned char *)(c + 1))
        sslite__free(c->data);
    sslite__free(c);
}

/* What error() shows before any error, and after one whose slot could
 * not be allocated. */
static const sslite_error no_error;
static const sslite_error lost_error = {.type = SSLITE_ERR_MEMORY, .errnum = ENOMEM,
                                        .message = "out of memory"};

/* The slot for an error about to be set, or NULL (the error helpers
 * accept it) when there is no memory for one; see err_ret(). */
static sslite_error *err_slot(sslite_memorybio *bio)
{
    if (bio->err == NULL)
        bio->err = sslite__calloc(1, sizeof(*bio->err));
    bio->err_lost = bio->err == NULL;
    return bio->err;
}

/* An error helper's return value, or MemoryError when its slot was lost. */
static int err_ret(const sslite_memorybio *bio, int ret)
{
    return bio->err_lost ? SSLITE_ERR_MEMORY : ret;
}

static void err_clear(sslite_memorybio *bio)
{
    sslite_error_clear(bio->err);
    bio->err_lost = 0;
}

sslite_memorybio *sslite_memorybio_new(void)
{
    sslite_memorybio *bio = sslite__calloc(1, sizeof(*bio));
    if (bio != NULL)
        bio->refs = 1;
    return bio;
}

sslite_memorybio *sslite_memorybio_ref(sslite_memorybio *bio)
{
    if (bio != NULL)
        __atomic_add_fetch(&bio->refs, 1, __ATOMIC_ACQ_REL);
    return bio;
}

void sslite_memorybio_free(sslite_memorybio *bio)
{
    bio_chunk *c, *next;

    if (bio == NULL || __atomic_sub_fetch(&bio->refs, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    for (c = bio->head; c != NULL; c = next) {
        next = c->next;
        chunk_free(c);
    }
    sslite__free(bio->err);
    sslite__free(bio);
}

const sslite_error *sslite_memorybio_error(const sslite_memorybio *bio)
{
    if (bio->err_lost)
        return &lost_error;
    return bio->err != NULL ? bio->err : &no_error;
}

/* A chunk with room for at least `need` bytes, appended to the list. */
static bio_chunk *new_tail(sslite_memorybio *bio, size_t need)
{
    bio_chunk *c;
    size_t cap = need > CHUNK_MIN ? need : CHUNK_MIN;

    if (cap > SIZE_MAX - sizeof(*c))
        return NULL;
    c = sslite__malloc(sizeof(*c) + cap);
    if (c == NULL)
        return NULL;
    c->cap = cap;
    c->next = NULL;
    c->start = c->end = 0;
    c->data = (unsigned char *)(c + 1);
    if (bio->tail != NULL)
        bio->tail->next = c;
    else
        bio->head = c;
    bio->tail = c;
    return c;
}

/* Free the drained chunks at the head, except a tail that a reservation
 * (reserve() not yet committed) points into. */
static void release_drained(sslite_memorybio *bio)
{
    bio_chunk *c;

    while ((c = bio->head) != NULL && c->start == c->end &&
           !(c == bio->tail && bio->reserved > 0)) {
        bio->head = c->next;
        if (bio->head == NULL)
            bio->tail = NULL;
        chunk_free(c);
    }
}

size_t sslite__memorybio_held(const sslite_memorybio *bio)
{
    size_t n = 0;

    for (const bio_chunk *c = bio->head; c != NULL; c = c->next)
        n += c->cap;
    return n;
}

int sslite__memorybio_append(sslite_memorybio *bio, const unsigned char *buf, size_t len)
{
    bio_chunk *t = bio->tail;
    size_t room;

    bio->reserved = 0; /* any reservation is void once other bytes are appended */
    if (len == 0)
        return 0;
    room = t != NULL ? t->cap - t->end : 0;
    if (room > 0) {
        size_t n = len < room ? len : room;
        memcpy(t->data + t->end, buf, n);
        t->end += n;
        bio->pending += n;
        buf += n;
        len -= n;
    }
    if (len > 0) {
        /* The rest goes into one new chunk: a large write costs one
         * allocation, not many. */
        t = new_tail(bio, len);
        if (t == NULL)
            return err_ret(bio, sslite__err_nomem(err_slot(bio)));
        memcpy(t->data, buf, len);
        t->end = len;
        bio->pending += len;
    }
    return 0;
}

unsigned char *sslite__memorybio_adopt(sslite_memorybio *bio, unsigned char *block, size_t off,
                                      size_t len, size_t size)
{
    bio_chunk *c;
    unsigned char *fresh;

    if (len < ADOPT_MIN || off > size || len > size - off)
        return NULL;
    c = sslite__malloc(sizeof(*c));
    fresh = sslite__malloc(size);
    if (c == NULL || fresh == NULL) {
        /* Declined: the caller copies, and reports the memory error if
         * that fails too. */
        sslite__free(c);
        sslite__free(fresh);
        return NULL;
    }
    bio->reserved = 0; /* as append(): bytes now follow any reservation */
    c->next = NULL;
    c->cap = size;
    c->start = off;
    c->end = off + len;
    c->data = block;
    if (bio->tail != NULL)
        bio->tail->next = c;
    else
        bio->head = c;
    bio->tail = c;
    bio->pending += len;
    bio->zc_out += len;
    return fresh;
}

void sslite__memorybio_skip(sslite_memorybio *bio, size_t n)
{
    if (sslite_memorybio_consume(bio, n) == 0)
        bio->zc_in += n;
}

size_t sslite__memorybio_zero_copied(const sslite_memorybio *bio, int out)
{
    return out ? bio->zc_out : bio->zc_in;
}

sslite_ssize_t sslite_memorybio_write(sslite_memorybio *bio, const void *buf, size_t len)
{
    int ret = 0;

    err_clear(bio);
    if (bio->eof_written) {
        /* CPython raises SSLError with one argument and no errno; its str()
         * is the repr of the args tuple. */
        return err_ret(bio, sslite__err_set(err_slot(bio), SSLITE_ERR_SSL, 0, NULL, NULL,
                                            "('cannot write() after write_eof()',)"));
    }
    if (len > (size_t)PTRDIFF_MAX)
        return err_ret(bio, sslite__err_value(err_slot(bio), "string longer than %td bytes",
                                              (ptrdiff_t)PTRDIFF_MAX));
    if (buf == NULL && len > 0)
        return err_ret(bio, sslite__err_type(err_slot(bio),
                                             "a bytes-like object is required, not 'NoneType'"));
    SSLITE_GUARD(sslite__memorybio_append(bio, buf, len));
out:
    return ret < 0 ? ret : (sslite_ssize_t)len;
}

void sslite_memorybio_write_eof(sslite_memorybio *bio)
{
    bio->eof_written = 1;
}

sslite_ssize_t sslite_memorybio_read(sslite_memorybio *bio, void *buf, sslite_ssize_t n, size_t bufsize)
{
    unsigned char *p = buf;
    size_t want, done = 0;

    err_clear(bio);
    want = n < 0 || (size_t)n > bio->pending ? bio->pending : (size_t)n;
    if (want > bufsize)
        want = bufsize;
    if (want > (size_t)PTRDIFF_MAX)
        want = (size_t)PTRDIFF_MAX;
    if (want > 0 && buf == NULL)
        return err_ret(bio, sslite__err_type(err_slot(bio), "read() needs a buffer"));
    while (done < want) {
        bio_chunk *c = bio->head;
        size_t avail = c->end - c->start;
        size_t k = want - done < avail ? want - done : avail;

        memcpy(p + done, c->data + c->start, k);
        c->start += k;
        done += k;
        release_drained(bio);
    }
    bio->pending -= done;
    return (sslite_ssize_t)done;
}

size_t sslite_memorybio_pending(const sslite_memorybio *bio)
{
    return bio->pending;
}

int sslite_memorybio_eof(const sslite_memorybio *bio)
{
    return bio->eof_written && bio->pending == 0;
}

const unsigned char *sslite_memorybio_peek(const sslite_memorybio *bio, size_t *len)
{
    const bio_chunk *c = bio->head;

    /* Chunks ahead of the first unread byte are dropped as they drain, but
     * an empty chunk can sit at the head when a reservation opened it. */
    while (c != NULL && c->start == c->end)
        c = c->next;
    if (c == NULL) {
        *len = 0;
        return NULL;
    }
    *len = c->end - c->start;
    return c->data + c->start;
}

int sslite_memorybio_consume(sslite_memorybio *bio, size_t n)
{
    err_clear(bio);
    if (n > bio->pending)
        return err_ret(bio, sslite__err_value(err_slot(bio),
                                              "cannot consume %zu bytes: only %zu pending", n,
                                              bio->pending));
    while (n > 0) {
        bio_chunk *c = bio->head;
        size_t avail = c->end - c->start;
        size_t k = n < avail ? n : avail;

        c->start += k;
        n -= k;
        bio->pending -= k;
        release_drained(bio);
    }
    return 0;
}

unsigned char *sslite_memorybio_reserve(sslite_memorybio *bio, size_t len)
{
    bio_chunk *t;

    err_clear(bio);
    bio->reserved = 0;
    release_drained(bio); /* an earlier reservation's empty chunk */
    t = bio->tail;
    if (bio->eof_written) {
        sslite__err_set(err_slot(bio), SSLITE_ERR_SSL, 0, NULL, NULL,
                        "('cannot write() after write_eof()',)");
        return NULL;
    }
    if (t == NULL || t->cap - t->end < len) {
        if ((t = new_tail(bio, len)) == NULL) {
            sslite__err_nomem(err_slot(bio));
            return NULL;
        }
    }
    bio->reserved = len;
    return t->data + t->end;
}

int sslite_memorybio_commit(sslite_memorybio *bio, size_t n)
{
    err_clear(bio);
    if (n > bio->reserved)
        return err_ret(bio, sslite__err_value(err_slot(bio),
                                              "cannot commit %zu bytes: only %zu reserved", n,
                                              bio->reserved));
    if (n == 0) {
        bio->reserved = 0;
        release_drained(bio);
        return 0;
    }
    bio->tail->end += n;
    bio->pending += n;
    bio->reserved = 0;
    return 0;
}
