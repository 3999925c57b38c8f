#!/usr/bin/env python3
"""blk_image.py: the disk image of the block-device test (userland/tests/t_blk.c).

    blk_image.py make FILE     write the 8 MiB pattern image
    blk_image.py check FILE    after the guest ran: PASS:/FAIL: lines

Every 512-byte sector s of the image holds the host pattern: the 16-byte
signature "BREENIX-BLKTEST\\n", s as a little-endian 64-bit number, then
bytes (s * 131 + i * 7) & 0xff for i = 24..511; but bytes 446-511 of sector
0 are an MBR partition table (PARTITIONS: the third slot empty, the fourth
running past the disk's end, which a kernel cuts at the end).  t_blk reads and checks it,
then leaves the sectors of GUEST (its scratch area) holding the guest
pattern: signature "BREENIX-GUESTWR\\n", s, then (s * 29 + i * 3 + 1) & 0xff.
The check after power-off wants exactly that: the guest pattern in GUEST,
the host pattern everywhere else.  t_blk.c defines the same patterns.

QEMU serves the image through its blkdebug driver with the rules of
blkdebug_rules(): every read or write of BAD_SECTOR fails, so the guest
sees a device reporting an I/O error there.
"""
import struct
import sys

SECTOR = 512
SECTORS = 16384                      # 8 MiB
GUEST = range(12288, 12288 + 256)    # t_blk's scratch sectors
HOST_SIG = b"BREENIX-BLKTEST\n"
GUEST_SIG = b"BREENIX-GUESTWR\n"
BAD_SECTOR = 11000                   # I/O errors here (blkdebug), outside everything else
# (type, first sector, sectors) per slot; type 0: empty.
PARTITIONS = [(0x83, 2048, 4096), (0x83, 8192, 2048), (0, 0, 0), (0x83, 16000, 1000)]


def mbr_table():
    """Bytes 446-511 of sector 0: four entries (CHS fields zero) and the signature."""
    table = b"".join(struct.pack("<B3sB3sII", 0, b"\0\0\0", t, b"\0\0\0", start, count)
                     for t, start, count in PARTITIONS)
    return table + b"\x55\xaa"


def host_sector(s):
    tail = bytes((s * 131 + i * 7) & 0xFF for i in range(24, SECTOR))
    sector = HOST_SIG + struct.pack("<Q", s) + tail
    return sector[:446] + mbr_table() if s == 0 else sector


def guest_sector(s):
    tail = bytes((s * 29 + i * 3 + 1) & 0xFF for i in range(24, SECTOR))
    return GUEST_SIG + struct.pack("<Q", s) + tail


def blkdebug_rules(path):
    """Write the blkdebug configuration that fails I/O on BAD_SECTOR."""
    with open(path, "w") as f:
        f.write('[inject-error]\nevent = "read_aio"\nerrno = "5"\nsector = "%d"\n' % BAD_SECTOR)


def make(path):
    with open(path, "wb") as f:
        for s in range(SECTORS):
            f.write(host_sector(s))


def first_bad(data, sectors, want):
    for s in sectors:
        if data[s * SECTOR:(s + 1) * SECTOR] != want(s):
            return s
    return None


def check(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        print("FAIL: disk/image: %s" % e)
        return 1
    results = []
    if len(data) != SECTORS * SECTOR:
        results.append(("size", "%d bytes, wanted %d" % (len(data), SECTORS * SECTOR)))
    else:
        bad = first_bad(data, GUEST, guest_sector)
        results.append(("guest_writes_landed",
                        None if bad is None else "sector %d lacks the guest pattern" % bad))
        rest = [s for s in range(SECTORS) if s not in GUEST]
        bad = first_bad(data, rest, host_sector)
        results.append(("rest_untouched",
                        None if bad is None else "sector %d changed" % bad))
    for name, why in results:
        print("PASS: disk/%s" % name if why is None else "FAIL: disk/%s: %s" % (name, why))
    return 0 if all(why is None for _, why in results) else 1


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("make", "check"):
        sys.exit("usage: blk_image.py make|check FILE")
    if sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        sys.exit(check(sys.argv[2]))


if __name__ == "__main__":
    main()
