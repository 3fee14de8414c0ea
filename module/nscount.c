// SPDX-License-Identifier: GPL-2.0
/*
 * The counts of automatic clones (namespace tracking): made and refused,
 * in all and per container; a refusal is an NSREFUSED event as well.
 *
 * Layer: below core.c (which makes the clones) and member.c (which refuses
 * one when a birth finds no work for it), above events.c.
 */
#include <linux/atomic.h>

#include "container.h"
#include "events.h"
#include "nscount.h"

static atomic64_t ctr_ns_clones = ATOMIC64_INIT(0);
static atomic64_t ctr_ns_refused = ATOMIC64_INIT(0);

/**
 * ctr_nscount_cloned() - count an automatic clone made under @c
 * @c: the container the task left for its new child
 */
void ctr_nscount_cloned(struct ctr_container *c)
{
	atomic64_inc(&c->ns_clones);
	atomic64_inc(&ctr_ns_clones);
}

/**
 * ctr_nscount_refused() - count an automatic clone that was not made
 * @c: the container the task stays in
 * @task: the task
 * @ns_flags: the namespaces it created
 * @error: why (a negative errno)
 *
 * May be called in atomic context, under ctr_member_lock or
 * ctr_tree_lock (which keep @c).
 */
void ctr_nscount_refused(struct ctr_container *c, struct task_struct *task,
			 unsigned long ns_flags, int error)
{
	atomic64_inc(&c->ns_refused);
	atomic64_inc(&ctr_ns_refused);
	ctr_ev_nsrefused(c, task, ns_flags, error);
}

/* INFO's part: the counts in all. */
void ctr_nscount_info(struct containerctl_info *info)
{
	info->ns_clones = atomic64_read(&ctr_ns_clones);
	info->ns_refused = atomic64_read(&ctr_ns_refused);
}
