# init: process 1, installed as /sbin/init; poweroff, reboot and halt end the system.
$(eval $(call user_prog,init,userland/init/init.c))
INITRD_SBIN += init
$(eval $(call user_prog,poweroff,userland/init/halt.c))
$(eval $(call user_prog,reboot,userland/init/halt.c))
$(eval $(call user_prog,halt,userland/init/halt.c))
INITRD_SBIN += poweroff reboot halt

# init's list of test programs (userland/tests/tests.mk).
$(BUILD)/user/obj/userland/init/init.o $(BUILD)/host/obj/userland/init/init.o: \
	$(BUILD)/user/gen/tests.h
