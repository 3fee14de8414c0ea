/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the in-VM C tests: CHECK() records a failure and goes on,
 * ctrtest_done() turns the tally into the exit status (0 pass, 1 fail),
 * WAIT_UNTIL() waits for a condition with a deadline, ctrtest_cases() runs
 * a test's cases one by one, each with its own TAP result.
 */
#ifndef _CTRTEST_H
#define _CTRTEST_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>

static int ctrtest_failures;

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: %s: ", __FILE__, __LINE__, #cond);	\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
		ctrtest_failures++;					\
	}								\
} while (0)

/* A call returning 0 or -errno must return @want. */
#define CHECK_RET(call, want) do {					\
	int __r = (call);						\
	CHECK(__r == (want), "got %d (%s), expected %d (%s)", __r,	\
	      strerror(-__r), (want), strerror(-(want)));		\
} while (0)

/* Fatal: the rest of the test cannot run. */
#define REQUIRE(cond, ...) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: %s: ", __FILE__, __LINE__, #cond);	\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
		exit(1);						\
	}								\
} while (0)

/* CLOCK_MONOTONIC, in nanoseconds. */
static inline long long ctrtest_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/*
 * Tests never wait a fixed time for something to happen: they wait for it,
 * with a deadline. WAIT_UNTIL(COND, SECONDS) evaluates COND every 2 ms until
 * it holds or SECONDS have passed, and is COND's last value (1: it holds,
 * 0: the deadline passed first; the caller's CHECK() says what did not
 * happen). The deadline only turns a hang into a failure: a loaded machine
 * makes the wait longer, not the test fail; CTRTEST_DEADLINE_S is the one
 * for what should take milliseconds.
 */
#define CTRTEST_DEADLINE_S	30

#define WAIT_UNTIL(cond, seconds) ({					\
	long long __wait_end = ctrtest_now_ns() +			\
			       (seconds) * 1000000000LL;		\
	int __wait_ok;							\
									\
	while (!(__wait_ok = !!(cond)) && ctrtest_now_ns() < __wait_end) \
		usleep(2000);						\
	__wait_ok;							\
})

/*
 * Write @value to the file at @path opened with O_WRONLY | @oflags (a knob;
 * O_APPEND adds to an ftrace list): 0 or -errno (-EIO: short).
 */
static inline int ctrtest_write_file_flags(const char *path, const char *value,
					   int oflags)
{
	ssize_t len = strlen(value), n;
	int f = open(path, O_WRONLY | oflags);

	if (f < 0)
		return -errno;
	n = write(f, value, len);
	if (n < 0)
		n = -errno;
	close(f);
	return n < 0 ? n : n == len ? 0 : -EIO;
}

/* Write @value to the file at @path (a knob): 0 or -errno (-EIO: short). */
static inline int ctrtest_write_file(const char *path, const char *value)
{
	return ctrtest_write_file_flags(path, value, 0);
}

/*
 * The debug kernel (KASAN, lockdep, kmemleak under emulation forks about ten
 * times slower)? Tests that repeat work only for volume do less there: it
 * watches the same paths, and the Debian kernels run the full counts.
 */
static inline int ctrtest_debug_kernel(void)
{
	const char *k = getenv("CTRVM_KERNEL");

	return k && !strncmp(k, "debug", 5);
}

/* A PREEMPT_RT kernel? Its version string says so (init/Makefile). */
static inline int ctrtest_preempt_rt(void)
{
	struct utsname u;

	return !uname(&u) && strstr(u.version, "PREEMPT_RT");
}

/* Read the file at @path into @buf (@size, NUL-terminated): 0 or -errno. */
static inline int ctrtest_read_file(const char *path, char *buf, size_t size)
{
	int f = open(path, O_RDONLY);
	ssize_t n;

	if (f < 0)
		return -errno;
	n = read(f, buf, size - 1);
	if (n < 0)
		n = -errno;
	close(f);
	if (n < 0)
		return n;
	buf[n] = 0;
	return 0;
}

static inline int ctrtest_done(void)
{
	if (ctrtest_failures)
		fprintf(stderr, "%d checks failed\n", ctrtest_failures);
	return ctrtest_failures ? 1 : 0;
}

/*
 * Cases, in the style of the kernel's kselftest harness: a test file with
 * several cases lists them, does its common set-up, and ends with
 * "return ctrtest_cases(cases, n);". Each case runs in a child process of
 * its own, so a REQUIRE() ends that case only, and gets one TAP line:
 *
 *	1..N
 *	ok 1 - name
 *	not ok 2 - name
 *	ok 3 - name # SKIP (the case exited with 77)
 *
 * A case that runs longer than CTRTEST_CASE_TIMEOUT seconds (default 240,
 * on the debug kernel 720: below the runner's limit for the whole test) is
 * killed with its process group and fails. The in-VM runner prints the
 * lines as the test's subtests and counts each (tests/vm/parse.sh).
 *
 * What a case changes in memory does not reach the next one; what it
 * changes in the module does, so a case cleans up after itself.
 */
struct ctrtest_case {
	const char *name;
	void (*fn)(void);
};

static inline int ctrtest_case_timeout(void)
{
	const char *s = getenv("CTRTEST_CASE_TIMEOUT");

	if (s && atoi(s) > 0)
		return atoi(s);
	return ctrtest_debug_kernel() ? 720 : 240;
}

/*
 * Wait for the case @pid up to @seconds: its wait status, or -1 when the
 * deadline came first (it is then killed, with its process group).
 */
static inline int ctrtest_wait_case(pid_t pid, int seconds)
{
	long long end = ctrtest_now_ns() + seconds * 1000000000LL, left;
	int pfd = syscall(SYS_pidfd_open, pid, 0), status, done = 0;
	struct pollfd p = { .fd = pfd, .events = POLLIN };

	REQUIRE(pfd >= 0, "pidfd_open: %s", strerror(errno));
	while (!done && (left = end - ctrtest_now_ns()) > 0)
		done = poll(&p, 1, left / 1000000 + 1) > 0;
	close(pfd);
	if (!done) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
	}
	REQUIRE(waitpid(pid, &status, 0) == pid, "waitpid: %s", strerror(errno));
	return done ? status : -1;
}

static inline int ctrtest_cases(const struct ctrtest_case *cases, size_t n)
{
	int timeout = ctrtest_case_timeout(), failed = 0, status;
	size_t i;
	pid_t pid;

	printf("1..%zu\n", n);
	for (i = 0; i < n; i++) {
		fflush(stdout);
		fflush(stderr);
		pid = fork();
		REQUIRE(pid >= 0, "fork: %s", strerror(errno));
		if (!pid) {
			setpgid(0, 0);
			ctrtest_failures = 0;
			cases[i].fn();
			exit(ctrtest_done());
		}
		status = ctrtest_wait_case(pid, timeout);
		if (status == -1) {
			failed++;
			printf("not ok %zu - %s # timed out after %d s\n", i + 1,
			       cases[i].name, timeout);
		} else if (WIFEXITED(status) && WEXITSTATUS(status) == 77) {
			printf("ok %zu - %s # SKIP\n", i + 1, cases[i].name);
		} else if (WIFEXITED(status) && !WEXITSTATUS(status)) {
			printf("ok %zu - %s\n", i + 1, cases[i].name);
		} else {
			failed++;
			printf("not ok %zu - %s # status %#x\n", i + 1,
			       cases[i].name, status);
		}
	}
	fflush(stdout);
	return failed ? 1 : ctrtest_done();
}

#endif /* _CTRTEST_H */
