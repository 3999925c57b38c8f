# Host fuzzers (libFuzzer) for the kernel code that parses outside data:
# ELF executables, the cpio initrd (parsed, and unpacked into a ramfs),
# the multiboot2 boot information, ACPI tables, path names and ext2 images (docs/ktest.md).  `make host-fuzz` builds $(BUILD)/fuzz/<name>
# for each name in FUZZ_TARGETS from tests/fuzz/fuzz_<name>.c plus the
# kernel sources in FUZZ_KSRCS_<name>, and their seed corpora in
# $(BUILD)/fuzz/corpus/<name>; tests/harness/fuzz_suite.sh runs them.
# The kernel sources use the host stand-in headers of tests/host/include.

FUZZ_CC ?= clang
FUZZ_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -MMD -MP \
	-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -Itests/fuzz/include -Itests/host/include -Ikernel/include \
	-Ikernel/arch/x86_64/include
FUZZ_LDFLAGS := -fsanitize=fuzzer,address,undefined

FUZZ_TARGETS := elf cpio initrd multiboot2 acpi path ext2
FUZZ_KSRCS_elf := kernel/kern/elf.c
FUZZ_KSRCS_cpio := kernel/kern/cpio.c
FUZZ_KSRCS_initrd := kernel/kern/initrd.c kernel/kern/cpio.c kernel/fs/namei.c kernel/fs/vfs.c \
	kernel/fs/vops.c kernel/fs/ramfs.c kernel/kern/cred.c tests/fuzz/kstubs.c
FUZZ_KSRCS_multiboot2 := kernel/kern/multiboot2.c
FUZZ_KSRCS_acpi := kernel/dev/acpi_tables.c
FUZZ_KSRCS_ext2 := kernel/fs/ext2_super.c kernel/fs/ext2_inode.c kernel/fs/ext2_dir.c \
	kernel/fs/ext2_vnops.c kernel/fs/ext2_fsync.c kernel/fs/ext2_page.c kernel/fs/pcache.c \
	kernel/fs/bcache.c kernel/fs/namei.c kernel/fs/vfs.c kernel/fs/vops.c \
	kernel/kern/cred.c tests/fuzz/kstubs.c
FUZZ_KSRCS_path := kernel/fs/namei.c kernel/fs/vfs.c kernel/fs/vops.c kernel/fs/ramfs.c \
	kernel/kern/cred.c tests/fuzz/kstubs.c

$(BUILD)/fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

define FUZZ_TARGET
$(BUILD)/fuzz/$(1): $(patsubst %.c,$(BUILD)/fuzz/obj/%.o,tests/fuzz/fuzz_$(1).c $(FUZZ_KSRCS_$(1)))
	$(FUZZ_CC) $(FUZZ_LDFLAGS) -o $$@ $$^
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call FUZZ_TARGET,$(t))))

$(BUILD)/fuzz/corpus/.stamp: tests/fuzz/gen_corpus.py
	rm -rf $(@D)
	python3 tests/fuzz/gen_corpus.py $(@D)
	touch $@

.PHONY: host-fuzz
host-fuzz: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/%) $(BUILD)/fuzz/corpus/.stamp

.PHONY: print-fuzz-targets
print-fuzz-targets:
	@echo $(FUZZ_TARGETS)
