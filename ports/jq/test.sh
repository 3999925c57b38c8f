# jq: filters on a JSON file give what the build machine's jq gave.
. /ports-tests/lib.sh
check select-sort '$P/jq -c ".ports | map(select(.size > 200)) | sort_by(.name) | map(.name)" $data/in.json >o && same o "$(cat $data/jq-1)"'
check arithmetic '$P/jq -r "[.ports[].size] | add, (. | length)" $data/in.json >o && same o "$(cat $data/jq-2)"'
check sorted-pretty '$P/jq -S . $data/in.json >o && same o "$(cat $data/jq-3)"'
check unicode '$P/jq -r ".nested.s | length, explode[-1]" $data/in.json >o && same o "$(cat $data/jq-4)"'
check bad-json 'echo "{bad" | $P/jq . >o 2>&1; [ $? -ne 0 ]'
finish
