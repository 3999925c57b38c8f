/*
 * getent: entries from the name databases, as glibc's; here only hosts
 * and ahosts (through getaddrinfo: /etc/hosts, then DNS).
 *
 *   getent hosts NAME...     "ADDRESS NAME" for the first address of each
 *   getent ahosts NAME...    every address, with its socket type
 *
 * Exit status as glibc's: 0 all found, 1 bad arguments, 2 a name not found.
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static int show(const char *db, const char *name)
{
	struct addrinfo hints = { .ai_family = AF_INET }, *res, *ai;
	bool all = strcmp(db, "ahosts") == 0;
	char a[INET_ADDRSTRLEN];
	int err;

	hints.ai_socktype = all ? 0 : SOCK_STREAM;
	hints.ai_flags = AI_CANONNAME;
	if ((err = getaddrinfo(name, NULL, &hints, &res)) != 0)
		return 2;
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		inet_ntop(AF_INET, &((struct sockaddr_in *)ai->ai_addr)->sin_addr, a, sizeof(a));
		if (!all) {
			printf("%-15s %s\n", a, name);
			break;
		}
		printf("%-15s %s %s\n", a, ai->ai_socktype == SOCK_STREAM ? "STREAM" :
		       ai->ai_socktype == SOCK_DGRAM ? "DGRAM " : "RAW   ",
		       ai == res && ai->ai_canonname != NULL ? ai->ai_canonname : "");
	}
	freeaddrinfo(res);
	return 0;
}

int main(int argc, char **argv)
{
	int i, rc = 0;

	if (argc < 3 || (strcmp(argv[1], "hosts") != 0 && strcmp(argv[1], "ahosts") != 0)) {
		fprintf(stderr, "usage: getent hosts|ahosts NAME...\n");
		return 1;
	}
	for (i = 2; i < argc; i++)
		if (show(argv[1], argv[i]) != 0)
			rc = 2;
	return rc;
}
