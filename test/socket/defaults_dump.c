/* Print, as JSON, sslite's SSLContext attributes for each protocol and for
 * create_default_context(), in the shape test/socket/defaults.py prints
 * CPython's; defaults_compare.py compares them. */
#include <stdio.h>
#include <string.h>
#include <sslite/sslite.h>

static void dump(const char *name, sslite_context *c, const sslite_error *err, int last)
{
    printf(" \"%s\": ", name);
    if (c == NULL) {
        printf("{\"error\": \"%s\"}%s\n", sslite_errtype_name(err->type), last ? "" : ",");
        return;
    }
    printf("{\"protocol\": %d, \"options\": %llu, \"verify_flags\": %lu, \"verify_mode\": %d, "
           "\"check_hostname\": %d, \"minimum_version\": %d, \"maximum_version\": %d, "
           "\"security_level\": %d, \"num_tickets\": %d, \"hostname_checks_common_name\": %d, "
           "\"post_handshake_auth\": %d}%s\n",
           sslite_context_get_protocol(c), (unsigned long long)sslite_context_get_options(c),
           sslite_context_get_verify_flags(c), sslite_context_get_verify_mode(c),
           sslite_context_get_check_hostname(c), sslite_context_get_minimum_version(c),
           sslite_context_get_maximum_version(c), sslite_context_get_security_level(c),
           sslite_context_get_num_tickets(c), sslite_context_get_hostname_checks_common_name(c),
           sslite_context_get_post_handshake_auth(c), last ? "" : ",");
    sslite_context_free(c);
}

int main(void)
{
    static const struct {
        const char *name;
        int proto;
    } protos[] = {
        {"PROTOCOL_TLS", SSLITE_PROTOCOL_TLS},
        {"PROTOCOL_TLS_CLIENT", SSLITE_PROTOCOL_TLS_CLIENT},
        {"PROTOCOL_TLS_SERVER", SSLITE_PROTOCOL_TLS_SERVER},
        {"PROTOCOL_TLSv1_2", SSLITE_PROTOCOL_TLSv1_2},
        {"PROTOCOL_TLSv1", SSLITE_PROTOCOL_TLSv1},
        {"PROTOCOL_TLSv1_1", SSLITE_PROTOCOL_TLSv1_1},
    };
    sslite_error err;
    size_t i;

    printf("{\n");
    for (i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
        dump(protos[i].name, sslite_context_new(protos[i].proto, &err), &err, 0);
    dump("create_default_context(SERVER_AUTH)",
         sslite_create_default_context(SSLITE_Purpose_SERVER_AUTH, NULL, NULL, NULL, 0, 0, &err),
         &err, 0);
    dump("create_default_context(CLIENT_AUTH)",
         sslite_create_default_context(SSLITE_Purpose_CLIENT_AUTH, NULL, NULL, NULL, 0, 0, &err),
         &err, 1);
    printf("}\n");
    return 0;
}
