/*
 * sslite: the lazy trust store of the Mbed TLS backend.
 *
 * A context's CA certificates are not kept parsed.  Loading them builds an
 * index: per certificate its OpenSSL subject-name hash, where its bytes are
 * (a range of the cafile, the DER kept from cadata, or a file of a capath
 * directory), a digest of its DER and whether it is a CA.  Verification
 * asks for the certificates with a given subject (Mbed TLS through its
 * trusted-CA callback, verify.c directly); those are read and parsed then,
 * and a few stay parsed in a small cache.
 *
 * truststore.c: the index, the cache, lookups, cadata and the parsing of
 * loaded bytes.  truststore_files.c: everything that touches the file
 * system (cafile, capath); a build without a file system leaves it out.
 *
 * Locking: the index, the cache and the reference counts are under the
 * store's mutex, as lookups from concurrent handshakes change them (a
 * capath lookup adds what it found, as OpenSSL's hash_dir lookup adds to
 * its X509_STORE).  Loading is configuration: the caller does not load
 * while other threads verify with the same context (docs/threads.md).
 */
#ifndef SSLITE_MBEDTLS_TRUSTSTORE_H
#define SSLITE_MBEDTLS_TRUSTSTORE_H

#include "mbedtls_internal.h"

/* Parsed certificates kept between verifications, per context.  Each is
 * about 2-4 KB (its DER, names and public key). */
#ifndef SSLITE_TRUST_CACHE_SLOTS
#define SSLITE_TRUST_CACHE_SLOTS 8
#endif
/* At most this many certificates with one subject are returned by a
 * lookup (renewed or cross-signed CAs share a subject). */
#define SSLITE_TRUST_MAX_CANDIDATES 8

/* Where an index entry's bytes are. */
enum { TS_SRC_FILE = 0, TS_SRC_MEM = 1 };

typedef struct ts_src {
    int kind;
    char *path;         /* TS_SRC_FILE: a cafile, or one file of a capath */
    unsigned char *mem; /* TS_SRC_MEM: the DER of a cadata, concatenated */
    size_t memlen;
} ts_src;

typedef struct ts_entry {
    uint32_t hash;        /* X509_NAME_hash of the subject */
    uint32_t src;         /* index into the store's sources */
    uint32_t off, len;    /* the PEM block or the DER within the source */
    unsigned char sha[32]; /* SHA-256 of the DER: duplicates, changed files */
    unsigned char pem;
    unsigned char is_ca;  /* basicConstraints CA (cert_store_stats) */
} ts_entry;

/* A parsed certificate: in the cache (which holds one reference) and/or
 * pinned by leases (one reference each).  Freed at zero. */
typedef struct ts_cached {
    mbedtls_x509_crt crt;
    uint32_t entry;
    int refs;
    unsigned long used; /* LRU tick */
} ts_cached;

/* One capath directory and the subject hashes already looked up in it:
 * for each, the first "<hash>.N" not yet seen, probed again next time (a
 * file added later is found, as with OpenSSL). */
typedef struct ts_probe {
    uint32_t hash;
    uint32_t dir;
    uint32_t next_cert, next_crl;
} ts_probe;

/* CRLs found in a capath (<hash>.rN), appended under the lock and read
 * without it: a node is complete before it is linked. */
typedef struct ts_crl_node {
    struct ts_crl_node *next;
    mbedtls_x509_crl crl;
} ts_crl_node;

typedef struct sslite_mbed_store {
    sslite__mutex_t lock;
    ts_entry *e;
    size_t n, cap;
    ts_src *src;
    size_t nsrc, srccap;
    char **dirs;
    size_t ndirs;
    ts_probe *probes;
    size_t nprobes, probecap;
    ts_cached *cache[SSLITE_TRUST_CACHE_SLOTS];
    unsigned long tick;
    /* CRLs of cafiles (parsed at load, as OpenSSL does) and of capaths. */
    mbedtls_x509_crl crl;
    int ncrl;
    ts_crl_node *dir_crls; /* atomic head */
    int ndir_crls;          /* atomic */
#if !defined(MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK)
    /* An Mbed TLS without the trusted-CA callback gets every certificate
     * parsed in one list (built when a configuration is), as before. */
    mbedtls_x509_crt *full;
    size_t full_n;             /* entries it was built from */
    mbedtls_x509_crt **old_full; /* every list built: older snapshots use them */
    size_t nold_full, nold_full_cap;
#endif
} sslite_mbed_store;

/* Certificates one verification uses: pinned until the lease ends. */
typedef struct sslite_mbed_lease {
    sslite_mbed_store *store;
    ts_cached **pin;
    size_t n, cap;
} sslite_mbed_lease;

/* ---- truststore.c ---- */
void sslite__store_init(sslite_mbed_store *s);
void sslite__store_free(sslite_mbed_store *s);

/* OpenSSL's X509_NAME_hash (X509_NAME_hash_ex with SHA-1) of a DER Name,
 * tag and length included.  -1 for a name OpenSSL could not hash. */
int sslite__store_name_hash(const unsigned char *name, size_t len, uint32_t *out);
/* The UTF-8 encoding of code point cp (below 0x110000) into out; its
 * length.  Also verify.c's, for the names of a certificate. */
