#!/usr/bin/env python3
"""What goes on the wire, sslite against OpenSSL (Python's ssl):

- client side: for each cipher string, the cipher suites in the ClientHello
  of `sslite client --ciphers S` and of Python's client with the same
  string, captured by a plain TCP listener on 127.0.0.1.  OpenSSL's offer,
  restricted to the suites sslite supports, must equal sslite's, in order
  (this covers the security level and what a client never offers, such as
  PSK suites without a key);
- server side: Python clients offering a string against `sslite server
  --ciphers S` and against a Python server with S: the same suite is
  negotiated, or both fail.

Usage: test_wire.py SSLITE_TOOL        (prints TAP; certificates from
$SSLITE_TEST_CERTS)
"""
import json
import os
import socket
import ssl
import subprocess
import sys
import threading

tool = sys.argv[1]
SCSV = 0x00FF

STRINGS = [
    None,  # the default
    "ECDHE+AESGCM:ECDHE+CHACHA20",
    "HIGH:!aNULL:!MD5",
    "ALL:+kRSA:@STRENGTH",
    "ALL:COMPLEMENTOFALL:@SECLEVEL=0",
    "@SECLEVEL=3:ALL",
    "@SECLEVEL=4:ALL",
    "kRSA:DHE+AES:-AES256:AES256",
    "PSK:ECDHE-RSA-AES128-SHA",
    "ECDHE-ECDSA-AES128-CCM8:AES256-CCM:ECDHE-RSA-CHACHA20-POLY1305",
]


def read_client_hello(conn):
    """The suites of the ClientHello arriving on conn (joins records)."""
    conn.settimeout(10)
    data = b""
    hs = b""
    while True:
        while len(data) >= 5:
            rlen = int.from_bytes(data[3:5], "big")
            if len(data) < 5 + rlen:
                break
            hs += data[5:5 + rlen]
            data = data[5 + rlen:]
        if len(hs) >= 4 and len(hs) >= 4 + int.from_bytes(hs[1:4], "big"):
            break
        chunk = conn.recv(65536)
        if not chunk:
            raise EOFError("connection closed before the ClientHello")
        data += chunk
    body = hs[4:]
    pos = 34
    pos += 1 + body[pos]
    n = int.from_bytes(body[pos:pos + 2], "big")
    suites = body[pos + 2:pos + 2 + n]
    return [int.from_bytes(suites[i:i + 2], "big") for i in range(0, n, 2)]


def capture(start_client):
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    port = srv.getsockname()[1]
    done = start_client(port)
    conn, _ = srv.accept()
    try:
        return read_client_hello(conn)
    finally:
        conn.close()
        srv.close()
        done()


def python_client(string, max12):
    def start(port):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        if string is not None:
            ctx.set_ciphers(string)
        if max12:
            ctx.maximum_version = ssl.TLSVersion.TLSv1_2

        def run():
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
                    ctx.wrap_socket(s, server_hostname="localhost")
            except (OSError, ssl.SSLError):
                pass
        t = threading.Thread(target=run)
        t.start()
        return t.join
    return start


