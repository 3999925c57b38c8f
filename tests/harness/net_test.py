#!/usr/bin/env python3
"""net_test.py: Breenix on QEMU's user-mode network (docs/net.md).

Starts an HTTP server on the host's loopback (python3 -m http.server on a
free port) serving a 4 MiB file of random bytes, boots --iso with a
virtio-net card on QEMU's user network (the host is 10.0.2.2 to the guest)
and a free host port forwarded to the guest's port 80, and in a shell
session on the serial line:

  - waits for DHCP to configure eth0 (init brings it up at boot),
  - /etc/resolv.conf (init's link to /proc/net/pnp) names QEMU's DNS
    server, 10.0.2.3, from the lease; names resolve through it: QEMU
    forwards the guest's queries to the host's resolver, which here is a
    small server of this script's (dns_server.py) on 127.0.0.1:53, made the
    host's resolver for QEMU alone by running QEMU in a mount namespace
    with its own /etc/resolv.conf (root; otherwise the guest is pointed at
    10.0.2.2:53, which QEMU maps to the host's 127.0.0.1:53); an A record, a
    CNAME, several addresses, a missing name; /etc/hosts is asked first,
  - ping: QEMU's gateway 10.0.2.2 (QEMU answers echo requests to it
    itself), also as an unprivileged user, the guest's own address, an
    address nobody has,
  - fetches the file with fetch and with wget; cksum must match the host's,
  - sends a line to a host TCP listener with nc,
  - starts httpd on port 80 and has the host fetch a file from it through
    the forwarded port with 100 connections at once; every answer must be
    the file; /proc/net/tcp lists httpd's listener; afterwards, once the
    connections' TIME_WAIT (60 s) has passed, /proc/net/sockstat counts
    none and lwIP holds exactly the memory it held before (/proc/net/lwip),
  - Debian's busybox-static (fetched into the guest from the host server,
    if tests/harness/linux_guest.sh has cached it) runs its wget applet on
    the file; cksum must match.

--nic picks QEMU's card model (virtio-net-pci, e1000, e1000-82545em, e1000e) and
--machine the chipset (q35, pc); with an e1000 the test ends by taking the
link away and giving it back (QEMU's set_link): the kernel must log it,
ifconfig must drop RUNNING, DHCP must answer again and the fetch work again.
--name prefixes the result lines (default "net").

--card-only (the e1000 steps) leaves out what does not depend on the card:
DNS, ping, busybox's wget and the leak check (with its TIME_WAIT waits).

Prints PASS:/FAIL:/SKIP: lines; exit status 0 only if all passed.  QEMU is TCG.
"""
import argparse
import concurrent.futures
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import struct
import threading
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from boot_echo import Guest  # noqa: E402
from dns_server import DnsServer  # noqa: E402
from session import clean  # noqa: E402

# The shell's prompt, anywhere: kernel messages (the DHCP lease) may follow it.
PROMPT = re.compile(rb"root@breenix:[^\r\n#]*# ")

FILE_SIZE = 4 << 20
CONCURRENT = 100
TIME_WAIT_S = 60
BUSYBOX = os.path.join(os.environ.get("BREENIX_CACHE", os.path.expanduser("~/.cache/breenix")),
                       "bench-linux", "busybox")
