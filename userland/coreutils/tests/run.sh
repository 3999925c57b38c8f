#!/bin/sh
# Tests for the coreutils: run.sh BINDIR, where BINDIR holds the built tools
# (e.g. build/host/bin).  Prints "PASS: coreutils/<tool>/<case>" or
# "FAIL: coreutils/<tool>/<case>: <why>" per case; exits 1 if any failed.
# Only POSIX sh is used, so the same script can run on Breenix.

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
	echo "usage: run.sh BINDIR" >&2
	exit 2
fi
B=$(cd "$1" && pwd)
T=${TMPDIR:-/tmp}/coreutils-test.$$
"$B/rm" -rf "$T"
"$B/mkdir" "$T" || exit 1
cd "$T" || exit 1
T=$(pwd)
trap 'cd /; "$B/rm" -rf "$T"' EXIT
trap 'exit 1' INT TERM
export B T
failed=0

pass() { echo "PASS: coreutils/$1"; }
fail() { echo "FAIL: coreutils/$1: $2"; failed=1; }

# A file's start on one line, for messages: "a$b$" for "a\nb\n".
show() { "$B/head" -c 150 "$1" | "$B/tr" '\n' '$'; }

# same FILE1 FILE2: are the files' contents identical? (There is no cmp.)
same() { [ "$("$B/cat" "$1"; echo x)" = "$("$B/cat" "$2"; echo x)" ]; }

# check CASE STATUS EXPECTED CMD...
# Run CMD (stdin from /dev/null); its exit status must be STATUS and its
# output exactly EXPECTED, a printf format ('\n' for newlines, %% for %).
check() {
	name=$1 want_rc=$2 want_out=$3
	shift 3
	"$@" >"$T/.out" 2>"$T/.err" </dev/null
	rc=$?
	# shellcheck disable=SC2059
	printf -- "$want_out" >"$T/.want"
	if [ "$rc" != "$want_rc" ]; then
		fail "$name" "exit status $rc, expected $want_rc (stderr: $(show "$T/.err"))"
	elif ! same "$T/.out" "$T/.want"; then
		fail "$name" "output [$(show "$T/.out")], expected [$(show "$T/.want")]"
	else
		pass "$name"
	fi
}

# check_err CASE STATUS EXPECTED_STDERR CMD...: the same for standard error.
check_err() {
	name=$1 want_rc=$2 want_err=$3
	shift 3
	"$@" >"$T/.out" 2>"$T/.err" </dev/null
	rc=$?
	printf '%s\n' "$want_err" >"$T/.want"
	if [ "$rc" != "$want_rc" ]; then
		fail "$name" "exit status $rc, expected $want_rc"
	elif ! same "$T/.err" "$T/.want"; then
		fail "$name" "stderr [$(show "$T/.err")], expected [$(show "$T/.want")]"
	else
		pass "$name"
	fi
}

# check_sh CASE STATUS EXPECTED SCRIPT: check with a shell snippet.
check_sh() {
	check "$1" "$2" "$3" sh -c "$4"
}

# like CASE PATTERN CMD...: the output (one line) must match a shell pattern.
like() {
	name=$1 pattern=$2
	shift 2
	out=$("$@" 2>&1 </dev/null)
	rc=$?
	# shellcheck disable=SC2254
	case $out in
	$pattern) if [ $rc -eq 0 ]; then pass "$name"; else fail "$name" "exit status $rc"; fi ;;
	*) fail "$name" "output '$out' does not match '$pattern'" ;;
	esac
}

# A small tree used by several tests.
"$B/mkdir" -p tree/sub/deep
printf 'one\ntwo\nthree\n' >tree/a.txt
printf 'hello\n' >tree/sub/b.txt
printf '' >tree/.hidden
seq_file() { i=1; while [ $i -le "$1" ]; do echo $i; i=$((i + 1)); done; }
seq_file 20 >lines20

# --- cat ---
check cat/file 0 'one\ntwo\nthree\n' "$B/cat" tree/a.txt
check cat/several 0 'one\ntwo\nthree\nhello\n' "$B/cat" tree/a.txt tree/sub/b.txt
check_sh cat/stdin 0 'x\n' 'echo x | "$B/cat"'
check_sh cat/stdin-dash 0 'one\ntwo\nthree\nhello\n' "\"\$B/cat\" tree/a.txt | \"\$B/cat\" - tree/sub/b.txt"
check_err cat/missing 1 'cat: /nonexistent: No such file or directory' "$B/cat" /nonexistent
check_err cat/directory 1 'cat: tree: Is a directory' "$B/cat" tree
check cat/missing-continues 1 'hello\n' "$B/cat" /nonexistent tree/sub/b.txt
check_err cat/bad-option 2 "cat: invalid option -- 'z'
usage: cat [-u] [file...]" "$B/cat" -z

# --- echo ---
check echo/plain 0 'a b  c\n' "$B/echo" a b "" c
check echo/none 0 '\n' "$B/echo"
check echo/n 0 'a b' "$B/echo" -n a b
check echo/e 0 'a\tb\nc\\d\101A\n' "$B/echo" -e 'a\tb\nc\\d\0101\x41'
check echo/e-stop 0 'ab' "$B/echo" -e 'ab\cde' more
check echo/no-escapes 0 'a\\tb\n' "$B/echo" 'a\tb'
check echo/not-option 0 '-x -n\n' "$B/echo" -x -n
check echo/ne 0 'a\n' "$B/echo" -ne 'a\n'

