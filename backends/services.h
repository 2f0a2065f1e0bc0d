/*
 * sslite: the services the semantic layer (lib/) offers a backend: error
 * slots filled in CPython's formats, the guard macros, OpenSSL's hostname
 * rules and alert names, file reading.  A backend includes this and
 * backend.h, never lib/internal.h.  Not installed.
 */
#ifndef SSLITE_SERVICES_H
#define SSLITE_SERVICES_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "sslite/sslite.h" /* the public types and constants */
#include "config.h"

/* Read-modify-write atomics (reference counts, counters, the RNG epoch)
 * all use __ATOMIC_ACQ_REL, even where relaxed would do: on aarch64 gcc
 * calls one libgcc helper per width and memory order, so one order keeps
 * two helpers out of every program, at no cost worth measuring. */

/* ---- locking (lib/posix/threads_pthread.c, or lib/core/threads_hooks.c) ----
 * A threads=enabled build locks with pthread; otherwise with the mutex hooks
 * the application registered (<sslite/platform.h>), and not at all when it
 * registered none (a single-threaded device).  Shaped like pthread's. */
#if SSLITE_WITH_PTHREAD
#include <pthread.h>
typedef pthread_mutex_t sslite__mutex_t;
typedef pthread_once_t sslite__once_t;
#define SSLITE__ONCE_INIT PTHREAD_ONCE_INIT
#else
typedef struct sslite__mutex_t {
    void *handle; /* the hooks' mutex; NULL without hooks */
} sslite__mutex_t;
typedef struct sslite__once_t {
    int state; /* atomic: 0 not run, 1 done */
} sslite__once_t;
#define SSLITE__ONCE_INIT {0}
#endif
/* 0, or -1 when no mutex could be made (out of memory). */
int sslite__mutex_init(sslite__mutex_t *m);
void sslite__mutex_destroy(sslite__mutex_t *m);
void sslite__mutex_lock(sslite__mutex_t *m);
void sslite__mutex_unlock(sslite__mutex_t *m);
/* Run fn exactly once however many threads ask at the same time. */
void sslite__once(sslite__once_t *once, void (*fn)(void));
/* The registered mutex hooks: 1 and *out set, or 0 (none, or a pthread
 * build).  For a backend that locks its TLS library through them. */
int sslite__mutex_hooks(const sslite_mutex_hooks **out);

/* ---- memory (lib/core/alloc.c; the arena in lib/core/arena.c) ----
 * Every allocation of sslite's own goes through these, so that the hooks or
 * the arena of <sslite/alloc.h> see it; the C library's malloc family is
 * called here only.  Memory that another allocator made (getaddrinfo's,
 * opendir's) goes back to that allocator's own release function.  The
 * backend points its TLS library at sslite__calloc/sslite__free. */
void *sslite__malloc(size_t n);
void *sslite__calloc(size_t n, size_t size);
void *sslite__realloc(void *p, size_t n);
void sslite__free(void *p);
char *sslite__strdup(const char *s);

/* The arena (lib/core/arena.c): a first-fit free list over one buffer. */
int sslite__arena_setup(void *buf, size_t len);
void *sslite__arena_alloc(size_t n);
void *sslite__arena_realloc(void *p, size_t n);
void sslite__arena_free(void *p);
void sslite__arena_usage(size_t *in_use, size_t *peak, size_t *size);

/* ---- platform hooks (lib/core/platform.c) ---- */
/* 0 while hooks may still be registered, else ValueError in err. */
int sslite__platform_check_open(sslite_error *err);
/* The first use of the library: hooks are read from now on. */
void sslite__platform_freeze(void);
/* 1 when the application registered an entropy source. */
int sslite__platform_has_entropy(void);
/* len bytes from the application's source: 0, or -1 (none, or it failed). */
int sslite__platform_entropy(unsigned char *buf, size_t len);
/* Seconds since 1970 UTC for validity checks; *known (may be NULL) is 0
 * when the clock is unset and the clock floor is returned instead. */
int64_t sslite__platform_time(int *known);

/* ---- errors (lib/core/error.c) ---- */

/* Fill err (NULL-safe) and return type.  Messages end in "(file.c:line)" as
 * CPython's end in "(_ssl.c:1006)" (SSLITE__WHERE). */
int sslite__err_setv(sslite_error *err, int type, int errnum, const char *library,
                     const char *reason, const char *fmt, va_list ap)
    __attribute__((format(printf, 6, 0)));
