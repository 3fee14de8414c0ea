// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: permission decisions (module/perm.c).
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/uidgid.h>

#include <linux/containerctl.h>

#include "perm.h"

#define MAY_R	4
#define MAY_W	2
#define MAY_X	1

static const enum ctr_perm_class classes[] = {
	CTR_PERM_OWNER, CTR_PERM_GROUP, CTR_PERM_OTHER,
};

static unsigned int class_shift(enum ctr_perm_class class)
{
	return class == CTR_PERM_OWNER ? 6 : class == CTR_PERM_GROUP ? 3 : 0;
}

static struct ctr_perm_ids ids(u32 uid, u32 euid, u32 suid)
{
	struct ctr_perm_ids i = {
		.uid = KUIDT_INIT(uid),
		.euid = KUIDT_INIT(euid),
		.suid = KUIDT_INIT(suid),
	};

	return i;
}

static const u16 bits[] = { MAY_R, MAY_W, MAY_X };

/* A mode with only bits[mb] of classes[mc] allows exactly that bit. */
static void check_single_bit(struct kunit *test, size_t mc, size_t mb)
{
	u16 mode = bits[mb] << class_shift(classes[mc]);
	size_t qc, qb;
	bool allows;

	for (qc = 0; qc < ARRAY_SIZE(classes); qc++) {
		for (qb = 0; qb < ARRAY_SIZE(bits); qb++) {
			allows = ctr_perm_mode_allows(mode, classes[qc],
						      bits[qb]);
			KUNIT_EXPECT_EQ_MSG(test, allows, mc == qc && mb == qb,
					    "mode %#o class %zu may %u",
					    mode, qc, bits[qb]);
		}
	}
}

static void containerctl_perm_test_mode_each_bit(struct kunit *test)
{
	size_t mc, mb;

	for (mc = 0; mc < ARRAY_SIZE(classes); mc++)
		for (mb = 0; mb < ARRAY_SIZE(bits); mb++)
			check_single_bit(test, mc, mb);
}

static void containerctl_perm_test_mode_all_none(struct kunit *test)
{
	size_t c, b;

	for (c = 0; c < ARRAY_SIZE(classes); c++) {
		for (b = 0; b < ARRAY_SIZE(bits); b++) {
			KUNIT_EXPECT_TRUE(test, ctr_perm_mode_allows(0777, classes[c],
								     bits[b]));
			KUNIT_EXPECT_FALSE(test, ctr_perm_mode_allows(0, classes[c],
								      bits[b]));
		}
		/* Asking for nothing is always allowed. */
		KUNIT_EXPECT_TRUE(test, ctr_perm_mode_allows(0, classes[c], 0));
		KUNIT_EXPECT_TRUE(test, ctr_perm_mode_allows(0777, classes[c], 0));
	}
}

static void containerctl_perm_test_mode_class(struct kunit *test)
{
	/* Every bit of @may is needed. */
	KUNIT_EXPECT_TRUE(test, ctr_perm_mode_allows(0600, CTR_PERM_OWNER,
						     MAY_R | MAY_W));
	KUNIT_EXPECT_FALSE(test, ctr_perm_mode_allows(0500, CTR_PERM_OWNER,
						      MAY_R | MAY_W));
	KUNIT_EXPECT_TRUE(test, ctr_perm_mode_allows(0750, CTR_PERM_GROUP,
						     MAY_R | MAY_X));
	KUNIT_EXPECT_FALSE(test, ctr_perm_mode_allows(0750, CTR_PERM_GROUP,
						      MAY_W | MAY_X));
	KUNIT_EXPECT_TRUE(test, ctr_perm_mode_allows(0007, CTR_PERM_OTHER,
						     MAY_R | MAY_W | MAY_X));

	/* Like a directory: one class applies, no falling through. */
	KUNIT_EXPECT_FALSE(test, ctr_perm_mode_allows(0077, CTR_PERM_OWNER,
						      MAY_W));
	KUNIT_EXPECT_FALSE(test, ctr_perm_mode_allows(0707, CTR_PERM_GROUP,
						      MAY_W));
	KUNIT_EXPECT_FALSE(test, ctr_perm_mode_allows(0770, CTR_PERM_OTHER,
						      MAY_W));
	KUNIT_EXPECT_TRUE(test, ctr_perm_mode_allows(0022, CTR_PERM_GROUP,
						     MAY_W));
	KUNIT_EXPECT_TRUE(test, ctr_perm_mode_allows(0202, CTR_PERM_OTHER,
						     MAY_W));
}

