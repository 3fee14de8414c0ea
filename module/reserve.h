/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CTR_RESERVE_H
#define _CTR_RESERVE_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/llist.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

/*
 * A reserve of objects of one size, for code that must not allocate (the
 * fork probe: it cannot sleep, and on PREEMPT_RT must not allocate at
 * all). Objects are taken and given back in any context but hard
 * interrupts, without sleeping or freeing; a work item brings the reserve
 * back to its target from process context when a take leaves it below
 * half, or a give-back above one and a half times, the target.
 */
struct ctr_reserve {
	struct llist_head free;		/* objects; added to without a lock */
	raw_spinlock_t take_lock;	/* llist_del_first()'s one consumer */
	atomic_t nr;			/* objects on free */
	unsigned int target;		/* objects to keep */
	unsigned int floor;		/* the target's minimum */
	size_t size;
	bool dead;			/* uninit began: no refill */
	struct work_struct refill;
	struct list_head link;		/* in the reserves fork_reserve sizes */
};

void ctr_reserve_init(struct ctr_reserve *r, size_t size, unsigned int floor);
void ctr_reserve_uninit(struct ctr_reserve *r);
void *ctr_reserve_take(struct ctr_reserve *r, unsigned int keep);
void ctr_reserve_put(struct ctr_reserve *r, void *obj);

#endif /* _CTR_RESERVE_H */