size_t sslite__mbedtls_put_utf8(unsigned char out[4], unsigned long cp);

/* Index the certificates (and, if crls, the CRLs) in buf: PEM (NUL
 * terminated, the terminator counted in len) or one DER certificate, as
 * mbedtls_x509_crt_parse reads it.  src is the source the ranges refer to
 * (for TS_SRC_MEM the DER is copied into it here).  *added: certificates
 * and CRLs found.  Returns 0 or an Mbed TLS error (nothing parsed). */
int sslite__store_add_blob(sslite_mbed_store *s, uint32_t src, const unsigned char *buf,
                           size_t len, int crls, int *added);
/* cadata: concatenated DER certificates, or PEM. */
int sslite__store_load_data(sslite_mbed_store *s, const void *data, size_t len, int der,
                            sslite_error *err);
/* A new source; its index, or -1 when out of memory. */
long sslite__store_new_src(sslite_mbed_store *s, int kind, const char *path);

/* Up to max certificates whose subject hashes as name does (callers
 * compare the names themselves), pinned in lease.  Looks in capath
 * directories only when nothing loaded has that subject, as OpenSSL. */
int sslite__store_lookup(sslite_mbed_lease *lease, const unsigned char *name, size_t len,
                         const mbedtls_x509_crt **out, int max);
void sslite__lease_init(sslite_mbed_lease *l, sslite_mbed_store *s);
void sslite__lease_release(sslite_mbed_lease *l);
/* The CRLs: load-time ones, then capath ones (probe for an issuer name
 * first).  Iterated without the lock: the lists only grow. */
void sslite__store_probe_crls(sslite_mbed_store *s, const unsigned char *issuer, size_t len);
typedef struct ts_crl_iter {
    const sslite_mbed_store *s;
    const ts_crl_node *node; /* NULL: still in the load-time list */
    const mbedtls_x509_crl *c;
} ts_crl_iter;
const mbedtls_x509_crl *sslite__store_crl_first(const sslite_mbed_store *s, ts_crl_iter *it);
const mbedtls_x509_crl *sslite__store_crl_next(ts_crl_iter *it);
/* A CRL file found in a capath (under the lock). */
void sslite__store_add_dir_crl(sslite_mbed_store *s, const unsigned char *buf, size_t len);
/* truststore_crl.c, or truststore_nocrl.c in a build without CRLs, where
 * adding one is SSLITE__TS_ERR_NO_CRL (a load error saying so) and a CRL check finds none (OpenSSL's "unable to get certificate
 * CRL": verification fails closed). */
void sslite__store_crl_init(sslite_mbed_store *s);
void sslite__store_crl_free(sslite_mbed_store *s);
int sslite__store_add_crls(sslite_mbed_store *s, const unsigned char *buf, size_t len);
/* Find a changed file's certificates again (under the lock). */
void sslite__store_reindex(sslite_mbed_store *s, uint32_t src, const unsigned char *buf,
                           size_t len);

/* get_ca_certs()/cert_store_stats(): each certificate once, in load order
 * (capath ones once a lookup found them).  Stops on fn's negative return. */
int sslite__store_each(sslite_mbed_store *s, int (*fn)(void *, const unsigned char *, size_t),
                       void *ud);
void sslite__store_count(sslite_mbed_store *s, int *x509, int *x509_ca, int *crl);

/* Mbed TLS's trusted-CA callback (mbedtls_x509_crt_ca_cb_t): the store is
 * the one of the connection verifying on this thread (an SNI callback may
 * have switched it), else p. */
int sslite__store_ca_cb(void *p, mbedtls_x509_crt const *child, mbedtls_x509_crt **candidates);
/* The store sslite__store_ca_cb uses on this thread (NULL: its p). */
void sslite__store_set_current(sslite_mbed_store *s);

#if !defined(MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK)
/* Every certificate parsed in one list; NULL when empty or out of memory. */
mbedtls_x509_crt *sslite__store_full_chain(sslite_mbed_store *s);
#endif

/* ---- truststore_files.c (file system) ---- */
int sslite__store_load_file(sslite_mbed_store *s, const char *path, sslite_error *err);
int sslite__store_load_path(sslite_mbed_store *s, const char *path, sslite_error *err);
/* The bytes of an entry of a file source (what add_blob indexed), NUL
 * terminated; free().  -1 if the file cannot be read. */
int sslite__store_read_range(const sslite_mbed_store *s, const ts_entry *e, unsigned char **buf);
/* Read a file source again and re-index it (sslite__store_reindex). */
int sslite__store_rescan(sslite_mbed_store *s, uint32_t src);
/* Read "<dir>/<hash>.<N>" (crl: ".r<N>") into the store from probe->next_*
 * on; called under the lock. */
void sslite__store_probe_dir(sslite_mbed_store *s, ts_probe *probe, int crl);
#if !defined(MBEDTLS_X509_TRUSTED_CERTIFICATE_CALLBACK)
/* Parse every hash-named file of every capath into chain. */
void sslite__store_parse_dirs(const sslite_mbed_store *s, mbedtls_x509_crt *chain);
#endif

#endif /* SSLITE_MBEDTLS_TRUSTSTORE_H */
