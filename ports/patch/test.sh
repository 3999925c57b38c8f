# patch: applies a unified diff the build machine's diff made, and takes it
# back out with -R.
. /ports-tests/lib.sh
check apply 'cp $data/old f && $P/patch f <$data/old-new.diff && sum_is f new'
check reverse '$P/patch -R f <$data/old-new.diff && sum_is f old'
check reject 'cp $data/new g && if $P/patch --dry-run -f g <$data/old-new.diff >/dev/null 2>&1; then false; else true; fi'
finish
