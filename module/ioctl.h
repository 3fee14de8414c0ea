/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CTR_IOCTL_H
#define _CTR_IOCTL_H

long ctr_ioctl(struct file *file, unsigned int cmd, unsigned long arg);

#endif /* _CTR_IOCTL_H */
