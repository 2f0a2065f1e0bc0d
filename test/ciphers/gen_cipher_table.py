#!/usr/bin/env python3
"""Regenerate the suite rows of lib/compat/cipher_table.c from the live oracle.

Reads OpenSSL 3's behaviour through `openssl ciphers` and Python's ssl
module (never OpenSSL's source): every TLS 1.2 suite the local OpenSSL knows,
its algorithms, strength class, FIPS and DEFAULT membership, and the
preference order OpenSSL starts from before a cipher string is applied.
That order is recovered as the one total order consistent with what every
single-keyword string selects.

Usage: gen_cipher_table.py > rows.inc   (then split it: the TLS 1.3 rows go to
lib/compat/cipher_rows_tls13.inc, the others to cipher_rows_tls12.inc)
"""
import re
import ssl
import subprocess
import sys

KX = {"kx-rsa": "RSA", "kx-dhe": "DHE", "kx-ecdhe": "ECDHE", "kx-psk": "PSK",
      "kx-rsa-psk": "RSAPSK", "kx-dhe-psk": "DHEPSK", "kx-ecdhe-psk": "ECDHEPSK",
      "kx-srp": "SRP", "kx-any": "ANY"}
AU = {"auth-rsa": "RSA", "auth-dss": "DSS", "auth-ecdsa": "ECDSA", "auth-null": "NULL",
      "auth-psk": "PSK", "auth-srp": "SRP", "auth-any": "ANY"}
ENC = {"AES(128)": "AES128", "AES(256)": "AES256", "AESGCM(128)": "AES128GCM",
       "AESGCM(256)": "AES256GCM", "AESCCM(128)": "AES128CCM", "AESCCM(256)": "AES256CCM",
       "AESCCM8(128)": "AES128CCM8", "AESCCM8(256)": "AES256CCM8",
       "CHACHA20/POLY1305(256)": "CHACHA20", "ARIAGCM(128)": "ARIA128GCM",
       "ARIAGCM(256)": "ARIA256GCM", "Camellia(128)": "CAMELLIA128",
       "Camellia(256)": "CAMELLIA256", "None": "NULL"}
MAC = {"MD5": "MD5", "SHA1": "SHA1", "SHA256": "SHA256", "SHA384": "SHA384", "AEAD": "AEAD"}
VER = {"SSLv3": "SSL3", "TLSv1": "TLS1", "TLSv1.2": "TLS12", "TLSv1.3": "TLS13"}

KEYWORDS = """ALL COMPLEMENTOFALL COMPLEMENTOFDEFAULT HIGH FIPS kRSA kDHE kECDHE kPSK kRSAPSK
kDHEPSK kECDHEPSK kSRP aRSA aDSS aNULL aECDSA aPSK aSRP eNULL AES128 AES256 AESGCM AESCCM
AESCCM8 CHACHA20 CAMELLIA128 CAMELLIA256 ARIA128 ARIA256 CBC MD5 SHA1 SHA256 SHA384 SSLv3
TLSv1 TLSv1.2 PSK SRP RSA ADH AECDH""".split()


def selected(string):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    try:
        ctx.set_ciphers(string + ":@SECLEVEL=0")
    except ssl.SSLError:
        return []
    return [d for d in ctx.get_ciphers() if d["protocol"] != "TLSv1.3"]


def main():
    out = subprocess.run(["openssl", "ciphers", "-V", "-v", "-stdname",
                          "ALL:COMPLEMENTOFALL:@SECLEVEL=0"],
                         check=True, capture_output=True, text=True).stdout
    rows = {}
    for line in out.splitlines():
        m = re.match(r"\s*0x(..),0x(..) - (\S+)\s+- (\S+)\s+(\S+)\s+Kx=(\S+)\s+Au=(\S+)\s+"
                     r"Enc=(\S+)\s+Mac=(\S+)", line)
        if not m:
            sys.exit("unparsed: " + line)
        iana = int(m.group(1) + m.group(2), 16)
        rows[iana] = {"std": m.group(3), "name": m.group(4), "ver": m.group(5),
                      "enc": m.group(8), "mac": m.group(9)}
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.set_ciphers("ALL:COMPLEMENTOFALL:@SECLEVEL=0")
    for d in ctx.get_ciphers():
        r = rows[d["id"] & 0xFFFF]
        r.update(d)
    high = {d["id"] & 0xFFFF for d in selected("HIGH")}
    fips = {d["id"] & 0xFFFF for d in selected("FIPS")}
    nodef = {d["id"] & 0xFFFF for d in selected("COMPLEMENTOFDEFAULT")}
    enull = {d["id"] & 0xFFFF for d in selected("COMPLEMENTOFALL")}

    # Recover the initial order: constraints from consecutive members of
    # each keyword's selection; ties broken by the ALL:COMPLEMENTOFALL order.
    base = [d["id"] & 0xFFFF for d in selected("ALL:COMPLEMENTOFALL")]
    succ = {i: set() for i in base}
    indeg = {i: 0 for i in base}
    for kw in KEYWORDS:
        ids = [d["id"] & 0xFFFF for d in selected(kw)]
        for a, b in zip(ids, ids[1:]):
            if b not in succ[a]:
                succ[a].add(b)
                indeg[b] += 1
    order = []
    ready = [i for i in base if indeg[i] == 0]
    while ready:
        ready.sort(key=base.index)
        i = ready.pop(0)
        order.append(i)
        for j in succ[i]:
            indeg[j] -= 1
            if indeg[j] == 0:
                ready.append(j)
    if len(order) != len(base):
        sys.exit("inconsistent keyword orders")

    tls13 = [(0x1302, "TLS_AES_256_GCM_SHA384", "AES256GCM", 256),
             (0x1303, "TLS_CHACHA20_POLY1305_SHA256", "CHACHA20", 256),
             (0x1301, "TLS_AES_128_GCM_SHA256", "AES128GCM", 128),
             (0x1304, "TLS_AES_128_CCM_SHA256", "AES128CCM", 128),
             (0x1305, "TLS_AES_128_CCM_8_SHA256", "AES128CCM8", 128)]
    for iana, name, enc, bits in tls13:
        print('    {0x%04X, K(ANY), A(ANY), E(%s), M(AEAD), V(TLS13), HIGH, %d, %d,\n'
              '     "%s"},' % (iana, enc, bits, bits, name))
    for iana in order:
        r = rows[iana]
        flags = []
        if iana in enull:
            flags.append("NONE")
        elif iana in high:
            flags.append("HIGH")
        if iana in fips:
            flags.append("FIPS")
        if iana in nodef:
            flags.append("NDEF")
        print('    {0x%04X, K(%s), A(%s), E(%s), M(%s), V(%s), %s, %d, %d,\n     "%s"},  /* %s */'
              % (iana, KX[r["kea"]], AU[r["auth"]], ENC[r["enc"]], MAC[r["mac"]],
                 VER[r["ver"]], "|".join(flags), r["strength_bits"], r["alg_bits"],
                 r["name"], r["std"]))


if __name__ == "__main__":
    main()
