#!/usr/bin/env python3
"""Interop on loopback between the sslite CLI and `openssl s_server` /
`openssl s_client`: TLS 1.2 and 1.3, ECDSA and RSA, mutual TLS, ALPN, data
both ways, and the outcomes compared with Python's client where it makes
sense."""

import os
import re

from interop_util import (Tap, parse_args, skip_all, Proc, SsliteServer, VERSIONS, free_port,
                          py_client, py_client_ctx, sslite_client)

a = parse_args()
if not a.openssl:
    skip_all('openssl not found')
t = Tap()
C = a.certs
ca = os.path.join(C, 'ca.pem')
VFLAG = {'TLSv1.2': '-tls1_2', 'TLSv1.3': '-tls1_3'}


def pem(name):
    return os.path.join(C, name)


def s_server(cert, extra, naccept=1):
    """s_server -rev (answers each line reversed) on a free port."""
    port = free_port()
    p = Proc([a.openssl, 's_server', '-accept', '127.0.0.1:%d' % port, '-cert',
              pem(cert + '.pem'), '-key', pem(cert + '.key'), '-naccept', str(naccept),
              '-rev'] + list(extra))
    if not p.wait_for(lambda b: b'ACCEPT' in b):
        t.note('s_server did not start: ' + p.text() + p.text('err'))
    return p, port


def s_client(port, extra, data):
    """s_client talking to port: send data, wait for it back, then close
    stdin (s_client then sends close_notify and exits)."""
    p = Proc([a.openssl, 's_client', '-connect', '127.0.0.1:%d' % port, '-servername',
              'localhost', '-CAfile', ca, '-verify_return_error'] + list(extra))
    p.write(data)
    echoed = p.wait_for(lambda b: data in b)
    p.close_stdin()
    p.finish()
    out = p.text()
    m = re.search(r'New, (TLSv1\.[23]|\(NONE\)), Cipher is (\S+)', out)
    alpn = re.search(r'ALPN protocol: (\S+)', out)
    return {'echoed': echoed, 'version': m.group(1) if m else None,
            'cipher': m.group(2) if m else None, 'alpn': alpn.group(1) if alpn else None,
            'out': out, 'err': p.text('err')}


# -- sslite client -> s_server, compared with Python's client --
for cert in ('server-rsa', 'server-ec'):
    for vname in VERSIONS:
        what = 'sslite client -> s_server (%s, %s)' % (cert, vname)
        srv, port = s_server(cert, [VFLAG[vname]], naccept=2)
        r = sslite_client(a.sslite, ['--cafile', ca, 'localhost', str(port)], b'hello\n')
        py = py_client(py_client_ctx(C), port, data=b'hello\n')
        srv.kill()
        if not t.ok(r.rc == 0 and r.session is not None, what + ': handshake', r):
            continue
        t.eq(r.session['version'], vname, what + ': version')
        t.eq(r.session['cipher'][0], (py.get('cipher') or [None])[0],
             what + ': cipher as Python\'s client gets it')
        t.eq(r.data, b'olleh\n', what + ': s_server\'s reversed line')

# The negotiated group and the server's signature scheme (sslite's
# negotiated.h, in the session JSON) for what s_server chose.
for vname in VERSIONS:
    for groups, want_group in ((None, 'x25519'), ('P-384', 'secp384r1')):
        what = 'sslite client -> s_server (server-rsa, %s, groups %s)' % (vname, groups or 'default')
        srv, port = s_server('server-rsa', [VFLAG[vname]] + (['-groups', groups] if groups else []))
        r = sslite_client(a.sslite, ['--cafile', ca, 'localhost', str(port)], b'hi\n')
        srv.kill()
        if t.ok(r.rc == 0 and r.session is not None, what + ': handshake', r):
            t.eq(r.session.get('group'), want_group, what + ': group')
            t.eq(r.session.get('peer_signature_algorithm'), 'rsa_pss_rsae_sha512',
                 what + ': the signature scheme s_server chose')

what = 'sslite client --max-version TLSv1.2 -> s_server (server-rsa, TLSv1.2)'
srv, port = s_server('server-rsa', ['-tls1_2'])
r = sslite_client(a.sslite, ['--cafile', ca, '--max-version', 'TLSv1.2', 'localhost',
                             str(port)], b'abc\n')
srv.kill()
t.ok(r.rc == 0 and r.session and r.session['cipher'][0] == 'ECDHE-RSA-AES256-GCM-SHA384'
     and r.data == b'cba\n', what, r)

what = 'sslite client --min-version TLSv1.3 -> s_server -tls1_2'
srv, port = s_server('server-ec', ['-tls1_2'])
r = sslite_client(a.sslite, ['--cafile', ca, '--min-version', 'TLSv1.3', 'localhost',
                             str(port)])
