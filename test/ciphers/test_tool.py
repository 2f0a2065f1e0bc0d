#!/usr/bin/env python3
"""`sslite ciphers` against Python's ssl: names, -v descriptions, --json
(byte-for-byte json.dumps of get_ciphers()), the default, and the failure
exit.  Lists are compared restricted to the suites sslite supports.

Usage: test_tool.py SSLITE_TOOL        (prints TAP)
"""
import json
import ssl
import subprocess
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from tap import ok, done  # noqa: E402

tool = sys.argv[1]


def run(*args):
    return subprocess.run([tool, "ciphers"] + list(args), capture_output=True, text=True)


def python_list(string):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if string is not None:
        ctx.set_ciphers(string)
    return [d for d in ctx.get_ciphers() if d["name"] in supported]


if not ssl.OPENSSL_VERSION.startswith(("OpenSSL 3.0.", "OpenSSL 3.1.")):
    print("1..0 # SKIP the oracle is OpenSSL 3.0/3.1 (have %s)" % ssl.OPENSSL_VERSION)
    sys.exit(0)

r = run("ALL:COMPLEMENTOFALL")
ok(r.returncode == 0, "ALL:COMPLEMENTOFALL runs", r.stderr)
supported = set(r.stdout.split())
ok(len(supported) > 50, "it lists the supported suites (%d)" % len(supported))

for string in ["ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL", "HIGH:!aNULL:!MD5", "ALL:+kRSA:@STRENGTH",
               "@SECLEVEL=3:kRSA:ECDHE", "CAMELLIA"]:
    want = python_list(string)
    r = run(string)
    ok(r.returncode == 0 and r.stdout.splitlines() == [d["name"] for d in want],
       "names for %r" % string, r.stdout + r.stderr)
    r = run("-v", string)
    ok(r.returncode == 0 and r.stdout.splitlines() == [d["description"] for d in want],
       "-v descriptions for %r" % string, r.stdout + r.stderr)
    r = run("--json", string)
    ok(r.returncode == 0 and r.stdout == json.dumps(want) + "\n",
       "--json is json.dumps(get_ciphers()) for %r" % string, r.stdout + r.stderr)

r = run()
ok(r.returncode == 0 and r.stdout.splitlines() == [d["name"] for d in python_list(None)],
   "no string: the default selection (CPython's)", r.stdout + r.stderr)
r = run("--json")
ok(r.returncode == 0 and r.stdout == json.dumps(python_list(None)) + "\n",
   "--json alone: the default as JSON", r.stdout + r.stderr)
r = run("-ALL:HIGH")
ok(r.returncode == 0 and r.stdout.splitlines() == [d["name"] for d in python_list("-ALL:HIGH")],
   "a string starting with '-' is a string", r.stdout + r.stderr)
r = run("--", "--")
ok(r.returncode == 1, "'--' ends the options")

def error_line(text):
    """The CLI's one error format: a single {"error":{...}} line."""
    try:
        lines = text.splitlines()
        return json.loads(lines[0])["error"] if len(lines) == 1 else None
    except (ValueError, KeyError, IndexError):
        return None


for bad in ["FOO", "ALL:#", "ALL:@SECLEVEL=9", ""]:
    r = run(bad)
    e = error_line(r.stderr) or {}
    ok(r.returncode == 1 and r.stdout == "" and e.get("type") == "SSLError" and
       e.get("message") == "('No cipher can be selected.',)",
       "%r: exit 1 with CPython's exception as the JSON error line" % bad,
       repr(r.returncode) + r.stdout + r.stderr)

r = run("--bogus", "ALL")
ok(r.returncode == 2 and (error_line(r.stderr) or {}).get("type") == "UsageError",
   "unknown option: a UsageError line, exit 2", r.stderr)
r = run("ALL", "HIGH")
ok(r.returncode == 2, "two strings: usage, exit 2")
r = run("-h")
ok(r.returncode == 0 and r.stdout.startswith("usage"), "-h")

sys.exit(done())
