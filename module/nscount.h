/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CTR_NSCOUNT_H
#define _CTR_NSCOUNT_H

#include <linux/types.h>

#include <linux/containerctl.h>

struct ctr_container;
struct task_struct;

void ctr_nscount_cloned(struct ctr_container *c);
void ctr_nscount_refused(struct ctr_container *c, struct task_struct *task,
			 unsigned long ns_flags, int error);
void ctr_nscount_info(struct containerctl_info *info);

#endif /* _CTR_NSCOUNT_H */
