/* sslite command-line tool: the few JSON shapes it prints. */
#ifndef SSLITE_TOOL_JSON_OUT_H
#define SSLITE_TOOL_JSON_OUT_H

#include <stdio.h>
#include <sslite/sslite.h>

/* A JSON string for s (null when s is NULL). */
void tool_json_str(FILE *out, const char *s);

/* One line {"error":{...}} for err, each field null where Python has None. */
void tool_json_error(FILE *out, const sslite_error *err);

/* One line {"error":{...}} for an OSError raised by the tool itself
 * (connect, bind, ...): errnum is errno, message CPython's "[Errno N] text". */
void tool_json_oserror(FILE *out, int errnum);

/* One line {"error":{...}} with a plain message, e.g. for a getaddrinfo()
 * failure (socket.gaierror is an OSError with errno EAI_*). */
void tool_json_error_msg(FILE *out, int type, int errnum, const char *message);

/* The connection facts shared by client and server, as JSON members
 * (no braces): "version":…,"cipher":[…],"peercert":…,"alpn":…,
 * "session_reused":… */
void tool_json_session(FILE *out, sslite_socket *s);

/* Parse "TLSv1.2" / "TLSv1.3" (also "TLSv1_2", "1.2", "MINIMUM_SUPPORTED",
 * "MAXIMUM_SUPPORTED") into an SSLITE_TLSVersion_* value; 0 if unknown. */
int tool_parse_version(const char *s);

/* Parse "none" / "optional" / "required" into SSLITE_CERT_*; -1 if unknown. */
int tool_parse_verify(const char *s);

/* Apply "P1,P2,..." as the context's ALPN protocols.  Negative on error
 * (details in the context's error slot, or *err for a bad list). */
int tool_set_alpn(sslite_context *ctx, const char *list, sslite_error *err);

/* set_ciphers(ciphers), the error copied to *err. */
int tool_set_ciphers(sslite_context *ctx, const char *ciphers, sslite_error *err);

#endif
