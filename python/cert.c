/*
 * The _ssl shim: exceptions raised from sslite errors, certificates as
 * Python dicts, the _ssl.Certificate type, and the small table of object
 * identifiers behind txt2obj() / nid2obj().
 */
#include "_ssl_err.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

PyObject *pyssl_SSLError;
PyObject *pyssl_SSLZeroReturnError;
PyObject *pyssl_SSLWantReadError;
PyObject *pyssl_SSLWantWriteError;
PyObject *pyssl_SSLSyscallError;
PyObject *pyssl_SSLEOFError;
PyObject *pyssl_SSLCertVerificationError;

/* ---- exceptions ---- */

static PyObject *str_or_none(const char *s)
{
    if (s == NULL || s[0] == '\0')
        Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

/* OSError(errno, strerror[, filename]): the constructor picks the subclass
 * (FileNotFoundError, ConnectionResetError...).  sslite writes the
 * filename, when there is one, as Python prints it: "...: 'path'". */
static PyObject *raise_os(const sslite_error *e)
{
    char prefix[SSLITE_ERROR_MESSAGE_MAX];
    const char *strerr = strerror(e->errnum);
    PyObject *exc;
    size_t plen, mlen = strlen(e->message);

    snprintf(prefix, sizeof(prefix), "[Errno %d] %s: '", e->errnum, strerr);
    plen = strlen(prefix);
    if (mlen > plen + 1 && strncmp(e->message, prefix, plen) == 0 &&
        e->message[mlen - 1] == '\'')
        exc = PyObject_CallFunction(PyExc_OSError, "isN", e->errnum, strerr,
                                    PyUnicode_DecodeFSDefaultAndSize(e->message + plen,
                                                                     (Py_ssize_t)(mlen - plen - 1)));
    else
        exc = PyObject_CallFunction(PyExc_OSError, "is", e->errnum, strerr);
    if (exc != NULL) {
        PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
        Py_DECREF(exc);
    }
    return NULL;
}

static PyObject *ssl_class(int type)
{
    switch (type) {
    case SSLITE_ERR_ZERO_RETURN: return pyssl_SSLZeroReturnError;
    case SSLITE_ERR_WANT_READ: return pyssl_SSLWantReadError;
    case SSLITE_ERR_WANT_WRITE: return pyssl_SSLWantWriteError;
    case SSLITE_ERR_SYSCALL: return pyssl_SSLSyscallError;
    case SSLITE_ERR_EOF: return pyssl_SSLEOFError;
    case SSLITE_ERR_CERT_VERIFICATION: return pyssl_SSLCertVerificationError;
    default: return pyssl_SSLError;
    }
}

static int set_attr(PyObject *exc, const char *name, PyObject *value)
{
    int r;
    if (value == NULL)
        return -1;
    r = PyObject_SetAttrString(exc, name, value);
    Py_DECREF(value);
    return r;
}

PyObject *pyssl_raise(const sslite_error *e)
{
    PyObject *cls, *exc;
    size_t mlen = strlen(e->message);

    switch (e->type) {
    case SSLITE_ERR_VALUE: PyErr_SetString(PyExc_ValueError, e->message); return NULL;
    case SSLITE_ERR_TYPE: PyErr_SetString(PyExc_TypeError, e->message); return NULL;
    case SSLITE_ERR_NOT_IMPLEMENTED:
        PyErr_SetString(PyExc_NotImplementedError, e->message);
        return NULL;
    case SSLITE_ERR_MEMORY: return PyErr_NoMemory();
    case SSLITE_ERR_TIMEOUT: PyErr_SetString(PyExc_TimeoutError, e->message); return NULL;
    case SSLITE_ERR_OS: return raise_os(e);
    case SSLITE_OK:
        PyErr_SetString(PyExc_SystemError, "sslite reported a failure without an error");
        return NULL;
    default: break;
    }
    cls = ssl_class(e->type);
    if (e->errnum == 0 && mlen > 5 && strncmp(e->message, "('", 2) == 0 &&
        strcmp(e->message + mlen - 3, "',)") == 0)
        /* errno None: sslite keeps str() of the one-argument exception. */
        exc = PyObject_CallFunction(cls, "s#", e->message + 2, (Py_ssize_t)(mlen - 5));
    else
        exc = PyObject_CallFunction(cls, "is", e->errnum, e->message);
    if (exc == NULL)
        return NULL;
    if (set_attr(exc, "reason", str_or_none(e->reason)) < 0 ||
        set_attr(exc, "library", str_or_none(e->library)) < 0)
        goto fail;
    if (e->type == SSLITE_ERR_CERT_VERIFICATION &&
        (set_attr(exc, "verify_code", PyLong_FromLong(e->verify_code)) < 0 ||
         set_attr(exc, "verify_message", str_or_none(e->verify_message)) < 0))
        goto fail;
    PyErr_SetObject(cls, exc);
fail:
    Py_DECREF(exc);
    return NULL;
}

/* ---- certificates as dicts ---- */

static PyObject *text(const char *s, size_t len)
{
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)len, "strict");
}

