/*
 * ifconfig: show or set network interfaces (Linux's SIOCGIFADDR ioctls).
 *
 *   ifconfig                   every interface: flags, address, netmask, MAC
 *   ifconfig IF                one interface
 *   ifconfig IF up|down        bring it up (on Breenix: and start DHCP) or down
 *   ifconfig IF ADDR [netmask MASK]
 *                              a static address (DHCP stops), and bring it up
 *   ifconfig IF wait SECONDS   wait until IF has an address (exit 1 if it never comes)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static int sock;

static int req(const char *name, unsigned long cmd, struct ifreq *r)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->ifr_name, sizeof(r->ifr_name), "%s", name);
	return ioctl(sock, cmd, r);
}

static int addr_of(const char *name, unsigned long cmd, char *out, size_t n)
{
	struct ifreq r;

	if (req(name, cmd, &r) != 0)
		return -1;
	inet_ntop(AF_INET, &((struct sockaddr_in *)&r.ifr_addr)->sin_addr, out, (socklen_t)n);
	return 0;
}

static int show(const char *name)
{
	char a[INET_ADDRSTRLEN], m[INET_ADDRSTRLEN];
	unsigned char *h;
	struct ifreq r;
	short f;

	if (req(name, SIOCGIFFLAGS, &r) != 0)
		return -1;
	f = r.ifr_flags;
	printf("%s: flags=%d<%s%s%s%s>\n", name, f, f & IFF_UP ? "UP" : "DOWN",
	       f & IFF_BROADCAST ? ",BROADCAST" : "", f & IFF_LOOPBACK ? ",LOOPBACK" : "",
	       f & IFF_RUNNING ? ",RUNNING" : "");
	if (addr_of(name, SIOCGIFADDR, a, sizeof(a)) == 0 &&
	    addr_of(name, SIOCGIFNETMASK, m, sizeof(m)) == 0)
		printf("        inet %s  netmask %s\n", a, m);
	if (req(name, SIOCGIFHWADDR, &r) == 0 && !(f & IFF_LOOPBACK)) {
		h = (unsigned char *)r.ifr_hwaddr.sa_data;
		printf("        ether %02x:%02x:%02x:%02x:%02x:%02x\n", h[0], h[1], h[2], h[3], h[4],
		       h[5]);
	}
	return 0;
}

static int wait_addr(const char *name, int secs)
{
	char a[INET_ADDRSTRLEN];
	int i;

	for (i = 0; i <= secs * 10; i++) {
		if (addr_of(name, SIOCGIFADDR, a, sizeof(a)) == 0) {
			printf("%s: inet %s\n", name, a);
			return 0;
		}
		usleep(100000);
	}
	fprintf(stderr, "ifconfig: %s: no address after %d s\n", name, secs);
	return 1;
}

static int set_one(const char *name, unsigned long cmd, const char *text)
{
	struct sockaddr_in *sin;
	struct ifreq r;

	memset(&r, 0, sizeof(r));
	snprintf(r.ifr_name, sizeof(r.ifr_name), "%s", name);
	sin = (struct sockaddr_in *)&r.ifr_addr;
	sin->sin_family = AF_INET;
	if (inet_pton(AF_INET, text, &sin->sin_addr) != 1) {
		fprintf(stderr, "ifconfig: %s: not an IPv4 address\n", text);
		return 1;
	}
	if (ioctl(sock, cmd, &r) != 0) {
		fprintf(stderr, "ifconfig: %s: %s\n", name, strerror(errno));
		return 1;
	}
	return 0;
}

/* ifconfig IF ADDR [netmask MASK]: the address, the mask, then up. */
static int set_addr(int argc, char **argv)
{
	struct ifreq r;

	if (argc != 3 && !(argc == 5 && strcmp(argv[3], "netmask") == 0)) {
		fprintf(stderr, "usage: ifconfig IF ADDR [netmask MASK]\n");
		return 2;
	}
	if (set_one(argv[1], SIOCSIFADDR, argv[2]) != 0 ||
	    (argc == 5 && set_one(argv[1], SIOCSIFNETMASK, argv[4]) != 0))
		return 1;
	if (req(argv[1], SIOCGIFFLAGS, &r) != 0)
		return 1;
	r.ifr_flags = (short)(r.ifr_flags | IFF_UP);
	if (ioctl(sock, SIOCSIFFLAGS, &r) != 0) {
		fprintf(stderr, "ifconfig: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const char *const all[] = { "lo", "eth0", "eth1", "eth2", "eth3" };
	struct ifreq r;
	unsigned i;

	sock = socket(AF_INET, SOCK_DGRAM, 0);
	if (sock < 0) {
		perror("ifconfig: socket");
		return 1;
	}
	if (argc == 1) {
		for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
			show(all[i]);
		return 0;
	}
	if (argc == 2) {
		if (show(argv[1]) != 0) {
			fprintf(stderr, "ifconfig: %s: %s\n", argv[1], strerror(errno));
			return 1;
		}
		return 0;
	}
	if (argc == 4 && strcmp(argv[2], "wait") == 0)
		return wait_addr(argv[1], atoi(argv[3]));
	if (argc == 3 && (strcmp(argv[2], "up") == 0 || strcmp(argv[2], "down") == 0)) {
		if (req(argv[1], SIOCGIFFLAGS, &r) != 0) {
			fprintf(stderr, "ifconfig: %s: %s\n", argv[1], strerror(errno));
			return 1;
		}
		r.ifr_flags = strcmp(argv[2], "up") == 0 ? (short)(r.ifr_flags | IFF_UP)
							 : (short)(r.ifr_flags & ~IFF_UP);
		if (ioctl(sock, SIOCSIFFLAGS, &r) != 0) {
			fprintf(stderr, "ifconfig: %s: %s\n", argv[1], strerror(errno));
			return 1;
		}
		return 0;
	}
	if (argc >= 3 && strchr(argv[2], '.') != NULL)
		return set_addr(argc, argv);
	fprintf(stderr, "usage: ifconfig [IF [up|down|wait SECONDS|ADDR [netmask MASK]]]\n");
	return 2;
}
