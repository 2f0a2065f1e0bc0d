/*
 * sslite: cipher selection with OpenSSL's cipher-string grammar
 * (SSLContext.set_ciphers / get_ciphers).  Filled in by the cipher issue.
 */
#ifndef SSLITE_CIPHERS_H
#define SSLITE_CIPHERS_H

#include "export.h"
#include "types.h"
#include "error.h"

#endif /* SSLITE_CIPHERS_H */
