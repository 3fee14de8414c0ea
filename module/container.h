/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The container object and the locks that protect it.
 *
 * Locking:
 * - ctr_tree_lock (mutex) protects the tree's shape and every attribute
 *   but membership: parent, children, names, owner, mode, flags, limits,
 *   the id map. Held for every ioctl that reads or changes them.
 * - ctr_member_lock (a raw spinlock) protects membership: the task
 *   records, each container's member list and counts, generation, and the
 *   SIGKILL in progress (member.c's ctr_killer). Taken by the fork and exit
 *   probes, so nothing that sleeps runs under it, on PREEMPT_RT neither:
 *   no allocation, no spinlock_t, no signal. Linking or unlinking a
 *   container takes it too, so walking the tree under ctr_member_lock
 *   alone is safe.
 * Order: ctr_tree_lock, then ctr_member_lock.
 */
#ifndef _CTR_CONTAINER_H
#define _CTR_CONTAINER_H

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rbtree.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uidgid.h>

#include <linux/containerctl.h>

/* CPU time in ns, as a task's own (task_cputime_adjusted()). */
struct ctr_cputime {
	u64 user;
	u64 system;
};

/*
 * A container: 248 bytes on x86_64, from a cache of its own
 * (container.c), its name out of line. Counts that cannot pass U32_MAX are u32: descendants
 * (max_containers is a u32) and threads (at most PID_MAX_LIMIT); the depth
 * is at most CTR_DEPTH_LIMIT.
 */
struct ctr_container {
	u64 id;
	struct ctr_container *parent;
	char *name;			/* kstrdup(): "" for the root */
	struct list_head children;	/* by ascending id */
	struct list_head sibling;
	struct rb_root names;		/* children by name */
	struct rb_node name_node;
	kuid_t uid;
	kgid_t gid;
	u32 flags;			/* read locklessly by the probes */
	u16 mode;
	u8 depth;			/* at most CTR_DEPTH_LIMIT */
	bool auto_clone;		/* made by namespace tracking */
	u32 nr_children;
	u32 nr_descendants;
	u64 max_descendants;
	u64 ctime_ns;
	u64 auto_seq;			/* last automatic "node<N>" child */
	struct list_head reap;		/* on the autoremove list, under
					 * ctr_member_lock
					 */
	atomic64_t ns_clones;		/* automatic clones made under it */
	atomic64_t ns_refused;		/* ... refused for its tasks */

	/* Membership, under ctr_member_lock. */
	struct list_head members;	/* struct ctr_member.link */
	u32 nr_threads;
	u64 generation;

	/* Accounting, under ctr_member_lock (member.c, cputime.c). */
	struct ctr_cputime cpu_done;	/* of tasks that exited in it or left */
	struct ctr_cputime cpu_removed;	/* of its removed descendants */
	u64 nr_forks;			/* tasks born in it */
	u64 nr_exits;			/* tasks that ended in it */
};

extern struct mutex ctr_tree_lock;
extern raw_spinlock_t ctr_member_lock;

/* Paths must fit CONTAINERCTL_PATH_MAX: 48 levels of 63-character names. */
#define CTR_DEPTH_LIMIT	48

/* container.c: the object's memory. */
int ctr_container_init(void);
void ctr_container_uninit(void);
struct ctr_container *ctr_container_alloc(const char *name, u64 id);
int ctr_container_set_name(struct ctr_container *c, const char *name);
void ctr_container_free(struct ctr_container *c);

/* tree.c: pure tree logic, no global state, callers hold ctr_tree_lock. */
struct ctr_container *ctr_tree_find_child(struct ctr_container *parent,
					  const char *name);
int ctr_tree_check_limits(struct ctr_container *parent, u32 max_depth);
int ctr_tree_may_add(struct ctr_container *parent, u32 max_depth,
		     u32 nr_containers, u32 max_containers);
int ctr_tree_auto_name(struct ctr_container *parent, bool by_pid, u32 pid,
		       char *buf, u64 *seq);
int ctr_tree_link(struct ctr_container *parent, struct ctr_container *c);
void ctr_tree_unlink(struct ctr_container *c);
struct ctr_container *ctr_tree_common_ancestor(struct ctr_container *a,
					       struct ctr_container *b);
bool ctr_tree_is_descendant(struct ctr_container *c,
			    struct ctr_container *ancestor);
int ctr_tree_path(struct ctr_container *c, char *buf, size_t size);
struct ctr_container *ctr_tree_walk(struct ctr_container *root,
				    const char *path);
struct ctr_container *ctr_tree_next_pre(struct ctr_container *pos,
					struct ctr_container *root);

#endif /* _CTR_CONTAINER_H */
