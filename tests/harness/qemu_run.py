#!/usr/bin/env python3
"""qemu_run.py: boot a Breenix test ISO in QEMU and report its results.

The guest prints "PASS: <name>" / "FAIL: <name>: <why>" / "SKIP: <name>"
lines over COM1 and ends QEMU through isa-debug-exit (docs/ktest.md):
exit status 33 means every test passed, 35 that one failed.  This script
copies the serial output to --log, prints the result lines (stripped of
the serial line's CR) on stdout for build.sh to count, and adds a FAIL
line of its own when the guest hangs past --timeout, exits with another
status, or passes with no results at all.  Exit status: 0 only if the
run passed.

--disk FILE attaches FILE as a virtio-blk disk (/dev/vda in the guest);
with --disk-check the file is first made afresh as the pattern image of
the block-device test (blk_image.py), served through QEMU's blkdebug driver
so that one sector fails with an I/O error, and after QEMU exits the
PASS:/FAIL: lines of the image's check are added to the results.

--ext2 FILE attaches a second disk (/dev/vdb), made afresh as the ext2
test image of t_ext2 (ext2_image.py, --ext2-block-size bytes per block),
and after QEMU exits checks it with e2fsck and debugfs against the guest's
manifest; those PASS:/FAIL: lines are added to the results too.

The serial line is a pipe both ways, so tests can ask for input: a line
"HARNESS-TYPE: <hex>" makes this script type those bytes on the serial
line (the terminal tests use it, userland/tests/t_tty.c).

QEMU runs with TCG: /dev/kvm exists on our machines but hangs guests.
"""
import argparse
import contextlib
import io
import os
import re
import select
import subprocess
import sys
import time

import blk_image
import ext2_image

RESULT = re.compile(r"^(PASS|FAIL|SKIP): \S")
TYPE_REQUEST = re.compile(rb"HARNESS-TYPE: ([0-9a-f]*)")


def qemu_command(args):
    cmd = ["qemu-system-x86_64", "-machine", "q35", "-cpu", "max", "-m", args.memory,
           "-accel", "tcg", "-no-reboot", "-display", "none",
           "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
           "-serial", "stdio", "-monitor", "none", "-cdrom", args.iso,
           "-boot", "order=d"]  # the CD first: the BIOS would try a disk with an MBR
    if args.uefi:
        cmd += ["-bios", "/usr/share/ovmf/OVMF.fd"]
    if args.disk_check:
        # The image under blkdebug, which fails I/O on blk_image.BAD_SECTOR.
        cmd += ["-blockdev", "driver=file,filename=%s,node-name=img0" % args.disk,
                "-blockdev", "driver=blkdebug,config=%s.rules,image=img0,node-name=dbg0"
                % args.disk,
                "-blockdev", "driver=raw,file=dbg0,node-name=disk0"]
    elif args.disk:
        cmd += ["-drive", "file=%s,format=raw,if=none,id=disk0" % args.disk]
    if args.disk:
        cmd += ["-device", ",".join(["virtio-blk-pci", "drive=disk0"] +
                                    ([args.disk_opts] if args.disk_opts else []))]
    if args.ext2:
        cmd += ["-drive", "file=%s,format=raw,if=none,id=disk1" % args.ext2,
                "-device", ",".join(["virtio-blk-pci", "drive=disk1"] +
                                    ([args.disk_opts] if args.disk_opts else []))]
    return cmd


def answer_requests(proc, lines):
    """Type what complete serial lines ask for."""
    for line in lines:
        m = TYPE_REQUEST.search(line)
        if m:
            try:
                proc.stdin.write(bytes.fromhex(m.group(1).decode()))
                proc.stdin.flush()
            except (BrokenPipeError, ValueError):
                pass  # QEMU is gone, or a garbled request: the test will fail by itself


