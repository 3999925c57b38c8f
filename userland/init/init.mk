# init: process 1, installed as /sbin/init.
$(eval $(call user_prog,init,userland/init/init.c))
INITRD_SBIN += init

# init's list of test programs (userland/tests/tests.mk).
$(BUILD)/user/obj/userland/init/init.o $(BUILD)/host/obj/userland/init/init.o: \
	$(BUILD)/user/gen/tests.h
