# m4: macros (recursion, quoting, eval, translit, format, patsubst,
# syscmd) on an input whose answer the build machine's GNU m4 gave.
. /ports-tests/lib.sh
check expand '$P/m4 $data/m4-in >o && same o "$(cat $data/m4-out)"'
check define-D 'echo "X is X" | $P/m4 -DX=breenix >o && same o "breenix is breenix"'
check divert 'printf "divert(1)b\ndivert(0)a\n" | $P/m4 >o && same o "a
b"'
finish
