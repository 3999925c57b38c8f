# diffutils: diff's output is the build machine's, byte for byte; cmp.
. /ports-tests/lib.sh
check unified-as-linux '$P/diff -u --label old --label new $data/old $data/new >d; [ $? -eq 1 ] && sum_is d old-new.diff'
check normal-as-linux '$P/diff $data/old $data/new >n; [ $? -eq 1 ] && sum_is n old-new.normal'
check identical '$P/diff $data/old $data/old >i && [ ! -s i ]'
check cmp-same '$P/cmp $data/binary $data/binary'
check cmp-differs '$P/cmp $data/old $data/new >c; [ $? -eq 1 ] && same c "$(cat $data/old-new.cmp)"'
finish
