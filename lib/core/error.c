/*
 * sslite: error slots and CPython's message formats.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

static void copy_str(char *dst, size_t size, const char *src)
{
    if (src == NULL)
        src = "";
    snprintf(dst, size, "%s", src);
}

void sslite_error_clear(sslite_error *err)
{
    if (err != NULL)
        memset(err, 0, sizeof(*err));
}

void sslite__err_copy(sslite_error *dst, const sslite_error *src)
{
    if (dst != NULL && src != NULL && dst != src)
        *dst = *src;
}

int sslite__err_setv(sslite_error *err, int type, int errnum, const char *library,
                     const char *reason, const char *fmt, va_list ap)
{
    if (err == NULL)
        return type;
    memset(err, 0, sizeof(*err));
    err->type = type;
    err->errnum = errnum;
    copy_str(err->library, sizeof(err->library), library);
    copy_str(err->reason, sizeof(err->reason), reason);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    return type;
}

int sslite__err_set(sslite_error *err, int type, int errnum, const char *library,
                    const char *reason, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sslite__err_setv(err, type, errnum, library, reason, fmt, ap);
    va_end(ap);
    return type;
}

int sslite__err_plain(sslite_error *err, int type, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sslite__err_setv(err, type, 0, NULL, NULL, fmt, ap);
    va_end(ap);
    return type;
}

int sslite__err_os(sslite_error *err, int errnum)
{
    return sslite__err_set(err, SSLITE_ERR_OS, errnum, NULL, NULL, "[Errno %d] %s", errnum,
                           strerror(errnum));
}

int sslite__err_nomem(sslite_error *err)
{
    return sslite__err_set(err, SSLITE_ERR_MEMORY, ENOMEM, NULL, NULL, "out of memory");
}

int sslite__err_timeout(sslite_error *err, const char *what)
{
    /* CPython: socket.timeout/TimeoutError("The read operation timed out"),
     * errno None. */
    return sslite__err_set(err, SSLITE_ERR_TIMEOUT, 0, NULL, NULL, "The %s operation timed out",
                           what);
}

static int ssl_errnum(int type)
{
    switch (type) {
    case SSLITE_ERR_WANT_READ: return SSLITE_SSL_ERROR_WANT_READ;
    case SSLITE_ERR_WANT_WRITE: return SSLITE_SSL_ERROR_WANT_WRITE;
    case SSLITE_ERR_SYSCALL: return SSLITE_SSL_ERROR_SYSCALL;
    case SSLITE_ERR_ZERO_RETURN: return SSLITE_SSL_ERROR_ZERO_RETURN;
    case SSLITE_ERR_EOF: return SSLITE_SSL_ERROR_EOF;
    default: return SSLITE_SSL_ERROR_SSL;
    }
}

void sslite__reason_text(const char *reason, char *text, size_t size)
{
    size_t j = 0;

    for (; reason[j] != '\0' && j + 1 < size; j++) {
        char ch = reason[j];
        text[j] = ch == '_' ? ' ' : (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch;
    }
    text[j] = '\0';
}

int sslite__err_ssl(sslite_error *err, int type, const char *library, const char *reason,
                    const char *text, const char *file, int line)
{
    char derived[64];

    if (text == NULL) {
        sslite__reason_text(reason != NULL ? reason : "", derived, sizeof(derived));
        text = derived;
    }
    if (reason != NULL && library != NULL)
        return sslite__err_set(err, type, ssl_errnum(type), library, reason, "[%s: %s] %s (%s:%d)",
                               library, reason, text, file, line);
    if (reason != NULL)
        return sslite__err_set(err, type, ssl_errnum(type), library, reason, "[%s] %s (%s:%d)",
                               reason, text, file, line);
    return sslite__err_set(err, type, ssl_errnum(type), library, NULL, "%s (%s:%d)", text, file,
                           line);
}

int sslite__err_verify(sslite_error *err, long code, const char *hostname, const char *file,
                       int line)
{
    char vmsg[SSLITE_ERROR_VERIFY_MAX];

    /* CPython builds the hostname/IP texts itself (_ssl.c fill_and_set_sslerror). */
    if (code == 62 && hostname != NULL)
        snprintf(vmsg, sizeof(vmsg), "Hostname mismatch, certificate is not valid for '%s'.",
                 hostname);
    else if (code == 64 && hostname != NULL)
        snprintf(vmsg, sizeof(vmsg), "IP address mismatch, certificate is not valid for '%s'.",
                 hostname);
    else
        copy_str(vmsg, sizeof(vmsg), sslite__verify_message(code));
    sslite__err_set(err, SSLITE_ERR_CERT_VERIFICATION, SSLITE_SSL_ERROR_SSL, "SSL",
                    "CERTIFICATE_VERIFY_FAILED",
                    "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: %s (%s:%d)", vmsg,
                    file, line);
    if (err != NULL) {
        err->verify_code = code;
        copy_str(err->verify_message, sizeof(err->verify_message), vmsg);
    }
    return SSLITE_ERR_CERT_VERIFICATION;
}

const char *sslite_errtype_name(int type)
{
    switch (type) {
    case SSLITE_OK: return "None";
    case SSLITE_ERR_SSL: return "SSLError";
    case SSLITE_ERR_ZERO_RETURN: return "SSLZeroReturnError";
    case SSLITE_ERR_WANT_READ: return "SSLWantReadError";
    case SSLITE_ERR_WANT_WRITE: return "SSLWantWriteError";
    case SSLITE_ERR_SYSCALL: return "SSLSyscallError";
    case SSLITE_ERR_EOF: return "SSLEOFError";
    case SSLITE_ERR_CERT_VERIFICATION: return "SSLCertVerificationError";
    case SSLITE_ERR_VALUE: return "ValueError";
    case SSLITE_ERR_TYPE: return "TypeError";
    case SSLITE_ERR_OS: return "OSError";
    case SSLITE_ERR_TIMEOUT: return "TimeoutError";
    case SSLITE_ERR_NOT_IMPLEMENTED: return "NotImplementedError";
    case SSLITE_ERR_MEMORY: return "MemoryError";
    default: return "Exception";
    }
}

/* Python's class hierarchy: the parent of each class, 1 (SSLITE_OK is
 * unused as a class) meaning "Exception". */
static int parent_of(int type)
{
    switch (type) {
    case SSLITE_ERR_ZERO_RETURN:
    case SSLITE_ERR_WANT_READ:
    case SSLITE_ERR_WANT_WRITE:
    case SSLITE_ERR_SYSCALL:
    case SSLITE_ERR_EOF:
    case SSLITE_ERR_CERT_VERIFICATION: return SSLITE_ERR_SSL;
    case SSLITE_ERR_SSL:
    case SSLITE_ERR_TIMEOUT: return SSLITE_ERR_OS;
    default: return 1;
    }
}

int sslite_errtype_isinstance(int type, int cls)
{
    if (type == SSLITE_OK || type > 0)
        return 0;
    /* SSLCertVerificationError(SSLError, ValueError): the one multiple base. */
    if (type == SSLITE_ERR_CERT_VERIFICATION && cls == SSLITE_ERR_VALUE)
        return 1;
    for (int t = type; t != 1; t = parent_of(t))
        if (t == cls)
            return 1;
    return 0;
}