# --- ls ---
check ls/dir 0 'a.txt\nsub\n' "$B/ls" tree
check ls/all 0 '.\n..\n.hidden\na.txt\nsub\n' "$B/ls" -a tree
check ls/one 0 'a.txt\nsub\n' "$B/ls" -1 tree
check ls/cwd 0 'a.txt\nsub\n' sh -c 'cd tree && "$B/ls"'
check ls/file 0 'tree/a.txt\n' "$B/ls" tree/a.txt
check ls/recursive 0 'tree:\na.txt\nsub\n\ntree/sub:\nb.txt\ndeep\n\ntree/sub/deep:\n' "$B/ls" -R tree
check ls/several 0 'tree/a.txt\n\ntree:\na.txt\nsub\n\ntree/sub:\nb.txt\ndeep\n' \
	"$B/ls" tree/sub tree/a.txt tree
check_err ls/missing 1 'ls: /nonexistent: No such file or directory' "$B/ls" /nonexistent
like ls/long-file '-rw-r--r-- 1 * * 14 ??? ?? ??:?? tree/a.txt' \
	sh -c '"$B/chmod" 644 tree/a.txt && "$B/ls" -l tree/a.txt'
like ls/long-dir 'total *
-rw-r--r-- 1 * * 14 * a.txt
drwx*sub' sh -c '"$B/ls" -l tree'
"$B/ln" -s a.txt tree/link
like ls/long-link 'lrwxrwxrwx 1 * * 5 * tree/link -> a.txt' "$B/ls" -l tree/link
"$B/rm" tree/link
"$B/yes" | "$B/head" -c 1572864 >big
like ls/human '-rw-* 1.5M * big' "$B/ls" -lh big
like ls/human-small '-rw-* 14 * tree/a.txt' "$B/ls" -lh tree/a.txt
"$B/rm" big

# --- mkdir, rmdir ---
check mkdir/simple 0 '' "$B/mkdir" m1
check mkdir/made 0 '' test -d m1
check_err mkdir/exists 1 'mkdir: m1: File exists' "$B/mkdir" m1
check mkdir/parents 0 '' "$B/mkdir" -p m2/a/b/c
check mkdir/parents-made 0 '' test -d m2/a/b/c
check mkdir/parents-exist 0 '' "$B/mkdir" -p m2/a/b
check_err mkdir/no-parent 1 'mkdir: m3/a: No such file or directory' "$B/mkdir" m3/a
check_err mkdir/usage 2 'usage: mkdir [-p] dir...' "$B/mkdir"
check rmdir/simple 0 '' "$B/rmdir" m1
check_err rmdir/not-empty 1 'rmdir: m2: Directory not empty' "$B/rmdir" m2
check rmdir/parents 0 '' "$B/rmdir" -p m2/a/b/c
check rmdir/parents-gone 1 '' test -e m2
check_err rmdir/missing 1 'rmdir: m1: No such file or directory' "$B/rmdir" m1

# --- rm ---
: >r1
check rm/file 0 '' "$B/rm" r1
check rm/gone 1 '' test -e r1
check_err rm/missing 1 'rm: r1: No such file or directory' "$B/rm" r1
check rm/force-missing 0 '' "$B/rm" -f r1
"$B/mkdir" -p rdir/x/y && : >rdir/x/y/f && : >rdir/g
check_err rm/directory 1 'rm: rdir: Is a directory' "$B/rm" rdir
check rm/recursive 0 '' "$B/rm" -r rdir
check rm/recursive-gone 1 '' test -e rdir
check_err rm/dot 1 "rm: refusing to remove '.' or '..' directory: skipping 'tree/.'" "$B/rm" -r tree/.
check_err rm/usage 2 'usage: rm [-rf] file...' "$B/rm"

# --- cp ---
check cp/file 0 '' "$B/cp" tree/a.txt c1
check cp/content 0 'one\ntwo\nthree\n' "$B/cat" c1
"$B/mkdir" cdir
check cp/into-dir 0 '' "$B/cp" tree/a.txt tree/sub/b.txt cdir
check cp/into-dir-content 0 'a.txt\nb.txt\n' "$B/ls" cdir
check_err cp/directory 1 'cp: tree: Is a directory' "$B/cp" tree c2
check cp/recursive 0 '' "$B/cp" -r tree ctree
check cp/recursive-content 0 'ctree:\n.\n..\n.hidden\na.txt\nsub\n\nctree/sub:\n.\n..\nb.txt\ndeep\n\nctree/sub/deep:\n.\n..\n' \
	"$B/ls" -aR ctree
check cp/recursive-file 0 'hello\n' "$B/cat" ctree/sub/b.txt
check_err cp/same 1 "cp: 'c1' and 'c1' are the same file" "$B/cp" c1 c1
check_err cp/missing 1 'cp: nope: No such file or directory' "$B/cp" nope c3
check_err cp/usage 2 'usage: cp [-r] source dest | [-r] source... dir' "$B/cp" c1
"$B/chmod" 755 c1
check_sh cp/mode 0 '-rwxr-xr-x\n' '"$B/cp" c1 c4 && "$B/ls" -l c4 | "$B/cut" -c1-10'

# --- mv ---
check mv/rename 0 '' "$B/mv" c4 c5
check mv/renamed 0 'one\ntwo\nthree\n' "$B/cat" c5
check mv/old-gone 1 '' test -e c4
check mv/into-dir 0 '' "$B/mv" c5 ctree
check mv/into-dir-done 0 'one\ntwo\nthree\n' "$B/cat" ctree/c5
check mv/dir 0 '' "$B/mv" ctree mtree
check mv/dir-done 0 'hello\n' "$B/cat" mtree/sub/b.txt
check_err mv/missing 1 'mv: nope: No such file or directory' "$B/mv" nope x

