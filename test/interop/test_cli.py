"""The sslite CLI as an openssl s_client/s_server user expects it (issue 14):
a concurrent server (200 clients at once, a slow client that blocks nobody,
a handshake deadline, a bound on clients), the client's --timeout against a
silent peer, --half-close for piped requests, --keylog and SSLKEYLOGFILE,
--showcerts, x509 over every certificate of a file, one error format with
the file name, validated ports.  Python's ssl module is the peer and the
oracle.  Loopback only; every wait is bounded.
"""

import json
import os
import socket
import ssl
import subprocess
import tempfile
import threading
import time

from interop_util import (Tap, PyServer, SsliteServer, json_lines, parse_args, py_client_ctx,
                          py_server_ctx, recv_exactly, sslite_client)

a = parse_args()
t = Tap()
C = a.certs
ca = os.path.join(C, 'ca.pem')
scratch = tempfile.mkdtemp(prefix='sslite-cli-')


def pem(name):
    return os.path.join(C, name)


def server_args(*extra):
    return ['--cert', pem('server-ec.pem'), '--key', pem('server-ec.key')] + list(extra)


def echo_once(port, data=b'ping\n', timeout=10.0):
    """One Python client: handshake, send, read the echo, unwrap."""
    ctx = py_client_ctx(C)
    try:
        with socket.create_connection(('127.0.0.1', port), timeout=timeout) as raw:
            with ctx.wrap_socket(raw, server_hostname='localhost') as s:
                s.sendall(data)
                return recv_exactly(s, len(data))
    except (OSError, ssl.SSLError) as e:
        return e


def client_hello_bytes():
    """A real ClientHello, to dribble byte by byte."""
    ctx = ssl.create_default_context(cafile=ca)
    inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = ctx.wrap_bio(inc, out, server_hostname='localhost')
    try:
        obj.do_handshake()
    except ssl.SSLWantReadError:
        pass
    return out.read()


class SlowClient(threading.Thread):
    """Sends a ClientHello one byte per `interval` seconds until the server
    drops it (or `limit` seconds); records when the server closed."""

    def __init__(self, port, interval=1.0, limit=15.0):
        super().__init__(daemon=True)
        self.port, self.interval, self.limit = port, interval, limit
        self.closed_after = None
        self.sent = 0
        self.connected = threading.Event()

    def run(self):
        hello = client_hello_bytes()
        start = time.monotonic()
        try:
            with socket.create_connection(('127.0.0.1', self.port), timeout=self.limit) as s:
                self.connected.set()
                s.settimeout(self.interval)
                while time.monotonic() - start < self.limit and self.sent < len(hello):
                    s.sendall(hello[self.sent:self.sent + 1])
                    self.sent += 1
                    try:
                        if s.recv(65536) == b'':
                            break  # the server closed on us
                    except socket.timeout:
                        continue
        except OSError:
            pass  # a reset is a close too
        self.connected.set()
        self.closed_after = time.monotonic() - start


# -- concurrency: 200 clients at once, with a slow client in the middle --
N = 200
srv = SsliteServer(a.sslite, server_args('--handshake-timeout', '3'))
t.ok(srv.port is not None, 'sslite server (no --once) listens', srv)
slow = SlowClient(srv.port, limit=15.0)
slow.start()
slow.connected.wait(5)
results = [None] * N
barrier = threading.Barrier(N)


def worker(i):
    try:
        barrier.wait(10)
    except threading.BrokenBarrierError:
        pass
    results[i] = echo_once(srv.port, b'client %d\n' % i, timeout=15.0)


start = time.monotonic()
threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(N)]
for th in threads:
    th.start()
for th in threads:
    th.join(20)
elapsed = time.monotonic() - start
good = sum(1 for i, r in enumerate(results) if r == b'client %d\n' % i)
t.eq(good, N, '%d concurrent clients all served while a slow client dribbles (%.1f s)'
     % (N, elapsed))
t.ok(elapsed < 15.0, '%d concurrent clients take %.1f s (< 15 s)' % (N, elapsed))
t.note('first failures: %r' % [r for r in results if not isinstance(r, bytes)][:3])
slow.join(10)
t.ok(slow.closed_after is not None and slow.closed_after < 8.0,
     'the slow client is dropped at the handshake deadline (--handshake-timeout 3: after %s s, '
     '%d bytes sent)' % (None if slow.closed_after is None else round(slow.closed_after, 1),
                         slow.sent))
