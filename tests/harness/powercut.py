#!/usr/bin/env python3
"""powercut.py: what fsync promised survives a power cut (issue 18).

Boots the normal ISO with a fresh ext2 disk (1 KiB blocks) on /home, runs
/tests/fsync_load (userland/tests/fsync_load.c) there: it writes files,
fsyncs about two in three and prints "SYNCED <path> <size> <crc>" once
fsync has returned.  After a point chosen from --seed (the k-th SYNCED
line, then a delay) the host kills QEMU with SIGKILL, in the middle of the
workload: writes in flight, dirty buffers unwritten, the file system not
unmounted.  Then on the host:

  - e2fsck -fy must repair the image (exit 0 or 1; 4 or more, an error it
    could not correct, fails), and a second e2fsck -fn must find it clean;
  - every file reported SYNCED (also lines that reached the serial line
    just before the kill) must be there under its name, with its size and
    CRC-32 (debugfs dump).

Nothing here depends on timing for its verdict: whatever the point of the
cut, a file fsync reported must be whole.  The point only decides how
much work is in flight.  --rounds boots that many times (seeds seed,
seed+1, ...).  Prints PASS:/FAIL: lines; exit status 0 only if all passed.
"""
import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import zlib

from boot_echo import Guest
from session import PROMPT, clean

SYNCED = re.compile(rb"SYNCED /home/(\S+) (\d+) ([0-9a-f]{8})\r?\n")


def result(name, ok, detail=""):
    print(("PASS: powercut/%s" % name) if ok else ("FAIL: powercut/%s: %s" % (name, detail)))
    return ok


def make_disk(path):
    subprocess.run(["mkfs.ext2", "-q", "-F", "-b", "1024", "-L", "breenix-home",
                    "-E", "root_owner=0:0", path, "64M"], check=True, capture_output=True)


def cut(iso, disk, seed, timeout, tag):
    """Boot, run the workload, kill QEMU at the seeded point: the SYNCED claims, or None."""
    rng = random.Random(seed)
    want = rng.randint(3, 40)       # SYNCED lines before the cut
    delay = rng.uniform(0.0, 1.5)   # then this long more
    g = Guest(iso, False, ["-drive", "file=%s,format=raw,if=none,id=home" % disk,
                           "-device", "virtio-blk-pci,drive=home"])
    try:
        end = time.monotonic() + timeout
        while time.monotonic() < end and PROMPT.search(g.out) is None:
            g.read_for(0.5)
        if not result(tag + "_prompt", PROMPT.search(g.out) is not None,
                      "no shell prompt within %.0f s: %r" % (timeout, clean(g.out)[-1500:])):
            return None
        mark = len(g.out)
        g.type_serial(b"/tests/fsync_load /home/pc %d\r" % seed)
        end = time.monotonic() + timeout
        while time.monotonic() < end and len(SYNCED.findall(g.out[mark:])) < want:
            if b"FSYNC-LOAD: error" in g.out[mark:] or b"FSYNC-LOAD: done" in g.out[mark:]:
                break
            g.read_for(0.1)
        got = len(SYNCED.findall(g.out[mark:]))
        if not result(tag + "_workload_ran", got >= want,
                      "%d of %d SYNCED lines; output %r" % (got, want, clean(g.out[mark:])[-1500:])):
            return None
        g.read_for(delay)
        g.proc.kill()                 # the power cut: SIGKILL, nothing flushed by QEMU
        g.proc.wait()
        try:
            rest = g.proc.stdout.read() or b""
        except Exception:
            rest = b""
        g.out += rest
        claims = [(m.group(1).decode(), int(m.group(2)), m.group(3).decode())
                  for m in SYNCED.finditer(g.out[mark:])]
        print("powercut: seed %d: cut after %d SYNCED lines (+%.2f s): %d claims"
              % (seed, want, delay, len(claims)))
        return claims
    finally:
        g.stop()


def check(disk, claims, tag, tmp):
    ok = True
    r = subprocess.run(["e2fsck", "-fy", disk], capture_output=True, text=True)
    ok &= result(tag + "_e2fsck_repairs", r.returncode in (0, 1),
                 "exit %d: %s" % (r.returncode, " | ".join(r.stdout.splitlines()[-12:])))
    fixed = [l for l in r.stdout.splitlines() if l.strip() and not l.startswith("Pass ")]
    print("powercut: e2fsck -fy exit %d, %d lines: %s" % (r.returncode, len(fixed),
                                                       " | ".join(fixed[:6])))
    r = subprocess.run(["e2fsck", "-fn", disk], capture_output=True, text=True)
    ok &= result(tag + "_e2fsck_clean_after_repair", r.returncode == 0,
                 "exit %d: %s" % (r.returncode, " | ".join(r.stdout.splitlines()[-8:])))
    # One debugfs for all the files: dump each to its own name.
    out = os.path.join(tmp, "dump")
    os.makedirs(out, exist_ok=True)
    cmds = "".join("dump /%s %s/%d\n" % (p, out, i) for i, (p, _, _) in enumerate(claims))
    subprocess.run(["debugfs", "-f", "-", disk], input=cmds, text=True, capture_output=True)
    bad = []
    for i, (path, size, crc) in enumerate(claims):
        f = os.path.join(out, str(i))
        if not os.path.exists(f):
            bad.append("%s: missing" % path)
            continue
        data = open(f, "rb").read()
        if len(data) != size or "%08x" % zlib.crc32(data) != crc:
            bad.append("%s: %d bytes crc %08x, fsync had %d bytes crc %s"
                       % (path, len(data), zlib.crc32(data), size, crc))
    ok &= result(tag + "_synced_files_intact", bool(claims) and not bad,
                 "%d of %d: %s" % (len(bad), len(claims), "; ".join(bad[:8])))
    if claims and not bad:
        print("powercut: %d fsynced files intact" % len(claims))
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iso", required=True)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=240)
    ap.add_argument("--keep", help="keep the last image here")
    args = ap.parse_args()
    ok = True
    with tempfile.TemporaryDirectory(prefix="breenix-powercut-") as tmp:
        for n in range(args.rounds):
            seed, tag = args.seed + n, "seed%d" % (args.seed + n)
            disk = os.path.join(tmp, "home.img")
            make_disk(disk)
            claims = cut(args.iso, disk, seed, args.timeout, tag)
            if claims is None:
                ok = False
                continue
            ok &= check(disk, claims, tag, os.path.join(tmp, tag))
            if args.keep:
                subprocess.run(["cp", disk, args.keep], check=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
