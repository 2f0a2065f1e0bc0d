#!/usr/bin/env python3
"""Every verify code sslite can report has OpenSSL's text in lib/compat/verify.c
(which keeps only those): the backend's X509_V_ERR enum, the hostname codes
and the codes backends/mbedtls/errors.c reports.  TAP.

    test_verify_texts.py SOURCE_ROOT
"""
import re
import sys

top = sys.argv[1]
texts = open(top + "/lib/compat/verify.c").read()
# A row of the packed table: its code as an octal escape, then the text.
table = texts[texts.index("verify_texts[] ="):]
table = table[:table.index(";")]
rows = {int(c, 8) for c in re.findall(r'^    "\\([0-7]{3})" "', table, re.M)}
enum = open(top + "/backends/mbedtls/verify.c").read()
codes = {int(c): n for n, c in re.findall(r"^\s+(V_[A-Z0-9_]+) = (\d+),", enum, re.M)}
for c in re.findall(r"return (\d+);", open(top + "/lib/compat/hostname.c").read()):
    codes[int(c)] = "hostname.c"
for c in re.findall(r"sslite__err_verify\(err, (\d+),", open(top + "/backends/mbedtls/errors.c").read()):
    codes[int(c)] = "errors.c"
n = 0
print("ok %d - the backend's enum was found (%d codes)" % (n + 1, len(codes)) if len(codes) > 20
      else "not ok %d - the backend's enum was not found" % (n + 1))
n += 1
for c in sorted(codes):
    n += 1
    print("%s %d - code %d (%s) has a text" % ("ok" if c in rows else "not ok", n, c, codes[c]))
print("1..%d" % n)