DNS_RECORDS = {"breenix-test.example": "192.0.2.77",
               "alias.example": "=breenix-test.example",
               "multi.example": ["192.0.2.80", "192.0.2.81", "192.0.2.82"]}


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class NetGuest(Guest):
    """boot_echo's Guest with a network card (nic: QEMU's model) on the user network."""

    def __init__(self, iso, fwd_port, nic="virtio-net-pci", machine="q35", resolv=None):
        """resolv: a file QEMU is to read as the host's /etc/resolv.conf (needs root).
        Every frame's first 128 bytes go to self.pcap (QEMU's filter-dump)."""
        self.dir = tempfile.mkdtemp(prefix="breenix-net-")
        self.mon_path = os.path.join(self.dir, "mon.sock")
        self.pcap = os.path.join(self.dir, "frames.pcap")
        cmd = ["qemu-system-x86_64", "-machine", machine, "-cpu", "max", "-m", "512M",
               "-accel", "tcg", "-no-reboot", "-display", "none",
               "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
               "-serial", "stdio", "-monitor", "unix:%s,server,nowait" % self.mon_path,
               "-netdev", "user,id=n0,hostfwd=tcp:127.0.0.1:%d-:80" % fwd_port,
               "-device", "%s,netdev=n0" % nic,
               "-object", "filter-dump,id=f0,netdev=n0,maxlen=128,file=%s" % self.pcap,
               "-cdrom", iso]
        if resolv is not None:
            cmd = ["unshare", "-m", "sh", "-c",
                   'mount --bind "$0" /etc/resolv.conf && exec "$@"', resolv] + cmd
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        os.set_blocking(self.proc.stdout.fileno(), False)
        self.out = b""


def host_cksum(path):
    return subprocess.run(["cksum", path], capture_output=True, text=True,
                          check=True).stdout.split()[:2]


class LineListener(threading.Thread):
    """A host TCP listener that keeps what one client sends."""

    def __init__(self):
        super().__init__(daemon=True)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.sock.settimeout(120)
        self.port = self.sock.getsockname()[1]
        self.data = b""

    def run(self):
        try:
            c, _ = self.sock.accept()
            c.settimeout(60)
            while True:
                b = c.recv(4096)
                if not b:
                    break
                self.data += b
            c.sendall(b"")
            c.close()
        except OSError:
            pass


def get(url):
    with urllib.request.urlopen(url, timeout=120) as r:
        return r.read()


def get_through_forward(url, tries=4):
    """GET url through QEMU's forwarded port: (body, connections refused before QEMU took them).

    QEMU listens on the forwarded port with a backlog of 1 and takes one
    connection per pass of its main loop, so when many connect at once the
    host's kernel drops handshakes (TcpExtListenOverflows); a client whose
    last ACK was dropped is reset by the host a minute later, and QEMU never
    saw that connection, nor did the guest.  Such a reset comes before any
    byte of the answer, and the client tries again, as a browser would; a
    reset after the answer began is an error.  That the guest itself reset
    nothing is checked separately, from the frames (guest_resets)."""
    u = urllib.parse.urlsplit(url)
    for n in range(tries):
        c = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
        try:
            c.request("GET", u.path)
            try:
                r = c.getresponse()
            except (ConnectionResetError, http.client.RemoteDisconnected):
                if n + 1 == tries:
                    raise
                continue
            if r.status != 200:
                raise RuntimeError("HTTP %d" % r.status)
            return r.read(), n
        finally:
            c.close()
    raise RuntimeError("unreachable")


def host_listen_overflows():
    """The host's TcpExtListenOverflows (None if /proc/net/netstat has none)."""
    try:
        with open("/proc/net/netstat") as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    for names, values in zip(lines[::2], lines[1::2]):
        if names.startswith("TcpExt:"):
            row = dict(zip(names.split()[1:], values.split()[1:]))
            return int(row["ListenOverflows"]) if "ListenOverflows" in row else None
    return None


def guest_resets(pcap, port, since=0):
    """TCP segments with RST that the guest (10.0.2.15) sent from port, in the
    frames QEMU recorded from byte offset since on: (count, end offset)."""
    with open(pcap, "rb") as f:
        data = f.read()
    off = max(since, 24)
    n = 0
    while off + 16 <= len(data):
        incl = struct.unpack_from("<I", data, off + 8)[0]
        frame = data[off + 16: off + 16 + incl]
        if len(frame) < incl:  # the last frame, still being written
            break
        off += 16 + incl
        if len(frame) < 34 or frame[12:14] != b"\x08\x00" or frame[23] != 6:
            continue
        tcp = 14 + (frame[14] & 15) * 4
        if frame[26:30] != bytes([10, 0, 2, 15]) or len(frame) < tcp + 14:
            continue
        if struct.unpack_from(">H", frame, tcp)[0] == port and frame[tcp + 13] & 4:
            n += 1
    return n, off


