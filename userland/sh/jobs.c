/*
 * jobs.c: jobs.  A job is a pipeline's processes in one process group.
 * An interactive shell gives the terminal to the foreground job
 * (tcsetpgrp) and takes it back when the job ends or stops (^Z); a
 * stopped or background job stays in the table until it is done, which
 * is reported before the next prompt.  Without job control (scripts,
 * subshells) the processes stay in the shell's group and are waited for
 * one by one.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "sh.h"

#define MAX_JOBS 64
#define MAX_PROCS 64

enum pstate { P_RUNNING, P_STOPPED, P_DONE };

struct job {
	int id;
	pid_t pgid;                     /* 0: no job control */
	pid_t pids[MAX_PROCS];
	enum pstate state[MAX_PROCS];
	int status[MAX_PROCS];
	int n;
	char *cmd;
	bool background;
};

static struct job *jobs[MAX_JOBS];
static int current, previous;      /* ids for %+ and %- */
static struct termios shell_tmodes;

void jobs_init(void)
{
	tcgetattr(0, &shell_tmodes);
}

struct job *job_new(pid_t pgid, const char *cmd)
{
	struct job *j = xmalloc(sizeof(*j));
	int i;

	memset(j, 0, sizeof(*j));
	j->pgid = pgid;
	j->cmd = xstrdup(cmd);
	for (i = 1; i < MAX_JOBS && jobs[i] != NULL; i++)
		;
	if (i < MAX_JOBS) {
		j->id = i;
		jobs[i] = j;
	}
	return j;
}

void job_add_pid(struct job *j, pid_t pid)
{
	if (j->n < MAX_PROCS) {
		j->pids[j->n] = pid;
		j->state[j->n++] = P_RUNNING;
	}
}

void job_set_pgid(struct job *j, pid_t pgid)
{
	j->pgid = pgid;
}

static void job_free(struct job *j)
{
	if (j->id > 0 && jobs[j->id] == j)
		jobs[j->id] = NULL;
	if (current == j->id)
		current = previous, previous = 0;
	else if (previous == j->id)
		previous = 0;
	free(j->cmd);
	free(j);
}

static void make_current(struct job *j)
{
	if (current != j->id) {
		previous = current;
		current = j->id;
	}
}

/* Record what waitpid said about pid; false if it is not in j. */
static bool job_update(struct job *j, pid_t pid, int st)
{
	int i;

	for (i = 0; i < j->n; i++) {
		if (j->pids[i] != pid)
			continue;
		if (WIFSTOPPED(st)) {
			j->state[i] = P_STOPPED;
		} else if (WIFCONTINUED(st)) {
			j->state[i] = P_RUNNING;
		} else {
			j->state[i] = P_DONE;
			j->status[i] = st;
		}
		return true;
	}
	return false;
}

static bool all(const struct job *j, enum pstate s)
{
	int i;

	for (i = 0; i < j->n; i++)
		if (j->state[i] != s && !(s == P_STOPPED && j->state[i] == P_DONE))
			return false;
	return true;
}

static bool any(const struct job *j, enum pstate s)
{
	int i;

	for (i = 0; i < j->n; i++)
		if (j->state[i] == s)
			return true;
	return false;
}

/* $? of a finished job: its last process's status. */
static int exit_code(int st)
{
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void report_signal(int st)
{
	if (!WIFSIGNALED(st))
		return;
	switch (WTERMSIG(st)) {
	case SIGINT: fputs("\n", stderr); break;
	case SIGPIPE: break;
	case SIGKILL: fputs("Killed\n", stderr); break;
	case SIGTERM: fputs("Terminated\n", stderr); break;
	case SIGSEGV: fputs("Segmentation fault\n", stderr); break;
	case SIGQUIT: fputs("Quit\n", stderr); break;
	default: fprintf(stderr, "Killed by signal %d\n", WTERMSIG(st)); break;
	}
}

int job_wait_fg(struct shell *sh, struct job *j)
{
	bool jc = j->pgid > 0;
	int st, code, i;
	pid_t pid;

	if (jc && sh->interactive && !sh->in_child)
		tcsetpgrp(0, j->pgid);
	for (i = 0; !jc && i < j->n; i++) {
		while ((pid = waitpid(j->pids[i], &st, 0)) < 0 && errno == EINTR)
			;
		job_update(j, j->pids[i], pid < 0 ? 0 : st);
	}
	while (jc && !all(j, P_DONE) && !(any(j, P_STOPPED) && !any(j, P_RUNNING))) {
		pid = waitpid(-j->pgid, &st, WUNTRACED);
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			break; /* ECHILD: nothing left to wait for */
		}
		job_update(j, pid, st);
	}
	if (jc && sh->interactive && !sh->in_child) {
		tcsetpgrp(0, sh->pgid);
		tcsetattr(0, TCSADRAIN, &shell_tmodes);
	}
	if (any(j, P_STOPPED) && !all(j, P_DONE)) {
		j->background = true;
		make_current(j);
		fprintf(stderr, "\n[%d]+  Stopped                 %s\n", j->id, j->cmd);
		return 128 + SIGTSTP;
	}
	code = exit_code(j->status[j->n - 1]);
	if (sh->interactive)
		report_signal(j->status[j->n - 1]);
	job_free(j);
	return code;
}

