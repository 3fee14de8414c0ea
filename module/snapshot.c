// SPDX-License-Identifier: GPL-2.0
/*
 * Pid snapshots: the pure part. The glue collects pids under
 * ctr_member_lock into a buffer; these sort them, drop duplicates (threads
 * of one process) and find where a cursor resumes. Tested by KUnit.
 *
 * Layer: pure logic, the bottom; it calls nothing else in the module.
 */
#include <linux/export.h>
#include <linux/module.h>
#include <linux/minmax.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "compat.h"
#include "snapshot.h"

static int ctr_cmp_ul(const void *a, const void *b)
{
	unsigned long x = *(const unsigned long *)a;
	unsigned long y = *(const unsigned long *)b;

	return x < y ? -1 : x > y;
}

/**
 * ctr_snap_sort_u32() - sort pids ascending, optionally without duplicates
 * @v: the pids
 * @tmp: scratch space for @n pids
 * @n: how many
 * @unique: drop repeated values
 *
 * An LSD radix sort on bytes: linear and without indirect calls, which
 * matters for snapshots of many thousands of pids. A pass over a byte that
 * every key shares (the high bytes of pids) is skipped.
 *
 * Return: the number of pids left in @v.
 */
size_t ctr_snap_sort_u32(u32 *v, u32 *tmp, size_t n, bool unique)
{
	u32 count[256], *src = v, *dst = tmp;
	unsigned int shift, b;
	size_t i, out;

	if (n < 2)
		return n;
	for (shift = 0; shift < 32; shift += 8) {
		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++)
			count[(src[i] >> shift) & 0xff]++;
		if (count[(src[0] >> shift) & 0xff] == n)
			continue;
		for (b = 1; b < 256; b++)
			count[b] += count[b - 1];
		for (i = n; i-- > 0;)
			dst[--count[(src[i] >> shift) & 0xff]] = src[i];
		swap(src, dst);
	}
	if (src != v)
		memcpy(v, src, n * sizeof(*v));
	if (!unique)
		return n;
	for (i = 1, out = 1; i < n; i++)
		if (v[i] != v[out - 1])
			v[out++] = v[i];
	return out;
}
EXPORT_SYMBOL_IF_KUNIT(ctr_snap_sort_u32);

/**
 * ctr_snap_sort_ul() - sort values (e.g. pointers as unsigned long) ascending
 * @v: the values
 * @n: how many
 */
void ctr_snap_sort_ul(unsigned long *v, size_t n)
{
	sort(v, n, sizeof(*v), ctr_cmp_ul, NULL);
}
EXPORT_SYMBOL_IF_KUNIT(ctr_snap_sort_ul);

/**
 * ctr_snap_count_unique_ul() - count distinct values
 * @v: the values (sorted in place)
 * @n: how many
 *
 * Return: the number of distinct values.
 */
size_t ctr_snap_count_unique_ul(unsigned long *v, size_t n)
{
	size_t i, count;

	if (!n)
		return 0;
	ctr_snap_sort_ul(v, n);
	for (i = 1, count = 1; i < n; i++)
		if (v[i] != v[i - 1])
			count++;
	return count;
}
EXPORT_SYMBOL_IF_KUNIT(ctr_snap_count_unique_ul);

/**
 * ctr_snap_after() - where a listing resumes after a cursor
 * @v: sorted pids
 * @n: how many
 * @cursor: the last pid the caller has (0 to start)
 *
 * Return: the index of the first pid greater than @cursor (@n if none).
 */
size_t ctr_snap_after(const u32 *v, size_t n, u32 cursor)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid] <= cursor)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
EXPORT_SYMBOL_IF_KUNIT(ctr_snap_after);
