/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CTR_PIDFD_H
#define _CTR_PIDFD_H

#include <linux/types.h>

struct pid;
struct task_struct;

struct pid *ctr_pidfd_get_pid(unsigned int fd);
struct task_struct *ctr_pid_task(struct pid *p, bool leader);
struct task_struct *ctr_vpid_task(u32 nr, bool leader);

#endif /* _CTR_PIDFD_H */
