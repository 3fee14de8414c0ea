// SPDX-License-Identifier: GPL-2.0
/*
 * Object reserves: memory set aside in process context for code that must
 * not allocate. See reserve.h.
 *
 * A free object holds the list node in its first bytes. Adding to the list
 * needs no lock (llist_add()), so objects come back from any context;
 * taking uses llist_del_first(), which allows one consumer at a time:
 * take_lock, a raw spinlock, so that a take is allowed where preemption is
 * disabled on PREEMPT_RT too.
 *
 * The refill work only runs while the reserve is alive: ctr_reserve_uninit()
 * marks it dead, then cancels the work, so that nothing queues it again.
 *
 * Every reserve keeps fork_reserve objects, a module parameter root may
 * change at any time, or its own floor if that is more: the reserves
 * register here, under the parameter's lock (kernel_param_lock()), so that
 * a change reaches them all.
 *
 * Layer: a helper below membership and task work; it calls nothing else
 * in the module.
 */
#include <linux/bits.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>

#include "compat.h"
#include "reserve.h"

#define CTR_RESERVE_MAX		BIT(20)

static unsigned int fork_reserve = 1024;
static LIST_HEAD(ctr_reserves);		/* under kernel_param_lock() */

/* Take one object off @r, or NULL. */
static void *ctr_reserve_pop(struct ctr_reserve *r)
{
	struct llist_node *n;
	unsigned long flags;

	raw_spin_lock_irqsave(&r->take_lock, flags);
	n = llist_del_first(&r->free);
	raw_spin_unlock_irqrestore(&r->take_lock, flags);
	if (n)
		atomic_dec(&r->nr);
	return n;
}

/* Bring @r to its target: allocate or free (process context). */
static void ctr_reserve_adjust(struct ctr_reserve *r)
{
	void *obj;

	while (atomic_read(&r->nr) > READ_ONCE(r->target)) {
		obj = ctr_reserve_pop(r);
		if (!obj)
			break;
		kfree(obj);
	}
	while (atomic_read(&r->nr) < READ_ONCE(r->target)) {
		obj = kmalloc(r->size, GFP_KERNEL);
		if (!obj)
			return;
		llist_add(obj, &r->free);
		atomic_inc(&r->nr);
	}
}

static void ctr_reserve_refill(struct work_struct *work)
{
	ctr_reserve_adjust(container_of(work, struct ctr_reserve, refill));
}

static int ctr_fork_reserve_set(const char *val, const struct kernel_param *kp)
{
	struct ctr_reserve *r;
	unsigned int n;
	int ret;

	ret = kstrtouint(val, 0, &n);
	if (ret)
		return ret;
	if (n > CTR_RESERVE_MAX)
		return -EINVAL;
	fork_reserve = n;
	list_for_each_entry(r, &ctr_reserves, link) {
		WRITE_ONCE(r->target, max(n, r->floor));
		ctr_reserve_adjust(r);
	}
	return 0;
}

static const struct kernel_param_ops ctr_fork_reserve_ops = {
	.set = ctr_fork_reserve_set,
	.get = param_get_uint,
};

module_param_cb(fork_reserve, &ctr_fork_reserve_ops, &fork_reserve, 0644);
MODULE_PARM_DESC(fork_reserve, "Objects set aside for tracked forks, which cannot allocate (default 1024)");

/**
 * ctr_reserve_init() - set up a reserve and fill it
 * @r: the reserve
 * @size: the objects' size (at least a pointer's)
 * @floor: the fewest objects it keeps, whatever fork_reserve says
 *
 * Process context. It keeps fork_reserve objects, @floor at least. A
 * reserve that could not be filled completely is still usable: its takes
 * fail sooner.
 */
void ctr_reserve_init(struct ctr_reserve *r, size_t size, unsigned int floor)
{
	init_llist_head(&r->free);
	raw_spin_lock_init(&r->take_lock);
	atomic_set(&r->nr, 0);
	r->size = max(size, sizeof(struct llist_node));
	r->dead = false;
	INIT_WORK(&r->refill, ctr_reserve_refill);
	r->floor = floor;
	kernel_param_lock(THIS_MODULE);
	r->target = max(fork_reserve, floor);
	list_add(&r->link, &ctr_reserves);
	ctr_reserve_adjust(r);
	kernel_param_unlock(THIS_MODULE);
}

/**
 * ctr_reserve_uninit() - free a reserve's objects
 * @r: the reserve
 *
 * Process context, once nothing takes from @r or puts into it any more.
 */
void ctr_reserve_uninit(struct ctr_reserve *r)
{
	struct llist_node *n, *next;

	kernel_param_lock(THIS_MODULE);
	list_del(&r->link);
	kernel_param_unlock(THIS_MODULE);
	WRITE_ONCE(r->dead, true);
	cancel_work_sync(&r->refill);
	llist_for_each_safe(n, next, llist_del_all(&r->free))
		kfree(n);
	atomic_set(&r->nr, 0);
}

/* Have the work bring @r back to its target. */
static void ctr_reserve_kick(struct ctr_reserve *r)
{
	if (!READ_ONCE(r->dead))
		queue_work(CTR_UNBOUND_WQ, &r->refill);
}

/**
 * ctr_reserve_take() - an object from the reserve
 * @r: the reserve
 * @keep: leave this many for other takers (0: take the last one too)
 *
 * Any context but hard interrupts; does not sleep, on PREEMPT_RT neither.
 * The object's contents are undefined. Concurrent takes may leave fewer
 * than @keep: it is a rule of thumb, not a guarantee.
 *
 * Return: the object, or NULL if the reserve has @keep or fewer.
 */
void *ctr_reserve_take(struct ctr_reserve *r, unsigned int keep)
{
	void *obj = NULL;

	if (atomic_read(&r->nr) > keep)
		obj = ctr_reserve_pop(r);

	if (atomic_read(&r->nr) < READ_ONCE(r->target) / 2)
		ctr_reserve_kick(r);
	return obj;
}

/**
 * ctr_reserve_put() - give an object back
 * @r: the reserve
 * @obj: an object of @r's size, from kmalloc() or ctr_reserve_take()
 *
 * Any context but hard interrupts; does not sleep and does not free (on
 * PREEMPT_RT kfree() may sleep): a surplus of half the target is freed by
 * the work.
 */
void ctr_reserve_put(struct ctr_reserve *r, void *obj)
{
	unsigned int target = READ_ONCE(r->target);

	llist_add(obj, &r->free);
	if (atomic_inc_return(&r->nr) > target + target / 2)
		ctr_reserve_kick(r);
}
