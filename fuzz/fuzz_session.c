/*
 * libFuzzer target: the session loader (sslite/session_bytes.h).  The
 * first byte picks what the rest is:
 *   even: a blob as an application would read it from storage, opened with
 *         a fixed key -- the header checks and the tag must refuse it
 *         cleanly (ValueError), whatever it is;
 *   odd:  a payload sealed here under that key, so it passes the tag and
 *         reaches the backend's session parser (Mbed TLS's
 *         mbedtls_ssl_session_load behind our clock prefix), which must
 *         refuse or accept it without a crash, leak or overread.
 * An accepted session is saved again and reopened.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sslite/sslite.h>
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const unsigned char key[SSLITE_SESSION_KEY_SIZE] = "fuzz-session-key-fuzz-session-k";

/* What sslite_session_to_bytes() writes, around an arbitrary payload. */
static unsigned char *seal(const uint8_t *payload, size_t len, size_t *out_len)
{
    const sslite_backend *be = SSLITE_BACKEND;
    char id[128];
    int n = snprintf(id, sizeof(id), "sslite %s, %s", sslite_version(), be->version());
    size_t head = 6 + (size_t)n + 12;
    unsigned char *buf = malloc(head + len + 16);
    sslite_error err;

    if (buf == NULL || n <= 0 || n >= (int)sizeof(id)) {
        free(buf);
        return NULL;
    }
    memcpy(buf, "SLSS", 4);
    buf[4] = 1;
    buf[5] = (unsigned char)n;
    memcpy(buf + 6, id, (size_t)n);
    memset(buf + 6 + n, 0x5a, 12);
    if (SSLITE_BACKEND_SESSION_BYTES->aead_seal(key, buf + 6 + n, buf, head, payload, len, buf + head, buf + head + len,
                      &err) < 0) {
        free(buf);
        return NULL;
    }
    *out_len = head + len + 16;
    return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *blob = NULL, *again = NULL;
    size_t len = 0, again_len = 0;
    sslite_session *s;
    sslite_error err;

    if (size < 1)
        return 0;
    if (data[0] & 1) {
        blob = seal(data + 1, size - 1, &len);
        if (blob == NULL)
            return 0;
        s = sslite_session_from_bytes(blob, len, key, sizeof(key), &err);
    } else {
        s = sslite_session_from_bytes(data + 1, size - 1, key, sizeof(key), &err);
    }
    if (s == NULL) {
        if (err.type != SSLITE_ERR_VALUE && err.type != SSLITE_ERR_MEMORY)
            abort(); /* only ValueError (or MemoryError) for bad data */
    } else {
        (void)sslite_session_has_ticket(s);
        if (sslite_session_to_bytes(s, key, sizeof(key), &again, &again_len, &err) == 0) {
            sslite_session *t = sslite_session_from_bytes(again, again_len, key, sizeof(key), &err);
            if (t == NULL) { /* what we wrote must read back */
                fprintf(stderr, "reload failed: %s\n", err.message);
                abort();
            }
            sslite_session_free(t);
        }
        free(again);
        sslite_session_free(s);
    }
    free(blob);
    return 0;
}
