/*
 * sslite: certificates as CPython shows them (getpeercert() dicts, chains,
 * the CA store, module helpers).  Filled in by the certificate issue.
 */
#ifndef SSLITE_CERT_H
#define SSLITE_CERT_H

#include "export.h"
#include "types.h"
#include "error.h"

#endif /* SSLITE_CERT_H */
