#!/usr/bin/env bash
# linux_guest.sh DIR [BENCH] [--add TREE] [--disk] [--net]: prepare a Linux guest in DIR
# (cached): Debian's Linux 6.1 kernel (linux-image-*-amd64) and an initramfs
# with busybox-static, an /init that mounts /proc, /dev, /tmp and starts a
# shell on the serial console.  BENCH, the static benchmark binary of
# `build.sh bench`, goes in as /bench; TREE is laid over / (as `build.sh iso
# --add` does for Breenix), and if it holds an executable /autorun, /init
# runs that instead of the shell and powers off after it.  --disk adds the
# modules a virtio disk with ext2 needs (Debian builds virtio-pci, virtio_blk
# and ext4, which mounts ext2, as modules), kept in DIR/modules and loaded
# by /init in modules.order's order.  --net adds the drivers of the network
# cards `build.sh bench --net` compares (virtio-net and e1000, both modules
# in Debian's kernel) the same way; the harness configures eth0 itself.
# The .deb files are fetched with apt-get download (no root needed) and
# unpacked with dpkg-deb; nothing is installed on the host.  DIR/busybox is
# the binary the initramfs uses; tests/harness/busybox_suite.sh reuses it.
set -euo pipefail
dir=$1
shift
bench= add= disk= net=
while [ $# -gt 0 ]; do
	case $1 in
	--add) add=$(realpath "${2:?--add needs a directory}"); shift 2 ;;
	--disk) disk=1; shift ;;
	--net) net=1; shift ;;
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
# The modules, in load order (each after what it depends on): the disk's
# (virtio, virtio_blk, ext4) and the network cards' (virtio-net, e1000).
virtio_mods="drivers/virtio/virtio_ring drivers/virtio/virtio drivers/virtio/virtio_pci_modern_dev
	drivers/virtio/virtio_pci_legacy_dev drivers/virtio/virtio_pci"
disk_mods="drivers/block/virtio_blk lib/crc16 fs/mbcache fs/jbd2/jbd2 crypto/crc32c_generic fs/ext4/ext4"
net_mods="net/core/failover drivers/net/net_failover drivers/net/virtio_net
	drivers/net/ethernet/intel/e1000/e1000"
mods=
[ -z "$disk$net" ] || mods=$virtio_mods
[ -z "$disk" ] || mods="$mods $disk_mods"
[ -z "$net" ] || mods="$mods $net_mods"
missing=
for m in $mods; do
	[ -f "modules/$(basename "$m").ko" ] || missing=1
done
if [ -n "$missing" ]; then
	kpkg=$(cut -d_ -f1 kernel-version)=$(cut -d_ -f2 kernel-version) # the vmlinuz's own version
	echo "linux_guest: fetching $kpkg for its modules" >&2
	rm -rf deb x && mkdir -p deb modules
	(cd deb && apt-get download "$kpkg" >&2)
	dpkg-deb -x deb/*.deb x
	for m in $virtio_mods $disk_mods $net_mods; do
		cp x/lib/modules/*/kernel/"$m".ko modules/
	done
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
if [ -f /modules/modules.order ]; then
	for m in $(cat /modules/modules.order); do insmod /modules/$m; done
fi
export PS1='linux# ' PATH=/bin
if [ -x /autorun ]; then
	/autorun
	poweroff -f
fi
exec setsid cttyhack sh
INIT
chmod +x root/init
if [ -n "$mods" ]; then
	mkdir root/modules
	for m in $mods; do
		cp "modules/$(basename "$m").ko" root/modules/
		basename "$m.ko" >> root/modules/modules.order
	done
fi
[ -z "$add" ] || cp -R "$add/." root/
(cd root && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > initramfs.cpio
echo "$dir"
