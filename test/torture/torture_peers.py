"""Torture against other TLS stacks: the sslite end is torture_peer (one
non-blocking SSLSocket, 4 KiB buffers, random chunks both ways, one poll()
loop); the other end is

  - CPython's ssl (OpenSSL) in the same kind of loop, as server and as
    client, TLS 1.2 and 1.3, 2 tickets and 0, both directions;
  - openssl s_server sending KeyUpdates ('k' and 'K' on its stdin) while
    sslite sends to it, and openssl s_client sending KeyUpdates while
    sslite (the server) sends to it; TLS 1.3, tickets 2 and 0; TLS 1.2
    against both without KeyUpdates.

Checked byte for byte (sha256 of what went out and what arrived).  Seeded
(SSLITE_TORTURE_SEED), bounded (every wait has a deadline).

    torture_peers.py --peer TORTURE_PEER --certs DIR [--openssl PATH]
"""
import argparse
import hashlib
import os
import random
import re
import select
import socket
import ssl
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'interop'))
from interop_util import Proc, Tap, free_port, skip_all  # noqa: E402

DEADLINE = 20.0


def tiny(s):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def sha(b):
    return hashlib.sha256(b).hexdigest()[:16]


class PyEnd(threading.Thread):
    """One CPython SSLSocket end in a non-blocking poll() loop: handshake,
    send `data` in random chunks (a write that wants more is retried with
    the same slice, as OpenSSL requires), read random chunks until `expect`
    bytes arrived, then unwrap.  self.got, self.error."""

    def __init__(self, ctx, rnd, data, expect, server, port=None):
        super().__init__(daemon=True)
        self.ctx, self.rnd, self.data, self.expect = ctx, rnd, data, expect
        self.server = server
        self.got = bytearray()
        self.error = None
        if server:
            self.ls = socket.socket()
            tiny(self.ls)
            self.ls.bind(('127.0.0.1', 0))
            self.ls.listen(1)
            self.port = self.ls.getsockname()[1]
        else:
            self.port = port

    def run(self):
        try:
            self._run()
        except Exception as e:  # reported by the test
            self.error = '%s: %s' % (type(e).__name__, e)

    def _run(self):
        deadline = time.monotonic() + DEADLINE
        if self.server:
            self.ls.settimeout(DEADLINE)
            raw, _ = self.ls.accept()
            self.ls.close()
        else:
            raw = socket.socket()
            tiny(raw)
            raw.settimeout(DEADLINE)
            raw.connect(('127.0.0.1', self.port))
        raw.setblocking(False)
        s = self.ctx.wrap_socket(raw, server_side=self.server, do_handshake_on_connect=False,
                                 server_hostname=None if self.server else 'localhost')
        rnd, data = self.rnd, self.data
        sent, chunk, hs, eof = 0, 0, False, False
        p = select.poll()
        p.register(s.fileno(), select.POLLIN)
        while not (hs and sent == len(data) and len(self.got) >= self.expect):
            if time.monotonic() > deadline:
                raise TimeoutError('python end: sent %d/%d got %d/%d' %
                                   (sent, len(data), len(self.got), self.expect))
            ev = select.POLLIN
            progress = False
            if not hs:
                try:
                    s.do_handshake()
                    hs = progress = True
                except ssl.SSLWantReadError:
                    pass
                except ssl.SSLWantWriteError:
                    ev |= select.POLLOUT
            if hs and sent < len(data):
                if not chunk:
                    chunk = rnd.randint(1, 40000)
                try:
                    sent += s.send(data[sent:sent + chunk])
                    chunk = 0
                    progress = True
                except ssl.SSLWantWriteError:
                    ev |= select.POLLOUT
                except ssl.SSLWantReadError:
                    pass
            while hs and not eof:
                try:
                    b = s.recv(rnd.randint(1, 40000))
                except ssl.SSLWantReadError:
                    break
                except ssl.SSLWantWriteError:
                    ev |= select.POLLOUT
                    break
                if not b and len(self.got) >= self.expect:
                    eof = True  # the peer closed after all it had to send
                    break
                if not b:
                    raise EOFError('python end: EOF after %d of %d bytes' %
                                   (len(self.got), self.expect))
                self.got += b
                progress = True
            if not progress:
                p.modify(s.fileno(), ev)
                p.poll(200)
        # close_notify both ways, bounded.
        end = time.monotonic() + 5
        while time.monotonic() < end:
            try:
                s.unwrap()
                break
            except ssl.SSLWantReadError:
                p.modify(s.fileno(), select.POLLIN)
                p.poll(100)
            except ssl.SSLWantWriteError:
                p.modify(s.fileno(), select.POLLOUT)
                p.poll(100)
            except (ssl.SSLError, OSError):
                break
        s.close()


