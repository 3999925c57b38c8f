/*
 * setjmp/longjmp and sigsetjmp for Breenix (replaces newlib's x86_64
 * setjmp.o, whose longjmp let setjmp return 0 for longjmp(env, 0)).
 *
 * jmp_buf (8 words):   rbx rbp r12 r13 r14 r15 rsp rip
 * sigjmp_buf adds:     [8] whether the mask was saved, [9] the mask
 *
 * sigsetjmp saves the registers here, where its caller's frame is still
 * intact, then tail-calls __sigjmp_save (sigjmp.c), which stores the mask
 * and returns 0 straight to sigsetjmp's caller.  siglongjmp (sigjmp.c)
 * restores the mask and calls longjmp.  _setjmp/_longjmp never touch the
 * mask, which is what setjmp/longjmp do here too.
 */
	.text

	.globl	setjmp
	.globl	_setjmp
	.type	setjmp, @function
	.type	_setjmp, @function
setjmp:
_setjmp:
	movq	%rbx, 0(%rdi)
	movq	%rbp, 8(%rdi)
	movq	%r12, 16(%rdi)
	movq	%r13, 24(%rdi)
	movq	%r14, 32(%rdi)
	movq	%r15, 40(%rdi)
	leaq	8(%rsp), %rax		/* the caller's stack pointer after ret */
	movq	%rax, 48(%rdi)
	movq	(%rsp), %rax		/* the return address */
	movq	%rax, 56(%rdi)
	xorl	%eax, %eax
	ret
	.size	setjmp, .-setjmp
	.size	_setjmp, .-_setjmp

	.globl	sigsetjmp
	.type	sigsetjmp, @function
sigsetjmp:
	movq	%rbx, 0(%rdi)
	movq	%rbp, 8(%rdi)
	movq	%r12, 16(%rdi)
	movq	%r13, 24(%rdi)
	movq	%r14, 32(%rdi)
	movq	%r15, 40(%rdi)
	leaq	8(%rsp), %rax
	movq	%rax, 48(%rdi)
	movq	(%rsp), %rax
	movq	%rax, 56(%rdi)
	jmp	__sigjmp_save		/* (env, savemask): returns 0 for us */
	.size	sigsetjmp, .-sigsetjmp

	.globl	longjmp
	.globl	_longjmp
	.type	longjmp, @function
	.type	_longjmp, @function
longjmp:
_longjmp:
	movl	%esi, %eax		/* setjmp's second return value... */
	testl	%eax, %eax
	jnz	1f
	incl	%eax			/* ...which is never 0 (ISO C) */
1:	movq	0(%rdi), %rbx
	movq	8(%rdi), %rbp
	movq	16(%rdi), %r12
	movq	24(%rdi), %r13
	movq	32(%rdi), %r14
	movq	40(%rdi), %r15
	movq	48(%rdi), %rsp
	jmpq	*56(%rdi)
	.size	longjmp, .-longjmp
	.size	_longjmp, .-_longjmp

	.section .note.GNU-stack,"",@progbits
