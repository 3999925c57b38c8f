# sed: addresses, the hold space, extended expressions, y, in-place, each
# against the build machine's GNU sed on the same text.
. /ports-tests/lib.sh
check print-matching '$P/sed -n "/^## /p" $data/text >o && same o "$(cat $data/sed-1)"'
check extended-subst '$P/sed -E "s/(Breenix|Linux)([^ ]*)/<\1>\2/g; /^\$/d" $data/text >o && sum_is o sed-2'
check count-lines '$P/sed -n "\$=" $data/text >o && same o "$(cat $data/sed-3)"'
check step-and-y '$P/sed "1~7d; 5,/^#/y/abc/ABC/" $data/old >o && sum_is o sed-4'
check hold-space 'printf "1\n2\n3\n" | $P/sed -n "1!G;h;\$p" >o && same o "3
2
1"'
check in-place 'printf "a b\nc d\n" >f && $P/sed -i "s/ /-/" f && same f "a-b
c-d"'
finish
