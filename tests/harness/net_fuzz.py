#!/usr/bin/env python3
"""net_fuzz.py: malformed and truncated frames at Breenix's network stack.

Boots --iso with a virtio-net card (--nic e1000: an e1000) on QEMU's socket backend in UDP mode, so
every Ethernet frame the guest sends arrives here as one datagram and every
datagram sent here reaches the guest as one frame; no root, tap device or
namespace needed.  In the guest's shell eth0 gets the static address
10.9.9.2/24, `nc -l -k -p 7` listens and `ping` runs (an ICMP echo socket,
which takes echo replies with its identifier).  This script plays 10.9.9.1: it
answers ARP, checks that the guest answers ping (ICMP echo), then sends
thousands of frames built from valid ARP, ICMP (requests, and replies to the
guest's ping), UDP, TCP and fragment
templates with fields mutated (checksums recomputed for most, so lwIP
parses past them), truncated, padded past the MTU, or random; SYN floods
to the open port. Afterwards the guest must still answer ping, its shell
must still run commands, and the kernel must not have panicked.
"""
import argparse
import os
import random
import re
import socket
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from boot_echo import Guest  # noqa: E402
from session import clean  # noqa: E402

PROMPT = re.compile(rb"root@breenix:[^\r\n#]*# ")
ME_MAC = bytes.fromhex("020000000001")
BCAST = b"\xff" * 6
ME_IP = bytes([10, 9, 9, 1])
GUEST_IP = bytes([10, 9, 9, 2])


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return (~s) & 0xFFFF


def eth(dst, payload, etype=0x0800):
    return dst + ME_MAC + struct.pack("!H", etype) + payload


def ip(proto, payload, ident=1, frag=0, ttl=64, src=ME_IP, dst=GUEST_IP, fix=True):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, frag, ttl, proto, 0,
                      src, dst)
    if fix:
        hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + payload


def icmp_echo(ident, seq, data=b"breenix", type_=8):
    h = struct.pack("!BBHHH", type_, 0, 0, ident, seq) + data
    return h[:2] + struct.pack("!H", csum(h)) + h[4:]


def l4_csum(proto, seg, src=ME_IP, dst=GUEST_IP):
    return csum(src + dst + struct.pack("!BBH", 0, proto, len(seg)) + seg)


def udp(sport, dport, data):
    h = struct.pack("!HHHH", sport, dport, 8 + len(data), 0) + data
    return h[:6] + struct.pack("!H", l4_csum(17, h)) + h[8:]


def tcp(sport, dport, seq, ack, flags, opts=b"", data=b"", off=None):
    off = off if off is not None else (20 + len(opts)) // 4
    h = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, off << 4, flags, 8192, 0, 0) + opts + data
    return h[:16] + struct.pack("!H", l4_csum(6, h)) + h[18:]


def arp(op, sha, spa, tha, tpa):
    return struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, op, sha, spa, tha, tpa)


class Wire:
    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.sock.setblocking(False)
        self.guest_mac = None
        self.replies = 0

    def send(self, frame):
        self.sock.sendto(frame, ("127.0.0.1", self.qemu_port))

    def pump(self):
        """Answer ARP for 10.9.9.1; count echo replies."""
        while True:
            try:
                f = self.sock.recv(65536)
            except BlockingIOError:
                return
            if len(f) < 14:
                continue
            etype = struct.unpack("!H", f[12:14])[0]
            if etype == 0x0806 and len(f) >= 42 and f[38:42] == ME_IP:
                self.guest_mac = f[6:12]
                self.send(eth(self.guest_mac, arp(2, ME_MAC, ME_IP, f[22:28], f[28:32]), 0x0806))
            elif etype == 0x0800 and len(f) >= 34 and f[23] == 1 and f[34] == 0:
                self.replies += 1

    def ping(self, tries=20):
        before = self.replies
        for i in range(tries):
            self.send(eth(BCAST, ip(1, icmp_echo(0x4242, i))))
            end = time.monotonic() + 0.5
            while time.monotonic() < end:
                self.pump()
                if self.replies > before:
                    return True
                time.sleep(0.02)
        return False


