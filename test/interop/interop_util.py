"""Helpers for the interop tests: TAP output, the sslite CLI as client and
server, Python ssl peers in threads, and subprocess peers with bounded waits.

Every wait here has a deadline and every process started is killed at exit,
so a broken peer makes a test fail, never hang.
"""

import argparse
import atexit
import json
import os
import select
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

TIMEOUT = 20.0  # seconds for any one step

# ---- TAP ----

class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, desc, diag=None, todo=None):
        """todo: the reason a known divergence is expected.  A failure is
        then a TAP TODO (reported, not fatal); a pass is a plain pass, so
        the test keeps passing once the divergence is fixed."""
        self.n += 1
        if not cond and todo is None:
            self.failed += 1
        print('%s %d - %s%s' % ('ok' if cond else 'not ok', self.n, desc,
                                ' # TODO ' + todo if todo and not cond else ''), flush=True)
        if not cond and diag is not None:
            for line in str(diag).splitlines():
                print('#   ' + line, flush=True)
        return bool(cond)

    def eq(self, got, want, desc, todo=None):
        return self.ok(got == want, desc, 'got:  %r\nwant: %r' % (got, want), todo)

    def skip(self, desc, why):
        self.n += 1
        print('ok %d - %s # SKIP %s' % (self.n, desc, why), flush=True)

    def note(self, text):
        for line in str(text).splitlines():
            print('# ' + line, flush=True)

    def done(self):
        print('1..%d' % self.n, flush=True)
        sys.exit(1 if self.failed else 0)


def skip_all(why):
    print('1..0 # SKIP %s' % why, flush=True)
    sys.exit(0)


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument('--sslite', required=True)
    p.add_argument('--certs', default=os.environ.get('SSLITE_TEST_CERTS', ''))
    p.add_argument('--openssl', default='')
    p.add_argument('--gnutls-cli', default='')
    a = p.parse_args()
    if not a.certs or not os.path.isfile(os.path.join(a.certs, 'ca.pem')):
        skip_all('no test PKI (SSLITE_TEST_CERTS)')
    return a


# ---- processes ----

_procs = []


@atexit.register
def _kill_all():
    for p in _procs:
        if p.poll() is None:
            p.kill()
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass


class Proc:
    """A subprocess whose stdout/stderr are collected by threads, so the
    test can wait for a line with a deadline."""

    def __init__(self, argv, stdin_data=None):
        self.argv = argv
        self.p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        _procs.append(self.p)
        self.out = bytearray()
        self.err = bytearray()
        self.cond = threading.Condition()
        self.threads = [threading.Thread(target=self._reader, args=(self.p.stdout, self.out),
                                         daemon=True),
                        threading.Thread(target=self._reader, args=(self.p.stderr, self.err),
                                         daemon=True)]
        for t in self.threads:
            t.start()
        if stdin_data is not None:
            self.write(stdin_data)

    def _reader(self, f, buf):
        while True:
            chunk = f.read1(65536) if hasattr(f, 'read1') else f.read(4096)
            with self.cond:
                if not chunk:
                    self.cond.notify_all()
                    return
                buf.extend(chunk)
                self.cond.notify_all()

    def write(self, data):
        try:
            self.p.stdin.write(data)
            self.p.stdin.flush()
        except (BrokenPipeError, ValueError):
            pass

    def close_stdin(self):
        try:
            self.p.stdin.close()
        except (BrokenPipeError, ValueError):
            pass

    def wait_for(self, pred, timeout=TIMEOUT, stream='out'):
        """Wait until pred(bytes so far) is true; returns whether it was."""
        buf = self.out if stream == 'out' else self.err
        deadline = time.monotonic() + timeout
        with self.cond:
            while not pred(bytes(buf)):
                left = deadline - time.monotonic()
                if left <= 0 or (self.p.poll() is not None and
                                 not any(t.is_alive() for t in self.threads)):
                    return pred(bytes(buf))
                self.cond.wait(min(left, 0.2))
            return True

    def finish(self, timeout=TIMEOUT):
        """Wait for the exit (killing after timeout); returns the status."""
        try:
            rc = self.p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            rc = self.p.wait(timeout=5)
        for t in self.threads:
            t.join(timeout=5)
        return rc

    def kill(self):
        if self.p.poll() is None:
            self.p.kill()
        return self.finish(5)

    def text(self, stream='out'):
        return bytes(self.out if stream == 'out' else self.err).decode('utf-8', 'replace')


def json_lines(text):
    """The lines of text that parse as JSON objects."""
    res = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith('{'):
            try:
                res.append(json.loads(line))
            except ValueError:
                pass
    return res


