/*
 * sslite: a certificate dict as JSON, exactly as Python's json.dumps()
 * writes CPython's dict: default separators (", " and ": "), tuples as
 * arrays, ASCII output with \uXXXX escapes (surrogate pairs past U+FFFF).
 * Reads the dict through the public accessors only; the writer itself is
 * jsonw.c (shared with the CLI).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "jsonw.h"

static void put_name(sslite__json *o, const sslite_cert_name *n)
{
    size_t i, j;
    sslite__json_put(o, "[", 1);
    for (i = 0; n != NULL && i < n->count; i++) {
        if (i > 0)
            sslite__json_put(o, ", ", 2);
        sslite__json_put(o, "[", 1);
        for (j = 0; j < n->rdns[i].count; j++) {
            const sslite_cert_attr *a = &n->rdns[i].attrs[j];
            if (j > 0)
                sslite__json_put(o, ", ", 2);
            sslite__json_put(o, "[", 1);
            sslite__json_str(o, a->name, strlen(a->name));
            sslite__json_put(o, ", ", 2);
            sslite__json_str(o, a->value, a->value_len);
            sslite__json_put(o, "]", 1);
        }
        sslite__json_put(o, "]", 1);
    }
    sslite__json_put(o, "]", 1);
}

static void put_key(sslite__json *o, const char *key)
{
    if (o->len > 1)
        sslite__json_put(o, ", ", 2);
    sslite__json_str(o, key, strlen(key));
    sslite__json_put(o, ": ", 2);
}

static void put_list(sslite__json *o, const char *key,
                     int (*get)(const sslite_certdict *, const sslite_cert_string **, size_t *),
                     const sslite_certdict *d)
{
    const sslite_cert_string *l;
    size_t n, i;
    if (!get(d, &l, &n))
        return;
    put_key(o, key);
    sslite__json_put(o, "[", 1);
    for (i = 0; i < n; i++) {
        if (i > 0)
            sslite__json_put(o, ", ", 2);
        sslite__json_str(o, l[i].value, l[i].len);
    }
    sslite__json_put(o, "]", 1);
}

char *sslite_certdict_to_json(const sslite_certdict *d)
{
    sslite__json o = {0};
    const sslite_cert_altname *san;
    size_t nsan, i;
    char num[32];

    sslite__json_put(&o, "{", 1);
    if (d != NULL && !sslite_certdict_is_empty(d)) {
        put_key(&o, "subject");
        put_name(&o, sslite_certdict_subject(d));
        put_key(&o, "issuer");
        put_name(&o, sslite_certdict_issuer(d));
        put_key(&o, "version");
        snprintf(num, sizeof(num), "%d", sslite_certdict_version(d));
        sslite__json_puts(&o, num);
        put_key(&o, "serialNumber");
        sslite__json_str(&o, sslite_certdict_serial_number(d), strlen(sslite_certdict_serial_number(d)));
        put_key(&o, "notBefore");
        sslite__json_str(&o, sslite_certdict_not_before(d), strlen(sslite_certdict_not_before(d)));
        put_key(&o, "notAfter");
        sslite__json_str(&o, sslite_certdict_not_after(d), strlen(sslite_certdict_not_after(d)));
        if (sslite_certdict_subject_alt_name(d, &san, &nsan)) {
            put_key(&o, "subjectAltName");
            sslite__json_put(&o, "[", 1);
            for (i = 0; i < nsan; i++) {
                if (i > 0)
                    sslite__json_put(&o, ", ", 2);
                sslite__json_put(&o, "[", 1);
                sslite__json_str(&o, san[i].type, strlen(san[i].type));
                sslite__json_put(&o, ", ", 2);
                if (san[i].dirname != NULL)
                    put_name(&o, san[i].dirname);
                else
                    sslite__json_str(&o, san[i].value, san[i].value_len);
                sslite__json_put(&o, "]", 1);
            }
            sslite__json_put(&o, "]", 1);
        }
        put_list(&o, "OCSP", sslite_certdict_ocsp, d);
        put_list(&o, "caIssuers", sslite_certdict_ca_issuers, d);
        put_list(&o, "crlDistributionPoints", sslite_certdict_crl_distribution_points, d);
    }
    sslite__json_put(&o, "}", 1);
    return sslite__json_take(&o);
}
