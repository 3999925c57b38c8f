#!/usr/bin/env python3
"""session.py: a scripted shell session on the normal Breenix ISO.

Boots --iso with the serial line on a pipe, waits for the login shell's
prompt, types each step's command (and control keys: ^C, ^Z), waits for
the prompt to come back and checks the output against the step's regular
expression.  Prints one PASS:/FAIL: line per step; the session ends with
`poweroff`, which must make QEMU exit.  Exit status 0 only if all passed.
A failing step keeps the serial log (--log, or a new temporary file), named
in its FAIL line; --only REGEX and --repeat N type the chosen steps N times
in the one boot, to catch a flaky step.
"""
import argparse
import os
import re
import sys
import tempfile
import time

from boot_echo import Guest

PROMPT = re.compile(rb"root@breenix:[^\r\n#]*# $")

# (name, keys to type, regular expression the output must match)
STEPS = [
    ("cd_pwd", "cd /tmp; pwd\r", r"^/tmp$"),
    ("and_or", "false || echo ok && echo yes\r", r"^ok\nyes$"),
    ("pipeline", "echo one two | cat | cat | cat\r", r"^one two$"),
    ("redirect_heredoc", "cat > h.txt <<EOF\rline $((1+1))\rEOF\r", r""),
    ("read_back", "cat < h.txt; echo err 2>&1 >/dev/null 1>&2 | cat\r", r"^line 2\nerr$"),
    ("script_for_loop", "echo 'for i in 1 2 3; do echo n$i; done' > s.sh; sh s.sh\r",
     r"^n1\nn2\nn3$"),
    ("glob", "cd /proc; echo m*; cd /tmp\r", r"^meminfo mounts$"),
    ("not_found", "nosuchcommand; echo $?\r", r"command not found\n127$"),
    ("background_job", "sleep 3 &\r", r"^\[1\] \d+$"),
    ("jobs_lists_it", "jobs\r", r"^\[1\]\+\s+Running\s+sleep 3 &$"),
    ("fg_brings_back", "fg\r", r"^sleep 3$"),
    ("ctrl_c_ends_sleep", ["sleep 100\r", 2.0, "\x03"], r""),
    ("status_after_ctrl_c", "echo $?\r", r"^130$"),
    ("ctrl_z_stops", ["sleep 100\r", 2.0, "\x1a"], r"Stopped\s+sleep 100"),
    ("bg_resumes", "bg\r", r"^\[1\]\+ sleep 100 &$"),
    ("jobs_running", "jobs\r", r"Running\s+sleep 100 &"),
    ("kill_job", "kill %1; sleep 1; jobs; echo killed\r", r"killed$"),
    ("ps_shows_processes", "ps\r", r"PID.*\n(.*\n)*.*\bsh\b"),
    ("edit_creates_file", ["edit notes.txt\r", 3.0, "hello from edit", 1.0, "\x13", 1.0, "\x11"],
     r""),
    ("edited_file", "cat notes.txt; ls -l notes.txt\r", r"^hello from edit\n-rw-r--r-- 1 root root 16 "),
    ("coreutils_pipeline", "seq 1 10 | grep -v 5 | sort -rn | head -n 3 | tr '\\n' ' '\r",
     r"^10 9 8 $"),
    # Users: su drops to "user", who is refused root's files, processes and su.
    ("su_runs_as_user", "su user -c id\r", r"^uid=1000\(user\) gid=1000\(user\)"),
    ("user_refused", "echo top > /root/secret; su user -c 'cat /root/secret; kill -9 1; su -c id'\r",
     r"(?s)cat: /root/secret: Permission denied\nsh: kill: \(1\) - (Not owner|Operation not permitted)\n"
     r"su: Authentication failure$"),
    # A fork bomb as user under ulimit -u: the shell stays usable, and kill ends it.
    ("fork_bomb_contained",
     "su user -c 'ulimit -u 40; b() { b | b & }; b' 2>/dev/null; sleep 3; echo alive\r",
     r"^alive$"),
    ("kill_ends_fork_bomb",
     "su user -c 'kill -9 -1'; sleep 2; cat /proc/[0-9]*/status | grep -c '^Uid:.1000'\r",
     r"^0$"),
    # The same bomb in the foreground: ^C reaches the whole job and the prompt comes back.
    ("ctrl_c_ends_fork_bomb",
     ["su user -c 'ulimit -u 40; b() { b | b; }; b' 2>/dev/null\r", 4.0, "\x03"], r""),
    ("nothing_left_after_ctrl_c",
     "sleep 2; cat /proc/[0-9]*/status | grep -c '^Uid:.1000'\r", r"^0$"),
]


