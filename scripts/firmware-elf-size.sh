#!/bin/sh
# The flash and static RAM of a bare-metal image linked by picolibc.ld with
# docs/cross/cortex-m4.ini's memory symbols, as "FLASH STATIC_RAM" (bytes):
#   flash       the allocated sections with contents (readelf -S: type
#               PROGBITS, flag A): code, read-only data, the vector table
#               and .data's initial values;
#   static RAM  from the RAM's base (the __ram symbol) to picolibc.ld's
#               __heap_start: .data, thread-local data and .bss; not the
#               stack's reserve, nor the heap.
# Usage: firmware-elf-size.sh IMAGE.elf  (needs binutils-arm-none-eabi)
set -eu
elf=$1
# Hex sizes summed by the shell: Debian's awk (mawk) has no strtonum.
flash=0
for h in $(arm-none-eabi-readelf -S -W "$elf" | sed -n 's/^ *\[ *[0-9]*\] //p' |
           awk '$2 == "PROGBITS" && $7 ~ /A/ { print $5 }'); do
    flash=$((flash + 0x$h))
done
sym() {
    v=$(arm-none-eabi-nm "$elf" | awk -v s="$1" '$3 == s { print $1 }')
    [ -n "$v" ] || { echo "firmware-elf-size.sh: no symbol $1 in $elf" >&2; exit 1; }
    echo "0x$v"
}
echo "$flash $(( $(sym __heap_start) - $(sym __ram) ))"
