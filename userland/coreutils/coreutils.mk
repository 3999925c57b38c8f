# coreutils: the everyday commands, installed in /bin.  Each tool is one
# file, built with the shared helpers in common.c (and tree.c for the ones
# that copy or remove whole trees).  "[" is test under its other name.
CU := userland/coreutils

CU_TOOLS := cat echo ls mkdir rmdir ln touch pwd true false sleep basename \
	dirname wc head tail uname env kill ps free uptime id clear date \
	printf seq yes tee tr cut sort uniq stat chmod test expr which du df \
	od hexdump grep find xargs more edit mount umount cksum nproc nice renice
CU_TREE_TOOLS := rm cp mv

$(foreach t,$(CU_TOOLS),$(eval $(call user_prog,$(t),$(CU)/$(t).c $(CU)/common.c)))
$(foreach t,$(CU_TREE_TOOLS),\
	$(eval $(call user_prog,$(t),$(CU)/$(t).c $(CU)/common.c $(CU)/tree.c)))
$(eval $(call user_prog,[,$(CU)/test.c $(CU)/common.c))
