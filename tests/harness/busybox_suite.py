#!/usr/bin/env python3
"""busybox_suite.py: busybox's testsuite in Breenix and in Linux, side by side.

Boots Linux (--linux-dir: vmlinuz and an initramfs whose /init runs
/bb/run-suite, from tests/harness/busybox_suite.sh) and Breenix (--breenix-iso,
with the same /bb tree: the harness types /bb/run-suite at the login shell),
each in the same QEMU, and reads runtest's result lines between run-suite's
BB-BEGIN/BB-END markers.

A case is named busybox/<applet>/<test name> (a repeated name gets #2, #3).
It is PASS when it passes in both; FAIL when it passes in Linux but not in
Breenix, unless --known lists it (then SKIP, with the reason written there).
Cases that do not pass in Linux are not compared, only counted.  Writes both
serial logs, a side-by-side table (results.txt) with the counts per group
and overall to --out, and ends with the line "<suite>: Breenix N passed of
M, Linux N passed of M".  --parallel boots the two guests at once (two
QEMUs: half the wall time where there are two cores).
Exit status 0 only if nothing is FAIL.
"""
import argparse
import collections
import fnmatch
import os
import re
import subprocess
import sys
import threading
import time

from boot_echo import Guest
from session import PROMPT

RESULT = re.compile(r"^(PASS|FAIL|SKIPPED|UNTESTED|UNRESOLVED|UNSUPPORTED|NOBUILD): (.*?)\s*$")
QEMU = ["qemu-system-x86_64", "-machine", "q35", "-cpu", "max", "-m", "512M", "-accel", "tcg",
        "-no-reboot", "-display", "none", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]


def parse(text, suite="busybox"):
    """{case: status}, the applets run, and the applets that did not finish."""
    results = collections.OrderedDict()
    applet, started, finished = None, [], set()
    seen = collections.Counter()
    for line in text.replace("\r", "").split("\n"):
        line = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", line)
        m = re.match(r"^BB-BEGIN (\S+)", line)
        if m:
            applet = m.group(1)
            started.append(applet)
            continue
        m = re.match(r"^BB-END (\S+) (\d+)", line)
        if m:
            finished.add(m.group(1))
            if m.group(2) == "137":  # timeout -s KILL
                results["%s/%s/(time limit)" % (suite, m.group(1))] = "FAIL"
            applet = None
            continue
        m = RESULT.match(line)
        if m and applet is not None:
            name = "%s/%s/%s" % (suite, applet, m.group(2))
            seen[name] += 1
            if seen[name] > 1:
                name += "#%d" % seen[name]
            results[name] = m.group(1)
    unfinished = [a for a in started if a not in finished]
    for a in unfinished:
        results["%s/%s/(did not finish)" % (suite, a)] = "FAIL"
    return results, started, unfinished


