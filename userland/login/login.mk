# su: become another user (set-user-ID root in the image: userland/initrd.perms).
$(eval $(call user_prog,su,userland/login/su.c))
