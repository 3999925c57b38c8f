/* A program that touches the parts of the C library a port must get right:
 * stdio, malloc, strings, directories and signals.  Linked with no flags. */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void on_signal(int sig) { (void)sig; }

int main(int argc, char **argv)
{
	struct sigaction sa;
	DIR *d;
	char *s = malloc(64);

	if (s == NULL)
		return 1;
	strcpy(s, argc > 1 ? argv[1] : "world");
	printf("hello, %s (%zu)\n", s, strlen(s));
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL) != 0)
		perror("sigaction");
	d = opendir("/");
	if (d != NULL) {
		struct dirent *e;
		while ((e = readdir(d)) != NULL)
			puts(e->d_name);
		closedir(d);
	}
	free(s);
	return 0;
}
