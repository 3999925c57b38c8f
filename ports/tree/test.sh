# tree: lists a known tree (ASCII lines), directories only, a JSON listing.
. /ports-tests/lib.sh
cd $data
check ascii 'LC_ALL=C $P/tree -n --charset=ascii --noreport make-proj >$work/o && same $work/o "make-proj
|-- Makefile
|-- a.in
\`-- b.in"'
check dirs-only 'mkdir -p $work/t/a/b $work/t/c && : >$work/t/a/f && cd $work && $P/tree -n -d --noreport --charset=ascii t >o && same o "t
|-- a
|   \`-- b
\`-- c"'
check json 'cd $work && $P/tree -J t >j && grep -q "\"type\":\"directory\",\"name\":\"t\"" j && grep -q "\"name\":\"f\"" j'
finish
