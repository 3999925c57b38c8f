; isr.asm: the interrupt descriptor table's entry stubs.
;
; Each of the 256 vectors has a stub that pushes a zero error code when the
; CPU does not push one, then the vector number, and jumps to trap_common,
; which saves the general registers as struct trapframe (machine/frame.h),
; switches GS when coming from user mode, and calls trap_dispatch(frame).
; trap_return restores the frame; the scheduler enters new threads there.
;
; RFLAGS on the way in (why each user-settable flag cannot reach C code):
; an interrupt or exception gate clears IF, TF, NT and RF itself; it
; leaves DF and AC as user mode had them, so trap_common clears both
; (cld: the compiler and rep movsb assume DF = 0; clac: AC = 1 would turn
; SMAP off).  SYSCALL clears every user flag through IA32_FMASK (cpu.c).
; On the way out every frame bound for user mode passes trap_user_exit
; (trap.c), which makes it one IRETQ and SYSRET take without a fault in
; ring 0, whatever user space left in it.

extern trap_dispatch
extern trap_user_exit

extern smap_enabled

SEL_UDATA equ 0x23
SEL_UCODE equ 0x2B

section .text
bits 64

; The general registers of struct trapframe, the reverse of trap_common's pushes.
%macro POP_GPRS 0
	pop r15
	pop r14
	pop r13
	pop r12
	pop r11
	pop r10
	pop r9
	pop r8
	pop rbp
	pop rdi
	pop rsi
	pop rdx
	pop rcx
	pop rbx
	pop rax
%endmacro

; Vectors where the CPU pushes an error code.
%define HAS_ERR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

%assign v 0
%rep 256
isr_stub_ %+ v:
%if !HAS_ERR(v)
	push 0
%endif
	push v
	jmp trap_common
	align 16
%assign v v + 1
%endrep

trap_common:
	cld                             ; DF from user mode (or rt_sigreturn's frame)
	cmp byte [smap_enabled], 0 ; AC from user mode, or a user copy's open SMAP window
	je .smap_closed
	clac
.smap_closed:
	push rax
	push rbx
	push rcx
	push rdx
	push rsi
	push rdi
	push rbp
	push r8
	push r9
	push r10
	push r11
	push r12
	push r13
	push r14
	push r15
	test qword [rsp + 18 * 8], 3    ; tf_cs: from user mode?
	jz .kernel
	swapgs
.kernel:
	mov rdi, rsp
	call trap_dispatch

; Offsets into the frame while it is whole (machine/frame.h).
TF_R11 equ 4 * 8
TF_RCX equ 12 * 8
TF_RIP equ 17 * 8
TF_CS equ 18 * 8
TF_RFLAGS equ 19 * 8
TF_RSP equ 20 * 8
TF_SS equ 21 * 8
RFLAGS_TF equ 0x100
RFLAGS_RF equ 0x10000

global trap_return
trap_return:
	test qword [rsp + TF_CS], 3
	jz .kernel_ret
	mov rdi, rsp                    ; the frame is 16-byte aligned
	call trap_user_exit             ; canonical RIP, user RFLAGS and selectors
	; SYSRET costs a fraction of IRETQ, and gives the same result when the
	; frame already says rip = rcx and rflags = r11 (as after SYSCALL): it
	; loads RIP from RCX, RFLAGS from R11 and fixed user selectors.  Only to
	; a lower-half (canonical user) address: SYSRET to a non-canonical one
	; faults in ring 0 with the user's stack (CVE-2012-0217), and a
	; syscall in the last two bytes below 2^47 leaves just that in RCX.
	; Not with TF (SYSRET would trap before the next user instruction, not
	; after it) or RF (SYSRET cannot restore it).  The user's RSP may be
	; anything: SYSRET does not look at it, and the first push faults in
	; user mode.
	mov rcx, [rsp + TF_RIP]
	cmp rcx, [rsp + TF_RCX]
	jne .iret_user
	shr rcx, 47
	jnz .iret_user
	mov r11, [rsp + TF_RFLAGS]
	cmp r11, [rsp + TF_R11]
	jne .iret_user
	test r11, RFLAGS_TF | RFLAGS_RF
	jnz .iret_user
	cmp qword [rsp + TF_CS], SEL_UCODE
	jne .iret_user
	cmp qword [rsp + TF_SS], SEL_UDATA
	jne .iret_user
	swapgs
	POP_GPRS
	; Interrupts are off; NMI and double fault run on IST stacks, so the
	; moment on the user's stack in ring 0 is safe.
	mov rsp, [rsp + TF_RSP - 15 * 8]
	o64 sysret
.iret_user:
	swapgs
.kernel_ret:
	POP_GPRS
	add rsp, 16                     ; vector, error code
	iretq

; The SYSCALL instruction: RCX holds the user RIP, R11 the user RFLAGS,
; and RSP is still the user's.  Build the same frame as `int 0x80` (vector
; 0x80, error 0) on the thread's kernel stack, then join trap_common, so
; both ways in share one dispatcher and one way out (trap_return, which
; takes SYSRET back when the frame allows it).
CPU_KSTACK_TOP equ 8
CPU_USER_RSP equ 16

global syscall_entry
syscall_entry:
	swapgs
	mov [gs:CPU_USER_RSP], rsp
	mov rsp, [gs:CPU_KSTACK_TOP]
	push SEL_UDATA                  ; ss
	push qword [gs:CPU_USER_RSP]    ; rsp
	push r11                        ; rflags
	push SEL_UCODE                  ; cs
	push rcx                        ; rip
	push 0                          ; error code
	push 0x80                       ; vector
	swapgs                          ; trap_common swaps again (from user)
	jmp trap_common

; SYSCALL from 32-bit code (CPUs that allow it, as AMD's and QEMU's do)
; comes here through IA32_CSTAR, in ring 0 on the user's stack with the
; user's GS.  Breenix has no 32-bit system calls: answer -ENOSYS, as Linux
; without IA32 emulation does, touching nothing.  FMASK has cleared
; RFLAGS (interrupts off); SYSRET with a 32-bit operand goes back to the
; 32-bit code at ECX with R11's flags.
ENOSYS equ 38

global syscall_entry_compat
syscall_entry_compat:
	mov eax, -ENOSYS
	sysret

section .rodata
align 8
global isr_stubs
isr_stubs:
%assign v 0
%rep 256
	dq isr_stub_ %+ v
%assign v v + 1
%endrep
