/* netdb.c: getaddrinfo and friends for AF_INET.  A name is a numeric
 * address, a line of /etc/hosts, "localhost", or else asked of DNS, in
 * glibc's order ("hosts: files dns"); a service is a port number.  Answers
 * are SOCK_STREAM/TCP, SOCK_DGRAM/UDP and SOCK_RAW unless the hints choose
 * one, as glibc's.
 * EAI_* values are glibc's.
 *
 * DNS is done here, in the C library, as glibc and musl do: the servers
 * come from /etc/resolv.conf ("nameserver" lines, up to 3, and "options
 * timeout:n attempts:n"; none: 127.0.0.1, as glibc), which init links to
 * the kernel's /proc/net/pnp (the servers of the DHCP lease).  One query
 * for the A records over a connected UDP socket to each server in turn,
 * each attempt waiting timeout seconds (5 and 2 attempts, glibc's
 * defaults).  Every A record of the answer is an address (a CNAME chain's
 * end included).  Not done: "search"/"domain" suffixes, TCP for a
 * truncated answer (the addresses that arrived are used), reverse
 * lookups, IPv6. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define RES_MAX_NS	3
#define RES_MAX_ADDRS	16
#define DNS_PORT	53
#define DNS_MSG_MAX	512	/* a UDP answer (no EDNS0) */
#define DNS_NAME_MAX	253
#define DNS_HDR		12

int h_errno;

struct res_conf {
	struct in_addr ns[RES_MAX_NS];
	int nns, timeout_ms, attempts;
};

/* /etc/resolv.conf: the nameservers and the options timeout: and attempts:. */
static void
res_conf_read(struct res_conf *rc)
{
	char line[512], *tok, *save, *v;
	FILE *f = fopen("/etc/resolv.conf", "r");

	rc->nns = 0;
	rc->timeout_ms = 5000;
	rc->attempts = 2;
	while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
		tok = strtok_r(line, " \t\r\n", &save);
		if (tok == NULL || *tok == '#' || *tok == ';')
			continue;
		if (strcmp(tok, "nameserver") == 0) {
			v = strtok_r(NULL, " \t\r\n", &save);
			if (v != NULL && rc->nns < RES_MAX_NS && inet_pton(AF_INET, v, &rc->ns[rc->nns]) == 1)
				rc->nns++;
		} else if (strcmp(tok, "options") == 0) {
			while ((v = strtok_r(NULL, " \t\r\n", &save)) != NULL) {
				if (strncmp(v, "timeout:", 8) == 0 && atoi(v + 8) >= 1)
					rc->timeout_ms = (atoi(v + 8) > 30 ? 30 : atoi(v + 8)) * 1000;
				else if (strncmp(v, "attempts:", 9) == 0 && atoi(v + 9) >= 1)
					rc->attempts = atoi(v + 9) > 5 ? 5 : atoi(v + 9);
			}
		}
	}
	if (f != NULL)
		fclose(f);
	if (rc->nns == 0) {
		rc->ns[0].s_addr = htonl(INADDR_LOOPBACK);
		rc->nns = 1;
	}
}

/* A query for name's A records into q: its length, or -1 for a name DNS cannot carry. */
static int
dns_query_build(const char *name, unsigned id, unsigned char *q)
{
	size_t len = strlen(name), i = 0, n = DNS_HDR, lab;

	if (len > 0 && name[len - 1] == '.')
		len--; /* "example.com." is absolute: the same question */
	if (len == 0 || len > DNS_NAME_MAX)
		return -1;
	memset(q, 0, DNS_HDR);
	q[0] = (unsigned char)(id >> 8);
	q[1] = (unsigned char)id;
	q[2] = 0x01; /* RD: recursion desired */
	q[5] = 1;    /* one question */
	while (i < len) {
		for (lab = 0; i + lab < len && name[i + lab] != '.'; lab++)
			;
		if (lab == 0 || lab > 63)
			return -1;
		q[n++] = (unsigned char)lab;
		memcpy(q + n, name + i, lab);
		n += lab;
		i += lab + 1;
	}
	q[n++] = 0;
	q[n++] = 0; q[n++] = 1; /* QTYPE A */
	q[n++] = 0; q[n++] = 1; /* QCLASS IN */
	return (int)n;
}

