// SPDX-License-Identifier: GPL-2.0
/*
 * The operations: what each ioctl does once its arguments are in the
 * kernel (create, destroy, stat, set, attach, clone, which, pids, kill),
 * and the automatic clone namespace tracking asks for. Locking is
 * described in container.h.
 *
 * Layer: below the ABI (ioctl.c) and namespace tracking (nstrack.c), above
 * membership (member.c) and the registry (registry.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/mm.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "compat.h"
#include "container.h"
#include "core.h"
#include "events.h"
#include "member.h"
#include "name.h"
#include "nscount.h"
#include "perm.h"
#include "pidfd.h"
#include "registry.h"
#include "snapshot.h"

static enum ctr_perm_class ctr_class(struct ctr_container *c)
{
	if (uid_eq(current_fsuid(), c->uid))
		return CTR_PERM_OWNER;
	if (in_group_p(c->gid))
		return CTR_PERM_GROUP;
	return CTR_PERM_OTHER;
}

/**
 * ctr_may_write() - may the caller write @c (create or remove children,
 * move tasks in)?
 * @c: the container
 *
 * Return: true if its mode allows it, or with CAP_SYS_ADMIN.
 */
bool ctr_may_write(struct ctr_container *c)
{
	return ctr_perm_mode_allows(c->mode, ctr_class(c), 2) ||
	       capable(CAP_SYS_ADMIN);
}

void ctr_core_info(struct containerctl_info *info)
{
	info->abi_version = CONTAINERCTL_ABI_VERSION;
	info->name_max = CONTAINERCTL_NAME_MAX;
	info->features = CONTAINERCTL_FEAT_CORE | CONTAINERCTL_FEAT_CLONE |
			 CONTAINERCTL_FEAT_NSTRACK_CLONE |
			 CONTAINERCTL_FEAT_NSRULES | CONTAINERCTL_FEAT_EVENTS |
			 CONTAINERCTL_FEAT_PIDFD | CONTAINERCTL_FEAT_ACCT;
	info->nr_tracked = ctr_member_nr_tracked();
	info->track_failures = ctr_member_track_failures();
	ctr_events_counts(&info->nr_events, &info->events_dropped);
}

/* A new child's flags: its parent's inheritable ones, less @clear, plus @set. */
static u32 ctr_inherit_flags(struct ctr_container *parent, u32 set, u32 clear)
{
	return (parent->flags & __CONTAINERCTL_F_INHERIT & ~clear) | set;
}

/* The ns rules for creating a child of @parent (see the uapi header). */
static int ctr_nsrules_create(struct ctr_container *parent, bool admin)
{
	struct ctr_container *mine;

	if (!(parent->flags & CONTAINERCTL_F_NSRULES))
		return 0;
	mine = ctr_member_container(current);
	return ctr_perm_nsrules_create(admin,
				       ctr_tree_is_descendant(parent, mine));
}

int ctr_create(u64 parent_id, const char *name, u32 mode, u32 flags,
	       u32 clear_flags, u64 *id)
{
	struct ctr_container *parent, *c;
	int ret;

	if ((flags | clear_flags) & ~__CONTAINERCTL_F_ALL || mode & ~0777)
		return -EINVAL;
	ret = ctr_name_check(name, CONTAINERCTL_NAME_MAX);
	if (ret < 0)
		return ret;

	c = ctr_container_alloc(name, 0);
	if (!c)
		return -ENOMEM;
	mutex_lock(&ctr_tree_lock);
	parent = ctr_find(parent_id);
	if (IS_ERR(parent)) {
		ret = PTR_ERR(parent);
		goto out_free;
	}
	ret = -EACCES;
	if (!ctr_may_write(parent))
		goto out_free;
	ret = ctr_nsrules_create(parent, capable(CAP_SYS_ADMIN));
	if (ret)
		goto out_free;
	ret = -EEXIST;
	if (ctr_tree_find_child(parent, name))
		goto out_free;
	ret = ctr_register(parent, c);
	if (ret)
		goto out_free;

	c->uid = current_fsuid();
	c->gid = current_fsgid();
	c->mode = mode;
	c->flags = ctr_inherit_flags(parent, flags, clear_flags);
	raw_spin_lock(&ctr_member_lock);
	ret = ctr_tree_link(parent, c);
	if (!ret)
		ctr_ev_container(CONTAINERCTL_EV_CREATE, c);
	raw_spin_unlock(&ctr_member_lock);
	if (WARN_ON_ONCE(ret)) {	/* the name was checked above */
		ctr_unregister(c);
		goto out_free;
	}
	ctr_registered(c);
	*id = c->id;
	mutex_unlock(&ctr_tree_lock);
	return 0;

out_free:
	mutex_unlock(&ctr_tree_lock);
	ctr_container_free(c);
	return ret;
}