def mutants(rng, n, kinds=None):
    """n malformed frames."""
    templates = [
        lambda: eth(BCAST, arp(1, ME_MAC, ME_IP, b"\0" * 6, GUEST_IP), 0x0806),
        lambda: eth(BCAST, ip(1, icmp_echo(rng.randrange(65536), rng.randrange(65536),
                                           os.urandom(rng.randrange(0, 1400))))),
        # Echo replies, most with the identifiers the guest's ping socket takes (from 1024).
        lambda: eth(BCAST, ip(1, icmp_echo(rng.choice([1024, 1025, rng.randrange(65536)]),
                                           rng.randrange(65536), os.urandom(rng.randrange(0, 1400)),
                                           type_=0))),
        lambda: eth(BCAST, ip(17, udp(rng.randrange(65536), rng.choice([7, 67, 68, 9999]),
                                      os.urandom(rng.randrange(0, 1400))))),
        lambda: eth(BCAST, ip(6, tcp(rng.randrange(1024, 65536), 7, rng.randrange(2**32), 0, 0x02,
                                     opts=bytes([2, 4, 5, 180, 1, 3, 3, 7, 4, 2, 8, 10]) +
                                     os.urandom(8)))),
        lambda: eth(BCAST, ip(6, tcp(rng.randrange(1024, 65536), 7, rng.randrange(2**32),
                                     rng.randrange(2**32), rng.randrange(256),
                                     data=os.urandom(rng.randrange(0, 600))))),
        lambda: eth(BCAST, ip(17, os.urandom(rng.randrange(0, 1400)), ident=rng.choice([7, 8, 9]),
                              frag=rng.choice([0x2000, 0x2000 | rng.randrange(8192), rng.randrange(8192)]))),
    ]
    for _ in range(n):
        f = bytearray(rng.choice(templates)())
        kind = rng.choice(kinds) if kinds else rng.randrange(10)
        if kind < 4:      # flip a few header bytes, then fix the IP checksum
            for _ in range(rng.randrange(1, 4)):
                i = rng.randrange(14, min(len(f), 80))
                f[i] = rng.randrange(256)
            if len(f) >= 34 and f[12:14] == b"\x08\x00":
                ihl = (f[14] & 15) * 4
                if 20 <= ihl and 14 + ihl <= len(f):
                    f[24:26] = b"\0\0"
                    f[24:26] = struct.pack("!H", csum(bytes(f[14:14 + ihl])))
        elif kind < 6:    # truncated (never to nothing: QEMU's socket backend takes an
            f = f[:rng.randrange(1, len(f) + 1)]  # empty datagram for the end of the wire)
        elif kind == 6:   # lengths that lie
            if len(f) >= 18:
                f[16:18] = struct.pack("!H", rng.choice([0, 1, 19, 20, 21, 65535, len(f) + 100]))
        elif kind == 7:   # longer than any frame
            f += os.urandom(rng.randrange(1, 3000))
        elif kind == 8:   # pure noise
            f = bytearray(os.urandom(rng.randrange(1, 1600)))
        # kind 9: the template as it is (valid SYNs, fragments, pings)
        yield bytes(f)


class FuzzGuest(Guest):
    def __init__(self, iso, wire, nic="virtio-net-pci"):
        wire.qemu_port = free_udp_port()
        self.dir = tempfile.mkdtemp(prefix="breenix-netfuzz-")
        self.mon_path = os.path.join(self.dir, "mon.sock")
        cmd = ["qemu-system-x86_64", "-machine", "q35", "-cpu", "max", "-m", "512M",
               "-accel", "tcg", "-no-reboot", "-display", "none",
               "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
               "-serial", "stdio", "-monitor", "unix:%s,server,nowait" % self.mon_path,
               "-netdev", "socket,id=n0,udp=127.0.0.1:%d,localaddr=127.0.0.1:%d"
               % (wire.port, wire.qemu_port),
               "-device", "%s,netdev=n0" % nic, "-cdrom", iso]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        os.set_blocking(self.proc.stdout.fileno(), False)
        self.out = b""


def free_udp_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def command(g, keys, timeout=60):
    mark = len(g.out)
    g.type_serial(keys.encode())
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        g.read_for(0.3)
        if PROMPT.search(g.out[mark:]):
            return clean(g.out[mark:])
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iso", required=True)
    ap.add_argument("--frames", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--kinds", help="only these mutation kinds (0-9, comma-separated)")
    ap.add_argument("--templates", help="only these templates (0-5, comma-separated)")
    ap.add_argument("--nic", default="virtio-net-pci",
                    choices=["virtio-net-pci", "e1000", "e1000-82545em", "e1000e"])
    ap.add_argument("--name", default="netfuzz", help="prefix of the result lines")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    results = []

    def report(name, good, why=""):
        results.append(good)
        print(("PASS: %s/%s" % (args.name, name)) if good
              else ("FAIL: %s/%s: %s" % (args.name, name, why)))
        sys.stdout.flush()

    wire = Wire()
    g = FuzzGuest(args.iso, wire, args.nic)
    try:
        end = time.monotonic() + 240
        while time.monotonic() < end and not PROMPT.search(g.out):
            g.read_for(0.5)
        report("prompt", PROMPT.search(g.out) is not None, "no shell prompt")
        out = command(g, "ifconfig eth0 10.9.9.2 netmask 255.255.255.0; ifconfig eth0; "
                         "nc -l -k -p 7 > /dev/null & ping -i 0.5 10.9.9.1 > /dev/null &\r")
        report("static_address", out is not None and "inet 10.9.9.2  netmask 255.255.255.0" in out,
               "ifconfig said %r" % out)
        g.read_for(1.0)
        report("ping_before", wire.ping(), "no echo reply")
        sent = 0
        t0 = time.monotonic()
        kinds = [int(k) for k in args.kinds.split(",")] if args.kinds else None
        for f in mutants(rng, args.frames, kinds):
            wire.send(f)
            sent += 1
            if sent % 200 == 0:
                wire.pump()
                g.read_for(0.02)
        print("netfuzz: %d frames in %.1f s (seed %d)" % (sent, time.monotonic() - t0, seed))
        g.read_for(2.0)
        alive = wire.ping()
        report("ping_after", alive, "no echo reply after the fuzzing (seed %d)" % seed)
        if not alive:
            sys.stdout.write("\n".join(line for line in clean(g.out).split("\n")
                                        if "net" in line)[-3000:] + "\n")
        out = command(g, "echo still; echo alive\r")
        report("shell_after", out is not None and "still\nalive" in out, "shell said %r" % out)
        text = clean(g.out)
        report("no_panic", "panic" not in text, text[text.find("panic") - 2000:][:3000]
               if "panic" in text else "")
        g.type_serial(b"poweroff\r")
        try:
            g.proc.wait(timeout=60)
            report("poweroff", True)
        except Exception:  # noqa: BLE001
            report("poweroff", False, "QEMU still running 60 s after poweroff")
    finally:
        g.stop()
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
