# findutils: find's expressions and xargs -0 on a tree give what the build
# machine's gave on the same tree.
. /ports-tests/lib.sh
cd $data/find-tree
# The image's files are root's with their usual modes (tools/mkinitrd.py):
# the one mode the tree needs is set here, as data.sh set it on the host.
chmod 600 d/4.txt
check name '$P/find . -name "*.c" | sort >$work/o && same $work/o "$(cat $data/find-1)"'
check type-d '$P/find . -type d | sort >$work/o && same $work/o "$(cat $data/find-2)"'
check perm '$P/find . -perm 600 >$work/o && same $work/o "$(cat $data/find-3)"'
check xargs-0 '$P/find . -name "*.c" -print0 | $P/xargs -0 cat | sort >$work/o && same $work/o "$(cat $data/find-4)"'
finish
