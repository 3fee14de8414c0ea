// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: container name validation (module/name.c).
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/string.h>

#include <linux/containerctl.h>

#include "name.h"

static int check(const char *s)
{
	char buf[CONTAINERCTL_NAME_MAX] = {};

	strscpy(buf, s, sizeof(buf));
	return ctr_name_check(buf, sizeof(buf));
}

static void containerctl_name_test_valid(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, check("a"), 1);
	KUNIT_EXPECT_EQ(test, check("web"), 3);
	KUNIT_EXPECT_EQ(test, check("node_42"), 7);
	KUNIT_EXPECT_EQ(test, check("A-Z.a-z_0-9"), 11);
	KUNIT_EXPECT_EQ(test, check("..."), 3);
	KUNIT_EXPECT_EQ(test, check(".hidden"), 7);
}

static void containerctl_name_test_invalid(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, check(""), -EINVAL);
	KUNIT_EXPECT_EQ(test, check("."), -EINVAL);
	KUNIT_EXPECT_EQ(test, check(".."), -EINVAL);
	KUNIT_EXPECT_EQ(test, check("a/b"), -EINVAL);
	KUNIT_EXPECT_EQ(test, check("a b"), -EINVAL);
	KUNIT_EXPECT_EQ(test, check("tab\t"), -EINVAL);
	KUNIT_EXPECT_EQ(test, check("\xc3\xa9t\xc3\xa9"), -EINVAL);
}

static void containerctl_name_test_length(struct kunit *test)
{
	char buf[CONTAINERCTL_NAME_MAX + 8];

	/* 63 characters and the NUL fill the field exactly. */
	memset(buf, 'x', sizeof(buf));
	buf[CONTAINERCTL_NAME_MAX - 1] = '\0';
	KUNIT_EXPECT_EQ(test, ctr_name_check(buf, CONTAINERCTL_NAME_MAX),
			CONTAINERCTL_NAME_MAX - 1);

	/* No NUL within the field. */
	memset(buf, 'x', sizeof(buf));
	KUNIT_EXPECT_EQ(test, ctr_name_check(buf, CONTAINERCTL_NAME_MAX),
			-ENAMETOOLONG);

	/* A larger buffer does not make a 64-character name valid. */
	buf[CONTAINERCTL_NAME_MAX] = '\0';
	KUNIT_EXPECT_EQ(test, ctr_name_check(buf, sizeof(buf)), -ENAMETOOLONG);

	/* A short field without a NUL is never read past. */
	KUNIT_EXPECT_EQ(test, ctr_name_check(buf, 4), -ENAMETOOLONG);
	KUNIT_EXPECT_EQ(test, ctr_name_check("ab\0", 3), 2);
}

static struct kunit_case containerctl_name_test_cases[] = {
	KUNIT_CASE(containerctl_name_test_valid),
	KUNIT_CASE(containerctl_name_test_invalid),
	KUNIT_CASE(containerctl_name_test_length),
	{}
};

static struct kunit_suite containerctl_name_test_suite = {
	.name = "containerctl_name",
	.test_cases = containerctl_name_test_cases,
};

kunit_test_suites(&containerctl_name_test_suite);
