#!/usr/bin/env python3
"""Seed corpora for the host fuzzers (tests/fuzz/fuzz.mk): OUTDIR/<name>/.

Seeds are made, not committed: small static executables linked by the host
gcc, cpio archives written by cpio(1) itself, multiboot2 structures laid out
as GRUB does, and paths that reach every corner of fuzz_path.c's tree.  A
fuzzer starting from valid input gets past the magic numbers at once.
"""
import os
import pathlib
import struct
import subprocess
import sys
import tempfile

TINY_C = """
void _start(void)
{
	__asm__ volatile("mov $60, %eax\\n xor %edi, %edi\\n syscall");
}
"""

# Two segments (text, then data with bss) exercise the loader's cases.
DATA_BSS_C = """
static volatile int data = 1;
static volatile int bss[1024];

void _start(void)
{
	bss[data] = data;
	__asm__ volatile("mov $60, %eax\\n xor %edi, %edi\\n syscall");
}
"""

# Small files: one page, no build id, no relro, code and headers together.
ELF_FLAGS = ["-static", "-no-pie", "-nostdlib", "-Os", "-s", "-fno-asynchronous-unwind-tables",
             "-Wl,--build-id=none", "-Wl,-z,noseparate-code", "-Wl,-z,norelro",
             "-Wl,-z,max-page-size=4096"]


def elf_seeds(out, tmp):
    for name, src in (("tiny", TINY_C), ("data_bss", DATA_BSS_C)):
        c = tmp / (name + ".c")
        c.write_text(src)
        subprocess.run(["gcc", *ELF_FLAGS, "-o", str(out / name), str(c)], check=True)


def cpio_seeds(out, tmp):
    root = tmp / "initrd"
    (root / "sbin").mkdir(parents=True)
    (root / "etc").mkdir()
    (root / "sbin" / "init").write_bytes(b"\x7fELF-ish")
    (root / "etc" / "motd").write_text("hello\n")
    os.symlink("../sbin/init", root / "etc" / "link")
    names = ["sbin", "sbin/init", "etc", "etc/motd", "etc/link"]
    for seed, prefix in (("plain", ""), ("dot_slash", "./")):
        listing = "".join(n + "\n" for n in ["."] + [prefix + n for n in names])
        with open(out / seed, "wb") as f:
            subprocess.run(["cpio", "--quiet", "-o", "-H", "newc"], input=listing.encode(),
                           cwd=root, stdout=f, check=True)
    with open(out / "empty", "wb") as f:
        subprocess.run(["cpio", "--quiet", "-o", "-H", "newc"], input=b"", cwd=root,
                       stdout=f, check=True)


def newc(entries):
    """A newc archive of (name, mode, data) entries, as the kernel reads it."""
    out = b""
    for ino, (name, mode, data) in enumerate(entries + [("TRAILER!!!", 0, b"")]):
        fields = (ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name) + 1, 0)
        head = b"070701" + b"".join(b"%08X" % f for f in fields) + name.encode() + b"\0"
        out += head + b"\0" * (-len(head) % 4) + data + b"\0" * (-len(data) % 4)
    return out


# Archives that once confused the unpacker: a directory over a file (ramfs
# then read file data as directory entries), "." and ".." entries.
INITRD_SEEDS = {
    "dir_over_file": [("x", 0o100644, b"data"), ("x", 0o40755, b""), ("x/y", 0o100644, b"y")],
    "dots": [(".", 0o100644, b"f"), ("a", 0o40700, b""), ("a/.", 0o40755, b""),
             ("a/..", 0o40755, b""), ("..", 0o40755, b""), ("a/../b", 0o100600, b"b")],
    "links": [("d", 0o40755, b""), ("l", 0o120777, b"d"), ("l/f", 0o100644, b"f"),
              ("up", 0o120777, b"/"), ("up/top", 0o40755, b"")],
}


def initrd_seeds(out, cpio_dir):
    for seed in cpio_dir.iterdir():
        (out / seed.name).write_bytes(seed.read_bytes())
    for name, entries in INITRD_SEEDS.items():
        (out / name).write_bytes(newc(entries))


def mb2_tag(tag_type, payload):
    tag = struct.pack("<II", tag_type, 8 + len(payload)) + payload
    return tag + b"\0" * (-len(tag) % 8)


def mb2_info(tags):
    body = b"".join(tags) + mb2_tag(0, b"")
    return struct.pack("<II", 8 + len(body), 0) + body


def acpi_sdt(sig, body):
    """An ACPI table: header (length, checksum fixed) and body."""
    hdr = bytearray(sig + struct.pack("<IBB", 36 + len(body), 1, 0) + b"BRNX  BREENIX " +
                    struct.pack("<III", 1, 0, 1))
    t = hdr + body
    t[9] = (-sum(t)) & 0xFF
    return bytes(t)


