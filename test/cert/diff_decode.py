#!/usr/bin/env python3
"""Differential test: `sslite x509 FILE` against CPython's
json.dumps(ssl._ssl._test_decode_cert(FILE)) for every certificate of the
corpus directory and of the system CA bundle.  TAP output.

usage: diff_decode.py SSLITE_TOOL CORPUS_DIR [CA_BUNDLE]

Each certificate is checked three ways: PEM input (exact JSON text), DER
input (the same text), and --der (the DER bytes back).  Certificates named
unparsable-*.pem are ones Mbed TLS cannot parse: sslite must fail cleanly
(exit status 1 and a message, no crash)."""
import glob
import json
import os
import re
import ssl
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from tap import ok, done  # noqa: E402

tool, corpus = sys.argv[1], sys.argv[2]
bundle = sys.argv[3] if len(sys.argv) > 3 else ''

def run(*args):
    return subprocess.run([tool, 'x509'] + list(args), capture_output=True, timeout=60)


def check(path, label, tmp):
    with open(path, 'rb') as f:
        pem = f.read().decode('ascii')
    der = ssl.PEM_cert_to_DER_cert(pem)
    derpath = os.path.join(tmp, 'cert.der')
    with open(derpath, 'wb') as f:
        f.write(der)
    if os.path.basename(path).startswith('unparsable-'):
        for src in (path, derpath):
            r = run(src)
            ok(r.returncode == 1 and r.stdout == b'' and b'cannot decode' in r.stderr,
               '%s (%s): fails cleanly' % (label, os.path.basename(src)),
               'status %d' % r.returncode, r.stderr.decode(errors='replace'))
        return
    try:
        want = json.dumps(ssl._ssl._test_decode_cert(path))
    except Exception as e:  # CPython cannot show it: neither may we
        r = run(path)
        ok(r.returncode != 0 and r.returncode < 128, '%s: fails as CPython fails (%s)' % (label, e),
           r.stdout.decode(errors='replace'), r.stderr.decode(errors='replace'))
        return
    for src in (path, derpath):
        r = run(src)
        got = r.stdout.decode('utf-8', errors='replace').strip()
        diag = []
        if got != want:
            try:
                diag = ['got  ' + got, 'want ' + want,
                        'same after parsing' if json.loads(got) == json.loads(want) else 'differs']
            except ValueError:
                diag = ['got  ' + got, 'want ' + want, r.stderr.decode(errors='replace')]
        ok(r.returncode == 0 and got == want,
           '%s (%s): identical to _test_decode_cert' % (label, 'PEM' if src == path else 'DER'),
           *diag)
    r = run(path, '--der')
    ok(r.returncode == 0 and r.stdout == der, '%s: --der writes the DER' % label)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        files = sorted(glob.glob(os.path.join(corpus, '*.pem')))
        ok(len(files) >= 25, 'corpus has at least 25 certificates (%d)' % len(files))
        for p in files:
            check(p, os.path.basename(p), tmp)
        if bundle and os.path.exists(bundle):
            with open(bundle, encoding='ascii', errors='replace') as f:
                blocks = re.findall(r'-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----',
                                    f.read(), re.S)
            ok(len(blocks) > 0, 'system bundle %s: %d certificates' % (bundle, len(blocks)))
            for i, b in enumerate(blocks):
                p = os.path.join(tmp, 'system.pem')
                with open(p, 'w') as f:
                    f.write(b + '\n')
                check(p, 'system #%d' % i, tmp)
        else:
            print('# no system CA bundle at %r' % bundle)
    return done()


sys.exit(main())
