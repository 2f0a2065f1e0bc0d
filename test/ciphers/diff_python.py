#!/usr/bin/env python3
"""Differential test: OpenSSL cipher strings through Python's ssl module and
through sslite (the cipher_batch helper), comparing, for every string:
success or SSLError (and its str()), security_level afterwards, and
get_ciphers() restricted to the suites sslite supports -- the same suites,
in the same order, with identical dict fields.

Usage: diff_python.py CIPHER_BATCH CORPUS.json       (prints TAP)
"""
import itertools
import json
import random
import ssl
import subprocess
import sys

KEYWORDS = """ALL COMPLEMENTOFALL COMPLEMENTOFDEFAULT DEFAULT HIGH MEDIUM LOW FIPS
kRSA kEDH kDHE DH kEECDH kECDHE ECDH kPSK kRSAPSK kECDHEPSK kDHEPSK kSRP
aRSA aDSS DSS aNULL aECDSA ECDSA aPSK aSRP EDH DHE EECDH ECDHE NULL RSA ADH AECDH
PSK SRP 3DES RC4 RC2 IDEA SEED eNULL GOST AES128 AES256 AES AESGCM AESCCM
AESCCM8 CAMELLIA128 CAMELLIA256 CAMELLIA CHACHA20 ARIA ARIAGCM ARIA128 ARIA256
CBC MD5 SHA1 SHA SHA256 SHA384 SSLv3 TLSv1 TLSv1.0 TLSv1.2 TLSv1.3 kDH kECDH
aDH aECDH kGOST aGOST DES EXP EXPORT AEAD GOST89MAC STRENGTH""".split()

# Keywords whose pairs are tried (pairs of all of them would be slow).
PAIRED = """ALL COMPLEMENTOFALL COMPLEMENTOFDEFAULT HIGH FIPS kRSA kDHE kECDHE PSK
kECDHEPSK aRSA aECDSA aNULL aPSK ECDHE DHE RSA eNULL AES128 AES256 AESGCM AESCCM
AESCCM8 CHACHA20 CAMELLIA SHA1 SHA256 SHA384 SSLv3 TLSv1 TLSv1.2""".split()


def python_result(string):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    error = None
    try:
        ctx.set_ciphers(string)
    except ssl.SSLError as e:
        error = str(e)
    return {"error": error, "level": ctx.security_level, "ciphers": ctx.get_ciphers()}


def generated(suite_names):
    cases = {}
    cases["each keyword alone"] = KEYWORDS[:]
    cases["each keyword removed from ALL"] = ["ALL:!" + k for k in KEYWORDS]
    cases["each keyword deleted and re-added"] = ["ALL:-%s:%s" % (k, k) for k in KEYWORDS]
    cases["each keyword moved to the end"] = ["ALL:COMPLEMENTOFALL:+" + k for k in KEYWORDS]
    cases["each keyword then @STRENGTH"] = ["%s:@STRENGTH" % k for k in KEYWORDS]
    cases["keyword pairs A+B"] = ["%s+%s" % p for p in itertools.permutations(PAIRED, 2)]
    cases["keyword pairs A:B"] = ["%s:%s" % p for p in itertools.combinations(PAIRED, 2)]
    cases["keyword triples"] = ["%s+%s:%s" % t for t in itertools.combinations(PAIRED[:14], 3)]
    cases["each suite name alone"] = suite_names[:]
    cases["each suite name with keywords"] = (
        ["%s+%s" % (n, k) for n in suite_names for k in ("HIGH", "TLSv1.2", "COMPLEMENTOFDEFAULT",
                                                          "kRSA", "AES", "SSLv3", "FIPS")] +
        ["%s+%s" % (k, n) for n in suite_names for k in ("COMPLEMENTOFDEFAULT", "TLSv1", "aRSA")])
    cases["each suite name removed from HIGH"] = ["HIGH:-%s" % n for n in suite_names]
    cases["@SECLEVEL values"] = ["@SECLEVEL=%s:HIGH" % v for v in
                                 ("0", "1", "2", "3", "4", "5", "6", "9", "", "10", "a", "2x")]
    # Random strings (fixed seed): keyword soup with operators and odd
    # characters, and arbitrary characters (no NUL, no newline).
    rnd = random.Random(20240605)
    pieces = KEYWORDS[:20] + suite_names[:10] + ["@STRENGTH", "@SECLEVEL=3", "@SECLEVEL=0",
                                                 "SUITEB128", "_", ".", "=", "#", "@", ""]
    soup = []
    for _ in range(1500):
        soup.append("".join(rnd.choice(["", "", "+", "-", "!", "@", ":", " ", ",", ";"]) +
                            rnd.choice(pieces) for _ in range(rnd.randint(0, 10))))
    cases["random keyword soup"] = soup
    cases["random characters"] = ["".join(chr(rnd.choice([rnd.randint(1, 9), rnd.randint(11, 127),
                                                         rnd.randint(128, 255)]))
                                          for _ in range(rnd.randint(0, 30)))
                                  for _ in range(1500)]
    return cases


