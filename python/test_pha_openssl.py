#!/usr/bin/env python3
"""TLS 1.3 post-handshake authentication between Python's ssl on sslite (our
_ssl) and Python's ssl on OpenSSL, each in its own process on loopback, in
both directions: the server asks after the handshake, the client answers
with its certificate (or none), and the server sees what OpenSSL's would.
TAP output.  argv: --module-dir DIR (our _ssl), --certs DIR (test/certs/pki).
"""

import argparse
import os
import subprocess
import sys

SERVER = r'''
import os, socket, ssl, sys
certs, mode = sys.argv[1], sys.argv[2]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(os.path.join(certs, 'server-ec.pem'), os.path.join(certs, 'server-ec.key'))
ctx.load_verify_locations(os.path.join(certs, 'ca.pem'))
ctx.verify_mode = ssl.CERT_REQUIRED if mode == 'required' else ssl.CERT_OPTIONAL
ctx.post_handshake_auth = True
ls = socket.socket()
ls.bind(('127.0.0.1', 0))
ls.listen(1)
ls.settimeout(20)
print(ls.getsockname()[1], flush=True)
c, _ = ls.accept()
c.settimeout(20)
try:
    with ctx.wrap_socket(c, server_side=True) as s:
        before = s.getpeercert()
        s.verify_client_post_handshake()
        s.write(b'asked\n')
        data = s.recv(100)
        cert = s.getpeercert()
        print('before=%s data=%r subject=%s' % (before is not None, data,
              dict(x[0] for x in cert['subject']).get('commonName') if cert else None), flush=True)
        s.write(b'bye\n')
except ssl.SSLError as e:
    print('error=%s' % e.reason, flush=True)
'''

CLIENT = r'''
import os, socket, ssl, sys
certs, port, with_cert = sys.argv[1], int(sys.argv[2]), sys.argv[3] == '1'
import _ssl
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.load_verify_locations(os.path.join(certs, 'ca.pem'))
if with_cert:
    ctx.load_cert_chain(os.path.join(certs, 'client.pem'), os.path.join(certs, 'client.key'))
ctx.post_handshake_auth = True
try:
    with ctx.wrap_socket(socket.create_connection(('127.0.0.1', port), timeout=20),
                         server_hostname='localhost') as s:
        first = s.recv(100)
        s.write(b'hello')
        print('client got %r %r (%s)' % (first, s.recv(100), _ssl.OPENSSL_VERSION), flush=True)
except (ssl.SSLError, OSError) as e:
    print('client error=%r' % (e,), flush=True)
'''


def run(server_env, client_env, certs, mode, with_cert):
    srv = subprocess.Popen([sys.executable, '-c', SERVER, certs, mode], env=server_env,
                           stdout=subprocess.PIPE, text=True)
    try:
        port = srv.stdout.readline().strip()
        cli = subprocess.run([sys.executable, '-c', CLIENT, certs, port, '1' if with_cert else '0'],
                             env=client_env, capture_output=True, text=True, timeout=40)
        out, _ = srv.communicate(timeout=40)
    finally:
        srv.kill()
    return out.strip(), (cli.stdout + cli.stderr).strip()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--module-dir', required=True)
    ap.add_argument('--certs', required=True)
    a = ap.parse_args()
    ours = dict(os.environ, PYTHONPATH=a.module_dir)
    stock = {k: v for k, v in os.environ.items() if k not in ('PYTHONPATH', 'LD_PRELOAD')}
    n = 0
    for sname, senv, cname, cenv in (('sslite', ours, 'OpenSSL', stock),
                                     ('OpenSSL', stock, 'sslite', ours)):
        cases = (('required', True, "before=False data=b'hello' subject=sslite client"),
                 ('optional', False, "before=False data=b'hello' subject=None"),
                 ('required', False, 'error=PEER_DID_NOT_RETURN_A_CERTIFICATE'))
        for mode, with_cert, want in cases:
            n += 1
            srv, cli = run(senv, cenv, a.certs, mode, with_cert)
            what = '%s server (%s) <- %s client (%s)' % (
                sname, mode, cname, 'certificate' if with_cert else 'none')
            print('%s %d - %s' % ('ok' if srv == want else 'not ok', n, what))
            if srv != want:
                print('#   server: %r, wanted %r\n#   client: %r' % (srv, want, cli))
            if want.startswith('error'):
                n += 1
                # The alert, or an EOF or a reset: the server closes with the
                # client's Finished unread, and the reset that makes may drop
                # the alert from the client's receive queue or meet its next
                # write (CPython 3.13's test_pha_required_nocert accepts all).
                good = any(w in cli for w in ('CERTIFICATE_REQUIRED', 'EOF occurred',
                                              'ConnectionResetError', 'BrokenPipeError'))
                print('%s %d - %s: the client hears certificate_required (or the reset race)' % (
                    'ok' if good else 'not ok', n, what))
                if not good:
                    print('#   client: %r' % cli)
    print('1..%d' % n)


main()
