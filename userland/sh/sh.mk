# sh: the shell, installed as /bin/sh.
SH_SRCS := $(addprefix userland/sh/,main.c parse.c expand.c exec.c jobs.c builtins.c vars.c \
	lineedit.c util.c ulimit.c)
$(eval $(call user_prog,sh,$(SH_SRCS)))
