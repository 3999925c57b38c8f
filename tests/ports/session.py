#!/usr/bin/env python3
"""session.py (ports): a scripted shell session on the ports' image.

The ports step (tests/ports/run.sh) boots an image holding the ports, with
no /etc/rc, so init starts the login shell on the serial line; this types
commands at it as a user would (tests/harness/session.py does the same on
the normal image) and checks what comes back: tcc compiling and running a
program, make building a C project with CC=tcc, bash -c, vim -es, and the
full-screen programs (less, nano) on the serial terminal and on a
pseudo-terminal (/ports-tests/bin/ptyrun).  A step whose port is not in
--ports is left out.  Prints one PASS:/FAIL: line per step, named
port-session/STEP; exit status 0 only if all passed.
"""
import argparse
import os
import re
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "harness"))
from boot_echo import Guest  # noqa: E402
from session import PROMPT, Log, clean, run_step  # noqa: E402

D = "/ports-tests/data"
HELLO = r'#include <stdio.h>\nint main(void) { puts("hello from tcc"); return 6 * 7 - 42; }\n'

# (name, ports it needs, keys to type, regular expression the output must match)
STEPS = [
    ("setup", [], "cd /tmp; export TERM=vt100; echo ready\r", r"^ready$"),
    ("tcc_hello", ["tcc"],
     "printf '%s' > hello.c; tcc hello.c -o hello && ./hello\r" % HELLO, r"^hello from tcc$"),
    ("make_cc_tcc", ["tcc", "make"],
     "cp -R %s/c-proj c && make -C c CC=tcc && c/count %s/text && cat %s/c-proj-count\r" % (D, D, D),
     r"tcc -O2 -c main.c -o main.o\n(.*\n)*tcc -O2 -o count main.o words.o\n(.*\n)*(\d+ \d+)\n\3$"),
    ("make_up_to_date", ["tcc", "make"], "make -C c CC=tcc\r", r"'count' is up to date"),
    ("bash_c", ["bash"],
     "bash -c 'a=(x y z); echo ${#a[@]} ${a[1]^^} $((6 * 7)) $BASH_VERSION'\r",
     r"^3 Y 42 5\.2\.15"),
    ("vim_es", ["vim"],
     "printf 'one fish\\ntwo fish\\n' > v.txt; vim -N -u NONE -i NONE -es -c '%s/fish/cat/g' -c wq v.txt; cat v.txt\r",
     r"^one cat\ntwo cat$"),
    # less on the serial line's terminal: a screenful of the file, then q.
    ("less_terminal", ["less"], ["less %s/text\r" % D, 4.0, "q"], r"# Breenix"),
    ("less_pty", ["less"],
     "/ports-tests/bin/ptyrun -k ' ' -k G -k q less %s/text > l.out; echo status $?; "
     "grep -c 'Breenix' l.out\r" % D,
     r"^status 0\n[1-9]\d*$"),
    # nano on the serial terminal: type a line, ^O Enter writes, ^X leaves.
    ("nano_terminal", ["nano"],
     ["nano n.txt\r", 4.0, "hello from nano", 1.0, "\x0f", 2.0, "\r", 2.0, "\x18", 1.0],
     r""),
    ("nano_wrote", ["nano"], "cat n.txt\r", r"^hello from nano$"),
    ("nano_pty", ["nano"],
     "/ports-tests/bin/ptyrun -k 'typed on a pty' -k '^O' -k '\\r' -k '^X' nano p.txt > /dev/null;"
     " echo status $?; cat p.txt\r",
     r"^status 0\ntyped on a pty$"),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iso", required=True)
    ap.add_argument("--ports", required=True, help="the ports in the image, comma-separated")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--log", help="the serial log of a failing run")
    args = ap.parse_args()
    have = set(args.ports.split(","))
    steps = [s for s in STEPS if all(p in have for p in s[1])]

    g = Guest(args.iso, False)
    log = Log(g, args.log)
    ok = True
    try:
        end = time.monotonic() + args.timeout
        up = False
        while time.monotonic() < end and not up:
            g.read_for(0.5)
            up = PROMPT.search(g.out) is not None
        if not up:
            print("FAIL: port-session/prompt: no shell prompt within %.0f s (serial log: %s)"
                  % (args.timeout, log.keep()))
            sys.stdout.write(clean(g.out)[-2000:] + "\n")
            return 1
        for name, _, keys, want in steps:
            out = run_step(g, keys)
            good = out is not None and re.search(want, out, re.M) is not None
            ok &= good
            print(("PASS: port-session/%s" % name) if good else
                  ("FAIL: port-session/%s: output %r does not match %r (serial log: %s)"
                   % (name, out[-1500:] if out else out, want, log.keep())), flush=True)
        g.type_serial(b"poweroff\r")
        try:
            g.proc.wait(timeout=60)
        except Exception:
            ok = False
            print("FAIL: port-session/poweroff: QEMU still running 60 s after poweroff")
    finally:
        g.stop()
        log.save()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
