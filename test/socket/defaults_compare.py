#!/usr/bin/env python3
"""TAP: compare sslite's SSLContext defaults (the defaults_dump program)
with this Python's ssl module (defaults.py), allowing only the documented
differences:
  - CPython 3.13's create_default_context() adds VERIFY_X509_STRICT and
    VERIFY_X509_PARTIAL_CHAIN (an older Python here lacks them);
  - Mbed TLS 3.6 has no TLS 1.0/1.1: PROTOCOL_TLSv1 and PROTOCOL_TLSv1_1
    are a ValueError, as CPython on an OpenSSL built without them.
Usage: defaults_compare.py DEFAULTS_DUMP"""
import json
import os
import ssl
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
ours = json.loads(subprocess.run([sys.argv[1]], check=True, capture_output=True,
                                 text=True).stdout)
theirs = json.loads(subprocess.run([sys.executable, os.path.join(here, "defaults.py")],
                                   check=True, capture_output=True, text=True).stdout)

STRICT_PARTIAL = ssl.VERIFY_X509_STRICT | ssl.VERIFY_X509_PARTIAL_CHAIN
n = 0
failed = 0


def check(cond, what, detail=""):
    global n, failed
    n += 1
    print(("ok" if cond else "not ok") + " %d - %s" % (n, what))
    if not cond:
        failed += 1
        print("#   " + detail)


for key in sorted(theirs):
    want = dict(theirs[key])
    got = ours.get(key)
    if key.startswith("create_default_context") and sys.version_info < (3, 13):
        want["verify_flags"] |= STRICT_PARTIAL  # 3.13's change
    if key in ("PROTOCOL_TLSv1", "PROTOCOL_TLSv1_1"):
        want = {"error": "ValueError"}  # Mbed TLS 3.6: no TLS 1.0/1.1
    if got is None:
        check(False, key, "missing from sslite's dump")
        continue
    for attr in sorted(set(want) | set(got)):
        check(want.get(attr) == got.get(attr), "%s.%s == %r" % (key, attr, want.get(attr)),
              "sslite has %r" % (got.get(attr),))
print("1..%d" % n)
sys.exit(1 if failed else 0)
