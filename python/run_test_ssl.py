#!/usr/bin/env python3
"""Run CPython's own test_ssl on sslite's _ssl and compare with expectations.

    run_test_ssl.py --module-dir BUILD/python --expectations FILE [--write]

The interpreter running this script runs `-m test test_ssl -v` with the
module directory first on PYTHONPATH, so the stdlib ssl.py loads our _ssl.
Each test's outcome (pass, FAIL, SKIP) is read from the verbose output and
compared with the expectations file, which lists every test that does not
pass on sslite, with its outcome and the reason.  The run fails when a test
outside the list fails or is skipped (a regression), when a listed test
passes or changes outcome (the list is stale), or when the suite did not
run on our module.  --write prints a fresh list (reasons to be filled in).
"""
import argparse
import os
import re
import subprocess
import sys

CASE = re.compile(r"^(test\.test_ssl\.\w+\.\w+)$")
# "test_x (test.test_ssl.Class.test_x)" and, for tests with a docstring, a
# second line "First line of the docstring ... ok".
HEAD = re.compile(r"^(\w+) \((test\.test_ssl\.\w+\.\w+)\)")
RESULT = re.compile(r" \.\.\. (ok|FAIL|ERROR|skipped (.*)|expected failure|unexpected success)$")
SUMMARY = re.compile(r"^(FAIL|ERROR): \w+ \((test\.test_ssl\.\w+\.\w+)\)")
SKIPPED = re.compile(r"^(skipped (.*))$")
RAN = re.compile(r"^Ran (\d+) tests? in", re.M)
TOTALS = re.compile(r"^(OK|FAILED)( \(.*\))?$", re.M)


def run(cmd, env, timeout):
    p = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, errors="replace", timeout=timeout)
    return p.returncode, p.stdout


def outcomes(log, cases):
    """{test id: ('pass'|'FAIL'|'SKIP', detail)} for every listed case, or
    None when the output's own totals do not agree with what was read."""
    got = {}
    current = None
    for line in log.splitlines():
        m = HEAD.match(line)
        if m:
            current = m.group(2)
        # Chatty tests' threads print between "... " and the result word,
        # which then starts a line of its own.
        r = RESULT.search(line) or SKIPPED.match(line)
        if r and current is not None:
            if r.group(1).startswith("skipped"):
                got[current] = ("SKIP", r.group(2) or "")
        m = SUMMARY.match(line)
        if m:
            # The closing summary is authoritative for failures.
            got[m.group(2)] = ("FAIL", m.group(1))
    ran = RAN.search(log)
    total = TOTALS.search(log)
    if ran is None or total is None or int(ran.group(1)) != len(cases):
        return None
    counts = dict(re.findall(r"(\w+)=(\d+)", total.group(0)))
    nfail = int(counts.get("failures", 0)) + int(counts.get("errors", 0))
    nskip = int(counts.get("skipped", 0))
    result = {case: got.get(case, ("pass", "")) for case in cases}
    if (sum(1 for v in result.values() if v[0] == "FAIL") != nfail or
            sum(1 for v in result.values() if v[0] == "SKIP") != nskip):
        return None
    return result


def read_expectations(path):
    exp = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 2)
            if len(parts) < 3 or parts[1] not in ("FAIL", "SKIP", "RACY"):
                sys.exit("%s:%d: expected 'test.test_ssl.Class.test  FAIL|SKIP|RACY  reason'" % (path, n))
            exp[parts[0]] = (parts[1], parts[2])
    return exp


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--module-dir", required=True)
    ap.add_argument("--expectations", required=True)
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--timeout", type=float, default=540)
    args = ap.parse_args()

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [os.path.abspath(args.module_dir)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    py = sys.executable

    rc, where = run([py, "-c", "import ssl, _ssl; print(_ssl.__file__); print(ssl.OPENSSL_VERSION)"],
                    env, 60)
    print("# _ssl: " + " / ".join(l for l in where.split("\n") if l))
    if rc != 0 or not where.startswith(os.path.abspath(args.module_dir)):
        print("not ok - the stdlib ssl.py did not load sslite's _ssl")
        return 1

    rc, listing = run([py, "-m", "test", "test_ssl", "--list-cases"], env, 120)
    cases = [l for l in listing.splitlines() if CASE.match(l)]
    if rc != 0 or not cases:
        print(listing)
        print("not ok - could not list test_ssl's cases")
        return 1

    rc, log = run([py, "-m", "test", "test_ssl", "-v"], env, args.timeout)
    got = outcomes(log, cases)
    if got is None:
        sys.stdout.write(log[-20000:])
        print("not ok - test_ssl did not finish, or its totals disagree with the outcomes read")
        return 1
    counts = {k: sum(1 for v in got.values() if v[0] == k) for k in ("pass", "FAIL", "SKIP")}
    print("# test_ssl on sslite: %d tests, %d passed, %d failed, %d skipped"
          % (len(cases), counts["pass"], counts["FAIL"], counts["SKIP"]))

    if args.write:
        for case in cases:
            if got[case][0] != "pass":
                print("%s  %s  %s" % (case, got[case][0], got[case][1]))
        return 0

    exp = read_expectations(args.expectations)
    bad = 0
    for n, case in enumerate(cases, 1):
        outcome, detail = got[case]
        want = exp.get(case, ("pass", ""))[0]
        # RACY: a test whose outcome depends on timing (TCP resets racing
        # an alert); it may pass or fail, and either is reported.
        if outcome == want or (want == "RACY" and outcome in ("pass", "FAIL")):
            print("ok %d - %s %s%s" % (n, case, outcome, " (racy)" if want == "RACY" else ""))
            continue
        bad += 1
        if want == "pass":
            why = "regression: %s (%s), not in the expectations" % (outcome, detail)
        elif outcome == "pass":
            why = "stale expectation: listed as %s but passes" % want
        else:
            why = "listed as %s, got %s (%s)" % (want, outcome, detail)
        print("not ok %d - %s: %s" % (n, case, why))
    for case in sorted(set(exp) - set(cases)):
        bad += 1
        print("not ok - %s: listed in the expectations but not in test_ssl" % case)
    print("1..%d" % len(cases))
    if bad:
        # The failing tests' tracebacks, for whoever reads the test log.
        tail = log[log.find("\n======"):] if "\n======" in log else log[-20000:]
        sys.stdout.write(tail[-60000:])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