# --- ln ---
check ln/symbolic 0 '' "$B/ln" -s tree/a.txt l1
check ln/symbolic-read 0 'one\ntwo\nthree\n' "$B/cat" l1
like ln/symbolic-list 'l* l1 -> tree/a.txt' "$B/ls" -l l1
check ln/hard 0 '' "$B/ln" c1 h1
like ln/hard-count '-rwxr-xr-x 2 *' "$B/ls" -l h1
check_err ln/exists 1 'ln: h1: File exists' "$B/ln" c1 h1
check ln/force 0 '' "$B/ln" -sf c1 h1
like ln/force-done 'l* h1 -> c1' "$B/ls" -l h1
check ln/into-dir 0 '' "$B/ln" -s /x/y/target cdir
like ln/into-dir-done 'l* cdir/target -> /x/y/target' "$B/ls" -l cdir/target

# --- touch ---
check touch/create 0 '' "$B/touch" t1 t2
check touch/created 0 't1\nt2\n' "$B/ls" t1 t2
check touch/existing 0 'one\ntwo\nthree\n' sh -c '"$B/touch" c1 && "$B/cat" c1'
check touch/no-create 0 '' "$B/touch" -c t3
check touch/not-created 1 '' test -e t3
check_err touch/bad-dir 1 'touch: nodir/x: No such file or directory' "$B/touch" nodir/x

# --- pwd, true, false ---
check pwd/cwd 0 "$T/tree\\n" sh -c 'cd tree && "$B/pwd"'
check true/status 0 '' "$B/true" --anything
check false/status 1 '' "$B/false"

# --- sleep ---
check sleep/short 0 '' "$B/sleep" 0.1
check sleep/units 0 '' "$B/sleep" 0.001m 0
check_err sleep/bad 2 "sleep: invalid time interval 'x'" "$B/sleep" x

# --- basename, dirname ---
check basename/path 0 'c.txt\n' "$B/basename" /a/b/c.txt
check basename/suffix 0 'c\n' "$B/basename" /a/b/c.txt .txt
check basename/whole-suffix 0 '.txt\n' "$B/basename" .txt .txt
check basename/trailing 0 'b\n' "$B/basename" a/b//
check basename/root 0 '/\n' "$B/basename" /
check dirname/path 0 '/a/b\n' "$B/dirname" /a/b/c
check dirname/trailing 0 'a\n' "$B/dirname" a/b/
check dirname/none 0 '.\n' "$B/dirname" abc
check dirname/root 0 '/\n' "$B/dirname" /x
check dirname/slashes 0 '/\n' "$B/dirname" //

# --- wc ---
printf 'a b\nc\n' >w1
check wc/all 0 '2 3 6 w1\n' "$B/wc" w1
check wc/lines 0 '2 w1\n' "$B/wc" -l w1
check wc/words 0 '3 w1\n' "$B/wc" -w w1
check wc/bytes 0 '6 w1\n' "$B/wc" -c w1
check wc/total 0 ' 2  3  6 w1\n 3  3 14 tree/a.txt\n 5  6 20 total\n' "$B/wc" w1 tree/a.txt
check_sh wc/stdin 0 '      2       3       6\n' '"$B/cat" w1 | "$B/wc"'
check_sh wc/stdin-lines 0 '20\n' '"$B/cat" lines20 | "$B/wc" -l'
check_err wc/missing 1 'wc: nope: No such file or directory' "$B/wc" nope

# --- head ---
check head/default 0 '1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n' "$B/head" lines20
check head/n 0 '1\n2\n3\n' "$B/head" -n 3 lines20
check head/old-form 0 '1\n2\n' "$B/head" -2 lines20
check head/bytes 0 '1\n2' "$B/head" -c 3 lines20
check head/several 0 '==> lines20 <==\n1\n\n==> w1 <==\na b\n' "$B/head" -n 1 lines20 w1
check_sh head/stdin 0 '1\n2\n' '"$B/cat" lines20 | "$B/head" -n 2'
check_err head/missing 1 'head: nope: No such file or directory' "$B/head" nope
check_err head/bad-count 2 "head: invalid number: 'x'
usage: head [-n lines | -c bytes] [file...]" "$B/head" -n x

# --- tail ---
check tail/default 0 '11\n12\n13\n14\n15\n16\n17\n18\n19\n20\n' "$B/tail" lines20
check tail/n 0 '19\n20\n' "$B/tail" -n 2 lines20
check tail/plus 0 '18\n19\n20\n' "$B/tail" -n +18 lines20
check tail/old-form 0 '20\n' "$B/tail" -1 lines20
check tail/bytes 0 '20\n' "$B/tail" -c 3 lines20
check tail/no-newline 0 'b\nc' sh -c 'printf "a\nb\nc" | "$B/tail" -n 2'
check tail/more-than-file 0 'a b\nc\n' "$B/tail" -n 50 w1
check_sh tail/stdin 0 '20\n' '"$B/cat" lines20 | "$B/tail" -n 1'
check_err tail/missing 1 'tail: nope: No such file or directory' "$B/tail" nope
printf 'first\n' >grow
"$B/tail" -f grow >follow.out 2>&1 &
tailpid=$!
"$B/sleep" 0.5
printf 'second\n' >>grow
"$B/sleep" 2
kill $tailpid
wait $tailpid 2>/dev/null
check tail/follow 0 'first\nsecond\n' "$B/cat" follow.out

