# Network commands (docs/net.md): fetch (also installed as wget), nc, ping, getent,
# httpd and ifconfig, in /bin.
$(eval $(call user_prog,fetch,userland/net/fetch.c userland/coreutils/common.c))
$(eval $(call user_prog,wget,userland/net/fetch.c userland/coreutils/common.c))
$(eval $(call user_prog,nc,userland/net/nc.c userland/coreutils/common.c))
$(eval $(call user_prog,httpd,userland/net/httpd.c userland/coreutils/common.c))
$(eval $(call user_prog,ifconfig,userland/net/ifconfig.c))
$(eval $(call user_prog,ping,userland/net/ping.c))
$(eval $(call user_prog,getent,userland/net/getent.c))
