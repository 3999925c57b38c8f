; copy.asm: kernel accesses that may fault on purpose.  Each possibly
; faulting instruction has an entry in the exception table (.ex_table:
; faulting address, fix-up address); trap.c resumes a kernel fault at the
; fix-up, which returns -EFAULT.  kern/uaccess.c wraps the user copies.

EFAULT equ 14

extern smap_enabled

; Open and close the SMAP window around user accesses (stac/clac fault
; where the CPU has no SMAP, so they run only when it is on).
%macro USER_ACCESS_BEGIN 0
	cmp byte [smap_enabled], 0
	je %%skip
	stac
%%skip:
%endmacro

%macro USER_ACCESS_END 0
	cmp byte [smap_enabled], 0
	je %%skip
	clac
%%skip:
%endmacro

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

section .text

; int arch_copy_user(void *dst, const void *src, size_t n): 0 or -EFAULT.
; Eight bytes a step, then the last 0-7 (TCG runs rep one element a step).
global arch_copy_user
arch_copy_user:
	USER_ACCESS_BEGIN
	mov rcx, rdx
	shr rcx, 3
.copyq:
	rep movsq
	mov rcx, rdx
	and rcx, 7
.copyb:
	rep movsb
	USER_ACCESS_END
	xor eax, eax
	ret
.fault:
	USER_ACCESS_END
	mov eax, -EFAULT
	ret

; long arch_strncpy_user(char *dst, const char *src, size_t max): bytes
; before the NUL (which is copied), max if none came, or -EFAULT.
global arch_strncpy_user
arch_strncpy_user:
	USER_ACCESS_BEGIN
	xor eax, eax
.loop:
	cmp rax, rdx
	jae .done
.load:
	mov cl, [rsi + rax]
	mov [rdi + rax], cl
	test cl, cl
	jz .done
	inc rax
	jmp .loop
.done:
	USER_ACCESS_END
	ret
.fault:
	USER_ACCESS_END
	mov rax, -EFAULT
	ret

section .ex_table
	dq arch_copy_user.copyq, arch_copy_user.fault
	dq arch_copy_user.copyb, arch_copy_user.fault
	dq arch_strncpy_user.load, arch_strncpy_user.fault
