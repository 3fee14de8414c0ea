/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CTR_MEMBER_H
#define _CTR_MEMBER_H

#include <linux/list.h>
#include <linux/types.h>

#include "perm.h"
#include "taskwork.h"

struct ctr_container;
struct ctr_cputime;
struct pid_namespace;
struct task_struct;

/* What ctr_member_collect() gathers for each task. */
enum ctr_collect {
	CTR_COLLECT_TID,	/* u32 thread id in the given pid namespace */
	CTR_COLLECT_TGID,	/* u32 thread group id in it */
	CTR_COLLECT_GROUP,	/* unsigned long: the thread group's identity */
	CTR_COLLECT_PROCESS,	/* struct pid * of the thread group, referenced */
};

/*
 * A SIGKILL in progress (ctr_kill()), and who sent it: a task born in its
 * container (or subtree) is killed at birth if, and only if, the sender
 * may signal it and can see it.
 */
struct ctr_killer {
	struct ctr_container *c;
	bool subtree;
	bool cap_kill;
	struct ctr_perm_ids ids;
	struct pid_namespace *ns;
};

int ctr_member_init(void);
void ctr_member_uninit(void);

void ctr_member_fork(struct task_struct *child, unsigned long ns_flags,
		     ctr_twork_fn clone_work);
void ctr_member_unshared(unsigned long ns_flags, ctr_twork_fn clone_work);
void ctr_member_exit(struct task_struct *task, int group_dead);

struct ctr_container *ctr_member_container(struct task_struct *task);
struct ctr_container *ctr_member_which(struct task_struct *task);

/* A move prepared by ctr_member_move_begin(). */
struct ctr_move {
	struct task_struct *task;
	bool thread_only;
	bool to_root;
	struct list_head spares;	/* records allocated for it */
	size_t nr_spares;
	struct list_head fresh;		/* records inserted by _prepare() */
};

int ctr_member_move_begin(struct ctr_move *mv, struct task_struct *task,
			  bool thread_only, bool to_root);
int ctr_member_move_prepare(struct ctr_move *mv, struct ctr_container *dest);
void ctr_member_move_finish(struct ctr_move *mv, struct ctr_container *dest);
void ctr_member_move_end(struct ctr_move *mv);
int ctr_member_attach(struct task_struct *task, struct ctr_container *dest,
		      bool thread_only);
int ctr_member_attach_many(struct task_struct **tasks, size_t n,
			   struct ctr_container *dest, bool thread_only,
			   bool atomic, size_t *done);
int ctr_member_attach_vpids(const u32 *nrs, size_t n,
			    struct ctr_container *dest, bool thread_only,
			    size_t *done);
size_t ctr_member_sources(struct task_struct *task, bool thread_only,
			  struct ctr_container **buf, size_t cap);
size_t ctr_member_collect(struct ctr_container *c, bool subtree,
			  enum ctr_collect what, struct pid_namespace *ns,
			  void *buf, size_t cap, u64 *generation);
u64 ctr_member_generation(struct ctr_container *c);
void ctr_member_cputime(struct ctr_container *c, bool subtree,
			struct ctr_cputime *sum);
u64 ctr_member_nr_threads(struct ctr_container *c);
void ctr_member_set_killer(struct ctr_killer *k);
void ctr_task_ids(struct task_struct *task, struct ctr_perm_ids *ids);
unsigned long ctr_member_nr_tracked(void);
u64 ctr_member_track_failures(void);

#endif /* _CTR_MEMBER_H */
