# less: with its output not a terminal it copies its input (-f, files and
# pipes); the version; on a pseudo-terminal (ptyrun), a screenful, a
# search and the end of the file, then q.
. /ports-tests/lib.sh
check copies-file '$P/less $data/text >o && sum_is o text'
check copies-pipe 'cat $data/text | $P/less >o && sum_is o text'
check version '$P/less --version | grep -q "less 590"'
check pty-screen '/ports-tests/bin/ptyrun -k q $P/less $data/text >s && grep -q "# Breenix" s'
check pty-search 'echo "needle in line 300" >n && (cat $data/old; cat n) >f && /ports-tests/bin/ptyrun -k "/needle\r" -k q $P/less f >s && grep -q " in line 300" s'
finish
