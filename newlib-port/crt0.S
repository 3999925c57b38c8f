/*
 * crt0: the first code of every Breenix program.
 * The kernel enters _start with RSP pointing at argc, then argv[0..argc-1],
 * NULL, envp[...], NULL, auxv pairs ending with AT_NULL (System V x86_64 ABI).
 */
	.text
	.globl	_start
	.type	_start, @function
_start:
	xorl	%ebp, %ebp		/* outermost frame for debuggers */
	movq	(%rsp), %rdi		/* argc */
	leaq	8(%rsp), %rsi		/* argv */
	leaq	8(%rsi,%rdi,8), %rdx	/* envp = argv + argc + 1 */
	andq	$-16, %rsp		/* ABI: 16-byte aligned before a call */
	call	__breenix_start		/* never returns */
	hlt
	.size	_start, .-_start
	.section .note.GNU-stack,"",@progbits
