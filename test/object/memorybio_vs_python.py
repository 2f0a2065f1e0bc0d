#!/usr/bin/env python3
"""Differential test: the same random operation scripts on Python's
ssl.MemoryBIO and on sslite's (through memorybio_ops); prints TAP."""
import random
import ssl
import subprocess
import sys


def python_side(ops):
    bio = ssl.MemoryBIO()
    out = []
    for op in ops:
        try:
            if op[0] == 'w':
                res = str(bio.write(bytes.fromhex(op[2:])))
            elif op[0] == 'e':
                res = str(bio.write_eof())
            else:
                res = 'b' + bio.read(int(op[2:])).hex()
        except ssl.SSLError as e:
            res = type(e).__name__
        out.append('%s %d %d' % (res, bio.pending, int(bio.eof)))
    return out


def main():
    prog = sys.argv[1]
    rng = random.Random(20240601)
    scripts = 40
    print('1..%d' % scripts)
    failed = 0
    for n in range(scripts):
        ops = []
        for _ in range(rng.randrange(1, 60)):
            k = rng.random()
            if k < 0.5:
                ops.append('w ' + bytes(rng.randrange(256) for _ in
                                        range(rng.choice([0, 1, 5, 100, 3000]))).hex())
            elif k < 0.55:
                ops.append('e')
            else:
                ops.append('r %d' % rng.choice([-1, -7, 0, 1, 3, 64, 5000]))
        want = python_side(ops)
        got = subprocess.run([prog], input='\n'.join(ops) + '\n', capture_output=True,
                             text=True, timeout=60).stdout.splitlines()
        if got == want:
            print('ok %d - script %d (%d operations) matches ssl.MemoryBIO' % (n + 1, n, len(ops)))
        else:
            failed += 1
            print('not ok %d - script %d differs from ssl.MemoryBIO' % (n + 1, n))
            for i, (o, g, w) in enumerate(zip(ops, got, want)):
                if g != w:
                    print('#   op %d %s: got %s want %s' % (i, o[:20], g[:60], w[:60]))
                    break
            if len(got) != len(want):
                print('#   %d lines, want %d' % (len(got), len(want)))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
