#!/usr/bin/env python3
"""server_hostname encoding against this machine's CPython ssl: the
attribute after wrap_bio()/wrap_socket() and the exceptions, for a list of
names (ASCII, mixed case, IDNs, bad ones), then every character of
lib/idna_table.inc in a label against str.encode('idna').

    test_idna.py <idna_probe> <idna_table.inc>
"""
import re
import ssl
import subprocess
import sys

sys.path.insert(0, __file__.rsplit('/', 2)[0])
from tap import ok, done  # noqa: E402

VALUE, SSLERR, TYPE = -8, -1, -9

NAMES = [
    'example.com', 'EXAMPLE.com', 'Example.COM.', 'localhost', 'x.', 'a', 'a_b.com', 'a*.com',
    '-a.com', 'a-.com', 'xn--.com', 'xn--bcher-kva.example', 'XN--BCHER-KVA.example',
    '127.0.0.1', '::1', '1.2.3.4.5', 'a' * 63 + '.com', 'a\x01b', 'a\tb.com', 'a b', 'a\x7fb',
    # refused by the codec
    'a..b', '.a', 'ab..', '.', '..', 'a' * 64 + '.com', 'a' * 64, 'a' * 254,
    'ü..de', '。', 'ü.' + 'a' * 64, 'a' * 64 + '.ü', 'ü' * 60 + '.de', 'xn--ü.de', 'XN--ü.de',
    # refused by OpenSSL: more than SNI carries
    ('a.' * 200)[:255] + 'b', ('a.' * 200)[:254] + 'b', 'ü.' * 150,
    # IDNs
    'bücher.example', 'BÜCHER.example', 'Bücher.EXAMPLE', 'пример.испытание',
    'ПРИМЕР.испытание', '日本.jp', 'münchen\u3002de', 'a\u3002b', 'a\uff0eb\uff61c',
    'straße.de', 'ﬁ.com', 'a\u00adb.com', 'é.com', '\u0663.com', '💩.la', 'ü。', 'ü.',
    'ü\x01.de', 'ü' * 20, 'Ωμέγα.gr', 'ΣΊΣΥΦΟΣ.gr', 'ä-ö-ü.de', 'ĳ.nl', 'ǆ.hr',
    'a.ü-' + 'x' * 50, 'µ.com', '①.com', 'Ⅻ.com', 'ｶ.jp', '㍻.jp', 'ﬀ.com',
]
# Names whose nameprep sslite does not carry: a ValueError of its own.
REFUSED = ['e\u0301.com', '\u0130.de', '\u05d0.il', 'a\u0308.de', '\u1100\u1161.kr',
           '\u0627\u0644.eg']


def python_result(name):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    try:
        obj = ctx.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), server_hostname=name)
        return 'OK ' + obj.server_hostname
    except ssl.SSLError as e:
        return 'ERR %d %s' % (SSLERR, re.sub(r' \([^()]*:\d+\)$', '', str(e)))
    except ValueError as e:  # UnicodeError too
        return 'ERR %d %s' % (VALUE, e)
    except TypeError as e:
        return 'ERR %d %s' % (TYPE, e)


def probe(prog, names, sockets=False):
    data = ''.join(n.encode('utf-8').hex() + '\n' for n in names)
    out = subprocess.run([prog] + (['-s'] if sockets else []), input=data, capture_output=True,
                         text=True, check=True).stdout.splitlines()
    return out


def table_chars(path):
    text = open(path).read()
    keep = [(int(a, 16), int(b, 16)) for a, b in
            re.findall(r'\{0x([0-9A-F]+), 0x([0-9A-F]+)\},', text.split('idna_maps')[0])]
    maps = [int(a, 16) for a in re.findall(r'\{0x([0-9A-F]+), \{', text)]
    maps += [int(a, 16) for a in
             re.findall(r'\{0x([0-9A-F]+), 0x[0-9A-F]+\},', text.split('idna_maps1')[1])]
    return keep, maps


def encode(name):
    try:
        return 'OK ' + name.encode('idna').decode('ascii')
    except UnicodeError as e:
        return 'ERR %d %s' % (VALUE, e)


def main():
    prog, table = sys.argv[1], sys.argv[2]
    got = probe(prog, NAMES + REFUSED, sockets=True)
    ok(not any(l.startswith('MISMATCH') for l in got), 'wrap_socket and wrap_bio agree',
       *[l for l in got if l.startswith('MISMATCH')])
    got = [l for l in got if not l.startswith('MISMATCH')]
    for name, line in zip(NAMES, got):
        want = python_result(name)
        ok(line == want, 'server_hostname=%r: %s' % (name[:70], want[:90]), 'got  ' + line,
           'want ' + want)
    for name, line in zip(REFUSED, got[len(NAMES):]):
        ok(line.startswith('ERR %d server_hostname: U+' % VALUE) and
           'needs IDNA nameprep mapping' in line,
           'server_hostname=%r: refused (python: %s)' % (name, python_result(name)), line)

    # Every character sslite's nameprep knows, lowercase and uppercase
    # neighbours, in a label: the same bytes as CPython's codec.
    keep, maps = table_chars(table)
    cps = [cp for lo, hi in keep for cp in range(lo, hi + 1) if cp <= 0xFFFF]
    cps += [cp for lo, hi in keep for cp in range(lo, hi + 1, 97) if cp > 0xFFFF]
    cps += maps
    names = ['x%s.example' % chr(cp) for cp in cps]
    names += ['Q%sZ%s' % (chr(cp), chr(cps[(i * 7919) % len(cps)])) for i, cp in
              enumerate(cps[::13])]
    got = probe(prog, names)
    bad = [(n, g, encode(n)) for n, g in zip(names, got) if g != encode(n)]
    ok(len(got) == len(names) and not bad,
       '%d names built from the table encode as CPython does' % len(names),
       *['%r: got %s, want %s' % b for b in bad[:20]])
    return done()


sys.exit(main())
