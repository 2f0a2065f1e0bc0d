/*
 * sslite: errors.  Each Python exception the ssl module can raise has a
 * counterpart here.  A function that fails returns the (negative) error
 * type and leaves the details in the error slot of the object that failed
 * (sslite_context_error(), sslite_socket_error(), ...), or, for a
 * constructor, in the sslite_error the caller passed.  There is no global
 * error state.
 */
#ifndef SSLITE_ERROR_H
#define SSLITE_ERROR_H

#include "export.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Error types.  Negative so that functions can return them directly. */
typedef enum sslite_errtype {
    SSLITE_OK = 0,
    SSLITE_ERR_SSL = -1,               /* ssl.SSLError */
    SSLITE_ERR_ZERO_RETURN = -2,       /* ssl.SSLZeroReturnError */
    SSLITE_ERR_WANT_READ = -3,         /* ssl.SSLWantReadError */
    SSLITE_ERR_WANT_WRITE = -4,        /* ssl.SSLWantWriteError */
    SSLITE_ERR_SYSCALL = -5,           /* ssl.SSLSyscallError */
    SSLITE_ERR_EOF = -6,               /* ssl.SSLEOFError */
    SSLITE_ERR_CERT_VERIFICATION = -7, /* ssl.SSLCertVerificationError */
    SSLITE_ERR_VALUE = -8,             /* ValueError */
    SSLITE_ERR_TYPE = -9,              /* TypeError */
    SSLITE_ERR_OS = -10,               /* OSError (errnum is errno) */
    SSLITE_ERR_TIMEOUT = -11,          /* TimeoutError ("The read operation timed out") */
    SSLITE_ERR_NOT_IMPLEMENTED = -12,  /* NotImplementedError */
    SSLITE_ERR_MEMORY = -13            /* MemoryError */
} sslite_errtype;

#define SSLITE_ERROR_LIBRARY_MAX 32
#define SSLITE_ERROR_REASON_MAX 64
#define SSLITE_ERROR_VERIFY_MAX 160
#define SSLITE_ERROR_MESSAGE_MAX 512

/*
 * One error.  Plain data: copy it freely.
 *  type            an sslite_errtype (SSLITE_OK when there is no error)
 *  errnum          Python's .errno: an SSLITE_SSL_ERROR_* value for the
 *                  SSLError family, the C errno for OSError/TimeoutError,
 *                  0 where Python has None
 *  library,reason  OpenSSL's mnemonics ("SSL", "CERTIFICATE_VERIFY_FAILED"),
 *                  empty where Python has None
 *  verify_code     OpenSSL's X509_V_ERR_* number (SSLCertVerificationError)
 *  verify_message  OpenSSL's text for verify_code
 *  message         str(exception), as CPython formats it
 */
typedef struct sslite_error {
    int type;
    int errnum;
    char library[SSLITE_ERROR_LIBRARY_MAX];
    char reason[SSLITE_ERROR_REASON_MAX];
    long verify_code;
    char verify_message[SSLITE_ERROR_VERIFY_MAX];
    char message[SSLITE_ERROR_MESSAGE_MAX];
} sslite_error;

/* Python's class name for an error type ("SSLCertVerificationError").
 * Returns a static string; never NULL. */
SSLITE_API const char *sslite_errtype_name(int type);

/* Python's isinstance(): whether an error of type `type` is an instance of
 * the class `cls` (SSLCertVerificationError is an SSLError and a
 * ValueError; every SSLError and TimeoutError is an OSError). */
SSLITE_API int sslite_errtype_isinstance(int type, int cls);

/* Reset an error to "no error".  NULL-safe. */
SSLITE_API void sslite_error_clear(sslite_error *err);

#ifdef __cplusplus
}
#endif

#endif /* SSLITE_ERROR_H */