def sslite_client(string, max12):
    def start(port):
        args = [tool, "client", "--verify", "none"]
        if string is not None:
            args += ["--ciphers", string]
        if max12:
            args += ["--max-version", "TLSv1.2"]
        p = subprocess.Popen(args + ["127.0.0.1", str(port)], stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        def done():
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        return done
    return start


def main():
    if not ssl.OPENSSL_VERSION.startswith(("OpenSSL 3.0.", "OpenSSL 3.1.")):
        print("1..0 # SKIP the oracle is OpenSSL 3.0/3.1 (have %s)" % ssl.OPENSSL_VERSION)
        return 0
    out = subprocess.run([tool, "ciphers", "--json", "ALL:COMPLEMENTOFALL"],
                         capture_output=True, text=True, check=True).stdout
    supported = {d["id"] & 0xFFFF for d in json.loads(out)}
    names = {d["id"] & 0xFFFF: d["name"] for d in json.loads(out)}
    n = failed = 0
    for string in STRINGS:
        for max12 in (True, False):
            want = [s for s in capture(python_client(string, max12))
                    if s in supported and s != SCSV]
            got = [s for s in capture(sslite_client(string, max12)) if s != SCSV]
            n += 1
            good = want == got and len(got) > 0
            failed += not good
            print("%s %d - %s%s: %d suites offered as OpenSSL offers them"
                  % ("ok" if good else "not ok", n, "(default)" if string is None else string,
                     " (TLS 1.2 max)" if max12 else "", len(got)))
            if not good:
                print("#   got  %s" % [names.get(s, hex(s)) for s in got])
                print("#   want %s" % [names.get(s, hex(s)) for s in want])
    for sstr, cstr in SERVER_CASES:
        for max12 in (True, False):
            want = negotiate(python_server(sstr), cstr, max12)
            got = negotiate(sslite_server(sstr), cstr, max12)
            n += 1
            good = want == got
            failed += not good
            print("%s %d - server %s, client %s%s: %s"
                  % ("ok" if good else "not ok", n, sstr or "(default)", cstr or "(default)",
                     " (TLS 1.2 max)" if max12 else "", got))
            if not good:
                print("#   want %s" % want)
    print("1..%d" % n)
    return 1 if failed else 0


CERTS = os.environ.get("SSLITE_TEST_CERTS", "test/certs/pki")

SERVER_CASES = [
    (None, None),
    (None, "DHE-RSA-AES128-GCM-SHA256:AES128-SHA"),
    ("ALL", "DHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-SHA"),
    ("DHE-RSA-AES128-GCM-SHA256:AES128-SHA", "ALL"),
    ("ECDHE+AESGCM:ECDHE+CHACHA20", "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256"),
    ("ECDHE+AESGCM:ECDHE+CHACHA20:+AESGCM", "ECDHE+AESGCM:ECDHE+CHACHA20"),
    ("HIGH:@STRENGTH:+kRSA", "kRSA:AES128-SHA:ECDHE-RSA-AES128-SHA256"),
    # (No @SECLEVEL=3 server here: OpenSSL then also refuses the 2048-bit
    # RSA test key, a certificate rule outside cipher selection.)
    ("@SECLEVEL=0:ALL:COMPLEMENTOFALL", "AES256-GCM-SHA384:ECDHE-RSA-AES128-SHA"),
    ("PSK:AES128-SHA", "ALL"),
    ("AES256-CCM:AES128-CCM8", "AESCCM"),
    ("ECDHE-RSA-AES256-SHA384", "ECDHE-RSA-AES128-GCM-SHA256"),
]


def negotiate(start_server, cstr, max12):
    """The suite a Python client offering cstr gets, or 'failure'."""
    port, done = start_server(max12)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    if cstr is not None:
        ctx.set_ciphers(cstr)
    if max12:
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            with ctx.wrap_socket(s, server_hostname="localhost") as t:
                return t.cipher()[0]
    except (OSError, ssl.SSLError):
        return "failure"
    finally:
        done()


def python_server(sstr):
    def start(max12):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(os.path.join(CERTS, "server-rsa.pem"),
                            os.path.join(CERTS, "server-rsa.key"))
        if sstr is not None:
            ctx.set_ciphers(sstr)
        srv = socket.socket()
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)
        srv.settimeout(10)

        def run():
            try:
                conn, _ = srv.accept()
            except OSError:
                return
            try:
                ctx.wrap_socket(conn, server_side=True).close()
            except (OSError, ssl.SSLError):
                conn.close()
        t = threading.Thread(target=run)
        t.start()

        def done():
            t.join()
            srv.close()
        return srv.getsockname()[1], done
    return start


def sslite_server(sstr):
    def start(max12):
        args = [tool, "server", "--cert", os.path.join(CERTS, "server-rsa.pem"), "--key",
                os.path.join(CERTS, "server-rsa.key"), "--port", "0", "--once"]
        if sstr is not None:
            args += ["--ciphers", sstr]
        p = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
        port = json.loads(p.stdout.readline())["listening"]["port"]

        def done():
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
            p.stdout.close()
        return port, done
    return start


if __name__ == "__main__":
    sys.exit(main())
