# ed's script and the build machine's answer (GNU sed doing the same edits,
# since the build machine may have no ed).
printf '%s\n' '/^## /s/^## /== /' '$a' 'the end' '.' '1,3d' 'w' 'q' >"$1/ed-script"
{ sed -n '4,$p' "$1/old" | sed '0,/^## /s/^## /== /'; echo 'the end'; } >"$1/ed-expected"
