#!/usr/bin/env python3
"""mkinitrd.py: pack a directory as the initrd, a newc cpio archive.

    mkinitrd.py ROOT PERMS OUT

Every entry belongs to root (0:0) with mode 0755 (directories and files
with an x bit in ROOT) or 0644, whoever built it and whatever their umask,
except where PERMS says otherwise: lines of
"path mode uid gid" (path relative to ROOT's top, mode in octal; "#"
starts a comment).  Git keeps neither owners nor modes like 1777 or 4755,
so the image's (/tmp sticky, /root private, /home/user the user's, su
set-user-ID) are written down in PERMS.  Entries go in sorted order with
fixed times and inode numbers, so the same tree gives the same bytes.
"""
import os
import stat
import sys


def read_perms(path):
    perms = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].split()
            if not line:
                continue
            if len(line) != 4:
                sys.exit("%s:%d: want 'path mode uid gid'" % (path, n))
            name, mode, uid, gid = line
            perms[name.strip("/")] = (int(mode, 8), int(uid), int(gid))
    return perms


def header(ino, mode, uid, gid, nlink, size, namesize):
    fields = [ino, mode, uid, gid, nlink, 0, size, 0, 0, 0, 0, namesize, 0]
    return b"070701" + b"".join(b"%08X" % v for v in fields)


def pad4(out):
    out.write(b"\0" * (-out.tell() % 4))


def entry(out, ino, name, mode, uid, gid, data):
    nlink = 2 if stat.S_ISDIR(mode) else 1
    encoded = name.encode() + b"\0"
    out.write(header(ino, mode, uid, gid, nlink, len(data), len(encoded)))
    out.write(encoded)
    pad4(out)
    out.write(data)
    pad4(out)


def walk(root):
    names = []
    for top, dirs, files in os.walk(root):
        for n in dirs + files:
            names.append(os.path.relpath(os.path.join(top, n), root))
    return sorted(names)


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: mkinitrd.py ROOT PERMS OUT")
    root, perms_path, out_path = sys.argv[1:]
    perms = read_perms(perms_path)
    unused = set(perms) - set(walk(root)) - {"."}
    if unused:
        sys.exit("%s: not in the image: %s" % (perms_path, " ".join(sorted(unused))))
    with open(out_path, "wb") as out:
        ino = 1
        for name in ["."] + walk(root):
            path = os.path.join(root, name)
            st = os.lstat(path)
            kind = stat.S_IFMT(st.st_mode)
            default = 0o755 if kind == stat.S_IFDIR or st.st_mode & 0o111 else 0o644
            mode, uid, gid = perms.get(name, (default, 0, 0))
            if stat.S_ISLNK(st.st_mode):
                data = os.readlink(path).encode()
            elif stat.S_ISREG(st.st_mode):
                with open(path, "rb") as f:
                    data = f.read()
            else:
                data = b""
            entry(out, ino, name, kind | mode, uid, gid, data)
            ino += 1
        entry(out, 0, "TRAILER!!!", 0, 0, 0, b"")
        out.write(b"\0" * (-out.tell() % 512))


if __name__ == "__main__":
    main()
