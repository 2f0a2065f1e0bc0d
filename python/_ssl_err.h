/*
 * The _ssl shim's shared declarations: the exception classes and the
 * conversions from sslite's data to Python objects.  Only sslite's public
 * headers are used.
 */
#ifndef SSLITE_PY_SSL_H
#define SSLITE_PY_SSL_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <sslite/sslite.h>

/* ssl.SSLError and its subclasses (created at module init). */
extern PyObject *pyssl_SSLError;
extern PyObject *pyssl_SSLZeroReturnError;
extern PyObject *pyssl_SSLWantReadError;
extern PyObject *pyssl_SSLWantWriteError;
extern PyObject *pyssl_SSLSyscallError;
extern PyObject *pyssl_SSLEOFError;
extern PyObject *pyssl_SSLCertVerificationError;

/* Raise the Python exception an sslite error stands for; returns NULL. */
PyObject *pyssl_raise(const sslite_error *e);

/* A getpeercert()-style dict from a decoded certificate (new reference). */
PyObject *pyssl_certdict(const sslite_certdict *d);

/* The _ssl.Certificate type and a constructor from DER. */
extern PyTypeObject *pyssl_Certificate_Type;
PyObject *pyssl_certificate_new(const unsigned char *der, size_t len);
int pyssl_init_certificate(PyObject *module);

/* txt2obj / nid2obj and the short names of attribute types. */
PyObject *pyssl_txt2obj(PyObject *self, PyObject *args, PyObject *kw);
PyObject *pyssl_nid2obj(PyObject *self, PyObject *arg);
const char *pyssl_short_name(const char *long_name);

#endif
