#!/usr/bin/env bash
# linux_guest.sh DIR BENCH: prepare the Linux guest of `build.sh bench` in DIR
# (cached): Debian's Linux 6.1 kernel (linux-image-*-amd64) and an initramfs
# with busybox-static, an /init that mounts /proc, /dev, /tmp and starts a
# shell on the serial console, and the static benchmark binary as /bench.
# The .deb files are fetched with apt-get download (no root needed) and
# unpacked with dpkg-deb; nothing is installed on the host.
set -euo pipefail
dir=$1 bench=$(realpath "$2")
mkdir -p "$dir"
cd "$dir"
if [ ! -f vmlinuz ]; then
	kpkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-6/ {print $2; exit}')
	[ -n "$kpkg" ] || { echo "linux_guest: no linux-image-6.1 package known to apt" >&2; exit 1; }
	echo "linux_guest: fetching $kpkg and busybox-static" >&2
	rm -rf deb && mkdir deb
	(cd deb && apt-get download "$kpkg" busybox-static >&2)
	rm -rf x && mkdir x
	for d in deb/*.deb; do dpkg-deb -x "$d" x; done
	cp x/boot/vmlinuz-* vmlinuz
	cp x/bin/busybox busybox
	basename "$(ls deb/linux-image-*.deb)" .deb > kernel-version
	rm -rf x deb
fi
rm -rf root && mkdir -p root/bin
cp busybox root/bin/busybox
cp "$bench" root/bench
cat > root/init <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mkdir -p /proc /sys /dev /tmp
mount -t proc proc /proc
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
export PS1='linux# ' PATH=/bin
exec setsid cttyhack sh
INIT
chmod +x root/init
(cd root && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > initramfs.cpio
echo "$dir"