srv.proc.kill()
srv.finish(5)
t.eq(len(srv.accepted), N, 'the server printed one accepted line per client')
t.ok(any(e.get('type') == 'TimeoutError' for e in srv.errors),
     'the server reports the slow client as a TimeoutError', srv.errors[:3])

# -- a bounded number of clients: the slot of a silent client frees at its deadline --
srv = SsliteServer(a.sslite, server_args('--max-clients', '1', '--handshake-timeout', '1'))
silent = socket.create_connection(('127.0.0.1', srv.port), timeout=10)
time.sleep(0.2)
start = time.monotonic()
r = echo_once(srv.port, b'after\n', timeout=10.0)
waited = time.monotonic() - start
t.ok(r == b'after\n' and 0.5 <= waited < 6.0,
     '--max-clients 1: the next client waits for the silent one\'s deadline, then is served '
     '(%.1f s)' % waited, r)
silent.close()
srv.proc.kill()
srv.finish(5)

# -- client --timeout against a silent peer --
ls = socket.socket()
ls.bind(('127.0.0.1', 0))
ls.listen(4)
port = ls.getsockname()[1]
py_err = None
try:
    with socket.create_connection(('127.0.0.1', port), timeout=1.0) as raw:
        ssl.create_default_context(cafile=ca).wrap_socket(raw, server_hostname='localhost')
except (OSError, ssl.SSLError) as e:
    py_err = e
start = time.monotonic()
r = sslite_client(a.sslite, ['--cafile', ca, '--timeout', '1', 'localhost', str(port)], timeout=15)
took = time.monotonic() - start
e = r.error or {}
t.ok(r.rc == 1 and 0.8 <= took < 5.0, 'client --timeout 1 gives up on a silent peer (%.1f s)' % took,
     r)
t.eq(e.get('type'), type(py_err).__name__, 'as Python\'s: %r' % py_err)
t.ok('handshake operation timed out' in (e.get('message') or ''), 'message names the handshake', e)
ls.close()

what = 'client --timeout on a refused connect is the OSError'
r = sslite_client(a.sslite, ['--timeout', '2', '--cafile', ca, '127.0.0.1', '1'])
t.ok(r.rc == 1 and (r.error or {}).get('errno') == 111, what, r)

# -- half-close: a piped request's reply is never lost --
runs, got = 10, 0
for i in range(runs):
    ps = PyServer(py_server_ctx(C, 'server-ec'))
    r = sslite_client(a.sslite, ['--cafile', ca, '--half-close=0.3', 'localhost', str(ps.port)],
                      b'request %d\n' % i)
    res = ps.join()
    if r.rc == 0 and r.data == b'request %d\n' % i and res and 'error' not in res[0]:
        got += 1
    else:
        t.note('run %d: %r %r' % (i, r, res))
t.eq(got, runs, '--half-close: the echo of a piped request arrives in %d of %d runs' % (got, runs))

# -- --keylog and SSLKEYLOGFILE --
klog = os.path.join(scratch, 'client.keylog')
ps = PyServer(py_server_ctx(C, 'server-ec', version=ssl.TLSVersion.TLSv1_3))
r = sslite_client(a.sslite, ['--cafile', ca, '--keylog', klog, 'localhost', str(ps.port)], b'k\n')
ps.join()
text = open(klog).read() if os.path.exists(klog) else ''
t.ok(r.rc == 0 and 'CLIENT_HANDSHAKE_TRAFFIC_SECRET ' in text and 'CLIENT_TRAFFIC_SECRET_0 ' in text,
     'client --keylog writes the TLS 1.3 secrets (NSS key log format)', text[:200])
