/* netdb.c: getaddrinfo and friends for AF_INET, without DNS: a name is a
 * numeric address, "localhost", or a line of /etc/hosts; a service is a
 * port number.  Answers are SOCK_STREAM/TCP and SOCK_DGRAM/UDP unless the
 * hints choose one.  EAI_* values are glibc's. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int h_errno;

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

/* The address for node (NULL: any or loopback): 0 or an EAI_* error. */
static int
resolve_host(const char *node, int flags, struct in_addr *out)
{
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
	return EAI_NONAME;
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
	static const int types[2][2] = { { SOCK_STREAM, IPPROTO_TCP }, { SOCK_DGRAM, IPPROTO_UDP } };
	int flags = hints ? hints->ai_flags : 0, family = hints ? hints->ai_family : AF_UNSPEC;
	int socktype = hints ? hints->ai_socktype : 0;
	struct addrinfo *head = NULL, **tail = &head;
	struct in_addr a;
	in_port_t port;
	int err, i;

	if (node == NULL && service == NULL)
		return EAI_NONAME;
	if (family != AF_UNSPEC && family != AF_INET)
		return EAI_FAMILY;
	if (socktype != 0 && socktype != SOCK_STREAM && socktype != SOCK_DGRAM &&
	    socktype != SOCK_RAW)
		return EAI_SOCKTYPE;
	if ((err = resolve_host(node, flags, &a)) != 0 ||
	    (err = resolve_port(service, flags, &port)) != 0)
		return err;
	for (i = 0; i < 2; i++) {
		struct addrinfo *ai;

		if (socktype != 0 && socktype != types[i][0])
			continue;
		ai = ai_new(a, port, types[i][0], types[i][1],
			    head == NULL && (flags & AI_CANONNAME) ? (node ? node : "localhost") : NULL);
		if (ai == NULL) {
			freeaddrinfo(head);
			return EAI_MEMORY;
		}
		*tail = ai;
		tail = &ai->ai_next;
	}
	if (head == NULL) /* SOCK_RAW: one answer, protocol 0 */
		head = ai_new(a, port, socktype, 0, NULL);
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
	static struct in_addr addr;
	static char *addrs[2] = { (char *)&addr, NULL };
	static char *aliases[1] = { NULL };
	static char hname[256];
	static struct hostent h = { hname, aliases, AF_INET, 4, addrs };

	if (resolve_host(name, 0, &addr) != 0) {
		h_errno = HOST_NOT_FOUND;
		return NULL;
	}
	snprintf(hname, sizeof(hname), "%s", name);
	return &h;
}
