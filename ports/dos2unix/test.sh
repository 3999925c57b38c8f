# dos2unix: line ends converted both ways (checked with cksum against the
# original), in place and to a new file; Mac line ends; binary files skipped.
. /ports-tests/lib.sh
check roundtrip 'cp $data/text t && $P/unix2dos -q t && [ "$(wc -c <t)" -gt "$(wc -c <$data/text)" ] && $P/dos2unix -q t && sum_is t text'
check new-file 'printf "a\r\nb\r\n" >d && $P/dos2unix -q -n d u && same u "a
b"'
check mac 'printf "x\ry\r" >m && $P/mac2unix -q m && same m "x
y"'
check binary-skipped 'cp $data/binary b && $P/dos2unix b 2>e; sum_is b binary && grep -q -i binary e'
finish
