/*
 * sslite's one JSON writer: a growing buffer and Python's json.dumps()
 * string rules (ensure_ascii: \uXXXX escapes, surrogate pairs past U+FFFF).
 * Used by lib/json.c (certificate dicts) and compiled into the sslite CLI
 * (tools/), which prints all of its JSON through it.
 */
#ifndef SSLITE_JSONW_H
#define SSLITE_JSONW_H

#include <stddef.h>

typedef struct sslite__json {
    char *p;          /* NUL-terminated text, NULL while empty */
    size_t len, cap;
    int failed;       /* out of memory: every later put is ignored */
} sslite__json;

void sslite__json_put(sslite__json *o, const char *s, size_t n);
void sslite__json_puts(sslite__json *o, const char *s);
/* A JSON string for len bytes of UTF-8 at s, as json.dumps() writes it;
 * bytes that are not UTF-8 come out as U+FFFD. */
void sslite__json_str(sslite__json *o, const char *s, size_t len);
/* The text (the caller frees it), or NULL (and the buffer freed) when
 * memory ran out; the writer is empty again afterwards. */
char *sslite__json_take(sslite__json *o);

#endif
