# nano: version and help; then editing on a pseudo-terminal (ptyrun, the
# ports' test helper): a new file typed and written with ^O, an existing
# one changed with a search and replace (^\), each left with ^X.
. /ports-tests/lib.sh
R=/ports-tests/bin/ptyrun
check version '$P/nano --version | grep -q "GNU nano, version 7.2"'
check help '$P/nano --help | grep -q -- "--nohelp"'
check new-file-on-pty '$R -k "hello from nano" -k "^O" -k "\r" -k "^X" $P/nano n.txt >/dev/null && same n.txt "hello from nano"'
check replace-on-pty 'printf "one fish\ntwo fish\n" >r.txt && $R -k "^\\" -k "fish\r" -k "cat\r" -k "A" -k "^O" -k "\r" -k "^X" $P/nano r.txt >/dev/null && same r.txt "one cat
two cat"'
finish
