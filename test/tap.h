/*
 * sslite tests: a tiny TAP producer for Meson's `protocol: 'tap'`.
 * ok()/is_int()/is_str() report one test point each; done_testing() prints
 * the plan and returns the exit status.
 */
#ifndef SSLITE_TAP_H
#define SSLITE_TAP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

static int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5), unused));
#include <stdarg.h>
static int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    tap_n++;
    printf("%s %d - ", cond ? "ok" : "not ok", tap_n);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (!cond) {
        tap_failed++;
        printf("#   failed at %s:%d\n", file, line);
    }
    fflush(stdout);
    return cond;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...)                                                                \
    do {                                                                                      \
        long long tap_g_ = (long long)(got), tap_w_ = (long long)(want);                      \
        if (!ok(tap_g_ == tap_w_, __VA_ARGS__))                                               \
            printf("#   got %lld (0x%llx), want %lld (0x%llx)\n", tap_g_, tap_g_, tap_w_, tap_w_); \
    } while (0)
#define is_str(got, want, ...)                                                                \
    do {                                                                                      \
        const char *tap_g_ = (got), *tap_w_ = (want);                                         \
        int tap_c_ = (tap_g_ == NULL && tap_w_ == NULL) ||                                    \
                     (tap_g_ && tap_w_ && strcmp(tap_g_, tap_w_) == 0);                       \
        if (!ok(tap_c_, __VA_ARGS__))                                                         \
            printf("#   got  \"%s\"\n#   want \"%s\"\n", tap_g_ ? tap_g_ : "(null)",           \
                   tap_w_ ? tap_w_ : "(null)");                                               \
    } while (0)
#define diag(...) (printf("# "), printf(__VA_ARGS__), printf("\n"))
#define skip_all(why) do { printf("1..0 # SKIP %s\n", (why)); return 0; } while (0)

static int __attribute__((unused)) done_testing(void)
{
    printf("1..%d\n", tap_n);
    return tap_failed ? 1 : 0;
}

#endif /* SSLITE_TAP_H */
