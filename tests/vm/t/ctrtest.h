/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the in-VM C tests: CHECK() records a failure and goes on,
 * ctrtest_done() turns the tally into the exit status (0 pass, 1 fail),
 * WAIT_UNTIL() waits for a condition with a deadline.
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
#include <sys/utsname.h>

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

/* Write @value to the file at @path (a knob): 0 or -errno (-EIO: short). */
static inline int ctrtest_write_file(const char *path, const char *value)
{
	ssize_t len = strlen(value), n;
	int f = open(path, O_WRONLY);

	if (f < 0)
		return -errno;
	n = write(f, value, len);
	if (n < 0)
		n = -errno;
	close(f);
	return n < 0 ? n : n == len ? 0 : -EIO;
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

#endif /* _CTRTEST_H */
