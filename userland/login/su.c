/*
 * su: run a shell (or a command) as another user.
 *   su [-] [user [-c command]]
 * The user is root by default; "-" makes it a login shell: the user's home
 * as working directory, HOME, USER, LOGNAME and SHELL set, argv[0] "-sh".
 * su is set-user-ID root (userland/initrd.perms), so it can change ids
 * for anyone; it lets root become anyone, and others only become a user
 * whose password field in /etc/passwd is empty.  Breenix has no password
 * hashing yet, so every other account ("x", "*", "!") is locked to su:
 * "su: Authentication failure", exit status 1.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_GROUPS 32

__attribute__((noreturn)) static void die(const char *what)
{
	fprintf(stderr, "su: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* The user's supplementary groups: every group in /etc/group that names them. */
static int user_groups(const char *user, gid_t *groups)
{
	struct group *g;
	char **m;
	int n = 0;

	setgrent();
	while (n < MAX_GROUPS && (g = getgrent()) != NULL)
		for (m = g->gr_mem; *m != NULL && n < MAX_GROUPS; m++)
			if (strcmp(*m, user) == 0)
				groups[n++] = g->gr_gid;
	endgrent();
	return n;
}

static void become(const struct passwd *pw)
{
	gid_t groups[MAX_GROUPS];
	int n = user_groups(pw->pw_name, groups);

	/* Groups first: after setuid we may no longer change them. */
	if (setgroups(n, groups) != 0)
		die("setgroups");
	if (setgid(pw->pw_gid) != 0)
		die("setgid");
	if (setuid(pw->pw_uid) != 0)
		die("setuid");
}

static void set_env(const struct passwd *pw, const char *shell)
{
	setenv("HOME", pw->pw_dir, 1);
	setenv("SHELL", shell, 1);
	setenv("USER", pw->pw_name, 1);
	setenv("LOGNAME", pw->pw_name, 1);
}

int main(int argc, char **argv)
{
	const char *user = "root", *command = NULL, *shell;
	struct passwd *pw;
	int login = 0, i = 1;

	if (argv[i] != NULL && strcmp(argv[i], "-") == 0) {
		login = 1;
		i++;
	}
	if (argv[i] != NULL && argv[i][0] != '-')
		user = argv[i++];
	if (argv[i] != NULL && strcmp(argv[i], "-c") == 0 && argv[i + 1] != NULL) {
		command = argv[i + 1];
		i += 2;
	}
	if (i != argc) {
		fprintf(stderr, "usage: su [-] [user [-c command]]\n");
		return 2;
	}
	pw = getpwnam(user);
	if (pw == NULL) {
		fprintf(stderr, "su: user %s does not exist\n", user);
		return 1;
	}
	if (getuid() != 0 && pw->pw_passwd[0] != '\0') {
		fprintf(stderr, "su: Authentication failure\n");
		return 1;
	}
	shell = pw->pw_shell[0] != '\0' ? pw->pw_shell : "/bin/sh";
	become(pw);
	set_env(pw, shell);
	if (login && chdir(pw->pw_dir) != 0)
		die(pw->pw_dir);
	if (command != NULL)
		execl(shell, login ? "-sh" : "sh", "-c", command, (char *)NULL);
	else
		execl(shell, login ? "-sh" : "sh", (char *)NULL);
	die(shell);
}
