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

--machine pc runs the same rows on -machine pc -cpu qemu64, where Linux
is not handicapped (on q35 -cpu max its glibc picks AVX2 string functions
that TCG emulates slowly, and it turns on 5-level paging); that table
replaces the "## pc" section of --out, and the q35 table stays.

--net runs the TCP rows on both machines, with a virtio-net card and with an
e1000 on QEMU's user network: in each guest `bench net PORT`
(userland/bench/bench_net.c) serves TCP on PORT, forwarded from a free port
of the host's 127.0.0.1, and this script is the client that times it
(linux_guest.sh --net gives Linux the two drivers; Breenix gets its address
by DHCP, Linux is configured with the same one, 10.0.2.15).  Each figure is
the median of NET_ROUNDS rounds in one boot; every connection has a timeout
and every round a deadline, so a stalled connection cannot hang the bench:
it is counted and reported, and a round with a stall gives no figure.  The
table replaces the "## Net" section of --out.
"""
import argparse
import datetime
import os
import platform
import re
import select
import shutil
import socket
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


def run_breenix(iso, base=None):
    return run_guest(["-cdrom", iso], rb"root@breenix:[^#\r\n]*# $", "bench", "poweroff", base)


def medians(runs):
    boot = statistics.median(r[0] for r in runs)
    keys = runs[0][1].keys()
    res = {k: (statistics.median(r[1][k][0] for r in runs), runs[0][1][k][1]) for k in keys}
    return boot, res


MACHINES = [("pc", "qemu64"), ("q35", "max")]
PC_SECTION = "## pc"
DISK_SECTION = "## Disk"
NET_SECTION = "## Net"
SECTIONS = (PC_SECTION, DISK_SECTION, NET_SECTION)


def keep_sections(text, drop):
    """The sections of text (an --out file) after its first table, without drop."""
    found = sorted((text.index(h), h) for h in SECTIONS if h in text)
    parts = []
    for i, (at, head) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        if head != drop:
            parts.append(text[at:end].rstrip("\n") + "\n")
    return parts


def write_section(out, head, body):
    """Replace (or add) the section head of out, keeping the others."""
    old = open(out).read() if os.path.exists(out) else "# Benchmarks\n"
    found = [old.index(h) for h in SECTIONS if h in old]
    top = old[:min(found)].rstrip("\n") + "\n" if found else old
    parts = keep_sections(old, head) + [head + "\n\n" + body.rstrip("\n") + "\n"]
    parts.sort(key=lambda p: SECTIONS.index(p.split("\n", 1)[0]))
    with open(out, "w") as f:
        f.write(top + "".join("\n" + p for p in parts))


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
    section = ("Written by `./build.sh bench --disk` (tests/harness/bench.py "
               "--disk) on %s: one boot of each system per machine, the same two fresh virtio "
               "disks for each (a 256 MiB ext2 with 4 KiB blocks to work on; a read-only one "
               "with the tarball and busybox-static, whose `tar` and `find` both systems run); "
               "Linux %s mounts ext2 with its ext4 driver. `disk_untar_sync`: "
               "`tar -xf` of Debian's coreutils source tree, then `sync`; "
               "`disk_seq_write_fsync`: 64 MiB in 1 MiB writes, then `fsync`; the disk is then "
               "unmounted and mounted again, so `disk_find_cold` (`find` over the tree) and "
               "`disk_seq_read_cold` (the 64 MiB read back) start from an empty cache.\n%s\n"
               % (datetime.date.today().isoformat(), kver, table))
    write_section(args.out, DISK_SECTION, section)
    print("bench: disk rows written to %s" % args.out)
    shutil.rmtree(keep, ignore_errors=True)


NICS = [("virtio-net-pci", "virtio-net"), ("e1000", "e1000")]
NET_GUEST_PORT = 5001
NET_BYTES = 64 << 20     # per throughput round
NET_CONNS = 300          # per connection round
NET_ROUNDS = 5
NET_CONN_TIMEOUT = 10    # s, one connection (a healthy one takes milliseconds)
NET_ROUND_TIMEOUT = 120  # s, one round
NET_ROWS = [("tcp_host_to_guest", "MiB/s"), ("tcp_guest_to_host", "MiB/s"),
            ("tcp_connections", "conn/s")]


class NetStall(Exception):
    """A connection or round that did not finish in time."""


def net_conn(port, deadline):
    """A connection to the guest's server; its operations end by deadline."""
    left = min(deadline - time.monotonic(), NET_CONN_TIMEOUT)
    if left <= 0:
        raise NetStall("round deadline passed")
    s = socket.create_connection(("127.0.0.1", port), timeout=left)
    s.settimeout(left)
    return s


