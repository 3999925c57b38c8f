# vim: edits files in Ex mode (vim -es): a substitution, a global delete and
# sort, written back and compared with the build machine's answer; and in
# its full-screen mode on a pseudo-terminal (ptyrun): insert, :wq.
. /ports-tests/lib.sh
V="$P/vim -N -u NONE -i NONE -es"
check substitute 'printf "one fish\ntwo fish\nred fish\n" >f && $V -c "%s/fish/cat/g" -c "wq" f && same f "one cat
two cat
red cat"'
check global-sort 'printf "b\nx-1\na\nx-2\nc\n" >g && $V -c "g/^x-/d" -c "sort" -c "wq" g && same g "a
b
c"'
check version '$P/vim --version | grep -q "VIM - Vi IMproved 9.0"'
check pty-insert '/ports-tests/bin/ptyrun -k "ihello from vim\e" -k ":wq\r" $P/vim -N -u NONE -i NONE v.txt >/dev/null && same v.txt "hello from vim"'
finish