static PyObject *name_tuple(const sslite_cert_name *n)
{
    PyObject *rdns = PyTuple_New((Py_ssize_t)n->count);
    size_t i, j;

    if (rdns == NULL)
        return NULL;
    for (i = 0; i < n->count; i++) {
        const sslite_cert_rdn *rdn = &n->rdns[i];
        PyObject *t = PyTuple_New((Py_ssize_t)rdn->count);
        if (t == NULL)
            goto fail;
        PyTuple_SET_ITEM(rdns, (Py_ssize_t)i, t);
        for (j = 0; j < rdn->count; j++) {
            PyObject *pair = Py_BuildValue("(sN)", rdn->attrs[j].name,
                                           text(rdn->attrs[j].value, rdn->attrs[j].value_len));
            if (pair == NULL)
                goto fail;
            PyTuple_SET_ITEM(t, (Py_ssize_t)j, pair);
        }
    }
    return rdns;
fail:
    Py_DECREF(rdns);
    return NULL;
}

static PyObject *string_tuple(const sslite_cert_string *s, size_t count)
{
    PyObject *t = PyTuple_New((Py_ssize_t)count);
    size_t i;

    for (i = 0; t != NULL && i < count; i++) {
        PyObject *v = text(s[i].value, s[i].len);
        if (v == NULL) {
            Py_CLEAR(t);
            break;
        }
        PyTuple_SET_ITEM(t, (Py_ssize_t)i, v);
    }
    return t;
}

static int put(PyObject *d, const char *key, PyObject *v)
{
    int r;
    if (v == NULL)
        return -1;
    r = PyDict_SetItemString(d, key, v);
    Py_DECREF(v);
    return r;
}

PyObject *pyssl_certdict(const sslite_certdict *c)
{
    PyObject *d = PyDict_New();
    const sslite_cert_altname *alt;
    const sslite_cert_string *uris;
    size_t n, i;

    if (d == NULL || sslite_certdict_is_empty(c))
        return d;
    if (put(d, "subject", name_tuple(sslite_certdict_subject(c))) < 0 ||
        put(d, "issuer", name_tuple(sslite_certdict_issuer(c))) < 0 ||
        put(d, "version", PyLong_FromLong(sslite_certdict_version(c))) < 0 ||
        put(d, "serialNumber", PyUnicode_FromString(sslite_certdict_serial_number(c))) < 0 ||
        put(d, "notBefore", PyUnicode_FromString(sslite_certdict_not_before(c))) < 0 ||
        put(d, "notAfter", PyUnicode_FromString(sslite_certdict_not_after(c))) < 0)
        goto fail;
    if (sslite_certdict_subject_alt_name(c, &alt, &n)) {
        PyObject *t = PyTuple_New((Py_ssize_t)n);
        if (put(d, "subjectAltName", t) < 0)
            goto fail;
        for (i = 0; i < n; i++) {
            PyObject *v = alt[i].dirname != NULL ? name_tuple(alt[i].dirname)
                                                 : text(alt[i].value, alt[i].value_len);
            PyObject *pair = Py_BuildValue("(sN)", alt[i].type, v);
            if (pair == NULL)
                goto fail;
            PyTuple_SET_ITEM(t, (Py_ssize_t)i, pair);
        }
    }
    if (sslite_certdict_ocsp(c, &uris, &n) && put(d, "OCSP", string_tuple(uris, n)) < 0)
        goto fail;
    if (sslite_certdict_ca_issuers(c, &uris, &n) && put(d, "caIssuers", string_tuple(uris, n)) < 0)
        goto fail;
    if (sslite_certdict_crl_distribution_points(c, &uris, &n) &&
        put(d, "crlDistributionPoints", string_tuple(uris, n)) < 0)
        goto fail;
    return d;
fail:
    Py_DECREF(d);
    return NULL;
}

/* ---- object identifiers ---- */

/* OpenSSL's NIDs, short and long names for the objects Python programs
 * ask about (Purpose.SERVER_AUTH / CLIENT_AUTH and the usual name and
 * algorithm identifiers).  sslite has no object database of its own. */
