/* The dict's C API: accessors on corpus certificates (multi-valued RDNs,
 * every SAN type, DirName), the empty dict, JSON escapes, PEM reading,
 * errors, and robustness on truncated and corrupted DER. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "internal.h"

static const char *corpus(const char *name)
{
    static char buf[4][1024];
    static int i;
    const char *dir = getenv("SSLITE_TEST_CORPUS");
    char *b = buf[i++ % 4];
    snprintf(b, sizeof(buf[0]), "%s/%s", dir ? dir : "test/cert/corpus", name);
    return b;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    *len = 0;
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf != NULL && fread(buf, 1, (size_t)n, f) == (size_t)n) {
        buf[n] = '\0';
        *len = (size_t)n;
    }
    fclose(f);
    return buf;
}

static unsigned char *der_of(const char *name, size_t *len)
{
    size_t n;
    char *pem = slurp(corpus(name), &n);
    unsigned char *der = NULL;
    sslite_error err;
    *len = 0;
    if (pem != NULL && sslite_pem_read_cert(pem, n, &der, len, NULL, &err) < 0)
        der = NULL;
    free(pem);
    return der;
}

static void test_multi_rdn(void)
{
    sslite_error err;
    sslite_certdict *d = sslite_test_decode_cert(corpus("rdn-multi.pem"), &err);
    const sslite_cert_name *s;

    ok(d != NULL, "rdn-multi decodes: %s", d ? "" : err.message);
    if (d == NULL)
        return;
    s = sslite_certdict_subject(d);
    is_int(s->count, 3, "three RDNs");
    is_int(s->rdns[0].count, 1, "C alone");
    is_int(s->rdns[1].count, 3, "O+OU+CN kept together");
    is_str(s->rdns[1].attrs[0].name, "organizationName", "first of the set");
    is_str(s->rdns[1].attrs[2].name, "commonName", "last of the set");
    is_str(s->rdns[2].attrs[0].value, "after", "the RDN after");
    is_str(sslite_cert_name_get(s, "commonName"), "multi", "first commonName");
    ok(sslite_cert_name_get(s, "nothing") == NULL, "absent attribute");
    is_int(sslite_certdict_version(d), 3, "version");
    sslite_certdict_free(d);
}

static void test_san(void)
{
    sslite_error err;
    sslite_certdict *d = sslite_test_decode_cert(corpus("san-all.pem"), &err);
    const sslite_cert_altname *alt;
    const sslite_cert_string *u;
    size_t n, i, ndir = 0, nother = 0, nrid = 0;

    ok(d != NULL, "san-all decodes: %s", d ? "" : err.message);
    if (d == NULL)
        return;
    is_int(sslite_certdict_subject_alt_name(d, &alt, &n), 1, "has subjectAltName");
    ok(n >= 18, "every entry (%zu)", n);
    for (i = 0; i < n; i++) {
        if (strcmp(alt[i].type, "DirName") == 0) {
            ndir++;
            ok(alt[i].value == NULL && alt[i].dirname != NULL, "DirName has a name");
            if (alt[i].dirname != NULL) {
                is_int(alt[i].dirname->count, 4, "DirName RDNs");
                is_int(alt[i].dirname->rdns[2].count, 2, "DirName multi-valued RDN");
            }
        } else if (strcmp(alt[i].type, "othername") == 0) {
            nother++;
        } else if (strcmp(alt[i].type, "Registered ID") == 0) {
            nrid++;
        }
    }
    is_str(alt[3].type, "IP Address", "IPv6 entry type");
    is_str(alt[3].value, "2001:DB8:0:0:0:0:0:1", "IPv6 as CPython shows it");
    is_int(ndir, 1, "one DirName");
    is_int(nother, 8, "eight othernames");
    is_int(nrid, 2, "two registered IDs");
    is_int(sslite_certdict_ocsp(d, &u, &n), 0, "no OCSP key");
    sslite_certdict_free(d);

    d = sslite_test_decode_cert(corpus("san-empty.pem"), &err);
    ok(d != NULL && sslite_certdict_subject_alt_name(d, &alt, &n) == 1 && n == 0,
       "an empty subjectAltName is an empty tuple");
    sslite_certdict_free(d);
    d = sslite_test_decode_cert(corpus("v1.pem"), &err);
    ok(d != NULL && sslite_certdict_subject_alt_name(d, &alt, &n) == 0,
       "no extension, no key");
    ok(d != NULL && sslite_certdict_version(d) == 1, "v1");
    sslite_certdict_free(d);
}

static void test_aia(void)
{
    sslite_error err;
    sslite_certdict *d = sslite_test_decode_cert(corpus("aia-crldp.pem"), &err);
    const sslite_cert_string *u;
    size_t n;

    ok(d != NULL, "aia-crldp decodes");
    if (d == NULL)
        return;
    ok(sslite_certdict_ocsp(d, &u, &n) == 1 && n == 2, "two OCSP URIs");
    ok(sslite_certdict_ca_issuers(d, &u, &n) == 1 && n == 2, "two caIssuers URIs");
    ok(sslite_certdict_crl_distribution_points(d, &u, &n) == 1 && n == 3, "three CRL DP URIs");
    is_str(u[2].value, "ldap://crl2.example/cn=crl", "CRL DP order");
    sslite_certdict_free(d);
    d = sslite_test_decode_cert(corpus("aia-nothing-shown.pem"), &err);
    ok(d != NULL && !sslite_certdict_ca_issuers(d, &u, &n) &&
           !sslite_certdict_crl_distribution_points(d, &u, &n),
       "no URI, no key");
    sslite_certdict_free(d);
}

static void test_fields(void)
{
    sslite_error err;
    sslite_certdict *d = sslite_test_decode_cert(corpus("dates-1990s.pem"), &err);
    char *j;

    ok(d != NULL, "dates-1990s decodes");
    if (d != NULL) {
        is_str(sslite_certdict_not_before(d), "Jan  5 09:34:43 1995 GMT", "notBefore");
        is_str(sslite_certdict_not_after(d), "Sep 23 23:59:59 1999 GMT", "notAfter");
    }
    sslite_certdict_free(d);
    d = sslite_test_decode_cert(corpus("serial-negative.pem"), &err);
    ok(d != NULL && strcmp(sslite_certdict_serial_number(d), "-1234") == 0, "negative serial");
    sslite_certdict_free(d);
    d = sslite_test_decode_cert(corpus("rdn-utf8.pem"), &err);
    j = d != NULL ? sslite_certdict_to_json(d) : NULL;
    ok(j != NULL && strstr(j, "\\u65e5\\u672c\\u8a9e \\u2603 \\ud83d\\ude00") != NULL,
       "JSON escapes like json.dumps: %s", j ? j : err.message);
    ok(j != NULL && strstr(j, "tab\\tand \\\"quote\\\" back") != NULL, "JSON control escapes");
    free(j);
    sslite_certdict_free(d);

    d = sslite__certdict_empty();
    j = sslite_certdict_to_json(d);
    is_str(j, "{}", "the empty dict");
    ok(sslite_certdict_is_empty(d) && sslite_certdict_subject(d) == NULL &&
           sslite_certdict_serial_number(d) == NULL,
       "the empty dict has no fields");
    free(j);
    sslite_certdict_free(d);
    sslite_certdict_free(NULL);
}

static void test_errors(void)
{
    sslite_error err;
    static const unsigned char junk[] = {0x30, 0x03, 0x02, 0x01, 0x00};
    sslite_certdict *d = sslite_certdict_from_der(junk, sizeof(junk), &err);
    size_t len, consumed;
    unsigned char *der;
    char *two, *one;

    ok(d == NULL && err.type == SSLITE_ERR_SSL && strstr(err.message, "cannot decode"),
       "junk DER: %s", err.message);
    d = sslite_certdict_from_der(junk, 0, &err);
    ok(d == NULL && err.type == SSLITE_ERR_SSL, "empty DER");
    d = sslite_test_decode_cert(corpus("unparsable-ed25519.pem"), &err);
    ok(d == NULL && err.type == SSLITE_ERR_SSL, "Ed25519: %s", err.message);
    d = sslite_test_decode_cert(corpus("no-such-file.pem"), &err);
    ok(d == NULL && err.type == SSLITE_ERR_OS, "missing file: %s", err.message);
    ok(sslite_pem_read_cert("no pem here", 11, &der, &len, NULL, &err) == SSLITE_ERR_SSL,
       "text without PEM: %s", err.message);

    one = slurp(corpus("plain.pem"), &len);
    two = malloc(2 * len + 32);
    if (one != NULL && two != NULL) {
        size_t off = 0, n = 0;
        snprintf(two, 2 * len + 32, "junk before\n%s%s", one, one);
        while (sslite_pem_read_cert(two + off, strlen(two + off), &der, &len, &consumed,
                                    &err) == 0) {
            n++;
            off += consumed;
            free(der);
        }
        is_int(n, 2, "a bundle is walked with consumed");
    }
    free(one);
    free(two);
}

/* Every truncation and many corruptions of every corpus certificate: an
 * error or a dict, never a crash (run under ASan in CI). */
