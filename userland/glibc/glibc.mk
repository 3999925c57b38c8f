# Statically linked programs of the host's C libraries, glibc (gcc -static)
# and musl (musl-gcc, package musl-tools), whose own pthreads run on
# Breenix's clone and futex: Linux binaries as they come, no newlib.  They
# go in /tests and the test boot runs them as it runs USER_TESTS (they
# print PASS:/FAIL: lines); they also run as they are on the host.
# Built with the host's compilers, so they depend on no cross toolchain.
LIBC_TEST_SRCS := pthread_mutex pthread_fork pthread_exec
MUSL_GCC := $(shell command -v musl-gcc 2>/dev/null)
LIBC_TESTS := $(addprefix g_,$(LIBC_TEST_SRCS)) \
	$(if $(MUSL_GCC),$(addprefix m_,$(LIBC_TEST_SRCS)))
LIBC_TEST_CFLAGS := -static -pthread -O2 -Wall -Wextra -Werror -s

$(BUILD)/libc-tests/g_%: userland/glibc/g_%.c userland/glibc/g_common.h
	@mkdir -p $(@D)
	$(HOSTCC) $(LIBC_TEST_CFLAGS) -DLIBC_NAME='"glibc"' -o $@ $<

$(BUILD)/libc-tests/m_%: userland/glibc/g_%.c userland/glibc/g_common.h
	@mkdir -p $(@D)
	$(MUSL_GCC) $(LIBC_TEST_CFLAGS) -DLIBC_NAME='"musl"' -o $@ $<

INITRD_EXTRA += $(foreach t,$(LIBC_TESTS),$(BUILD)/libc-tests/$(t)=tests/$(t))
EXTRA_TESTS += $(LIBC_TESTS)
libc-tests: $(addprefix $(BUILD)/libc-tests/,$(LIBC_TESTS))
.PHONY: libc-tests
print-libc-tests:
	@echo $(LIBC_TESTS)
.PHONY: print-libc-tests
