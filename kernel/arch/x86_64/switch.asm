; switch.asm: switching kernel stacks, and where new threads begin.
;
; arch_switch(old, new) saves the callee-saved registers and RFLAGS on
; the current stack, stores rsp in old->at_sp, loads new->at_sp and
; pops the other thread's: its `ret` goes back into its own arch_switch
; call, or, for a thread that never ran, into thread_trampoline with the
; frame arch_thread_setup built (rbx = function or 0, r12 = argument or
; frame, RFLAGS = 2).  RFLAGS is the thread's own: whatever flag one
; thread's path left set (AC inside a user copy, or anything a future
; entry forgets to clear) must not follow the CPU into another thread,
; where an NT would make its IRETQ fault and an AC would switch SMAP off.

extern sched_tail
extern thread_exit
extern trap_return
extern proc_child_start

section .text
bits 64

global arch_switch
arch_switch:
	push rbp
	push rbx
	push r12
	push r13
	push r14
	push r15
	pushfq
	mov [rdi], rsp                  ; old->at_sp (offset 0, cpu.c checks)
	mov rsp, [rsi]                  ; new->at_sp
	popfq
	pop r15
	pop r14
	pop r13
	pop r12
	pop rbx
	pop rbp
	ret

global thread_trampoline
thread_trampoline:
	call sched_tail                 ; free the thread that died to switch here
	test rbx, rbx
	jz .user
	sti
	mov rdi, r12
	call rbx                        ; a kernel thread's function
	call thread_exit
.user:
	mov rsp, r12                    ; the user trap frame
	call proc_child_start           ; CLONE_CHILD_SETTID (interrupts off again after)
	jmp trap_return
