# coreutils: checksums, sort, wc, seq, date, expr and stat give the build
# machine's answers.
. /ports-tests/lib.sh
check sha256sum '$P/sha256sum <$data/text | $P/cut -d" " -f1 >o && same o "$(cat $data/cu-sha256)"'
check md5sum '$P/md5sum <$data/binary | $P/cut -d" " -f1 >o && same o "$(cat $data/cu-md5)"'
check sort-uniq '$P/sort $data/old | $P/uniq -c | $P/sort -k1,1nr -k2 | $P/head -n 5 >o && same o "$(cat $data/cu-sort)"'
check wc '$P/wc <$data/text >o && same o "$(cat $data/cu-wc)"'
check seq-tac '$P/seq 1 5 | $P/tac | $P/tr "\n" " " >o && same o "5 4 3 2 1 "'
check date '$P/date -u -d @1000000000 +%Y-%m-%dT%H:%M:%S >o && same o "2001-09-09T01:46:40"'
check stat-size '[ "$($P/stat -c %s $data/text)" = "$(wc -c <$data/text | tr -d " ")" ]'
check cp-mv-rm '$P/cp $data/binary b && $P/mv b c && sum_is c binary && $P/rm c && [ ! -e c ]'
finish
