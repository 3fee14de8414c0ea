// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: CPU time accounting arithmetic (module/cputime.c).
 */
#include <kunit/test.h>
#include <linux/limits.h>
#include <linux/module.h>

#include "cputime.h"

static void containerctl_cputime_test_add(struct kunit *test)
{
	struct ctr_cputime sum = { 1, 2 };
	const struct ctr_cputime t = { 10, 20 };

	ctr_cputime_add(&sum, &t);
	KUNIT_EXPECT_EQ(test, sum.user, 11ULL);
	KUNIT_EXPECT_EQ(test, sum.system, 22ULL);
	ctr_cputime_add(&sum, &(struct ctr_cputime){});
	KUNIT_EXPECT_EQ(test, sum.user, 11ULL);
	KUNIT_EXPECT_EQ(test, sum.system, 22ULL);
}

/* What a task used since its base is charged; the base moves on. */
static void containerctl_cputime_test_charge(struct kunit *test)
{
	struct ctr_cputime to = { 100, 200 }, base = { 5, 7 };
	const struct ctr_cputime now = { 15, 27 };

	ctr_cputime_charge(&to, &base, &now);
	KUNIT_EXPECT_EQ(test, to.user, 110ULL);
	KUNIT_EXPECT_EQ(test, to.system, 220ULL);
	KUNIT_EXPECT_EQ(test, base.user, 15ULL);
	KUNIT_EXPECT_EQ(test, base.system, 27ULL);
	/* Charged again at once: nothing more. */
	ctr_cputime_charge(&to, &base, &now);
	KUNIT_EXPECT_EQ(test, to.user, 110ULL);
	KUNIT_EXPECT_EQ(test, to.system, 220ULL);
}

/* Two charges in a row add up to one over the whole span (a task moved). */
static void containerctl_cputime_test_split(struct kunit *test)
{
	struct ctr_cputime a = {}, b = {}, whole = {};
	struct ctr_cputime base = { 1000, 50 }, base2 = base;
	const struct ctr_cputime mid = { 4000, 80 }, end = { 9000, 130 };

	ctr_cputime_charge(&a, &base, &mid);
	ctr_cputime_charge(&b, &base, &end);
	ctr_cputime_charge(&whole, &base2, &end);
	KUNIT_EXPECT_EQ(test, a.user, 3000ULL);
	KUNIT_EXPECT_EQ(test, b.user, 5000ULL);
	KUNIT_EXPECT_EQ(test, a.user + b.user, whole.user);
	KUNIT_EXPECT_EQ(test, a.system + b.system, whole.system);
}

/* A time that went back charges nothing for it, not a wrapped amount. */
static void containerctl_cputime_test_backwards(struct kunit *test)
{
	struct ctr_cputime to = {}, base = { 500, 500 };
	const struct ctr_cputime now = { 400, 600 };

	ctr_cputime_charge(&to, &base, &now);
	KUNIT_EXPECT_EQ(test, to.user, 0ULL);
	KUNIT_EXPECT_EQ(test, to.system, 100ULL);
	KUNIT_EXPECT_EQ(test, base.user, 400ULL);

	base = (struct ctr_cputime){ U64_MAX, U64_MAX };
	ctr_cputime_charge(&to, &base, &(struct ctr_cputime){});
	KUNIT_EXPECT_EQ(test, to.user, 0ULL);
	KUNIT_EXPECT_EQ(test, to.system, 100ULL);
}

static struct kunit_case containerctl_cputime_test_cases[] = {
	KUNIT_CASE(containerctl_cputime_test_add),
	KUNIT_CASE(containerctl_cputime_test_charge),
	KUNIT_CASE(containerctl_cputime_test_split),
	KUNIT_CASE(containerctl_cputime_test_backwards),
	{}
};

static struct kunit_suite containerctl_cputime_test_suite = {
	.name = "containerctl_cputime",
	.test_cases = containerctl_cputime_test_cases,
};

kunit_test_suites(&containerctl_cputime_test_suite);
