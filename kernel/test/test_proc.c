/*
 * test_proc.c: the pid allocator.  A pid that is still a process group's
 * or a session's id (its leader gone, members left) must not go to a new
 * process, or that process's setsid/setpgid would act on a group that is
 * not its own.  The tests run before init exists, on a process list of
 * their own (the terminals name no pid yet), through proc_pid_pick, the
 * function fork uses.
 */
#include <kern/ktest.h>
#include <kern/proc.h>
#include <kern/thread.h>
#include <lib/string.h>

static struct proc fake[3];
static struct pgrp fake_pg[3];
static struct session fake_s[3];

static int pick(const struct proc *list, int from)
{
	unsigned long fl = sched_lock();
	int pid = proc_pid_pick(list, from);

	sched_unlock(fl);
	return pid;
}

/* A list of three: a session leader, a member of a group whose leader is
 * gone, and the leader of a group in a session whose leader is gone. */
static struct proc *fake_list(void)
{
	static const int ids[3][3] = { { 100, 100, 100 }, { 103, 101, 100 }, { 110, 110, 105 } };
	int i;

	memset(fake, 0, sizeof(fake));
	memset(fake_pg, 0, sizeof(fake_pg));
	memset(fake_s, 0, sizeof(fake_s));
	for (i = 0; i < 3; i++) {
		fake[i].p_pid = ids[i][0];
		fake[i].p_pgrp = &fake_pg[i]; /* never linked: proc_pid_pick reads ids only */
		fake_pg[i].pg_id = ids[i][1];
		fake_pg[i].pg_session = &fake_s[i];
		fake_s[i].s_sid = ids[i][2];
		fake[i].p_allnext = i < 2 ? &fake[i + 1] : NULL;
	}
	return &fake[0];
}

KTEST(proc_pid_skips_live_groups_and_sessions)
{
	struct proc *list = fake_list();

	KTEST_ASSERT(pick(list, 99) == 99);
	KTEST_ASSERT(pick(list, 100) == 102); /* 101: a group, no process */
	KTEST_ASSERT(pick(list, 101) == 102);
	KTEST_ASSERT(pick(list, 103) == 104);
	KTEST_ASSERT(pick(list, 105) == 106); /* 105: a session, no process */
	KTEST_ASSERT(pick(list, 110) == 111);
	fake_pg[1].pg_id = 100; /* the group is gone: its id is free again */
	KTEST_ASSERT(pick(list, 101) == 101);
}

KTEST(proc_pid_wraps_past_pid_max)
{
	struct proc *list = fake_list();

	fake[2].p_pid = PID_MAX;
	fake_pg[2].pg_id = 1;
	fake_s[2].s_sid = 2;
	KTEST_ASSERT(pick(list, PID_MAX) == 3);
	KTEST_ASSERT(pick(list, PID_MAX - 1) == PID_MAX - 1);
	KTEST_ASSERT(pick(NULL, 1) == 1);
	KTEST_ASSERT(pick(NULL, 0) == 1); /* out of range: from the start */
	KTEST_ASSERT(pick(NULL, PID_MAX + 1) == 1);
}
