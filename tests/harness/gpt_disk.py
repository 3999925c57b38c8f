#!/usr/bin/env python3
"""gpt_disk.py: GPT partitions become /dev/vdaN, as on Linux (issue 18).

Makes two 64 MiB GPT disks in Python (protective MBR, primary header and
entry array, backup array and header in the last sectors, CRC-32s as the
UEFI specification says): partition 1 (4 MiB) starts with a signature,
partition 2 (20 MiB) holds an ext2 file system made by mkfs.ext2 -d with
one file, entry 5 (1 MiB) leaves entries 3 and 4 unused.  On the second
disk the primary header is damaged, so the backup must be used.  Breenix
boots the normal ISO with both (--machine pc or q35); in the guest
/proc/partitions must list vda1, vda2, vda5, vdb1, vdb2, vdb5 with their
sizes, partition 1 must read its signature and partition 2 must mount and
give the file back.  With --ahci (q35) a third, good, GPT disk hangs off the
ICH9 AHCI controller (-device ide-hd,bus=ide.0) and must appear as /dev/sda
(8:0) with sda1, sda2, sda5; its partition 2 is mounted read-write, a file
written and the disk unmounted, and the host must find the file (debugfs)
and e2fsck -fn must be clean.  Prints PASS:/FAIL: lines; exit status 0
only if all passed.
"""
import argparse
import os
import re
import struct
import subprocess
import sys
import tempfile
import time
import uuid
import zlib

from boot_echo import Guest
from session import PROMPT, clean

SECTOR = 512
DISK_SECTORS = 64 * 2048
NENT = 128
PARTS = {1: (2048, 8192), 2: (10240, 40960), 5: (51200, 2048)}  # number: (first, count)
LINUX_FS = uuid.UUID("0fc63daf-8483-4772-8e79-3d69d8477de4").bytes_le
TOKEN = "gpt-partition-two"


def header(lba, other, entries_lba, entries_crc):
    h = struct.pack("<8sIIIIQQQQ16sQIII", b"EFI PART", 0x10000, 92, 0, 0, lba, other, 34,
                    DISK_SECTORS - 34, uuid.uuid4().bytes, entries_lba, NENT, 128, entries_crc)
    h = h[:16] + struct.pack("<I", zlib.crc32(h)) + h[20:]
    return h.ljust(SECTOR, b"\0")


