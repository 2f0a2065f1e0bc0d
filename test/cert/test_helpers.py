#!/usr/bin/env python3
"""The module helpers against CPython, through cert_helper:
DER_cert_to_PEM_cert and PEM_cert_to_DER_cert byte for byte (errors by
message), cert_time_to_seconds on valid and invalid text, and the CA store
views (cert_store_stats, get_ca_certs) after load_verify_locations.  TAP.

usage: test_helpers.py CERT_HELPER CORPUS_DIR [CA_BUNDLE]"""
import json
import os
import random
import ssl
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from tap import ok, done  # noqa: E402

helper, corpus = sys.argv[1], sys.argv[2]
bundle = sys.argv[3] if len(sys.argv) > 3 else ''

def run(*args):
    return subprocess.run([helper] + list(args), capture_output=True, timeout=120)


def python_error(e):
    # binascii.Error and UnicodeEncodeError are ValueErrors; so are ours.
    return 'ValueError: ' + str(e) if isinstance(e, ValueError) else type(e).__name__


def corpus_pems():
    for name in sorted(os.listdir(corpus)):
        if name.endswith('.pem'):
            with open(os.path.join(corpus, name)) as f:
                yield name, f.read()


def test_der2pem(tmp):
    rnd = random.Random(6)
    blobs = [('empty', b'')] + [('random %d' % k, bytes(rnd.randrange(256) for _ in range(k)))
                                for k in list(range(1, 70)) + [95, 96, 97, 191, 192, 193, 4000]]
    for name, pem in corpus_pems():
        blobs.append((name, ssl.PEM_cert_to_DER_cert(pem)))
    bad = []
    for name, blob in blobs:
        p = os.path.join(tmp, 'in.der')
        with open(p, 'wb') as f:
            f.write(blob)
        r = run('der2pem', p)
        if r.returncode != 0 or r.stdout.decode() != ssl.DER_cert_to_PEM_cert(blob):
            bad.append(name)
    ok(not bad, 'DER_cert_to_PEM_cert byte-identical on %d inputs' % len(blobs), *bad)


def pem_cases():
    name, pem = next(corpus_pems())
    h, f = ssl.PEM_HEADER, ssl.PEM_FOOTER
    body = pem[len(h):pem.index(f)]
    flat = body.replace('\n', '')
    yield 'as written', pem
    yield 'CRLF', pem.replace('\n', '\r\n')
    yield 'no final newline', pem.rstrip('\n')
    yield 'trailing whitespace', pem + ' \t\n\x0b\x0c\x1c  '
    yield 'leading whitespace', '\n' + pem
    yield 'no header', pem[len(h):]
    yield 'no footer', pem[:pem.index(f)]
    yield 'text after footer', pem + 'junk\n'
    yield 'one line', h + flat + f
    yield 'garbage characters', h + '\n' + '!*'.join(flat[i:i + 7] for i in range(0, len(flat), 7)) + '\n' + f
    yield 'one char short', h + '\n' + flat.rstrip('=')[:-1] + '\n' + f
    yield 'two chars short', h + '\n' + flat.rstrip('=')[:-2] + '\n' + f
    yield 'three chars short', h + '\n' + flat.rstrip('=')[:-3] + '\n' + f
    yield 'padding dropped', h + '\n' + flat.rstrip('=') + '\n' + f
    yield 'data after padding', h + '\nQQ==QUJD\n' + f
    yield 'pad early', h + '\nQ=Q==\n' + f
    yield 'pad then more', h + '\nQUI=QUJD\n' + f
    yield 'only pads', h + '\n====\n' + f
    yield 'non-canonical bits', h + '\nQR==\n' + f
    yield 'three data chars', h + '\nQUJ\n' + f
    yield 'five data chars', h + '\nQUJDR\n' + f
    yield 'empty body', h + '\n' + f + '\n'
    yield 'header and footer overlap', '-----BEGIN CERTIFICATE-----END CERTIFICATE-----'
    yield 'header and footer glued', h + f
    yield 'non-ASCII in body', h + '\nQUJD\u00e9QUJD\n' + f
    yield 'non-BMP in body', h + '\nQUJD\U0001f600\n' + f
    yield 'lowercase header', pem.lower()
    yield 'empty', ''


def test_pem2der(tmp):
    for name, text in pem_cases():
        p = os.path.join(tmp, 'in.pem')
        with open(p, 'w', encoding='utf-8') as f:
            f.write(text)
        try:
            want = ssl.PEM_cert_to_DER_cert(text)
        except Exception as e:
            want = python_error(e)
        r = run('pem2der', p)
        got = r.stdout if r.returncode == 0 else r.stdout.decode().strip()
        ok(got == want, 'PEM_cert_to_DER_cert: %s' % name, 'got  %r' % (got,), 'want %r' % (want,))