# --- uname ---
check_sh uname/all 0 '' \
	'[ "$("$B/uname" -a)" = "$("$B/uname" -s) $("$B/uname" -n) $("$B/uname" -r) $("$B/uname" -v) $("$B/uname" -m)" ]'
check_sh uname/default 0 '' '[ "$("$B/uname")" = "$("$B/uname" -s)" ] && [ -n "$("$B/uname")" ]'
check_sh uname/machine 0 'x86_64\n' '"$B/uname" -m'
check_err uname/bad 2 "uname: invalid option -- 'x'
usage: uname [-asnrvm]" "$B/uname" -x

# --- env ---
check env/empty 0 'A=1\nB=two words\n' "$B/env" -i A=1 'B=two words'
check env/command 0 'X=5\n' "$B/env" -i X=5 "$B/env"
check env/unset 0 'Y=2\n' "$B/env" -i X=1 Y=2 "$B/env" -u X "$B/env"
check_err env/missing 127 'env: nonexistent-command: No such file or directory' "$B/env" PATH="$T" nonexistent-command

# --- kill ---
check kill/list-number 0 'KILL\n' "$B/kill" -l 9
check kill/list-name 0 '15\n' "$B/kill" -l TERM
check kill/list-status 0 'INT\n' "$B/kill" -l 130
like kill/list 'HUP INT QUIT ILL *' "$B/kill" -l
check_sh kill/term 0 '143\n' '"$B/sleep" 10 & p=$!; "$B/kill" $p; wait $p; echo $?'
check_sh kill/number 0 '137\n' '"$B/sleep" 10 & p=$!; "$B/kill" -9 $p; wait $p; echo $?'
check_sh kill/name 0 '138\n' '"$B/sleep" 10 & p=$!; "$B/kill" -SIGUSR1 $p; wait $p; echo $?'
check_sh kill/s 0 '129\n' '"$B/sleep" 10 & p=$!; "$B/kill" -s HUP $p; wait $p; echo $?'
check_err kill/no-process 1 'kill: 999999: No such process' "$B/kill" 999999
check_err kill/bad-signal 2 'kill: unknown signal: FOO' "$B/kill" -FOO 1

# --- ps ---
check_sh ps/header 0 '  PID TTY          TIME CMD\n' '"$B/ps" | "$B/head" -n 1'
check_sh ps/every 0 'sleep\n' \
	'"$B/sleep" 3 & p=$!; "$B/ps" -e | while read pid tty time cmd; do [ "$pid" = $p ] && echo $cmd; done; kill $p'
check_sh ps/self 0 'ps\n' \
	'"$B/ps" | while read pid tty time cmd; do [ "$cmd" != ps ] || echo $cmd; done'
check_sh ps/full 0 'UID        PID  PPID  C STIME TTY          TIME CMD\n' '"$B/ps" -ef | "$B/head" -n 1'
check_sh ps/full-args 0 'sleep 3\n' \
	'"$B/sleep" 3 & p=$!; "$B/ps" -ef | while read u pid ppid c st tty time cmd; do [ "$pid" = $p ] && echo "${cmd##*/}"; done; kill $p'

# --- free, uptime, id, clear, date ---
like free/table '               total        used        free      shared  buff/cache   available
Mem:    *
Swap:   *' "$B/free"
like free/human '*
Mem: * [0-9]*[BKMGT]*' "$B/free" -h
like uptime/format ' [0-2][0-9]:[0-5][0-9]:[0-5][0-9] up *,  load average: *.*, *.*, *.*' "$B/uptime"
like id/default 'uid=[0-9]*gid=[0-9]*groups=[0-9]*' "$B/id"
check_sh id/u 0 '' 'case $("$B/id" -u) in *[!0-9]*|"") exit 1;; esac'
check_sh id/root-name 0 '' '[ "$("$B/id" -u)" != 0 ] || [ "$("$B/id" -un)" = root ]'
check clear/codes 0 '\033[H\033[2J' "$B/clear"
like date/default '[A-Z][a-z][a-z] [A-Z][a-z][a-z] [ 1-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9] UTC 2[0-9][0-9][0-9]' \
	"$B/env" TZ=UTC0 "$B/date"
like date/utc 'UTC [0-9][0-9][0-9][0-9]' "$B/date" -u '+%Z %Y'
like date/format '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9] %' "$B/date" '+%Y-%m-%d %%'
check_err date/bad 2 'usage: date [-u] [+format]' "$B/date" foo

# --- printf ---
check printf/conversions 0 '   42|ab   |ff|10|x|3.14\n' "$B/printf" '%5d|%-5s|%x|%o|%c|%.2f\n' 42 ab 255 8 xyz 3.14159
check printf/reuse 0 'a-b\nc-\n' "$B/printf" '%s-%s\n' a b c
check printf/b 0 'a\tbA\n' "$B/printf" '%b\n' 'a\tb\0101'
check printf/b-stop 0 'ab' "$B/printf" '%b%s\n' 'ab\cd' x
check printf/char-code 0 '65\n' "$B/printf" '%d\n' "'A"
check printf/star 0 '    3|ab\n' "$B/printf" '%*d|%.*s\n' 5 3 2 abcdef
check printf/percent 0 '%%|  x|\n' "$B/printf" '%%|%3.1s|\n' xyz
check printf/escapes 0 'a\tb\\A\n' "$B/printf" 'a\tb\\\101\n'
check printf/missing 0 '0||\n' "$B/printf" '%d|%s|\n'
check printf/hex-in 0 '16 -5\n' "$B/printf" '%d %i\n' 0x10 -5
check_err printf/bad-number 1 "printf: 'abc': expected a numeric value" "$B/printf" '%d\n' abc
check_err printf/usage 2 'usage: printf format [argument...]' "$B/printf"

