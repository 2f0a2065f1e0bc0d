#!/usr/bin/env python3
"""Interop on loopback between the sslite CLI and GnuTLS: gnutls-cli against
`sslite server` (TLS 1.2 and 1.3, ECDSA and RSA, client certificates,
ALPN, echo) and, when gnutls-serv is installed next to it, `sslite client`
against `gnutls-serv --echo`."""

import os
import re
import shutil

from interop_util import (Tap, parse_args, skip_all, Proc, SsliteServer, VERSIONS, free_port,
                          wait_port, py_client, py_client_ctx, sslite_client)

a = parse_args()
if not a.gnutls_cli:
    skip_all('gnutls-cli not found')
t = Tap()
C = a.certs
ca = os.path.join(C, 'ca.pem')
PRIORITY = {'TLSv1.2': 'NORMAL:-VERS-ALL:+VERS-TLS1.2', 'TLSv1.3': 'NORMAL:-VERS-ALL:+VERS-TLS1.3'}
GNUTLS_VERSION = {'TLS1.2': 'TLSv1.2', 'TLS1.3': 'TLSv1.3'}


def pem(name):
    return os.path.join(C, name)


def gnutls_cli(port, extra, data):
    """gnutls-cli: send data, wait for the echo, close stdin."""
    p = Proc([a.gnutls_cli, '--x509cafile', ca, '-p', str(port)] + list(extra) + ['localhost'])
    p.write(data)
    echoed = p.wait_for(lambda b: data in b)
    p.close_stdin()
    rc = p.finish()
    out = p.text()
    m = re.search(r'Description: \((TLS1\.[23])-', out)
    alpn = re.search(r'Application protocol: (\S+)', out)
    return {'echoed': echoed, 'rc': rc, 'version': GNUTLS_VERSION.get(m.group(1)) if m else None,
            'alpn': alpn.group(1) if alpn else None, 'out': out, 'err': p.text('err')}


for cert in ('server-rsa', 'server-ec'):
    for vname in VERSIONS:
        what = 'gnutls-cli -> sslite server (%s, %s)' % (cert, vname)
        srv = SsliteServer(a.sslite, ['--cert', pem(cert + '.pem'), '--key', pem(cert + '.key'),
                                      '--once'])
        c = gnutls_cli(srv.port, ['--priority', PRIORITY[vname]], b'hello-gnutls\n')
        srv.finish()
        t.ok(c['echoed'], what + ': echo', c['out'][-1500:] + c['err'][-1500:])
        t.eq(c['version'], vname, what + ': version gnutls-cli reports')
        acc = srv.accepted[0] if srv.accepted else {}
        t.eq(acc.get('version'), vname, what + ': the server agrees')
        t.eq(srv.rc, 0, what + ': server exit status')

what = 'gnutls-cli with a certificate -> sslite server --verify required'
srv = SsliteServer(a.sslite, ['--cert', pem('server-ec.pem'), '--key', pem('server-ec.key'),
                              '--cafile', ca, '--verify', 'required', '--once'])
c = gnutls_cli(srv.port, ['--x509certfile', pem('client.pem'), '--x509keyfile',
                          pem('client.key')], b'mtls\n')
srv.finish()
t.ok(c['echoed'] and srv.rc == 0, what, c['err'][-1500:] + repr(srv))

what = 'gnutls-cli without a certificate -> sslite server --verify required'
srv = SsliteServer(a.sslite, ['--cert', pem('server-ec.pem'), '--key', pem('server-ec.key'),
                              '--cafile', ca, '--verify', 'required', '--once'])
c = gnutls_cli(srv.port, ['--priority', PRIORITY['TLSv1.2']], b'no-cert-probe-7f3a\n')
srv.finish()
t.ok(not c['echoed'] and srv.rc != 0 and len(srv.errors) == 1, what + ': refused', srv)

what = 'gnutls-cli --alpn h2 -> sslite server --alpn http/1.1,h2'
srv = SsliteServer(a.sslite, ['--cert', pem('server-rsa.pem'), '--key', pem('server-rsa.key'),
                              '--alpn', 'http/1.1,h2', '--once'])
c = gnutls_cli(srv.port, ['--alpn', 'h2'], b'alpn\n')
srv.finish()
t.eq(c['alpn'], 'h2', what)
t.eq(srv.accepted[0].get('alpn') if srv.accepted else None, 'h2', what + ': server side')

serv = os.path.join(os.path.dirname(a.gnutls_cli), 'gnutls-serv')
if not os.access(serv, os.X_OK):
    serv = shutil.which('gnutls-serv')
for cert in ('server-rsa', 'server-ec'):
    for vname in VERSIONS:
        what = 'sslite client -> gnutls-serv --echo (%s, %s)' % (cert, vname)
        if not serv:
            t.skip(what, 'gnutls-serv not found')
            continue
        port = free_port()
        p = Proc([serv, '--echo', '-p', str(port), '--x509certfile', pem(cert + '.pem'),
                  '--x509keyfile', pem(cert + '.key'), '--priority', PRIORITY[vname]])
        wait_port(port, proc=p)  # its own messages are block-buffered
        r = sslite_client(a.sslite, ['--cafile', ca, 'localhost', str(port)], b'hello\n')
        py = py_client(py_client_ctx(C), port, host='127.0.0.1', data=b'hello\n')
        p.kill()
        if not t.ok(r.rc == 0 and r.session is not None, what + ': handshake', r):
            continue
        t.eq(r.session['version'], vname, what + ': version')
        t.eq(r.session['cipher'][0], (py.get('cipher') or [None])[0],
             what + ': cipher as Python\'s client gets it')
        t.eq(r.data, b'hello\n', what + ': echo')

t.done()
