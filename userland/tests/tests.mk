# User test programs, installed in /tests.  On a test boot init runs each
# of USER_TESTS in turn (the list reaches it as TEST_PROGRAMS in tests.h);
# tests/harness/host_suite.sh runs the same programs on the build machine.
USER_TESTS := t_proc t_fs t_pipe t_tty t_signal

$(foreach t,$(USER_TESTS),$(eval $(call user_prog,$(t),userland/tests/$(t).c)))
INITRD_TESTS += $(USER_TESTS)

$(BUILD)/user/gen/tests.h: userland/tests/tests.mk
	@mkdir -p $(@D)
	echo '#define TEST_PROGRAMS $(foreach t,$(USER_TESTS),"$(t)",)' > $@