void job_background(struct shell *sh, struct job *j)
{
	j->background = true;
	make_current(j);
	sh->last_bg_pid = j->pids[j->n - 1];
	if (sh->interactive && !sh->in_child)
		fprintf(stderr, "[%d] %d\n", j->id, (int)sh->last_bg_pid);
}

void jobs_notify(struct shell *sh)
{
	int id, st;
	pid_t pid;

	while ((pid = waitpid(-1, &st, WNOHANG | WUNTRACED | WCONTINUED)) > 0)
		for (id = 1; id < MAX_JOBS; id++)
			if (jobs[id] != NULL && job_update(jobs[id], pid, st))
				break;
	for (id = 1; id < MAX_JOBS; id++) {
		struct job *j = jobs[id];

		if (j == NULL || !j->background || !all(j, P_DONE))
			continue;
		if (sh->interactive) {
			int code = exit_code(j->status[j->n - 1]);

			if (code == 0)
				fprintf(stderr, "[%d]%c  Done                    %s\n", j->id,
					id == current ? '+' : '-', j->cmd);
			else
				fprintf(stderr, "[%d]%c  Exit %-18d %s\n", j->id,
					id == current ? '+' : '-', code, j->cmd);
		}
		job_free(j);
	}
}

static struct job *job_find(const char *spec)
{
	int id;

	if (spec == NULL || strcmp(spec, "%+") == 0 || strcmp(spec, "%%") == 0 ||
	    strcmp(spec, "%") == 0)
		return current > 0 ? jobs[current] : NULL;
	if (strcmp(spec, "%-") == 0)
		return previous > 0 ? jobs[previous] : NULL;
	if (spec[0] == '%' && spec[1] >= '0' && spec[1] <= '9') {
		id = atoi(spec + 1);
		return id > 0 && id < MAX_JOBS ? jobs[id] : NULL;
	}
	if (spec[0] == '%') {
		for (id = 1; id < MAX_JOBS; id++)
			if (jobs[id] != NULL && strncmp(jobs[id]->cmd, spec + 1, strlen(spec + 1)) == 0)
				return jobs[id];
		return NULL;
	}
	for (id = 1; id < MAX_JOBS; id++) {
		int i;

		for (i = 0; jobs[id] != NULL && i < jobs[id]->n; i++)
			if (jobs[id]->pids[i] == (pid_t)atoi(spec))
				return jobs[id];
	}
	return NULL;
}

pid_t job_spec_pgid(const char *spec)
{
	struct job *j = job_find(spec);

	return j != NULL ? (j->pgid > 0 ? j->pgid : j->pids[0]) : -1;
}

int builtin_jobs(struct shell *sh, char **argv)
{
	int id;

	(void)argv;
	jobs_notify(sh);
	for (id = 1; id < MAX_JOBS; id++) {
		struct job *j = jobs[id];

		if (j == NULL || !j->background)
			continue;
		printf("[%d]%c  %-22s  %s%s\n", id, id == current ? '+' : id == previous ? '-' : ' ',
		       any(j, P_STOPPED) && !any(j, P_RUNNING) ? "Stopped" : "Running", j->cmd,
		       any(j, P_RUNNING) ? " &" : "");
	}
	return 0;
}

static struct job *job_arg(const char *name, char **argv)
{
	struct job *j = job_find(argv[1]);

	if (j == NULL)
		fprintf(stderr, "sh: %s: %s: no such job\n", name, argv[1] != NULL ? argv[1] : "current");
	return j;
}

static void job_continue(struct job *j)
{
	int i;

	for (i = 0; i < j->n; i++)
		if (j->state[i] == P_STOPPED)
			j->state[i] = P_RUNNING;
	kill(j->pgid > 0 ? -j->pgid : j->pids[0], SIGCONT);
}

int builtin_fg(struct shell *sh, char **argv)
{
	struct job *j = job_arg("fg", argv);

	if (j == NULL)
		return 1;
	printf("%s\n", j->cmd);
	fflush(stdout);
	j->background = false;
	if (sh->interactive)
		tcsetpgrp(0, j->pgid);
	job_continue(j);
	return job_wait_fg(sh, j);
}

int builtin_bg(struct shell *sh, char **argv)
{
	struct job *j = job_arg("bg", argv);

	(void)sh;
	if (j == NULL)
		return 1;
	job_continue(j);
	j->background = true;
	make_current(j);
	printf("[%d]+ %s &\n", j->id, j->cmd);
	return 0;
}

int builtin_wait(struct shell *sh, char **argv)
{
	int id, code = 0;

	if (argv[1] != NULL) {
		struct job *j = job_find(argv[1]);

		if (j == NULL) {
			fprintf(stderr, "sh: wait: %s: no such job\n", argv[1]);
			return 127;
		}
		j->background = false;
		return job_wait_fg(sh, j);
	}
	for (id = 1; id < MAX_JOBS; id++) {
		if (jobs[id] != NULL && jobs[id]->background && any(jobs[id], P_RUNNING)) {
			jobs[id]->background = false;
			code = job_wait_fg(sh, jobs[id]);
		}
	}
	return code;
}