# --- seq ---
check seq/last 0 '1\n2\n3\n' "$B/seq" 3
check seq/first-last 0 '2\n3\n4\n' "$B/seq" 2 4
check seq/increment 0 '1\n4\n7\n10\n' "$B/seq" 1 3 10
check seq/down 0 '3\n2\n1\n' "$B/seq" 3 -1 1
check seq/negative 0 '-2\n-1\n0\n' "$B/seq" -2 0
check seq/separator 0 '1,2,3\n' "$B/seq" -s , 3
check seq/width 0 '08\n09\n10\n' "$B/seq" -w 8 10
check seq/fraction 0 '0.0\n0.1\n0.2\n0.3\n' "$B/seq" 0 0.1 0.3
check seq/empty 0 '' "$B/seq" 5 1
check_err seq/bad 2 "seq: invalid number: 'x'
usage: seq [-w] [-s sep] [first [increment]] last" "$B/seq" x

# --- yes ---
check_sh yes/default 0 'y\ny\ny\n' '"$B/yes" | "$B/head" -n 3'
check_sh yes/words 0 'a b\na b\n' '"$B/yes" a b | "$B/head" -n 2'

# --- tee ---
check_sh tee/copy 0 'hi\nhi\nhi\n' 'echo hi | "$B/tee" tee1 tee2 && "$B/cat" tee1 tee2'
check_sh tee/append 0 'hi\nmore\n' 'echo more | "$B/tee" -a tee1 >/dev/null && "$B/cat" tee1'
check_sh tee/bad-file 1 'x\n' 'echo x | "$B/tee" nodir/f 2>/dev/null'

# --- tr ---
check_sh tr/range 0 'HELLO WORLD\n' 'echo hello world | "$B/tr" a-z A-Z'
check_sh tr/class 0 'HELLO\n' 'echo hello | "$B/tr" "[:lower:]" "[:upper:]"'
check_sh tr/delete 0 'heo\n' 'echo hello | "$B/tr" -d l'
check_sh tr/squeeze 0 'a b c\n' 'echo "a  b   c" | "$B/tr" -s " "'
check_sh tr/short-set2 0 'hxyyy\n' 'echo hello | "$B/tr" elo xy'
check_sh tr/complement 0 'axx\n' 'echo abc | "$B/tr" -c "a\n" x'
check_sh tr/complement-delete 0 'll\n' 'echo hello | "$B/tr" -cd "l\n"'
check_sh tr/escapes 0 'a b\n' 'printf "a\tb\n" | "$B/tr" "\t" " "'
check_sh tr/repeat 0 'xxyz\n' 'echo abcd | "$B/tr" abcd "[x*2]yz"'
check_sh tr/delete-squeeze 0 'bcbc\n' 'echo abbcabc | "$B/tr" -ds a b'
check_err tr/usage 2 'usage: tr [-cds] set1 [set2]' "$B/tr" a

# --- cut ---
printf 'a:b:c:d\nnodelim\ne:f\n' >cut1
check cut/field 0 'b\nnodelim\nf\n' "$B/cut" -d: -f2 cut1
check cut/fields 0 'a:c\nnodelim\ne\n' "$B/cut" -d: -f1,3 cut1
check cut/range 0 'b:c:d\nnodelim\nf\n' "$B/cut" -d: -f2- cut1
check cut/to 0 'a:b\nnodelim\ne:f\n' "$B/cut" -d: -f-2 cut1
check cut/only-delimited 0 'b\nf\n' "$B/cut" -s -d: -f2 cut1
check cut/chars 0 ':b:\node\n:f\n' "$B/cut" -c2-4 cut1
check cut/char-list 0 'abc:d\nndlim\nef\n' "$B/cut" -c1,3,5- cut1
check_sh cut/tab 0 'b\n' 'printf "a\tb\n" | "$B/cut" -f2'
check_err cut/bad-list 2 "cut: invalid list: '0'
usage: cut -f list [-d delim] [-s] | -c list | -b list [file...]" "$B/cut" -f0 cut1

# --- sort ---
printf '3\n1\n2\n10\nb\na\n' >sort1
check sort/text 0 '1\n10\n2\n3\na\nb\n' "$B/sort" sort1
check sort/numeric 0 'a\nb\n1\n2\n3\n10\n' "$B/sort" -n sort1
check sort/reverse 0 'b\na\n3\n2\n10\n1\n' "$B/sort" -r sort1
check sort/numeric-reverse 0 '10\n3\n2\n1\nb\na\n' "$B/sort" -rn sort1
check_sh sort/unique 0 'a\nb\n' 'printf "b\na\nb\na\n" | "$B/sort" -u'
printf 'x 3\ny 1\nz 20\nw 1\n' >sort2
check sort/key 0 'w 1\ny 1\nz 20\nx 3\n' "$B/sort" -k 2 sort2
check sort/key-numeric 0 'w 1\ny 1\nx 3\nz 20\n' "$B/sort" -k2n sort2
check sort/key-unique 0 'y 1\nx 3\nz 20\n' "$B/sort" -u -n -k 2,2 sort2
check_sh sort/separator 0 'b,1\na,3\n' 'printf "a,3\nb,1\n" | "$B/sort" -t, -k2'
check_sh sort/case 0 'B\nC\na\n' 'printf "C\na\nB\n" | "$B/sort"'
check_err sort/missing 1 'sort: nope: No such file or directory' "$B/sort" nope