def start_dns(work):
    """The test's DNS server on 127.0.0.1:53, and a resolv.conf naming it for QEMU
    (None when QEMU cannot be given one): (server, resolv) or (None, None)."""
    try:
        srv = DnsServer(DNS_RECORDS, port=53)
    except OSError:
        return None, None
    srv.start()
    resolv = None
    if os.geteuid() == 0 and shutil.which("unshare") and os.path.exists("/etc/resolv.conf"):
        resolv = os.path.join(work, "resolv.conf")
        with open(resolv, "w") as f:
            f.write("nameserver 127.0.0.1\n")
        if subprocess.run(["unshare", "-m", "sh", "-c", 'mount --bind "$0" /etc/resolv.conf',
                           resolv], capture_output=True).returncode != 0:
            resolv = None
    return srv, resolv


def proc_figures(text):
    """lwIP's bytes, TCP inuse and tw, from `cat /proc/net/lwip /proc/net/sockstat`."""
    mem = re.search(r"^mem (\d+)$", text, re.M)
    tcp = re.search(r"^TCP: inuse (\d+) orphan (\d+) tw (\d+)", text, re.M)
    if mem is None or tcp is None:
        return None
    return int(mem.group(1)), int(tcp.group(1)), int(tcp.group(3))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iso", required=True)
    ap.add_argument("--timeout", type=float, default=240)
    ap.add_argument("--nic", default="virtio-net-pci",
                    choices=["virtio-net-pci", "e1000", "e1000-82545em", "e1000e"])
    ap.add_argument("--machine", default="q35", choices=["q35", "pc"])
    ap.add_argument("--name", default="net")
    ap.add_argument("--log", help="write the guest's serial output here")
    ap.add_argument("--card-only", action="store_true",
                    help="only what depends on the card: no DNS, ping, busybox wget or leak check")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="breenix-net-www-")
    big = os.path.join(work, "big.bin")
    with open(big, "wb") as f:
        f.write(os.urandom(FILE_SIZE))
    want = host_cksum(big)
    http_port, fwd_port = free_port(), free_port()
    http = subprocess.Popen([sys.executable, "-m", "http.server", "--bind", "127.0.0.1",
                             "--directory", work, str(http_port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    listener = LineListener()
    listener.start()
    dns, resolv = start_dns(work) if not args.card_only else (None, None)
    have_bb = os.path.exists(BUSYBOX) and not args.card_only
    if have_bb:
        shutil.copy(BUSYBOX, os.path.join(work, "busybox"))
    results = []

    def report(name, good, why=""):
        results.append(good)
        print(("PASS: %s/%s" % (args.name, name)) if good
              else ("FAIL: %s/%s: %s" % (args.name, name, why)))
        sys.stdout.flush()

    def skip(name, why):
        print("SKIP: %s/%s: %s" % (args.name, name, why))
        sys.stdout.flush()

    def step(name, keys, pattern, timeout=120):
        out = run_step_long(g, keys, timeout)
        good = out is not None and re.search(pattern, out, re.M) is not None
        report(name, good, "output %r does not match %r" % (out, pattern))
        return out

    g = NetGuest(args.iso, fwd_port, args.nic, args.machine, resolv)
    try:
        end = time.monotonic() + args.timeout
        up = False
        while time.monotonic() < end and not up:
            g.read_for(0.5)
            up = PROMPT.search(g.out) is not None
        report("prompt", up, "no shell prompt within %.0f s" % args.timeout)
        if not up:
            sys.stdout.write(clean(g.out)[-3000:] + "\n")
            sys.exit(1)
        step("dhcp_address", "ifconfig eth0 wait 60\r", r"^eth0: inet 10\.0\.2\.15$", 90)
        step("ifconfig_lists", "ifconfig\r", r"(?s)lo: flags=\d+<UP,LOOPBACK.*eth0: flags=\d+<UP,"
             r"BROADCAST,RUNNING>\n\s+inet 10\.0\.2\.15  netmask 255\.255\.255\.0")
        # QEMU gives the first card 52:54:00:12:34:56; the driver must have read it.
        step("mac_address", "ifconfig eth0\r", r"^\s+ether 52:54:00:12:34:56$")
        if not args.card_only:
            step("resolv_conf_from_dhcp", "cat /etc/resolv.conf\r",
                 r"^#PROTO: DHCP\nnameserver 10\.0\.2\.3\nbootserver 10\.0\.2\.2$")
            dns_steps(g, step, report, skip, dns, resolv)
            step("ping_gateway", "ping -c 3 -i 0.2 10.0.2.2; echo rc=$?\r",
                 r"(?s)^PING 10\.0\.2\.2 \(10\.0\.2\.2\) 56\(84\) bytes of data\.\n"
                 r"64 bytes from 10\.0\.2\.2: icmp_seq=1 time=[\d.]+ ms\n.*"
                 r"3 packets transmitted, 3 received, 0% packet loss.*rc=0$", 60)
            step("ping_unprivileged", "su user -c 'ping -c 1 -W 5 10.0.2.2'; echo rc=$?\r",
                 r"(?s)1 packets transmitted, 1 received, 0% packet loss.*rc=0$", 60)
            step("ping_own_address", "ping -c 2 -i 0.2 -s 1000 10.0.2.15; echo rc=$?\r",
                 r"(?s)1008 bytes from 10\.0\.2\.15: icmp_seq=2 .*"
                 r"2 packets transmitted, 2 received, 0% packet loss.*rc=0$", 60)
            step("ping_unanswered", "ping -c 1 -W 1 10.0.2.99; echo rc=$?\r",
                 r"(?s)1 packets transmitted, 0 received, 100% packet loss.*rc=1$", 60)
        url = "http://10.0.2.2:%d/big.bin" % http_port
        t0 = time.monotonic()
        step("fetch_multi_mib", "fetch -o /tmp/big.bin %s; echo rc=$?; cksum /tmp/big.bin\r" % url,
             r"rc=0\n%s %s /tmp/big\.bin$" % (want[0], want[1]), 600)
        print("info: %s: %d KiB fetched in %.1f s (%.0f KiB/s, with the shell and cksum)"
              % (args.name, FILE_SIZE >> 10, time.monotonic() - t0,
                 (FILE_SIZE >> 10) / (time.monotonic() - t0)))
        step("wget_multi_mib", "cd /tmp; rm big.bin; wget -q %s; echo rc=$?; cksum big.bin\r" % url,
             r"rc=0\n%s %s big\.bin$" % (want[0], want[1]), 600)
        step("fetch_404", "fetch -o /tmp/none http://10.0.2.2:%d/none; echo rc=$?\r" % http_port,
             r"404(.|\n)*rc=1$")
        step("nc_to_host", "echo hello-from-breenix | nc 10.0.2.2 %d; echo rc=$?\r" % listener.port,
             r"rc=0$")
        listener.join(30)
        report("nc_host_got_line", listener.data == b"hello-from-breenix\n",
               "the host got %r" % listener.data)
        if have_bb:
            step("busybox_wget_multi_mib",
                 "fetch -o /tmp/busybox http://10.0.2.2:%d/busybox && chmod +x /tmp/busybox && "
                 "rm -f /tmp/bb.bin && /tmp/busybox wget -q -O /tmp/bb.bin %s; echo rc=$?; "
                 "cksum /tmp/bb.bin\r" % (http_port, url),
                 r"rc=0\n%s %s /tmp/bb\.bin$" % (want[0], want[1]), 600)
            g.type_serial(b"rm -f /tmp/bb.bin /tmp/busybox\r")
            g.read_for(1.0)
        elif not args.card_only:
            skip("busybox_wget_multi_mib", "no %s (tests/harness/linux_guest.sh fetches it)"
                 % BUSYBOX)
        # The baseline for the leak check: before httpd and its connections, once
        # the earlier connections' TIME_WAIT is over.
        if not args.card_only:
            before = settle(g)
            print("net: lwIP before httpd: %s (bytes, TCP inuse, tw)" % (before,))
        # A server in Breenix answering the host through the forwarded port.
        step("httpd_starts", "mkdir -p /tmp/www; cp /tmp/big.bin /tmp/www/f.bin; "
             "echo hello > /tmp/www/index.html; httpd -p 80 -n %d /tmp/www &\r"
             % (CONCURRENT + 1), r"^\[1\] \d+$")
        g.read_for(1.0)
        base = "http://127.0.0.1:%d/" % fwd_port
        try:
            body = get(base)
            report("host_gets_index", body == b"hello\n", "got %r" % body[:100])
        except Exception as e:  # noqa: BLE001
            report("host_gets_index", False, repr(e))
        with open(big, "rb") as f:
            data = f.read()
        small = data[:16 << 10]
        step("proc_net_tcp_listener", "grep -c ': 00000000:0050 00000000:0000 0A ' "
             "/proc/net/tcp\r", r"^1$")
        step("httpd_small_file", "head -c %d /tmp/big.bin > /tmp/www/s.bin; echo ok\r"
             % len(small), r"^ok$")
        ok = retries = 0
        errors = []
        frames = os.path.getsize(g.pcap)
        overflows = host_listen_overflows()
        with concurrent.futures.ThreadPoolExecutor(CONCURRENT) as ex:
            futs = [ex.submit(get_through_forward, base + "s.bin") for _ in range(CONCURRENT)]
            for f in futs:
                try:
                    body, n = f.result()
                    ok += body == small
                    retries += n
                except Exception as e:  # noqa: BLE001
                    errors.append(repr(e))
        report("host_concurrent_gets", ok == CONCURRENT,
               "%d of %d answers right; errors %s" % (ok, CONCURRENT, errors[:3]))
        after = host_listen_overflows()
        print("info: %s: %d connections tried again after the host dropped them at QEMU's "
              "listener (host ListenOverflows +%s)" % (args.name, retries,
              after - overflows if None not in (after, overflows) else "?"))
        resets, _ = guest_resets(g.pcap, 80, frames)
        report("httpd_sent_no_reset", resets == 0,
               "the guest reset %d connections to port 80" % resets)
        if step("httpd_exits", "wait; echo done\r", r"done$") is None:
            # httpd still waits for connections that never came: end it, so
            # that the steps after this one test what they are meant to.
            g.type_serial(b"\x03")
            run_step_long(g, "kill %1; wait\r", 30)
        if not args.card_only:
            leak_check(g, report, before)
        if args.nic.startswith("e1000"):
            link_cycle(g, step, report)
            step("fetch_after_link", "fetch -o /tmp/big.bin %s; echo rc=$?; cksum /tmp/big.bin\r"
                 % url, r"rc=0\n%s %s /tmp/big\.bin$" % (want[0], want[1]), 600)
        g.type_serial(b"poweroff\r")
        try:
            g.proc.wait(timeout=60)
            report("poweroff", True)
        except Exception:  # noqa: BLE001
            report("poweroff", False, "QEMU still running 60 s after poweroff")
    finally:
        g.stop()
        if dns is not None:
            print("net: the DNS server answered %d queries: %s"
                  % (len(dns.queries), " ".join(sorted(set(dns.queries)))))
        if args.log:
            with open(args.log, "wb") as f:
                f.write(g.out)
        http.terminate()
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(0 if all(results) else 1)


def dns_steps(g, step, report, skip, dns, resolv):
    """Names through QEMU's DNS (10.0.2.3) to the test's server on the host."""
    if dns is None:
        skip("dns", "cannot bind 127.0.0.1:53 for the test's DNS server (not root?)")
        return
    if resolv is None:  # QEMU forwards to the host's own resolver: go to 10.0.2.2:53 instead
        step("dns_point_at_host", "rm -f /etc/resolv.conf; echo nameserver 10.0.2.2 > "
             "/etc/resolv.conf; echo ok\r", r"^ok$")
    n = len(dns.queries)
    step("dns_a_record", "getent hosts breenix-test.example; echo rc=$?\r",
         r"^192\.0\.2\.77 +breenix-test\.example\nrc=0$", 60)
    report("dns_query_reached_host", len(dns.queries) > n and
           dns.queries[-1] == "breenix-test.example", "queries seen: %r" % dns.queries)
    step("dns_cname", "getent hosts alias.example.; echo rc=$?\r",
         r"^192\.0\.2\.77 +alias\.example\.\nrc=0$", 60)
    step("dns_several_addresses", "getent ahosts multi.example | grep -c STREAM\r", r"^3$", 60)
    step("dns_missing_name", "ping -c 1 nosuch.example; echo rc=$?\r",
         r"^ping: nosuch\.example: Name or service not known\nrc=2$", 60)
    n = len(dns.queries)
    step("hosts_file_first", "getent hosts gateway; echo rc=$?\r",
         r"^10\.0\.2\.2 +gateway\nrc=0$", 60)
    report("hosts_file_asks_no_server", len(dns.queries) == n, "queries: %r" % dns.queries[n:])
    step("ping_by_name", "ping -c 1 breenix-test.example; echo rc=$?\r",
         r"(?s)^PING breenix-test\.example \(192\.0\.2\.77\).*rc=1$", 60)


def figures(g):
    return proc_figures(run_step_long(g, "cat /proc/net/lwip /proc/net/sockstat\r", 60) or "")


def settle(g):
    """lwIP's figures once no connection is in TIME_WAIT (at most TIME_WAIT_S + 30 s)."""
    f = figures(g)
    end = time.monotonic() + TIME_WAIT_S + 30
    while f is not None and f[2] > 0 and time.monotonic() < end:
        time.sleep(5)
        f = figures(g)
    return f


def leak_check(g, report, before):
    """After httpd's connections: their TIME_WAIT ends and lwIP's memory is back to before."""
    if before is None or before[2] != 0:
        report("leak_baseline", False, "no settled figures from /proc/net: %r" % (before,))
        return
    print("net: lwIP after the connections: %s" % (figures(g),))
    after = settle(g)
    print("net: lwIP after TIME_WAIT: %s" % (after,))
    report("time_wait_expires", after is not None and after[2] == 0,
           "TIME_WAIT connections left: %r" % (after,))
    report("no_lwip_memory_lost", after is not None and after[:2] == before[:2],
           "before %r after %r" % (before, after))


def wait_since(g, mark, text, timeout):
    """Whether text appears in the output after mark within timeout seconds."""
    end = time.monotonic() + timeout
    while text not in g.out[mark:]:
        if time.monotonic() > end:
            return False
        g.read_for(0.2)
    return True


def link_cycle(g, step, report):
    """The cable out and back in: the driver's link interrupt must reach lwIP."""
    mark = len(g.out)
    g.monitor("set_link n0 off")
    down = wait_since(g, mark, b"net: eth0: link down", 30)
    report("link_down_logged", down, "no 'link down' in %r" % clean(g.out[mark:])[-300:])
    step("link_down_not_running", "ifconfig eth0\r", r"^eth0: flags=\d+<UP,BROADCAST>$")
    mark = len(g.out)
    g.monitor("set_link n0 on")
    up = wait_since(g, mark, b"net: eth0: link up", 30)
    report("link_up_logged", up, "no 'link up' in %r" % clean(g.out[mark:])[-300:])
    step("link_up_dhcp", "ifconfig eth0 wait 60; ifconfig eth0\r",
         r"^eth0: flags=\d+<UP,BROADCAST,RUNNING>$", 90)


def run_step_long(g, keys, timeout):
    """Type keys; the output up to the next prompt (None if none comes within timeout)."""
    mark = len(g.out)
    g.type_serial(keys.encode())
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        g.read_for(0.5)
        if PROMPT.search(g.out[mark:]):
            break
    else:
        return None
    text = clean(g.out[mark:])
    text = text[: text.rfind("root@breenix")]
    lines = text.split("\n")
    return "\n".join(lines[keys.count("\r"):]).strip("\n")


if __name__ == "__main__":
    main()
