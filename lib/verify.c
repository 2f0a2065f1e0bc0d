/*
 * sslite: OpenSSL's verify codes and texts.  Placeholder table; filled in
 * by issue 3.
 */
#include "internal.h"

const char *sslite__verify_message(long code)
{
    switch (code) {
    case 10: return "certificate has expired";
    case 18: return "self-signed certificate";
    case 19: return "self-signed certificate in certificate chain";
    case 20: return "unable to get local issuer certificate";
    default: return "unknown certificate verification error";
    }
}
