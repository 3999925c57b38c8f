# gzip: round trips of text and binary data, checked with cksum against the
# originals; a file the build machine's gzip made; a damaged file refused.
. /ports-tests/lib.sh
check roundtrip-text '$P/gzip -9 -c $data/text >t.gz && $P/gzip -d -c t.gz >t && sum_is t text'
check roundtrip-binary '$P/gzip -c $data/binary >b.gz && $P/gunzip -c b.gz >b && sum_is b binary'
check in-place 'cp $data/text x && $P/gzip x && [ -f x.gz ] && [ ! -f x ] && $P/gunzip x.gz && sum_is x text'
check test-integrity '$P/gzip -t t.gz'
check from-linux '$P/zcat $data/text.gz >h && sum_is h text'
check damaged-refused 'if $P/gzip -d -c $data/damaged.gz >/dev/null 2>&1; then false; else true; fi'
finish
