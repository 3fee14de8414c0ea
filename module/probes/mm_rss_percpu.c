// SPDX-License-Identifier: GPL-2.0
/*
 * probe: mm_rss_percpu, an mm's resident-set counters are per-CPU
 *
 * 6.2 made mm->rss_stat an array of percpu_counter: get_mm_counter() then
 * reads the shared count without the CPUs' pending deltas (up to a batch
 * each), so a small process can read 0. Where this probe says yes, the
 * module sums them (percpu_counter_sum_positive()); before, the counters
 * are atomics that get_mm_counter() reads whole. Debian's 6.12 and 7.x
 * have per-CPU counters, 6.1 not.
 */
#include <linux/mm_types.h>
#include <linux/percpu_counter.h>

s64 ctr_probe(struct mm_struct *mm);
s64 ctr_probe(struct mm_struct *mm)
{
	return percpu_counter_sum_positive(&mm->rss_stat[MM_ANONPAGES]);
}
