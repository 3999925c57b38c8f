/*
 * htest.c: runner of the host unit tests (see htest.h).  Cases run in
 * registration order in one process; panic() unwinds to the runner with
 * longjmp, so a panicking case fails without stopping the others.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <kern/panic.h>

#include "htest.h"

static struct htest *ht_head, **ht_tail = &ht_head;
static struct htest *ht_current;
static char ht_reason[512];
static bool ht_case_failed;
static jmp_buf *ht_panic_jmp;

void htest_register(struct htest *t)
{
	*ht_tail = t;
	ht_tail = &t->ht_next;
}

void htest_fail(const char *file, int line, const char *what)
{
	if (!ht_case_failed)
		snprintf(ht_reason, sizeof(ht_reason), "%s:%d: %s", file, line, what);
	ht_case_failed = true;
}

bool htest_failed(void)
{
	return ht_case_failed;
}

void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (ht_panic_jmp == NULL) {
		fprintf(stderr, "panic outside a test: %s\n", msg);
		abort();
	}
	snprintf(ht_reason, sizeof(ht_reason), "panic: %s", msg);
	longjmp(*ht_panic_jmp, 1);
}

/* Run fn(arg); true if it called panic(). */
bool htest_panics(void (*fn)(void *), void *arg)
{
	jmp_buf *outer = ht_panic_jmp;
	jmp_buf here;
	bool panicked = true;

	if (setjmp(here) == 0) {
		ht_panic_jmp = &here;
		fn(arg);
		panicked = false;
	}
	ht_panic_jmp = outer;
	return panicked;
}

static bool htest_run(struct htest *t)
{
	jmp_buf here;

	ht_current = t;
	ht_case_failed = false;
	ht_reason[0] = '\0';
	if (setjmp(here) == 0) {
		ht_panic_jmp = &here;
		t->ht_fn();
	} else {
		ht_case_failed = true;
	}
	ht_panic_jmp = NULL;
	if (ht_case_failed)
		printf("FAIL: host/%s/%s: %s\n", t->ht_suite, t->ht_name, ht_reason);
	else
		printf("PASS: host/%s/%s\n", t->ht_suite, t->ht_name);
	fflush(stdout);
	return !ht_case_failed;
}

int main(void)
{
	struct htest *t;
	int failed = 0;

	for (t = ht_head; t != NULL; t = t->ht_next)
		if (!htest_run(t))
			failed++;
	return failed != 0;
}
