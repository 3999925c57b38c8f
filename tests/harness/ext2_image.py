#!/usr/bin/env python3
"""ext2_image.py: the ext2 test disk of userland/tests/t_ext2.c, made and
checked from outside, with the host's e2fsprogs.

make IMAGE BLOCKSIZE: a fresh ext2 file system (mkfs.ext2, label
breenix-t_ext2) populated from a seed tree this script writes (mkfs.ext2
-d): files of several sizes, a sparse file, nested directories, hard links,
fast and slow symlinks, unusual modes.  The guest prints a manifest of
seed/ as it reads it ("EXT2-M seed ..."), which must equal the host's own
manifest of the seed tree: files the host made, read by Breenix.

check IMAGE SERIAL_LOG: after the guest has worked on the disk and
powered off, `e2fsck -fn` must find nothing to fix, and the tree debugfs
reads from the image (rdump for the data, ls -p for inode numbers and
modes) must be exactly the guest's last manifest ("EXT2-M final ...").
Prints PASS:/FAIL: lines named ext2/<blocksize>k/...
"""
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import zlib

LABEL = "breenix-t_ext2"
IMAGE_MB = {1024: 112, 4096: 48}  # t_ext2 writes 64 MiB with 1 KiB blocks, 16 MiB with 4
MLINE = re.compile(r"EXT2-M (\w+) ([fdl]) ([0-7]+) (\d+) (\d+) (\S+) (.+)$")


def crc(data):
    return "%08x" % zlib.crc32(data)


def crc_file(path):
    h = 0
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                return "%08x" % h
            h = zlib.crc32(chunk, h)


def pattern(seed, n):
    return bytes((seed * 131 + (i >> 10) * 7 + i * 13) & 0xFF for i in range(n))


def make_seed(root):
    seed = os.path.join(root, "seed")
    os.makedirs(os.path.join(seed, "sub", "deep", "er"))
    files = {
        "hello.txt": b"hello from the host\n",
        "empty": b"",
        "k1": pattern(1, 1024),
        "k1plus": pattern(2, 1025),
        "sub/p300k": pattern(3, 300000),
        "sub/deep/er/p5m": pattern(4, 5 << 20),
        "sub/deep/small": pattern(5, 77),
    }
    for name, data in files.items():
        with open(os.path.join(seed, name), "wb") as f:
            f.write(data)
    with open(os.path.join(seed, "sparse"), "wb") as f:
        f.write(b"start")
        f.seek(3 << 20)
        f.write(b"end")
    os.chmod(os.path.join(seed, "k1"), 0o600)
    os.chmod(os.path.join(seed, "sub", "deep"), 0o711)
    os.link(os.path.join(seed, "hello.txt"), os.path.join(seed, "sub", "hard"))
    os.symlink("hello.txt", os.path.join(seed, "fastlink"))
    os.symlink("sub/deep/er/" + "x" * 90, os.path.join(seed, "slowlink"))


def make(image, bsize):
    with tempfile.TemporaryDirectory() as tmp:
        make_seed(tmp)
        if os.path.exists(image):
            os.unlink(image)
        subprocess.run(["mkfs.ext2", "-q", "-F", "-b", str(bsize), "-L", LABEL,
                        "-E", "root_owner=0:0", "-d", tmp, image, "%dM" % IMAGE_MB[bsize]],
                       check=True)


def host_manifest(root):
    """path -> (type, mode, size, hash) of the tree under root (ino left out)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in sorted(dirnames + filenames):
            p = os.path.join(dirpath, name)
            rel = os.path.relpath(p, root)
            st = os.lstat(p)
            mode = stat.S_IMODE(st.st_mode)
            if stat.S_ISDIR(st.st_mode):
                out[rel] = ("d", mode, 0, "-")
            elif stat.S_ISLNK(st.st_mode):
                t = os.readlink(p).encode()
                out[rel] = ("l", mode, len(t), crc(t))
            else:
                out[rel] = ("f", mode, st.st_size, crc_file(p))
    return out


def guest_manifest(log, phase):
    """path -> (type, mode, ino, size, hash) from the serial log's phase lines."""
    out = {}
    with open(log, errors="replace") as f:
        for line in f:
            m = MLINE.search(line.rstrip("\r\n").replace("\r", ""))
            if m and m.group(1) == phase:
                out[m.group(7)] = (m.group(2), int(m.group(3), 8), int(m.group(4)),
                                   int(m.group(5)), m.group(6))
    return out