int ctr_destroy(u64 id)
{
	struct ctr_container *c;
	int ret = 0;

	mutex_lock(&ctr_tree_lock);
	c = ctr_find(id);
	if (IS_ERR(c)) {
		ret = PTR_ERR(c);
		goto out_unlock;
	}
	if (c == ctr_root) {
		ret = -EBUSY;
		goto out_unlock;
	}
	if (!ctr_may_write(c->parent)) {
		ret = -EACCES;
		goto out_unlock;
	}
	raw_spin_lock(&ctr_member_lock);
	if (c->nr_children || !list_empty(&c->members))
		ret = -EBUSY;
	else
		ctr_unlink(c);
	raw_spin_unlock(&ctr_member_lock);
	if (!ret)
		ctr_free(c);
out_unlock:
	mutex_unlock(&ctr_tree_lock);
	return ret;
}

/*
 * Collect into a buffer sized by a first count; retried when the snapshot
 * outgrew it. Caller holds ctr_tree_lock. Returns the buffer (kvfree it)
 * or an ERR_PTR, with the count in *n.
 */
static void *ctr_collect(struct ctr_container *c, bool subtree,
			 enum ctr_collect what, size_t item, size_t *n,
			 u64 *generation)
{
	struct pid_namespace *ns = task_active_pid_ns(current);
	size_t cap, got;
	void *buf;
	int tries;

	cap = ctr_member_collect(c, subtree, what, ns, NULL, 0, NULL);
	for (tries = 0; tries < 8; tries++) {
		cap += cap / 8 + 16;
		buf = kvmalloc_array(cap, item, GFP_KERNEL);
		if (!buf)
			return ERR_PTR(-ENOMEM);
		got = ctr_member_collect(c, subtree, what, ns, buf, cap,
					 generation);
		if (got <= cap) {
			*n = got;
			return buf;
		}
		if (what == CTR_COLLECT_PROCESS) {
			struct pid **pids = buf;
			size_t i;

			for (i = 0; i < cap; i++)
				put_pid(pids[i]);
		}
		kvfree(buf);
		cap = got;
	}
	return ERR_PTR(-EAGAIN);
}

/**
 * ctr_nr_procs() - thread groups with a thread in @c
 * @c: the container; caller holds ctr_tree_lock
 *
 * Return: the count (0 if it could not be computed for lack of memory).
 */
size_t ctr_nr_procs(struct ctr_container *c)
{
	unsigned long *groups;
	size_t n;

	groups = ctr_collect(c, false, CTR_COLLECT_GROUP, sizeof(*groups),
			     &n, NULL);
	if (IS_ERR(groups))
		return 0;
	n = ctr_snap_count_unique_ul(groups, n);
	kvfree(groups);
	return n;
}

/*
 * Resident memory of @c's processes, each address space once (see the uapi
 * header). The caller holds ctr_tree_lock; no spinlock is held across the
 * walk, which takes references and may sleep to drop them.
 */
static int ctr_rss(struct ctr_container *c, u64 *bytes)
{
	unsigned long *mms, pages = 0;
	struct pid **procs, *prev;
	size_t i, n, nr_mm = 0;

	procs = ctr_collect(c, false, CTR_COLLECT_PROCESS, sizeof(*procs), &n,
			    NULL);
	if (IS_ERR(procs))
		return PTR_ERR(procs);
	/* Threads of one process: their pid, once. */
	BUILD_BUG_ON(sizeof(*procs) != sizeof(unsigned long));
	ctr_snap_sort_ul((unsigned long *)procs, n);
	mms = (unsigned long *)procs;	/* filled behind the reading */
	for (i = 0, prev = NULL; i < n; i++) {
		struct pid *pid = procs[i];
		struct task_struct *task;
		struct mm_struct *mm = NULL;

		if (pid == prev) {
			put_pid(pid);
			continue;
		}
		prev = pid;
		task = get_pid_task(pid, PIDTYPE_TGID);
		put_pid(pid);
		if (task) {
			mm = get_task_mm(task);	/* NULL once it let go */
			put_task_struct(task);
		}
		if (mm)
			mms[nr_mm++] = (unsigned long)mm;
	}
	/* Processes that share one (CLONE_VM): once. */
	ctr_snap_sort_ul(mms, nr_mm);
	for (i = 0; i < nr_mm; i++) {
		struct mm_struct *mm = (struct mm_struct *)mms[i];

		if (!i || mms[i] != mms[i - 1])
			pages += ctr_mm_counter(mm, MM_FILEPAGES) +
				 ctr_mm_counter(mm, MM_ANONPAGES) +
				 ctr_mm_counter(mm, MM_SHMEMPAGES);
		mmput(mm);
	}
	kvfree(procs);
	*bytes = (u64)pages << PAGE_SHIFT;
	return 0;
}

/**
 * ctr_stat() - a container's attributes, for STAT and /proc/containers
 * @c: the container; the caller holds ctr_tree_lock
 * @st: filled in
 *
 * Return: 0.
 */
