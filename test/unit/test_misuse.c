/* Bad values given to the public API: each gets an error of the right kind
 * with a message, never a crash (this test also runs under ASan, UBSan and
 * valgrind in CI).  Handles themselves must be valid, as in any C API. */
#include <stdlib.h>
#include <unistd.h>
#include "tap.h"
#include <sslite/sslite.h>

int main(void)
{
    sslite_error err;
    sslite_context *c = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
    sslite_context *srv = sslite_context_new(SSLITE_PROTOCOL_TLS_SERVER, &err);
    const char *bad_alpn[] = {"h2", ""};
    const char *long_alpn[] = {"x"};
    unsigned char *der = NULL;
    size_t der_len = 0;
    int64_t t;
    int sv[2];

    ok(sslite_context_new(-1, NULL) == NULL, "a bad protocol with a NULL error slot");
    is_int(sslite_context_set_ciphers(c, ""), SSLITE_ERR_SSL, "set_ciphers(\"\")");
    is_int(sslite_context_set_ciphers(c, "NOT-A-CIPHER"), SSLITE_ERR_SSL, "set_ciphers(unknown)");
    ok(sslite_context_error(c)->message[0] != '\0', "with a message: %s", sslite_context_error(c)->message);
    is_int(sslite_context_set_ciphers(c, "DEFAULT"), 0, "and the context still works");

    is_int(sslite_context_load_cert_chain(c, "", NULL, NULL, NULL, NULL), SSLITE_ERR_OS, "load_cert_chain(\"\")");
    is_int(sslite_context_load_cert_chain(c, NULL, NULL, NULL, NULL, NULL), SSLITE_ERR_TYPE, "load_cert_chain(NULL)");
    is_int(sslite_context_load_cert_chain(c, "/dev/null", NULL, NULL, NULL, NULL), SSLITE_ERR_SSL, "an empty certificate file");
    is_int(sslite_context_load_verify_locations(c, NULL, "/nonexistent-dir", NULL, 0, 0), SSLITE_ERR_OS, "capath missing");
    is_int(sslite_context_load_verify_locations(c, "/dev/null", NULL, NULL, 0, 0), SSLITE_ERR_SSL, "an empty cafile");
    is_int(sslite_context_load_verify_locations(c, NULL, NULL, "\x30\x82\xff", 3, SSLITE_CADATA_DER), SSLITE_ERR_SSL, "truncated DER cadata");
    is_int(sslite_context_load_verify_locations(c, NULL, NULL, "x", 1, 7), SSLITE_ERR_TYPE, "unknown cadata type");

    is_int(sslite_context_set_alpn_protocols(c, bad_alpn, 2), SSLITE_ERR_VALUE, "an empty ALPN name");
    is_int(sslite_context_set_alpn_protocols(c, long_alpn, 1), 0, "one ALPN name");
    is_int(sslite_context_set_alpn_protocols(c, NULL, 0), 0, "no ALPN names clears the list");

    is_int(sslite_context_set_maximum_version(c, 0x9999), SSLITE_ERR_VALUE, "maximum_version junk");
    is_int(sslite_context_set_verify_mode(c, -3), SSLITE_ERR_VALUE, "verify_mode junk");
    is_int(sslite_context_set_num_tickets(srv, -1), SSLITE_ERR_VALUE, "num_tickets < 0");
    is_int(sslite_context_load_default_certs(c, 42), SSLITE_ERR_TYPE, "load_default_certs(42)");
    ok(sslite_create_default_context(0, NULL, NULL, NULL, 0, 0, &err) == NULL && err.type == SSLITE_ERR_TYPE,
       "create_default_context(purpose 0)");

    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    ok(sslite_context_wrap_socket(c, sv[0], 0, 1, 1, "", NULL, &err) == NULL && err.type == SSLITE_ERR_VALUE,
       "server_hostname \"\": %s", err.message);
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv + 0);
    ok(sslite_context_wrap_socket(c, sv[0], 0, 1, 1, ".example", NULL, &err) == NULL && err.type == SSLITE_ERR_VALUE,
       "server_hostname with a leading dot");
    close(sv[1]);
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    ok(sslite_context_wrap_socket(srv, sv[0], 1, 1, 1, NULL, NULL, &err) == NULL &&
       err.type == SSLITE_ERR_NOT_IMPLEMENTED, "a datagram socket: %s", err.message);
    close(sv[1]);
    ok(sslite_context_wrap_socket(c, 12345, 0, 1, 1, "x", NULL, &err) == NULL && err.type == SSLITE_ERR_OS,
       "a closed descriptor: %s", err.message);

    ok(sslite_certdict_from_der(NULL, 0, &err) == NULL && err.type != SSLITE_OK, "decode no bytes");
    ok(sslite_certdict_from_der((const unsigned char *)"\x30\x03\x02\x01\x01", 5, &err) == NULL &&
       err.type != SSLITE_OK, "decode garbage DER: %s", err.message);
    ok(sslite_certdict_from_pem("", 0, &err) == NULL && err.type != SSLITE_OK, "decode empty PEM");
    is_int(sslite_PEM_cert_to_DER_cert("", 0, &der, &der_len, &err), SSLITE_ERR_VALUE, "PEM_cert_to_DER_cert(\"\")");
    /* base64.decodebytes drops what is not base64: CPython returns b'' here. */
    is_int(sslite_PEM_cert_to_DER_cert("-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n", 57,
                                       &der, &der_len, &err), 0, "non-base64 body decodes leniently");
    is_int(der_len, 0, "to nothing, as CPython's b''");
    free(der);
    is_int(sslite_cert_time_to_seconds("", &t, &err), SSLITE_ERR_VALUE, "cert_time_to_seconds(\"\")");
    /* strptime checks 1..31 only, and timegm rolls over: CPython says 1583020800. */
    is_int(sslite_cert_time_to_seconds("Feb 30 00:00:00 2020 GMT", &t, &err), 0, "Feb 30 as CPython");
    is_int(t, 1583020800, "rolls over to Mar 1");
    is_int(sslite_cert_time_to_seconds("Feb 32 00:00:00 2020 GMT", &t, &err), SSLITE_ERR_VALUE, "day 32");
    ok(sslite_test_decode_cert("/nonexistent", &err) == NULL && err.type == SSLITE_ERR_OS, "decode a missing file");
    ok(sslite_get_server_certificate("127.0.0.1", 1, 0, NULL, 2.0, &err) == NULL && err.type == SSLITE_ERR_OS,
       "get_server_certificate to a closed port: %s", err.message);

    {
        sslite_memorybio *b = sslite_memorybio_new();
        char buf[4];
        is_int(sslite_memorybio_write(b, NULL, 0), 0, "MemoryBIO write of nothing");
        is_int(sslite_memorybio_read(b, buf, -1, sizeof(buf)), 0, "MemoryBIO read(-1) when empty");
        is_int(sslite_memorybio_read(b, buf, 0, sizeof(buf)), 0, "MemoryBIO read(0)");
        sslite_memorybio_write_eof(b);
        ok(sslite_memorybio_write(b, "x", 1) < 0, "write after write_eof: %s", sslite_memorybio_error(b)->message);
        sslite_memorybio_free(b);
    }
    is_int(sslite_RAND_bytes(NULL, 0, &err), 0, "RAND_bytes(0)");

    sslite_context_free(c);
    sslite_context_free(srv);
    return done_testing();
}
