// SPDX-License-Identifier: GPL-2.0
/*
 * The registry: the root, the id map, the limits on their number and
 * depth, and the removal of empty autoremove containers (the reap list and
 * its work). It owns the two locks container.h describes.
 *
 * Layer: below membership (member.c), which queues empty autoremove
 * containers here, and above events (a removal emits DESTROY); core.c and
 * the ABI files above register, look up and free containers through it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/lockdep.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "compat.h"
#include "container.h"
#include "cputime.h"
#include "events.h"
#include "registry.h"

static unsigned int max_depth = 32;
module_param(max_depth, uint, 0644);
MODULE_PARM_DESC(max_depth, "Deepest container allowed, root at 0 (default 32, at most 48)");

static unsigned int max_containers = 1 << 20;
module_param(max_containers, uint, 0644);
MODULE_PARM_DESC(max_containers, "Containers allowed, root included (default 1048576)");

/*
 * Automatic clones need no permission and no owner's limit binds them (a
 * delegated owner may raise max_descendants), so this one, which only root
 * can change, keeps them from exhausting max_containers.
 */
static unsigned int max_auto_clones = 16384;
module_param(max_auto_clones, uint, 0644);
MODULE_PARM_DESC(max_auto_clones, "Automatic clones (namespace tracking) at once, all users together (default 16384)");

/* The locks; see container.h. */
DEFINE_MUTEX(ctr_tree_lock);
DEFINE_RAW_SPINLOCK(ctr_member_lock);

struct ctr_container *ctr_root;
static DEFINE_XARRAY(ctr_ids);
static u64 ctr_next_id = CONTAINERCTL_ROOT_ID + 1;
static u32 ctr_nr_containers;
static u32 ctr_nr_auto;			/* automatic clones, of max_auto_clones */

/* Containers with CONTAINERCTL_F_AUTOREMOVE that became empty. */
static LIST_HEAD(ctr_reap_list);	/* under ctr_member_lock */
static void ctr_reap(struct work_struct *work);
static DECLARE_WORK(ctr_reap_work, ctr_reap);

static u32 ctr_max_depth(void)
{
	return min_t(u32, READ_ONCE(max_depth), CTR_DEPTH_LIMIT);
}

int ctr_registry_init(void)
{
	int ret;

	ret = ctr_container_init();
	if (ret)
		return ret;
	ctr_root = ctr_container_alloc("", CONTAINERCTL_ROOT_ID);
	if (!ctr_root) {
		ret = -ENOMEM;
		goto out_container_uninit;
	}
	ctr_root->mode = 0755;
	ctr_root->ctime_ns = ktime_get_real_ns();
	ret = xa_insert(&ctr_ids, CONTAINERCTL_ROOT_ID, ctr_root, GFP_KERNEL);
	if (ret)
		goto out_free_root;
	ctr_nr_containers = 1;
	return 0;

out_free_root:
	ctr_container_free(ctr_root);
out_container_uninit:
	ctr_container_uninit();
	return ret;
}

void ctr_registry_uninit(void)
{
	/* Its last round may still be returning. */
	cancel_work_sync(&ctr_reap_work);
	/* Containers pin the module: only the root is left. */
	WARN_ON(ctr_nr_containers != 1);
	xa_erase(&ctr_ids, CONTAINERCTL_ROOT_ID);
	xa_destroy(&ctr_ids);
	ctr_container_free(ctr_root);
	ctr_container_uninit();
}

/* INFO's part: the limits and how many containers there are. */
void ctr_registry_info(struct containerctl_info *info)
{
	info->max_depth = ctr_max_depth();
	info->max_containers = READ_ONCE(max_containers);
	mutex_lock(&ctr_tree_lock);
	info->nr_containers = ctr_nr_containers;
	mutex_unlock(&ctr_tree_lock);
}

/**
 * ctr_find() - a container by id
 * @id: the id
 *
 * Return: the container, or ERR_PTR(-ENOENT).
 */
struct ctr_container *ctr_find(u64 id)
{
	struct ctr_container *c;

	lockdep_assert_held(&ctr_tree_lock);
	c = id > ULONG_MAX ? NULL : xa_load(&ctr_ids, id);
	return c ?: ERR_PTR(-ENOENT);
}