def main():
    batch, corpus_path = sys.argv[1], sys.argv[2]
    if not ssl.OPENSSL_VERSION.startswith(("OpenSSL 3.0.", "OpenSSL 3.1.")):
        print("1..0 # SKIP the oracle is OpenSSL 3.0/3.1 (have %s)" % ssl.OPENSSL_VERSION)
        return 0
    with open(corpus_path) as f:
        corpus = json.load(f)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.set_ciphers("ALL:COMPLEMENTOFALL")
    suite_names = [d["name"] for d in ctx.get_ciphers() if d["protocol"] != "TLSv1.3"]
    groups = [("corpus: " + label, [s]) for label, s in corpus]
    groups += list(generated(suite_names).items())

    strings = [s for _, ss in groups for s in ss] + ["ALL:COMPLEMENTOFALL"]
    for s in strings:
        assert "\n" not in s
    out = subprocess.run([batch], input="".join(s + "\n" for s in strings), encoding="utf-8",
                         capture_output=True, check=True).stdout.split("\n")[:-1]
    if len(out) != len(strings):
        print("Bail out! cipher_batch printed %d lines for %d strings" % (len(out), len(strings)))
        return 1
    ours = dict(zip(strings, (json.loads(line) for line in out)))
    supported = {d["id"] for d in ours["ALL:COMPLEMENTOFALL"]["ciphers"]}

    n = failed = compared = 0
    for label, ss in groups:
        problems = []
        for s in ss:
            py = python_result(s)
            me = ours[s]
            want = [d for d in py["ciphers"] if d["id"] in supported]
            compared += 1
            if py["error"] != me["error"]:
                problems.append("%r: error %r, want %r" % (s, me["error"], py["error"]))
            if me["error"] is not None and me["type"] != "SSLError":
                problems.append("%r: type %r" % (s, me["type"]))
            if py["level"] != me["level"]:
                problems.append("%r: security_level %d, want %d" % (s, me["level"], py["level"]))
            if want != me["ciphers"]:
                got_names = [d["name"] for d in me["ciphers"]]
                want_names = [d["name"] for d in want]
                if got_names == want_names:
                    for a, b in zip(me["ciphers"], want):
                        if a != b:
                            problems.append("%r: %s fields %r, want %r" % (s, a["name"], a, b))
                            break
                else:
                    problems.append("%r:\n    got  %s\n    want %s" % (s, got_names, want_names))
        n += 1
        ok = not problems
        if not ok:
            failed += 1
        print("%s %d - %s (%d string%s)" % ("ok" if ok else "not ok", n, label, len(ss),
                                           "" if len(ss) == 1 else "s"))
        for p in problems[:10]:
            print("#   " + p.replace("\n", "\n#   "))
        if len(problems) > 10:
            print("#   ... and %d more" % (len(problems) - 10))
    print("# %d strings compared; %d suites supported by both" % (compared, len(supported)))
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
