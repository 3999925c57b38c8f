#!/bin/sh
# check-arch.sh: machine state stays behind kernel/arch/ (docs/design.md,
# "Boundaries").  Fails, with one FAIL: line per offending line, when generic
# kernel code (everything under kernel/ except kernel/arch/ and the imported
# lwIP) names an x86 register, a trap-frame member (tf_*), an x86-only
# instruction or MSR, or uses #ifdef __x86_64__.  Comments count too: a
# comment that says "rax" is generic code thinking in registers.
#
# Usage: tools/check-arch.sh [kernel-dir]   (default: kernel)
#        tools/check-arch.sh --self-test   (the check catches a planted violation)
set -u
if [ "${1:-}" = --self-test ]; then
	d=$(mktemp -d) || exit 1
	trap 'rm -rf "$d"' EXIT
	mkdir -p "$d/kernel/kern" "$d/kernel/arch/x86_64" "$d/kernel/net/lwip"
	echo 'long f(struct trapframe *tf) { return tf->tf_rax; }' >"$d/kernel/arch/x86_64/ok.c"
	echo 'int sp; /* the stack pointer, in general terms */' >"$d/kernel/kern/ok.c"
	echo '/* rip */' >"$d/kernel/net/lwip/ok.c"
	if ! "$0" "$d/kernel" >/dev/null; then
		echo "FAIL: arch-boundary/self-test: a clean tree was refused"; exit 1
	fi
	echo 'void g(void) { /* restart: back up RIP */ }' >"$d/kernel/kern/bad.c"
	if "$0" "$d/kernel" >/dev/null; then
		echo "FAIL: arch-boundary/self-test: a planted register name passed"; exit 1
	fi
	echo "PASS: arch-boundary/self-test"
	exit 0
fi
top=${1:-kernel}
regs='[re](ax|bx|cx|dx|si|di|bp|sp|ip)|r(8|9|1[0-5])[dwb]?|[re]flags|cr[0-48]'
insn='fxsave(64)?|fxrstor(64)?|xsave|xrstor|wrmsr|rdmsr|swapgs'
pat="\\b(($regs)|($insn)|tf_[a-z0-9_]+|MSR_[A-Z0-9_]+|__x86_64__|TF_FROM_USER)\\b"

hits=$(find "$top" \( -path "$top/arch" -o -path "$top/net/lwip" \) -prune -o \
	\( -name '*.c' -o -name '*.h' \) -type f -print | sort |
	xargs grep -nIiE "$pat" /dev/null)
if [ -n "$hits" ]; then
	printf '%s\n' "$hits" | sed 's/^/FAIL: arch-boundary\/register-name: /'
	exit 1
fi
echo "PASS: arch-boundary/no-register-names"
