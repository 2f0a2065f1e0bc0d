/*
 * sslite: Mbed TLS verification results as OpenSSL verify codes.
 * Placeholder; the full mapping is filled in by issue 3.
 */
#include <string.h>
#include "mbedtls_internal.h"

long sslite__mbedtls_verify_code(const sslite_mbed_vrfy *v, const mbedtls_x509_crt *peer_chain,
                                 const mbedtls_x509_crt *ca, const mbedtls_x509_crl *crl,
                                 unsigned long verify_flags)
{
    (void)peer_chain;
    (void)ca;
    (void)crl;
    (void)verify_flags;
    for (int d = v->depth_seen - 1; d >= 0; d--)
        if (v->flags[d] & MBEDTLS_X509_BADCERT_NOT_TRUSTED)
            return 20;
    if (v->hostname_code)
        return v->hostname_code;
    for (int d = 0; d < v->depth_seen; d++)
        if (v->flags[d] & MBEDTLS_X509_BADCERT_EXPIRED)
            return 10;
    for (int d = 0; d < v->depth_seen; d++)
        if (v->flags[d])
            return 1;
    return 0;
}

void sslite__mbedtls_cert_names(const mbedtls_x509_crt *crt, sslite_mbed_names *out)
{
    const mbedtls_x509_sequence *san;
    size_t used = 0;

    memset(&out->names, 0, sizeof(out->names));
    out->names.dns = out->dns;
    out->names.ips = out->ips;
    out->names.iplens = out->iplens;
    out->names.cns = out->cns;
    for (san = &crt->subject_alt_names; san != NULL && san->buf.p != NULL; san = san->next) {
        int tag = san->buf.tag & MBEDTLS_ASN1_TAG_VALUE_MASK;
        size_t len = san->buf.len;
        if (tag == MBEDTLS_X509_SAN_DNS_NAME && out->names.ndns < 64 &&
            used + len + 1 <= sizeof(out->buf)) {
            memcpy(out->buf + used, san->buf.p, len);
            out->buf[used + len] = '\0';
            out->dns[out->names.ndns++] = out->buf + used;
            used += len + 1;
        } else if (tag == MBEDTLS_X509_SAN_IP_ADDRESS && out->names.nips < 32) {
            out->ips[out->names.nips] = san->buf.p;
            out->iplens[out->names.nips++] = len;
        }
    }
    for (const mbedtls_x509_name *n = &crt->subject; n != NULL; n = n->next) {
        if (MBEDTLS_OID_CMP(MBEDTLS_OID_AT_CN, &n->oid) == 0 && out->names.ncns < 8 &&
            used + n->val.len + 1 <= sizeof(out->buf)) {
            memcpy(out->buf + used, n->val.p, n->val.len);
            out->buf[used + n->val.len] = '\0';
            out->cns[out->names.ncns++] = out->buf + used;
            used += n->val.len + 1;
        }
    }
}
