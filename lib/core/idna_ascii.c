/*
 * sslite: the 'idna' codec's fast path for an all-ASCII server_hostname,
 * shared by the full codec (core/idna.c) and the ASCII-only build
 * (core/no_idna.c): the name passes unchanged once each label has 1 to 63
 * bytes (the last may be empty: a trailing dot).
 */
#include <string.h>
#include "internal.h"

int sslite__idna_ascii_check(const char *name, sslite_error *err)
{
    const char *p = name;
    for (;;) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        if (dot == NULL)
            return len > SSLITE__IDNA_LABEL_MAX
                       ? sslite__err_value(err, SSLITE__IDNA_FAILED, "label too long")
                       : 0;
        if (len == 0 || len > SSLITE__IDNA_LABEL_MAX)
            return sslite__err_value(err, SSLITE__IDNA_FAILED, "label empty or too long");
        p = dot + 1;
    }
}
