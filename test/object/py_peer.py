#!/usr/bin/env python3
"""Python's ssl as the peer of an sslite SSLObject over a loopback socket.

  py_peer.py server CERTDIR MAXVER   listen on 127.0.0.1, print the port,
                                     serve one echo connection, then print
                                     "<version> <cipher>" and "done"
  py_peer.py client CERTDIR PORT N   connect, send N bytes, expect them
                                     echoed, unwrap, print the same lines
Everything is bounded: socket timeouts and an alarm.
"""
import os
import signal
import socket
import ssl
import sys


def pattern(n):
    return bytes((i * 7 + 3) & 0xFF for i in range(n))


def server(certdir, maxver):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(os.path.join(certdir, 'server-rsa.pem'),
                        os.path.join(certdir, 'server-rsa.key'))
    if maxver == '1.2':
        ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    elif maxver == '1.3-hrr':
        # P-384 only: a client's first key share (X25519) meets a
        # HelloRetryRequest, and its second ClientHello offers TLS 1.3 only.
        ctx.set_ecdh_curve('secp384r1')
    lsock = socket.socket()
    lsock.bind(('127.0.0.1', 0))
    lsock.listen(1)
    lsock.settimeout(20)
    print(lsock.getsockname()[1], flush=True)
    conn, _ = lsock.accept()
    conn.settimeout(20)
    tls = ctx.wrap_socket(conn, server_side=True)
    print(tls.version(), tls.cipher()[0], flush=True)
    while True:
        data = tls.recv(65536)
        if not data:  # the client's close_notify
            break
        tls.sendall(data)
    tls.unwrap().close()
    lsock.close()
    print('done', flush=True)


def client(certdir, port, n):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.load_verify_locations(os.path.join(certdir, 'ca.pem'))
    sock = socket.create_connection(('127.0.0.1', port), timeout=20)
    tls = ctx.wrap_socket(sock, server_hostname='localhost')
    print(tls.version(), tls.cipher()[0], flush=True)
    data = pattern(n)
    tls.sendall(data)
    got = b''
    while len(got) < n:
        chunk = tls.recv(65536)
        if not chunk:
            break
        got += chunk
    if got != data:
        print('mismatch: got %d bytes' % len(got), flush=True)
        sys.exit(1)
    tls.unwrap().close()
    print('done', flush=True)


if __name__ == '__main__':
    # Long enough for the C side under valgrind on a loaded CI machine (a
    # run has taken 68 s there), short of the test's own meson timeout.
    signal.alarm(150)
    if sys.argv[1] == 'server':
        server(sys.argv[2], sys.argv[3])
    else:
        client(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
