#!/usr/bin/env python3
"""boot_echo.py: boot the normal Breenix ISO and check what a user sees.

Boots --iso with COM1 on a pipe and the QEMU monitor on a socket, then checks
that the kernel prints its banner, memory size and command line, that bytes
typed on the serial line are echoed by its terminal (ttyS0), and that keys
pressed on the PS/2 keyboard (QEMU's `sendkey`, as typed in the --gui
window) are echoed on the screen's terminal (tty1), including shifted
letters, caps lock and an arrow key (taken by the shell's line editor, or
echoed as ^[[A by the terminal when no shell reads it).  The
screen is read back from VGA text memory through the monitor, so the
keyboard check needs the BIOS boot (UEFI's framebuffer holds pixels, not
text: there it is skipped).  Prints PASS:/FAIL:/SKIP: lines; exit status 0
only if none failed.
"""
import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time


class Guest:
    def __init__(self, iso, uefi, extra=(), machine="q35", cpu="max"):
        self.dir = tempfile.mkdtemp(prefix="breenix-echo-")
        self.mon_path = os.path.join(self.dir, "mon.sock")
        cmd = ["qemu-system-x86_64", "-machine", machine, "-cpu", cpu, "-m", "512M",
               "-accel", "tcg", "-no-reboot", "-display", "none",
               "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
               "-serial", "stdio", "-monitor", "unix:%s,server,nowait" % self.mon_path,
               "-cdrom", iso]
        if uefi:
            cmd += ["-bios", "/usr/share/ovmf/OVMF.fd"]
        cmd += list(extra)
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

    def monitor(self, line, reply=False):
        s = socket.socket(socket.AF_UNIX)
        s.connect(self.mon_path)
        s.settimeout(10)
        out = b""
        while not out.endswith(b"(qemu) "):   # the greeting
            out += s.recv(65536)
        s.sendall(line.encode() + b"\n")
        out = b""
        if reply:
            while out.count(b"(qemu) ") < 1:
                out += s.recv(65536)
        else:
            time.sleep(0.3)
        s.close()
        return out.decode(errors="replace")

    def vga_text(self):
        """The VGA text screen (80x25 cells at 0xb8000) as one string of 2000 characters."""
        dump = self.monitor("xp /4000bx 0xb8000", reply=True)
        data = []
        for line in dump.splitlines():
            if ":" in line and line.strip().startswith("00"):
                data += [int(x, 16) for x in line.split(":", 1)[1].split()]
        return "".join(chr(b) if 32 <= b < 127 else " " for b in data[0::2])

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
            ok &= check(tag + "keyboard_not_on_serial", b"HiJk" not in g.out[mark:],
                        "the screen terminal's echo went to the serial line")
            if args.uefi:
                print("SKIP: boot/%skeyboard_echo: the UEFI screen is a framebuffer" % tag)
            else:
                screen = g.vga_text()
                # The shell's line editor takes the arrow (history); a bare terminal echoes ^[[A.
                ok &= check(tag + "keyboard_echo", "HiJk1!" in screen or "HiJk^[[A1!" in screen,
                            "screen shows %r" % screen.strip()[-400:])
        if not ok:
            sys.stdout.write(g.out.decode(errors="replace")[-2000:] + "\n")
    finally:
        g.stop()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