def clean(data):
    text = data.decode(errors="replace").replace("\r", "")
    return re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)


def run_step(g, keys):
    """Type keys (strings, with pauses given as numbers); the output up to the next prompt."""
    mark = len(g.out)
    if isinstance(keys, str):
        keys = [keys]
    for k in keys:
        if isinstance(k, (int, float)):
            g.read_for(k)
        else:
            g.type_serial(k.encode())
    end = time.monotonic() + 60
    while time.monotonic() < end:
        g.read_for(0.2)
        if PROMPT.search(g.out[mark:]):
            break
    else:
        return None
    text = clean(g.out[mark:])
    text = text[: text.rfind("root@breenix")]
    # drop the echoed command line(s): everything up to the first newline per typed line
    lines = text.split("\n")
    typed = sum(k.count("\r") for k in keys if isinstance(k, str))
    return "\n".join(lines[typed:]).strip("\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iso", required=True)
    ap.add_argument("--uefi", action="store_true")
    ap.add_argument("--timeout", type=float, default=180)
    ap.add_argument("--log", help="where to keep the serial log of a failing run "
                    "(default: a new file in the temporary directory)")
    ap.add_argument("--only", help="run only the steps whose names match this regular expression")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run the (selected) steps this many times in the one boot")
    args = ap.parse_args()
    tag = "uefi_" if args.uefi else ""

    g = Guest(args.iso, args.uefi)
    log = Log(g, args.log)
    ok = True
    try:
        up = False
        end = time.monotonic() + args.timeout
        while time.monotonic() < end and not up:
            g.read_for(0.5)
            up = PROMPT.search(g.out) is not None
        print(("PASS: session/%sprompt" % tag) if up else
              ("FAIL: session/%sprompt: no shell prompt within %.0f s (serial log: %s)"
               % (tag, args.timeout, log.keep())))
        if not up:
            sys.stdout.write(clean(g.out)[-2000:] + "\n")
            sys.exit(1)
        if args.uefi:  # the same image under OVMF: reaching the prompt is the check
            steps = STEPS[:1]
        else:
            steps = [s for s in STEPS if args.only is None or re.search(args.only, s[0])]
        for rep in range(args.repeat):
            suffix = "" if args.repeat == 1 else "#%d" % (rep + 1)
            for name, keys, want in steps:
                out = run_step(g, keys)
                good = out is not None and re.search(want, out, re.M) is not None
                ok &= good
                print(("PASS: session/%s%s%s" % (tag, name, suffix)) if good else
                      ("FAIL: session/%s%s%s: output %r does not match %r (serial log: %s)"
                       % (tag, name, suffix, out, want, log.keep())), flush=True)
        g.type_serial(b"poweroff\r")
        try:
            g.proc.wait(timeout=60)
            off = True
        except Exception:
            off = False
        ok &= off
        print(("PASS: session/%spoweroff" % tag) if off else
              ("FAIL: session/%spoweroff: QEMU still running 60 s after poweroff (serial log: %s)"
               % (tag, log.keep())))
    finally:
        g.stop()
        log.save()
    sys.exit(0 if ok else 1)


class Log:
    """The serial log of a run, written to a file only once something failed."""

    def __init__(self, guest, path):
        self.guest, self.path, self.kept = guest, path, False

    def keep(self):
        if self.path is None:
            fd, self.path = tempfile.mkstemp(prefix="breenix-session-", suffix=".txt")
            os.close(fd)
        self.kept = True
        self.save()
        return self.path

    def save(self):
        if self.kept:
            with open(self.path, "wb") as f:
                f.write(self.guest.out)


if __name__ == "__main__":
    main()
