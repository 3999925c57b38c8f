# Network commands (docs/net.md): fetch (also installed as wget), nc,
# httpd and ifconfig, in /bin.
$(eval $(call user_prog,fetch,userland/net/fetch.c))
$(eval $(call user_prog,wget,userland/net/fetch.c))
$(eval $(call user_prog,nc,userland/net/nc.c))
$(eval $(call user_prog,httpd,userland/net/httpd.c))
$(eval $(call user_prog,ifconfig,userland/net/ifconfig.c))
