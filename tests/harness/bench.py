#!/usr/bin/env python3
"""bench.py: Breenix and Linux side by side on the same emulated machine.

Boots each guest in QEMU with the same flags (TCG, same CPU model, memory
and devices), measures the time from starting QEMU to the shell prompt on
the serial line, runs the same benchmark program (userland/bench/bench.c)
in each, and prints a table: metric, Breenix, Linux, ratio (Breenix/Linux,
inverted for throughput so that below 1.0 is always better).  Each guest
is booted --boots times; boot time is the median, and so is each metric
(bench itself reports medians of its rounds).  The table also goes to
--out (docs/benchmarks.md) with the date and the machine.

--disk runs the disk rows instead (`bench disk`, userland/bench/bench_disk.c)
on -machine pc -cpu qemu64 and on q35 -cpu max: each guest gets the same two
fresh virtio disks, a 256 MiB ext2 (4 KiB blocks) to work on and a read-only
one holding a tarball of Debian's coreutils source tree and busybox-static
(tests/harness/ext2_tar.py makes both); Linux mounts ext2 with its ext4
driver (the modules come from linux_guest.sh --disk).  One boot each (a
disk run is long, and its steps change the disk); the table replaces the
"## Disk" section of --out.
"""
import argparse
import datetime
import os
import platform
import re
import select
import shutil
import statistics
import subprocess
import sys
import time

BASE = ["qemu-system-x86_64", "-machine", "q35", "-cpu", "max", "-m", "512M", "-accel", "tcg",
        "-no-reboot", "-display", "none", "-serial", "stdio", "-monitor", "none"]
HIGHER_IS_BETTER = {"pipe_throughput"}


class Guest:
    def __init__(self, args, base=None):
        self.start = time.monotonic()
        self.proc = subprocess.Popen((base or BASE) + args, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE)
        self.out = b""

    def wait_for(self, pattern, timeout):
        end = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while time.monotonic() < end:
            m = re.search(pattern, self.out)
            if m:
                return m
            r, _, _ = select.select([fd], [], [], 0.1)
            if r:
                chunk = os.read(fd, 65536)
                if not chunk:
                    return None
                self.out += chunk
        return None

    def type(self, text):
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


def run_guest(qemu_args, prompt, bench_cmd, poweroff, base=None):
    """Boot, time the prompt, run the benchmark: (boot ms, {metric: (value, unit)})."""
    g = Guest(qemu_args, base)
    try:
        if g.wait_for(prompt, 300) is None:
            raise RuntimeError("no prompt; last output: %r" % g.out[-500:])
        boot_ms = (time.monotonic() - g.start) * 1000
        mark = len(g.out)
        g.type(bench_cmd + "\r")
        if g.wait_for(rb"BENCH: (done|error.*)", 1800) is None or b"BENCH: error" in g.out[mark:]:
            raise RuntimeError("benchmark did not finish: %r" % g.out[mark:][-500:])
        results = {}
        for m in re.finditer(rb"BENCH: (\w+) ([0-9.]+) (\S+)", g.out[mark:]):
            results[m.group(1).decode()] = (float(m.group(2)), m.group(3).decode())
        g.type(poweroff + "\r")
        try:
            g.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        return boot_ms, results
    finally:
        g.stop()


def run_breenix(iso):
    return run_guest(["-cdrom", iso], rb"root@breenix:[^#\r\n]*# $", "bench", "poweroff")


def medians(runs):
    boot = statistics.median(r[0] for r in runs)
    keys = runs[0][1].keys()
    res = {k: (statistics.median(r[1][k][0] for r in runs), runs[0][1][k][1]) for k in keys}
    return boot, res


MACHINES = [("pc", "qemu64"), ("q35", "max")]
DISK_SECTION = "## Disk"


def machine_base(machine, cpu):
    b = list(BASE)
    b[b.index("-machine") + 1] = machine
    b[b.index("-cpu") + 1] = cpu
    return b


