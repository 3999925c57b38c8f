# jq's input and the build machine's jq's answers.
cat >"$1/in.json" <<'JSON'
{"os": "Breenix", "ports": [{"name": "gzip", "size": 120}, {"name": "make", "size": 480},
 {"name": "jq", "size": 350}], "nested": {"a": [1, 2, {"b": null}], "s": "caf\u00e9 \ud83d\ude00"}}
JSON
jq -c '.ports | map(select(.size > 200)) | sort_by(.name) | map(.name)' "$1/in.json" >"$1/jq-1"
jq -r '[.ports[].size] | add, (. | length)' "$1/in.json" >"$1/jq-2"
jq -S . "$1/in.json" >"$1/jq-3"
jq -r '.nested.s | length, explode[-1]' "$1/in.json" >"$1/jq-4"
