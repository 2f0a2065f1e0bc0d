#!/usr/bin/env python3
"""The bad-certificate suite: for each case, Python's ssl (CPython on
OpenSSL, the oracle) and sslite (verify_probe) meet the same certificates on
loopback, and must report the same outcome: verify_code and verify_message
on the side that verifies, and the same alert on the side that is rejected.

usage: test_badcerts.py VERIFY_PROBE CERTS_DIR      (prints TAP)
"""
import json
import re
import socket
import ssl
import subprocess
import sys
import threading

PROBE, CERTS = sys.argv[1], sys.argv[2]
TIMEOUT = 15
LEAF = ssl.VERIFY_CRL_CHECK_LEAF
CHAIN = ssl.VERIFY_CRL_CHECK_CHAIN
PARTIAL = ssl.VERIFY_X509_PARTIAL_CHAIN
STRICT = ssl.VERIFY_X509_STRICT

# (case directory, server_hostname, extra verify_flags)
CLIENT_CASES = [
    ('good', 'localhost', 0),
    ('good', '127.0.0.1', 0),
    ('good_inter', 'localhost', 0),
    ('wildcard', 'www.example.com', 0),
    ('wildcard', 'a.b.example.com', 0),
    ('wildcard', 'example.com', 0),
    ('expired', 'localhost', 0),
    ('not_yet_valid', 'localhost', 0),
    ('self_signed', 'localhost', 0),
    ('unknown_ca', 'localhost', 0),
    ('root_in_chain', 'localhost', 0),
    ('missing_inter', 'localhost', 0),
    ('not_ca_issuer', 'localhost', 0),
    ('pathlen', 'localhost', 0),
    ('wrong_purpose', 'localhost', 0),
    ('good', 'wrong.example', 0),
    ('wrong_ip', '127.0.0.1', 0),
    ('bad_signature', 'localhost', 0),
    ('revoked', 'localhost', 0),
    ('revoked', 'localhost', LEAF),
    ('crl_ok', 'localhost', LEAF),
    ('crl_ok', 'localhost', CHAIN),
    ('crl_missing', 'localhost', LEAF),
    ('crl_expired', 'localhost', LEAF),
    ('revoked_inter', 'localhost', LEAF),
    ('revoked_inter', 'localhost', CHAIN),
    ('inter_anchor', 'localhost', 0),
    ('inter_anchor', 'localhost', PARTIAL),
    ('leaf_anchor', 'localhost', PARTIAL),
    # OpenSSL's order when several things are wrong.
    ('expired', 'wrong.example', 0),
    ('unknown_ca', 'wrong.example', 0),
    ('wrong_purpose', 'wrong.example', 0),
    ('expired', 'localhost', LEAF),
    ('good_inter', 'localhost', STRICT),
]

# Server-side verification: (verify_mode, client certificate case or None)
SERVER_CASES = [
    (ssl.CERT_OPTIONAL, None),
    (ssl.CERT_OPTIONAL, 'client'),
    (ssl.CERT_OPTIONAL, 'bad_client'),
    (ssl.CERT_REQUIRED, None),
    (ssl.CERT_REQUIRED, 'client'),
    (ssl.CERT_REQUIRED, 'bad_client'),
]

# Where sslite cannot do what OpenSSL does (documented in docs/compat.md):
# Mbed TLS will not serve a certificate whose extendedKeyUsage lacks
# serverAuth, so there is no sslite server for those cases.
NO_SSLITE_SERVER = {'wrong_purpose'}

VERSIONS = [('TLSv1.3', None), ('TLSv1.2', ssl.TLSVersion.TLSv1_2)]


def where_less(msg):
    """A message without its '(_ssl.c:1006)' / '(backend.c:42)' tail."""
    return re.sub(r' \([A-Za-z_0-9.]+:\d+\)$', '', msg)


def outcome(exc):
    """What a Python exception says, in verify_probe's terms."""
    if exc is None:
        return {'ok': True}
    out = {'ok': False, 'type': type(exc).__name__,
           'reason': getattr(exc, 'reason', None) or '',
           'library': getattr(exc, 'library', None) or '',
           'message': where_less(str(exc))}
    if isinstance(exc, ssl.SSLCertVerificationError):
        out['verify_code'] = exc.verify_code
        out['verify_message'] = exc.verify_message
    return out


def norm(res):
    """The fields compared: outcome, and what identifies the error."""
    if res.get('ok'):
        return {'ok': True}
    keep = {'ok': False, 'reason': res.get('reason', '')}
    if res.get('type') == 'SSLCertVerificationError':
        keep['verify_code'] = res['verify_code']
        keep['verify_message'] = res['verify_message']
    else:
        keep['message'] = where_less(res.get('message', ''))
    return keep


def listener():
    ls = socket.socket()
    ls.bind(('127.0.0.1', 0))
    ls.listen(1)
    ls.settimeout(TIMEOUT)
    return ls


def py_server(ls, ctx, result):
    """Accept one client, handshake, send 'k'; record the outcome."""
    try:
        conn, _ = ls.accept()
    except OSError as e:
        result['server'] = outcome(e)
        return
    conn.settimeout(TIMEOUT)
    try:
        s = ctx.wrap_socket(conn, server_side=True)
        s.sendall(b'k')
        try:
            s.recv(1)  # wait for the client to finish (or reject)
        except (ssl.SSLError, OSError):
            pass
        result['server'] = outcome(None)
        s.close()
    except Exception as e:  # noqa: BLE001 - the outcome is the point
        result['server'] = outcome(e)
    conn.close()