/* The offset just past the (possibly compressed) name at off, or -1 if it leaves the message. */
static int
dns_skip_name(const unsigned char *m, int len, int off)
{
	while (off < len) {
		if (m[off] == 0)
			return off + 1;
		if ((m[off] & 0xc0) == 0xc0)
			return off + 2 <= len ? off + 2 : -1;
		if (m[off] & 0xc0)
			return -1;
		off += 1 + m[off];
	}
	return -1;
}

/* The A records of answer m to query id into out (up to max): 0, an EAI_* error, or 1 if m is not the answer. */
static int
dns_answer_parse(const unsigned char *m, int len, unsigned id, struct in_addr *out, int max,
		 int *count)
{
	int off, qd, an, rcode, i;

	*count = 0;
	if (len < DNS_HDR || ((unsigned)m[0] << 8 | m[1]) != id || !(m[2] & 0x80))
		return 1;               /* not an answer to this query */
	rcode = m[3] & 0x0f;
	if (rcode == 3)
		return EAI_NONAME;      /* NXDOMAIN */
	if (rcode == 2)
		return EAI_AGAIN;       /* SERVFAIL */
	if (rcode != 0)
		return EAI_FAIL;
	qd = m[4] << 8 | m[5];
	an = m[6] << 8 | m[7];
	off = DNS_HDR;
	for (i = 0; i < qd && off >= 0; i++)
		if ((off = dns_skip_name(m, len, off)) >= 0)
			off += 4;
	for (i = 0; i < an && off >= 0 && off <= len; i++) {
		int type, class, rdlen;

		off = dns_skip_name(m, len, off);
		if (off < 0 || off + 10 > len)
			break;
		type = m[off] << 8 | m[off + 1];
		class = m[off + 2] << 8 | m[off + 3];
		rdlen = m[off + 8] << 8 | m[off + 9];
		off += 10;
		if (off + rdlen > len)
			break;
		if (type == 1 && class == 1 && rdlen == 4 && *count < max)
			memcpy(&out[(*count)++], m + off, 4);
		off += rdlen;
	}
	return *count > 0 ? 0 : EAI_NONAME; /* the name exists, without an IPv4 address */
}

static unsigned
dns_id(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned)(ts.tv_nsec ^ (ts.tv_sec << 8) ^ getpid()) & 0xffff;
}

/* One exchange with server ns: 0 (answer parsed), an EAI_* error, or 1 for no answer in time. */
static int
dns_ask(struct in_addr ns, const unsigned char *q, int qlen, unsigned id, int timeout_ms,
	struct in_addr *out, int max, int *count)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(DNS_PORT), .sin_addr = ns };
	unsigned char r[DNS_MSG_MAX];
	struct pollfd pfd;
	struct timespec t0, t1;
	int s, n, err = 1, left = timeout_ms;

	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return EAI_SYSTEM;
	if (connect(s, (struct sockaddr *)&sin, sizeof(sin)) != 0 || send(s, q, (size_t)qlen, 0) != qlen)
		goto out; /* no route: as no answer */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (left > 0) {
		pfd = (struct pollfd){ .fd = s, .events = POLLIN };
		if (poll(&pfd, 1, left) <= 0)
			break;
		n = (int)recv(s, r, sizeof(r), 0);
		if (n > 0 && (err = dns_answer_parse(r, n, id, out, max, count)) != 1)
			break;  /* the answer to this query (a stray datagram: wait on) */
		if (n < 0)
			break;  /* refused (ICMP): the next server */
		err = 1;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		left = timeout_ms - (int)((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000);
	}
out:
	close(s);
	return err;
}

