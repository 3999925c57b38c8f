/*
 * Thread creation and the last act of a detached thread.
 *
 * long __breenix_thread_clone(unsigned long flags, void *stack, int *ptid,
 *                             int *ctid, void *tls, int (*fn)(void *), void *arg)
 *   clone(2) with Linux's x86_64 argument order (flags, stack, ptid, ctid,
 *   tls).  fn and arg travel on the new stack, so the child needs no
 *   registers but its stack pointer; it calls fn(arg) and ends the thread
 *   with its result.  The parent gets the new thread's id or -errno.
 *
 * void __breenix_unmap_and_exit(void *base, size_t len)
 *   munmap(base, len), then exit(0), using no stack in between: a detached
 *   thread frees the mapping it is running on.
 */
	.text
	.globl	__breenix_thread_clone
	.type	__breenix_thread_clone, @function
__breenix_thread_clone:
	movq	8(%rsp), %rax		/* arg (seventh argument) */
	andq	$-16, %rsi
	subq	$16, %rsi
	movq	%r9, 0(%rsi)		/* fn */
	movq	%rax, 8(%rsi)		/* arg */
	movq	%rcx, %r10		/* ctid: the fourth syscall argument is r10 */
	movl	$56, %eax		/* SYS_clone */
	int	$0x80
	testq	%rax, %rax
	jz	1f
	ret
1:	xorl	%ebp, %ebp		/* outermost frame of the new thread */
	popq	%rax			/* fn */
	popq	%rdi			/* arg */
	call	*%rax			/* the stack is 16-byte aligned here */
	movl	%eax, %edi
	movl	$60, %eax		/* SYS_exit: this thread only */
	int	$0x80
	hlt
	.size	__breenix_thread_clone, .-__breenix_thread_clone

	.globl	__breenix_unmap_and_exit
	.type	__breenix_unmap_and_exit, @function
__breenix_unmap_and_exit:
	movl	$11, %eax		/* SYS_munmap(rdi, rsi) */
	int	$0x80
	xorl	%edi, %edi
	movl	$60, %eax		/* SYS_exit(0) */
	int	$0x80
	hlt
	.size	__breenix_unmap_and_exit, .-__breenix_unmap_and_exit
	.section .note.GNU-stack,"",@progbits