def disk_bench(args):
    """The disk rows on both machines: a table, also written into --out's Disk section."""
    import tempfile
    import ext2_tar
    cache = os.environ.get("BREENIX_CACHE", os.path.expanduser("~/.cache/breenix"))
    tree = subprocess.run(["tests/harness/fetch_source.sh", "coreutils"], check=True,
                          capture_output=True, text=True).stdout.strip()
    # Our own copy: linux_guest.sh remakes the shared one for whoever calls it next.
    keep = tempfile.mkdtemp(prefix="breenix-dbench-initrd-")
    initrd = os.path.join(keep, "initramfs.cpio")
    shutil.copy(os.path.join(args.linux_dir, "initramfs.cpio"), initrd)
    lines = []
    for machine, cpu in MACHINES:
        base = machine_base(machine, cpu)
        res = {}
        for system in ("breenix", "linux"):
            print("bench: disk, %s on -machine %s -cpu %s" % (system, machine, cpu), flush=True)
            with tempfile.TemporaryDirectory(prefix="breenix-dbench-") as tmp:
                home, src, files, size = ext2_tar.make_disks(
                    tmp, tree, os.path.join(args.linux_dir, "busybox"))
                drives = ["-drive", "file=%s,format=raw,if=none,id=home" % home,
                          "-device", "virtio-blk-pci,drive=home",
                          "-drive", "file=%s,format=raw,if=none,id=src,readonly=on" % src,
                          "-device", "virtio-blk-pci,drive=src"]
                if system == "breenix":
                    _, r = run_guest(["-cdrom", args.breenix_iso] + drives,
                                     rb"root@breenix:[^#\r\n]*# $",
                                     "mkdir -p /tmp/src && mount -r /dev/vdb /tmp/src && "
                                     "bench disk /home /dev/vda /tmp/src", "poweroff", base)
                    fsck = subprocess.run(["e2fsck", "-fn", home], capture_output=True)
                    print("bench: Breenix's disk afterwards: e2fsck -fn exit %d" % fsck.returncode)
                else:
                    _, r = run_guest(["-kernel", os.path.join(args.linux_dir, "vmlinuz"),
                                      "-initrd", initrd, "-append", "console=ttyS0 quiet"] + drives,
                                     rb"linux# ", "mkdir -p /src /mnt && mount -r /dev/vdb /src && "
                                     "mount -t ext2 /dev/vda /mnt && /bench disk /mnt /dev/vda /src",
                                     "poweroff -f", base)
            res[system] = r
            print("bench: %s" % r, flush=True)
        lines.append("")
        lines.append("`-machine %s -cpu %s`: a tar of %d entries (%.1f MiB)." %
                     (machine, cpu, files, size / (1 << 20)))
        lines.append("")
        lines.append("| metric | Breenix | Linux 6.1 | unit | ratio (<1 is better) |")
        lines.append("|---|---:|---:|---|---:|")
        for k, (b, unit) in res["breenix"].items():
            l = res["linux"].get(k, (float("nan"), unit))[0]
            higher = unit.endswith("/s")
            ratio = (l / b if higher else b / l) if b > 0 and l > 0 else float("nan")
            lines.append("| %s | %.2f | %.2f | %s | %.2f |" % (k, b, l, unit, ratio))
    table = "\n".join(lines)
    print(table)
    kver = open(os.path.join(args.linux_dir, "kernel-version")).read().strip()
    section = (DISK_SECTION + "\n\nWritten by `./build.sh bench --disk` (tests/harness/bench.py "
               "--disk) on %s: one boot of each system per machine, the same two fresh virtio "
               "disks for each (a 256 MiB ext2 with 4 KiB blocks to work on; a read-only one "
               "with the tarball and busybox-static, whose `tar` and `find` both systems run); "
               "Linux %s mounts ext2 with its ext4 driver. `disk_untar_sync`: "
               "`tar -xf` of Debian's coreutils source tree, then `sync`; "
               "`disk_seq_write_fsync`: 64 MiB in 1 MiB writes, then `fsync`; the disk is then "
               "unmounted and mounted again, so `disk_find_cold` (`find` over the tree) and "
               "`disk_seq_read_cold` (the 64 MiB read back) start from an empty cache.\n%s\n"
               % (datetime.date.today().isoformat(), kver, table))
    old = open(args.out).read() if os.path.exists(args.out) else "# Benchmarks\n"
    if DISK_SECTION in old:
        old = old[:old.index(DISK_SECTION)].rstrip("\n") + "\n"
    with open(args.out, "w") as f:
        f.write(old + "\n" + section)
    print("bench: disk rows written to %s" % args.out)
    shutil.rmtree(keep, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--breenix-iso", required=True)
    ap.add_argument("--linux-dir")
    ap.add_argument("--boots", type=int, default=3)
    ap.add_argument("--out", default="docs/benchmarks.md")
    ap.add_argument("--breenix-only", action="store_true",
                    help="boot Breenix only and print its figures (for profiling; writes nothing)")
    ap.add_argument("--disk", action="store_true", help="the disk rows (needs --linux-dir)")
    args = ap.parse_args()
    if args.disk:
        if not args.linux_dir:
            ap.error("--disk needs --linux-dir")
        disk_bench(args)
        return
    if args.breenix_only:
        boot, res = medians([run_breenix(args.breenix_iso) for _ in range(args.boots)])
        print("boot_to_prompt %.1f ms" % boot)
        for k, (v, unit) in res.items():
            print("%s %.1f %s" % (k, v, unit))
        return
    if not args.linux_dir:
        ap.error("--linux-dir is needed unless --breenix-only")

    br_runs, lx_runs = [], []
    for i in range(args.boots):
        print("bench: Breenix boot %d of %d" % (i + 1, args.boots), flush=True)
        br_runs.append(run_breenix(args.breenix_iso))
        print("bench: Linux boot %d of %d" % (i + 1, args.boots), flush=True)
        lx_runs.append(run_guest(["-kernel", os.path.join(args.linux_dir, "vmlinuz"),
                                  "-initrd", os.path.join(args.linux_dir, "initramfs.cpio"),
                                  "-append", "console=ttyS0 quiet"],
                                 rb"linux# ", "/bench", "poweroff -f"))
    br_boot, br = medians(br_runs)
    lx_boot, lx = medians(lx_runs)

    rows = [("boot_to_prompt", br_boot, lx_boot, "ms")]
    for k in br:
        if k in lx:
            rows.append((k, br[k][0], lx[k][0], br[k][1]))
    lines = ["| metric | Breenix | Linux 6.1 | unit | ratio (<1 is better) |",
             "|---|---:|---:|---|---:|"]
    for name, b, l, unit in rows:
        ratio = (l / b if name in HIGHER_IS_BETTER else b / l) if b > 0 and l > 0 else float("nan")
        lines.append("| %s | %.1f | %.1f | %s | %.2f |" % (name, b, l, unit, ratio))
    table = "\n".join(lines)
    print(table)
    kver = open(os.path.join(args.linux_dir, "kernel-version")).read().strip()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                if l.startswith("model name")), platform.processor())
    disk = ""
    if os.path.exists(args.out) and DISK_SECTION in open(args.out).read():
        disk = open(args.out).read()
        disk = "\n" + disk[disk.index(DISK_SECTION):]
    with open(args.out, "w") as f:
        f.write("# Benchmarks\n\n")
        f.write("Written by `./build.sh bench` (tests/harness/bench.py): Breenix and Linux booted in\n"
                "the same QEMU (%s), medians of %d boots each.\n\n" % (" ".join(BASE[1:10]), args.boots))
        f.write("- date: %s\n- host: %s, %d CPUs\n- Linux guest: %s with busybox-static\n\n"
                % (datetime.date.today().isoformat(), cpu, os.cpu_count(), kver))
        f.write(table + "\n" + disk)
    print("bench: written to %s" % args.out)


if __name__ == "__main__":
    main()
