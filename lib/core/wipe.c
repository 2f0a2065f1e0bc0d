/* sslite: wiping key material. */
#include "internal.h"

void sslite__wipe(void *buf, size_t len)
{
    /* Through a volatile pointer, so the stores are not optimised away. */
    volatile unsigned char *p = buf;
    while (len-- > 0)
        *p++ = 0;
}