# --- uniq ---
printf 'a\na\nb\nc\nc\nc\n' >uniq1
check uniq/plain 0 'a\nb\nc\n' "$B/uniq" uniq1
check uniq/count 0 '      2 a\n      1 b\n      3 c\n' "$B/uniq" -c uniq1
check uniq/repeated 0 'a\nc\n' "$B/uniq" -d uniq1
check uniq/single 0 'b\n' "$B/uniq" -u uniq1
check_sh uniq/stdin 0 'x\ny\n' 'printf "x\nx\ny\n" | "$B/uniq"'
check_err uniq/missing 1 'uniq: nope: No such file or directory' "$B/uniq" nope

# --- stat ---
"$B/chmod" 644 tree/a.txt
check stat/format 0 'tree/a.txt 14 644 -rw-r--r-- regular file 1\n' "$B/stat" -c '%n %s %a %A %F %h' tree/a.txt
check stat/dir 0 'directory\n' "$B/stat" -c %F tree
"$B/ln" -s a.txt tree/link
check stat/link 0 'symbolic link tree/link -> a.txt\n' "$B/stat" -c '%F %N' tree/link
check stat/follow 0 'regular file\n' "$B/stat" -L -c %F tree/link
"$B/rm" tree/link
like stat/default "  File: tree/a.txt
  Size: 14        	Blocks: *IO Block: *regular file
Device: *Inode: *Links: 1
Access: (0644/-rw-r--r--)  Uid: (*)   Gid: (*)
Access: *
Modify: *
Change: *
 Birth: -" "$B/stat" tree/a.txt
check_err stat/missing 1 'stat: nope: No such file or directory' "$B/stat" nope

# --- chmod ---
: >mode1
check chmod/octal 0 '600\n' sh -c '"$B/chmod" 600 mode1 && "$B/stat" -c %a mode1'
check chmod/user-x 0 '700\n' sh -c '"$B/chmod" u+x mode1 && "$B/stat" -c %a mode1'
check chmod/group 0 '750\n' sh -c '"$B/chmod" g+rx mode1 && "$B/stat" -c %a mode1'
check chmod/minus 0 '710\n' sh -c '"$B/chmod" g-r mode1 && "$B/stat" -c %a mode1'
check chmod/equals 0 '555\n' sh -c '"$B/chmod" a=rx mode1 && "$B/stat" -c %a mode1'
check chmod/copy 0 '550\n' sh -c '"$B/chmod" u=rx,g=u,o= mode1 && "$B/stat" -c %a mode1'
check chmod/list 0 '644\n' sh -c '"$B/chmod" u=rw,go=r mode1 && "$B/stat" -c %a mode1'
check chmod/setuid 0 '-rwsr-xr-x\n' sh -c '"$B/chmod" 4755 mode1 && "$B/stat" -c %A mode1'
check chmod/umask 0 '755\n' sh -c 'umask 022; "$B/chmod" 644 mode1 && "$B/chmod" +x mode1 && "$B/stat" -c %a mode1'
"$B/mkdir" -p cm/sub
check chmod/recursive 0 '700 700\n' sh -c '"$B/chmod" -R 700 cm && echo $("$B/stat" -c %a cm cm/sub)'
check_err chmod/bad-mode 2 "chmod: invalid mode: 'zz'" "$B/chmod" zz mode1
check_err chmod/missing 1 'chmod: nope: No such file or directory' "$B/chmod" 644 nope

# --- test, [ ---
check test/eq 0 '' "$B/test" 1 -eq 1
check test/lt 1 '' "$B/test" 2 -lt 1
check test/file 0 '' "$B/test" -f tree/a.txt
check test/dir 1 '' "$B/test" -d tree/a.txt
check test/not 0 '' "$B/test" ! -e nope
check test/and 1 '' "$B/test" a = a -a b = c
check test/or 0 '' "$B/test" a = a -o b = c
check test/parens 0 '' "$B/test" '(' a != b ')' -a -n x
check test/empty-string 1 '' "$B/test" ''
check test/string 0 '' "$B/test" -n
check test/no-args 1 '' "$B/test"
check test/z 0 '' "$B/test" -z ''
check test/newer 0 '' "$B/test" tree/a.txt -nt nope
check test/same 0 '' "$B/test" tree/a.txt -ef tree/a.txt
check_err test/bad-number 2 'test: x: integer expression expected' "$B/test" 5 -gt x
check bracket/true 0 '' "$B/[" 1 = 1 ]
check bracket/false 1 '' "$B/[" 1 = 2 ]
check_err bracket/missing 2 "[: missing ']'" "$B/[" 1 = 1

# --- expr ---
check expr/add 0 '3\n' "$B/expr" 1 + 2
check expr/precedence 0 '7\n' "$B/expr" 1 + 2 '*' 3
check expr/parens 0 '9\n' "$B/expr" '(' 1 + 2 ')' '*' 3
check expr/div-mod 0 '3\n' "$B/expr" 7 / 2
check expr/compare 0 '1\n' "$B/expr" 3 '<' 10
check expr/string-compare 0 '1\n' "$B/expr" abc '<' abd
check expr/zero 1 '0\n' "$B/expr" 2 - 2
check expr/match-length 0 '3\n' "$B/expr" abcdef : 'abc'
check expr/match-group 0 'b\n' "$B/expr" abc : 'a\(.\)c'
check expr/no-match 1 '0\n' "$B/expr" abc : x
check expr/length 0 '5\n' "$B/expr" length hello
check expr/substr 0 'ell\n' "$B/expr" substr hello 2 3
check expr/index 0 '3\n' "$B/expr" index hello l
check expr/or 0 '5\n' "$B/expr" 0 '|' 5
check expr/and 1 '0\n' "$B/expr" 2 '&' 0
check_err expr/div-zero 2 'expr: division by zero' "$B/expr" 1 / 0
check_err expr/syntax 2 'expr: syntax error: missing argument' "$B/expr" 1 +
check_err expr/non-integer 2 'expr: non-integer argument' "$B/expr" a + 1

