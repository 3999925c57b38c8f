# Host unit tests of pure kernel code (and of newlib-port/getopt.c), built
# with the host compiler under ASan and UBSan (docs/design.md,
# tests/host/htest.h).  `make host-tests` builds $(BUILD)/host-tests/unit
# from tests/host/*.c plus the kernel sources listed in HOST_TEST_KSRCS,
# runs it, and fails if any case fails; it also runs tools/check-arch.sh
# (the arch/ boundary).  tests/host/include holds host stand-ins for kernel
# headers (panic, arch) and for newlib's <getopt.h>.

HOST_TEST_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -MMD -MP \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
	-Itests/host/include -Itests/host -Ikernel/include
HOST_TEST_KSRCS := kernel/kern/multiboot2.c kernel/vm/vm_page.c kernel/vm/kheap.c
HOST_TEST_KSRCS += kernel/lib/vsnprintf.c kernel/lib/time.c kernel/dev/kbdmap.c kernel/kern/elf.c kernel/kern/cpio.c
HOST_TEST_KSRCS += kernel/dev/vt.c kernel/kern/cred.c
HOST_TEST_KSRCS += kernel/dev/acpi_tables.c kernel/dev/pci_cfg.c kernel/dev/virtio_caps.c kernel/dev/virtqueue.c kernel/dev/mbr.c kernel/dev/gpt.c kernel/dev/e1000_ring.c
HOST_TEST_SRCS := $(wildcard tests/host/*.c) $(HOST_TEST_KSRCS) newlib-port/getopt.c
HOST_TEST_OBJS := $(patsubst %.c,$(BUILD)/host-tests/obj/%.o,$(HOST_TEST_SRCS))

$(BUILD)/host-tests/obj/%.o: %.c
	@mkdir -p $(@D)
	$(HOSTCC) $(HOST_TEST_CFLAGS) -c -o $@ $<

# The kernel's printf would replace the C library's: build it under other names.
$(BUILD)/host-tests/obj/kernel/lib/vsnprintf.o: HOST_TEST_CFLAGS += \
	-Dvsnprintf=kvsnprintf -Dsnprintf=ksnprintf -Wno-format

# The C library's getopt (test_getopt.c holds it against the host's): under
# other names too.
$(BUILD)/host-tests/obj/newlib-port/getopt.o: HOST_TEST_CFLAGS += \
	-Dgetopt=ngetopt -Dgetopt_long=ngetopt_long -Dgetopt_long_only=ngetopt_long_only \
	-Doptarg=n_optarg -Doptind=n_optind -Dopterr=n_opterr -Doptopt=n_optopt

$(BUILD)/host-tests/unit: $(HOST_TEST_OBJS)
	@mkdir -p $(@D)
	$(HOSTCC) -fsanitize=address,undefined -o $@ $^

# check-arch.sh runs first: no register names in generic kernel code (docs/design.md).
host-tests: $(BUILD)/host-tests/unit
	tools/check-arch.sh --self-test
	tools/check-arch.sh
	$(BUILD)/host-tests/unit
