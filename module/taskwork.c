// SPDX-License-Identifier: GPL-2.0
/*
 * Task work for the probes: something a task must do in its own context
 * (it may sleep there) before it next returns to user space, for a new task
 * before its first instruction there. The fork probe uses it to kill a
 * child on PREEMPT_RT, where sending a signal sleeps, and namespace
 * tracking to make an automatic clone, which sleeps everywhere.
 *
 * A work is prepared before it is known to be needed, where the caller
 * cannot allocate: it comes from a reserve (reserve.c) of fork_reserve
 * works, or, only when that runs low, the caller allows it and the kernel
 * is not PREEMPT_RT, from a GFP_NOWAIT allocation. The last
 * CTR_TWORK_KILL_KEPT works of the reserve, which it keeps whatever
 * fork_reserve says, are for kills at birth alone: an empty fork_reserve,
 * or a burst of automatic clones, does not let a child that must die live
 * on PREEMPT_RT. Then the work is queued (task_work_add(), which neither
 * sleeps nor allocates) or cancelled. A work that ran goes back to the
 * reserve at once: nothing refers to it after task_work_run() called it.
 *
 * A queued work's function is module code: each prepared work holds a
 * reference on the module until its last statement. What is left of the
 * function after that module_put() is covered at unload by an RCU-tasks
 * grace period, which does not end while a task is preempted there.
 *
 * Layer: below membership and namespace tracking, above the reserves.
 */
#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/task_work.h>

#include "compat.h"
#include "reserve.h"
#include "taskwork.h"

struct ctr_twork {
	struct callback_head cb;
	ctr_twork_fn fn;
	unsigned long arg;
};

/* Works only kills at birth may take; a kill holds one for an instant. */
#define CTR_TWORK_KILL_KEPT	64

static struct ctr_reserve ctr_tworks;
static bool ctr_twork_queued;		/* since load: unload must wait */

int ctr_twork_init(void)
{
	ctr_reserve_init(&ctr_tworks, sizeof(struct ctr_twork),
			 CTR_TWORK_KILL_KEPT);
	return 0;
}

/* Once no probe prepares works any more, and none is queued (module refs). */
void ctr_twork_uninit(void)
{
	if (READ_ONCE(ctr_twork_queued))
		synchronize_rcu_tasks();
	ctr_reserve_uninit(&ctr_tworks);
}

static void ctr_twork_run(struct callback_head *cb)
{
	struct ctr_twork *w = container_of(cb, struct ctr_twork, cb);
	ctr_twork_fn fn = w->fn;
	unsigned long arg = w->arg;

	ctr_reserve_put(&ctr_tworks, w);
	fn(arg);
	module_put(THIS_MODULE);
}

/**
 * ctr_twork_prepare() - a work for ctr_twork_queue()
 * @fn: what the task is to do; called in its context, also if it is exiting
 *      (then from do_exit(), with PF_EXITING set)
 * @arg: its argument
 * @how: CTR_TWORK_MAY_ALLOC: the caller may allocate (GFP_NOWAIT) when the
 *       reserve runs low, ignored on PREEMPT_RT, where no probe allocates;
 *       CTR_TWORK_KILL: the work kills its task, and may take the works
 *       kept for that
 *
 * Does not sleep; on PREEMPT_RT it neither allocates nor takes a sleeping
 * lock, so it may be called under a raw spinlock there.
 *
 * Return: the work, or NULL (the reserve ran low and no allocation was
 * allowed or it failed, or the module is going away).
 */
struct ctr_twork *ctr_twork_prepare(ctr_twork_fn fn, unsigned long arg,
				    unsigned int how)
{
	struct ctr_twork *w;

	w = ctr_reserve_take(&ctr_tworks,
			     how & CTR_TWORK_KILL ? 0 : CTR_TWORK_KILL_KEPT);
	if (!w && how & CTR_TWORK_MAY_ALLOC && !IS_ENABLED(CONFIG_PREEMPT_RT))
		w = kmalloc(sizeof(*w), GFP_NOWAIT | __GFP_NOWARN);
	if (!w)
		return NULL;
	if (!try_module_get(THIS_MODULE)) {
		ctr_reserve_put(&ctr_tworks, w);
		return NULL;
	}
	init_task_work(&w->cb, ctr_twork_run);
	w->fn = fn;
	w->arg = arg;
	return w;
}

/**
 * ctr_twork_queue() - have @task run a prepared work
 * @task: current, or a new task that has not run yet
 * @w: the work; consumed
 *
 * Does not sleep or allocate. A task already past exit_task_work() has
 * nothing left to do: the work is dropped.
 */
void ctr_twork_queue(struct task_struct *task, struct ctr_twork *w)
{
	WRITE_ONCE(ctr_twork_queued, true);
	if (task_work_add(task, &w->cb, TWA_RESUME))
		ctr_twork_cancel(w);
}

/**
 * ctr_twork_cancel() - drop a prepared work that is not needed
 * @w: the work, not queued; consumed
 *
 * Does not sleep or free.
 */
void ctr_twork_cancel(struct ctr_twork *w)
{
	ctr_reserve_put(&ctr_tworks, w);
	module_put(THIS_MODULE);
}
