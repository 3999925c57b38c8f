# grep: counts, -n -i -E, -o -w, -v -F with several patterns, -x, and the
# exit status, each against the build machine's GNU grep; an option after
# the operands (glibc's getopt moves it first).
. /ports-tests/lib.sh
check count '$P/grep -c Breenix $data/text >o && same o "$(cat $data/grep-1)"'
check n-i-E '$P/grep -n -i -E "^#+ (the|a) " $data/text >o && same o "$(cat $data/grep-2)"'
check o-w '$P/grep -o -w "[a-z_]*_[a-z]*([^)]*)" $data/text >o && sum_is o grep-3'
check v-F '$P/grep -v -F -e the -e a $data/old >o && sum_is o grep-4'
check x-empty '$P/grep -c -x "" $data/text >o && same o "$(cat $data/grep-5)"'
check permuted '$P/grep Breenix $data/text -c >o && same o "$(cat $data/grep-1)"'
check no-match-status '$P/grep -q no-such-string-anywhere $data/text; [ $? -eq 1 ]'
finish