srv.kill()
t.ok(r.rc != 0 and r.error is not None and r.error['type'] == 'SSLError', what, r)

# -- mutual TLS against s_server -Verify --
what = 'sslite client with a certificate -> s_server -Verify 1'
srv, port = s_server('server-ec', ['-Verify', '1', '-CAfile', ca])
r = sslite_client(a.sslite, ['--cafile', ca, '--cert', pem('client.pem'), '--key',
                             pem('client.key'), 'localhost', str(port)], b'mtls\n')
srv.kill()
t.ok(r.rc == 0 and r.data == b'sltm\n', what, r)
seen = srv.text() + srv.text('err')
t.ok('CN = sslite client' in seen or 'CN=sslite client' in seen,
     what + ': s_server saw the client certificate', seen[-2000:])

for vname in VERSIONS:
    what = 'sslite client without a certificate -> s_server -Verify 1 (%s)' % vname
    srv, port = s_server('server-ec', ['-Verify', '1', '-CAfile', ca, VFLAG[vname]],
                         naccept=2)
    r = sslite_client(a.sslite, ['--cafile', ca, 'localhost', str(port)], b'x\n')
    py = py_client(py_client_ctx(C), port, data=b'x\n')
    srv.kill()
    e, pe = r.error or {}, py.get('error') or {}
    t.ok(r.rc != 0 and r.error is not None, what + ': fails', r)
    t.eq((e.get('type'), e.get('reason')), (pe.get('type'), pe.get('reason')),
         what + ': the alert as Python reports it')

# -- ALPN --
what = 'sslite client --alpn h2,http/1.1 -> s_server -alpn http/1.1'
srv, port = s_server('server-rsa', ['-alpn', 'http/1.1'])
r = sslite_client(a.sslite, ['--cafile', ca, '--alpn', 'h2,http/1.1', 'localhost',
                             str(port)])
srv.kill()
t.eq(r.session and r.session['alpn'], 'http/1.1', what)

# -- s_client -> sslite server --
for cert in ('server-rsa', 'server-ec'):
    for vname in VERSIONS:
        what = 's_client -> sslite server (%s, %s)' % (cert, vname)
        srv = SsliteServer(a.sslite, ['--cert', pem(cert + '.pem'), '--key', pem(cert + '.key'),
                                      '--once'])
        c = s_client(srv.port, [VFLAG[vname]], b'hello-openssl\n')
        srv.finish()
        t.ok(c['echoed'], what + ': echo', c['out'][-1500:] + c['err'][-1500:])
        t.eq(c['version'], vname, what + ': version s_client reports')
        acc = srv.accepted[0] if srv.accepted else {}
        t.eq((acc.get('version'), (acc.get('cipher') or [None])[0]),
             (c['version'], c['cipher']), what + ': the server agrees')
        t.eq(srv.rc, 0, what + ': server exit status')

what = 's_client with a certificate -> sslite server --verify required'
srv = SsliteServer(a.sslite, ['--cert', pem('server-rsa.pem'), '--key', pem('server-rsa.key'),
                              '--cafile', ca, '--verify', 'required', '--once'])
c = s_client(srv.port, ['-cert', pem('client.pem'), '-key', pem('client.key')], b'mtls\n')
srv.finish()
t.ok(c['echoed'] and srv.rc == 0, what, c['err'][-1500:])

for vname in VERSIONS:
    what = 's_client without a certificate -> sslite server --verify required (%s)' % vname
    srv = SsliteServer(a.sslite, ['--cert', pem('server-rsa.pem'), '--key',
                                  pem('server-rsa.key'), '--cafile', ca, '--verify',
                                  'required', '--once'])
    # A payload s_client's own chatter cannot contain.
    c = s_client(srv.port, [VFLAG[vname]], b'no-cert-probe-7f3a\n')
    srv.finish()
    se = srv.errors[0] if srv.errors else {}
    t.ok(srv.rc != 0 and not c['echoed'], what + ': refused', srv)
    t.eq((se.get('type'), se.get('reason')), ('SSLError', 'PEER_DID_NOT_RETURN_A_CERTIFICATE'),
         what + ': the error Python\'s server reports')

what = 's_client -alpn h2 -> sslite server --alpn http/1.1,h2'
srv = SsliteServer(a.sslite, ['--cert', pem('server-ec.pem'), '--key', pem('server-ec.key'),
                              '--alpn', 'http/1.1,h2', '--once'])
c = s_client(srv.port, ['-alpn', 'h2'], b'alpn\n')
srv.finish()
t.eq(c['alpn'], 'h2', what)
t.eq(srv.accepted[0].get('alpn') if srv.accepted else None, 'h2', what + ': server side')

t.done()
