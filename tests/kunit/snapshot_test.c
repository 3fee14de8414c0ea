// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: pid snapshots (module/snapshot.c).
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/module.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "snapshot.h"

/* 6.2 added KUNIT_EXPECT_MEMEQ; before, compare and report the difference. */
#ifndef KUNIT_EXPECT_MEMEQ
#define KUNIT_EXPECT_MEMEQ(test, left, right, size) \
	KUNIT_EXPECT_EQ_MSG(test, memcmp(left, right, size), 0, \
			    "%s and %s differ", #left, #right)
#endif

/* Scratch space for ctr_snap_sort_u32(); cases run one at a time. */
static u32 scratch[1024];

static void containerctl_snapshot_test_sort_small(struct kunit *test)
{
	u32 v[2] = { 7, 3 };

	/* n = 0 touches nothing. */
	KUNIT_EXPECT_EQ(test, ctr_snap_sort_u32(v, scratch, 0, false), 0);
	KUNIT_EXPECT_EQ(test, ctr_snap_sort_u32(v, scratch, 0, true), 0);
	KUNIT_EXPECT_EQ(test, v[0], 7);
	KUNIT_EXPECT_EQ(test, v[1], 3);

	/* n = 1 touches only the first element. */
	KUNIT_EXPECT_EQ(test, ctr_snap_sort_u32(v, scratch, 1, false), 1);
	KUNIT_EXPECT_EQ(test, ctr_snap_sort_u32(v, scratch, 1, true), 1);
	KUNIT_EXPECT_EQ(test, v[0], 7);
	KUNIT_EXPECT_EQ(test, v[1], 3);
}

static void containerctl_snapshot_test_sort_sorted(struct kunit *test)
{
	static const u32 want[] = { 1, 2, 3, 5, 8, 13 };
	u32 v[ARRAY_SIZE(want)];

	memcpy(v, want, sizeof(v));
	KUNIT_EXPECT_EQ(test, ctr_snap_sort_u32(v, scratch, ARRAY_SIZE(v), false),
			ARRAY_SIZE(want));
	KUNIT_EXPECT_MEMEQ(test, v, want, sizeof(want));

	KUNIT_EXPECT_EQ(test, ctr_snap_sort_u32(v, scratch, ARRAY_SIZE(v), true),
			ARRAY_SIZE(want));
	KUNIT_EXPECT_MEMEQ(test, v, want, sizeof(want));
}

static void containerctl_snapshot_test_sort_reversed(struct kunit *test)
{
	static const u32 want[] = { 1, 2, 3, 4, 5, 6, 7 };
	u32 v[] = { 7, 6, 5, 4, 3, 2, 1 };
	u32 w[] = { 7, 6, 5, 4, 3, 2, 1 };

	KUNIT_EXPECT_EQ(test, ctr_snap_sort_u32(v, scratch, ARRAY_SIZE(v), false),
			ARRAY_SIZE(want));
	KUNIT_EXPECT_MEMEQ(test, v, want, sizeof(want));
	KUNIT_EXPECT_EQ(test, ctr_snap_sort_u32(w, scratch, ARRAY_SIZE(w), true),
			ARRAY_SIZE(want));
	KUNIT_EXPECT_MEMEQ(test, w, want, sizeof(want));
}

static void containerctl_snapshot_test_sort_duplicates(struct kunit *test)
{
	static const u32 all[] = { 1, 1, 2, 3, 3, 3, 9 };
	static const u32 unique[] = { 1, 2, 3, 9 };
	static const u32 one[] = { 4 };
	u32 v[] = { 3, 1, 9, 3, 2, 1, 3 };
	u32 w[] = { 3, 1, 9, 3, 2, 1, 3 };
	u32 same[] = { 4, 4, 4, 4 };
	u32 pair[] = { 4, 4 };

	KUNIT_EXPECT_EQ(test, ctr_snap_sort_u32(v, scratch, ARRAY_SIZE(v), false),
			ARRAY_SIZE(all));
	KUNIT_EXPECT_MEMEQ(test, v, all, sizeof(all));

	KUNIT_EXPECT_EQ(test, ctr_snap_sort_u32(w, scratch, ARRAY_SIZE(w), true),
			ARRAY_SIZE(unique));
	KUNIT_EXPECT_MEMEQ(test, w, unique, sizeof(unique));

	KUNIT_EXPECT_EQ(test, ctr_snap_sort_u32(same, scratch, ARRAY_SIZE(same), true),
			1);
	KUNIT_EXPECT_MEMEQ(test, same, one, sizeof(one));
	KUNIT_EXPECT_EQ(test, ctr_snap_sort_u32(pair, scratch, ARRAY_SIZE(pair), true),
			1);
	KUNIT_EXPECT_EQ(test, pair[0], 4);
}

static void containerctl_snapshot_test_sort_extremes(struct kunit *test)
{
	/* The comparison must not overflow like a subtraction would. */
	static const u32 want[] = { 0, 1, 0x7fffffff, 0x80000000, U32_MAX };
	u32 v[] = { U32_MAX, 0x80000000, 0, U32_MAX, 1, 0x7fffffff, 0 };

	KUNIT_EXPECT_EQ(test, ctr_snap_sort_u32(v, scratch, ARRAY_SIZE(v), true),
			ARRAY_SIZE(want));
	KUNIT_EXPECT_MEMEQ(test, v, want, sizeof(want));
}

static int cmp_u32(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

/* The radix sort against the kernel's sort() on pseudo-random input. */
static void containerctl_snapshot_test_sort_random(struct kunit *test)
{
	const size_t n = ARRAY_SIZE(scratch);
	u32 *v = kunit_kmalloc_array(test, n, sizeof(*v), GFP_KERNEL);
	u32 *want = kunit_kmalloc_array(test, n, sizeof(*v), GFP_KERNEL);
	u32 x = 12345;
	size_t i, out;

	KUNIT_ASSERT_NOT_NULL(test, v);
	KUNIT_ASSERT_NOT_NULL(test, want);
	for (i = 0; i < n; i++) {
		x = x * 1103515245 + 12345;
		/* Mostly pid-like values, some large, some repeated. */
		v[i] = i % 7 ? (x >> 8) % 4194304 : x;
	}
	memcpy(want, v, n * sizeof(*v));
	sort(want, n, sizeof(*want), cmp_u32, NULL);
	KUNIT_EXPECT_EQ(test, ctr_snap_sort_u32(v, scratch, n, false), n);
	KUNIT_EXPECT_MEMEQ(test, v, want, n * sizeof(*v));

	for (i = 1, out = 1; i < n; i++)
		if (want[i] != want[out - 1])
			want[out++] = want[i];
	KUNIT_EXPECT_EQ(test, ctr_snap_sort_u32(v, scratch, n, true), out);
	KUNIT_EXPECT_MEMEQ(test, v, want, out * sizeof(*v));
}

static void containerctl_snapshot_test_sort_ul(struct kunit *test)
{
	unsigned long want[] = {
		0, 1, 42, 42, LONG_MAX, (unsigned long)LONG_MAX + 1, ULONG_MAX,
	};
	unsigned long v[] = {
		ULONG_MAX, 42, (unsigned long)LONG_MAX + 1, 0, 42, LONG_MAX, 1,
	};
	unsigned long one[] = { 5 };

	ctr_snap_sort_ul(v, ARRAY_SIZE(v));
	KUNIT_EXPECT_MEMEQ(test, v, want, sizeof(want));

	ctr_snap_sort_ul(v, ARRAY_SIZE(v));
	KUNIT_EXPECT_MEMEQ(test, v, want, sizeof(want));

	ctr_snap_sort_ul(one, 0);
	ctr_snap_sort_ul(one, 1);
	KUNIT_EXPECT_EQ(test, one[0], 5);
}

static void containerctl_snapshot_test_count_unique_ul(struct kunit *test)
{
	static const unsigned long sorted[] = { 1, 1, 2, 3, 3 };
	unsigned long v[] = { 3, 1, 3, 2, 1 };
	unsigned long ext[] = { ULONG_MAX, 0, ULONG_MAX, 0 };
	unsigned long distinct[] = { 9, 8, 7, 6 };
	unsigned long same[] = { 6, 6, 6 };
	unsigned long one[] = { 5 };

	KUNIT_EXPECT_EQ(test, ctr_snap_count_unique_ul(one, 0), 0);
	KUNIT_EXPECT_EQ(test, ctr_snap_count_unique_ul(one, 1), 1);

	/* Sorted in place. */
	KUNIT_EXPECT_EQ(test, ctr_snap_count_unique_ul(v, ARRAY_SIZE(v)), 3);
	KUNIT_EXPECT_MEMEQ(test, v, sorted, sizeof(sorted));

	KUNIT_EXPECT_EQ(test, ctr_snap_count_unique_ul(ext, ARRAY_SIZE(ext)), 2);
	KUNIT_EXPECT_EQ(test,
			ctr_snap_count_unique_ul(distinct, ARRAY_SIZE(distinct)),
			4);
	KUNIT_EXPECT_EQ(test, ctr_snap_count_unique_ul(same, ARRAY_SIZE(same)),
			1);
}

static void containerctl_snapshot_test_after(struct kunit *test)
{
	static const u32 v[] = { 10, 20, 30 };
	static const u32 one[] = { 7 };
	const size_t n = ARRAY_SIZE(v);

	/* Cursor 0 starts the listing. */
	KUNIT_EXPECT_EQ(test, ctr_snap_after(v, n, 0), 0);
	/* Before the first. */
	KUNIT_EXPECT_EQ(test, ctr_snap_after(v, n, 9), 0);
	/* Equal to an element: resume after it. */
	KUNIT_EXPECT_EQ(test, ctr_snap_after(v, n, 10), 1);
	KUNIT_EXPECT_EQ(test, ctr_snap_after(v, n, 20), 2);
	KUNIT_EXPECT_EQ(test, ctr_snap_after(v, n, 30), n);
	/* Between two. */
	KUNIT_EXPECT_EQ(test, ctr_snap_after(v, n, 11), 1);
	KUNIT_EXPECT_EQ(test, ctr_snap_after(v, n, 29), 2);
	/* Past the end. */
	KUNIT_EXPECT_EQ(test, ctr_snap_after(v, n, 31), n);
	KUNIT_EXPECT_EQ(test, ctr_snap_after(v, n, U32_MAX), n);

	/* One element. */
	KUNIT_EXPECT_EQ(test, ctr_snap_after(one, 1, 0), 0);
	KUNIT_EXPECT_EQ(test, ctr_snap_after(one, 1, 7), 1);
	KUNIT_EXPECT_EQ(test, ctr_snap_after(one, 1, 8), 1);

	/* Empty: always 0, whatever the cursor. */
	KUNIT_EXPECT_EQ(test, ctr_snap_after(v, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, ctr_snap_after(v, 0, 15), 0);
	KUNIT_EXPECT_EQ(test, ctr_snap_after(NULL, 0, U32_MAX), 0);
}

static void containerctl_snapshot_test_after_every(struct kunit *test)
{
	static const u32 v[] = { 2, 3, 5, 7, 11, 13, 17, 19, 23, 29 };
	size_t n, i, want;
	u32 cursor;

	/* Against a linear scan, for every length and cursor. */
	for (n = 0; n <= ARRAY_SIZE(v); n++) {
		for (cursor = 0; cursor <= 30; cursor++) {
			for (want = 0, i = 0; i < n; i++)
				if (v[i] <= cursor)
					want = i + 1;
			KUNIT_EXPECT_EQ_MSG(test, ctr_snap_after(v, n, cursor),
					    want, "n %zu cursor %u", n, cursor);
		}
	}
}

static struct kunit_case containerctl_snapshot_test_cases[] = {
	KUNIT_CASE(containerctl_snapshot_test_sort_small),
	KUNIT_CASE(containerctl_snapshot_test_sort_sorted),
	KUNIT_CASE(containerctl_snapshot_test_sort_reversed),
	KUNIT_CASE(containerctl_snapshot_test_sort_duplicates),
	KUNIT_CASE(containerctl_snapshot_test_sort_extremes),
	KUNIT_CASE(containerctl_snapshot_test_sort_random),
	KUNIT_CASE(containerctl_snapshot_test_sort_ul),
	KUNIT_CASE(containerctl_snapshot_test_count_unique_ul),
	KUNIT_CASE(containerctl_snapshot_test_after),
	KUNIT_CASE(containerctl_snapshot_test_after_every),
	{}
};

static struct kunit_suite containerctl_snapshot_test_suite = {
	.name = "containerctl_snapshot",
	.test_cases = containerctl_snapshot_test_cases,
};

kunit_test_suites(&containerctl_snapshot_test_suite);
