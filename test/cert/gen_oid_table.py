#!/usr/bin/env python3
"""Print the OID -> long-name table of lib/cert.c from the OpenSSL that
Python links (ssl._ssl.nid2obj): the names getpeercert() shows for the
arcs certificates use.  With --check FILE, verify FILE's table instead
(TAP), so a stale or mistyped entry fails the test suite."""
import re
import ssl
import sys

PREFIXES = ('2.5.4.', '2.5.29.', '1.2.840.113549.1.9.', '1.2.840.113549.1.1.',
            '0.9.2342.19200300.100.1.', '1.3.6.1.4.1.311.', '1.3.6.1.5.5.7.',
            '2.16.840.1.113730.', '1.2.840.10045.', '2.16.840.1.101.3.4.', '1.3.101.',
            '2.23.', '1.2.643.3.', '1.2.643.100.')


def table():
    out = {}
    for nid in range(1, 2000):
        try:
            _, _, ln, oid = ssl._ssl.nid2obj(nid)
        except ValueError:
            continue
        if oid and ln and oid.startswith(PREFIXES):
            out[oid] = ln
    return out


def main():
    if len(sys.argv) == 3 and sys.argv[1] == '--check':
        src = open(sys.argv[2], encoding='utf-8').read()
        rows = re.findall(r'\{"([0-9.]+)", "([^"]*)"\}', src)
        want = table()
        print('1..3')
        bad = [(o, n) for o, n in rows if want.get(o) != n]
        print(('ok' if not bad else 'not ok') + ' 1 - every entry names what OpenSSL names')
        for o, n in bad[:20]:
            print('#   %s: table %r, OpenSSL %r' % (o, n, want.get(o)))
        keys = [o for o, _ in rows]
        print(('ok' if keys == sorted(keys) else 'not ok') + ' 2 - sorted for bsearch')
        missing = sorted(set(want) - set(keys))
        print(('ok' if not missing else 'not ok') + ' 3 - no OpenSSL name missing')
        for o in missing[:20]:
            print('#   missing %s %s' % (o, want[o]))
        return 0
    for oid, ln in sorted(table().items()):
        print('    {"%s", "%s"},' % (oid, ln))
    return 0


sys.exit(main())
