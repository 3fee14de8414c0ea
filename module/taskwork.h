/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CTR_TASKWORK_H
#define _CTR_TASKWORK_H

#include <linux/sched.h>
#include <linux/types.h>

/*
 * Work a probe leaves for a task to do in its own context, before it next
 * returns to user space (task_work with TWA_RESUME). The probes cannot
 * sleep, nor allocate on PREEMPT_RT, so a work is prepared from a reserve
 * first and queued later; see taskwork.c.
 */
struct ctr_twork;

typedef void (*ctr_twork_fn)(unsigned long arg);

/* How ctr_twork_prepare() may get a work when the reserve runs low. */
#define CTR_TWORK_MAY_ALLOC	0x1	/* GFP_NOWAIT (never on PREEMPT_RT) */
#define CTR_TWORK_KILL		0x2	/* a kill: the works kept for kills */

int ctr_twork_init(void);
void ctr_twork_uninit(void);
struct ctr_twork *ctr_twork_prepare(ctr_twork_fn fn, unsigned long arg,
				    unsigned int how);
void ctr_twork_queue(struct task_struct *task, struct ctr_twork *w);
void ctr_twork_cancel(struct ctr_twork *w);

#endif /* _CTR_TASKWORK_H */
