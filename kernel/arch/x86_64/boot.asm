; boot.asm: from GRUB's 32-bit protected mode to kmain() in long mode.
;
; GRUB (multiboot2) enters _start with paging off, EAX = 0x36D76289 and
; EBX = the physical address of the boot information.  The code here runs
; at its physical address (section .boot, linked low); everything after
; long_entry runs in the higher half at VM_KERNEL_BASE + physical.
;
; Early page tables (2 MiB pages, all in .bss) map the first 1 GiB of
; physical memory three times: at 0 (identity, so this code keeps running
; when paging comes on), at VM_DIRECT_BASE (the direct map the memory code
; starts from) and at VM_KERNEL_BASE (the kernel image).  vmm_init() later
; replaces them with the final tables and drops the identity map.
;
; The boot stack is in .bss too, so _kernel_end covers it.  See docs/boot.md.

KVMA            equ 0xFFFFFFFF80000000
MB2_MAGIC       equ 0xE85250D6
MB2_ARCH_I386   equ 0
BOOT_STACK_SIZE equ 16384

extern kmain
extern __stack_chk_guard

section .multiboot
align 8
mb2_header:
	dd MB2_MAGIC
	dd MB2_ARCH_I386
	dd mb2_header_end - mb2_header
	dd -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
%ifdef WANT_FRAMEBUFFER
	; The framebuffer tag (optional, no preferred size).  GRUB reports a
	; framebuffer only when asked, and when asked it always sets a graphics
	; mode, even under BIOS with gfxpayload=text.  So the kernel is linked
	; twice from the same objects: breenix.elf without this tag, booted by
	; BIOS in VGA text mode, and breenix-fb.elf with it, booted by UEFI.
	; Only this low section differs; the higher half is identical.
	align 8
	dw 5, 1
	dd 20
	dd 0, 0, 0
%endif
	align 8
	dw 0, 0         ; end tag
	dd 8
mb2_header_end:

section .boot
bits 32
global _start
_start:
	cli
	cld
	mov edi, eax                    ; multiboot2 magic, kept for kmain
	mov esi, ebx                    ; boot information (physical)

	; Long mode needs CPUID leaf 0x80000001 EDX bit 29.
	mov eax, 0x80000000
	cpuid
	cmp eax, 0x80000001
	jb .no_long_mode
	mov eax, 0x80000001
	cpuid
	test edx, 1 << 29
	jz .no_long_mode

	; PML4[0] and PML4[256] -> low PDPT; PML4[511] -> high PDPT.
	mov eax, boot_pdpt_low - KVMA
	or eax, 3
	mov [boot_pml4 - KVMA], eax
	mov [boot_pml4 - KVMA + 256 * 8], eax
	mov eax, boot_pdpt_high - KVMA
	or eax, 3
	mov [boot_pml4 - KVMA + 511 * 8], eax
	; Both PDPTs point their 1 GiB slot at the same page directory:
	; low PDPT[0] (0 and VM_DIRECT_BASE), high PDPT[510] (VM_KERNEL_BASE).
	mov eax, boot_pd - KVMA
	or eax, 3
	mov [boot_pdpt_low - KVMA], eax
	mov [boot_pdpt_high - KVMA + 510 * 8], eax
	; 512 entries of 2 MiB, present | writable | large.
	mov ecx, 0
.fill_pd:
	mov eax, ecx
	shl eax, 21
	or eax, 0x83
	mov [boot_pd - KVMA + ecx * 8], eax
	inc ecx
	cmp ecx, 512
	jne .fill_pd

	mov eax, boot_pml4 - KVMA
	mov cr3, eax
	mov eax, cr4
	or eax, 1 << 5                  ; PAE
	mov cr4, eax
	mov ecx, 0xC0000080             ; EFER
	rdmsr
	or eax, 1 << 8                  ; LME (pmap.c turns on NXE if the CPU has it)
	wrmsr
	mov eax, cr0
	or eax, (1 << 31) | (1 << 16)   ; PG, WP
	mov cr0, eax

	lgdt [boot_gdt_ptr]
	jmp 0x08:.long_mode

.no_long_mode:
	; Say so on the VGA text screen and over COM1, then stop.
	mov ecx, 0
.msg:
	movzx eax, byte [no_lm_msg + ecx]
	test al, al
	jz .stop
	mov byte [0xB8000 + ecx * 2], al
	mov byte [0xB8001 + ecx * 2], 0x4F
	mov dx, 0x3F8
	out dx, al
	inc ecx
	jmp .msg
.stop:
	hlt
	jmp .stop

bits 64
.long_mode:
	mov ax, 0x10
	mov ds, ax
	mov es, ax
	mov ss, ax
	xor ax, ax
	mov fs, ax
	mov gs, ax
	mov rax, long_entry
	jmp rax

no_lm_msg: db "Breenix needs a 64-bit (x86_64) CPU.", 0

align 8
boot_gdt:
	dq 0
	dq 0x00209A0000000000           ; 0x08: 64-bit code
	dq 0x0000920000000000           ; 0x10: data
boot_gdt_ptr:
	dw boot_gdt_ptr - boot_gdt - 1
	dd boot_gdt

section .text
bits 64
long_entry:
	mov rsp, boot_stack_top
	xor ebp, ebp
	; A per-boot stack-protector canary, set before any C function runs
	; (a function entered with the old canary would fail on return).
	rdtsc
	shl rdx, 32
	or rax, rdx
	mov rcx, 0x9E3779B97F4A7C15
	imul rax, rcx
	mov [rel __stack_chk_guard], rax
	; kmain(magic, boot information physical address)
	mov edi, edi
	mov esi, esi
	call kmain
.hang:
	cli
	hlt
	jmp .hang

section .bss
align 4096
global boot_pml4
boot_pml4:      resb 4096
boot_pdpt_low:  resb 4096
boot_pdpt_high: resb 4096
boot_pd:        resb 4096
global boot_stack_bottom, boot_stack_top
boot_stack_bottom:
	resb BOOT_STACK_SIZE
boot_stack_top:
