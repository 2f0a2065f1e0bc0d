#!/usr/bin/env python3
"""A TLS peer on CPython's ssl (OpenSSL) for test_pyinterop.c.

  pypeer.py server CERTS VERSION N [clientcert]
      listen on 127.0.0.1:0, print the port, then for N connections:
      handshake, read a line, answer "reused=R cert=C version=V\\n", close
      cleanly.  clientcert: CERT_REQUIRED with the test CA.
  pypeer.py client CERTS VERSION N PORT [clientcert]
      connect N times to PORT reusing the session, send "hi\\n", print the
      answer and "py-reused=R" per connection.
Everything is bounded by timeouts."""
import socket
import ssl
import sys

mode, certs, version, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
ver = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}[version]


def readline(s):
    data = b""
    while not data.endswith(b"\n"):
        chunk = s.recv(100)
        if not chunk:
            break
        data += chunk
    return data


if mode == "server":
    want_cert = len(sys.argv) > 5
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(certs + "/server-rsa.pem", certs + "/server-rsa.key")
    ctx.maximum_version = ver
    if want_cert:
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(certs + "/ca.pem")
    lsock = socket.socket()
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(4)
    lsock.settimeout(20)
    print(lsock.getsockname()[1], flush=True)
    for _ in range(n):
        conn, _ = lsock.accept()
        conn.settimeout(20)
        try:
            s = ctx.wrap_socket(conn, server_side=True)
            readline(s)
            s.sendall(b"reused=%d cert=%d version=%s\n" % (
                s.session_reused, s.getpeercert() is not None, s.version().encode()))
            s.unwrap().close()
        except (OSError, ssl.SSLError) as e:
            print("server error:", e, flush=True)
            conn.close()
else:
    port = int(sys.argv[5])
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(certs + "/ca.pem")
    ctx.maximum_version = ver
    if len(sys.argv) > 6:
        ctx.load_cert_chain(certs + "/client.pem", certs + "/client.key")
    session = None
    for _ in range(n):
        sock = socket.create_connection(("127.0.0.1", port), timeout=20)
        s = ctx.wrap_socket(sock, server_hostname="localhost", session=session)
        s.sendall(b"hi\n")
        answer = readline(s).decode().strip()
        session = s.session
        print(answer, "py-reused=%d" % s.session_reused, flush=True)
        try:
            s.unwrap().close()
        except (OSError, ssl.SSLError):
            s.close()