static void containerctl_perm_test_attach(struct kunit *test)
{
	int i;

	/* CAP_SYS_ADMIN wins over everything. */
	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ_MSG(test,
				    ctr_perm_attach(true, i & 1, i & 2, i & 4), 0,
				    "same_user %d write_dest %d write_ancestor %d",
				    !!(i & 1), !!(i & 2), !!(i & 4));

	/* Someone else's task: EPERM, whatever the modes say. */
	KUNIT_EXPECT_EQ(test, ctr_perm_attach(false, false, true, true), -EPERM);
	KUNIT_EXPECT_EQ(test, ctr_perm_attach(false, false, true, false), -EPERM);
	KUNIT_EXPECT_EQ(test, ctr_perm_attach(false, false, false, true), -EPERM);
	KUNIT_EXPECT_EQ(test, ctr_perm_attach(false, false, false, false), -EPERM);

	/* One's own task: both writes are needed. */
	KUNIT_EXPECT_EQ(test, ctr_perm_attach(false, true, true, true), 0);
	KUNIT_EXPECT_EQ(test, ctr_perm_attach(false, true, true, false), -EACCES);
	KUNIT_EXPECT_EQ(test, ctr_perm_attach(false, true, false, true), -EACCES);
	KUNIT_EXPECT_EQ(test, ctr_perm_attach(false, true, false, false), -EACCES);
}

static void containerctl_perm_test_nsrules_attach(struct kunit *test)
{
	struct ctr_perm_nsmove mv;
	int i;

	/*
	 * Every combination of the five facts: a self move needs an empty
	 * child of the current container, whatever else holds; another's
	 * needs CAP_SYS_ADMIN and the caller's subtree.
	 */
	for (i = 0; i < 32; i++) {
		int want;

		mv.self = i & 1;
		mv.admin = i & 2;
		mv.child_of_src = i & 4;
		mv.dest_empty = i & 8;
		mv.in_caller_subtree = i & 16;
		if (mv.self)
			want = mv.child_of_src && mv.dest_empty ? 0 : -EPERM;
		else
			want = mv.admin && mv.in_caller_subtree ? 0 : -EPERM;
		KUNIT_EXPECT_EQ_MSG(test, ctr_perm_nsrules_attach(&mv), want,
				    "self %d admin %d child %d empty %d subtree %d",
				    mv.self, mv.admin, mv.child_of_src,
				    mv.dest_empty, mv.in_caller_subtree);
	}

	/* The seed's cases, spelled out. */
	mv = (struct ctr_perm_nsmove){ .self = true, .child_of_src = true,
				       .dest_empty = true };
	KUNIT_EXPECT_EQ(test, ctr_perm_nsrules_attach(&mv), 0);
	mv.dest_empty = false;	/* a child with tasks already */
	KUNIT_EXPECT_EQ(test, ctr_perm_nsrules_attach(&mv), -EPERM);
	mv = (struct ctr_perm_nsmove){ .self = true, .admin = true,
				       .dest_empty = true,
				       .in_caller_subtree = true };
	/* A grandchild, even for root. */
	KUNIT_EXPECT_EQ(test, ctr_perm_nsrules_attach(&mv), -EPERM);
	mv = (struct ctr_perm_nsmove){ .admin = false, .child_of_src = true,
				       .dest_empty = true,
				       .in_caller_subtree = true };
	KUNIT_EXPECT_EQ(test, ctr_perm_nsrules_attach(&mv), -EPERM);
	mv.admin = true;
	KUNIT_EXPECT_EQ(test, ctr_perm_nsrules_attach(&mv), 0);
	mv.in_caller_subtree = false;
	KUNIT_EXPECT_EQ(test, ctr_perm_nsrules_attach(&mv), -EPERM);
}

static void containerctl_perm_test_nsrules_create(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, ctr_perm_nsrules_create(true, true), 0);
	KUNIT_EXPECT_EQ(test, ctr_perm_nsrules_create(true, false), -EPERM);
	KUNIT_EXPECT_EQ(test, ctr_perm_nsrules_create(false, true), -EPERM);
	KUNIT_EXPECT_EQ(test, ctr_perm_nsrules_create(false, false), -EPERM);
}

static void containerctl_perm_test_same_user(struct kunit *test)
{
	struct ctr_perm_ids task = ids(1000, 2000, 3000);
	struct ctr_perm_ids same = ids(1000, 1000, 1000);

	/* The task's real or saved uid, not its effective uid. */
	KUNIT_EXPECT_TRUE(test, ctr_perm_same_user(KUIDT_INIT(1000), &task));
	KUNIT_EXPECT_TRUE(test, ctr_perm_same_user(KUIDT_INIT(3000), &task));
	KUNIT_EXPECT_FALSE(test, ctr_perm_same_user(KUIDT_INIT(2000), &task));
	KUNIT_EXPECT_FALSE(test, ctr_perm_same_user(KUIDT_INIT(0), &task));
	KUNIT_EXPECT_FALSE(test, ctr_perm_same_user(KUIDT_INIT(1001), &task));

	KUNIT_EXPECT_TRUE(test, ctr_perm_same_user(KUIDT_INIT(1000), &same));
	KUNIT_EXPECT_FALSE(test, ctr_perm_same_user(KUIDT_INIT(0), &same));
}