/* name's IPv4 addresses from DNS: 0 or an EAI_* error. */
static int
dns_lookup(const char *name, struct in_addr *out, int max, int *count)
{
	unsigned char q[DNS_NAME_MAX + DNS_HDR + 8];
	struct res_conf rc;
	unsigned id = dns_id();
	int qlen = dns_query_build(name, id, q), a, i, err;

	if (qlen < 0)
		return EAI_NONAME;
	res_conf_read(&rc);
	for (a = 0; a < rc.attempts; a++)
		for (i = 0; i < rc.nns; i++) {
			err = dns_ask(rc.ns[i], q, qlen, id, rc.timeout_ms, out, max, count);
			if (err == 0 || err == EAI_NONAME)
				return err; /* else (no answer, SERVFAIL, REFUSED) the next server */
		}
	return err == EAI_FAIL ? EAI_FAIL : EAI_AGAIN;
}

/* Look name up in /etc/hosts (IPv4 lines only): 1 and the address, or 0. */
static int
hosts_lookup(const char *name, struct in_addr *out)
{
	char line[512], *tok, *save;
	struct in_addr a;
	FILE *f = fopen("/etc/hosts", "r");
	int found = 0;

	if (f == NULL)
		return 0;
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		char *hash = strchr(line, '#');

		if (hash != NULL)
			*hash = '\0';
		tok = strtok_r(line, " \t\r\n", &save);
		if (tok == NULL || inet_pton(AF_INET, tok, &a) != 1)
			continue;
		while ((tok = strtok_r(NULL, " \t\r\n", &save)) != NULL) {
			if (strcasecmp(tok, name) == 0) {
				*out = a;
				found = 1;
				break;
			}
		}
	}
	fclose(f);
	return found;
}

/* The addresses for node (NULL: any or loopback), up to max: 0 or an EAI_* error. */
static int
resolve_host(const char *node, int flags, struct in_addr *out, int max, int *count)
{
	*count = 1;
	if (node == NULL) {
		out->s_addr = htonl((flags & AI_PASSIVE) ? INADDR_ANY : INADDR_LOOPBACK);
		return 0;
	}
	if (inet_pton(AF_INET, node, out) == 1)
		return 0;
	if (flags & AI_NUMERICHOST)
		return EAI_NONAME;
	if (hosts_lookup(node, out))
		return 0;
	if (strcasecmp(node, "localhost") == 0) {
		out->s_addr = htonl(INADDR_LOOPBACK);
		return 0;
	}
	return dns_lookup(node, out, max, count);
}

static int
resolve_port(const char *service, int flags, in_port_t *out)
{
	char *end;
	unsigned long v;

	if (service == NULL) {
		*out = 0;
		return 0;
	}
	v = strtoul(service, &end, 10);
	if (*service == '\0' || *end != '\0' || v > 65535) {
		(void)flags; /* no /etc/services: a name is never found */
		return EAI_SERVICE;
	}
	*out = htons((in_port_t)v);
	return 0;
}

static struct addrinfo *
ai_new(struct in_addr a, in_port_t port, int socktype, int protocol, const char *canon)
{
	struct addrinfo *ai = calloc(1, sizeof(*ai) + sizeof(struct sockaddr_in));
	struct sockaddr_in *sin;

	if (ai == NULL)
		return NULL;
	sin = (struct sockaddr_in *)(ai + 1);
	sin->sin_family = AF_INET;
	sin->sin_port = port;
	sin->sin_addr = a;
	ai->ai_family = AF_INET;
	ai->ai_socktype = socktype;
	ai->ai_protocol = protocol;
	ai->ai_addrlen = sizeof(*sin);
	ai->ai_addr = (struct sockaddr *)sin;
	if (canon != NULL && (ai->ai_canonname = strdup(canon)) == NULL) {
		free(ai);
		return NULL;
	}
	return ai;
}

