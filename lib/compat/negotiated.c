/*
 * sslite: the negotiated group and the peer's signature scheme
 * (sslite/negotiated.h), named as TLS and OpenSSL name them.
 */
#include "internal.h"

static const struct {
    uint16_t id;
    const char *name;
} groups[] = {
    {0x0017, "secp256r1"}, {0x0018, "secp384r1"}, {0x0019, "secp521r1"},
    {0x001d, "x25519"},    {0x001e, "x448"},      {0x0100, "ffdhe2048"},
    {0x0101, "ffdhe3072"}, {0x0102, "ffdhe4096"}, {0x0103, "ffdhe6144"},
    {0x0104, "ffdhe8192"},
}, schemes[] = {
    {0x0401, "rsa_pkcs1_sha256"},       {0x0501, "rsa_pkcs1_sha384"},
    {0x0601, "rsa_pkcs1_sha512"},       {0x0201, "rsa_pkcs1_sha1"},
    {0x0403, "ecdsa_secp256r1_sha256"}, {0x0503, "ecdsa_secp384r1_sha384"},
    {0x0603, "ecdsa_secp521r1_sha512"}, {0x0203, "ecdsa_sha1"},
    {0x0804, "rsa_pss_rsae_sha256"},    {0x0805, "rsa_pss_rsae_sha384"},
    {0x0806, "rsa_pss_rsae_sha512"},    {0x0809, "rsa_pss_pss_sha256"},
    {0x080a, "rsa_pss_pss_sha384"},     {0x080b, "rsa_pss_pss_sha512"},
    {0x0807, "ed25519"},                {0x0808, "ed448"},
};

static const char *name_of(uint16_t id, int scheme)
{
    size_t n = scheme ? sizeof(schemes) / sizeof(schemes[0]) : sizeof(groups) / sizeof(groups[0]);
    for (size_t i = 0; id != 0 && i < n; i++)
        if ((scheme ? schemes[i].id : groups[i].id) == id)
            return scheme ? schemes[i].name : groups[i].name;
    return NULL;
}

const char *sslite__engine_negotiated(const sslite_engine *e, int scheme)
{
    sslite_bconn_info info;

    if (e == NULL || !e->handshake_done || e->failed)
        return NULL;
    SSLITE_BACKEND_FACTS->conn_info(e->bconn, &info);
    return name_of(scheme ? info.peer_sig_alg : info.group, scheme);
}

const char *sslite_object_group(const sslite_object *obj)
{
    return sslite__engine_negotiated(sslite__object_engine((sslite_object *)(uintptr_t)obj), 0);
}

const char *sslite_object_peer_signature_algorithm(const sslite_object *obj)
{
    return sslite__engine_negotiated(sslite__object_engine((sslite_object *)(uintptr_t)obj), 1);
}
