#!/usr/bin/env python3
"""ext2_tar.py: a tar of the coreutils tree unpacked onto an ext2 disk (issue 18).

Debian's coreutils source tree (tests/harness/fetch_source.sh coreutils,
cached) is packed on the host with GNU tar (ustar/gnu, sorted, owner root).
Breenix boots the normal ISO with two disks: /dev/vda, a fresh 256 MiB
ext2 (4 KiB blocks) that init mounts on /home, and /dev/vdb, an ext2 made
with mkfs.ext2 -d holding the tarball and Debian's busybox-static (the one
linux_guest.sh caches).  In the guest: mount vdb read-only, busybox tar -xf
onto /home, poweroff (which unmounts).  On the host:

  - e2fsck -fn of the disk must find nothing to fix;
  - the tree debugfs reads (rdump) must equal the host's tree: every path,
    type, permission bits, size, CRC-32 of the data, a regular file's mtime.

Prints PASS:/FAIL: lines and the unpack time; exit status 0 only if all
passed.  --keep DIR leaves the images there (build.sh bench reuses them).
"""
import argparse
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time

from boot_echo import Guest
from ext2_image import crc_file, crc
from session import PROMPT, clean

TOP = "coreutils"


def report(name, ok, why=""):
    print(("PASS: ext2-tar/%s" % name) if ok else ("FAIL: ext2-tar/%s: %s" % (name, why)))
    return ok


def manifest(root):
    """path -> (type, mode, size, crc, mtime of a file) of the tree under root."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            rel = os.path.relpath(p, root)
            st = os.lstat(p)
            mode = stat.S_IMODE(st.st_mode)
            if stat.S_ISDIR(st.st_mode):
                out[rel] = ("d", mode, 0, "-", 0)
            elif stat.S_ISLNK(st.st_mode):
                t = os.readlink(p).encode()
                out[rel] = ("l", mode, len(t), crc(t), 0)
            else:
                out[rel] = ("f", mode, st.st_size, crc_file(p), int(st.st_mtime))
    return out


def make_tarball(tree, tar):
    """GNU tar of tree as TOP/..., deterministic: (files, bytes)."""
    subprocess.run(["tar", "-C", os.path.dirname(tree), "--transform", "s,^%s,%s," %
                    (re.escape(os.path.basename(tree)), TOP), "--sort=name", "--owner=0",
                    "--group=0", "--numeric-owner", "-cf", tar, os.path.basename(tree)],
                   check=True)
    n = sum(len(d) + len(f) for _, d, f in os.walk(tree))
    return n, os.path.getsize(tar)


def make_disks(tmp, tree, busybox):
    src = os.path.join(tmp, "src")
    os.makedirs(src)
    files, size = make_tarball(tree, os.path.join(src, "cu.tar"))
    shutil.copy(busybox, os.path.join(src, "busybox"))
    srcimg, home = os.path.join(tmp, "src.img"), os.path.join(tmp, "home.img")
    mb = size // (1 << 20) + 24
    subprocess.run(["mkfs.ext2", "-q", "-F", "-b", "4096", "-d", src, srcimg, "%dM" % mb],
                   check=True, capture_output=True)
    subprocess.run(["mkfs.ext2", "-q", "-F", "-b", "4096", "-L", "breenix-home",
                    "-E", "root_owner=0:0", home, "256M"], check=True, capture_output=True)
    return home, srcimg, files, size


def step(g, keys, done, timeout):
    """Type keys; the output once the regex done matched (None on timeout)."""
    mark = len(g.out)
    g.type_serial(keys.encode())
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        m = re.search(done, clean(g.out[mark:]))
        if m:
            return m
        g.read_for(0.2)
    return None


def unpack(iso, home, srcimg, timeout):
    g = Guest(iso, False, ["-drive", "file=%s,format=raw,if=none,id=home" % home,
                           "-device", "virtio-blk-pci,drive=home",
                           "-drive", "file=%s,format=raw,if=none,id=src,readonly=on" % srcimg,
                           "-device", "virtio-blk-pci,drive=src"])
    ok = True
    try:
        end = time.monotonic() + 240
        while time.monotonic() < end and PROMPT.search(g.out) is None:
            g.read_for(0.5)
        if not report("prompt", PROMPT.search(g.out) is not None, clean(g.out)[-1500:]):
            return False, 0
        m = step(g, "mkdir -p /tmp/src && mount -r /dev/vdb /tmp/src; echo MOUNT-$?\r",
                 r"MOUNT-(\d+)", 60)
        if not report("source_mounted", m is not None and m.group(1) == "0", clean(g.out)[-800:]):
            return False, 0
        t0 = time.monotonic()
        m = step(g, "/tmp/src/busybox tar -xf /tmp/src/cu.tar -C /home; echo TAR-$?\r",
                 r"TAR-(\d+)", timeout)
        secs = time.monotonic() - t0
        ok &= report("tar_exit_0", m is not None and m.group(1) == "0",
                     "no end within %.0f s" % timeout if m is None else clean(g.out)[-1500:])
        g.type_serial(b"umount /tmp/src; poweroff\r")
        try:
            g.proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            ok &= report("poweroff", False, "QEMU still running 120 s after poweroff")
        return ok, secs
    finally:
        g.stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iso", required=True)
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--keep", help="keep the images in this directory")
    args = ap.parse_args()
    cache = os.environ.get("BREENIX_CACHE", os.path.expanduser("~/.cache/breenix"))
    tree = subprocess.run(["tests/harness/fetch_source.sh", "coreutils"], check=True,
                          capture_output=True, text=True).stdout.strip()
    busybox = os.path.join(cache, "bench-linux", "busybox")
    if not os.path.exists(busybox):  # fetched by linux_guest.sh, as busybox_suite.sh has it
        subprocess.run(["tests/harness/linux_guest.sh", os.path.dirname(busybox)], check=True,
                       stdout=subprocess.DEVNULL)
    ok = True
    with tempfile.TemporaryDirectory(prefix="breenix-tar-") as tmp:
        home, srcimg, files, size = make_disks(tmp, tree, busybox)
        good, secs = unpack(args.iso, home, srcimg, args.timeout)
        ok &= good
        print("ext2-tar: %d entries, %.1f MiB of tar unpacked in %.1f s" %
              (files, size / (1 << 20), secs))
        r = subprocess.run(["e2fsck", "-fn", home], capture_output=True, text=True)
        ok &= report("e2fsck_clean", r.returncode == 0, "exit %d: %s" % (
            r.returncode, " | ".join((r.stdout + r.stderr).splitlines()[-12:])))
        print("ext2-tar: e2fsck: %s" % (r.stdout.strip().splitlines() or [""])[-1])
        dump = os.path.join(tmp, "dump")
        os.mkdir(dump)
        subprocess.run(["debugfs", "-R", "rdump /%s %s" % (TOP, dump), home],
                       capture_output=True)
        want, got = manifest(tree), manifest(os.path.join(dump, TOP))
        bad = ["%s: host %s, disk %s" % (k, want.get(k), got.get(k))
               for k in sorted(set(want) | set(got)) if want.get(k) != got.get(k)]
        ok &= report("tree_matches_host", bool(got) and not bad,
                     "%d differ: %s" % (len(bad), "; ".join(bad[:6])))
        if args.keep:
            os.makedirs(args.keep, exist_ok=True)
            for f in (home, srcimg):
                shutil.copy(f, args.keep)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