static const struct oid_entry {
    int nid;
    const char *sn, *ln, *oid;
} oids[] = {
    {4, "MD5", "md5", "1.2.840.113549.2.5"},
    {6, "rsaEncryption", "rsaEncryption", "1.2.840.113549.1.1.1"},
    {13, "CN", "commonName", "2.5.4.3"},
    {14, "C", "countryName", "2.5.4.6"},
    {15, "L", "localityName", "2.5.4.7"},
    {16, "ST", "stateOrProvinceName", "2.5.4.8"},
    {17, "O", "organizationName", "2.5.4.10"},
    {18, "OU", "organizationalUnitName", "2.5.4.11"},
    {48, "emailAddress", "emailAddress", "1.2.840.113549.1.9.1"},
    {64, "SHA1", "sha1", "1.3.14.3.2.26"},
    {85, "subjectAltName", "X509v3 Subject Alternative Name", "2.5.29.17"},
    {87, "basicConstraints", "X509v3 Basic Constraints", "2.5.29.19"},
    {100, "SN", "surname", "2.5.4.4"},
    {105, "serialNumber", "serialNumber", "2.5.4.5"},
    {106, "title", "title", "2.5.4.12"},
    {129, "serverAuth", "TLS Web Server Authentication", "1.3.6.1.5.5.7.3.1"},
    {130, "clientAuth", "TLS Web Client Authentication", "1.3.6.1.5.5.7.3.2"},
    {131, "codeSigning", "Code Signing", "1.3.6.1.5.5.7.3.3"},
    {132, "emailProtection", "E-mail Protection", "1.3.6.1.5.5.7.3.4"},
    {133, "timeStamping", "Time Stamping", "1.3.6.1.5.5.7.3.8"},
    {173, "name", "name", "2.5.4.41"},
    {180, "OCSPSigning", "OCSP Signing", "1.3.6.1.5.5.7.3.9"},
    {391, "DC", "domainComponent", "0.9.2342.19200300.100.1.25"},
    {408, "id-ecPublicKey", "id-ecPublicKey", "1.2.840.10045.2.1"},
    {415, "prime256v1", "prime256v1", "1.2.840.10045.3.1.7"},
    {458, "UID", "userId", "0.9.2342.19200300.100.1.1"},
    {672, "SHA256", "sha256", "2.16.840.1.101.3.4.2.1"},
    {673, "SHA384", "sha384", "2.16.840.1.101.3.4.2.2"},
    {674, "SHA512", "sha512", "2.16.840.1.101.3.4.2.3"},
    {715, "secp384r1", "secp384r1", "1.3.132.0.34"},
};

static PyObject *oid_tuple(const struct oid_entry *o)
{
    return Py_BuildValue("(isss)", o->nid, o->sn, o->ln, o->oid);
}

PyObject *pyssl_txt2obj(PyObject *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"txt", "name", NULL};
    const char *txt;
    int name = 0;
    size_t i;

    (void)self;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "s|p:txt2obj", kwlist, &txt, &name))
        return NULL;
    for (i = 0; i < sizeof(oids) / sizeof(oids[0]); i++)
        if (strcmp(txt, oids[i].oid) == 0 ||
            (name && (strcmp(txt, oids[i].sn) == 0 || strcmp(txt, oids[i].ln) == 0)))
            return oid_tuple(&oids[i]);
    PyErr_Format(PyExc_ValueError, "unknown object '%.100s'", txt);
    return NULL;
}

PyObject *pyssl_nid2obj(PyObject *self, PyObject *arg)
{
    long nid = PyLong_AsLong(arg);
    size_t i;

    (void)self;
    if (nid == -1 && PyErr_Occurred())
        return NULL;
    if (nid < 0) {
        PyErr_SetString(PyExc_ValueError, "NID must be positive.");
        return NULL;
    }
    for (i = 0; i < sizeof(oids) / sizeof(oids[0]); i++)
        if (oids[i].nid == nid)
            return oid_tuple(&oids[i]);
    PyErr_Format(PyExc_ValueError, "unknown NID %ld", nid);
    return NULL;
}

const char *pyssl_short_name(const char *long_name)
{
    size_t i;
    for (i = 0; i < sizeof(oids) / sizeof(oids[0]); i++)
        if (strcmp(long_name, oids[i].ln) == 0)
            return oids[i].sn;
    return long_name;
}

/* ---- _ssl.Certificate ---- */

typedef struct {
    PyObject_HEAD
    PyObject *der; /* bytes */
} PyCertificate;

PyTypeObject *pyssl_Certificate_Type;

PyObject *pyssl_certificate_new(const unsigned char *der, size_t len)
{
    PyCertificate *c = PyObject_GC_New(PyCertificate, pyssl_Certificate_Type);
    if (c == NULL)
        return NULL;
    c->der = PyBytes_FromStringAndSize((const char *)der, (Py_ssize_t)len);
    if (c->der == NULL) {
        Py_DECREF(c);
        return NULL;
    }
    PyObject_GC_Track(c);
    return (PyObject *)c;
}

static void cert_dealloc(PyCertificate *c)
{
    PyTypeObject *tp = Py_TYPE(c);
    PyObject_GC_UnTrack(c);
    Py_CLEAR(c->der);
    PyObject_GC_Del(c);
    Py_DECREF(tp);
}