int sslite__err_set(sslite_error *err, int type, int errnum, const char *library,
                    const char *reason, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* An error of `type` with a plain message (no errno, library or reason);
 * ValueError, TypeError and NotImplementedError through the macros (one
 * function: each varargs function costs its register save area). */
int sslite__err_plain(sslite_error *err, int type, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define sslite__err_value(err, ...) sslite__err_plain((err), SSLITE_ERR_VALUE, __VA_ARGS__)
#define sslite__err_type(err, ...) sslite__err_plain((err), SSLITE_ERR_TYPE, __VA_ARGS__)
#define sslite__err_notimpl(err, ...)                                                         \
    sslite__err_plain((err), SSLITE_ERR_NOT_IMPLEMENTED, __VA_ARGS__)
/* OSError "[Errno N] strerror(N)". */
int sslite__err_os(sslite_error *err, int errnum);
/* MemoryError. */
int sslite__err_nomem(sslite_error *err);
/* TimeoutError with CPython's message ("The read operation timed out"). */
int sslite__err_timeout(sslite_error *err, const char *what);
/* An error of the SSLError family, formatted "[LIB: REASON] text (file:line)",
 * or "text (file:line)" when reason is NULL.  type is an SSLITE_ERR_* of that
 * family; errnum the matching SSLITE_SSL_ERROR_*.  A NULL text is the
 * reason's (sslite__reason_text). */
/* OpenSSL's reason string where it is the mnemonic in lower case with ' '
 * for '_' (NO_SHARED_CIPHER, "no shared cipher"), into text (truncated). */
void sslite__reason_text(const char *reason, char *text, size_t size);
int sslite__err_ssl(sslite_error *err, int type, const char *library, const char *reason,
                    const char *text, const char *file, int line);
/* SSLCertVerificationError for OpenSSL verify code `code`; hostname is the
 * name checked (for codes 62/64) or NULL. */
int sslite__err_verify(sslite_error *err, long code, const char *hostname, const char *file,
                       int line);
/* Copy one error into another (NULL-safe both sides). */
void sslite__err_copy(sslite_error *dst, const sslite_error *src);

#ifdef __FILE_NAME__
#define SSLITE__FILE __FILE_NAME__
#else
#define SSLITE__FILE __FILE__
#endif
/* "context.c:123", where CPython shows "_ssl.c:1006": the file name and the
 * line as two arguments (const char *file, int line), so that one string
 * per file serves all its errors. */
#define SSLITE__WHERE SSLITE__FILE, __LINE__

/* OpenSSL's text for an X509_V_ERR_* code (lib/compat/verify.c). */
const char *sslite__verify_message(long code);

/* Guard macros (s2n style): the function has `int ret` and an `out:` label. */
#define SSLITE_GUARD(expr)                                                                    \
    do {                                                                                      \
        int sslite_guard_r_ = (expr);                                                         \
        if (sslite_guard_r_ < 0) {                                                            \
            ret = sslite_guard_r_;                                                            \
            goto out;                                                                         \
        }                                                                                     \
    } while (0)
#define SSLITE_GUARD_PTR(ptr, errslot)                                                        \
    do {                                                                                      \
        if ((ptr) == NULL) {                                                                  \
            ret = sslite__err_nomem(errslot);                                                 \
            goto out;                                                                         \
        }                                                                                     \
    } while (0)

/* ---- files (lib/posix/file.c; lib/core/wipe.c) ---- */
/* The whole file at path in a malloc'd, NUL-terminated *out (*len bytes,
 * the terminator not counted); errno failures (ENOENT, EISDIR...) are
 * OSError as CPython reports them.  Copies left behind while growing are
 * wiped: key material passes through. */
int sslite__read_file(const char *path, unsigned char **out, size_t *len, sslite_error *err);
/* Call fn with each entry name of the directory at path (any order, "."
 * and ".." included) until it returns nonzero, which is returned; 0 at the
 * end, or OSError when the directory cannot be opened.  Without the
 * filesystem, both are NotImplementedError. */
int sslite__dir_each(const char *path, int (*fn)(void *ud, const char *name), void *ud,
                     sslite_error *err);
/* Zero len bytes at buf in a way the compiler keeps. */
void sslite__wipe(void *buf, size_t len);

/* ---- hostname matching (lib/compat/hostname.c) ---- */
/* Names taken from the peer's leaf certificate by the backend. */
typedef struct sslite_cert_names {
    const char *const *dns;   size_t ndns;   /* subjectAltName dNSName */
    const unsigned char *const *ips; const size_t *iplens; size_t nips; /* iPAddress, 4 or 16 bytes */
    const char *const *cns;   size_t ncns;   /* subject commonName values */
} sslite_cert_names;
/* OpenSSL's X509_check_host / X509_check_ip rules as CPython applies them.
 * Returns 0 on a match, else the verify code to report: 62 (hostname
 * mismatch) or 64 (IP address mismatch). */
long sslite__check_hostname(const char *hostname, const sslite_cert_names *names,
                            int allow_common_name);
/* An address literal as OpenSSL's a2i_IPADDRESS reads it (the test CPython
 * uses to decide between an IP check without SNI and a name check): 4 or 16
 * with the bytes in out, or 0 when s is a name. */
int sslite__parse_ip(const char *s, unsigned char out[16]);

/* TLS alerts as OpenSSL reports them (lib/compat/verify.c): the reason mnemonic
 * CPython shows ("TLSV1_ALERT_UNKNOWN_CA") into mnemonic, or "" where CPython
 * has none, and OpenSSL's text ("tlsv1 alert unknown ca") into text; 0 for
 * an unknown alert. */
#define SSLITE__ALERT_MNEMONIC_MAX 48
int sslite__alert_reason(int alert, char mnemonic[SSLITE__ALERT_MNEMONIC_MAX],
                        char text[SSLITE__ALERT_MNEMONIC_MAX]);
/* The alert OpenSSL sends when verification fails with `code`. */
int sslite__verify_alert(long code);

#endif /* SSLITE_SERVICES_H */