def acpi_seeds(out):
    """A MADT as QEMU makes it, and an RSDT at 0x1000 leading to it (fuzz_acpi's memory)."""
    ents = struct.pack("<BBBBI", 0, 8, 0, 0, 1) + struct.pack("<BBBBII", 1, 12, 0, 0, 0xFEC00000, 0)
    ents += struct.pack("<BBBBIH", 2, 10, 0, 0, 2, 0)
    for irq in (5, 9, 10, 11):
        ents += struct.pack("<BBBBIH", 2, 10, 0, irq, irq, 0xD)
    ents += struct.pack("<BBBHB", 4, 6, 0xFF, 0, 1)
    madt = acpi_sdt(b"APIC", struct.pack("<II", 0xFEE00000, 1) + ents)
    (out / "madt").write_bytes(madt)
    rsdt = acpi_sdt(b"RSDT", struct.pack("<I", 0x1000 + 0x40))
    (out / "rsdt").write_bytes(rsdt.ljust(0x40, b"\0") + madt)
    xsdt = acpi_sdt(b"XSDT", struct.pack("<Q", 0x1000 + 0x40))
    (out / "xsdt").write_bytes(xsdt.ljust(0x40, b"\0") + madt)


def mb2_seeds(out):
    mmap = struct.pack("<II", 24, 0) + b"".join(
        struct.pack("<QQII", base, length, kind, 0)
        for base, length, kind in ((0, 0x9fc00, 1), (0x100000, 0x1ff00000, 1),
                                   (0xfffc0000, 0x40000, 2), (1 << 63, 1 << 63, 1)))
    rsdp_v1 = b"RSD PTR " + bytes(12)
    rsdp_v2 = b"RSD PTR " + bytes(28)
    full = [
        mb2_tag(1, b"console=ttyS0 test\0"),
        mb2_tag(2, b"GRUB 2.06\0"),
        mb2_tag(3, struct.pack("<II", 0x200000, 0x280000) + b"initrd\0"),
        mb2_tag(6, mmap),
        mb2_tag(8, struct.pack("<QIIIBBH", 0xfd000000, 4096, 1024, 768, 32, 1, 0) + bytes(6)),
        mb2_tag(14, rsdp_v1),
        mb2_tag(15, rsdp_v2),
    ]
    (out / "full").write_bytes(mb2_info(full))
    (out / "minimal").write_bytes(mb2_info([]))
    for i, tag in enumerate(full):
        (out / f"tag{i}").write_bytes(mb2_info([tag]))


# Flags byte: start directory (0 /, 1 /a, 2 /a/b, 3 /dev/sub, 4 removed dir),
# 8 = follow the final symlink, 0x10 = vfs_resolve_parent, 0x20 = as a user.
PATH_SEEDS = [
    b"\x00/a/b/f", b"\x08/abs/f", b"\x08/a/rel", b"\x10/a/b/", b"\x01../dev/back/b",
    b"\x08/loop1", b"\x08/c0/b", b"\x08/c4", b"\x08/a/fz\0../abs", b"\x18/a/fz/x\0/a/fz",
    b"\x04..", b"\x04./x", b"\x00" + b"n" * 300, b"\x08/fileln/", b"\x03../../null",
    b"\x08/a/up/../..//a/b/dot/dot/f", b"\x10//", b"\x00", b"\x0a../../..", b"\x08/self",
    b"\x28/priv/f", b"\x30/priv/x", b"\x28/n0", b"\x28/c0/b/f",
]


def path_seeds(out):
    for i, seed in enumerate(PATH_SEEDS):
        (out / f"seed{i:02d}").write_bytes(seed)


def ext2_seeds(out, tmp):
    """Small ext2 images (64 KiB) as mkfs.ext2 makes them: empty, populated (-d),
    revision 0, 2 KiB blocks.  Without e2fsprogs there are no seeds."""
    tree = tmp / "ext2tree"
    (tree / "d" / "e").mkdir(parents=True)
    (tree / "f").write_bytes(b"hello\n")
    (tree / "d" / "big").write_bytes(bytes(range(256)) * 60)
    (tree / "d" / "e" / "g").write_bytes(b"x")
    (tree / "fast").symlink_to("f")
    (tree / "slow").symlink_to("d/" + "y" * 80)
    variants = [[], ["-d", str(tree)], ["-r", "0"], ["-b", "2048", "-d", str(tree)]]
    for i, extra in enumerate(variants):
        img = out / f"seed{i}"
        args = ["mkfs.ext2", "-q", "-F", "-N", "32", "-m", "0"] + \
            (["-b", "1024"] if "-b" not in extra else []) + extra + [str(img), "64k"]
        try:
            subprocess.run(args, check=True, capture_output=True)
        except (OSError, subprocess.CalledProcessError):
            img.unlink(missing_ok=True)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen_corpus.py OUTDIR")
    out = pathlib.Path(sys.argv[1])
    dirs = {name: out / name for name in ("elf", "cpio", "initrd", "multiboot2", "path",
                                             "ext2", "acpi")}
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        elf_seeds(dirs["elf"], pathlib.Path(tmp))
        cpio_seeds(dirs["cpio"], pathlib.Path(tmp))
        ext2_seeds(dirs["ext2"], pathlib.Path(tmp))
    initrd_seeds(dirs["initrd"], dirs["cpio"])
    mb2_seeds(dirs["multiboot2"])
    acpi_seeds(dirs["acpi"])
    path_seeds(dirs["path"])


if __name__ == "__main__":
    main()