def make_disk(path, tmp, damage_primary):
    img = bytearray(DISK_SECTORS * SECTOR)
    # Protective MBR: one 0xEE entry covering the disk.
    img[446:462] = struct.pack("<B3sB3sII", 0, b"\0\x02\0", 0xEE, b"\xff\xff\xff", 1,
                               min(DISK_SECTORS - 1, 0xFFFFFFFF))
    img[510:512] = b"\x55\xaa"
    ent = bytearray(NENT * 128)
    for n, (first, count) in PARTS.items():
        ent[(n - 1) * 128:(n - 1) * 128 + 56] = struct.pack("<16s16sQQQ", LINUX_FS, uuid.uuid4().bytes,
                                                             first, first + count - 1, 0)
    crc = zlib.crc32(ent)
    img[2 * SECTOR:2 * SECTOR + len(ent)] = ent
    img[SECTOR:2 * SECTOR] = header(1, DISK_SECTORS - 1, 2, crc)
    back = DISK_SECTORS - 1 - len(ent) // SECTOR
    img[back * SECTOR:back * SECTOR + len(ent)] = ent
    img[(DISK_SECTORS - 1) * SECTOR:] = header(DISK_SECTORS - 1, 1, back, crc)
    if damage_primary:
        img[SECTOR + 60] ^= 0xFF  # inside the disk GUID: the header CRC no longer matches
    first, count = PARTS[1]
    img[first * SECTOR:first * SECTOR + 9] = b"GPT-PART1"
    seed = os.path.join(tmp, "seed")
    os.makedirs(seed, exist_ok=True)
    with open(os.path.join(seed, "hello"), "w") as f:
        f.write(TOKEN + "\n")
    part = os.path.join(tmp, "p2.img")
    first, count = PARTS[2]
    subprocess.run(["mkfs.ext2", "-q", "-F", "-d", seed, part, "%dk" % (count // 2)],
                   check=True, capture_output=True)
    data = open(part, "rb").read()
    img[first * SECTOR:first * SECTOR + len(data)] = data
    with open(path, "wb") as f:
        f.write(img)


def report(name, ok, why=""):
    print(("PASS: gpt/%s" % name) if ok else ("FAIL: gpt/%s: %s" % (name, why)))
    return ok


def run(g, keys, timeout=60):
    mark = len(g.out)
    g.type_serial(keys.encode())
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        g.read_for(0.2)
        text = clean(g.out[mark:])
        if "CMD-END" in text.split("\n", 1)[-1]:
            return text.split("\n", 1)[-1]
    return clean(g.out[mark:])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iso", required=True)
    ap.add_argument("--machine", default="q35")
    ap.add_argument("--ahci", action="store_true", help="a third disk on q35's AHCI controller")
    args = ap.parse_args()
    disks = [("vda", 254, 0), ("vdb", 254, 16)] + ([("sda", 8, 0)] if args.ahci else [])
    ok = True
    with tempfile.TemporaryDirectory(prefix="breenix-gpt-") as tmp:
        a, b = os.path.join(tmp, "a.img"), os.path.join(tmp, "b.img")
        make_disk(a, tmp, False)
        make_disk(b, tmp, True)
        c = os.path.join(tmp, "c.img")
        make_disk(c, tmp, False)
        # The firmware would boot the hard disk on ide.0 (its protective MBR): the CD first.
        ahci = ["-drive", "file=%s,format=raw,if=none,id=c" % c, "-boot", "order=d",
                "-device", "ide-hd,drive=c,bus=ide.0"] if args.ahci else []
        g = Guest(args.iso, False, ["-drive", "file=%s,format=raw,if=none,id=a" % a,
                                    "-device", "virtio-blk-pci,drive=a",
                                    "-drive", "file=%s,format=raw,if=none,id=b" % b,
                                    "-device", "virtio-blk-pci,drive=b"] + ahci,
                  machine=args.machine, cpu="max" if args.machine == "q35" else "qemu64")
        try:
            end = time.monotonic() + 240
            while time.monotonic() < end and PROMPT.search(g.out) is None:
                g.read_for(0.5)
            if not report("prompt", PROMPT.search(g.out) is not None, clean(g.out)[-1500:]):
                sys.exit(1)
            out = run(g, "cat /proc/partitions; echo CMD-END\r")
            for disk, major, minor in disks:
                for n, (first, count) in PARTS.items():
                    want = r"^\s*%d\s+%d\s+%d\s+%s%d\s*$" % (major, minor + n, count // 2, disk, n)
                    ok &= report("%s%d_listed" % (disk, n), re.search(want, out, re.M) is not None,
                                 "no line like %r in %r" % (want, out))
                ok &= report("%s_unused_entries_absent" % disk,
                             re.search(r"%s[34]\s*$" % disk, out, re.M) is None, out)
            ok &= report("backup_header_used", "bad primary GPT header" in clean(g.out),
                         "no log line about vdb's primary header")
            out = run(g, "head -c 9 /dev/vda1; echo; head -c 9 /dev/vdb1; echo; echo CMD-END\r")
            ok &= report("partition1_reads_its_start", out.count("GPT-PART1") == 2, out)
            out = run(g, "mkdir -p /tmp/g && mount -r /dev/vda2 /tmp/g && cat /tmp/g/hello && "
                      "umount /tmp/g && mount -r /dev/vdb2 /tmp/g && cat /tmp/g/hello && "
                      "umount /tmp/g; echo CMD-END\r")
            ok &= report("partition2_mounts", out.count(TOKEN) == 2, out)
            if args.ahci:
                out = run(g, "head -c 9 /dev/sda1; echo; mount /dev/sda2 /tmp/g && cat /tmp/g/hello"
                          " && seq 1 20000 > /tmp/g/written && umount /tmp/g && echo UMOUNTED;"
                          " echo CMD-END\r", 120)
                ok &= report("ahci_sda_reads", "GPT-PART1" in out and TOKEN in out, out)
                ok &= report("ahci_sda_write_unmounted", "UMOUNTED" in out, out)
        finally:
            g.stop()
        if args.ahci:
            first, count = PARTS[2]
            part = os.path.join(tmp, "c2.img")
            with open(c, "rb") as f, open(part, "wb") as o:
                f.seek(first * SECTOR)
                o.write(f.read(count * SECTOR))
            r = subprocess.run(["e2fsck", "-fn", part], capture_output=True, text=True)
            ok &= report("ahci_e2fsck_clean", r.returncode == 0,
                         " | ".join(r.stdout.splitlines()[-6:]))
            r = subprocess.run(["debugfs", "-R", "cat /written", part], capture_output=True,
                               text=True)
            want = "".join("%d\n" % i for i in range(1, 20001))
            ok &= report("ahci_write_landed", r.stdout == want,
                         "debugfs read %d bytes, want %d" % (len(r.stdout), len(want)))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