int ctr_stat(struct ctr_container *c, struct containerctl_stat *st)
{
	struct user_namespace *ns = current_user_ns();
	u64 threads;

	lockdep_assert_held(&ctr_tree_lock);
	if (c == ctr_root) {
		threads = ctr_member_collect(c, false, CTR_COLLECT_GROUP, NULL,
					     NULL, 0, NULL);
	} else {
		raw_spin_lock(&ctr_member_lock);
		threads = c->nr_threads;
		raw_spin_unlock(&ctr_member_lock);
	}
	st->parent = c->parent ? c->parent->id : 0;
	st->uid = from_kuid_munged(ns, c->uid);
	st->gid = from_kgid_munged(ns, c->gid);
	st->mode = c->mode;
	st->cflags = c->flags;
	st->nr_procs = ctr_nr_procs(c);
	st->nr_threads = threads;
	st->nr_children = c->nr_children;
	st->depth = c->depth;
	st->nr_descendants = c->nr_descendants;
	st->max_descendants = c->max_descendants;
	st->generation = ctr_member_generation(c);
	st->ctime_ns = c->ctime_ns;
	strscpy(st->name, c->name, sizeof(st->name));
	st->ns_clones = atomic64_read(&c->ns_clones);
	st->ns_refused = atomic64_read(&c->ns_refused);
	return 0;
}

/**
 * ctr_stat_acct() - CONTAINERCTL_IOC_STAT's accounting for @c
 * @c: the container; the caller holds ctr_tree_lock
 * @st: filled in; its flags say what to add (CONTAINERCTL_STAT_*)
 *
 * Apart from ctr_stat(): /proc/containers shows none of it, and its own
 * part walks the container's tasks under ctr_member_lock.
 *
 * Return: 0, or a negative errno when a walk @st->flags asked for failed.
 */
int ctr_stat_acct(struct ctr_container *c, struct containerctl_stat *st)
{
	struct ctr_cputime cpu;

	lockdep_assert_held(&ctr_tree_lock);
	raw_spin_lock(&ctr_member_lock);
	st->nr_forks = c->nr_forks;
	st->nr_exits = c->nr_exits;
	raw_spin_unlock(&ctr_member_lock);
	/* Own first: the subtree's, read later, is never the smaller. */
	ctr_member_cputime(c, false, &cpu);
	st->cpu_user_ns = cpu.user;
	st->cpu_system_ns = cpu.system;
	if (st->flags & CONTAINERCTL_STAT_SUBTREE) {
		ctr_member_cputime(c, true, &cpu);
		st->subtree_cpu_user_ns = cpu.user;
		st->subtree_cpu_system_ns = cpu.system;
	}
	if (st->flags & CONTAINERCTL_STAT_RSS)
		return ctr_rss(c, &st->rss_bytes);
	return 0;
}

int ctr_set(u64 id, const struct containerctl_set *set)
{
	struct user_namespace *ns = current_user_ns();
	struct ctr_container *c;
	kuid_t uid = INVALID_UID;
	kgid_t gid = INVALID_GID;
	int ret;

	if ((set->flags & CONTAINERCTL_SET_MODE) && set->mode & ~0777)
		return -EINVAL;
	if ((set->flags & CONTAINERCTL_SET_FLAGS) &&
	    set->cflags & ~__CONTAINERCTL_F_ALL)
		return -EINVAL;
	if (set->flags & CONTAINERCTL_SET_OWNER) {
		uid = make_kuid(ns, set->uid);
		gid = make_kgid(ns, set->gid);
		if (!uid_valid(uid) || !gid_valid(gid))
			return -EINVAL;
	}

	mutex_lock(&ctr_tree_lock);
	c = ctr_find(id);
	if (IS_ERR(c)) {
		ret = PTR_ERR(c);
		goto out_unlock;
	}
	ret = ctr_perm_set(capable(CAP_SYS_ADMIN),
			   uid_eq(current_fsuid(), c->uid), set->flags);
	if (ret)
		goto out_unlock;
	if (c == ctr_root && set->flags) {
		ret = -EPERM;
		goto out_unlock;
	}
	if (set->flags & CONTAINERCTL_SET_OWNER) {
		c->uid = uid;
		c->gid = gid;
	}
	if (set->flags & CONTAINERCTL_SET_MODE)
		c->mode = set->mode;
	if (set->flags & CONTAINERCTL_SET_FLAGS)
		WRITE_ONCE(c->flags, set->cflags);
	if (set->flags & CONTAINERCTL_SET_MAX_DESCENDANTS)
		c->max_descendants = set->max_descendants;
out_unlock:
	mutex_unlock(&ctr_tree_lock);
	return ret;
}