int
getaddrinfo(const char *restrict node, const char *restrict service,
	    const struct addrinfo *restrict hints, struct addrinfo **restrict res)
{
	/* As glibc: without a socket type in the hints, one answer each for TCP, UDP and raw. */
	static const int types[3][2] = { { SOCK_STREAM, IPPROTO_TCP }, { SOCK_DGRAM, IPPROTO_UDP },
					 { SOCK_RAW, 0 } };
	int flags = hints ? hints->ai_flags : 0, family = hints ? hints->ai_family : AF_UNSPEC;
	int socktype = hints ? hints->ai_socktype : 0;
	struct addrinfo *head = NULL, **tail = &head;
	struct in_addr a[RES_MAX_ADDRS];
	in_port_t port;
	int err, i, j, na;

	if (node == NULL && service == NULL)
		return EAI_NONAME;
	if (family != AF_UNSPEC && family != AF_INET)
		return EAI_FAMILY;
	if (socktype != 0 && socktype != SOCK_STREAM && socktype != SOCK_DGRAM &&
	    socktype != SOCK_RAW)
		return EAI_SOCKTYPE;
	if ((err = resolve_port(service, flags, &port)) != 0 ||
	    (err = resolve_host(node, flags, a, RES_MAX_ADDRS, &na)) != 0)
		return err;
	for (j = 0; j < na; j++)
		for (i = 0; i < 3; i++) {
			struct addrinfo *ai;

			if (socktype != 0 && socktype != types[i][0])
				continue;
			ai = ai_new(a[j], port, types[i][0], types[i][1],
				    head == NULL && (flags & AI_CANONNAME) ? (node ? node : "localhost")
									   : NULL);
			if (ai == NULL) {
				freeaddrinfo(head);
				return EAI_MEMORY;
			}
			*tail = ai;
			tail = &ai->ai_next;
		}
	if (head == NULL)
		return EAI_MEMORY;
	*res = head;
	return 0;
}

void
freeaddrinfo(struct addrinfo *res)
{
	while (res != NULL) {
		struct addrinfo *next = res->ai_next;

		free(res->ai_canonname);
		free(res);
		res = next;
	}
}

const char *
gai_strerror(int errcode)
{
	switch (errcode) {
	case 0: return "Success";
	case EAI_BADFLAGS: return "Bad value for ai_flags";
	case EAI_NONAME: return "Name or service not known";
	case EAI_AGAIN: return "Temporary failure in name resolution";
	case EAI_FAIL: return "Non-recoverable failure in name resolution";
	case EAI_FAMILY: return "ai_family not supported";
	case EAI_SOCKTYPE: return "ai_socktype not supported";
	case EAI_SERVICE: return "Servname not supported for ai_socktype";
	case EAI_MEMORY: return "Memory allocation failure";
	case EAI_SYSTEM: return "System error";
	case EAI_OVERFLOW: return "Argument buffer overflow";
	default: return "Unknown error";
	}
}

/* Numeric answers only (there is no reverse lookup without DNS), as NI_NUMERICHOST|NI_NUMERICSERV. */
int
getnameinfo(const struct sockaddr *restrict sa, socklen_t salen, char *restrict host,
	    socklen_t hostlen, char *restrict serv, socklen_t servlen, int flags)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)sa;

	if (sa == NULL || salen < sizeof(*sin) || sa->sa_family != AF_INET)
		return EAI_FAMILY;
	if (flags & NI_NAMEREQD)
		return EAI_NONAME;
	if (host != NULL && hostlen > 0 &&
	    inet_ntop(AF_INET, &sin->sin_addr, host, hostlen) == NULL)
		return EAI_OVERFLOW;
	if (serv != NULL && servlen > 0 &&
	    snprintf(serv, servlen, "%u", ntohs(sin->sin_port)) >= (int)servlen)
		return EAI_OVERFLOW;
	return 0;
}

struct hostent *
gethostbyname(const char *name)
{
	static struct in_addr addr[RES_MAX_ADDRS];
	static char *addrs[RES_MAX_ADDRS + 1];
	static char *aliases[1] = { NULL };
	static char hname[256];
	static struct hostent h = { hname, aliases, AF_INET, 4, addrs };
	int err, n, i;

	if (name == NULL) {
		h_errno = HOST_NOT_FOUND;
		return NULL;
	}
	if ((err = resolve_host(name, 0, addr, RES_MAX_ADDRS, &n)) != 0) {
		h_errno = err == EAI_AGAIN ? TRY_AGAIN : err == EAI_NONAME ? HOST_NOT_FOUND : NO_RECOVERY;
		return NULL;
	}
	for (i = 0; i < n; i++)
		addrs[i] = (char *)&addr[i];
	addrs[n] = NULL;
	snprintf(hname, sizeof(hname), "%s", name);
	return &h;
}