TIMES = [
    'Jan  5 09:34:43 2018 GMT', 'Jan 5 09:34:43 2018 GMT', 'jan 05 09:34:43 2018 gmt',
    'DEC 31 23:59:59 9999 GMT', 'Feb 31 00:00:00 2020 GMT', 'Feb 29 12:00:00 2021 GMT',
    'Jan  1 00:00:00 1970 GMT', 'Jan  1 00:00:00 0001 GMT', 'Jan  1 00:00:60 2000 GMT',
    'Jan  1 00:00:61 2000 GMT', 'Jan 1 0:0:0 2000 GMT', 'Jan\t1 00:00:00 2000 GMT',
    'Jun 30 23:59:59 1969 GMT', 'May 9 9:9:9 1999 GMT', 'Jan\n1 00:00:00 2000 GMT',
    'Jan 1 00:00:00 2000  GMT', 'Sep 23 23:59:59 1999 GMT', 'Nov 24 00:15:20 2026 GMT',
    '', 'J', 'Jan', 'Foo  1 00:00:00 2000 GMT', ' Jan  1 00:00:00 2000 GMT',
    'Jan  1 00:00:00 2000', 'Jan  1 00:00:00 2000 UTC', 'Jan 32 00:00:00 2000 GMT',
    'Jan  1 24:00:00 2000 GMT', 'Jan  1 00:60:00 2000 GMT', 'Jan  1 00:00:62 2000 GMT',
    'Jan  1 00:00:00 0000 GMT', 'Jan  1 00:00:00 20000 GMT', 'Jan  1 00:00:00 2000 GMT extra',
    'Jan  1 00:00:00 2000 GMTx', 'Jan1 00:00:00 2000 GMT', 'Jan  0 00:00:00 2000 GMT',
    'Jan  1 00:00:00 99 GMT', "Jan 'quoted' GMT", 'Jan "both\' GMT', 'Jan \\back GMT',
    'Jan  1 00:00:00 2000 GMT\n', 'Jan 001 00:00:00 2000 GMT', 'Jan 1 00:00 2000 GMT',
    'Jan 31 1:2:3 2000 GMT', 'Jan 10 10:10:10 2010 GMT ', 'Janx 1 00:00:00 2000 GMT',
    'Jan 3 00:00:00 2000 GMT', 'Jan 30 00:00:00 2000 GMT', 'Jan 09 00:00:00 2000 GMT',
]


def test_time():
    for t in TIMES:
        try:
            want = str(ssl.cert_time_to_seconds(t))
        except Exception as e:
            want = python_error(e)
        r = run('time', t)
        got = r.stdout.decode()[:-1]  # the helper's newline
        ok(got == want, 'cert_time_to_seconds(%r)' % t, 'got  %r' % got, 'want %r' % want)


def test_store(tmp):
    sets = [('corpus CA', [os.path.join(corpus, 'ca.pem')])]
    mix = os.path.join(tmp, 'mix.pem')
    with open(mix, 'w') as f:
        for name in ('ca.pem', 'plain.pem', 'v1-root.pem', 'ca-root.pem', 'dates-1990s.pem',
                     'v1.pem', 'rdn-utf8.pem'):
            with open(os.path.join(corpus, name)) as g:
                f.write(g.read())
    sets.append(('CA, leaves, v1 root, a duplicate', [mix]))
    sets.append(('the same file twice', [mix, mix]))
    if bundle and os.path.exists(bundle):
        sets.append(('system bundle', [bundle]))
    for name, files in sets:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        for f in files:
            ctx.load_verify_locations(cafile=f)
        r = run('store', *files)
        try:
            got = json.loads(r.stdout.decode())
        except ValueError:
            ok(False, 'store %s: helper output' % name, r.stdout, r.stderr)
            continue
        want_stats = ctx.cert_store_stats()
        ok(got['stats'] == want_stats, '%s: cert_store_stats()' % name,
           'got  %r' % got['stats'], 'want %r' % want_stats)
        want_der = sorted(c.hex() for c in ctx.get_ca_certs(True))
        ok(sorted(got['der']) == want_der,
           '%s: get_ca_certs(True), as a set (%d)' % (name, len(want_der)))
        want_dicts = sorted(json.dumps(d) for d in ctx.get_ca_certs())
        ok(sorted(json.dumps(d) for d in got['dicts']) == want_dicts,
           '%s: get_ca_certs() dicts, as a set' % name)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        test_der2pem(tmp)
        test_pem2der(tmp)
        test_time()
        test_store(tmp)
    return done()


sys.exit(main())
