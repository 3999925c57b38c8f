# ed: a script of edits (a search-and-substitute, an append, a delete),
# the result against the build machine's; the byte count it prints; g//.
. /ports-tests/lib.sh
check script 'cp $data/old f && $P/ed -s f <$data/ed-script && same f "$(cat $data/ed-expected)"'
check byte-count 'printf "abc\nde\n" >b && echo q | $P/ed b >o && same o 7'
check global 'printf "x1\ny\nx2\n" >g && printf "g/^x/s/x/z/\nw\nq\n" | $P/ed -s g && same g "z1
y
z2"'
finish