/*
 * The task named by @nr: a pid in the caller's namespace (0: the caller),
 * or with CONTAINERCTL_PIDFD in @flags a pidfd, whose task the caller must
 * see in its pid namespace as it would a pid. A task already exiting is
 * none (ESRCH). With @leader, the leader of its thread group (which may
 * have exited itself: a group move takes the live threads). Returns it
 * with a reference taken.
 */
static struct task_struct *ctr_get_task(u32 nr, u32 flags, bool leader)
{
	struct task_struct *task;
	struct pid *p = NULL;

	if (flags & CONTAINERCTL_PIDFD) {
		p = ctr_pidfd_get_pid(nr);
		if (IS_ERR(p))
			return ERR_CAST(p);
	}
	rcu_read_lock();
	if (p)
		task = ctr_pid_task(p, leader) ?: ERR_PTR(-ESRCH);
	else
		task = ctr_vpid_task(nr, leader);
	if (!IS_ERR(task))
		get_task_struct(task);
	rcu_read_unlock();
	put_pid(p);
	return task;
}

/* The task a move takes: the named one, or its group's leader. */
static struct task_struct *ctr_get_mover(u32 nr, u32 flags, bool thread_only)
{
	return ctr_get_task(nr, flags, !thread_only);
}

/*
 * The ns rules for moving @task from @src into @dest, or into a new child
 * of @parent when @dest is NULL (see the uapi header).
 */
static int ctr_nsrules_attach(struct task_struct *task,
			      struct ctr_container *src,
			      struct ctr_container *parent,
			      struct ctr_container *dest, bool admin)
{
	struct ctr_container *where = dest ?: parent;
	struct ctr_perm_nsmove mv = {
		.self = same_thread_group(task, current),
		.admin = admin,
		.child_of_src = dest ? dest->parent == src : parent == src,
		.dest_empty = dest ? !ctr_member_nr_threads(dest) : true,
	};

	mv.in_caller_subtree =
		ctr_tree_is_descendant(where, ctr_member_container(current));
	return ctr_perm_nsrules_attach(&mv);
}

/* A move to check, source container by source container. */
struct ctr_move_check {
	struct task_struct *task;
	bool thread_only;
	struct ctr_container *parent;	/* a clone: the new container's parent */
	struct ctr_container *dest;	/* an attach: the destination */
	bool nsrules;			/* the destination has the ns rules */
	bool admin;
	/*
	 * The write permissions, which depend on the containers only: kept
	 * from one task of a batch to the next (the caller holds
	 * ctr_tree_lock throughout, so they stay true).
	 */
	bool dest_known, may_write_dest;
	struct ctr_container *last_src;	/* the source of may_write_common */
	bool may_write_common;
};

/* The permission to move mc->task from @src to @to (dest, or a new child). */
static int ctr_may_move(struct ctr_move_check *mc, struct ctr_container *src,
			struct ctr_container *to)
{
	struct ctr_perm_ids ids;

	if (!mc->dest_known) {
		mc->may_write_dest = mc->admin || ctr_may_write(to);
		mc->dest_known = true;
	}
	if (src != mc->last_src) {
		mc->may_write_common = mc->admin ||
			ctr_may_write(ctr_tree_common_ancestor(src, to));
		mc->last_src = src;
	}
	ctr_task_ids(mc->task, &ids);
	return ctr_perm_attach(mc->admin,
			       ctr_perm_same_user(current_euid(), &ids),
			       mc->may_write_dest, mc->may_write_common);
}

/*
 * May the move of @mc take threads from every container they are in? The
 * caller holds ctr_tree_lock across the check and the move. Returns 0,
 * -ESRCH (no live thread), -ENOMEM, -EAGAIN or the first refusal.
 */
static int ctr_may_move_all(struct ctr_move_check *mc)
{
	struct ctr_container *stack[8], **srcs = stack, *to;
	size_t cap = ARRAY_SIZE(stack), n, i;
	int tries, ret = 0;

	lockdep_assert_held(&ctr_tree_lock);
	for (tries = 0; ; tries++) {
		n = ctr_member_sources(mc->task, mc->thread_only, srcs, cap);
		if (n <= cap)
			break;
		if (srcs != stack)
			kvfree(srcs);
		if (tries == 8)
			return -EAGAIN;
		cap = n;
		srcs = kvmalloc_array(cap, sizeof(*srcs), GFP_KERNEL);
		if (!srcs)
			return -ENOMEM;
	}
	if (!n)
		ret = -ESRCH;
	to = mc->dest ?: mc->parent;
	for (i = 0; i < n && !ret; i++) {
		ret = ctr_may_move(mc, srcs[i], to);
		if (!ret && mc->nsrules && srcs[i] != mc->dest)
			ret = ctr_nsrules_attach(mc->task, srcs[i], mc->parent,
						 mc->dest, mc->admin);
	}
	if (srcs != stack)
		kvfree(srcs);
	return ret;
}