def free_port(host='127.0.0.1'):
    fam = socket.AF_INET6 if ':' in host else socket.AF_INET
    with socket.socket(fam, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_port(port, host='127.0.0.1', timeout=TIMEOUT, proc=None):
    """Wait until something accepts on host:port (for peers that do not say
    when they listen).  The probe connection is closed at once."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.p.poll() is not None:
            return False
        try:
            with socket.create_connection((host, port), timeout=1):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def ipv6_loopback():
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(('::1', 0))
        return True
    except OSError:
        return False


# ---- the sslite CLI ----

class ClientResult:
    def __init__(self, rc, out, err):
        self.rc = rc
        self.stderr = err.decode('utf-8', 'replace')
        self.session = None
        self.error = None
        self.data = b''
        first, _, rest = out.partition(b'\n')
        try:
            obj = json.loads(first.decode('utf-8', 'replace'))
        except ValueError:
            obj = None
        if isinstance(obj, dict) and 'error' in obj:
            self.error = obj['error']
            return
        if isinstance(obj, dict):
            self.session = obj
        # A failure after the handshake prints {"error":…} as the last line.
        lines = rest.split(b'\n')
        last = lines[-2] if len(lines) >= 2 and lines[-1] == b'' else lines[-1]
        if last.startswith(b'{"error":'):
            try:
                self.error = json.loads(last.decode())['error']
                rest = rest[:len(rest) - len(last) - (1 if rest.endswith(b'\n') else 0)]
            except ValueError:
                pass
        self.data = rest
        self.raw = out

    def __repr__(self):
        return 'rc=%r session=%r error=%r data=%r stderr=%r' % (
            self.rc, self.session, self.error, self.data, self.stderr)


def sslite_client(tool, args, data=b'', timeout=TIMEOUT, reply=None):
    """Run `sslite client`, piping data to it.  Its stdin is closed (which
    makes it send close_notify) only once `reply` bytes (default: as many as
    were sent, an echo) arrived after its session line, or after a few
    seconds: a close_notify sent at once would cross the reply, and the
    drain of unwrap() would discard it (the CLI's --half-close exists for
    such pipes; here the test knows what comes back)."""
    argv = [tool, 'client'] + list(args)
    want = len(data) if reply is None else reply
    deadline = time.monotonic() + timeout
    p = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    out = b''
    try:
        if data:
            p.stdin.write(data)
            p.stdin.flush()
        if want > 0:
            wait_until = min(deadline, time.monotonic() + 5.0)
            while p.poll() is None and time.monotonic() < wait_until:
                first, nl, rest = out.partition(b'\n')
                if nl and len(rest) >= want:
                    break
                r, _, _ = select.select([p.stdout], [], [], 0.05)
                if r:
                    chunk = os.read(p.stdout.fileno(), 65536)
                    if not chunk:
                        break
                    out += chunk
        p.stdin.close()
    except BrokenPipeError:
        pass
    p.stdin = None  # closed: communicate() must not touch it
    try:
        rest, err = p.communicate(timeout=max(0.1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        p.kill()
        rest, err = p.communicate()
        res = ClientResult(-1, out + rest, err)
        res.stderr += '\n(timed out after %ss)' % timeout
        return res
    return ClientResult(p.returncode, out + rest, err)


class SsliteServer:
    """`sslite server --port 0 --once ...`, its port read from the
    listening line."""

    def __init__(self, tool, args, host='127.0.0.1'):
        self.proc = Proc([tool, 'server', '--host', host, '--port', '0'] + list(args))
        self.port = None
        self.host = host
        if self.proc.wait_for(lambda b: b'\n' in b):
            first = self.proc.text().splitlines()[0]
            try:
                self.port = json.loads(first)['listening']['port']
            except (ValueError, KeyError, TypeError):
                pass

    def finish(self, timeout=TIMEOUT):
        self.rc = self.proc.finish(timeout)
        lines = json_lines(self.proc.text())
        self.accepted = [x['accepted'] for x in lines if 'accepted' in x]
        self.errors = [x['error'] for x in json_lines(self.proc.text('err')) if 'error' in x]
        return self

    def __repr__(self):
        return 'rc=%r out=%r err=%r' % (getattr(self, 'rc', None), self.proc.text(),
                                        self.proc.text('err'))


# ---- Python ssl peers ----

def err_info(e):
    return {'type': type(e).__name__, 'reason': getattr(e, 'reason', None),
            'verify_code': getattr(e, 'verify_code', None),
            'verify_message': getattr(e, 'verify_message', None), 'message': str(e)}


def lingering_close(sock, timeout=2.0):
    """Close after reading what the peer still sends: closing with unread
    data makes the kernel send a reset, which can overtake the alert just
    sent, and the alert is what the tests look at."""
    try:
        sock.shutdown(socket.SHUT_WR)
        sock.settimeout(timeout)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and sock.recv(65536):
            pass
    except OSError:
        pass
    sock.close()


class PyServer:
    """A Python ssl echo server in a thread, for `count` connections; each
    result records what Python saw (version, cipher, alpn, peer cert or
    the error)."""

    def __init__(self, ctx, count=1, host='127.0.0.1'):
        self.ctx = ctx
        fam = socket.AF_INET6 if ':' in host else socket.AF_INET
        self.ls = socket.socket(fam, socket.SOCK_STREAM)
        self.ls.bind((host, 0))
        self.ls.listen(8)
        self.ls.settimeout(TIMEOUT)
        self.port = self.ls.getsockname()[1]
        self.results = []
        self.t = threading.Thread(target=self._run, args=(count,), daemon=True)
        self.t.start()

    def _run(self, count):
        for _ in range(count):
            res = {}
            try:
                c, _ = self.ls.accept()
            except OSError as e:
                res['error'] = err_info(e)
                self.results.append(res)
                break
            c.settimeout(TIMEOUT)
            s = None
            try:
                s = self.ctx.wrap_socket(c, server_side=True, do_handshake_on_connect=False)
                s.do_handshake()
                res.update(version=s.version(), cipher=s.cipher(),
                           alpn=s.selected_alpn_protocol(), peercert=s.getpeercert())
                data = b''
                while True:
                    d = s.recv(65536)
                    if not d:
                        break
                    data += d
                    s.sendall(d)
                res['data'] = data
                s.unwrap().close()
            except Exception as e:  # noqa: BLE001 - the outcome is the result
                res['error'] = err_info(e)
                lingering_close(s if s is not None else c)
            self.results.append(res)
        self.ls.close()

    def join(self):
        self.t.join(TIMEOUT + 5)
        return self.results


def recv_exactly(s, n):
    """Read until n bytes arrived or the peer closed; what arrived."""
    got = b''
    while len(got) < n:
        d = s.recv(65536)
        if not d:
            break
        got += d
    return got


def py_client(ctx, port, host='127.0.0.1', server_hostname='localhost', data=b'ping\n'):
    """A Python ssl client: connect, send data, read the echo, unwrap."""
    res = {}
    try:
        raw = socket.create_connection((host, port), timeout=TIMEOUT)
        s = ctx.wrap_socket(raw, server_hostname=server_hostname)
        res.update(version=s.version(), cipher=s.cipher(), alpn=s.selected_alpn_protocol())
        s.sendall(data)
        res['data'] = recv_exactly(s, len(data))
        s.unwrap().close()
    except Exception as e:  # noqa: BLE001
        res['error'] = err_info(e)
    return res


def py_server_ctx(certs, cert='server-rsa', version=None, require_client=False, alpn=None):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(os.path.join(certs, cert + '.pem'), os.path.join(certs, cert + '.key'))
    if version is not None:
        ctx.minimum_version = ctx.maximum_version = version
    if require_client:
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(os.path.join(certs, 'ca.pem'))
    if alpn:
        ctx.set_alpn_protocols(alpn)
    return ctx


def py_client_ctx(certs, cafile=True, cert=None, version=None, alpn=None):
    ctx = ssl.create_default_context(cafile=os.path.join(certs, 'ca.pem') if cafile else None)
    if cert is not None:
        ctx.load_cert_chain(cert[0], cert[1])
    if version is not None:
        ctx.maximum_version = version
    if alpn:
        ctx.set_alpn_protocols(alpn)
    return ctx


VERSIONS = {'TLSv1.2': ssl.TLSVersion.TLSv1_2, 'TLSv1.3': ssl.TLSVersion.TLSv1_3}


def stranger_client_cert(openssl):
    """A client certificate from a CA the test PKI does not know, made with
    the openssl CLI in a temporary directory (None without openssl)."""
    if not openssl:
        return None
    d = tempfile.mkdtemp(prefix='sslite-interop-')
    atexit.register(shutil.rmtree, d, True)

    def run(*args):
        subprocess.run([openssl] + list(args), cwd=d, check=True, timeout=60,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
        '-keyout', 'sca.key', '-out', 'sca.pem', '-days', '2', '-subj', '/CN=stranger CA',
        '-addext', 'basicConstraints=critical,CA:TRUE',
        '-addext', 'keyUsage=critical,keyCertSign')
    run('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
        '-keyout', 'sc.key', '-out', 'sc.csr', '-subj', '/CN=stranger client')
    with open(os.path.join(d, 'sc.ext'), 'w') as f:
        f.write('basicConstraints=critical,CA:FALSE\nextendedKeyUsage=clientAuth\n')
    run('x509', '-req', '-in', 'sc.csr', '-CA', 'sca.pem', '-CAkey', 'sca.key',
        '-CAcreateserial', '-days', '2', '-extfile', 'sc.ext', '-out', 'sc.pem')
    return os.path.join(d, 'sc.pem'), os.path.join(d, 'sc.key')
