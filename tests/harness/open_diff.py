#!/usr/bin/env python3
"""open_diff.py: open(2) on Breenix must do what it does on Linux, case by case.

    open_diff.py LINUX_LOG BREENIX_LOG

userland/tests/t_open.c prints its grid of open cases as lines
"OPENCASE: <who> <target> <mode> <flags>=<result> ..." (see there).
LINUX_LOG holds Linux's lines: the serial log of Linux 6.1 running the
suite (tests/harness/linux_userland.sh; the host suite's log works too),
BREENIX_LOG those of a test boot (both with the serial line's CRs).
This script splits both into cases and prints one FAIL line for each case
whose result differs or that only one side has, one PASS line per
(who, target) group whose cases all agree, and a SKIP for a case listed in
ALLOWED below with the reason Breenix may differ there.  Exit status 0 only
if nothing failed.
"""
import re
import sys

LINE = re.compile(r"OPENCASE: (\S+) (\S+) (\S+) (.*)$")

# Cases where Breenix may legitimately differ from Linux:
# (regular expression over "<who> <target> <mode> <flags>", reason).
ALLOWED = []


def cases(path):
    """{(who, target, mode, flags): result} of the OPENCASE lines in the file."""
    found = {}
    with open(path, errors="replace") as f:
        for raw in f:
            m = LINE.search(raw.rstrip("\r\n").replace("\r", ""))
            if not m:
                continue
            who, target, mode, rest = m.groups()
            for token in rest.split():
                flags, _, result = token.partition("=")
                found[(who, target, mode, flags)] = result
    return found


def allowed(key):
    name = " ".join(key)
    for pattern, why in ALLOWED:
        if re.fullmatch(pattern, name):
            return why
    return None


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    try:
        linux, breenix = cases(sys.argv[1]), cases(sys.argv[2])
    except OSError as e:
        print("FAIL: open-diff/logs: %s" % e)
        return 1
    if not linux or not breenix:
        print("FAIL: open-diff/logs: no OPENCASE lines from %s" %
              ("Linux" if not linux else "Breenix"))
        return 1
    bad = set()
    for key in sorted(set(linux) | set(breenix)):
        a, b = linux.get(key, "(none)"), breenix.get(key, "(none)")
        if a == b:
            continue
        why = allowed(key)
        if why:
            print("SKIP: open-diff/%s: Linux %s, Breenix %s: %s" % ("/".join(key), a, b, why))
            continue
        print("FAIL: open-diff/%s: Linux %s, Breenix %s" % ("/".join(key), a, b))
        bad.add(key[:2])
    for group in sorted({k[:2] for k in linux}):
        if group not in bad:
            n = sum(1 for k in linux if k[:2] == group)
            print("PASS: open-diff/%s: %d cases as on Linux" % ("/".join(group), n))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