/*
 * May @mc's attach be made? As ctr_may_move_all(), but for CAP_SYS_ADMIN
 * into a destination without the ns rules there is nothing to decide per
 * source (the ids and the containers' modes do not matter): the sources
 * are not even looked up. Whether a thread is alive the move itself finds
 * out (ESRCH, nothing moved), as the check would have.
 */
static int ctr_may_attach(struct ctr_move_check *mc)
{
	if (mc->admin && !mc->nsrules)
		return 0;
	return ctr_may_move_all(mc);
}

/**
 * ctr_attach() - CONTAINERCTL_IOC_ATTACH
 * @id: the destination
 * @nr: the task: a pid, or a pidfd with CONTAINERCTL_PIDFD
 * @flags: CONTAINERCTL_ATTACH_* (checked by the caller)
 *
 * Return: 0 or a negative errno (see the uapi header).
 */
int ctr_attach(u64 id, u32 nr, u32 flags)
{
	bool thread_only = flags & CONTAINERCTL_ATTACH_THREAD;
	struct ctr_move_check mc = { .thread_only = thread_only };
	struct ctr_container *dest;
	struct task_struct *task;
	int ret;

	task = ctr_get_mover(nr, flags, thread_only);
	if (IS_ERR(task))
		return PTR_ERR(task);

	mutex_lock(&ctr_tree_lock);
	dest = ctr_find(id);
	if (IS_ERR(dest)) {
		ret = PTR_ERR(dest);
		goto out_unlock;
	}
	mc.task = task;
	mc.dest = dest;
	mc.nsrules = dest->flags & CONTAINERCTL_F_NSRULES;
	mc.admin = capable(CAP_SYS_ADMIN);
	ret = ctr_may_attach(&mc) ?: ctr_member_attach(task, dest, thread_only);
out_unlock:
	mutex_unlock(&ctr_tree_lock);
	put_task_struct(task);
	return ret;
}

/*
 * The batch of ctr_attach_batch() by CAP_SYS_ADMIN, of pids, not all or
 * none: moved as a loop of ATTACH would (ctr_member_attach_vpids()). If
 * the destination is not found or has the ns rules, -EAGAIN: the general
 * path decides, and reports errors in the order a loop would.
 */
static int ctr_attach_batch_vpids(u64 id, const u32 *nrs, u32 count,
				  bool thread_only, u32 *moved, u32 *index)
{
	struct ctr_container *dest;
	size_t done;
	int ret;

	mutex_lock(&ctr_tree_lock);
	dest = ctr_find(id);
	if (IS_ERR(dest) || (dest->flags & CONTAINERCTL_F_NSRULES)) {
		ret = -EAGAIN;
		goto out_unlock;
	}
	ret = ctr_member_attach_vpids(nrs, count, dest, thread_only, &done);
	*moved = done;
	if (ret)
		*index = done;
out_unlock:
	mutex_unlock(&ctr_tree_lock);
	return ret;
}

/**
 * ctr_attach_batch() - CONTAINERCTL_IOC_ATTACH_BATCH
 * @id: the destination
 * @nrs: the tasks: pids, or pidfds with CONTAINERCTL_PIDFD
 * @count: how many
 * @flags: CONTAINERCTL_ATTACH_* and CONTAINERCTL_BATCH_ATOMIC (checked by
 *         the caller)
 * @moved: set to the number of tasks moved
 * @index: on failure, set to the index of the task that failed
 *
 * One batch: the tasks are all found first, then under one hold of
 * ctr_tree_lock the destination is looked up, each task's permission
 * decided (the write permissions once per run of tasks from the same
 * source container), and the moves made by ctr_member_attach_many().
 * Without CONTAINERCTL_BATCH_ATOMIC it stops at the first task that fails,
 * as a loop of ATTACH would; with it, a failure leaves every task where it
 * was.
 *
 * The caller's capability is read once. A batch of pids that is not all
 * or none, by CAP_SYS_ADMIN into a container without the ns rules, needs
 * no decision per task: ctr_attach_batch_vpids() moves it.
 *
 * Return: 0 or a negative errno (see the uapi header).
 */