/*
 * Check the limits for a new child of @parent (for an automatic clone,
 * @c->auto_clone, max_auto_clones first: -EDQUOT), give @c its id and
 * creation time, register the id and take the module reference the
 * container holds. Undone by ctr_unregister(); made final by
 * ctr_registered() once @c is linked. Under ctr_tree_lock.
 */
int ctr_register(struct ctr_container *parent, struct ctr_container *c)
{
	int ret;

	lockdep_assert_held(&ctr_tree_lock);
	if (c->auto_clone && ctr_nr_auto >= READ_ONCE(max_auto_clones))
		return -EDQUOT;
	ret = ctr_tree_may_add(parent, ctr_max_depth(), ctr_nr_containers,
			       READ_ONCE(max_containers));
	if (ret)
		return ret;
	if (!try_module_get(THIS_MODULE))
		return -EBUSY;	/* the module is going away */
	c->id = ctr_next_id;
	c->ctime_ns = ktime_get_real_ns();
	ret = xa_insert(&ctr_ids, c->id, c, GFP_KERNEL);
	if (ret)
		module_put(THIS_MODULE);
	return ret;
}

void ctr_unregister(struct ctr_container *c)
{
	lockdep_assert_held(&ctr_tree_lock);
	xa_erase(&ctr_ids, c->id);
	module_put(THIS_MODULE);
}

void ctr_registered(struct ctr_container *c)
{
	lockdep_assert_held(&ctr_tree_lock);
	ctr_next_id++;
	ctr_nr_containers++;
	if (c->auto_clone)
		ctr_nr_auto++;
}

/**
 * ctr_reap_queue() - have an empty autoremove container removed
 * @c: the container; the caller holds ctr_member_lock
 *
 * The removal needs ctr_tree_lock: ctr_reap_work does it, if @c is still
 * without tasks and children by then.
 */
void ctr_reap_queue(struct ctr_container *c)
{
	lockdep_assert_held(&ctr_member_lock);
	if (c == ctr_root || !list_empty(&c->reap))
		return;
	list_add_tail(&c->reap, &ctr_reap_list);
	queue_work(CTR_UNBOUND_WQ, &ctr_reap_work);
}

/*
 * Unlink @c (no tasks, no children) under both locks, with its DESTROY
 * event; an autoremove parent left with nothing is queued in turn.
 */
void ctr_unlink(struct ctr_container *c)
{
	struct ctr_container *parent = c->parent;

	lockdep_assert_held(&ctr_tree_lock);
	lockdep_assert_held(&ctr_member_lock);
	ctr_ev_container(CONTAINERCTL_EV_DESTROY, c);
	list_del_init(&c->reap);
	/* Its time stays in its ancestors' subtree totals. */
	ctr_cputime_add(&parent->cpu_removed, &c->cpu_done);
	ctr_cputime_add(&parent->cpu_removed, &c->cpu_removed);
	ctr_tree_unlink(c);
	if (parent->flags & CONTAINERCTL_F_AUTOREMOVE &&
	    !parent->nr_children && !parent->nr_threads)
		ctr_reap_queue(parent);
}

/* Forget an unlinked container and free it. */
void ctr_free(struct ctr_container *c)
{
	lockdep_assert_held(&ctr_tree_lock);
	xa_erase(&ctr_ids, c->id);
	ctr_nr_containers--;
	if (c->auto_clone)
		ctr_nr_auto--;
	ctr_container_free(c);
	module_put(THIS_MODULE);
}

/* ctr_reap_work: remove the queued containers that are still empty. */
static void ctr_reap(struct work_struct *work)
{
	struct ctr_container *c;
	bool gone;

	mutex_lock(&ctr_tree_lock);
	for (;;) {
		raw_spin_lock(&ctr_member_lock);
		c = list_first_entry_or_null(&ctr_reap_list,
					     struct ctr_container, reap);
		if (!c) {
			raw_spin_unlock(&ctr_member_lock);
			break;
		}
		list_del_init(&c->reap);
		gone = c->flags & CONTAINERCTL_F_AUTOREMOVE &&
		       !c->nr_children && list_empty(&c->members);
		if (gone)
			ctr_unlink(c);
		raw_spin_unlock(&ctr_member_lock);
		if (gone)
			ctr_free(c);
	}
	mutex_unlock(&ctr_tree_lock);
}