static void test_robust(void)
{
    DIR *dir = opendir(getenv("SSLITE_TEST_CORPUS") ? getenv("SSLITE_TEST_CORPUS") : ".");
    struct dirent *de;
    unsigned long seed = 1;
    int files = 0, decoded = 0, bad = 0;

    if (dir == NULL) {
        ok(0, "corpus directory");
        return;
    }
    while ((de = readdir(dir)) != NULL) {
        size_t len, cut, k;
        unsigned char *der;
        if (strstr(de->d_name, ".pem") == NULL)
            continue;
        if ((der = der_of(de->d_name, &len)) == NULL)
            continue;
        files++;
        for (cut = 0; cut < len; cut += 3) {
            sslite_error err;
            sslite_certdict *d;
            sslite_error_clear(&err);
            d = sslite_certdict_from_der(der, cut, &err);
            if (d != NULL || err.type == SSLITE_OK)
                bad++;
            sslite_certdict_free(d);
        }
        for (k = 0; k < 300; k++) {
            unsigned char *copy = malloc(len);
            sslite_error err;
            sslite_certdict *d;
            char *j;
            memcpy(copy, der, len);
            sslite_error_clear(&err);
            seed = seed * 6364136223846793005UL + 1442695040888963407UL;
            copy[(seed >> 33) % len] ^= (unsigned char)(1u << ((seed >> 20) % 8));
            d = sslite_certdict_from_der(copy, len, &err);
            if (d != NULL) {
                decoded++;
                j = sslite_certdict_to_json(d);
                if (j == NULL)
                    bad++;
                free(j);
                sslite_certdict_free(d);
            } else if (err.type == SSLITE_OK) {
                bad++;
            }
            free(copy);
        }
        free(der);
    }
    closedir(dir);
    ok(files >= 25 && bad == 0, "%d certificates truncated and corrupted: %d corruptions still "
       "decode, %d misbehaved", files, decoded, bad);
}

int main(void)
{
    test_multi_rdn();
    test_san();
    test_aia();
    test_fields();
    test_errors();
    test_robust();
    return done_testing();
}