int ctr_attach_batch(u64 id, const u32 *nrs, u32 count, u32 flags,
		     u32 *moved, u32 *index)
{
	bool thread_only = flags & CONTAINERCTL_ATTACH_THREAD;
	bool atomic = flags & CONTAINERCTL_BATCH_ATOMIC;
	struct ctr_move_check mc = { .thread_only = thread_only };
	struct task_struct **tasks;
	struct ctr_container *dest;
	size_t n, i, done;
	int ret = 0, err;

	*moved = 0;
	*index = 0;
	mc.admin = capable(CAP_SYS_ADMIN);
	if (mc.admin && !atomic && !(flags & CONTAINERCTL_PIDFD)) {
		ret = ctr_attach_batch_vpids(id, nrs, count, thread_only,
					     moved, index);
		if (ret != -EAGAIN)
			return ret;
		ret = 0;
	}
	tasks = kvmalloc_array(count, sizeof(*tasks), GFP_KERNEL);
	if (!tasks)
		return -ENOMEM;
	for (n = 0; n < count; n++) {
		tasks[n] = ctr_get_mover(nrs[n], flags, thread_only);
		if (IS_ERR(tasks[n])) {
			ret = PTR_ERR(tasks[n]);
			*index = n;
			break;
		}
	}
	/* Nothing to move: all or none, or the first task failed. */
	if (ret && (atomic || !n))
		goto out_put;

	mutex_lock(&ctr_tree_lock);
	dest = ctr_find(id);
	if (IS_ERR(dest)) {
		ret = PTR_ERR(dest);
		*index = 0;
		goto out_unlock;
	}
	mc.dest = dest;
	mc.nsrules = dest->flags & CONTAINERCTL_F_NSRULES;
	for (i = 0; i < n; i++) {
		mc.task = tasks[i];
		err = ctr_may_attach(&mc);
		if (err) {
			ret = err;
			*index = i;
			n = i;
			break;
		}
	}
	if (ret && atomic)
		goto out_unlock;
	err = ctr_member_attach_many(tasks, n, dest, thread_only, atomic,
				     &done);
	if (err) {
		ret = err;
		*index = done;
	}
	*moved = atomic && err ? 0 : done;
out_unlock:
	mutex_unlock(&ctr_tree_lock);
out_put:
	for (i = 0; i < count && !IS_ERR(tasks[i]); i++)
		put_task_struct(tasks[i]);
	kvfree(tasks);
	return ret;
}

/*
 * Make @c (allocated, attributes set, not registered) a child of @parent
 * and move @task into it, in one step under ctr_member_lock: nobody sees
 * the container without the task, and if the task cannot be moved the
 * container is gone again. @name is the name, or NULL for an automatic
 * one (node_<pid> with @by_pid).
 */
static int ctr_clone_locked(struct task_struct *task,
			    struct ctr_container *parent,
			    struct ctr_container *c, bool thread_only,
			    const char *name, bool by_pid, u32 cause,
			    unsigned long ns_flags)
{
	char buf[CONTAINERCTL_NAME_MAX];
	struct ctr_move mv;
	u64 seq = 0;
	int ret;

	lockdep_assert_held(&ctr_tree_lock);
	if (name) {
		if (ctr_tree_find_child(parent, name))
			return -EEXIST;
	} else {
		ret = ctr_tree_auto_name(parent, by_pid, task_pid_nr(task),
					 buf, &seq);
		if (ret)
			return ret;
		name = buf;
	}
	ret = ctr_container_set_name(c, name);
	if (ret)
		return ret;
	ret = ctr_register(parent, c);
	if (ret)
		return ret;
	ret = ctr_member_move_begin(&mv, task, thread_only, false);
	if (ret)
		goto out_unregister;
	ret = ctr_tree_link(parent, c);
	if (!WARN_ON_ONCE(ret)) {	/* the name was checked above */
		ret = ctr_member_move_prepare(&mv, c);
		if (ret) {
			ctr_tree_unlink(c);
		} else {
			ctr_ev_container(CONTAINERCTL_EV_CREATE, c);
			ctr_member_move_finish(&mv, c);
			ctr_ev_clone(c, task, cause, ns_flags);
		}
	}
	ctr_member_move_end(&mv);
	if (ret)
		goto out_unregister;
	if (seq)
		parent->auto_seq = seq;
	ctr_registered(c);
	return 0;

out_unregister:
	ctr_unregister(c);
	return ret;
}

/**
 * ctr_clone() - CONTAINERCTL_IOC_CLONE
 * @cl: the arguments; id and name are written back on success
 *
 * Return: 0 or a negative errno (see the uapi header); nothing is created
 * on failure.
 */
