# sed's expected answers: the build machine's GNU sed on the same text.
sed -n '/^## /p' "$1/text" >"$1/sed-1"
sed -E 's/(Breenix|Linux)([^ ]*)/<\1>\2/g; /^$/d' "$1/text" | cksum >"$1/sed-2.sum"
sed -n '$=' "$1/text" >"$1/sed-3"
sed '1~7d; 5,/^#/y/abc/ABC/' "$1/old" | cksum >"$1/sed-4.sum"
