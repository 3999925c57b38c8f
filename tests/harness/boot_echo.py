#!/usr/bin/env python3
"""boot_echo.py: boot the normal Breenix ISO and check what a user sees.

Boots --iso with COM1 on a pipe and the QEMU monitor on a socket, then checks
that the kernel prints its banner, memory size and command line, that bytes
typed on the serial line are echoed, and that keys pressed on the PS/2
keyboard (QEMU's `sendkey`, as typed in the --gui window) are echoed,
including shifted letters, caps lock and an arrow key (swallowed by the
console, not printed as garbage).  Prints PASS:/FAIL: lines; exit status 0
only if all passed.
"""
import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time


class Guest:
    def __init__(self, iso, uefi):
        self.dir = tempfile.mkdtemp(prefix="breenix-echo-")
        self.mon_path = os.path.join(self.dir, "mon.sock")
        cmd = ["qemu-system-x86_64", "-machine", "q35", "-cpu", "max", "-m", "512M",
               "-accel", "tcg", "-no-reboot", "-display", "none",
               "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
               "-serial", "stdio", "-monitor", "unix:%s,server,nowait" % self.mon_path,
               "-cdrom", iso]
        if uefi:
            cmd += ["-bios", "/usr/share/ovmf/OVMF.fd"]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        os.set_blocking(self.proc.stdout.fileno(), False)
        self.out = b""

    def read_for(self, secs):
        end = time.monotonic() + secs
        while time.monotonic() < end:
            try:
                chunk = self.proc.stdout.read()
            except BlockingIOError:
                chunk = None
            if chunk:
                self.out += chunk
            time.sleep(0.05)

    def wait_for(self, text, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if text.encode() in self.out:
                return True
            self.read_for(0.2)
        return False

    def type_serial(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def monitor(self, line):
        s = socket.socket(socket.AF_UNIX)
        s.connect(self.mon_path)
        s.sendall(line.encode() + b"\n")
        time.sleep(0.3)
        s.close()

    def stop(self):
        self.proc.kill()
        self.proc.wait()


def check(name, ok, detail=""):
    print(("PASS: boot/%s" % name) if ok else ("FAIL: boot/%s: %s" % (name, detail)))
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iso", required=True)
    ap.add_argument("--uefi", action="store_true")
    ap.add_argument("--timeout", type=float, default=120)
    args = ap.parse_args()
    tag = "uefi_" if args.uefi else ""

    g = Guest(args.iso, args.uefi)
    ok = True
    try:
        up = g.wait_for("Breenix is up", args.timeout)
        ok &= check(tag + "banner", up, "no 'Breenix is up' within %.0f s" % args.timeout)
        if up:
            text = g.out.decode(errors="replace")
            ok &= check(tag + "memory_shown", "MiB free" in text, "no memory line")
            ok &= check(tag + "cmdline_shown", "command line:" in text, "no command line")
            mark = len(g.out)
            g.type_serial(b"echo-me\r")
            g.read_for(1.0)
            ok &= check(tag + "serial_echo", b"echo-me" in g.out[mark:],
                        "serial input not echoed: %r" % g.out[mark:])
            mark = len(g.out)
            for key in ["shift-h", "i", "caps_lock", "j", "caps_lock", "k", "up", "1",
                        "shift-1", "ret"]:
                g.monitor("sendkey " + key)
            g.read_for(1.0)
            echoed = g.out[mark:].replace(b"\r", b"")
            ok &= check(tag + "keyboard_echo", echoed.startswith(b"HiJk1!\n") or
                        echoed.startswith(b"HiJk\x1b[A1!\n"),
                        "PS/2 keys echoed as %r" % echoed)
        if not ok:
            sys.stdout.write(g.out.decode(errors="replace")[-2000:] + "\n")
    finally:
        g.stop()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