def net_recv_all(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            break
        data += chunk
    return data


def net_sink(port, deadline):
    """Host to guest: NET_BYTES sent and counted by the guest; MiB/s."""
    block = b"\x5a" * (64 << 10)
    with net_conn(port, deadline) as s:
        t0 = time.monotonic()
        s.sendall(b"s")
        for _ in range(NET_BYTES // len(block)):
            s.sendall(block)
        s.shutdown(socket.SHUT_WR)
        got = int.from_bytes(net_recv_all(s, 8), "little")
        t = time.monotonic() - t0
    if got != NET_BYTES:
        raise RuntimeError("the guest counted %d bytes of %d" % (got, NET_BYTES))
    return NET_BYTES / (1 << 20) / t


def net_source(port, deadline):
    """Guest to host: NET_BYTES sent by the guest; MiB/s."""
    with net_conn(port, deadline) as s:
        t0 = time.monotonic()
        s.sendall(b"r" + NET_BYTES.to_bytes(8, "little"))
        got = 0
        while True:
            chunk = s.recv(1 << 16)
            if not chunk:
                break
            got += len(chunk)
        t = time.monotonic() - t0
    if got != NET_BYTES:
        raise RuntimeError("got %d bytes of %d from the guest" % (got, NET_BYTES))
    return NET_BYTES / (1 << 20) / t


def net_connect_one(port, deadline):
    with net_conn(port, deadline) as s:
        s.sendall(b"c")
        if s.recv(1) != b"c":
            raise RuntimeError("no answer to a connection")


def net_connections(port, deadline):
    """NET_CONNS connections one after the other (connect, a byte each way, close); per s."""
    t0 = time.monotonic()
    for _ in range(NET_CONNS):
        net_connect_one(port, deadline)
    return NET_CONNS / (time.monotonic() - t0)


def net_rounds(port, label):
    """{metric: (median, unit)} over NET_ROUNDS rounds; stalls are reported, not timed."""
    res = {}
    for (name, unit), fn in zip(NET_ROWS, (net_sink, net_source, net_connections)):
        vals = []
        for i in range(NET_ROUNDS):
            t0 = time.monotonic()
            try:
                vals.append(fn(port, t0 + NET_ROUND_TIMEOUT))
            except (NetStall, socket.timeout, OSError) as e:
                print("bench: STALL %s %s round %d after %.1f s: %r" %
                      (label, name, i + 1, time.monotonic() - t0, e), flush=True)
        res[name] = (statistics.median(vals) if vals else float("nan"), unit)
        print("bench: %s %s %s" % (label, name, " ".join("%.2f" % v for v in vals)), flush=True)
    return res


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_net_guest(system, args, initrd, machine, cpu, nic):
    """Boot one guest with nic, run the rounds against it: {metric: (value, unit)}."""
    port = free_port()
    net = ["-netdev", "user,id=n0,hostfwd=tcp:127.0.0.1:%d-:%d" % (port, NET_GUEST_PORT),
           "-device", "%s,netdev=n0" % nic]
    if system == "breenix":
        qemu = ["-cdrom", args.breenix_iso]
        prompt = rb"root@breenix:[^#\r\n]*# "
        cmd = "ifconfig eth0 wait 60 && bench net %d" % NET_GUEST_PORT
        poweroff = "poweroff"
    else:
        qemu = ["-kernel", os.path.join(args.linux_dir, "vmlinuz"), "-initrd", initrd,
                "-append", "console=ttyS0 quiet"]
        prompt = rb"linux# "
        cmd = ("ifconfig eth0 10.0.2.15 netmask 255.255.255.0 up && "
               "route add default gw 10.0.2.2 && /bench net %d" % NET_GUEST_PORT)
        poweroff = "poweroff -f"
    label = "%s %s %s" % (system, machine, nic)
    g = Guest(qemu + net, machine_base(machine, cpu))
    try:
        if g.wait_for(prompt, 300) is None:
            raise RuntimeError("%s: no prompt; last output: %r" % (label, g.out[-500:]))
        mark = len(g.out)
        g.type(cmd + "\r")
        if g.wait_for(rb"BENCH: (net listening|error.*)", 120) is None or \
                b"BENCH: error" in g.out[mark:]:
            raise RuntimeError("%s: no server: %r" % (label, g.out[mark:][-500:]))
        # The first connection also waits out ARP and the card's link.
        net_connect_one(port, time.monotonic() + 60)
        res = net_rounds(port, label)
        try:
            with net_conn(port, time.monotonic() + NET_CONN_TIMEOUT) as s:
                s.sendall(b"q")
        except OSError:
            pass
        g.wait_for(rb"BENCH: done", 30)
        g.type(poweroff + "\r")
        try:
            g.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        return res
    finally:
        g.stop()


def net_bench(args):
    """The TCP rows on both machines and both cards: a table, also in --out's Net section."""
    import tempfile
    keep = tempfile.mkdtemp(prefix="breenix-nbench-initrd-")
    initrd = os.path.join(keep, "initramfs.cpio")
    shutil.copy(os.path.join(args.linux_dir, "initramfs.cpio"), initrd)
    lines = []
    for machine, cpu in MACHINES:
        lines += ["", "`-machine %s -cpu %s`:" % (machine, cpu), "",
                  "| card | metric | Breenix | Linux 6.1 | unit | ratio (<1 is better) |",
                  "|---|---|---:|---:|---|---:|"]
        for nic, nic_name in NICS:
            res = {}
            for system in ("breenix", "linux"):
                print("bench: net, %s with %s on -machine %s -cpu %s" %
                      (system, nic, machine, cpu), flush=True)
                res[system] = run_net_guest(system, args, initrd, machine, cpu, nic)
            for name, unit in NET_ROWS:
                b, l = res["breenix"][name][0], res["linux"][name][0]
                ratio = l / b if b > 0 and l > 0 else float("nan")
                lines.append("| %s | %s | %.2f | %.2f | %s | %.2f |" %
                             (nic_name, name, b, l, unit, ratio))
    table = "\n".join(lines)
    print(table)
    kver = open(os.path.join(args.linux_dir, "kernel-version")).read().strip()
    section = ("Written by `./build.sh bench --net` (tests/harness/bench.py --net) on %s: one "
               "boot of each system per machine and card, on QEMU's user network with a port of "
               "the host forwarded to the guest, where `bench net` (userland/bench/bench_net.c) "
               "serves TCP; the host is the client and times it. Linux %s uses its own "
               "`virtio_net` and `e1000` drivers. `tcp_host_to_guest`: %d MiB sent by the host "
               "until the guest has counted them; `tcp_guest_to_host`: %d MiB sent by the guest "
               "until the host has them; `tcp_connections`: %d connections one after the other, "
               "each a connect, one byte each way and the host's close. Medians of %d rounds; "
               "the ratio is Linux/Breenix (all three are rates), so below 1 Breenix is faster.\n%s\n"
               % (datetime.date.today().isoformat(), kver, NET_BYTES >> 20, NET_BYTES >> 20,
                  NET_CONNS, NET_ROUNDS, table))
    write_section(args.out, NET_SECTION, section)
    print("bench: net rows written to %s" % args.out)
    shutil.rmtree(keep, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--breenix-iso", required=True)
    ap.add_argument("--linux-dir")
    ap.add_argument("--boots", type=int, default=3)
    ap.add_argument("--out", default="docs/benchmarks.md")
    ap.add_argument("--breenix-only", action="store_true",
                    help="boot Breenix only and print its figures (for profiling; writes nothing)")
    ap.add_argument("--machine", choices=["q35", "pc"], default="q35",
                    help="the main rows on q35 -cpu max (the first table) or pc -cpu qemu64")
    ap.add_argument("--disk", action="store_true", help="the disk rows (needs --linux-dir)")
    ap.add_argument("--net", action="store_true", help="the TCP rows (needs --linux-dir)")
    ap.add_argument("--only", help="--net: only this system, machine and card, e.g. "
                    "breenix,q35,virtio-net-pci (prints the figures, writes nothing)")
    args = ap.parse_args()
    if args.net:
        if not args.linux_dir:
            ap.error("--net needs --linux-dir")
        if args.only:
            system, machine, nic = args.only.split(",")
            cpu = dict(MACHINES)[machine]
            print(run_net_guest(system, args, os.path.join(args.linux_dir, "initramfs.cpio"),
                                machine, cpu, nic))
        else:
            net_bench(args)
        return
    if args.disk:
        if not args.linux_dir:
            ap.error("--disk needs --linux-dir")
        disk_bench(args)
        return
    base = machine_base(args.machine, dict(MACHINES)[args.machine])
    if args.breenix_only:
        boot, res = medians([run_breenix(args.breenix_iso, base) for _ in range(args.boots)])
        print("boot_to_prompt %.1f ms" % boot)
        for k, (v, unit) in res.items():
            print("%s %.1f %s" % (k, v, unit))
        return
    if not args.linux_dir:
        ap.error("--linux-dir is needed unless --breenix-only")

    br_runs, lx_runs = [], []
    for i in range(args.boots):
        print("bench: Breenix boot %d of %d" % (i + 1, args.boots), flush=True)
        br_runs.append(run_breenix(args.breenix_iso, base))
        print("bench: Linux boot %d of %d" % (i + 1, args.boots), flush=True)
        lx_runs.append(run_guest(["-kernel", os.path.join(args.linux_dir, "vmlinuz"),
                                  "-initrd", os.path.join(args.linux_dir, "initramfs.cpio"),
                                  "-append", "console=ttyS0 quiet"],
                                 rb"linux# ", "/bench", "poweroff -f", base))
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
    if args.machine == "pc":
        write_section(args.out, PC_SECTION,
                      "Written by `./build.sh bench --pc` on %s: the same rows on `-machine pc -cpu "
                      "qemu64`, medians of %d boots each.\n\n%s\n"
                      % (datetime.date.today().isoformat(), args.boots, table))
        print("bench: written to %s" % args.out)
        return
    kver = open(os.path.join(args.linux_dir, "kernel-version")).read().strip()
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo")
                if l.startswith("model name")), platform.processor())
    rest = keep_sections(open(args.out).read(), None) if os.path.exists(args.out) else []
    with open(args.out, "w") as f:
        f.write("# Benchmarks\n\n")
        f.write("Written by `./build.sh bench` (tests/harness/bench.py): Breenix and Linux booted in\n"
                "the same QEMU (%s), medians of %d boots each.\n\n" % (" ".join(BASE[1:10]), args.boots))
        f.write("- date: %s\n- host: %s, %d CPUs\n- Linux guest: %s with busybox-static\n\n"
                % (datetime.date.today().isoformat(), cpu, os.cpu_count(), kver))
        f.write(table + "\n" + "".join("\n" + p for p in rest))
    print("bench: written to %s" % args.out)


if __name__ == "__main__":
    main()
