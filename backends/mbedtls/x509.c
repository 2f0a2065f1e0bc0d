/* sslite: placeholder until its issue lands. */
#include "mbedtls_internal.h"

typedef int sslite__placeholder_mbed_x509;
