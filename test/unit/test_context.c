/* SSLContext defaults and setter rules, as CPython 3.13 prints them. */
#include "tap.h"
#include <stdlib.h>
#include <unistd.h>
#include <sslite/sslite.h>

int main(void)
{
    sslite_error err;
    sslite_context *c = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);

    ok(c != NULL, "client context");
    is_int(sslite_context_get_options(c), 0x82520050, "default options");
    is_int(sslite_context_get_verify_flags(c), 0x8000, "default verify_flags");
    is_int(sslite_context_get_verify_mode(c), SSLITE_CERT_REQUIRED, "client verify_mode");
    is_int(sslite_context_get_check_hostname(c), 1, "client check_hostname");
    is_int(sslite_context_get_minimum_version(c), SSLITE_TLSVersion_TLSv1_2, "minimum_version");
    is_int(sslite_context_get_maximum_version(c), SSLITE_TLSVersion_MAXIMUM_SUPPORTED, "maximum_version");
    is_int(sslite_context_get_security_level(c), 2, "security_level");
    is_int(sslite_context_get_num_tickets(c), 2, "num_tickets");
    is_int(sslite_context_get_hostname_checks_common_name(c), 1, "hostname_checks_common_name");

    is_int(sslite_context_set_verify_mode(c, SSLITE_CERT_NONE), SSLITE_ERR_VALUE, "CERT_NONE with check_hostname");
    is_str(sslite_context_error(c)->message,
           "Cannot set verify_mode to CERT_NONE when check_hostname is enabled.", "message");
    is_int(sslite_context_set_verify_mode(c, 5), SSLITE_ERR_VALUE, "bad verify_mode");
    is_int(sslite_context_set_num_tickets(c, 3), SSLITE_ERR_VALUE, "num_tickets on client");
    is_str(sslite_context_error(c)->message, "SSLContext is not a server context.", "message");
    is_int(sslite_context_set_minimum_version(c, 0x305), SSLITE_ERR_VALUE, "bad version");
    is_str(sslite_context_error(c)->message, "Unsupported TLS/SSL version 0x305", "message");
    is_int(sslite_context_set_minimum_version(c, SSLITE_TLSVersion_MAXIMUM_SUPPORTED), 0, "min = MAX");
    is_int(sslite_context_get_minimum_version(c), SSLITE_TLSVersion_TLSv1_3, "reads back TLSv1_3");
    is_int(sslite_context_set_minimum_version(c, SSLITE_TLSVersion_MINIMUM_SUPPORTED), 0, "min = MIN");
    is_int(sslite_context_get_minimum_version(c), SSLITE_TLSVersion_MINIMUM_SUPPORTED, "reads back -2");

    sslite_context_set_check_hostname(c, 0);
    is_int(sslite_context_set_verify_mode(c, SSLITE_CERT_NONE), 0, "CERT_NONE without check_hostname");
    sslite_context_set_check_hostname(c, 1);
    is_int(sslite_context_get_verify_mode(c), SSLITE_CERT_REQUIRED, "check_hostname moves CERT_NONE to REQUIRED");

    is_int(sslite_context_load_cert_chain(c, "/nonexistent", NULL, NULL, NULL, NULL), SSLITE_ERR_OS, "missing certfile");
    is_str(sslite_context_error(c)->message, "[Errno 2] No such file or directory", "OSError message");
    is_int(sslite_context_load_verify_locations(c, NULL, NULL, NULL, 0, 0), SSLITE_ERR_TYPE, "nothing to load");
    is_str(sslite_context_error(c)->message, "cafile, capath and cadata cannot be all omitted", "message");
    is_int(sslite_context_load_verify_locations(c, NULL, NULL, "", 0, SSLITE_CADATA_PEM), SSLITE_ERR_VALUE, "empty cadata");
    is_str(sslite_context_error(c)->message, "Empty certificate data", "message");
    sslite_context_free(c);

    c = sslite_context_new(SSLITE_PROTOCOL_TLS_SERVER, &err);
    is_int(sslite_context_get_verify_mode(c), SSLITE_CERT_NONE, "server verify_mode");
    is_int(sslite_context_get_check_hostname(c), 0, "server check_hostname");
    is_int(sslite_context_set_num_tickets(c, -1), SSLITE_ERR_VALUE, "negative tickets");
    is_str(sslite_context_error(c)->message, "value must be non-negative", "message");
    is_int(sslite_context_set_num_tickets(c, 5), 0, "tickets on server");
    is_int(sslite_context_get_num_tickets(c), 5, "reads back");
    sslite_context_free(c);

    c = sslite_context_new(SSLITE_PROTOCOL_TLSv1_2, &err);
    ok(c != NULL, "PROTOCOL_TLSv1_2 works");
    is_int(sslite_context_set_minimum_version(c, SSLITE_TLSVersion_TLSv1_3), SSLITE_ERR_VALUE, "fixed-version protocol");
    sslite_context_free(c);

    ok(sslite_context_new(SSLITE_PROTOCOL_TLSv1, &err) == NULL, "PROTOCOL_TLSv1 unsupported");
    is_int(err.type, SSLITE_ERR_VALUE, "ValueError");
    is_str(err.message, "invalid or unsupported protocol version 3", "message");
    ok(sslite_context_new(99, &err) == NULL, "protocol 99");
    is_str(err.message, "invalid or unsupported protocol version 99", "message");

    c = sslite_create_default_context(SSLITE_Purpose_SERVER_AUTH, NULL, NULL, NULL, 0, 0, &err);
    ok(c != NULL, "create_default_context");
    is_int(sslite_context_get_verify_flags(c), 0x88020, "3.13 flags: STRICT|PARTIAL_CHAIN|TRUSTED_FIRST");
    is_str(sslite_context_get_keylog_filename(c), NULL, "no SSLKEYLOGFILE: no keylog_filename");
    sslite_context_free(c);

