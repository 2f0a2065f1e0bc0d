/*
 * _ssl: the C module behind CPython's Lib/ssl.py, on sslite's public API
 * (and so on Mbed TLS).  ssl.py stays unmodified; this module provides
 * what it imports: _SSLContext, _SSLSocket (for SSLSocket and SSLObject),
 * MemoryBIO, SSLSession, Certificate, the exceptions and the constants.
 *
 * SSLSocket: the Python socket keeps its descriptor; the connection is an
 * sslite object over the callback transport, whose callbacks read and
 * write that descriptor without blocking.  Each call reads the socket's
 * descriptor and timeout afresh (as _ssl.c does), then loops: one engine
 * step, and when it wants I/O, poll() bounded by the call's deadline.  The
 * GIL is released for the steps and the waits; the SNI callback takes it
 * back.
 */
#include "_ssl_err.h"
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

static PyTypeObject *Context_Type, *Socket_Type, *BIO_Type, *Session_Type;

/* ---- small helpers ---- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static PyObject *str_or_none(const char *s)
{
    if (s == NULL)
        Py_RETURN_NONE;
    return PyUnicode_FromString(s);
}

/* A filesystem path argument as bytes (None allowed when may_be_none),
 * with CPython's TypeError message. */
static int fs_path(PyObject *o, PyObject **out, const char *what, int may_be_none)
{
    *out = NULL;
    if (o == NULL || o == Py_None) {
        if (may_be_none)
            return 0;
    } else if (PyUnicode_FSConverter(o, out)) {
        return 0;
    }
    PyErr_Clear();
    PyErr_Format(PyExc_TypeError, "%s should be a valid filesystem path", what);
    return -1;
}

/* ---- MemoryBIO ---- */

typedef struct {
    PyObject_HEAD
    sslite_memorybio *bio;
} PyMemoryBIO;

