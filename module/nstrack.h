/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CTR_NSTRACK_H
#define _CTR_NSTRACK_H

#include <linux/sched.h>
#include <linux/types.h>

struct ctr_container;
struct ctr_twork;
struct task_struct;

/* The clone(2) and unshare(2) flags that create namespaces. */
#define CTR_NS_FLAGS	(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | \
			 CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | \
			 CLONE_NEWNET | CLONE_NEWTIME)

int ctr_nstrack_init(void);
void ctr_nstrack_uninit(void);

struct ctr_twork *ctr_nstrack_prepare(unsigned long ns_flags, bool may_alloc);
void ctr_nstrack_cloned(struct ctr_container *c);
void ctr_nstrack_refused(struct ctr_container *c, struct task_struct *task,
			 unsigned long ns_flags, int error);

bool ctr_nstrack_unshare_tracked(void);
u64 ctr_nstrack_nr_clones(void);
u64 ctr_nstrack_nr_refused(void);
u64 ctr_nstrack_nr_missed(void);

#endif /* _CTR_NSTRACK_H */
