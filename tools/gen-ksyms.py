#!/usr/bin/env python3
"""gen-ksyms.py NM_OUTPUT OUT.S: the kernel symbol table for backtraces.

Reads `nm -n` output of a first kernel link and writes an assembly file
defining ksyms_count, ksyms_addrs (ascending), ksyms_offsets and
ksyms_names in section .ksyms (see kernel/kern/ksyms.c).  Only text
symbols are kept; with no input file it writes an empty table (the first
link).
"""
import sys


def main():
    syms = []
    if sys.argv[1] != "-":
        with open(sys.argv[1]) as f:
            for line in f:
                parts = line.split()
                if len(parts) != 3 or parts[1] not in "tTW":
                    continue
                addr = int(parts[0], 16)
                if addr < 0xFFFFFFFF80000000 or parts[2].startswith("ksyms_"):
                    continue
                syms.append((addr, parts[2]))
    syms.sort()
    out = ['\t.section .ksyms, "a"', "\t.balign 8",
           "\t.globl ksyms_count, ksyms_addrs, ksyms_offsets, ksyms_names",
           "ksyms_count:", "\t.quad %d" % len(syms), "ksyms_addrs:"]
    out += ["\t.quad 0x%x" % a for a, _ in syms]
    out.append("ksyms_offsets:")
    off = 0
    for _, name in syms:
        out.append("\t.long %d" % off)
        off += len(name) + 1
    out.append("ksyms_names:")
    out += ['\t.asciz "%s"' % name for _, name in syms]
    out.append('\t.section .note.GNU-stack, "", @progbits')
    with open(sys.argv[2], "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
