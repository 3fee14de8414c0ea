/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the in-VM C tests: CHECK() records a failure and goes on,
 * ctrtest_done() turns the tally into the exit status (0 pass, 1 fail).
 */
#ifndef _CTRTEST_H
#define _CTRTEST_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static inline int ctrtest_done(void)
{
	if (ctrtest_failures)
		fprintf(stderr, "%d checks failed\n", ctrtest_failures);
	return ctrtest_failures ? 1 : 0;
}

#endif /* _CTRTEST_H */