def run_linux(d, timeout, log):
    cmd = QEMU + ["-serial", "file:%s" % log, "-kernel", os.path.join(d, "vmlinuz"),
                  "-initrd", os.path.join(d, "initramfs.cpio"),
                  "-append", "console=ttyS0 quiet panic=-1"]
    t0 = time.monotonic()
    try:
        subprocess.run(cmd, timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pass
    secs = time.monotonic() - t0
    with open(log, errors="replace") as f:
        return f.read(), secs


def run_breenix(iso, timeout, log, command):
    g = Guest(iso, False)
    t0 = time.monotonic()
    try:
        end = time.monotonic() + 300
        while time.monotonic() < end and PROMPT.search(g.out) is None:
            g.read_for(0.5)
        g.type_serial(command.encode() + b"; poweroff\r")
        end = time.monotonic() + timeout
        while time.monotonic() < end and g.proc.poll() is None and b"BB-DONE" not in g.out:
            g.read_for(1.0)
        try:
            g.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pass
        g.read_for(0.5)
    finally:
        g.stop()
    secs = time.monotonic() - t0
    with open(log, "wb") as f:
        f.write(g.out)
    return g.out.decode(errors="replace"), secs


def load_known(path):
    """[(pattern, reason)]: lines "pattern<TAB or 2+ spaces>reason", # comments."""
    known = []
    if path and os.path.exists(path):
        for line in open(path):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = re.split(r"\t+| {2,}", line.strip(), maxsplit=1)
            known.append((parts[0], parts[1] if len(parts) > 1 else "(no reason given)"))
    return known


def known_reason(known, case):
    for pat, why in known:
        if fnmatch.fnmatchcase(case, pat):
            return why
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--breenix-iso", required=True)
    ap.add_argument("--linux-dir", required=True)
    ap.add_argument("--known")
    ap.add_argument("--out", required=True)
    ap.add_argument("--reuse-linux", action="store_true",
                    help="take the Linux results from the last run's serial-linux.txt")
    ap.add_argument("--reuse-breenix", action="store_true",
                    help="take the Breenix results from the last run's serial-breenix.txt")
    ap.add_argument("--suite", default="busybox", help="the name the cases go by")
    ap.add_argument("--command", default="/bb/run-suite", help="what to type in Breenix")
    ap.add_argument("--timeout", type=float, default=2400,
                    help="seconds each guest may take for the whole suite")
    ap.add_argument("--parallel", action="store_true", help="boot both guests at once")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)

    t0 = time.monotonic()
    lx_log = os.path.join(args.out, "serial-linux.txt")
    linux = {}
    if args.reuse_linux and os.path.exists(lx_log):
        linux["run"] = open(lx_log, errors="replace").read(), 0
    elif args.parallel:
        lx_thread = threading.Thread(target=lambda: linux.update(
            run=run_linux(args.linux_dir, args.timeout, lx_log)))
        lx_thread.start()
    else:
        linux["run"] = run_linux(args.linux_dir, args.timeout, lx_log)
    br_log = os.path.join(args.out, "serial-breenix.txt")
    if args.reuse_breenix and os.path.exists(br_log):
        br_text, br_secs = open(br_log, errors="replace").read(), 0
    else:
        br_text, br_secs = run_breenix(args.breenix_iso, args.timeout, br_log, args.command)
    if "run" not in linux:
        lx_thread.join()
    lx_text, lx_secs = linux["run"]
    wall = time.monotonic() - t0
    lx, lx_run, _ = parse(lx_text, args.suite)
    br, br_run, br_unfinished = parse(br_text, args.suite)
    known = load_known(args.known)

    fails = 0
    counts = collections.Counter()
    groups = collections.OrderedDict()  # group: [Linux passes, Breenix passes, cases]
    rows = []
    if not lx_run:
        print("FAIL: %s/linux: the suite did not run in the Linux guest (see %s)"
              % (args.suite, os.path.join(args.out, "serial-linux.txt")))
        fails += 1
    if not br_run:
        print("FAIL: %s/breenix: the suite did not run in Breenix (see %s)"
              % (args.suite, os.path.join(args.out, "serial-breenix.txt")))
        fails += 1
    # Only the groups both ran are compared (a --reuse-linux log may hold more).
    both = set(lx_run) & set(br_run)
    lx = collections.OrderedDict((c, v) for c, v in lx.items() if c.split("/")[1] in both)
    br = collections.OrderedDict((c, v) for c, v in br.items() if c.split("/")[1] in both)
    for case in list(lx) + [c for c in br if c not in lx]:
        l, b = lx.get(case, "-"), br.get(case, "-")
        rows.append((case, l, b))
        g = groups.setdefault(case.split("/")[1], [0, 0, 0])
        g[0] += l == "PASS"
        g[1] += b == "PASS"
        g[2] += 1
        if l == "SKIPPED" and b == "SKIPPED":
            counts["skipped in both (not run)"] += 1
            continue
        if l != "PASS":
            counts["not passing on Linux"] += 1
            if b == "PASS":
                counts["passing on Breenix only"] += 1
            continue
        if b == "PASS":
            counts["passing on both"] += 1
            print("PASS: %s" % case)
            if known_reason(known, case) is not None:  # a fixed case must leave the list
                counts["known exceptions that pass now (prune them)"] += 1
                print("note: %s passes now; remove it from %s" % (case, args.known))
            continue
        why = known_reason(known, case)
        if why is not None:
            counts["known Breenix exceptions"] += 1
            print("SKIP: %s: known exception: %s" % (case, why))
        else:
            counts["failing on Breenix only"] += 1
            fails += 1
            print("FAIL: %s: passes on Linux, %s on Breenix" %
                  (case, "not run" if b == "-" else b))
    lx_pass = sum(1 for v in lx.values() if v == "PASS")
    br_pass = sum(1 for v in br.values() if v == "PASS")
    summary = [
        "%s (%s):" % (args.suite, os.path.basename(args.breenix_iso)),
        "  Linux 6.1:  %d passed of %d cases (%d groups, %.0f s)" %
        (lx_pass, len(lx), len(both), lx_secs),
        "  Breenix:    %d passed of %d cases (%d groups, %.0f s%s)" %
        (br_pass, len(br), len(both), br_secs,
         ", unfinished: " + " ".join(br_unfinished) if br_unfinished else ""),
    ] + ["  %s: %d" % (k, v) for k, v in sorted(counts.items())] + [
        "  wall time for both guests: %.0f s%s" % (wall, " (at once)" if args.parallel else ""),
        "%s: Breenix %d passed of %d, Linux %d passed of %d" %
        (args.suite, br_pass, len(br), lx_pass, len(lx))]
    with open(os.path.join(args.out, "results.txt"), "w") as f:
        f.write("\n".join(summary) + "\n\n%-34s %9s %9s %6s\n" %
                ("group", "Breenix", "Linux", "cases"))
        for g, (lp, bp, n) in groups.items():
            f.write("%-34s %9d %9d %6d\n" % (g, bp, lp, n))
        f.write("\n%-70s %-9s %s\n" % ("case", "Linux", "Breenix"))
        for case, l, b in rows:
            f.write("%-70s %-9s %s\n" % (case, l, b))
    print("\n".join(summary))
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