#if !SSLITE_HAS_KEYLOG
    /* No key log in this build: SSLKEYLOGFILE is ignored, as CPython's
     * create_default_context() does where the context has no
     * keylog_filename, and setting a name is NotImplementedError. */
    setenv("SSLKEYLOGFILE", "/nonexistent/dir/keylog", 1);
    c = sslite_create_default_context(SSLITE_Purpose_CLIENT_AUTH, NULL, NULL, NULL, 0, 0, &err);
    ok(c != NULL, "no key log: SSLKEYLOGFILE is ignored");
    is_int(c != NULL ? sslite_context_set_keylog_filename(c, "/tmp/k") : 0,
           SSLITE_ERR_NOT_IMPLEMENTED, "no key log: keylog_filename is NotImplementedError");
    is_int(c != NULL ? sslite_context_set_keylog_filename(c, NULL) : -1, 0,
           "no key log: clearing it succeeds");
    sslite_context_free(c);
    unsetenv("SSLKEYLOGFILE");
#else
    /* SSLKEYLOGFILE, as CPython's create_default_context() reads it: only
     * when set and not empty; sslite_context_new() ignores it. */
    {
        char path[] = "/tmp/sslite-keylog-XXXXXX";
        int fd = mkstemp(path);
        ok(fd >= 0, "a scratch keylog file");
        close(fd);
        setenv("SSLKEYLOGFILE", path, 1);
        c = sslite_create_default_context(SSLITE_Purpose_CLIENT_AUTH, NULL, NULL, NULL, 0, 0, &err);
        ok(c != NULL, "create_default_context with SSLKEYLOGFILE");
        is_str(c != NULL ? sslite_context_get_keylog_filename(c) : NULL, path,
               "SSLKEYLOGFILE becomes keylog_filename");
        sslite_context_free(c);
        c = sslite_context_new(SSLITE_PROTOCOL_TLS_CLIENT, &err);
        is_str(sslite_context_get_keylog_filename(c), NULL, "SSLContext() ignores SSLKEYLOGFILE");
        sslite_context_free(c);
        setenv("SSLKEYLOGFILE", "", 1);
        c = sslite_create_default_context(SSLITE_Purpose_CLIENT_AUTH, NULL, NULL, NULL, 0, 0, &err);
        is_str(c != NULL ? sslite_context_get_keylog_filename(c) : "?", NULL,
               "an empty SSLKEYLOGFILE is ignored");
        sslite_context_free(c);
        setenv("SSLKEYLOGFILE", "/nonexistent/dir/keylog", 1);
        c = sslite_create_default_context(SSLITE_Purpose_CLIENT_AUTH, NULL, NULL, NULL, 0, 0, &err);
        ok(c == NULL, "an SSLKEYLOGFILE that cannot be opened fails, as CPython's");
        is_int(err.type, SSLITE_ERR_OS, "OSError");
        is_int(err.errnum, 2, "errno ENOENT");
        sslite_context_free(c);
        unsetenv("SSLKEYLOGFILE");
        unlink(path);
    }
#endif
    sslite_context_free(NULL);
    return done_testing();
}