def debugfs(image, commands):
    with tempfile.NamedTemporaryFile("w", suffix=".cmds") as f:
        f.write("\n".join(commands) + "\n")
        f.flush()
        r = subprocess.run(["debugfs", "-f", f.name, image], capture_output=True, text=True)
    return r.stdout


def image_manifest(image, tmp):
    """path -> (type, mode, ino, size, hash) as debugfs reads the image."""
    dump = os.path.join(tmp, "dump")
    os.mkdir(dump)
    debugfs(image, ["rdump / %s" % dump])
    root = os.path.join(dump, os.listdir(dump)[0]) if len(os.listdir(dump)) == 1 and \
        not os.path.exists(os.path.join(dump, "w")) else dump
    # Inode numbers and modes from the directories themselves (ls -p).
    dirs = [""]
    for dirpath, dirnames, _ in os.walk(root):
        for d in dirnames:
            rel = os.path.relpath(os.path.join(dirpath, d), root)
            if not rel.startswith("lost+found"):
                dirs.append(rel)
    text = debugfs(image, ["ls -p /%s" % d for d in dirs])
    meta, cur = {}, None
    for line in text.splitlines():
        if line.startswith("debugfs: ls -p "):
            cur = line[len("debugfs: ls -p /"):].strip()
            continue
        parts = line.split("/")
        if cur is None or len(parts) < 7 or parts[5] in (".", "..", ""):
            continue
        rel = os.path.join(cur, parts[5]) if cur else parts[5]
        meta[rel] = (int(parts[1]), int(parts[2], 8))
    out = {}
    for rel, (ino, mode) in meta.items():
        if rel == "lost+found" or rel.startswith("lost+found/"):
            continue
        p = os.path.join(root, rel)
        if stat.S_ISDIR(mode):
            out[rel] = ("d", stat.S_IMODE(mode), ino, 0, "-")
        elif stat.S_ISLNK(mode):
            t = os.readlink(p).encode() if os.path.islink(p) else b"?"
            out[rel] = ("l", stat.S_IMODE(mode), ino, len(t), crc(t))
        else:
            size = os.path.getsize(p) if os.path.exists(p) else -1
            out[rel] = ("f", stat.S_IMODE(mode), ino, size, crc_file(p) if size >= 0 else "?")
    return out


def report(name, ok, why=""):
    print(("PASS: %s" % name) if ok else ("FAIL: %s: %s" % (name, why)))
    return ok


def diff(a, b, limit=8):
    lines = []
    for k in sorted(set(a) | set(b)):
        if a.get(k) != b.get(k):
            lines.append("%s: guest %s, other %s" % (k, a.get(k), b.get(k)))
    return lines[:limit]


def check(image, log, bsize):
    name = "ext2/%dk" % (bsize // 1024)
    ok = True
    r = subprocess.run(["e2fsck", "-fn", image], capture_output=True, text=True)
    ok &= report(name + "/e2fsck_clean", r.returncode == 0,
                 "e2fsck -fn exit %d: %s" % (r.returncode, " | ".join(
                     (r.stdout + r.stderr).splitlines()[-12:])))
    with tempfile.TemporaryDirectory() as tmp:
        make_seed(tmp)
        want = host_manifest(os.path.join(tmp, "seed"))
        got = {k: (v[0], v[1], v[3], v[4]) for k, v in guest_manifest(log, "seed").items()}
        d = diff(got, want)
        ok &= report(name + "/host_files_read_in_guest", bool(got) and not d,
                     "no manifest" if not got else "; ".join(d))
        guest = guest_manifest(log, "final")
        img = image_manifest(image, tmp)
        d = diff(guest, img)
        ok &= report(name + "/guest_files_read_on_host", bool(guest) and not d,
                     "no manifest" if not guest else "; ".join(d))
        seedh = guest_manifest(log, "seed")
        ok &= report(name + "/seed_hard_link",
                     "sub/hard" in seedh and "hello.txt" in seedh and
                     seedh["sub/hard"][2] == seedh["hello.txt"][2], "inode numbers differ")
    return ok


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "make":
        make(sys.argv[2], int(sys.argv[3]))
    elif len(sys.argv) == 5 and sys.argv[1] == "check":
        sys.exit(0 if check(sys.argv[2], sys.argv[3], int(sys.argv[4])) else 1)
    else:
        sys.exit("usage: ext2_image.py make IMAGE BLOCKSIZE | check IMAGE LOG BLOCKSIZE")


if __name__ == "__main__":
    main()
