; copy.asm: kernel accesses that may fault on purpose.  Each possibly
; faulting instruction has an entry in the exception table (.ex_table:
; faulting address, fix-up address); trap.c resumes a kernel fault at the
; fix-up, which returns -EFAULT.  copyin/copyout will live here too.

EFAULT equ 14

section .text
bits 64

; int arch_probe_read(const void *addr, uint64_t *val)
global arch_probe_read
arch_probe_read:
.load:
	mov rax, [rdi]
	mov [rsi], rax
	xor eax, eax
	ret
.fault:
	mov eax, -EFAULT
	ret

section .ex_table
	dq arch_probe_read.load, arch_probe_read.fault