static PyObject *bio_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
    PyMemoryBIO *self;

    if (PyTuple_GET_SIZE(args) != 0 || (kw != NULL && PyDict_GET_SIZE(kw) != 0)) {
        PyErr_SetString(PyExc_TypeError, "MemoryBIO() takes no arguments");
        return NULL;
    }
    self = (PyMemoryBIO *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->bio = sslite_memorybio_new();
    if (self->bio == NULL) {
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    return (PyObject *)self;
}

static void bio_dealloc(PyMemoryBIO *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    sslite_memorybio_free(self->bio);
    tp->tp_free(self);
    Py_DECREF(tp);
}

static PyObject *bio_read(PyMemoryBIO *self, PyObject *args)
{
    Py_ssize_t n = -1;
    size_t avail = sslite_memorybio_pending(self->bio);
    PyObject *r;

    if (!PyArg_ParseTuple(args, "|n:read", &n))
        return NULL;
    if (n < 0 || (size_t)n > avail)
        n = (Py_ssize_t)avail;
    r = PyBytes_FromStringAndSize(NULL, n);
    if (r == NULL || n == 0)
        return r;
    n = sslite_memorybio_read(self->bio, PyBytes_AS_STRING(r), n, (size_t)n);
    if (n < 0) {
        Py_DECREF(r);
        return pyssl_raise(sslite_memorybio_error(self->bio));
    }
    if (_PyBytes_Resize(&r, n) < 0)
        return NULL;
    return r;
}

static PyObject *bio_write(PyMemoryBIO *self, PyObject *arg)
{
    Py_buffer b;
    ssize_t n;

    if (PyObject_GetBuffer(arg, &b, PyBUF_SIMPLE) < 0)
        return NULL;
    if (b.len > INT_MAX) {
        PyBuffer_Release(&b);
        PyErr_Format(PyExc_OverflowError, "string longer than %d bytes", INT_MAX);
        return NULL;
    }
    n = sslite_memorybio_write(self->bio, b.buf, (size_t)b.len);
    PyBuffer_Release(&b);
    if (n < 0)
        return pyssl_raise(sslite_memorybio_error(self->bio));
    return PyLong_FromSsize_t(n);
}

static PyObject *bio_write_eof(PyMemoryBIO *self, PyObject *unused)
{
    (void)unused;
    sslite_memorybio_write_eof(self->bio);
    Py_RETURN_NONE;
}

static PyObject *bio_get_pending(PyMemoryBIO *self, void *c)
{
    (void)c;
    return PyLong_FromSize_t(sslite_memorybio_pending(self->bio));
}

static PyObject *bio_get_eof(PyMemoryBIO *self, void *c)
{
    (void)c;
    return PyBool_FromLong(sslite_memorybio_eof(self->bio));
}

static PyMethodDef bio_methods[] = {
    {"read", (PyCFunction)bio_read, METH_VARARGS, NULL},
    {"write", (PyCFunction)bio_write, METH_O, NULL},
    {"write_eof", (PyCFunction)bio_write_eof, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef bio_getset[] = {
    {"pending", (getter)bio_get_pending, NULL, NULL, NULL},
    {"eof", (getter)bio_get_eof, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyType_Slot bio_slots[] = {
    {Py_tp_new, bio_new},         {Py_tp_dealloc, bio_dealloc},
    {Py_tp_methods, bio_methods}, {Py_tp_getset, bio_getset},
    {0, NULL},
};

static PyType_Spec bio_spec = {
    "_ssl.MemoryBIO", sizeof(PyMemoryBIO), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE, bio_slots,
};

/* ---- SSLSession ---- */

typedef struct {
    PyObject_HEAD
    sslite_session *sess;
    PyObject *ctx; /* the _SSLContext of the connection it came from */
} PySession;

static PyObject *session_new(sslite_session *sess, PyObject *ctx)
{
    PySession *self = PyObject_GC_New(PySession, Session_Type);
    if (self == NULL) {
        sslite_session_free(sess);
        return NULL;
    }
    self->sess = sess;
    self->ctx = ctx;
    Py_INCREF(ctx);
    PyObject_GC_Track(self);
    return (PyObject *)self;
}

static void session_dealloc(PySession *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    sslite_session_free(self->sess);
    Py_CLEAR(self->ctx);
    PyObject_GC_Del(self);
    Py_DECREF(tp);
}

static int session_traverse(PySession *self, visitproc visit, void *arg)
{
    Py_VISIT(self->ctx);
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static int session_clear(PySession *self)
{
    Py_CLEAR(self->ctx);
    return 0;
}

static PyObject *session_richcompare(PyObject *a, PyObject *b, int op)
{
    const unsigned char *ia, *ib;
    size_t la, lb;
    int eq;

    if (!PyObject_TypeCheck(b, Session_Type) || (op != Py_EQ && op != Py_NE))
        Py_RETURN_NOTIMPLEMENTED;
    if (a == b) {
        eq = 1;
    } else {
        ia = sslite_session_id(((PySession *)a)->sess, &la);
        ib = sslite_session_id(((PySession *)b)->sess, &lb);
        eq = la == lb && (la == 0 || memcmp(ia, ib, la) == 0);
    }
    return PyBool_FromLong(op == Py_EQ ? eq : !eq);
}

static PyObject *session_get_id(PySession *self, void *c)
{
    size_t len;
    const unsigned char *id = sslite_session_id(self->sess, &len);
    (void)c;
    return PyBytes_FromStringAndSize((const char *)id, (Py_ssize_t)len);
}

static PyObject *session_get_time(PySession *self, void *c)
{
    (void)c;
    return PyLong_FromLongLong(sslite_session_time(self->sess));
}

static PyObject *session_get_timeout(PySession *self, void *c)
{
    (void)c;
    return PyLong_FromLong(sslite_session_timeout(self->sess));
}

static PyObject *session_get_hint(PySession *self, void *c)
{
    (void)c;
    return PyLong_FromUnsignedLong(sslite_session_ticket_lifetime_hint(self->sess));
}

static PyObject *session_get_has_ticket(PySession *self, void *c)
{
    (void)c;
    return PyBool_FromLong(sslite_session_has_ticket(self->sess));
}

static PyGetSetDef session_getset[] = {
    {"id", (getter)session_get_id, NULL, NULL, NULL},
    {"time", (getter)session_get_time, NULL, NULL, NULL},
    {"timeout", (getter)session_get_timeout, NULL, NULL, NULL},
    {"ticket_lifetime_hint", (getter)session_get_hint, NULL, NULL, NULL},
    {"has_ticket", (getter)session_get_has_ticket, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyType_Slot session_slots[] = {
    {Py_tp_dealloc, session_dealloc},   {Py_tp_traverse, session_traverse},
    {Py_tp_clear, session_clear},       {Py_tp_richcompare, session_richcompare},
    {Py_tp_getset, session_getset},     {Py_tp_hash, PyObject_HashNotImplemented},
    {0, NULL},
};

static PyType_Spec session_spec = {
    "_ssl.SSLSession", sizeof(PySession), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE |
        Py_TPFLAGS_DISALLOW_INSTANTIATION,
    session_slots,
};

/* ---- _SSLContext ---- */

#define HOSTFLAG_ALWAYS_CHECK_SUBJECT 0x1
#define HOSTFLAG_NO_WILDCARDS 0x2
#define HOSTFLAG_NO_PARTIAL_WILDCARDS 0x4
#define HOSTFLAG_MULTI_LABEL_WILDCARDS 0x8
#define HOSTFLAG_SINGLE_LABEL_SUBDOMAINS 0x10
#define HOSTFLAG_NEVER_CHECK_SUBJECT 0x20

typedef struct {
    PyObject_HEAD
    sslite_context *ctx;
    PyObject *sni_cb;       /* callable or NULL */
    PyObject *msg_cb;       /* _msg_callback (sslite/msg_callback.h) */
    PyObject *keylog;       /* what keylog_filename was set to, or NULL */
    unsigned int hostflags; /* _host_flags, the NEVER_CHECK_SUBJECT bit live */
} PyCtx;

static PyObject *ctx_error(PyCtx *self)
{
    return pyssl_raise(sslite_context_error(self->ctx));
}

static int ctx_check(PyCtx *self, int r)
{
    if (r < 0) {
        ctx_error(self);
        return -1;
    }
    return 0;
}

static PyObject *ctx_none(PyCtx *self, int r)
{
    if (r < 0)
        return ctx_error(self);
    Py_RETURN_NONE;
}

static int warn_deprecated(const char *msg)
{
    return PyErr_WarnEx(PyExc_DeprecationWarning, msg, 2);
}

static PyObject *ctx_new(PyTypeObject *type, PyObject *args, PyObject *kw)
{
    int protocol;
    sslite_error err;
    PyCtx *self;

    if (kw != NULL && PyDict_GET_SIZE(kw) != 0) {
        PyErr_SetString(PyExc_TypeError, "_SSLContext() takes no keyword arguments");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "i:_SSLContext", &protocol))
        return NULL;
    if (protocol == SSLITE_PROTOCOL_TLS && warn_deprecated("ssl.PROTOCOL_TLS is deprecated") < 0)
        return NULL;
    if (protocol == SSLITE_PROTOCOL_TLSv1_2 &&
        warn_deprecated("ssl.PROTOCOL_TLSv1_2 is deprecated") < 0)
        return NULL;
    self = (PyCtx *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->ctx = sslite_context_new(protocol, &err);
    if (self->ctx == NULL) {
        Py_DECREF(self);
        return pyssl_raise(&err);
    }
    self->hostflags = HOSTFLAG_NO_PARTIAL_WILDCARDS;
    return (PyObject *)self;
}

static int ctx_traverse(PyCtx *self, visitproc visit, void *arg)
{
    Py_VISIT(self->sni_cb);
    Py_VISIT(self->msg_cb);
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static int ctx_clear(PyCtx *self)
{
    if (self->ctx != NULL && self->sni_cb != NULL)
        sslite_context_set_sni_callback(self->ctx, NULL, NULL);
    Py_CLEAR(self->sni_cb);
    Py_CLEAR(self->msg_cb);
    return 0;
}

static void ctx_dealloc(PyCtx *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    ctx_clear(self);
    Py_CLEAR(self->keylog);
    sslite_context_free(self->ctx);
    tp->tp_free(self);
    Py_DECREF(tp);
}

/* attributes */

/* The plain int and bool attributes: one getter and one setter, the
 * sslite accessors in the closure. */
typedef struct {
    int (*get)(const sslite_context *);
    int (*set)(sslite_context *, int); /* NULL: read-only */
    int boolean;
} int_attr;

static int_attr attr_check_hostname = {sslite_context_get_check_hostname,
                                             sslite_context_set_check_hostname, 1};
static int_attr attr_verify_mode = {sslite_context_get_verify_mode,
                                          sslite_context_set_verify_mode, 0};
static int_attr attr_num_tickets = {sslite_context_get_num_tickets,
                                          sslite_context_set_num_tickets, 0};
static int_attr attr_protocol = {sslite_context_get_protocol, NULL, 0};
static int_attr attr_security_level = {sslite_context_get_security_level, NULL, 0};

static PyObject *ctx_get_int(PyCtx *self, void *c)
{
    const int_attr *a = c;
    int v = a->get(self->ctx);
    return a->boolean ? PyBool_FromLong(v) : PyLong_FromLong(v);
}

static int ctx_set_int(PyCtx *self, PyObject *v, void *c)
{
    const int_attr *a = c;
    int n;
    if (v == NULL || !PyArg_Parse(v, a->boolean ? "p" : "i", &n))
        return -1;
    return ctx_check(self, a->set(self->ctx, n));
}

static PyObject *ctx_get_verify_flags(PyCtx *self, void *c)
{
    (void)c;
    return PyLong_FromUnsignedLong(sslite_context_get_verify_flags(self->ctx));
}

static int ctx_set_verify_flags(PyCtx *self, PyObject *v, void *c)
{
    unsigned long flags;
    (void)c;
    if (v == NULL || !PyArg_Parse(v, "k", &flags))
        return -1;
    return ctx_check(self, sslite_context_set_verify_flags(self->ctx, flags));
}

static PyObject *ctx_get_options(PyCtx *self, void *c)
{
    (void)c;
    return PyLong_FromUnsignedLongLong(sslite_context_get_options(self->ctx));
}

static int ctx_set_options(PyCtx *self, PyObject *v, void *c)
{
    const uint64_t no_proto = SSLITE_OP_NO_SSLv2 | SSLITE_OP_NO_SSLv3 | SSLITE_OP_NO_TLSv1 |
                              SSLITE_OP_NO_TLSv1_1 | SSLITE_OP_NO_TLSv1_2 | SSLITE_OP_NO_TLSv1_3;
    unsigned long long opts;
    uint64_t old = sslite_context_get_options(self->ctx);
    (void)c;
    if (v == NULL || !PyArg_Parse(v, "O!", &PyLong_Type, &v))
        return -1;
    opts = PyLong_AsUnsignedLongLong(v);
    if (opts == (unsigned long long)-1 && PyErr_Occurred())
        return -1;
    if ((~old & opts & no_proto) != 0 &&
        warn_deprecated("ssl.OP_NO_SSL*/ssl.OP_NO_TLS* options are deprecated") < 0)
        return -1;
    return ctx_check(self, sslite_context_set_options(self->ctx, opts));
}

static int set_version(PyCtx *self, PyObject *v, int maximum)
{
    int ver;
    if (v == NULL || !PyArg_Parse(v, "i", &ver))
        return -1;
    if (ver == SSLITE_TLSVersion_SSLv3 && warn_deprecated("ssl.TLSVersion.SSLv3 is deprecated") < 0)
        return -1;
    if (ver == SSLITE_TLSVersion_TLSv1 && warn_deprecated("ssl.TLSVersion.TLSv1 is deprecated") < 0)
        return -1;
    if (ver == SSLITE_TLSVersion_TLSv1_1 &&
        warn_deprecated("ssl.TLSVersion.TLSv1_1 is deprecated") < 0)
        return -1;
    return ctx_check(self, maximum ? sslite_context_set_maximum_version(self->ctx, ver)
                                   : sslite_context_set_minimum_version(self->ctx, ver));
}

static PyObject *ctx_get_minimum_version(PyCtx *self, void *c)
{
    (void)c;
    return PyLong_FromLong(sslite_context_get_minimum_version(self->ctx));
}

static int ctx_set_minimum_version(PyCtx *self, PyObject *v, void *c)
{
    (void)c;
    return set_version(self, v, 0);
}

static PyObject *ctx_get_maximum_version(PyCtx *self, void *c)
{
    (void)c;
    return PyLong_FromLong(sslite_context_get_maximum_version(self->ctx));
}

static int ctx_set_maximum_version(PyCtx *self, PyObject *v, void *c)
{
    (void)c;
    return set_version(self, v, 1);
}

static PyObject *ctx_get_pha(PyCtx *self, void *c)
{
    (void)c;
    return PyBool_FromLong(sslite_context_get_post_handshake_auth(self->ctx));
}

static int ctx_set_pha(PyCtx *self, PyObject *v, void *c)
{
    int on;
    (void)c;
    if (v == NULL) {
        PyErr_SetString(PyExc_AttributeError, "cannot delete attribute");
        return -1;
    }
    on = PyObject_IsTrue(v);
    if (on < 0)
        return -1;
    return ctx_check(self, sslite_context_set_post_handshake_auth(self->ctx, on));
}

static PyObject *ctx_get_host_flags(PyCtx *self, void *c)
{
    unsigned int f = self->hostflags & ~HOSTFLAG_NEVER_CHECK_SUBJECT;
    (void)c;
    if (!sslite_context_get_hostname_checks_common_name(self->ctx))
        f |= HOSTFLAG_NEVER_CHECK_SUBJECT;
    return PyLong_FromUnsignedLong(f);
}

static int ctx_set_host_flags(PyCtx *self, PyObject *v, void *c)
{
    unsigned int f;
    (void)c;
    if (v == NULL || !PyArg_Parse(v, "I", &f))
        return -1;
    if (ctx_check(self, sslite_context_set_hostname_checks_common_name(
                            self->ctx, (f & HOSTFLAG_NEVER_CHECK_SUBJECT) == 0)) < 0)
        return -1;
    self->hostflags = f;
    return 0;
}

#if SSLITE_HAS_KEYLOG
static PyObject *ctx_get_keylog(PyCtx *self, void *c)
{
    (void)c;
    if (self->keylog == NULL || sslite_context_get_keylog_filename(self->ctx) == NULL)
        Py_RETURN_NONE;
    Py_INCREF(self->keylog);
    return self->keylog;
}

static int ctx_set_keylog(PyCtx *self, PyObject *v, void *c)
{
    PyObject *path = NULL;
    int r;
    (void)c;
    if (v == NULL) {
        PyErr_SetString(PyExc_AttributeError, "cannot delete attribute");
        return -1;
    }
    if (v != Py_None && !PyUnicode_FSConverter(v, &path))
        return -1;
    r = sslite_context_set_keylog_filename(self->ctx, path ? PyBytes_AS_STRING(path) : NULL);
    Py_XDECREF(path);
    if (r < 0)
        return ctx_check(self, r);
    Py_CLEAR(self->keylog);
    if (v != Py_None) {
        Py_INCREF(v);
        self->keylog = v;
    }
    return 0;
}
#endif

static void msg_trampoline(int write, int version, int content_type, int msg_type,
                           const unsigned char *data, size_t len, void *userdata);

static PyObject *ctx_get_msg_cb(PyCtx *self, void *c)
{
    (void)c;
    if (self->msg_cb == NULL)
        Py_RETURN_NONE;
    Py_INCREF(self->msg_cb);
    return self->msg_cb;
}

static int ctx_set_msg_cb(PyCtx *self, PyObject *v, void *c)
{
    (void)c;
    if (v == NULL || v == Py_None) {
        Py_CLEAR(self->msg_cb);
        return ctx_check(self, sslite_context_set_msg_callback(self->ctx, NULL, NULL));
    }
    if (!PyCallable_Check(v)) {
        Py_CLEAR(self->msg_cb);
        (void)sslite_context_set_msg_callback(self->ctx, NULL, NULL);
        PyErr_SetString(PyExc_TypeError, "not a callable object");
        return -1;
    }
    if (ctx_check(self, sslite_context_set_msg_callback(self->ctx, msg_trampoline, self)) < 0)
        return -1;
    Py_INCREF(v);
    Py_XSETREF(self->msg_cb, v);
    return 0;
}

static int sni_trampoline(const char *server_name, sslite_context *c, sslite_context **use_ctx,
                          void *userdata);

static PyObject *ctx_get_sni_cb(PyCtx *self, void *c)
{
    (void)c;
    if (self->sni_cb == NULL)
        Py_RETURN_NONE;
    Py_INCREF(self->sni_cb);
    return self->sni_cb;
}

static int ctx_set_sni_cb(PyCtx *self, PyObject *v, void *c)
{
    (void)c;
    if (sslite_context_get_protocol(self->ctx) == SSLITE_PROTOCOL_TLS_CLIENT) {
        PyErr_SetString(PyExc_ValueError, "sni_callback cannot be set on TLS_CLIENT context");
        return -1;
    }
    if (v == NULL || v == Py_None) {
        Py_CLEAR(self->sni_cb);
        return ctx_check(self, sslite_context_set_sni_callback(self->ctx, NULL, NULL));
    }
    if (!PyCallable_Check(v)) {
        PyErr_SetString(PyExc_TypeError, "not a callable object");
        return -1;
    }
    if (ctx_check(self, sslite_context_set_sni_callback(self->ctx, sni_trampoline, self)) < 0)
        return -1;
    Py_INCREF(v);
    Py_XSETREF(self->sni_cb, v);
    return 0;
}

static PyGetSetDef ctx_getset[] = {
    {"check_hostname", (getter)ctx_get_int, (setter)ctx_set_int, NULL, &attr_check_hostname},
    {"verify_mode", (getter)ctx_get_int, (setter)ctx_set_int, NULL, &attr_verify_mode},
    {"verify_flags", (getter)ctx_get_verify_flags, (setter)ctx_set_verify_flags, NULL, NULL},
    {"options", (getter)ctx_get_options, (setter)ctx_set_options, NULL, NULL},
    {"minimum_version", (getter)ctx_get_minimum_version, (setter)ctx_set_minimum_version, NULL,
     NULL},
    {"maximum_version", (getter)ctx_get_maximum_version, (setter)ctx_set_maximum_version, NULL,
     NULL},
    {"num_tickets", (getter)ctx_get_int, (setter)ctx_set_int, NULL, &attr_num_tickets},
    {"protocol", (getter)ctx_get_int, NULL, NULL, &attr_protocol},
    {"security_level", (getter)ctx_get_int, NULL, NULL, &attr_security_level},
    {"post_handshake_auth", (getter)ctx_get_pha, (setter)ctx_set_pha, NULL, NULL},
    {"_host_flags", (getter)ctx_get_host_flags, (setter)ctx_set_host_flags, NULL, NULL},
#if SSLITE_HAS_KEYLOG
    /* Absent without a key log, as CPython's where OpenSSL has none. */
    {"keylog_filename", (getter)ctx_get_keylog, (setter)ctx_set_keylog, NULL, NULL},
#endif
    {"_msg_callback", (getter)ctx_get_msg_cb, (setter)ctx_set_msg_cb, NULL, NULL},
    {"sni_callback", (getter)ctx_get_sni_cb, (setter)ctx_set_sni_cb, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* methods */

/* load_cert_chain's password: a str/bytes given up front or a callable
 * called (with the GIL held: the load runs with it) when the key needs it. */
typedef struct {
    PyObject *callable;
    int failed;
} pw_info;

static int pw_copy(PyObject *pw, char *buf, size_t size)
{
    const char *data;
    Py_ssize_t len;

    if (PyUnicode_Check(pw)) {
        data = PyUnicode_AsUTF8AndSize(pw, &len);
        if (data == NULL)
            return -1;
    } else if (PyBytes_Check(pw)) {
        data = PyBytes_AS_STRING(pw);
        len = PyBytes_GET_SIZE(pw);
    } else if (PyByteArray_Check(pw)) {
        data = PyByteArray_AS_STRING(pw);
        len = PyByteArray_GET_SIZE(pw);
    } else {
        return -2;
    }
    if ((size_t)len >= size || len > 1023) {
        PyErr_Format(PyExc_ValueError, "password cannot be longer than %d bytes", 1023);
        return -1;
    }
    memcpy(buf, data, (size_t)len);
    return (int)len;
}

static int pw_cb(char *buf, size_t size, void *userdata)
{
    pw_info *pw = userdata;
    PyObject *r;
    int n;

    if (pw->failed)
        return -1;
    r = PyObject_CallNoArgs(pw->callable);
    if (r == NULL) {
        pw->failed = 1;
        return -1;
    }
    n = pw_copy(r, buf, size);
    Py_DECREF(r);
    if (n == -2)
        PyErr_SetString(PyExc_TypeError, "password callback must return a string");
    if (n < 0)
        pw->failed = 1;
    return n;
}

static PyObject *ctx_load_cert_chain(PyCtx *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"certfile", "keyfile", "password", NULL};
    PyObject *certfile, *keyfile = Py_None, *password = Py_None;
    PyObject *cpath = NULL, *kpath = NULL;
    char pwbuf[1025];
    const char *pwstr = NULL;
    pw_info pw = {NULL, 0};
    int r;

    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|OO:load_cert_chain", kwlist, &certfile,
                                     &keyfile, &password))
        return NULL;
    if (fs_path(certfile, &cpath, "certfile", 0) < 0 ||
        fs_path(keyfile, &kpath, "keyfile", 1) < 0)
        goto fail;
    if (password != Py_None) {
        if (PyCallable_Check(password)) {
            pw.callable = password;
        } else {
            int n = pw_copy(password, pwbuf, sizeof(pwbuf));
            if (n == -2)
                PyErr_SetString(PyExc_TypeError, "password should be a string or callable");
            if (n < 0)
                goto fail;
            pwbuf[n] = '\0';
            pwstr = pwbuf;
        }
    }
    errno = 0;
    r = sslite_context_load_cert_chain(self->ctx, PyBytes_AS_STRING(cpath),
                                       kpath ? PyBytes_AS_STRING(kpath) : NULL, pwstr,
                                       pw.callable ? pw_cb : NULL, &pw);
    memset(pwbuf, 0, sizeof(pwbuf));
    Py_XDECREF(cpath);
    Py_XDECREF(kpath);
    if (r < 0 && pw.failed && PyErr_Occurred())
        return NULL;
    PyErr_Clear();
    return ctx_none(self, r);
fail:
    Py_XDECREF(cpath);
    Py_XDECREF(kpath);
    return NULL;
}

static PyObject *ctx_load_verify_locations(PyCtx *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"cafile", "capath", "cadata", NULL};
    PyObject *cafile = Py_None, *capath = Py_None, *cadata = Py_None;
    PyObject *fpath = NULL, *dpath = NULL, *text = NULL;
    Py_buffer buf = {0};
    const void *data = NULL;
    size_t dlen = 0;
    int type = 0, r;

    if (!PyArg_ParseTupleAndKeywords(args, kw, "|OOO:load_verify_locations", kwlist, &cafile,
                                     &capath, &cadata))
        return NULL;
    if (cafile == Py_None && capath == Py_None && cadata == Py_None) {
        PyErr_SetString(PyExc_TypeError, "cafile, capath and cadata cannot be all omitted");
        return NULL;
    }
    if (fs_path(cafile, &fpath, "cafile", 1) < 0 || fs_path(capath, &dpath, "capath", 1) < 0)
        goto fail;
    if (PyUnicode_Check(cadata)) {
        Py_ssize_t n;
        text = PyUnicode_AsASCIIString(cadata);
        if (text == NULL)
            goto fail;
        n = PyBytes_GET_SIZE(text);
        data = PyBytes_AS_STRING(text);
        dlen = (size_t)n;
        type = SSLITE_CADATA_PEM;
    } else if (cadata != Py_None) {
        if (PyObject_GetBuffer(cadata, &buf, PyBUF_SIMPLE) < 0) {
            PyErr_SetString(PyExc_TypeError, "cadata should be an ASCII string or a bytes-like object");
            goto fail;
        }
        data = buf.buf;
        dlen = (size_t)buf.len;
        type = SSLITE_CADATA_DER;
    }
    r = sslite_context_load_verify_locations(self->ctx, fpath ? PyBytes_AS_STRING(fpath) : NULL,
                                             dpath ? PyBytes_AS_STRING(dpath) : NULL, data, dlen,
                                             type);
    Py_XDECREF(fpath);
    Py_XDECREF(dpath);
    Py_XDECREF(text);
    if (buf.obj != NULL)
        PyBuffer_Release(&buf);
    return ctx_none(self, r);
fail:
    Py_XDECREF(fpath);
    Py_XDECREF(dpath);
    Py_XDECREF(text);
    return NULL;
}

static PyObject *ctx_load_dh_params(PyCtx *self, PyObject *arg)
{
    PyObject *path;
    int r;
    if (!PyUnicode_FSConverter(arg, &path))
        return NULL;
    r = sslite_context_load_dh_params(self->ctx, PyBytes_AS_STRING(path));
    Py_DECREF(path);
    return ctx_none(self, r);
}

static PyObject *ctx_set_ciphers(PyCtx *self, PyObject *args)
{
    const char *s;
    if (!PyArg_ParseTuple(args, "s:set_ciphers", &s))
        return NULL;
    return ctx_none(self, sslite_context_set_ciphers(self->ctx, s));
}

static PyObject *ctx_get_ciphers(PyCtx *self, PyObject *unused)
{
    sslite_cipher *list;
    size_t n, i;
    PyObject *r;

    (void)unused;
    if (sslite_context_get_ciphers(self->ctx, &list, &n) < 0)
        return ctx_error(self);
    r = PyList_New(0);
    for (i = 0; r != NULL && i < n; i++) {
        PyObject *d = PyDict_New();
        const sslite_cipher *c = &list[i];
        PyObject *vals[11];
        const char *keys[11] = {"id", "name", "protocol", "description", "strength_bits",
                                "alg_bits", "aead", "symmetric", "digest", "kea", "auth"};
        int k, bad = d == NULL;
        vals[0] = PyLong_FromUnsignedLong(c->id);
        vals[1] = PyUnicode_FromString(c->name);
        vals[2] = PyUnicode_FromString(c->protocol);
        vals[3] = PyUnicode_FromString(c->description);
        vals[4] = PyLong_FromLong(c->strength_bits);
        vals[5] = PyLong_FromLong(c->alg_bits);
        vals[6] = PyBool_FromLong(c->aead);
        vals[7] = str_or_none(c->symmetric);
        vals[8] = str_or_none(c->digest);
        vals[9] = str_or_none(c->kea);
        vals[10] = str_or_none(c->auth);
        for (k = 0; k < 11; k++) {
            if (vals[k] == NULL || (!bad && PyDict_SetItemString(d, keys[k], vals[k]) < 0))
                bad = 1;
            Py_XDECREF(vals[k]);
        }
        if (bad || PyList_Append(r, d) < 0)
            Py_CLEAR(r);
        Py_XDECREF(d);
    }
    sslite_ciphers_free(list);
    return r;
}

static PyObject *ctx_set_alpn(PyCtx *self, PyObject *arg)
{
    Py_buffer b;
    const char *names[256];
    char *copy;
    size_t n = 0, off = 0;
    int r;

    if (PyObject_GetBuffer(arg, &b, PyBUF_SIMPLE) < 0)
        return NULL;
    /* The wire format ssl.py builds (length-prefixed names), back to a
     * list of NUL-terminated names for sslite. */
    copy = PyMem_Malloc((size_t)b.len + 1);
    if (copy == NULL) {
        PyBuffer_Release(&b);
        return PyErr_NoMemory();
    }
    memcpy(copy, b.buf, (size_t)b.len);
    while (off < (size_t)b.len && n < 256) {
        size_t l = (unsigned char)copy[off];
        if (l == 0 || off + 1 + l > (size_t)b.len)
            break;
        memmove(copy + off, copy + off + 1, l);
        copy[off + l] = '\0';
        names[n++] = copy + off;
        off += l + 1;
    }
    r = sslite_context_set_alpn_protocols(self->ctx, names, n);
    PyMem_Free(copy);
    PyBuffer_Release(&b);
    return ctx_none(self, r);
}

static PyObject *ctx_set_npn(PyCtx *self, PyObject *arg)
{
    (void)self;
    (void)arg;
    PyErr_SetString(PyExc_NotImplementedError, "The NPN extension requires OpenSSL 1.0.1 or later.");
    return NULL;
}

static PyObject *ctx_set_ecdh_curve(PyCtx *self, PyObject *arg)
{
    PyObject *b;
    int r;
    if (!PyUnicode_FSConverter(arg, &b))
        return NULL;
    r = sslite_context_set_ecdh_curve(self->ctx, PyBytes_AS_STRING(b));
    Py_DECREF(b);
    return ctx_none(self, r);
}

static PyObject *ctx_set_default_verify_paths(PyCtx *self, PyObject *unused)
{
    (void)unused;
    return ctx_none(self, sslite_context_set_default_verify_paths(self->ctx));
}

static PyObject *ctx_session_stats(PyCtx *self, PyObject *unused)
{
    sslite_session_stats s;
    (void)unused;
    if (sslite_context_session_stats(self->ctx, &s) < 0)
        return ctx_error(self);
    return Py_BuildValue("{slslslslslslslslslslsl}", "number", s.number, "connect", s.connect,
                         "connect_good", s.connect_good, "connect_renegotiate",
                         s.connect_renegotiate, "accept", s.accept, "accept_good",
                         s.accept_good, "accept_renegotiate", s.accept_renegotiate, "hits",
                         s.hits, "misses", s.misses, "timeouts", s.timeouts, "cache_full",
                         s.cache_full);
}

static PyObject *ctx_cert_store_stats(PyCtx *self, PyObject *unused)
{
    sslite_cert_store_stats s;
    (void)unused;
    if (sslite_context_cert_store_stats(self->ctx, &s) < 0)
        return ctx_error(self);
    return Py_BuildValue("{sisisi}", "x509", s.x509, "crl", s.crl, "x509_ca", s.x509_ca);
}

static PyObject *ctx_get_ca_certs(PyCtx *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"binary_form", NULL};
    int binary = 0;
    sslite_certlist *l;
    PyObject *r;
    size_t i;

    if (!PyArg_ParseTupleAndKeywords(args, kw, "|p:get_ca_certs", kwlist, &binary))
        return NULL;
    if (sslite_context_get_ca_certs(self->ctx, binary, &l) < 0)
        return ctx_error(self);
    r = PyList_New((Py_ssize_t)l->count);
    for (i = 0; r != NULL && i < l->count; i++) {
        PyObject *v = binary ? PyBytes_FromStringAndSize((const char *)l->certs[i].data,
                                                         (Py_ssize_t)l->certs[i].len)
                             : pyssl_certdict(l->dicts[i]);
        if (v == NULL)
            Py_CLEAR(r);
        else
            PyList_SET_ITEM(r, (Py_ssize_t)i, v);
    }
    sslite_certlist_free(l);
    return r;
}

static PyObject *wrap_common(PyCtx *self, PyObject *sock, PyObject *incoming,
                             PyObject *outgoing, int server_side, PyObject *hostname,
                             PyObject *owner, PyObject *session);

static PyObject *ctx_wrap_socket(PyCtx *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"sock", "server_side", "server_hostname", "owner", "session", NULL};
    PyObject *sock, *hostname = Py_None, *owner = Py_None, *session = Py_None;
    int server_side;
    static PyObject *socket_type;

    if (!PyArg_ParseTupleAndKeywords(args, kw, "Oi|O$OO:_wrap_socket", kwlist, &sock,
                                     &server_side, &hostname, &owner, &session))
        return NULL;
    if (socket_type == NULL) {
        PyObject *m = PyImport_ImportModule("_socket");
        if (m == NULL)
            return NULL;
        socket_type = PyObject_GetAttrString(m, "socket");
        Py_DECREF(m);
        if (socket_type == NULL)
            return NULL;
    }
    if (!PyObject_TypeCheck(sock, (PyTypeObject *)socket_type)) {
        PyErr_Format(PyExc_TypeError, "_wrap_socket() argument 'sock' must be _socket.socket, not %s",
                     Py_TYPE(sock)->tp_name);
        return NULL;
    }
    return wrap_common(self, sock, NULL, NULL, server_side, hostname, owner, session);
}

static PyObject *ctx_wrap_bio(PyCtx *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"incoming", "outgoing", "server_side", "server_hostname",
                             "owner",    "session",  NULL};
    PyObject *in, *out, *hostname = Py_None, *owner = Py_None, *session = Py_None;
    int server_side;

    if (!PyArg_ParseTupleAndKeywords(args, kw, "O!O!i|O$OO:_wrap_bio", kwlist, BIO_Type, &in,
                                     BIO_Type, &out, &server_side, &hostname, &owner, &session))
        return NULL;
    return wrap_common(self, NULL, in, out, server_side, hostname, owner, session);
}

static PyMethodDef ctx_methods[] = {
    {"_wrap_socket", (PyCFunction)(void (*)(void))ctx_wrap_socket, METH_VARARGS | METH_KEYWORDS,
     NULL},
    {"_wrap_bio", (PyCFunction)(void (*)(void))ctx_wrap_bio, METH_VARARGS | METH_KEYWORDS, NULL},
    {"load_cert_chain", (PyCFunction)(void (*)(void))ctx_load_cert_chain,
     METH_VARARGS | METH_KEYWORDS, NULL},
    {"load_verify_locations", (PyCFunction)(void (*)(void))ctx_load_verify_locations,
     METH_VARARGS | METH_KEYWORDS, NULL},
    {"load_dh_params", (PyCFunction)ctx_load_dh_params, METH_O, NULL},
    {"set_ciphers", (PyCFunction)ctx_set_ciphers, METH_VARARGS, NULL},
    {"get_ciphers", (PyCFunction)ctx_get_ciphers, METH_NOARGS, NULL},
    {"_set_alpn_protocols", (PyCFunction)ctx_set_alpn, METH_O, NULL},
    {"_set_npn_protocols", (PyCFunction)ctx_set_npn, METH_O, NULL},
    {"set_ecdh_curve", (PyCFunction)ctx_set_ecdh_curve, METH_O, NULL},
    {"set_default_verify_paths", (PyCFunction)ctx_set_default_verify_paths, METH_NOARGS, NULL},
    {"session_stats", (PyCFunction)ctx_session_stats, METH_NOARGS, NULL},
    {"cert_store_stats", (PyCFunction)ctx_cert_store_stats, METH_NOARGS, NULL},
    {"get_ca_certs", (PyCFunction)(void (*)(void))ctx_get_ca_certs, METH_VARARGS | METH_KEYWORDS,
     NULL},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot ctx_slots[] = {
    {Py_tp_new, ctx_new},           {Py_tp_dealloc, ctx_dealloc},
    {Py_tp_traverse, ctx_traverse}, {Py_tp_clear, ctx_clear},
    {Py_tp_methods, ctx_methods},   {Py_tp_getset, ctx_getset},
    {0, NULL},
};

static PyType_Spec ctx_spec = {
    "_ssl._SSLContext", sizeof(PyCtx), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    ctx_slots,
};

/* ---- _SSLSocket (SSLSocket's and SSLObject's connection) ---- */

typedef struct {
    PyObject_HEAD
    sslite_object *obj;
    PyObject *ctx;       /* the _SSLContext in use (strong) */
    PyObject *wrap_ctx;  /* the one it was wrapped with (strong; its SNI callback) */
    PyObject *sock;      /* weakref to the Python socket; NULL over BIOs */
    PyObject *incoming;  /* MemoryBIOs (strong) over BIOs */
    PyObject *outgoing;
    PyObject *owner;     /* weakref to the SSLSocket/SSLObject, or NULL */
    PyObject *server_hostname; /* str or None */
    PyObject *new_ctx;   /* context set from inside the SNI callback */
    int server_side;
    int started;         /* a handshake step was taken: the session is fixed */
    int in_sni;
    int fd;              /* the socket's descriptor for the current call */
} PySocket;

/* The connection the running thread is driving, for the SNI callback
 * (sslite calls it from inside do_handshake/read/write). */
static __thread PySocket *current_sock;

/* The message callback: runs inside an sslite call made with the GIL
 * released, on the connection current_sock names.  CPython's arguments:
 * (conn, direction, version, content_type, msg_type, data). */
static void msg_trampoline(int write, int version, int content_type, int msg_type,
                           const unsigned char *data, size_t len, void *userdata)
{
    PySocket *self = current_sock;
    PyGILState_STATE g;
    PyObject *owner = NULL, *r, *cb;

    (void)userdata;
    if (self == NULL)
        return;
    g = PyGILState_Ensure();
    /* As CPython: the callback of the context the connection uses now (an
     * SNI callback may have switched it). */
    cb = ((PyCtx *)self->ctx)->msg_cb;
    if (cb == NULL)
        goto done;
    Py_INCREF(cb);
    if (self->owner != NULL)
        owner = PyWeakref_GetObject(self->owner);
    if (owner == NULL || owner == Py_None)
        owner = (PyObject *)self;
    Py_INCREF(owner);
    r = PyObject_CallFunction(cb, "Osiiiy#", owner, write ? "write" : "read", version,
                              content_type, msg_type, (const char *)data, (Py_ssize_t)len);
    if (r == NULL)
        PyErr_WriteUnraisable(cb);
    Py_XDECREF(r);
    Py_DECREF(owner);
    Py_DECREF(cb);
done:
    PyGILState_Release(g);
}

static sslite_context *ctx_of(PyObject *ctx)
{
    return ((PyCtx *)ctx)->ctx;
}

/* (Re)create the sslite object: at wrap time, and when the session is set
 * before the first handshake step. */
static int sock_make(PySocket *self, PyObject *session)
{
    sslite_error err;
    const char *host = NULL;
    sslite_session *sess = session != NULL && session != Py_None ? ((PySession *)session)->sess : NULL;
    sslite_object *obj;

    if (self->server_hostname != Py_None) {
        host = PyUnicode_AsUTF8(self->server_hostname);
        if (host == NULL)
            return -1;
    }
    if (self->sock == NULL)
        obj = sslite_context_wrap_bio(ctx_of(self->ctx),
                                      ((PyMemoryBIO *)self->incoming)->bio,
                                      ((PyMemoryBIO *)self->outgoing)->bio, self->server_side, host,
                                      sess, &err);
    else
        /* self->fd: the Python socket's descriptor, refreshed each call. */
        obj = sslite_context_wrap_callbacks(ctx_of(self->ctx), sslite_fd_send, sslite_fd_recv,
                                            &self->fd, self->server_side, host, sess, &err);
    if (obj == NULL) {
        pyssl_raise(&err);
        return -1;
    }
    sslite_object_free(self->obj);
    self->obj = obj;
    return 0;
}

static int sock_set_owner(PySocket *self, PyObject *owner, void *c);

static PyObject *wrap_common(PyCtx *self, PyObject *sock, PyObject *incoming,
                             PyObject *outgoing, int server_side, PyObject *hostname,
                             PyObject *owner, PyObject *session)
{
    PySocket *s;

    if (hostname != Py_None) {
        PyObject *b;
        if (!PyUnicode_Check(hostname) && !PyBytes_Check(hostname)) {
            PyErr_Format(PyExc_TypeError, "server_hostname must be str or None, not %.100s",
                         Py_TYPE(hostname)->tp_name);
            return NULL;
        }
        b = PyUnicode_Check(hostname) ? PyUnicode_AsASCIIString(hostname) : Py_NewRef(hostname);
        if (b == NULL)
            return NULL;
        /* As CPython's "es" argument format: a C string cannot hold NUL. */
        if (strlen(PyBytes_AS_STRING(b)) != (size_t)PyBytes_GET_SIZE(b)) {
            Py_DECREF(b);
            PyErr_SetString(PyExc_TypeError, "argument must be encoded string without null bytes");
            return NULL;
        }
        hostname = PyUnicode_DecodeASCII(PyBytes_AS_STRING(b), PyBytes_GET_SIZE(b), "strict");
        Py_DECREF(b);
        if (hostname == NULL)
            return NULL;
    } else {
        Py_INCREF(hostname);
    }
    if (session != Py_None && !PyObject_TypeCheck(session, Session_Type)) {
        Py_DECREF(hostname);
        PyErr_SetString(PyExc_TypeError, "Value is not a SSLSession.");
        return NULL;
    }
    s = PyObject_GC_New(PySocket, Socket_Type);
    if (s == NULL) {
        Py_DECREF(hostname);
        return NULL;
    }
    s->obj = NULL;
    s->ctx = Py_NewRef((PyObject *)self);
    s->wrap_ctx = Py_NewRef((PyObject *)self);
    s->sock = NULL;
    s->incoming = Py_XNewRef(incoming);
    s->outgoing = Py_XNewRef(outgoing);
    s->owner = NULL;
    s->server_hostname = hostname;
    s->new_ctx = NULL;
    s->server_side = server_side;
    s->started = 0;
    s->in_sni = 0;
    s->fd = -1;
    PyObject_GC_Track(s);
    if (sock != NULL && (s->sock = PyWeakref_NewRef(sock, NULL)) == NULL)
        goto fail;
    if (session != Py_None && server_side) {
        PyErr_SetString(PyExc_ValueError, "Cannot set session for server-side SSLSocket.");
        goto fail;
    }
    if (session != Py_None && ((PySession *)session)->ctx != (PyObject *)self) {
        PyErr_SetString(PyExc_ValueError, "Session refers to a different SSLContext.");
        goto fail;
    }
    if (sock_make(s, session) < 0)
        goto fail;
    if (owner != Py_None && sock_set_owner(s, owner, NULL) < 0)
        goto fail;
    return (PyObject *)s;
fail:
    Py_DECREF(s);
    return NULL;
}

static int sock_traverse(PySocket *self, visitproc visit, void *arg)
{
    Py_VISIT(self->ctx);
    Py_VISIT(self->wrap_ctx);
    Py_VISIT(self->incoming);
    Py_VISIT(self->outgoing);
    Py_VISIT(self->new_ctx);
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static int sock_clear(PySocket *self)
{
    Py_CLEAR(self->sock);
    Py_CLEAR(self->owner);
    Py_CLEAR(self->new_ctx);
    return 0;
}

static void sock_dealloc(PySocket *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    sslite_object_free(self->obj);
    sock_clear(self);
    Py_CLEAR(self->ctx);
    Py_CLEAR(self->wrap_ctx);
    Py_CLEAR(self->incoming);
    Py_CLEAR(self->outgoing);
    Py_CLEAR(self->server_hostname);
    PyObject_GC_Del(self);
    Py_DECREF(tp);
}

/* The SNI callback: runs inside an sslite call made with the GIL
 * released, so it takes the GIL back for the Python callable. */
static int sni_trampoline(const char *server_name, sslite_context *c, sslite_context **use_ctx,
                          void *userdata)
{
    PyCtx *pctx = userdata;
    PySocket *self = current_sock;
    PyGILState_STATE g;
    PyObject *owner = NULL, *name = NULL, *r = NULL;
    int alert = 0;

    (void)c;
    if (self == NULL)
        return 0;
    g = PyGILState_Ensure();
    if (pctx->sni_cb == NULL)
        goto done;
    if (self->owner != NULL)
        owner = PyWeakref_GetObject(self->owner);
    if (owner == NULL || owner == Py_None)
        owner = (PyObject *)self;
    Py_INCREF(owner);
    if (server_name == NULL) {
        name = Py_NewRef(Py_None);
    } else {
        name = PyUnicode_DecodeASCII(server_name, (Py_ssize_t)strlen(server_name), "strict");
        if (name == NULL) {
            PyErr_WriteUnraisable(pctx->sni_cb);
            alert = SSLITE_ALERT_DESCRIPTION_INTERNAL_ERROR;
            goto done;
        }
    }
    self->in_sni = 1;
    r = PyObject_CallFunctionObjArgs(pctx->sni_cb, owner, name, (PyObject *)pctx, NULL);
    self->in_sni = 0;
    if (r == NULL) {
        PyErr_WriteUnraisable(pctx->sni_cb);
        alert = SSLITE_ALERT_DESCRIPTION_HANDSHAKE_FAILURE;
    } else if (r != Py_None) {
        long v = PyLong_AsLong(r);
        if (v == -1 && PyErr_Occurred()) {
            PyErr_WriteUnraisable(r);
            alert = SSLITE_ALERT_DESCRIPTION_INTERNAL_ERROR;
        } else {
            alert = (int)v;
        }
    }
    if (self->new_ctx != NULL) {
        *use_ctx = ctx_of(self->new_ctx);
        Py_XSETREF(self->ctx, self->new_ctx);
        self->new_ctx = NULL;
    }
done:
    Py_XDECREF(r);
    Py_XDECREF(name);
    Py_XDECREF(owner);
    PyGILState_Release(g);
    return alert;
}

enum { OP_HANDSHAKE, OP_READ, OP_WRITE, OP_SHUTDOWN };

static ssize_t step(PySocket *self, int op, void *buf, size_t len)
{
    switch (op) {
    case OP_HANDSHAKE: return sslite_object_do_handshake(self->obj);
    case OP_READ: return sslite_object_read(self->obj, buf, len);
    case OP_WRITE: return sslite_object_write(self->obj, buf, len);
    default: return sslite_object_unwrap(self->obj);
    }
}

/* The Python socket under an SSLSocket (new reference), or NULL with
 * CPython's errors when it is gone or closed; *timeout in seconds, < 0
 * for None. */
static PyObject *sock_socket(PySocket *self, double *timeout)
{
    PyObject *sock = PyWeakref_GetObject(self->sock), *r;
    long fd;

    if (sock == NULL || sock == Py_None) {
        PyErr_SetString(PyExc_ValueError, "Underlying socket connection gone");
        return NULL;
    }
    Py_INCREF(sock);
    r = PyObject_CallMethod(sock, "fileno", NULL);
    fd = r != NULL ? PyLong_AsLong(r) : -1;
    Py_XDECREF(r);
    if (PyErr_Occurred())
        goto fail;
    if (fd < 0) {
        PyErr_SetString(PyExc_ValueError, "Underlying socket has been closed.");
        goto fail;
    }
    self->fd = (int)fd;
    r = PyObject_CallMethod(sock, "gettimeout", NULL);
    if (r == NULL)
        goto fail;
    *timeout = r == Py_None ? -1.0 : PyFloat_AsDouble(r);
    Py_DECREF(r);
    if (PyErr_Occurred())
        goto fail;
    return sock;
fail:
    Py_DECREF(sock);
    return NULL;
}

/* Run one operation to completion, CPython's way: over BIOs a single step
 * (want-read/want-write raise); over a socket, steps and poll() waits
 * within the socket's timeout, want-read/want-write raised only for a
 * non-blocking socket.  Returns the step's result (>= 0) or -1 with an
 * exception set. */
static ssize_t run(PySocket *self, int op, void *buf, size_t len)
{
    static const char *names[] = {"handshake", "read", "write", ""};
    PyObject *sock = NULL;
    double timeout = 0, deadline = 0;
    ssize_t r;
    PySocket *saved = current_sock;

    if (self->sock != NULL) {
        sock = sock_socket(self, &timeout);
        if (sock == NULL)
            return -1;
        deadline = timeout > 0 ? now() + timeout : 0;
    }
    self->started = 1;
    current_sock = self;
    for (;;) {
        int waited = 0, wait_err = 0;
        short events = 0;

        Py_BEGIN_ALLOW_THREADS
        for (;;) {
            struct pollfd pfd;
            int ms = -1, pr;

            r = step(self, op, buf, len);
            if (sock == NULL || timeout == 0 ||
                (r != SSLITE_ERR_WANT_READ && r != SSLITE_ERR_WANT_WRITE))
                break;
            events = r == SSLITE_ERR_WANT_READ ? POLLIN : POLLOUT;
            if (timeout > 0) {
                double left = deadline - now();
                if (left <= 0) {
                    waited = 1;
                    break;
                }
                ms = (int)ceil(left * 1000.0);
            }
            pfd.fd = self->fd;
            pfd.events = events;
            pfd.revents = 0;
            pr = poll(&pfd, 1, ms);
            if (pr < 0) {
                wait_err = errno;
                break;
            }
            if (pr == 0 && timeout > 0 && deadline - now() <= 0) {
                waited = 1;
                break;
            }
        }
        Py_END_ALLOW_THREADS
        if (wait_err == EINTR) {
            /* PEP 475: run the handlers, then wait for the time left. */
            if (PyErr_CheckSignals() < 0)
                break;
            continue;
        }
        if (PyErr_Occurred()) { /* from a callback */
            r = -1;
            break;
        }
        if (wait_err != 0) {
            errno = wait_err;
            PyErr_SetFromErrno(PyExc_OSError);
            r = -1;
        } else if (waited) {
            const char *what = names[op];
            if (op == OP_SHUTDOWN)
                what = events == POLLIN ? "read" : "write";
            PyErr_Format(PyExc_TimeoutError, "The %s operation timed out", what);
            r = -1;
        } else if (r < 0) {
            pyssl_raise(sslite_object_error(self->obj));
            r = -1;
        }
        break;
    }
    current_sock = saved;
    Py_XDECREF(sock);
    return r;
}

static PyObject *sock_do_handshake(PySocket *self, PyObject *unused)
{
    (void)unused;
    if (run(self, OP_HANDSHAKE, NULL, 0) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *sock_read(PySocket *self, PyObject *args)
{
    Py_ssize_t len;
    Py_buffer b = {0};
    PyObject *buffer = NULL, *bytes = NULL;
    ssize_t n;
    char *dst;

    if (!PyArg_ParseTuple(args, "n|O:read", &len, &buffer))
        return NULL;
    if (buffer != NULL && buffer != Py_None) {
        if (PyObject_GetBuffer(buffer, &b, PyBUF_WRITABLE) < 0)
            return NULL;
        if (len <= 0 || len > b.len)
            len = b.len;
        dst = b.buf;
    } else {
        if (len < 0) {
            PyErr_SetString(PyExc_ValueError, "size should not be negative");
            return NULL;
        }
        bytes = PyBytes_FromStringAndSize(NULL, len);
        if (bytes == NULL)
            return NULL;
        dst = PyBytes_AS_STRING(bytes);
    }
    if (len == 0) {
        n = 0;
    } else {
        n = run(self, OP_READ, dst, (size_t)len);
    }
    if (b.obj != NULL) {
        PyBuffer_Release(&b);
        return n < 0 ? NULL : PyLong_FromSsize_t(n);
    }
    if (n < 0 || _PyBytes_Resize(&bytes, n) < 0) {
        Py_XDECREF(bytes);
        return NULL;
    }
    return bytes;
}

static PyObject *sock_write(PySocket *self, PyObject *arg)
{
    Py_buffer b;
    ssize_t n;

    if (PyObject_GetBuffer(arg, &b, PyBUF_SIMPLE) < 0)
        return NULL;
    if (b.len > INT_MAX) {
        PyBuffer_Release(&b);
        PyErr_Format(PyExc_OverflowError, "string longer than %d bytes", INT_MAX);
        return NULL;
    }
    n = run(self, OP_WRITE, b.buf, (size_t)b.len);
    PyBuffer_Release(&b);
    return n < 0 ? NULL : PyLong_FromSsize_t(n);
}

static PyObject *sock_shutdown(PySocket *self, PyObject *unused)
{
    PyObject *sock;
    (void)unused;
    if (run(self, OP_SHUTDOWN, NULL, 0) < 0)
        return NULL;
    if (self->sock == NULL)
        Py_RETURN_NONE;
    sock = PyWeakref_GetObject(self->sock);
    Py_INCREF(sock);
    return sock;
}

static PyObject *sock_pending(PySocket *self, PyObject *unused)
{
    (void)unused;
    return PyLong_FromSize_t(sslite_object_pending(self->obj));
}

static PyObject *sock_getpeercert(PySocket *self, PyObject *args)
{
    int binary = 0, r;

    if (!PyArg_ParseTuple(args, "|p:getpeercert", &binary))
        return NULL;
    if (binary) {
        const unsigned char *der;
        size_t len;
        r = sslite_object_getpeercert_der(self->obj, &der, &len);
        if (r < 0)
            return pyssl_raise(sslite_object_error(self->obj));
        if (r == 0)
            Py_RETURN_NONE;
        return PyBytes_FromStringAndSize((const char *)der, (Py_ssize_t)len);
    } else {
        sslite_certdict *d;
        PyObject *o;
        r = sslite_object_getpeercert(self->obj, &d);
        if (r < 0)
            return pyssl_raise(sslite_object_error(self->obj));
        if (r == 0)
            Py_RETURN_NONE;
        o = pyssl_certdict(d);
        sslite_certdict_free(d);
        return o;
    }
}

static PyObject *chain(PySocket *self, int verified)
{
    PyObject *list = PyList_New(0);
    int i;

    for (i = 0; list != NULL; i++) {
        const unsigned char *der;
        size_t len;
        PyObject *c;
        int r = verified ? sslite_object_get_verified_chain_der(self->obj, i, &der, &len)
                         : sslite_object_get_unverified_chain_der(self->obj, i, &der, &len);
        if (r < 0) {
            Py_CLEAR(list);
            return pyssl_raise(sslite_object_error(self->obj));
        }
        if (r == 0)
            break;
        c = pyssl_certificate_new(der, len);
        if (c == NULL || PyList_Append(list, c) < 0)
            Py_CLEAR(list);
        Py_XDECREF(c);
    }
    return list;
}

static PyObject *sock_get_verified_chain(PySocket *self, PyObject *unused)
{
    (void)unused;
    return chain(self, 1);
}

static PyObject *sock_get_unverified_chain(PySocket *self, PyObject *unused)
{
    (void)unused;
    return chain(self, 0);
}

static PyObject *sock_cipher(PySocket *self, PyObject *unused)
{
    sslite_cipher_info ci;
    (void)unused;
    if (!sslite_object_cipher(self->obj, &ci))
        Py_RETURN_NONE;
    return Py_BuildValue("(ssi)", ci.name, ci.protocol, ci.secret_bits);
}

static PyObject *sock_shared_ciphers(PySocket *self, PyObject *unused)
{
    sslite_cipher_info *list;
    size_t n, i;
    PyObject *r;
    int rc;

    (void)unused;
    rc = sslite_object_shared_ciphers(self->obj, &list, &n);
    if (rc < 0)
        return pyssl_raise(sslite_object_error(self->obj));
    if (rc == 0)
        Py_RETURN_NONE;
    r = PyList_New((Py_ssize_t)n);
    for (i = 0; r != NULL && i < n; i++) {
        PyObject *t = Py_BuildValue("(ssi)", list[i].name, list[i].protocol, list[i].secret_bits);
        if (t == NULL)
            Py_CLEAR(r);
        else
            PyList_SET_ITEM(r, (Py_ssize_t)i, t);
    }
    sslite_cipher_infos_free(list);
    return r;
}

static PyObject *sock_version(PySocket *self, PyObject *unused)
{
    (void)unused;
    return str_or_none(sslite_object_version(self->obj));
}

static PyObject *sock_alpn(PySocket *self, PyObject *unused)
{
    (void)unused;
    return str_or_none(sslite_object_selected_alpn_protocol(self->obj));
}

static PyObject *sock_compression(PySocket *self, PyObject *unused)
{
    (void)unused;
    return str_or_none(sslite_object_compression(self->obj));
}

static PyObject *sock_channel_binding(PySocket *self, PyObject *args, PyObject *kw)
{
    static char *kwlist[] = {"cb_type", NULL};
    const char *type = "tls-unique";
    unsigned char buf[128];
    size_t len = sizeof(buf);
    int r;

    if (!PyArg_ParseTupleAndKeywords(args, kw, "|s:get_channel_binding", kwlist, &type))
        return NULL;
    r = sslite_object_get_channel_binding(self->obj, type, buf, &len);
    if (r < 0)
        return pyssl_raise(sslite_object_error(self->obj));
    if (r == 0)
        Py_RETURN_NONE;
    return PyBytes_FromStringAndSize((const char *)buf, (Py_ssize_t)len);
}

static PyObject *sock_verify_pha(PySocket *self, PyObject *unused)
{
    PyObject *sock = NULL;
    double timeout;
    int r;

    (void)unused;
    /* The request may go out now: the descriptor of this call. */
    if (self->sock != NULL && (sock = sock_socket(self, &timeout)) == NULL)
        return NULL;
    r = sslite_object_verify_client_post_handshake(self->obj);
    Py_XDECREF(sock);
    if (r < 0)
        return pyssl_raise(sslite_object_error(self->obj));
    Py_RETURN_NONE;
}

/* attributes */

static PyObject *sock_get_context(PySocket *self, void *c)
{
    (void)c;
    return Py_NewRef(self->in_sni && self->new_ctx ? self->new_ctx : self->ctx);
}

static int sock_set_context(PySocket *self, PyObject *v, void *c)
{
    (void)c;
    if (v == NULL || !PyObject_TypeCheck(v, Context_Type)) {
        PyErr_SetString(PyExc_TypeError, "The value must be a SSLContext");
        return -1;
    }
    if (self->in_sni) {
        /* sslite switches the connection to it when the callback returns. */
        Py_INCREF(v);
        Py_XSETREF(self->new_ctx, v);
        return 0;
    }
    /* Outside the SNI callback the connection keeps its settings (an
     * established session does not change with OpenSSL either); the
     * attribute follows what was set. */
    Py_INCREF(v);
    Py_XSETREF(self->ctx, v);
    return 0;
}

static PyObject *sock_get_server_side(PySocket *self, void *c)
{
    (void)c;
    return PyBool_FromLong(self->server_side);
}

static PyObject *sock_get_server_hostname(PySocket *self, void *c)
{
    (void)c;
    return Py_NewRef(self->server_hostname);
}

static PyObject *sock_get_owner(PySocket *self, void *c)
{
    PyObject *o;
    (void)c;
    if (self->owner == NULL)
        Py_RETURN_NONE;
    o = PyWeakref_GetObject(self->owner);
    return Py_NewRef(o);
}

static int sock_set_owner(PySocket *self, PyObject *owner, void *c)
{
    PyObject *ref;
    (void)c;
    if (owner == NULL) {
        PyErr_SetString(PyExc_AttributeError, "cannot delete attribute");
        return -1;
    }
    ref = PyWeakref_NewRef(owner, NULL);
    if (ref == NULL)
        return -1;
    Py_XSETREF(self->owner, ref);
    return 0;
}

static PyObject *sock_get_session(PySocket *self, void *c)
{
    sslite_session *s = sslite_object_session(self->obj);
    (void)c;
    if (s == NULL)
        Py_RETURN_NONE;
    return session_new(s, self->ctx);
}

static int sock_set_session(PySocket *self, PyObject *v, void *c)
{
    (void)c;
    if (v == NULL || !PyObject_TypeCheck(v, Session_Type)) {
        PyErr_SetString(PyExc_TypeError, "Value is not a SSLSession.");
        return -1;
    }
    if (((PySession *)v)->ctx != self->ctx) {
        PyErr_SetString(PyExc_ValueError, "Session refers to a different SSLContext.");
        return -1;
    }
    if (self->server_side) {
        PyErr_SetString(PyExc_ValueError, "Cannot set session for server-side SSLSocket.");
        return -1;
    }
    if (self->started) {
        PyErr_SetString(PyExc_ValueError, "Cannot set session after handshake.");
        return -1;
    }
    /* sslite takes the session at wrap time: nothing has happened on this
     * connection yet, so wrap it again with the session. */
    return sock_make(self, v);
}

static PyObject *sock_get_session_reused(PySocket *self, void *c)
{
    (void)c;
    return PyBool_FromLong(sslite_object_session_reused(self->obj));
}

static PyMethodDef sock_methods[] = {
    {"do_handshake", (PyCFunction)sock_do_handshake, METH_NOARGS, NULL},
    {"read", (PyCFunction)sock_read, METH_VARARGS, NULL},
    {"write", (PyCFunction)sock_write, METH_O, NULL},
    {"shutdown", (PyCFunction)sock_shutdown, METH_NOARGS, NULL},
    {"pending", (PyCFunction)sock_pending, METH_NOARGS, NULL},
    {"getpeercert", (PyCFunction)sock_getpeercert, METH_VARARGS, NULL},
    {"get_verified_chain", (PyCFunction)sock_get_verified_chain, METH_NOARGS, NULL},
    {"get_unverified_chain", (PyCFunction)sock_get_unverified_chain, METH_NOARGS, NULL},
    {"cipher", (PyCFunction)sock_cipher, METH_NOARGS, NULL},
    {"shared_ciphers", (PyCFunction)sock_shared_ciphers, METH_NOARGS, NULL},
    {"version", (PyCFunction)sock_version, METH_NOARGS, NULL},
    {"selected_alpn_protocol", (PyCFunction)sock_alpn, METH_NOARGS, NULL},
    {"compression", (PyCFunction)sock_compression, METH_NOARGS, NULL},
    {"get_channel_binding", (PyCFunction)(void (*)(void))sock_channel_binding,
     METH_VARARGS | METH_KEYWORDS, NULL},
    {"verify_client_post_handshake", (PyCFunction)sock_verify_pha, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef sock_getset[] = {
    {"context", (getter)sock_get_context, (setter)sock_set_context, NULL, NULL},
    {"server_side", (getter)sock_get_server_side, NULL, NULL, NULL},
    {"server_hostname", (getter)sock_get_server_hostname, NULL, NULL, NULL},
    {"owner", (getter)sock_get_owner, (setter)sock_set_owner, NULL, NULL},
    {"session", (getter)sock_get_session, (setter)sock_set_session, NULL, NULL},
    {"session_reused", (getter)sock_get_session_reused, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyType_Slot sock_slots[] = {
    {Py_tp_dealloc, sock_dealloc},   {Py_tp_traverse, sock_traverse},
    {Py_tp_clear, sock_clear},       {Py_tp_methods, sock_methods},
    {Py_tp_getset, sock_getset},     {0, NULL},
};

static PyType_Spec sock_spec = {
    "_ssl._SSLSocket", sizeof(PySocket), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE |
        Py_TPFLAGS_DISALLOW_INSTANTIATION,
    sock_slots,
};

/* ---- module functions ---- */

static PyObject *m_RAND_bytes(PyObject *m, PyObject *arg)
{
    long n = PyLong_AsLong(arg);
    sslite_error err;
    PyObject *r;

    (void)m;
    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (n < 0) {
        PyErr_SetString(PyExc_ValueError, "num must be positive");
        return NULL;
    }
    if (n > INT_MAX) {
        PyErr_SetString(PyExc_OverflowError, "Python int too large to convert to C int");
        return NULL;
    }
    r = PyBytes_FromStringAndSize(NULL, n);
    if (r == NULL)
        return NULL;
    if (sslite_RAND_bytes(PyBytes_AS_STRING(r), (size_t)n, &err) < 0) {
        Py_DECREF(r);
        return pyssl_raise(&err);
    }
    return r;
}

static PyObject *m_RAND_pseudo_bytes(PyObject *m, PyObject *arg)
{
    PyObject *b;
    if (PyErr_WarnEx(PyExc_DeprecationWarning, "ssl.RAND_pseudo_bytes() is deprecated", 1) < 0)
        return NULL;
    b = m_RAND_bytes(m, arg);
    return b == NULL ? NULL : Py_BuildValue("(NO)", b, Py_True);
}

static PyObject *m_RAND_status(PyObject *m, PyObject *unused)
{
    (void)m;
    (void)unused;
    return PyBool_FromLong(sslite_RAND_status());
}

static PyObject *m_RAND_add(PyObject *m, PyObject *args)
{
    Py_buffer b;
    double entropy;

    (void)m;
    if (!PyArg_ParseTuple(args, "s*d:RAND_add", &b, &entropy))
        return NULL;
    sslite_RAND_add(b.buf, (size_t)b.len, entropy);
    PyBuffer_Release(&b);
    Py_RETURN_NONE;
}

static PyObject *m_get_default_verify_paths(PyObject *m, PyObject *unused)
{
    sslite_default_verify_paths p;
    (void)m;
    (void)unused;
    sslite_get_default_verify_paths(&p);
    return Py_BuildValue("(ssss)", p.openssl_cafile_env, p.openssl_cafile, p.openssl_capath_env,
                         p.openssl_capath);
}

static PyObject *m_test_decode_cert(PyObject *m, PyObject *arg)
{
    PyObject *path, *r;
    sslite_error err;
    sslite_certdict *d;

    (void)m;
    if (!PyUnicode_FSConverter(arg, &path))
        return NULL;
    d = sslite_test_decode_cert(PyBytes_AS_STRING(path), &err);
    Py_DECREF(path);
    if (d == NULL)
        return pyssl_raise(&err);
    r = pyssl_certdict(d);
    sslite_certdict_free(d);
    return r;
}

static PyMethodDef module_methods[] = {
    {"RAND_bytes", m_RAND_bytes, METH_O, NULL},
    {"RAND_pseudo_bytes", m_RAND_pseudo_bytes, METH_O, NULL},
    {"RAND_status", m_RAND_status, METH_NOARGS, NULL},
    {"RAND_add", m_RAND_add, METH_VARARGS, NULL},
    {"get_default_verify_paths", m_get_default_verify_paths, METH_NOARGS, NULL},
    {"_test_decode_cert", m_test_decode_cert, METH_O, NULL},
    {"txt2obj", (PyCFunction)(void (*)(void))pyssl_txt2obj, METH_VARARGS | METH_KEYWORDS, NULL},
    {"nid2obj", pyssl_nid2obj, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

/* ---- the module ---- */

static PyObject *SSLError_str(PyObject *self)
{
    PyObject *s = PyObject_GetAttrString(self, "strerror");
    if (s != NULL && PyUnicode_Check(s))
        return s;
    Py_XDECREF(s);
    PyErr_Clear();
    s = PyObject_GetAttrString(self, "args");
    if (s == NULL)
        return NULL;
    Py_SETREF(s, PyObject_Str(s));
    return s;
}

static int add_exceptions(PyObject *m)
{
    static PyType_Slot slots[] = {{Py_tp_str, SSLError_str}, {0, NULL}};
    static PyType_Spec spec = {"ssl.SSLError", 0, 0,
                               Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_IMMUTABLETYPE,
                               slots};
    PyObject *bases;
    struct {
        PyObject **slot;
        const char *name;
        const char *doc;
    } subs[] = {
        {&pyssl_SSLZeroReturnError, "ssl.SSLZeroReturnError", "SSL/TLS session closed cleanly."},
        {&pyssl_SSLWantReadError, "ssl.SSLWantReadError",
         "Non-blocking SSL socket needs to read more data."},
        {&pyssl_SSLWantWriteError, "ssl.SSLWantWriteError",
         "Non-blocking SSL socket needs to write more data."},
        {&pyssl_SSLSyscallError, "ssl.SSLSyscallError", "System error when attempting SSL operation."},
        {&pyssl_SSLEOFError, "ssl.SSLEOFError", "SSL/TLS connection terminated abruptly."},
    };
    size_t i;

    spec.basicsize = (int)((PyTypeObject *)PyExc_OSError)->tp_basicsize;
    pyssl_SSLError = PyType_FromSpecWithBases(&spec, PyExc_OSError);
    if (pyssl_SSLError == NULL || PyModule_AddObjectRef(m, "SSLError", pyssl_SSLError) < 0)
        return -1;
    for (i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
        *subs[i].slot = PyErr_NewExceptionWithDoc(subs[i].name, subs[i].doc, pyssl_SSLError, NULL);
        if (*subs[i].slot == NULL ||
            PyModule_AddObjectRef(m, strchr(subs[i].name, '.') + 1, *subs[i].slot) < 0)
            return -1;
    }
    bases = PyTuple_Pack(2, pyssl_SSLError, PyExc_ValueError);
    if (bases == NULL)
        return -1;
    pyssl_SSLCertVerificationError = PyErr_NewExceptionWithDoc(
        "ssl.SSLCertVerificationError", "A certificate could not be verified.", bases, NULL);
    Py_DECREF(bases);
    if (pyssl_SSLCertVerificationError == NULL ||
        PyModule_AddObjectRef(m, "SSLCertVerificationError", pyssl_SSLCertVerificationError) < 0)
        return -1;
    /* socket.error is OSError; ssl.py names it too. */
    return 0;
}

static int add_type(PyObject *m, PyType_Spec *spec, PyTypeObject **slot, const char *name)
{
    *slot = (PyTypeObject *)PyType_FromModuleAndSpec(m, spec, NULL);
    if (*slot == NULL)
        return -1;
    return PyModule_AddObjectRef(m, name, (PyObject *)*slot);
}

/* PyModule_AddObject that always consumes the reference. */
static int add_obj(PyObject *m, const char *name, PyObject *o)
{
    int r;
    if (o == NULL)
        return -1;
    r = PyModule_AddObjectRef(m, name, o);
    Py_DECREF(o);
    return r;
}

#define INT(name, value) {name, (long long)(value)}

static int add_constants(PyObject *m)
{
    static const struct {
        const char *name;
        long long value;
    } ints[] = {
        INT("PROTOCOL_SSLv23", SSLITE_PROTOCOL_SSLv23),
        INT("PROTOCOL_TLS", SSLITE_PROTOCOL_TLS),
        INT("PROTOCOL_TLS_CLIENT", SSLITE_PROTOCOL_TLS_CLIENT),
        INT("PROTOCOL_TLS_SERVER", SSLITE_PROTOCOL_TLS_SERVER),
        INT("PROTOCOL_TLSv1", SSLITE_PROTOCOL_TLSv1),
        INT("PROTOCOL_TLSv1_1", SSLITE_PROTOCOL_TLSv1_1),
        INT("PROTOCOL_TLSv1_2", SSLITE_PROTOCOL_TLSv1_2),
        INT("CERT_NONE", SSLITE_CERT_NONE),
        INT("CERT_OPTIONAL", SSLITE_CERT_OPTIONAL),
        INT("CERT_REQUIRED", SSLITE_CERT_REQUIRED),
        INT("VERIFY_DEFAULT", SSLITE_VERIFY_DEFAULT),
        INT("VERIFY_CRL_CHECK_LEAF", SSLITE_VERIFY_CRL_CHECK_LEAF),
        INT("VERIFY_CRL_CHECK_CHAIN", SSLITE_VERIFY_CRL_CHECK_CHAIN),
        INT("VERIFY_X509_STRICT", SSLITE_VERIFY_X509_STRICT),
        INT("VERIFY_ALLOW_PROXY_CERTS", SSLITE_VERIFY_ALLOW_PROXY_CERTS),
        INT("VERIFY_X509_TRUSTED_FIRST", SSLITE_VERIFY_X509_TRUSTED_FIRST),
        INT("VERIFY_X509_PARTIAL_CHAIN", SSLITE_VERIFY_X509_PARTIAL_CHAIN),
        INT("OP_ALL", SSLITE_OP_ALL),
        INT("OP_NO_SSLv2", SSLITE_OP_NO_SSLv2),
        INT("OP_NO_SSLv3", SSLITE_OP_NO_SSLv3),
        INT("OP_NO_TLSv1", SSLITE_OP_NO_TLSv1),
        INT("OP_NO_TLSv1_1", SSLITE_OP_NO_TLSv1_1),
        INT("OP_NO_TLSv1_2", SSLITE_OP_NO_TLSv1_2),
        INT("OP_NO_TLSv1_3", SSLITE_OP_NO_TLSv1_3),
        INT("OP_CIPHER_SERVER_PREFERENCE", SSLITE_OP_CIPHER_SERVER_PREFERENCE),
        INT("OP_SINGLE_DH_USE", SSLITE_OP_SINGLE_DH_USE),
        INT("OP_SINGLE_ECDH_USE", SSLITE_OP_SINGLE_ECDH_USE),
        INT("OP_NO_COMPRESSION", SSLITE_OP_NO_COMPRESSION),
        INT("OP_NO_TICKET", SSLITE_OP_NO_TICKET),
        INT("OP_NO_RENEGOTIATION", SSLITE_OP_NO_RENEGOTIATION),
        INT("OP_ENABLE_MIDDLEBOX_COMPAT", SSLITE_OP_ENABLE_MIDDLEBOX_COMPAT),
        INT("OP_IGNORE_UNEXPECTED_EOF", SSLITE_OP_IGNORE_UNEXPECTED_EOF),
        INT("PROTO_MINIMUM_SUPPORTED", SSLITE_TLSVersion_MINIMUM_SUPPORTED),
        INT("PROTO_MAXIMUM_SUPPORTED", SSLITE_TLSVersion_MAXIMUM_SUPPORTED),
        INT("PROTO_SSLv3", SSLITE_TLSVersion_SSLv3),
        INT("PROTO_TLSv1", SSLITE_TLSVersion_TLSv1),
        INT("PROTO_TLSv1_1", SSLITE_TLSVersion_TLSv1_1),
        INT("PROTO_TLSv1_2", SSLITE_TLSVersion_TLSv1_2),
        INT("PROTO_TLSv1_3", SSLITE_TLSVersion_TLSv1_3),
        INT("SSL_ERROR_SSL", SSLITE_SSL_ERROR_SSL),
        INT("SSL_ERROR_WANT_READ", SSLITE_SSL_ERROR_WANT_READ),
        INT("SSL_ERROR_WANT_WRITE", SSLITE_SSL_ERROR_WANT_WRITE),
        INT("SSL_ERROR_WANT_X509_LOOKUP", SSLITE_SSL_ERROR_WANT_X509_LOOKUP),
        INT("SSL_ERROR_SYSCALL", SSLITE_SSL_ERROR_SYSCALL),
        INT("SSL_ERROR_ZERO_RETURN", SSLITE_SSL_ERROR_ZERO_RETURN),
        INT("SSL_ERROR_WANT_CONNECT", SSLITE_SSL_ERROR_WANT_CONNECT),
        INT("SSL_ERROR_EOF", SSLITE_SSL_ERROR_EOF),
        INT("SSL_ERROR_INVALID_ERROR_CODE", SSLITE_SSL_ERROR_INVALID_ERROR_CODE),
        INT("ALERT_DESCRIPTION_CLOSE_NOTIFY", SSLITE_ALERT_DESCRIPTION_CLOSE_NOTIFY),
        INT("ALERT_DESCRIPTION_UNEXPECTED_MESSAGE", SSLITE_ALERT_DESCRIPTION_UNEXPECTED_MESSAGE),
        INT("ALERT_DESCRIPTION_BAD_RECORD_MAC", SSLITE_ALERT_DESCRIPTION_BAD_RECORD_MAC),
        INT("ALERT_DESCRIPTION_RECORD_OVERFLOW", SSLITE_ALERT_DESCRIPTION_RECORD_OVERFLOW),
        INT("ALERT_DESCRIPTION_DECOMPRESSION_FAILURE",
            SSLITE_ALERT_DESCRIPTION_DECOMPRESSION_FAILURE),
        INT("ALERT_DESCRIPTION_HANDSHAKE_FAILURE", SSLITE_ALERT_DESCRIPTION_HANDSHAKE_FAILURE),
        INT("ALERT_DESCRIPTION_BAD_CERTIFICATE", SSLITE_ALERT_DESCRIPTION_BAD_CERTIFICATE),
        INT("ALERT_DESCRIPTION_UNSUPPORTED_CERTIFICATE",
            SSLITE_ALERT_DESCRIPTION_UNSUPPORTED_CERTIFICATE),
        INT("ALERT_DESCRIPTION_CERTIFICATE_REVOKED", SSLITE_ALERT_DESCRIPTION_CERTIFICATE_REVOKED),
        INT("ALERT_DESCRIPTION_CERTIFICATE_EXPIRED", SSLITE_ALERT_DESCRIPTION_CERTIFICATE_EXPIRED),
        INT("ALERT_DESCRIPTION_CERTIFICATE_UNKNOWN", SSLITE_ALERT_DESCRIPTION_CERTIFICATE_UNKNOWN),
        INT("ALERT_DESCRIPTION_ILLEGAL_PARAMETER", SSLITE_ALERT_DESCRIPTION_ILLEGAL_PARAMETER),
        INT("ALERT_DESCRIPTION_UNKNOWN_CA", SSLITE_ALERT_DESCRIPTION_UNKNOWN_CA),
        INT("ALERT_DESCRIPTION_ACCESS_DENIED", SSLITE_ALERT_DESCRIPTION_ACCESS_DENIED),
        INT("ALERT_DESCRIPTION_DECODE_ERROR", SSLITE_ALERT_DESCRIPTION_DECODE_ERROR),
        INT("ALERT_DESCRIPTION_DECRYPT_ERROR", SSLITE_ALERT_DESCRIPTION_DECRYPT_ERROR),
        INT("ALERT_DESCRIPTION_PROTOCOL_VERSION", SSLITE_ALERT_DESCRIPTION_PROTOCOL_VERSION),
        INT("ALERT_DESCRIPTION_INSUFFICIENT_SECURITY",
            SSLITE_ALERT_DESCRIPTION_INSUFFICIENT_SECURITY),
        INT("ALERT_DESCRIPTION_INTERNAL_ERROR", SSLITE_ALERT_DESCRIPTION_INTERNAL_ERROR),
        INT("ALERT_DESCRIPTION_USER_CANCELLED", SSLITE_ALERT_DESCRIPTION_USER_CANCELLED),
        INT("ALERT_DESCRIPTION_NO_RENEGOTIATION", SSLITE_ALERT_DESCRIPTION_NO_RENEGOTIATION),
        INT("ALERT_DESCRIPTION_UNSUPPORTED_EXTENSION",
            SSLITE_ALERT_DESCRIPTION_UNSUPPORTED_EXTENSION),
        INT("ALERT_DESCRIPTION_CERTIFICATE_UNOBTAINABLE",
            SSLITE_ALERT_DESCRIPTION_CERTIFICATE_UNOBTAINABLE),
        INT("ALERT_DESCRIPTION_UNRECOGNIZED_NAME", SSLITE_ALERT_DESCRIPTION_UNRECOGNIZED_NAME),
        INT("ALERT_DESCRIPTION_BAD_CERTIFICATE_STATUS_RESPONSE",
            SSLITE_ALERT_DESCRIPTION_BAD_CERTIFICATE_STATUS_RESPONSE),
        INT("ALERT_DESCRIPTION_BAD_CERTIFICATE_HASH_VALUE",
            SSLITE_ALERT_DESCRIPTION_BAD_CERTIFICATE_HASH_VALUE),
        INT("ALERT_DESCRIPTION_UNKNOWN_PSK_IDENTITY", SSLITE_ALERT_DESCRIPTION_UNKNOWN_PSK_IDENTITY),
        INT("HOSTFLAG_ALWAYS_CHECK_SUBJECT", HOSTFLAG_ALWAYS_CHECK_SUBJECT),
        INT("HOSTFLAG_NEVER_CHECK_SUBJECT", HOSTFLAG_NEVER_CHECK_SUBJECT),
        INT("HOSTFLAG_NO_WILDCARDS", HOSTFLAG_NO_WILDCARDS),
        INT("HOSTFLAG_NO_PARTIAL_WILDCARDS", HOSTFLAG_NO_PARTIAL_WILDCARDS),
        INT("HOSTFLAG_MULTI_LABEL_WILDCARDS", HOSTFLAG_MULTI_LABEL_WILDCARDS),
        INT("HOSTFLAG_SINGLE_LABEL_SUBDOMAINS", HOSTFLAG_SINGLE_LABEL_SUBDOMAINS),
        INT("ENCODING_PEM", 1),
        INT("ENCODING_DER", 2),
    };
    static const struct {
        const char *name;
        int value;
    } flags[] = {
        {"HAS_SNI", SSLITE_HAS_SNI},
        {"HAS_TLS_UNIQUE", SSLITE_HAS_TLS_UNIQUE},
        {"HAS_ECDH", SSLITE_HAS_ECDH},
        {"HAS_NPN", SSLITE_HAS_NPN},
        {"HAS_ALPN", SSLITE_HAS_ALPN},
        {"HAS_SSLv2", SSLITE_HAS_SSLv2},
        {"HAS_SSLv3", SSLITE_HAS_SSLv3},
        {"HAS_TLSv1", SSLITE_HAS_TLSv1},
        {"HAS_TLSv1_1", SSLITE_HAS_TLSv1_1},
        {"HAS_TLSv1_2", SSLITE_HAS_TLSv1_2},
        {"HAS_TLSv1_3", SSLITE_HAS_TLSv1_3},
    };
    unsigned long vn = sslite_backend_version_number();
    PyObject *info;
    size_t i;

    for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
        if (add_obj(m, ints[i].name, PyLong_FromLongLong(ints[i].value)) < 0)
            return -1;
    for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
        if (add_obj(m, flags[i].name, PyBool_FromLong(flags[i].value)) < 0)
            return -1;
    /* The backend, truthfully: "Mbed TLS 3.6.7", its own version number
     * (0xMMNNPP00) and that number as OpenSSL's 5-tuple shape. */
    if (add_obj(m, "OPENSSL_VERSION", PyUnicode_FromString(sslite_backend_version())) < 0 ||
        add_obj(m, "OPENSSL_VERSION_NUMBER", PyLong_FromUnsignedLong(vn)) < 0)
        return -1;
    info = Py_BuildValue("(kkkkk)", (vn >> 24) & 0xff, (vn >> 16) & 0xff, (vn >> 8) & 0xff, 0UL,
                         15UL);
    if (info == NULL || PyModule_AddObjectRef(m, "_OPENSSL_API_VERSION", info) < 0 ||
        add_obj(m, "OPENSSL_VERSION_INFO", info) < 0)
        return -1;
    if (add_obj(m, "_DEFAULT_CIPHERS",
                     PyUnicode_FromString("DEFAULT:!aNULL:!eNULL:!MD5:!3DES:!DES:!RC4:!IDEA:"
                                          "!SEED:!aDSS:!SRP:!PSK")) < 0)
        return -1;
    /* sslite's own version, for whoever wants to know what is underneath. */
    return add_obj(m, "SSLITE_VERSION", PyUnicode_FromString(sslite_version()));
}

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "_ssl", "TLS on sslite (Mbed TLS), for Lib/ssl.py", -1, module_methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__ssl(void);

PyMODINIT_FUNC PyInit__ssl(void)
{
    PyObject *m = PyModule_Create(&module_def);
    PyObject *sock;

    if (m == NULL)
        return NULL;
    /* ssl.py needs the socket module; load it as _ssl.c does. */
    sock = PyImport_ImportModule("_socket");
    if (sock == NULL)
        goto fail;
    Py_DECREF(sock);
    if (add_exceptions(m) < 0 || add_type(m, &ctx_spec, &Context_Type, "_SSLContext") < 0 ||
        add_type(m, &sock_spec, &Socket_Type, "_SSLSocket") < 0 ||
        add_type(m, &bio_spec, &BIO_Type, "MemoryBIO") < 0 ||
        add_type(m, &session_spec, &Session_Type, "SSLSession") < 0 ||
        pyssl_init_certificate(m) < 0 || add_constants(m) < 0)
        goto fail;
    return m;
fail:
    Py_DECREF(m);
    return NULL;
}
