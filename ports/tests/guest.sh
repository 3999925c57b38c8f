# Run on Breenix by /etc/rc of the ports' test image (tests/ports/run.sh):
# each port's test in turn (the list is /ports-tests/list), then power off.
echo "ports: testing $(cat /ports-tests/list | tr '\n' ' ')"
for p in $(cat /ports-tests/list); do
	echo "ports: $p"
	sh "/ports-tests/$p.sh" "$p" </dev/null || echo "ports: $p's test exited with status $?"
done
echo "ports: done"
