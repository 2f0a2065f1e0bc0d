/*
 * sslite: hostname matching.  Placeholder (exact DNS match); OpenSSL's
 * full rules are filled in by issue 3.
 */
#include <strings.h>
#include "internal.h"

long sslite__check_hostname(const char *hostname, const sslite_cert_names *names,
                            int allow_common_name)
{
    (void)allow_common_name;
    for (size_t i = 0; i < names->ndns; i++)
        if (strcasecmp(names->dns[i], hostname) == 0)
            return 0;
    return sslite__is_ip_literal(hostname) ? 64 : 62;
}
