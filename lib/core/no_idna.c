/*
 * sslite: server_hostname in a build without the idna codec's tables
 * (-Didna=disabled, the client-only size profile).  ASCII names behave as
 * in a full build; a non-ASCII one is the ValueError CPython raises when
 * the codec refuses a name, saying why.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

int sslite__idna_encode(const char *name, char **out, sslite_error *err)
{
    *out = NULL;
    for (const char *p = name; *p != '\0'; p++)
        if ((unsigned char)*p >= 0x80)
            return sslite__err_value(err, SSLITE__IDNA_FAILED,
                                     "non-ASCII host names need the idna tables, "
                                     "left out of this build (-Didna=disabled)");
    int r = sslite__idna_ascii_check(name, err);
    if (r != 0)
        return r;
    *out = sslite__strdup(name);
    return *out != NULL ? 0 : sslite__err_nomem(err);
}
