#!/usr/bin/env bash
# linux_guest.sh DIR [BENCH] [--add TREE]: prepare a Linux guest in DIR
# (cached): Debian's Linux 6.1 kernel (linux-image-*-amd64) and an initramfs
# with busybox-static, an /init that mounts /proc, /dev, /tmp and starts a
# shell on the serial console.  BENCH, the static benchmark binary of
# `build.sh bench`, goes in as /bench; TREE is laid over / (as `build.sh iso
# --add` does for Breenix), and if it holds an executable /autorun, /init
# runs that instead of the shell and powers off after it.
# The .deb files are fetched with apt-get download (no root needed) and
# unpacked with dpkg-deb; nothing is installed on the host.  DIR/busybox is
# the binary the initramfs uses; tests/harness/busybox_suite.sh reuses it.
set -euo pipefail
dir=$1
shift
bench= add=
while [ $# -gt 0 ]; do
	case $1 in
	--add) add=$(realpath "${2:?--add needs a directory}"); shift 2 ;;
	*) bench=$(realpath "$1"); shift ;;
	esac
done
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
[ -z "$bench" ] || cp "$bench" root/bench
cat > root/init <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mkdir -p /proc /sys /dev /tmp
mount -t proc proc /proc
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
export PS1='linux# ' PATH=/bin
if [ -x /autorun ]; then
	/autorun
	poweroff -f
fi
exec setsid cttyhack sh
INIT
chmod +x root/init
[ -z "$add" ] || cp -R "$add/." root/
(cd root && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > initramfs.cpio
echo "$dir"
