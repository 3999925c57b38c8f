# expat: xmlwf accepts a well-formed document and points at the error in a
# broken one.
. /ports-tests/lib.sh
check well-formed '$P/xmlwf $data/good.xml >o && [ ! -s o ]'
check not-well-formed '$P/xmlwf $data/bad.xml >o; grep -q "mismatched tag" o'
finish
