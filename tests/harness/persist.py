#!/usr/bin/env python3
"""persist.py: files survive a reboot (build.sh run --disk, as a user sees it).

Makes a disk as `./build.sh run --disk` does (mkfs.ext2 with /user owned by
uid 1000), boots the normal ISO with it: init must have mounted it on /home
(mount, df), a file, a directory and a program are written there as the
user would, and `poweroff` unmounts it.  On the host, `e2fsck -fn` must find
it clean and debugfs must read the file.  A second boot must find the file
and run the program from the disk.  Prints PASS:/FAIL: lines; exit status 0
only if all passed.
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

from boot_echo import Guest
from session import PROMPT, clean, run_step

TOKEN = "kept-%d" % os.getpid()

BOOT1 = [
    ("fstab_mounted", "mount | grep home\r", r"^/dev/vda on /home type ext2 \(rw\)$"),
    ("df_shows_disk", "df /home | tail -n 1\r", r"^/dev/vda\s+\d+\s+\d+\s+\d+\s+\d+% /home$"),
    ("write_files", "echo %s > /home/user/note; mkdir /home/user/bin; "
     "cp /bin/echo /home/user/bin/say; su user -c 'echo mine > /home/user/mine'; "
     "ls /home/user\r" % TOKEN, r"^bin\s+mine\s+note$"),
]
BOOT2 = [
    ("file_survived", "cat /home/user/note\r", r"^%s$" % TOKEN),
    ("program_runs_from_disk", "/home/user/bin/say from-ext2\r", r"^from-ext2$"),
    ("user_owns_it", "ls -l /home/user/mine\r", r"^-rw-r--r-- 1 user user 5 "),
]


def make_disk(path):
    subprocess.run(["mkfs.ext2", "-q", "-F", "-L", "breenix-home", "-E", "root_owner=0:0",
                    path, "64M"], check=True, capture_output=True)
    subprocess.run(["debugfs", "-w", "-f", "-", path], input="mkdir user\nsif user uid 1000\n"
                   "sif user gid 1000\n", text=True, check=True, capture_output=True)


def boot(iso, disk, steps, tag, timeout):
    g = Guest(iso, False, ["-drive", "file=%s,format=raw,if=none,id=home" % disk,
                           "-device", "virtio-blk-pci,drive=home"])
    ok = True
    try:
        end = time.monotonic() + timeout
        up = False
        while time.monotonic() < end and not up:
            g.read_for(0.5)
            up = PROMPT.search(g.out) is not None
        if not up:
            print("FAIL: persist/%s_prompt: no shell prompt within %.0f s" % (tag, timeout))
            sys.stdout.write(clean(g.out)[-2000:] + "\n")
            return False
        for name, keys, want in steps:
            out = run_step(g, keys)
            good = out is not None and re.search(want, out, re.M) is not None
            ok &= good
            print(("PASS: persist/%s" % name) if good else
                  ("FAIL: persist/%s: output %r does not match %r" % (name, out, want)))
        g.type_serial(b"poweroff\r")
        try:
            g.proc.wait(timeout=60)
        except Exception:
            print("FAIL: persist/%s_poweroff: QEMU still running 60 s after poweroff" % tag)
            ok = False
    finally:
        g.stop()
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iso", required=True)
    ap.add_argument("--timeout", type=float, default=180)
    args = ap.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        disk = os.path.join(tmp, "home.img")
        make_disk(disk)
        ok &= boot(args.iso, disk, BOOT1, "first", args.timeout)
        r = subprocess.run(["e2fsck", "-fn", disk], capture_output=True, text=True)
        good = r.returncode == 0
        ok &= good
        print("PASS: persist/e2fsck_clean_after_poweroff" if good else
              "FAIL: persist/e2fsck_clean_after_poweroff: exit %d: %s" %
              (r.returncode, " | ".join(r.stdout.splitlines()[-8:])))
        r = subprocess.run(["debugfs", "-R", "cat /user/note", disk], capture_output=True,
                           text=True)
        good = r.stdout.strip() == TOKEN
        ok &= good
        print("PASS: persist/host_reads_note" if good else
              "FAIL: persist/host_reads_note: debugfs gave %r" % r.stdout[:200])
        ok &= boot(args.iso, disk, BOOT2, "second", args.timeout)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