# --- which ---
"$B/mkdir" wbin
"$B/cp" "$B/true" wbin/mytool
check which/found 0 "$T/wbin/mytool\\n" "$B/env" PATH="$T/wbin:$B" "$B/which" mytool
check which/missing 1 '' "$B/env" PATH="$T/wbin" "$B/which" nope
check which/all 0 "$T/wbin/mytool\\n$T/wbin/mytool\\n" "$B/env" PATH="$T/wbin:$T/wbin" "$B/which" -a mytool

# --- du, df ---
"$B/mkdir" -p du1/sub
"$B/yes" | "$B/head" -c 10000 >du1/sub/f
check_sh du/summary 0 'du1\n' '"$B/du" -s du1 | "$B/cut" -f2'
check_sh du/dirs 0 'du1/sub\ndu1\n' '"$B/du" du1 | "$B/cut" -f2'
check_sh du/total 0 '' 'n=$("$B/du" -s du1 | "$B/cut" -f1); [ "$n" -ge 10 ]'
like du/human '*[0-9K]	du1' "$B/du" -sh du1
check_err du/missing 1 'du: nope: No such file or directory' "$B/du" nope
like df/root 'Filesystem     1K-blocks     Used Available Use% Mounted on
* [0-9]* [0-9]* [0-9]* *% /' "$B/df"
like df/human 'Filesystem      Size  Used Avail Use% Mounted on
*' "$B/df" -h /
check_err df/missing 1 'df: nope: No such file or directory' "$B/df" nope

# --- mount, umount (mounting itself is root's and needs a disk: t_ext2, persist.py) ---
check_sh mount/lists-proc 0 'ok\n' '"$B/mount" | "$B/grep" -q "^proc on /proc type proc (rw" && echo ok'
check_err mount/bad-option 2 'mount: unknown option bogus' "$B/mount" -o bogus a b
check_sh mount/usage 2 '' '"$B/mount" a b c 2>/dev/null'
check_sh umount/usage 2 '' '"$B/umount" 2>/dev/null'
check_sh umount/not-mounted 1 '' '"$B/umount" "$T" 2>/dev/null'

# --- od, hexdump ---
printf 'hello\n' >od1
check od/default 0 '0000000 062550 066154 005157\n0000006\n' "$B/od" od1
check od/chars 0 '0000000   h   e   l   l   o  \\n\n0000006\n' "$B/od" -c od1
check od/hex 0 '0000000 6568 6c6c 0a6f\n0000006\n' "$B/od" -x od1
check od/bytes 0 '0000000 150 145 154 154 157 012\n0000006\n' "$B/od" -b od1
check od/no-address 0 '   h   e   l   l   o  \\n\n' "$B/od" -An -c od1
check_sh od/repeat 0 '0000000 000000 000000 000000 000000 000000 000000 000000 000000\n*\n0000040\n' \
	'"$B/head" -c 32 /dev/zero | "$B/od"'
check_err od/missing 1 'od: nope: No such file or directory' "$B/od" nope
check hexdump/canonical 0 '00000000  68 65 6c 6c 6f 0a                                 |hello.|\n00000006\n' \
	"$B/hexdump" -C od1
check hexdump/words 0 '0000000 6568 6c6c 0a6f                         \n0000006\n' "$B/hexdump" od1
check_sh hexdump/long 0 '00000000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65 66  |0123456789abcdef|\n*\n00000020  78                                                |x|\n00000021\n' \
	'printf 0123456789abcdef0123456789abcdefx | "$B/hexdump" -C'

# --- grep ---
"$B/mkdir" -p g/sub
printf 'Hello\nworld\nhello again\n' >g/f1
printf 'nothing\nHELLO\n' >g/sub/f2
check grep/plain 0 'hello again\n' "$B/grep" hello g/f1
check grep/ignore-case 0 'Hello\nhello again\n' "$B/grep" -i hello g/f1
check grep/invert 0 'Hello\nworld\n' "$B/grep" -v hello g/f1
check grep/number 0 '3:hello again\n' "$B/grep" -n hello g/f1
check grep/count 0 '2\n' "$B/grep" -ci hello g/f1
check grep/extended 0 'world\nhello again\n' "$B/grep" -E 'wor|aga' g/f1
check grep/basic 0 'hello again\n' "$B/grep" 'h.l\{2\}o a' g/f1
check grep/anchor 0 'Hello\n' "$B/grep" 'lo$' g/f1
check grep/fixed 0 'hello again\n' "$B/grep" -F 'o a' g/f1
check grep/several 0 'g/f1:Hello\ng/sub/f2:HELLO\n' "$B/grep" -i 'hello$' g/f1 g/sub/f2
check grep/recursive 0 'g/sub/f2:HELLO\n' "$B/grep" -r HELLO g
check_sh grep/recursive-cwd 0 'sub/f2:HELLO\n' 'cd g && "$B/grep" -r HELLO'
check grep/list 0 'g/f1\n' "$B/grep" -l hello g/f1 g/sub/f2
check grep/quiet 0 '' "$B/grep" -q hello g/f1
check grep/no-match 1 '' "$B/grep" zzz g/f1
check_sh grep/stdin 0 'b\n' 'printf "a\nb\n" | "$B/grep" b'
check_err grep/missing 2 'grep: nope: No such file or directory' "$B/grep" hello nope
check_err grep/directory 2 'grep: g: Is a directory' "$B/grep" hello g

