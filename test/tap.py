"""TAP output for the Python test scripts: the counterpart of test/tap.h.

    from tap import ok, done
    ok(cond, 'what', diag...)   # one test point; diag lines shown on failure
    sys.exit(done())            # prints the plan; exit status 1 on a failure
"""
import sys

_n = 0
_failed = 0


def ok(cond, what, *diag):
    global _n, _failed
    _n += 1
    print('%s %d - %s' % ('ok' if cond else 'not ok', _n, what))
    if not cond:
        _failed += 1
        for d in diag:
            for line in str(d).splitlines() or ['']:
                print('#   ' + line)
    sys.stdout.flush()
    return bool(cond)


def done():
    print('1..%d' % _n)
    return 1 if _failed else 0