class Run:
    """Temporary files for one torture_peer run."""

    def __init__(self, tmp, name, send):
        self.send_path = os.path.join(tmp, name + '.send')
        self.recv_path = os.path.join(tmp, name + '.recv')
        with open(self.send_path, 'wb') as f:
            f.write(send)

    def received(self):
        try:
            with open(self.recv_path, 'rb') as f:
                return f.read()
        except OSError:
            return b''


def peer_args(a, role, version, tickets, seed, run, expect):
    return [a.peer] + role + [version, str(tickets), str(seed), run.send_path,
                              run.recv_path, str(expect)]


def hexdata(rnd, n):
    """Text only s_server/s_client pass through untouched: lowercase hex
    (never one of their command letters) with a newline now and then."""
    out = bytearray(rnd.randbytes((n + 1) // 2).hex().encode()[:n])
    for i in range(0, n, rnd.randint(40, 2000)):
        out[i] = 0x0a
    return bytes(out)


def py_contexts(certs, version, tickets):
    v = {'tls12': ssl.TLSVersion.TLSv1_2, 'tls13': ssl.TLSVersion.TLSv1_3}[version]
    sctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    sctx.load_cert_chain(os.path.join(certs, 'server-rsa.pem'),
                         os.path.join(certs, 'server-rsa.key'))
    sctx.minimum_version = sctx.maximum_version = v
    if tickets >= 0:
        sctx.num_tickets = tickets
    cctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    cctx.load_verify_locations(os.path.join(certs, 'ca.pem'))
    cctx.minimum_version = cctx.maximum_version = v
    return sctx, cctx


# A build whose records are smaller than 16 KiB (-Dsmall_memory=true) serves
# only clients that ask for small records; CPython's and s_client do not.
SMALL_SERVER = 'records of at most the build\'s record_in_len, which this client does not ask for'


def full_records(a):
    return a.record_in_len >= 16384


def python_cases(t, a, tmp, rnd):
    for version, tickets in (('tls12', -1), ('tls13', -1), ('tls13', 0)):
        for sslite_role in ('client', 'server'):
            seed = rnd.getrandbits(32)
            if sslite_role == 'server' and not full_records(a):
                t.skip('CPython ssl client, sslite server, %s' % version, SMALL_SERVER)
                continue
            r = random.Random(seed)
            c2s, s2c = r.randint(1, 3 << 20), r.randint(1, 3 << 20)
            if r.random() < 0.3:
                c2s, s2c = (c2s, 0) if r.random() < 0.5 else (0, s2c)
            sctx, cctx = py_contexts(a.certs, version, tickets)
            mine = r.randbytes(c2s if sslite_role == 'client' else s2c)
            theirs = r.randbytes(s2c if sslite_role == 'client' else c2s)
            run = Run(tmp, 'py-%s-%s-%d' % (version, sslite_role, tickets), mine)
            if sslite_role == 'client':
                py = PyEnd(sctx, r, theirs, len(mine), server=True)
                py.start()
                proc = Proc(peer_args(a, ['connect', str(py.port)], version, -1, seed, run,
                                      len(theirs)))
            else:
                proc = Proc(peer_args(a, ['listen'], version, tickets, seed, run, len(theirs)))
                if not proc.wait_for(lambda b: re.search(rb'PORT \d+\n', b)):
                    t.ok(False, 'torture_peer listens', proc.text('out') + proc.text('err'))
                    proc.kill()
                    continue
                port = int(re.search(rb'PORT (\d+)', bytes(proc.out)).group(1))
                py = PyEnd(cctx, r, theirs, len(mine), server=False, port=port)
                py.start()
            rc = proc.finish(DEADLINE + 10)
            py.join(DEADLINE + 10 if rc == 0 else 2)
            got = run.received()
            good = (rc == 0 and py.error is None and bytes(py.got) == mine and got == theirs)
            t.ok(good, 'CPython ssl %s, sslite %s, %s%s: sslite sent %d, got %d, byte-exact' %
                 ('server' if sslite_role == 'client' else 'client', sslite_role,
                  'TLS 1.2' if version == 'tls12' else 'TLS 1.3',
                  ' no tickets' if tickets == 0 else '', len(mine), len(theirs)),
                 'case seed %d; torture_peer rc %d: %s\npython: %s\n'
                 'sslite sent %s, python got %d bytes %s\npython sent %s, sslite got %d bytes %s'
                 % (seed, rc, (proc.text('out') + proc.text('err')).strip(), py.error, sha(mine), len(py.got),
                    sha(py.got), sha(theirs), len(got), sha(got)))


# Lines s_server / s_client print among the data they receive.
NOISE = [rb'SSL_do_handshake -> -?\d+\n', rb'KEYUPDATE\n', rb'KEY UPDATE\n',
         rb'---\nPost-Handshake New Session Ticket arrived:\n.*?\n---\n',
         rb'Read BLOCK\n', rb'Write BLOCK\n', rb'read R BLOCK\n', rb'closed\n', rb'DONE\n']
# Where the data starts: after s_server's connection report, after
# s_client's (its first '---' line after the verify result).
AFTER = {'s_server': rb'Secure Renegotiation IS[^\n]*\n',
         's_client': rb'Verify return code: [^\n]*\n(?:[^\n]*\n)*?---\n'}


def strip_noise(out, after):
    """What an openssl peer printed of the data: from the end of its
    connection report (the line matching `after`) on, its own lines taken
    out, up to the first byte that is not data (the data is hex text and
    newlines, so neither can be taken for the other)."""
    m = re.search(after, out)
    if m is None:
        return None
    body = out[m.end():]
    for pat in NOISE:
        body = re.sub(pat, b'', body, flags=re.S)
    m = re.search(rb'[^0-9a-f\n]', body)
    return body if m is None else body[:m.start()]


def keyupdates(proc, stop, letters, interval):
    """Feed 'k'/'K' commands to an openssl peer's stdin until stop is set
    (lines read together count once: stdin carries nothing else)."""
    n = 0
    while not stop.is_set():
        proc.write(letters[n % len(letters)] + b'\n')
        n += 1
        stop.wait(interval)
    return n


def openssl_cases(t, a, tmp, rnd):
    certs = a.certs
    cert = os.path.join(certs, 'server-rsa.pem')
    key = os.path.join(certs, 'server-rsa.key')
    cases = [('s_server', 'tls13', -1, True), ('s_server', 'tls13', 0, True),
             ('s_server', 'tls12', -1, False),
             ('s_client', 'tls13', -1, True), ('s_client', 'tls13', 0, True),
             ('s_client', 'tls12', -1, False)]
    for tool, version, tickets, kupd in cases:
        seed = rnd.getrandbits(32)
        if tool == 's_client' and not full_records(a):
            t.skip('openssl s_client, sslite server, %s' % version, SMALL_SERVER)
            continue
        r = random.Random(seed)
        data = hexdata(r, r.randint(200000, 2 << 20))
        run = Run(tmp, 'ossl-%s-%s-%d' % (tool, version, tickets), data)
        vflag = '-tls1_3' if version == 'tls13' else '-tls1_2'
        stop = threading.Event()
        if tool == 's_server':
            port = free_port()
            argv = [a.openssl, 's_server', '-accept', '127.0.0.1:%d' % port, '-cert', cert,
                    '-key', key, '-naccept', '1', vflag]
            if tickets >= 0:
                argv += ['-num_tickets', str(tickets)]
            srv = Proc(argv)
            if not srv.wait_for(lambda b: b'ACCEPT' in b):
                t.ok(False, 'openssl s_server listens', srv.text('err'))
                srv.kill()
                continue
            proc = Proc(peer_args(a, ['connect', str(port)], version, -1, seed, run, 0))
            ossl = srv
        else:
            proc = Proc(peer_args(a, ['listen'], version, tickets, seed, run, 0))
            if not proc.wait_for(lambda b: re.search(rb'PORT \d+\n', b)):
                t.ok(False, 'torture_peer listens', proc.text('err'))
                proc.kill()
                continue
            port = int(re.search(rb'PORT (\d+)', bytes(proc.out)).group(1))
            ossl = Proc([a.openssl, 's_client', '-connect', '127.0.0.1:%d' % port,
                         '-CAfile', os.path.join(certs, 'ca.pem'), '-servername', 'localhost',
                         vflag])
        sent = [0]
        ku = None
        if kupd:
            # Start once the handshake is through (the connection report).
            if ossl.wait_for(lambda b: b'CIPHER is' in b or b'Cipher is' in b):
                ku = threading.Thread(target=lambda: sent.__setitem__(
                    0, keyupdates(ossl, stop, [b'k', b'K'], 0.002)), daemon=True)
                ku.start()
        rc = proc.finish(DEADLINE + 10)
        stop.set()
        if ku is not None:
            ku.join(5)
        want = len(data)
        # torture_peer closed with close_notify: the openssl peer says DONE
        # (or closed) and exits.
        ossl.wait_for(lambda b: b'DONE' in b or b'closed' in b, timeout=10)
        ossl.close_stdin()
        ossl.finish(5)
        out = bytes(ossl.out)
        if os.environ.get('SSLITE_TORTURE_DUMP'):
            with open(os.path.join(os.environ['SSLITE_TORTURE_DUMP'], 'ossl-%s-%s-%d.out' %
                                   (tool, version, tickets)), 'wb') as f:
                f.write(out)
        body = strip_noise(out, AFTER[tool]) or b''
        # KeyUpdates that went out while the data flowed: s_server reports
        # each one's handshake among the data, s_client on stderr.
        if tool == 's_server':
            m = re.search(AFTER[tool], out)
            region = out[m.end():out.find(b'DONE\n', m.end())] if m else b''
            kus = len(re.findall(rb'SSL_do_handshake -> 1\n', region))
        else:
            kus = ossl.text('err').count('KEYUPDATE')
        good = rc == 0 and body == data and (kus > 0 or not kupd)
        t.ok(good, 'openssl %s, sslite %s, %s%s%s: %d bytes to openssl, byte-exact' %
             (tool, 'client' if tool == 's_server' else 'server',
              'TLS 1.2' if version == 'tls12' else 'TLS 1.3',
              ' no tickets' if tickets == 0 else '',
              ', %d KeyUpdates (k/K) meanwhile' % kus if kupd else '', want),
             'case seed %d; torture_peer rc %d: %s\nopenssl got %d bytes %s, sent %d %s\n'
             'KeyUpdate commands written %d\nopenssl stderr: %s'
             % (seed, rc, (proc.text('out') + proc.text('err')).strip(), len(body), sha(body),
                want, sha(data), sent[0], ossl.text('err').replace('KEYUPDATE\n', '')[-500:]))


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--peer', required=True)
    p.add_argument('--certs', default=os.environ.get('SSLITE_TEST_CERTS', ''))
    p.add_argument('--openssl', default='')
    p.add_argument('--record-in-len', type=int, default=16384)  # the build's record_in_len
    a = p.parse_args()
    if not a.certs or not os.path.isfile(os.path.join(a.certs, 'ca.pem')):
        skip_all('no test PKI')
    s = os.environ.get('SSLITE_TORTURE_SEED')
    seed = int(s, 0) if s else random.SystemRandom().getrandbits(32)
    os.environ['SSLITE_TEST_CERTS'] = a.certs  # torture_peer's PKI
    t = Tap()
    t.note('seed %d (rerun with SSLITE_TORTURE_SEED=%d)' % (seed, seed))
    rnd = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        python_cases(t, a, tmp, rnd)
        if a.openssl:
            openssl_cases(t, a, tmp, rnd)
        else:
            t.skip('openssl s_server / s_client peers', 'no openssl')
    t.done()


if __name__ == '__main__':
    main()