int ctr_clone(struct containerctl_clone *cl)
{
	struct ctr_move_check mc = {
		.thread_only = cl->flags & CONTAINERCTL_CLONE_THREAD,
	};
	struct ctr_container *parent, *c;
	struct task_struct *task;
	const char *name = NULL;
	int ret;

	if ((cl->cflags | cl->clear_flags) & ~__CONTAINERCTL_F_ALL ||
	    cl->mode & ~0777 ||
	    (!(cl->flags & CONTAINERCTL_PIDFD) && cl->pid > INT_MAX))
		return -EINVAL;
	if (cl->name[0]) {
		ret = ctr_name_check(cl->name, sizeof(cl->name));
		if (ret < 0)
			return ret;
		name = cl->name;
	}
	task = ctr_get_mover(cl->pid, cl->flags, mc.thread_only);
	if (IS_ERR(task))
		return PTR_ERR(task);
	mc.task = task;
	c = ctr_container_alloc(NULL, 0);
	if (!c) {
		ret = -ENOMEM;
		goto out_put;
	}

	mutex_lock(&ctr_tree_lock);
	if (cl->parent) {
		parent = ctr_find(cl->parent);
	} else {
		/* Where the task is: its first live thread's container. */
		parent = ERR_PTR(-ESRCH);
		ctr_member_sources(task, mc.thread_only, &parent, 1);
	}
	if (IS_ERR(parent)) {
		ret = PTR_ERR(parent);
		goto out_unlock;
	}
	mc.parent = parent;
	mc.admin = capable(CAP_SYS_ADMIN);
	ret = -EACCES;
	if (!ctr_may_write(parent))
		goto out_unlock;
	ret = ctr_nsrules_create(parent, mc.admin);
	if (ret)
		goto out_unlock;
	c->uid = current_fsuid();
	c->gid = current_fsgid();
	c->mode = cl->mode;
	c->flags = ctr_inherit_flags(parent, cl->cflags, cl->clear_flags);
	mc.nsrules = c->flags & CONTAINERCTL_F_NSRULES;
	ret = ctr_may_move_all(&mc);
	if (ret)
		goto out_unlock;
	ret = ctr_clone_locked(task, parent, c, mc.thread_only, name,
			       cl->flags & CONTAINERCTL_CLONE_NAME_PID,
			       CONTAINERCTL_CAUSE_EXPLICIT, 0);
	if (!ret) {
		cl->id = c->id;
		strscpy_pad(cl->name, c->name, sizeof(cl->name));
		c = NULL;
	}
out_unlock:
	mutex_unlock(&ctr_tree_lock);
	ctr_container_free(c);
out_put:
	put_task_struct(task);
	return ret;
}

/**
 * ctr_clone_auto() - namespace tracking: move current into a new child
 * @ns_flags: the CLONE_NEW* flags of the namespaces it created
 *
 * Runs in current's context, from its task_work (nstrack.c), before it
 * returns to user space. The child is "node_<pid>", owned like its parent,
 * with its mode and inheritable flags, and CONTAINERCTL_F_AUTOREMOVE: it
 * goes once it has neither tasks nor children. If the container current
 * is in no longer tracks namespaces, nothing happens; if a limit
 * (max_auto_clones: -EDQUOT, as max_descendants) or a lack of memory stops
 * the clone, current stays and the refusal is counted.
 */
void ctr_clone_auto(unsigned long ns_flags)
{
	struct ctr_container *src, *c;
	int ret = -ENOMEM;

	c = ctr_container_alloc(NULL, 0);
	mutex_lock(&ctr_tree_lock);
	src = ctr_member_container(current);
	if (!(src->flags & CONTAINERCTL_F_NSTRACK))
		goto out_unlock;
	if (c) {
		c->uid = src->uid;
		c->gid = src->gid;
		c->mode = src->mode;
		c->flags = ctr_inherit_flags(src, CONTAINERCTL_F_AUTOREMOVE, 0);
		c->auto_clone = true;
		ret = ctr_clone_locked(current, src, c, true, NULL, true,
				       CONTAINERCTL_CAUSE_NSTRACK, ns_flags);
	}
	if (!ret) {
		ctr_nscount_cloned(src);
		c = NULL;
	} else if (ret != -ESRCH) {
		ctr_nscount_refused(src, current, ns_flags, ret);
	}
out_unlock:
	mutex_unlock(&ctr_tree_lock);
	ctr_container_free(c);
}

int ctr_which(u32 nr, u32 flags, u64 *id)
{
	struct task_struct *task = ctr_get_task(nr, flags, false);
	struct ctr_container *c;

	if (IS_ERR(task))
		return PTR_ERR(task);
	mutex_lock(&ctr_tree_lock);
	c = ctr_member_which(task);
	if (!IS_ERR(c))
		*id = c->id;
	mutex_unlock(&ctr_tree_lock);
	put_task_struct(task);
	return PTR_ERR_OR_ZERO(c);
}

/**
 * ctr_pids() - one snapshot of the pids of a container or subtree
 * @id: the container
 * @flags: CONTAINERCTL_PIDS_*
 * @pids: set to a sorted array (kvfree it)
 * @n: set to its length
 * @generation: set to the snapshot's generation
 *
 * Return: 0, -ENOENT, -ENOMEM or -EAGAIN (@flags are checked by the caller).
 */
int ctr_pids(u64 id, u32 flags, u32 **pids, size_t *n, u64 *generation)
{
	bool threads = flags & CONTAINERCTL_PIDS_THREADS;
	struct ctr_container *c;
	u32 *buf;
	int ret = 0;

	mutex_lock(&ctr_tree_lock);
	c = ctr_find(id);
	if (IS_ERR(c)) {
		ret = PTR_ERR(c);
		goto out_unlock;
	}
	/* Each item is a pid and its scratch space for the sort. */
	buf = ctr_collect(c, flags & CONTAINERCTL_PIDS_SUBTREE,
			  threads ? CTR_COLLECT_TID : CTR_COLLECT_TGID,
			  2 * sizeof(*buf), n, generation);
	if (IS_ERR(buf)) {
		ret = PTR_ERR(buf);
		goto out_unlock;
	}
	*n = ctr_snap_sort_u32(buf, buf + *n, *n, !threads);
	*pids = buf;
out_unlock:
	mutex_unlock(&ctr_tree_lock);
	return ret;
}

