/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CTR_NSTRACK_H
#define _CTR_NSTRACK_H

#include <linux/sched.h>
#include <linux/types.h>

#include <linux/containerctl.h>

/* The clone(2) and unshare(2) flags that create namespaces. */
#define CTR_NS_FLAGS	(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | \
			 CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | \
			 CLONE_NEWNET | CLONE_NEWTIME)

int ctr_nstrack_init(void);
void ctr_nstrack_uninit(void);

void ctr_nstrack_clone_work(unsigned long ns_flags);
void ctr_nstrack_info(struct containerctl_info *info);

#endif /* _CTR_NSTRACK_H */