# --- find ---
check_sh find/all 0 'g\ng/f1\ng/sub\ng/sub/f2\n' '"$B/find" g | "$B/sort"'
check_sh find/name 0 'g/f1\ng/sub/f2\n' '"$B/find" g -name "f*" | "$B/sort"'
check_sh find/type-d 0 'g\ng/sub\n' '"$B/find" g -type d | "$B/sort"'
check find/type-f-name 0 'g/sub/f2\n' "$B/find" g -type f -name f2
check_sh find/maxdepth 0 'g\ng/f1\ng/sub\n' '"$B/find" g -maxdepth 1 | "$B/sort"'
check_sh find/not 0 'g\ng/sub\n' '"$B/find" g ! -name "f*" | "$B/sort"'
check_sh find/or 0 'g/f1\ng/sub\n' '"$B/find" g -name f1 -o -name sub | "$B/sort"'
check find/exec 0 'Hello\nworld\nhello again\n' "$B/find" g -name f1 -exec "$B/cat" '{}' ';'
check_sh find/cwd 0 '.\n./f1\n./sub\n./sub/f2\n' 'cd g && "$B/find" | "$B/sort"'
check_err find/missing 1 'find: nope: No such file or directory' "$B/find" nope
check_err find/bad 2 "find: unknown predicate '-bogus'" "$B/find" g -bogus

# --- xargs ---
check_sh xargs/default 0 'a b c d e\n' 'printf "a b c\nd e\n" | "$B/xargs" "$B/echo"'
check_sh xargs/n 0 'a b\nc d\ne\n' 'printf "a b c\nd e\n" | "$B/xargs" -n 2 "$B/echo"'
check_sh xargs/args 0 'x a\nx b\n' 'printf "a\nb\n" | "$B/xargs" -n 1 "$B/echo" x'
check_sh xargs/quotes 0 'a b\nc\n' 'printf "\"a b\" c\n" | "$B/xargs" -n 1 "$B/echo"'
check_sh xargs/empty 0 'z\n' 'printf "" | "$B/xargs" "$B/echo" z'
check_sh xargs/failure 123 '' 'echo a | "$B/xargs" "$B/false"'
check_sh xargs/not-found 127 '' 'echo a | "$B/xargs" ./nope-cmd 2>/dev/null'

# --- more, edit (not on a terminal here) ---
check more/pipe 0 'one\ntwo\nthree\n' "$B/more" tree/a.txt
check more/files 0 '::::::::::::::\ntree/a.txt\n::::::::::::::\none\ntwo\nthree\n::::::::::::::\ntree/sub/b.txt\n::::::::::::::\nhello\n' \
	"$B/more" tree/a.txt tree/sub/b.txt
check_err more/missing 1 'more: nope: No such file or directory' "$B/more" nope
check_err edit/not-tty 1 'edit: not a terminal' "$B/edit" somefile
check_err edit/usage 2 'usage: edit file' "$B/edit"

# --- nproc, nice, renice (nice values relative to the one this runs at) ---
check_sh nproc/count 0 'ok\n' '[ "$("$B/nproc")" -ge 1 ] && echo ok'
check_sh nproc/all 0 'ok\n' '[ "$("$B/nproc" --all)" -ge "$("$B/nproc")" ] && echo ok'
check nproc/ignore 0 '1\n' "$B/nproc" --ignore=100000
check_err nproc/usage 2 'usage: nproc [--all] [--ignore=N]' "$B/nproc" -x
check_sh nice/adds 0 'ok\n' 'e=$(($("$B/nice") + 3)); [ $e -gt 19 ] && e=19; [ "$("$B/nice" -n 3 "$B/nice")" -eq $e ] && echo ok'
check_sh nice/default-10 0 'ok\n' 'e=$(($("$B/nice") + 10)); [ $e -gt 19 ] && e=19; [ "$("$B/nice" "$B/nice")" -eq $e ] && echo ok'
check_sh nice/old-form 0 'ok\n' 'e=$(($("$B/nice") + 2)); [ $e -gt 19 ] && e=19; [ "$("$B/nice" -2 "$B/nice")" -eq $e ] && echo ok'
check_sh nice/clamped 0 '19\n' '"$B/nice" -n 40 "$B/nice"'
check_sh nice/status 0 '3\n' '"$B/nice" sh -c "exit 3"; echo $?'
check_sh nice/not-found 0 '127\n' '"$B/nice" ./nope-cmd 2>/dev/null; echo $?'
check_err nice/no-command 125 'nice: a command must be given with an adjustment' "$B/nice" -n 1
check_sh renice/self 0 '19\n' 'sh -c '"'"'"$B/renice" -n 19 -p $$ >/dev/null && "$B/nice"'"'"''
check_sh renice/message 0 'ok\n' 'sh -c '"'"'n=$("$B/nice"); o=$("$B/renice" 19 $$); [ "$o" = "$$ (process ID) old priority $n, new priority 19" ]'"'"' && echo ok'
check_err renice/no-such 1 'renice: failed to get priority for 999999 (process ID): No such process' "$B/renice" 5 -p 999999

exit $failed
