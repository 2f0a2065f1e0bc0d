"""Runs examples/session_resume twice against one Python ssl server (OpenSSL):
the first run does a full handshake and stores its session, the second, a
new process, resumes from the file.  TLS 1.3 and TLS 1.2.  TAP output.

    session_resume_example.py EXAMPLE CERTDIR
"""
import os, socket, ssl, subprocess, sys, tempfile, threading

example, certs = sys.argv[1], sys.argv[2]
n = 0


def ok(cond, what):
    global n
    n += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (n, what))


def serve(lsock, ctx, stop):
    lsock.settimeout(0.2)
    while not stop.is_set():
        try:
            conn, _ = lsock.accept()
        except socket.timeout:
            continue
        conn.settimeout(10)
        try:
            with ctx.wrap_socket(conn, server_side=True) as s:
                s.recv(64)
                s.sendall(b"pong\n")
        except (OSError, ssl.SSLError):
            pass


for version in (ssl.TLSVersion.TLSv1_3, ssl.TLSVersion.TLSv1_2):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(certs, "server-ec.pem"), os.path.join(certs, "server-ec.key"))
    ctx.maximum_version = version
    lsock = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()
    t = threading.Thread(target=serve, args=(lsock, ctx, stop))
    t.start()
    with tempfile.TemporaryDirectory() as d:
        state, key = os.path.join(d, "session"), os.path.join(d, "key")
        args = [example, "127.0.0.1", str(lsock.getsockname()[1]),
                os.path.join(certs, "ca.pem"), state, key]
        outs = [subprocess.run(args, capture_output=True, text=True, timeout=30) for _ in range(2)]
        for i, r in enumerate(outs):
            if r.stderr:
                print("# run %d: %s" % (i + 1, r.stderr.strip()))
        ok(outs[0].returncode == 0 and outs[0].stdout == "session_reused: False\n",
           "%s: first run, full handshake (%r)" % (version.name, outs[0].stdout))
        ok(outs[1].returncode == 0 and outs[1].stdout == "session_reused: True\n",
           "%s: second run resumes from the file (%r)" % (version.name, outs[1].stdout))
        ok(os.stat(key).st_mode & 0o077 == 0, "%s: the key file is private" % version.name)
        with open(state, "r+b") as f:  # a damaged file: reported, then a full handshake
            f.seek(-1, 2)
            f.write(b"\x00" if f.read(1) != b"\x00" else b"\x01")
        r = subprocess.run(args, capture_output=True, text=True, timeout=30)
        ok(r.returncode == 0 and r.stdout == "session_reused: False\n" and "integrity" in r.stderr,
           "%s: a damaged file is refused and ignored (%r)" % (version.name, r.stderr.strip()))
    stop.set()
    t.join()
    lsock.close()

# --no-dhe (SSLITE_OP_ALLOW_NO_DHE_KEX) against OpenSSL: a server with
# SSL_OP_ALLOW_NO_DHE_KEX (0x400) resumes with psk_ke; one without it
# refuses the psk_ke-only offer, asks for a key share (HelloRetryRequest)
# and does a full handshake.
for server_allows in (True, False):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(certs, "server-ec.pem"), os.path.join(certs, "server-ec.key"))
    if server_allows:
        ctx.options |= 0x400
    lsock = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()
    t = threading.Thread(target=serve, args=(lsock, ctx, stop))
    t.start()
    with tempfile.TemporaryDirectory() as d:
        args = [example, "--no-dhe", "127.0.0.1", str(lsock.getsockname()[1]),
                os.path.join(certs, "ca.pem"), os.path.join(d, "session"), os.path.join(d, "key")]
        outs = [subprocess.run(args, capture_output=True, text=True, timeout=30) for _ in range(2)]
        for i, r in enumerate(outs):
            if r.stderr:
                print("# --no-dhe run %d: %s" % (i + 1, r.stderr.strip()))
        what = "server allows psk_ke" if server_allows else "server does not"
        ok(outs[0].returncode == 0 and outs[0].stdout == "session_reused: False\n",
           "--no-dhe, %s: first run (%r)" % (what, outs[0].stdout))
        want = "True" if server_allows else "False"
        ok(outs[1].returncode == 0 and outs[1].stdout == "session_reused: %s\n" % want,
           "--no-dhe, %s: second run session_reused %s (%r)" % (what, want, outs[1].stdout))
    stop.set()
    t.join()
    lsock.close()
print("1..%d" % n)
