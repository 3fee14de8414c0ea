/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CTR_PIDFD_H
#define _CTR_PIDFD_H

struct pid;

struct pid *ctr_pidfd_get_pid(unsigned int fd);

#endif /* _CTR_PIDFD_H */
