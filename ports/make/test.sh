# make: builds a small project (pattern rules, automatic variables, a
# generated header dependency), rebuilds only what changed, and -n.
. /ports-tests/lib.sh
cp -R $data/make-proj p && cd p
check build '$P/make >out && same all.txt "$(cat $data/make-all.txt)"'
check up-to-date '$P/make >out2 && grep -q "is up to date" out2'
check rebuild-changed 'sleep 1 && echo gamma >> b.in && $P/make >out3 && grep -q "< b.in" out3 && ! grep -q "< a.in" out3'
check dry-run '$P/make -n clean >out4 && grep -q "rm -f" out4 && [ -f all.txt ]'
check variables '$P/make -s show NAME=breenix >out5 && same out5 "name=breenix objs=a.out b.out"'
finish
