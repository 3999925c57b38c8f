#!/usr/bin/env python3
"""dns_server.py: a tiny authoritative DNS server for tests (UDP only).

Answers A queries for the names it is given (a CNAME first for names mapped
to another name), NXDOMAIN for others, and counts the queries it saw.
Used by net_test.py: QEMU's user network forwards the guest's queries to
10.0.2.2:53 to this server on the host's 127.0.0.1:53.

    python3 dns_server.py PORT name=1.2.3.4 alias=name   (for trying it by hand)
"""
import socket
import struct
import sys
import threading


def _qname(msg, off):
    labels = []
    while msg[off] != 0:
        n = msg[off]
        labels.append(msg[off + 1:off + 1 + n].decode("ascii", "replace"))
        off += 1 + n
    return ".".join(labels).lower(), off + 1


def _name(text):
    out = b""
    for lab in text.split("."):
        out += bytes([len(lab)]) + lab.encode()
    return out + b"\0"


class DnsServer(threading.Thread):
    def __init__(self, records, host="127.0.0.1", port=53):
        """records: name -> "a.b.c.d" (one address), [addresses], or "=other" (a CNAME)."""
        super().__init__(daemon=True)
        self.records = {k.lower(): v for k, v in records.items()}
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((host, port))
        self.port = self.sock.getsockname()[1]
        self.queries = []

    def answer(self, q):
        ident, flags, qd = struct.unpack(">HHH", q[:6])
        name, end = _qname(q, 12)
        qtype, = struct.unpack(">H", q[end:end + 2])
        self.queries.append(name)
        question = q[12:end + 4]
        rrs = []
        cur = name
        for _ in range(8):
            v = self.records.get(cur)
            if isinstance(v, str) and v.startswith("="):
                rrs.append(_name(cur) + struct.pack(">HHIH", 5, 1, 60, len(_name(v[1:]))) +
                           _name(v[1:]))
                cur = v[1:].lower()
                continue
            break
        v = self.records.get(cur)
        if v is None:
            return struct.pack(">HHHHHH", ident, 0x8183, 1, 0, 0, 0) + question
        if qtype == 1:
            for a in ([v] if isinstance(v, str) else v):
                rrs.append(_name(cur) + struct.pack(">HHIH", 1, 1, 60, 4) + socket.inet_aton(a))
        return struct.pack(">HHHHHH", ident, 0x8580, 1, len(rrs), 0, 0) + question + b"".join(rrs)

    def run(self):
        while True:
            try:
                q, peer = self.sock.recvfrom(512)
                self.sock.sendto(self.answer(q), peer)
            except (OSError, IndexError, struct.error):
                continue


if __name__ == "__main__":
    recs = {}
    for arg in sys.argv[2:]:
        k, v = arg.split("=", 1)
        try:
            socket.inet_aton(v)
            recs[k] = v
        except OSError:
            recs[k] = "=" + v
    s = DnsServer(recs, port=int(sys.argv[1]))
    s.run()
