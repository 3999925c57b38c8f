# lua: closures, coroutines, string patterns, tables and sort, integer and
# float arithmetic, io on files, os.time/date, luac's bytecode, errors.
. /ports-tests/lib.sh
L=$P/lua5.4
cat >t.lua <<'LUA'
local function counter() local n = 0; return function() n = n + 1; return n end end
local c = counter(); c(); c()
local co = coroutine.wrap(function(a) local b = coroutine.yield(a * 2); return a + b end)
local words = {}
for w in ("the quick brown fox jumps"):gmatch("%a+") do words[#words + 1] = w:upper() end
table.sort(words)
print(c(), co(10), co(5), table.concat(words, ","), 7 // 2, 7 / 2, 2^10, math.maxinteger)
print(string.format("%5.2f|%-3s|%x", math.pi, "ab", 255), ("breenix"):gsub("e", "E"))
LUA
check script '$L t.lua >o && same o "3	20	15	BROWN,FOX,JUMPS,QUICK,THE	3	3.5	1024.0	9223372036854775807
 3.14|ab |ff	brEEnix	2"'
check io-files '$L -e "local f = assert(io.open(\"w.txt\", \"w\")); for i = 1, 100 do f:write(i, \"\n\") end; f:close(); local s = 0; for l in io.lines(\"w.txt\") do s = s + tonumber(l) end; print(s)" >o && same o 5050'
check os-date '$L -e "print(os.date(\"!%Y-%m-%d %H:%M:%S\", 1000000000))" >o && same o "2001-09-09 01:46:40"'
check luac '$P/luac5.4 -o t.luac t.lua && $L t.luac >o2 && $L t.lua >o && [ "$(cat o)" = "$(cat o2)" ]'
check error 'if $L -e "error(\"boom\")" 2>e; then false; else grep -q "boom" e; fi'
check stdin-lines 'printf "3\n1\n2\n" | $L -e "local t = {}; for l in io.lines() do t[#t+1] = tonumber(l) end; table.sort(t); print(table.concat(t, \" \"))" >o && same o "1 2 3"'
finish
