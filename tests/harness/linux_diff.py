#!/usr/bin/env python3
"""linux_diff.py: every case of the in-guest suite must pass on Linux 6.1.

    linux_diff.py LINUX_LOG KNOWN [BREENIX_LOG]

LINUX_LOG is the serial log of tests/harness/linux_userland.sh's guest: the
PASS:/FAIL:/SKIP: lines of the test programs (named user/...) and a line
"LINUX-STATUS: <program> <exit status>" after each, then "LINUX-DONE".
A case that fails there asserts something Linux does not do: it is printed
as FAIL (named linux/...) unless KNOWN lists it with the reason (then SKIP).
A program that exits non-zero without a FAIL line, or that never reported,
fails too.  With BREENIX_LOG (a test boot's serial log), each case that
Breenix passes but Linux never ran is printed as SKIP, so what the
comparison does not cover is visible.  Exit status 0 only if nothing failed.
"""
import re
import sys

RESULT = re.compile(r"^(PASS|FAIL|SKIP): user/(\S+?):?(?:\s(.*))?$")
STATUS = re.compile(r"^LINUX-STATUS: (\S+) (\d+)$")


def lines(path):
    with open(path, errors="replace") as f:
        for raw in f:
            yield raw.rstrip("\r\n").replace("\r", "")


def results(path):
    """{case: (verdict, detail)}, in order, of the PASS/FAIL/SKIP lines."""
    found = {}
    for line in lines(path):
        m = RESULT.match(line)
        if m:
            found[m.group(2)] = (m.group(1), m.group(3) or "")
    return found


def load_known(path):
    """[(regex over the case name, reason)]: lines "case<TAB or 2+ spaces>reason"."""
    known = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = re.split(r"\t+| {2,}", line, maxsplit=1)
            if len(parts) < 2:
                sys.exit("linux_diff: %s: no reason given for %s" % (path, parts[0]))
            known.append((parts[0], parts[1]))
    return known


def reason(known, case):
    for pattern, why in known:
        if re.fullmatch(pattern, case):
            return why
    return None


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    try:
        linux = results(sys.argv[1])
        text = list(lines(sys.argv[1]))
        known = load_known(sys.argv[2])
        breenix = results(sys.argv[3]) if len(sys.argv) == 4 else {}
    except OSError as e:
        print("FAIL: linux/logs: %s" % e)
        return 1
    failed = False
    if "LINUX-DONE" not in text:
        print("FAIL: linux/guest: the Linux guest did not finish the suite (see %s)" % sys.argv[1])
        failed = True
    for case, (verdict, detail) in linux.items():
        if verdict == "FAIL":
            why = reason(known, case)
            if why:
                print("SKIP: linux/%s: fails on Linux 6.1: %s" % (case, why))
                continue
            print("FAIL: linux/%s: fails on Linux 6.1 %s" % (case, detail))
            failed = True
        else:
            print("%s: linux/%s%s" % (verdict, case, ": " + detail if verdict == "SKIP" and detail else ""))
    failed_now = False  # a FAIL line since the last program's status
    for line in text:
        m = RESULT.match(line)
        if m and m.group(1) == "FAIL":
            failed_now = True
        m = STATUS.match(line)
        if m:
            if m.group(2) != "0" and not failed_now:
                print("FAIL: linux/%s: exited with status %s on Linux 6.1 without a FAIL line" %
                      m.groups())
                failed = True
            failed_now = False
    for pattern, _ in known:
        if not any(re.fullmatch(pattern, c) and v == "FAIL" for c, (v, _) in linux.items()):
            print("FAIL: linux/known: %s passes or is gone on Linux 6.1: drop it from %s" %
                  (pattern, sys.argv[2]))
            failed = True
    only = [c for c, (v, _) in breenix.items() if v == "PASS" and c not in linux]
    for case in only:
        print("SKIP: linux/%s: passes on Breenix, not run on Linux 6.1" % case)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