static int cert_traverse(PyCertificate *c, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(c));
    return 0;
}

static sslite_certdict *cert_decode(PyCertificate *c)
{
    sslite_error err;
    sslite_certdict *d = sslite_certdict_from_der((const unsigned char *)PyBytes_AS_STRING(c->der),
                                                  (size_t)PyBytes_GET_SIZE(c->der), &err);
    if (d == NULL)
        pyssl_raise(&err);
    return d;
}

static PyObject *cert_get_info(PyCertificate *c, PyObject *unused)
{
    sslite_certdict *d = cert_decode(c);
    PyObject *r;

    (void)unused;
    if (d == NULL)
        return NULL;
    r = pyssl_certdict(d);
    sslite_certdict_free(d);
    return r;
}

static PyObject *cert_public_bytes(PyCertificate *c, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"format", NULL};
    int format = 1;
    char *pem;
    PyObject *r;

    if (!PyArg_ParseTupleAndKeywords(args, kw, "|i:public_bytes", kwlist, &format))
        return NULL;
    if (format == 2) {
        Py_INCREF(c->der);
        return c->der;
    }
    if (format != 1) {
        PyErr_SetString(PyExc_ValueError, "Unsupported format");
        return NULL;
    }
    pem = sslite_DER_cert_to_PEM_cert((const unsigned char *)PyBytes_AS_STRING(c->der),
                                      (size_t)PyBytes_GET_SIZE(c->der));
    if (pem == NULL)
        return PyErr_NoMemory();
    r = PyUnicode_FromString(pem);
    free(pem);
    return r;
}

/* repr: the subject in RFC 2253 order (last RDN first), short names. */
static PyObject *cert_repr(PyCertificate *c)
{
    sslite_certdict *d = cert_decode(c);
    const sslite_cert_name *n;
    PyObject *parts, *sep, *joined, *r;
    size_t i, j;

    if (d == NULL)
        return NULL;
    n = sslite_certdict_subject(d);
    parts = PyList_New(0);
    for (i = n != NULL ? n->count : 0; parts != NULL && i > 0; i--) {
        const sslite_cert_rdn *rdn = &n->rdns[i - 1];
        for (j = 0; j < rdn->count; j++) {
            PyObject *p = PyUnicode_FromFormat("%s=%s", pyssl_short_name(rdn->attrs[j].name),
                                               rdn->attrs[j].value);
            if (p == NULL || PyList_Append(parts, p) < 0) {
                Py_XDECREF(p);
                Py_CLEAR(parts);
                break;
            }
            Py_DECREF(p);
        }
    }
    sslite_certdict_free(d);
    if (parts == NULL)
        return NULL;
    sep = PyUnicode_FromString(",");
    joined = sep != NULL ? PyUnicode_Join(sep, parts) : NULL;
    Py_XDECREF(sep);
    Py_DECREF(parts);
    if (joined == NULL)
        return NULL;
    r = PyUnicode_FromFormat("<%s '%U'>", _PyType_Name(Py_TYPE(c)), joined);
    Py_DECREF(joined);
    return r;
}

static Py_hash_t cert_hash(PyCertificate *c)
{
    return PyObject_Hash(c->der);
}

static PyObject *cert_richcompare(PyObject *a, PyObject *b, int op)
{
    if (!PyObject_TypeCheck(b, pyssl_Certificate_Type) || (op != Py_EQ && op != Py_NE))
        Py_RETURN_NOTIMPLEMENTED;
    return PyObject_RichCompare(((PyCertificate *)a)->der, ((PyCertificate *)b)->der, op);
}

static PyMethodDef cert_methods[] = {
    {"get_info", (PyCFunction)cert_get_info, METH_NOARGS, NULL},
    {"public_bytes", (PyCFunction)(void (*)(void))cert_public_bytes, METH_VARARGS | METH_KEYWORDS,
     NULL},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot cert_slots[] = {
    {Py_tp_dealloc, cert_dealloc},   {Py_tp_traverse, cert_traverse},
    {Py_tp_repr, cert_repr},         {Py_tp_hash, cert_hash},
    {Py_tp_richcompare, cert_richcompare}, {Py_tp_methods, cert_methods},
    {0, NULL},
};

static PyType_Spec cert_spec = {
    "_ssl.Certificate", sizeof(PyCertificate), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE |
        Py_TPFLAGS_DISALLOW_INSTANTIATION,
    cert_slots,
};

int pyssl_init_certificate(PyObject *module)
{
    pyssl_Certificate_Type = (PyTypeObject *)PyType_FromModuleAndSpec(module, &cert_spec, NULL);
    if (pyssl_Certificate_Type == NULL)
        return -1;
    Py_INCREF(pyssl_Certificate_Type);
    return PyModule_AddObject(module, "Certificate", (PyObject *)pyssl_Certificate_Type);
}
