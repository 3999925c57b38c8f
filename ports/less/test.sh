# less: with its output not a terminal it copies its input (-f, files and
# pipes); the version.
. /ports-tests/lib.sh
check copies-file '$P/less $data/text >o && sum_is o text'
check copies-pipe 'cat $data/text | $P/less >o && sum_is o text'
check version '$P/less --version | grep -q "less 590"'
finish