static void containerctl_perm_test_signal(struct kunit *test)
{
	/* The sender's uid 10, euid 20, suid 30. */
	struct ctr_perm_ids sender = ids(10, 20, 30);
	struct ctr_perm_ids t;

	/* The four combinations: sender uid/euid against target uid/suid. */
	t = ids(10, 99, 98);
	KUNIT_EXPECT_TRUE(test, ctr_perm_signal(false, &sender, &t));
	t = ids(97, 99, 10);
	KUNIT_EXPECT_TRUE(test, ctr_perm_signal(false, &sender, &t));
	t = ids(20, 99, 98);
	KUNIT_EXPECT_TRUE(test, ctr_perm_signal(false, &sender, &t));
	t = ids(97, 99, 20);
	KUNIT_EXPECT_TRUE(test, ctr_perm_signal(false, &sender, &t));

	/* The target's euid does not count, nor the sender's suid. */
	t = ids(97, 10, 98);
	KUNIT_EXPECT_FALSE(test, ctr_perm_signal(false, &sender, &t));
	t = ids(97, 20, 98);
	KUNIT_EXPECT_FALSE(test, ctr_perm_signal(false, &sender, &t));
	t = ids(30, 99, 98);
	KUNIT_EXPECT_FALSE(test, ctr_perm_signal(false, &sender, &t));
	t = ids(97, 99, 30);
	KUNIT_EXPECT_FALSE(test, ctr_perm_signal(false, &sender, &t));
	t = ids(97, 30, 98);
	KUNIT_EXPECT_FALSE(test, ctr_perm_signal(false, &sender, &t));

	/* CAP_KILL signals anyone. */
	t = ids(97, 99, 98);
	KUNIT_EXPECT_FALSE(test, ctr_perm_signal(false, &sender, &t));
	KUNIT_EXPECT_TRUE(test, ctr_perm_signal(true, &sender, &t));
	t = ids(0, 0, 0);
	KUNIT_EXPECT_FALSE(test, ctr_perm_signal(false, &sender, &t));
	KUNIT_EXPECT_TRUE(test, ctr_perm_signal(true, &sender, &t));
}

static void containerctl_perm_test_set(struct kunit *test)
{
	static const u32 owner_may[] = {
		CONTAINERCTL_SET_MODE,
		CONTAINERCTL_SET_FLAGS,
		CONTAINERCTL_SET_MAX_DESCENDANTS,
		CONTAINERCTL_SET_MODE | CONTAINERCTL_SET_FLAGS |
			CONTAINERCTL_SET_MAX_DESCENDANTS,
	};
	u32 what;
	size_t i;

	/* The owner: mode, flags and limits. */
	for (i = 0; i < ARRAY_SIZE(owner_may); i++)
		KUNIT_EXPECT_EQ_MSG(test, ctr_perm_set(false, true, owner_may[i]),
				    0, "what %#x", owner_may[i]);
	/* Not the owner fields, alone or with others. */
	KUNIT_EXPECT_EQ(test, ctr_perm_set(false, true, CONTAINERCTL_SET_OWNER),
			-EPERM);
	KUNIT_EXPECT_EQ(test, ctr_perm_set(false, true,
					   CONTAINERCTL_SET_OWNER |
					   CONTAINERCTL_SET_MODE), -EPERM);
	KUNIT_EXPECT_EQ(test, ctr_perm_set(false, true, __CONTAINERCTL_SET_ALL),
			-EPERM);

	/* CAP_SYS_ADMIN: anything, owner or not; others: nothing. */
	for (what = 1; what <= __CONTAINERCTL_SET_ALL; what++) {
		KUNIT_EXPECT_EQ_MSG(test, ctr_perm_set(true, false, what), 0,
				    "what %#x", what);
		KUNIT_EXPECT_EQ_MSG(test, ctr_perm_set(true, true, what), 0,
				    "what %#x", what);
		KUNIT_EXPECT_EQ_MSG(test, ctr_perm_set(false, false, what),
				    -EPERM, "what %#x", what);
	}
}

static struct kunit_case containerctl_perm_test_cases[] = {
	KUNIT_CASE(containerctl_perm_test_mode_each_bit),
	KUNIT_CASE(containerctl_perm_test_mode_all_none),
	KUNIT_CASE(containerctl_perm_test_mode_class),
	KUNIT_CASE(containerctl_perm_test_attach),
	KUNIT_CASE(containerctl_perm_test_nsrules_attach),
	KUNIT_CASE(containerctl_perm_test_nsrules_create),
	KUNIT_CASE(containerctl_perm_test_same_user),
	KUNIT_CASE(containerctl_perm_test_signal),
	KUNIT_CASE(containerctl_perm_test_set),
	{}
};

static struct kunit_suite containerctl_perm_test_suite = {
	.name = "containerctl_perm",
	.test_cases = containerctl_perm_test_cases,
};

kunit_test_suites(&containerctl_perm_test_suite);
