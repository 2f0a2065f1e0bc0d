"""The torture test's non-blocking loop with CPython's ssl on both ends: two
SSLSockets on loopback with 4 KiB SO_SNDBUF/SO_RCVBUF and TCP_NODELAY, one
poll() loop writing and reading random-sized chunks.  The comparison figure
for torture_socket (the same loop over sslite).

    python3 nb_loop.py CERTDIR [tls12|tls13] [c2s_bytes] [s2c_bytes] [seed]

SSLITE_TORTURE_LATE_BUFFERS=1 shrinks the server's buffers after accept()
(as torture_socket does with it); NB_LOOP_ALWAYS_POLL=1 polls every round.
"""
import fcntl
import os
import random
import struct
import select
import socket
import ssl
import sys
import time


SIOCOUTQ, SIOCINQ = 0x5411, 0x541B


def queued(s, req):
    return struct.unpack('i', fcntl.ioctl(s.fileno(), req, b'\0' * 4))[0]


def tiny(s):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def main():
    certs = sys.argv[1]
    ver = sys.argv[2] if len(sys.argv) > 2 else 'tls12'
    c2s = int(sys.argv[3]) if len(sys.argv) > 3 else 2 << 20
    s2c = int(sys.argv[4]) if len(sys.argv) > 4 else 2 << 20
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    late = os.environ.get('SSLITE_TORTURE_LATE_BUFFERS') is not None
    rnd = random.Random(seed)
    v = ssl.TLSVersion.TLSv1_2 if ver == 'tls12' else ssl.TLSVersion.TLSv1_3
    sctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    sctx.load_cert_chain(os.path.join(certs, 'server-rsa.pem'),
                         os.path.join(certs, 'server-rsa.key'))
    sctx.maximum_version = sctx.minimum_version = v
    cctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    cctx.load_verify_locations(os.path.join(certs, 'ca.pem'))
    ls = socket.socket()
    if not late:
        tiny(ls)  # before listen(): the accepted socket inherits it from the SYN on
    ls.bind(('127.0.0.1', 0))
    ls.listen(1)
    cs = socket.socket()
    tiny(cs)
    cs.connect(ls.getsockname())
    ss, _ = ls.accept()
    if late:
        tiny(ss)  # shrunk on an established connection
    ls.close()
    cs.setblocking(False)
    ss.setblocking(False)
    c = cctx.wrap_socket(cs, server_hostname='localhost', do_handshake_on_connect=False)
    s = sctx.wrap_socket(ss, server_side=True, do_handshake_on_connect=False)
    data = {c: rnd.randbytes(c2s), s: rnd.randbytes(s2c)}
    peer = {c: s, s: c}
    sent = {c: 0, s: 0}
    got = {c: bytearray(), s: bytearray()}
    hs = {c: False, s: False}
    want = {c: select.POLLIN, s: select.POLLIN}
    chunk = {c: 0, s: 0}  # a write that wanted more is retried with the same slice
    stalls = kstalls = 0
    t0 = time.monotonic()
    cpu0 = time.process_time()
    deadline = t0 + 60
    while True:
        done = all(sent[e] == len(data[e]) and len(got[e]) == len(data[peer[e]]) for e in (c, s))
        if done or time.monotonic() > deadline:
            break
        progress = False
        for e in (c, s):
            want[e] = select.POLLIN
            if not hs[e]:
                try:
                    e.do_handshake()
                    hs[e] = progress = True
                except ssl.SSLWantReadError:
                    continue
                except ssl.SSLWantWriteError:
                    want[e] = select.POLLOUT
                    continue
            if sent[e] < len(data[e]):
                if not chunk[e]:
                    chunk[e] = rnd.randint(1, 40000)
                try:
                    sent[e] += e.send(data[e][sent[e]:sent[e] + chunk[e]])
                    chunk[e] = 0
                    progress = True
                except (ssl.SSLWantWriteError, ssl.SSLWantReadError) as x:
                    if isinstance(x, ssl.SSLWantWriteError):
                        want[e] |= select.POLLOUT
            while True:
                try:
                    b = e.recv(rnd.randint(1, 40000))
                except ssl.SSLWantReadError:
                    break
                except ssl.SSLWantWriteError:
                    want[e] |= select.POLLOUT
                    break
                if not b:
                    raise SystemExit('unexpected EOF')
                got[e] += b
                progress = True
        # As torture_socket's loop: wait only when no end could move (a loop
        # that waits every round sits out its timeout whenever a write went
        # through and the peer read it all in the same round).
        if progress and not os.environ.get('NB_LOOP_ALWAYS_POLL'):
            continue
        p = select.poll()
        for e in (c, s):
            p.register(e.fileno(), want[e])
        if not p.poll(100):
            stalls += 1
            # bytes unsent in one end's kernel queue, none readable at the
            # other: TCP waits for a window update (the kernel's stall)
            if ((queued(c, SIOCOUTQ) and not queued(s, SIOCINQ)) or
                    (queued(s, SIOCOUTQ) and not queued(c, SIOCINQ))):
                kstalls += 1
    wall = time.monotonic() - t0
    cpu = time.process_time() - cpu0
    exact = bytes(got[s]) == data[c] and bytes(got[c]) == data[s]
    print('python ssl %s: c2s %d s2c %d bytes in %.3f s wall, %.3f s cpu, %d stalls '
          "(%d in the kernel's TCP), %s" %
          (ver, len(got[s]), len(got[c]), wall, cpu, stalls, kstalls,
           'byte-exact' if exact else 'MISMATCH'))
    return 0 if exact else 1


if __name__ == '__main__':
    sys.exit(main())
