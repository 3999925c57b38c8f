#!/usr/bin/env bash
# linux_userland.sh BUILD: the in-guest suite's test programs (USER_TESTS,
# the same sources the Breenix image runs from /tests) built statically with
# the host's gcc and run in Linux 6.1 in the same QEMU, so that what each case
# asserts is checked against Linux itself, not against the build machine's
# kernel (host-userland) or against what Breenix happens to do.
# tests/harness/linux_diff.py then names every case that fails on Linux (a
# test that asserts something Linux does not do, unless tests/linux/known.txt
# gives the reason) and the cases only Breenix ran.  The guest's serial log
# is $BUILD/linux-userland/serial.txt (open-diff reads t_open's grid there).
#
# The guest is Debian's Linux 6.1 from linux_guest.sh (cached, shared with
# bench and the busybox and POSIX suites), in a directory of its own so that
# its initramfs does not clash with theirs.  Its /autorun gives the programs
# what init gives them on Breenix: devpts, /dev/shm, the loopback interface.
# no5lvl: with -cpu max, Linux 6.1 would use 5-level paging and a 57-bit
# user address space, where the non-canonical addresses the t_cpu/t_vm cases
# use are canonical; Breenix and the usual PC have 48 bits.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$top"
BUILD=${1:-build}
cache=${BREENIX_CACHE:-$HOME/.cache/breenix}
work=$BUILD/linux-userland
say() { printf 'linux_userland: %s\n' "$*" >&2; }

tests/harness/linux_guest.sh "$cache/bench-linux" >/dev/null
make -s -j2 BUILD="$BUILD" linux-tests >&2
mkdir -p "$work/guest"
cp "$cache/bench-linux/vmlinuz" "$cache/bench-linux/busybox" "$cache/bench-linux/kernel-version" "$work/guest/"

tree=$work/tree
rm -rf "$tree" && mkdir -p "$tree/tests"
progs=$(make -s BUILD="$BUILD" print-user-tests)
for t in $progs; do cp "$BUILD/host-static/bin/$t" "$tree/tests/"; done
# What a Debian system gives a static glibc program and Breenix's image
# gives ours: Breenix's accounts and hosts (t_libc looks up root, t_inet
# localhost), the C.UTF-8 locale, and iconv's modules, which glibc loads with
# its dynamic loader even into a static program.
g=/usr/lib/x86_64-linux-gnu
mkdir -p "$tree/etc" "$tree/usr/lib/locale" "$tree$g/gconv"
cp userland/root/etc/passwd userland/root/etc/group userland/root/etc/hosts "$tree/etc/"
cp -R /usr/lib/locale/C.utf8 "$tree/usr/lib/locale/"
cp $g/gconv/gconv-modules $g/gconv/gconv-modules.cache $g/gconv/UTF-16.so "$tree$g/gconv/"
cp -R $g/gconv/gconv-modules.d "$tree$g/gconv/"
cp -L $g/libc.so.6 $g/ld-linux-x86-64.so.2 "$tree$g/"
cat > "$tree/autorun" <<AUTORUN
#!/bin/sh
mkdir -p /dev/pts /dev/shm
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /dev/pts
mount -t tmpfs shm /dev/shm
ifconfig lo 127.0.0.1 up
[ -b /dev/vda ] && export BLK_TEST_DEV=/dev/vda BLK_TEST_BAD_SECTOR=1
cd /tmp
for t in $progs; do
	/tests/\$t < /dev/null
	echo "LINUX-STATUS: \$t \$?"
done
echo LINUX-DONE
AUTORUN
chmod +x "$tree/autorun"
tests/harness/linux_guest.sh "$work/guest" --disk --add "$tree" >/dev/null

# The disks of a Breenix test boot (qemu_run.py --disk-check --ext2): t_blk's
# pattern disk under blkdebug (an I/O error at one sector) as /dev/vda and
# t_ext2's ext2 image (1 KiB blocks) as /dev/vdb, checked from the host after.
disk=$work/disk.img ext2=$work/ext2.img
python3 - "$disk" "$ext2" <<'PY'
import sys
sys.path.insert(0, "tests/harness")
import blk_image, ext2_image
blk_image.make(sys.argv[1])
blk_image.blkdebug_rules(sys.argv[1] + ".rules")
ext2_image.make(sys.argv[2], 1024)
PY
log=$work/serial.txt
rm -f "$log"
say "booting Linux $(cat "$work/guest/kernel-version") with $(echo $progs | wc -w) test programs"
start=$(date +%s)
timeout 1200 qemu-system-x86_64 -machine q35 -cpu max -m 1024M -accel tcg -smp 1 \
	-display none -monitor none -no-reboot -serial "file:$log" \
	-blockdev "driver=file,filename=$disk,node-name=img0" \
	-blockdev "driver=blkdebug,config=$disk.rules,image=img0,node-name=dbg0" \
	-blockdev driver=raw,file=dbg0,node-name=disk0 -device virtio-blk-pci,drive=disk0 \
	-drive "file=$ext2,format=raw,if=none,id=disk1" -device virtio-blk-pci,drive=disk1 \
	-kernel "$work/guest/vmlinuz" -initrd "$work/guest/initramfs.cpio" \
	-append "console=ttyS0 quiet panic=-1 no5lvl" </dev/null >&2 || true
say "guest ran $(( $(date +%s) - start )) s"
rc=0
python3 tests/harness/linux_diff.py "$log" tests/linux/known.txt ${2:+"$2"} || rc=1
# What Linux left on the disks, checked as after a Breenix boot.
python3 tests/harness/blk_image.py check "$disk" | sed 's/^\(PASS\|FAIL\): /\1: linux\//' || rc=1
python3 tests/harness/ext2_image.py check "$ext2" "$log" 1024 | sed 's/^\(PASS\|FAIL\): /\1: linux\//' || rc=1
exit $rc