/*
 * May the sender of @k signal the process of @pid? It must see it in its
 * pid namespace and have kill(2)'s permission (ctr_perm_signal()).
 * Returns 1 if so, 0 if not, -ESRCH if the process is gone.
 */
static int ctr_kill_decide(const struct ctr_killer *k, struct pid *pid)
{
	struct ctr_perm_ids them;
	struct task_struct *t;

	if (!pid_nr_ns(pid, k->ns))
		return 0;
	rcu_read_lock();
	t = pid_task(pid, PIDTYPE_PID);
	if (t)
		ctr_task_ids(t, &them);
	rcu_read_unlock();
	if (!t)
		return -ESRCH;
	return ctr_perm_signal(k->cap_kill, &k->ids, &them);
}

/**
 * ctr_kill() - signal every process with a thread in a container
 * @id: the container (not the root)
 * @sig: the signal, 0 to count only
 * @subtree: include the descendants
 * @signalled: set to the number of processes signalled
 * @denied: set to the number skipped: the caller may not signal them, or
 *          they are outside its pid namespace
 *
 * Processes are collected by their thread group's struct pid, which exec
 * keeps, and signalled through it with the caller's credentials, as kill(2)
 * does (kill_pid(): the LSM hook, a pid namespace's init protected from
 * its own namespace). A process whose non-leader thread execs meanwhile is
 * signalled all the same.
 *
 * For SIGKILL, race-free against fork, as cgroup.kill: the kill is
 * published first (ctr_member_set_killer()), and while it runs a task born
 * in its reach is killed at birth if the caller may signal it and sees it.
 * A task whose creator was collected before has been signalled either
 * with its creator's process or at birth, because its creator then has
 * SIGKILL pending.
 *
 * Return: 0, -EINVAL, -ENOENT, -EPERM (the root), -EACCES or -ENOMEM.
 */
int ctr_kill(u64 id, int sig, bool subtree, u64 *signalled, u64 *denied)
{
	struct ctr_killer k = { .subtree = subtree };
	struct pid **pids, *prev;
	size_t i, n;
	int ret = 0;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	*signalled = 0;
	*denied = 0;
	ctr_task_ids(current, &k.ids);
	k.cap_kill = capable(CAP_KILL);
	k.ns = task_active_pid_ns(current);
	mutex_lock(&ctr_tree_lock);
	k.c = ctr_find(id);
	if (IS_ERR(k.c)) {
		ret = PTR_ERR(k.c);
		goto out_unlock;
	}
	if (k.c == ctr_root) {
		ret = -EPERM;
		goto out_unlock;
	}
	if (!ctr_may_write(k.c)) {
		ret = -EACCES;
		goto out_unlock;
	}
	if (sig == SIGKILL)
		ctr_member_set_killer(&k);
	pids = ctr_collect(k.c, subtree, CTR_COLLECT_PROCESS, sizeof(*pids),
			   &n, NULL);
	if (IS_ERR(pids)) {
		ret = PTR_ERR(pids);
		goto out_unmark;
	}
	BUILD_BUG_ON(sizeof(*pids) != sizeof(unsigned long));
	ctr_snap_sort_ul((unsigned long *)pids, n);
	/* Decide first, so that the KILL event precedes the exits it causes. */
	for (i = 0, prev = NULL; i < n; i++) {
		struct pid *pid = pids[i];
		int may = pid == prev ? -ESRCH : ctr_kill_decide(&k, pid);

		prev = pid;
		if (may > 0) {
			(*signalled)++;
			continue;
		}
		if (!may)
			(*denied)++;
		/* Another thread of that process, gone, or denied. */
		put_pid(pid);
		pids[i] = NULL;
	}
	ctr_ev_kill(k.c, sig, *signalled, *denied,
		    subtree ? CONTAINERCTL_KILL_SUBTREE : 0);
	for (i = 0; i < n; i++) {
		if (!pids[i])
			continue;
		/*
		 * The kernel checks again; an LSM may refuse what our check
		 * allowed, or the process may be gone since.
		 */
		ret = kill_pid(pids[i], sig, 0);
		if (ret) {
			(*signalled)--;
			if (ret == -EPERM)
				(*denied)++;
			ret = 0;
		}
		put_pid(pids[i]);
	}
	kvfree(pids);
out_unmark:
	if (sig == SIGKILL)
		ctr_member_set_killer(NULL);
out_unlock:
	mutex_unlock(&ctr_tree_lock);
	return ret;
}