def py_client(port, host, cafile, flags, maxv, cert=None, key=None):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(cafile)
    ctx.verify_flags |= flags
    if maxv:
        ctx.maximum_version = maxv
    if cert:
        ctx.load_cert_chain(cert, key)
    sock = socket.create_connection(('127.0.0.1', port), timeout=TIMEOUT)
    try:
        s = ctx.wrap_socket(sock, server_hostname=host)
        s.recv(1)
        s.close()
        return outcome(None)
    except Exception as e:  # noqa: BLE001
        return outcome(e)
    finally:
        sock.close()


def server_ctx(case, mode=ssl.CERT_NONE, cafile=None, maxv=None):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(f'{CERTS}/{case}/chain.pem', f'{CERTS}/{case}/key.pem')
    ctx.verify_mode = mode
    if cafile:
        ctx.load_verify_locations(cafile)
    if maxv:
        ctx.maximum_version = maxv
    return ctx


def probe(args):
    p = subprocess.run([PROBE] + [str(a) for a in args], capture_output=True, text=True,
                       timeout=TIMEOUT * 2)
    lines = p.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines else {'ok': False, 'message': p.stderr}


def probe_server(args):
    """Start verify_probe as a server; return (process, port)."""
    p = subprocess.Popen([PROBE, 'server'] + [str(a) for a in args], stdout=subprocess.PIPE,
                         text=True)
    port = int(p.stdout.readline())
    return p, port


def probe_server_result(p):
    out, _ = p.communicate(timeout=TIMEOUT * 2)
    return json.loads(out.strip().splitlines()[-1])


n = 0


def check(got, want, name):
    global n
    n += 1
    if norm(got) == norm(want):
        print(f'ok {n} - {name}')
    else:
        print(f'not ok {n} - {name}')
        print(f'#   sslite: {json.dumps(norm(got))}')
        print(f'#   python: {json.dumps(norm(want))}')


def client_case(case, host, flags, vname, maxv):
    d = f'{CERTS}/{case}'
    maxnum = 0x0303 if maxv else 0
    label = f'{case} {host} flags={flags:#x} {vname}'
    # Oracle: Python client and Python server.
    ls, res = listener(), {}
    t = threading.Thread(target=py_server, args=(ls, server_ctx(case, maxv=maxv), res))
    t.start()
    want = py_client(ls.getsockname()[1], host, f'{d}/ca.pem', flags, maxv)
    t.join()
    ls.close()
    # sslite client against the Python server: same verdict, same alert.
    ls, res2 = listener(), {}
    t = threading.Thread(target=py_server, args=(ls, server_ctx(case, maxv=maxv), res2))
    t.start()
    got = probe(['client', ls.getsockname()[1], host, f'{d}/ca.pem', flags, maxnum])
    t.join()
    ls.close()
    check(got, want, f'client verifies {label}')
    check(res2.get('server', {}), res.get('server', {}),
          f'Python server sees what sslite sent: {label}')
    # sslite server, Python client: the server reports the client's alert.
    if case in NO_SSLITE_SERVER:
        global n
        n += 1
        print(f'ok {n} # SKIP Mbed TLS refuses to serve this certificate: {label}')
        return
    p, port = probe_server([f'{d}/chain.pem', f'{d}/key.pem', f'{d}/ca.pem', 0, maxnum])
    py_client(port, host, f'{d}/ca.pem', flags, maxv)
    check(probe_server_result(p), res.get('server', {}),
          f'sslite server sees the client\'s alert: {label}')


def server_case(mode, ccase, vname, maxv):
    maxnum = 0x0303 if maxv else 0
    cafile = f'{CERTS}/client/ca.pem'
    cert = f'{CERTS}/{ccase}/chain.pem' if ccase else None
    key = f'{CERTS}/{ccase}/key.pem' if ccase else None
    label = f'{"CERT_OPTIONAL" if mode == ssl.CERT_OPTIONAL else "CERT_REQUIRED"} ' \
            f'client cert {ccase or "none"} {vname}'
    ls, res = listener(), {}
    t = threading.Thread(target=py_server,
                         args=(ls, server_ctx('good', mode, cafile, maxv), res))
    t.start()
    want_client = py_client(ls.getsockname()[1], 'localhost', f'{CERTS}/good/ca.pem', 0, maxv,
                            cert, key)
    t.join()
    ls.close()
    p, port = probe_server([f'{CERTS}/good/chain.pem', f'{CERTS}/good/key.pem', cafile, mode,
                            maxnum])
    got_client = py_client(port, 'localhost', f'{CERTS}/good/ca.pem', 0, maxv, cert, key)
    check(probe_server_result(p), res.get('server', {}), f'sslite server verifies: {label}')
    check(got_client, want_client, f'Python client sees what sslite sent: {label}')


def main():
    total = (len(CLIENT_CASES) * 3 + len(SERVER_CASES) * 2) * len(VERSIONS)
    print(f'1..{total}')
    for vname, maxv in VERSIONS:
        for case, host, flags in CLIENT_CASES:
            client_case(case, host, flags, vname, maxv)
        for mode, ccase in SERVER_CASES:
            server_case(mode, ccase, vname, maxv)


main()
