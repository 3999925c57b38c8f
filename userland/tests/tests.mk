# User test programs, installed in /tests.  On a test boot init runs each
# of USER_TESTS in turn (the list reaches it as TEST_PROGRAMS in tests.h);
# tests/harness/host_suite.sh runs the same programs on the build machine.
USER_TESTS := t_proc t_fs t_pipe t_tty t_signal t_misc t_perm t_vm t_open t_create t_cpu t_fuzz t_lock t_pty t_blk t_sock t_thread t_libc t_getopt t_sys3 t_sys2 t_pthread t_ext2 t_inet t_timer t_ipc t_repeat

$(foreach t,$(USER_TESTS),$(eval $(call user_prog,$(t),userland/tests/$(t).c)))
INITRD_TESTS += $(USER_TESTS)

# Test scripts run on Breenix by its own shell (installed in /tests as
# <name>.sh, run as "sh /tests/<name>.sh ARG"): the shell's and the
# coreutils' suites, which also run on the host.
TEST_SCRIPTS := sh:userland/sh/tests/run.sh:/bin/sh coreutils:userland/coreutils/tests/run.sh:/bin
INITRD_EXTRA += $(foreach s,$(TEST_SCRIPTS),$(word 2,$(subst :, ,$(s)))=tests/$(word 1,$(subst :, ,$(s))).sh)

# EXTRA_TESTS: programs other fragments put in /tests (userland/glibc/glibc.mk,
# read before this file).  A stamp holding the list rebuilds tests.h when it
# changes, also by a USER_TESTS=... on the command line.
TESTS_STAMP := $(BUILD)/user/gen/tests.list
$(shell mkdir -p $(BUILD)/user/gen && { echo '$(USER_TESTS) $(EXTRA_TESTS)' | \
	cmp -s - $(TESTS_STAMP) || echo '$(USER_TESTS) $(EXTRA_TESTS)' > $(TESTS_STAMP); })
$(BUILD)/user/gen/tests.h: $(TESTS_STAMP) userland/tests/tests.mk
	@mkdir -p $(@D)
	{ echo '#define TEST_PROGRAMS $(foreach t,$(USER_TESTS) $(EXTRA_TESTS),"$(t)",)'; \
	  echo '#define TEST_SCRIPTS $(foreach s,$(TEST_SCRIPTS),{ "/tests/$(word 1,$(subst :, ,$(s))).sh", "$(word 3,$(subst :, ,$(s)))" },)'; } > $@

# fsync_load: not a test of its own but the guest's workload for the power-cut
# test (tests/harness/powercut.py), in /tests on every image.
$(eval $(call user_prog,fsync_load,userland/tests/fsync_load.c))
INITRD_TESTS += fsync_load
