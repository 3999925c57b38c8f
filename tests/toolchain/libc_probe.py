#!/usr/bin/env python3
"""Probe the C library surface that ported programs expect.

libc_probe.txt lists functions, objects and macros, each with the feature
level it should be visible under and the headers that declare it.  For each,
a tiny program is compiled (the declaration) and linked (the definition) with
the given compiler.  One line per entry:

    PASS: libc/NAME
    FAIL: libc/NAME: undeclared | unresolved     (a regression)
    SKIP: libc/NAME: missing: REASON             (a known gap, see the list)

An entry marked "gap: REASON" in the list is expected to be missing (it needs
kernel support Breenix lacks): it reports SKIP while missing and PASS once it
works, so docs/porting.md's "What is missing" can be kept true from this
output.  The same list run with the host's gcc (--cc gcc) shows what glibc
offers.  Exit status 1 if any entry FAILs.

usage: libc_probe.py [--cc x86_64-breenix-gcc] [--list libc_probe.txt] [-j N]
"""
import argparse
import concurrent.futures
import os
import subprocess
import sys
import tempfile

FEATURES = {
    "posix": ["-D_POSIX_C_SOURCE=200809L"],
    "xsi": ["-D_XOPEN_SOURCE=700"],
    "default": [],
    "gnu": ["-D_GNU_SOURCE"],
}


def parse(path):
    """Yields (name, feature, headers, expression, gap) for each entry."""
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            gap = None
            if "\tgap: " in line:
                line, gap = line.split("\tgap: ", 1)
            cols = line.split("\t")
            if len(cols) not in (3, 4) or cols[1] not in FEATURES:
                sys.exit(f"{path}:{lineno}: bad entry: {line!r}")
            expr = cols[3] if len(cols) == 4 and cols[3] != "-" else None
            yield cols[0], cols[1], cols[2].split(","), expr, gap


def source(name, headers, expr):
    lines = [f"#include <{h}>" for h in headers]
    lines.append("void *volatile p;")
    lines.append("int main(void) {")
    if expr is None:
        lines.append(f"\tp = (void *)&{name};")
    else:
        lines.append(f"\tif (p) (void)({expr});")
    lines.append("\treturn 0;\n}")
    return "\n".join(lines) + "\n"


def probe(cc, work, entry):
    """Returns None if the entry compiles and links, else the reason."""
    name, feature, headers, expr, _ = entry
    base = os.path.join(work, name)
    with open(base + ".c", "w") as f:
        f.write(source(name, headers, expr))
    flags = FEATURES[feature] + ["-Werror=implicit-function-declaration"]
    r = subprocess.run([cc, *flags, "-c", base + ".c", "-o", base + ".o"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return "undeclared"
    r = subprocess.run([cc, base + ".o", "-o", base, "-lm"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return "unresolved"
    return None


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--cc", default="x86_64-breenix-gcc")
    ap.add_argument("--list", default=os.path.join(here, "libc_probe.txt"))
    ap.add_argument("-j", type=int, default=2)
    args = ap.parse_args()
    entries = list(parse(args.list))
    failed = present = 0
    with tempfile.TemporaryDirectory() as work, \
            concurrent.futures.ThreadPoolExecutor(args.j) as pool:
        results = pool.map(lambda e: probe(args.cc, work, e), entries)
        for entry, why in zip(entries, results):
            name, gap = entry[0], entry[4]
            if why is None:
                present += 1
                print(f"PASS: libc/{name}")
            elif gap is not None:
                print(f"SKIP: libc/{name}: missing ({why}): {gap}")
            else:
                failed += 1
                print(f"FAIL: libc/{name}: {why}")
    print(f"libc probe ({args.cc}): {present} of {len(entries)} present, "
          f"{len(entries) - present} missing")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