def run(args):
    start = time.monotonic()
    proc = subprocess.Popen(qemu_command(args), stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    fd = proc.stdout.fileno()
    pending = b""
    rc = None
    with open(args.log, "wb") as log:
        while True:
            ready, _, _ = select.select([fd], [], [], 0.2)
            chunk = os.read(fd, 65536) if ready else b""
            if chunk:
                log.write(chunk)
                log.flush()
                *lines, pending = (pending + chunk).split(b"\n")
                answer_requests(proc, lines)
            elif ready or proc.poll() is not None:
                rc = proc.wait()   # EOF: QEMU has exited
                break
            if time.monotonic() - start > args.timeout:
                proc.kill()
                proc.wait()
                break
    return rc, time.monotonic() - start


def disk_results(path):
    """The result lines of blk_image.py's check of the image the guest wrote."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        blk_image.check(path)
    return [l for l in out.getvalue().splitlines() if RESULT.match(l)]


def ext2_results(args):
    """The result lines of ext2_image.py's check of the ext2 disk after the run."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        ext2_image.check(args.ext2, args.log, args.ext2_block_size)
    return [l for l in out.getvalue().splitlines() if RESULT.match(l)]


def results(log):
    try:
        with open(log, errors="replace") as f:
            lines = [l.rstrip("\r\n").replace("\r", "") for l in f]
    except FileNotFoundError:
        lines = []
    return [l for l in lines if RESULT.match(l)], lines


# What the report of each deliberate fault (ktest_fault=KIND) must hold.
FAULT_REPORTS = {
    "page": [
        ("vector", re.compile(r"^page fault \(vector 14\) in kernel mode")),
        ("rip_symbol", re.compile(r"^RIP [0-9a-f]{16} <ktest_fault\+0x[0-9a-f]+>")),
        ("cr2", re.compile(r"CR2 0000000000000010")),
        ("registers", re.compile(r"^R13 [0-9a-f]{16} R14 ")),
        ("backtrace", re.compile(r"^\s+[0-9a-f]{16} <ktest_run_all\+0x[0-9a-f]+>")),
        ("panic", re.compile(r"^panic: unhandled page fault")),
    ],
    # The canary is checked as the overrunning function returns: a panic, not a return.
    "smash": [
        ("overrun", re.compile(r"^ktest: overrunning a stack buffer on purpose")),
        ("panic", re.compile(r"^panic: stack smashing detected")),
        ("backtrace", re.compile(r"^\s+[0-9a-f]{16} <ktest_smash\+0x[0-9a-f]+>")),
    ],
}


def check_fault(args, rc, lines):
    """PASS/FAIL lines for each part of the fault report; the exit status."""
    ok = True
    for name, pattern in FAULT_REPORTS[args.expect_fault]:
        hit = any(pattern.search(l) for l in lines)
        print(("PASS: %s/%s" % (args.name, name)) if hit else
              ("FAIL: %s/%s: no line matching %s" % (args.name, name, pattern.pattern)))
        ok &= hit
    exited = rc == 35
    print(("PASS: %s/exit_code" % args.name) if exited else
          ("FAIL: %s/exit_code: QEMU exit status %s, wanted 35" % (args.name, rc)))
    if not (ok and exited):
        for line in lines[-30:]:
            print("    " + line)
    return 0 if ok and exited else 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iso", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--memory", default="512M")
    ap.add_argument("--uefi", action="store_true")
    ap.add_argument("--name", default="qemu", help="prefix of this script's own result lines")
    ap.add_argument("--prefix", default="", help="put before every guest result's name")
    ap.add_argument("--expect-fault", nargs="?", const="page", choices=sorted(FAULT_REPORTS),
                    help="the guest ends in a deliberate kernel fault (ktest_fault, or "
                    "ktest_fault=smash): check its report and the failure exit instead")
    ap.add_argument("--disk", help="attach this raw image as a virtio-blk disk")
    ap.add_argument("--disk-opts", default="",
                    help="more virtio-blk-pci properties, e.g. disable-legacy=on")
    ap.add_argument("--disk-check", action="store_true",
                    help="make --disk the block-device test's pattern image, check it after")
    ap.add_argument("--ext2", help="attach this file, made afresh as t_ext2's disk, as vdb")
    ap.add_argument("--ext2-block-size", type=int, default=1024, choices=(1024, 4096))
    args = ap.parse_args()
    if args.ext2:
        ext2_image.make(args.ext2, args.ext2_block_size)
    if args.disk_check:
        if not args.disk:
            ap.error("--disk-check needs --disk")
        blk_image.make(args.disk)
        blk_image.blkdebug_rules(args.disk + ".rules")

    rc, secs = run(args)
    found, lines = results(args.log)
    if args.expect_fault:
        sys.exit(check_fault(args, rc, lines))
    disk = disk_results(args.disk) if args.disk_check and rc is not None else []
    if args.ext2 and rc is not None:
        disk += ext2_results(args)
    for line in found + disk:
        kind, rest = line.split(": ", 1)
        print("%s: %s%s" % (kind, args.prefix, rest))
    ok = True
    if rc is None:
        print("FAIL: %s/boot: no exit after %.0f s (hang); last serial lines:" % (args.name, secs))
        ok = False
    elif rc not in (33, 35):
        print("FAIL: %s/boot: QEMU exited with status %d; last serial lines:" % (args.name, rc))
        ok = False
    elif rc == 35 and not any(l.startswith("FAIL: ") for l in found):
        print("FAIL: %s/boot: guest reported failure without a FAIL line" % args.name)
        ok = False
    elif rc == 33 and not found:
        print("FAIL: %s/boot: guest passed without reporting any test" % args.name)
        ok = False
    if not ok:
        for line in lines[-25:]:
            print("    " + line)
    print("%s: %d result lines in %.1f s, exit status %s" % (args.name, len(found + disk), secs,
                                                            rc))
    disk_ok = not any(l.startswith("FAIL: ") for l in disk)
    sys.exit(0 if ok and rc == 33 and disk_ok else 1)


if __name__ == "__main__":
    main()
