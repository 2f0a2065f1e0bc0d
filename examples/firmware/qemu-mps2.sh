#!/bin/sh
# Boot a Cortex-M4 image (ELF) on QEMU's mps2-an386 board and exit with the
# program's status: picolibc's semihosting exit() ends QEMU with it.
# Semihosting output (the program's stdout and stderr) comes out on this
# script's stderr.  Usage: qemu-mps2.sh IMAGE.elf [ARG...]; the arguments
# reach main() through semihosting's command line.  FIRMWARE_TIMEOUT
# (seconds, default 120) bounds the run: a hung image exits 124.
set -eu
image=$1
shift
# QEMU's option syntax escapes a comma inside a value by doubling it.
esc() { printf '%s' "$1" | sed 's/,/,,/g'; }
semi="enable=on,target=native,arg=$(esc "$image")"
for a in "$@"; do
    semi="$semi,arg=$(esc "$a")"
done
exec timeout "${FIRMWARE_TIMEOUT:-120}" qemu-system-arm -M mps2-an386 -nographic \
    -semihosting-config "$semi" -kernel "$image" </dev/null
