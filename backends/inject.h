/*
 * sslite: record injection, for the fuzzers (linked into the library of
 * -Dfuzzing=true builds) and the hostile-peer tests (their own static
 * library); never part of a normal libsslite.  Not public API.
 */
#ifndef SSLITE_INJECT_H
#define SSLITE_INJECT_H

#include <stddef.h>
#include "sslite/types.h"

/* Make an SSLObject whose handshake is over send one record of content
 * type `type` carrying `len` bytes of `buf` as its plaintext, protected
 * with its current keys (a TLS 1.3 handshake record of KeyUpdate, an
 * alert, a NewSessionTicket, a CertificateRequest nobody asked for,
 * garbage...), into its outgoing BIO, as a hostile peer would.  Returns 0,
 * or -1 if the record could not be sent (handshake not over, too long, an
 * Mbed TLS error).  The object keeps no trace of it: its transcript and
 * state are what they were. */
int sslite__inject_record(sslite_object *obj, int type, const void *buf, size_t len);

#endif