slog = os.path.join(scratch, 'server.keylog')
env = dict(os.environ, SSLKEYLOGFILE=slog)
p = subprocess.Popen([a.sslite, 'server', '--host', '127.0.0.1', '--port', '0', '--once']
                     + server_args('--max-version', 'TLSv1.2'),
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
line = p.stdout.readline()
sport = json.loads(line)['listening']['port']
r2 = echo_once(sport, b'k2\n')
try:
    p.wait(10)
except subprocess.TimeoutExpired:
    p.kill()
    p.wait(5)
p.stdout.close()
p.stderr.close()
text = open(slog).read() if os.path.exists(slog) else ''
t.ok(r2 == b'k2\n' and '\nCLIENT_RANDOM ' in text,
     'SSLKEYLOGFILE reaches create_default_context() (server, TLS 1.2: CLIENT_RANDOM)', text[:200])
r = sslite_client(a.sslite, ['--cafile', ca, '--keylog', '/nonexistent/dir/k', 'localhost', '1'])
e = r.error or {}
t.ok(r.rc == 1 and e.get('errno') == 2 and e.get('filename') == '/nonexistent/dir/k',
     '--keylog to a missing directory: the OSError names the file', r)

# -- --showcerts --
ps = PyServer(py_server_ctx(C, 'server-rsa'))
r = sslite_client(a.sslite, ['--cafile', ca, '--showcerts', 'localhost', str(ps.port)], b's\n')
ps.join()
chain = (r.session or {}).get('peer_chain')
want = json.loads(json.dumps(ssl._ssl._test_decode_cert(pem('server-rsa.pem'))))
t.ok(isinstance(chain, list) and len(chain) >= 1, '--showcerts adds peer_chain', r.session)
t.eq(chain[0] if chain else None, want,
     '--showcerts: the leaf as ssl._ssl._test_decode_cert() decodes it')
t.ok('peer_chain' not in (sslite_client(a.sslite, ['--verify', 'none', 'localhost', '1']).session
                          or {}), 'no peer_chain without --showcerts')

# -- x509 over every certificate in a file --
bundle = os.path.join(scratch, 'bundle.pem')
with open(bundle, 'w') as f:
    f.write('leading text\n' + open(ca).read() + 'between\n' + open(pem('server-rsa.pem')).read())
out = subprocess.run([a.sslite, 'x509', bundle], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                     timeout=20)
want = [json.dumps(ssl._ssl._test_decode_cert(ca)), json.dumps(ssl._ssl._test_decode_cert(
    pem('server-rsa.pem')))]
t.eq(out.stdout.decode().splitlines(), want,
     'x509 prints every certificate of a bundle, byte for byte json.dumps(_test_decode_cert())')

# -- one error format, the file named --
KEYS = ['type', 'errno', 'library', 'reason', 'verify_code', 'verify_message', 'filename',
        'message']


def err_lines(text):
    return [x['error'] for x in json_lines(text) if 'error' in x]


cases = [
    ('x509 of a missing file', [a.sslite, 'x509', '/nonexistent/c.pem'],
     {'type': 'FileNotFoundError', 'errno': 2, 'filename': '/nonexistent/c.pem'}),
    ('server with a missing --cert', [a.sslite, 'server', '--port', '0', '--cert', '/nonexistent/s.pem'],
     {'errno': 2, 'filename': '/nonexistent/s.pem'}),
    ('server with a missing --key', [a.sslite, 'server', '--port', '0', '--cert', pem('server-ec.pem'),
                                     '--key', '/nonexistent/s.key'],
     {'errno': 2, 'filename': '/nonexistent/s.key'}),
    ('ciphers with no match', [a.sslite, 'ciphers', 'NOTHING'], {'type': 'SSLError'}),
    ('an unknown command', [a.sslite, 'frobnicate'], {'type': 'UsageError'}),
    ('server --port 70000', [a.sslite, 'server', '--port', '70000', '--cert', pem('server-ec.pem')],
     {'type': 'OverflowError'}),
    ('server --port abc', [a.sslite, 'server', '--port', 'abc', '--cert', pem('server-ec.pem')],
     {'type': 'ValueError'}),
    ('client PORT 65536', [a.sslite, 'client', 'localhost', '65536'], {'type': 'OverflowError'}),
    ('client --timeout -1', [a.sslite, 'client', '--timeout', '-1', 'localhost', '1'],
     {'type': 'ValueError'}),
]
for what, argv, want in cases:
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20)
    errs = err_lines(p.stderr.decode() + p.stdout.decode())
    e = errs[0] if errs else {}
    t.ok(p.returncode != 0 and len(errs) == 1 and list(e) == KEYS and
         all(e.get(k) == v for k, v in want.items()) and
         b'listening' not in p.stdout,
         'one error format: %s' % what, (p.returncode, p.stdout, p.stderr))
r = sslite_client(a.sslite, ['--cafile', '/nonexistent/ca.pem', 'localhost', '1'])
t.ok((r.error or {}).get('filename') == '/nonexistent/ca.pem' and list(r.error or {}) == KEYS,
     'one error format: client with a missing --cafile names it', r)

t.done()
