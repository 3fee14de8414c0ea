/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CTR_CHARDEV_H
#define _CTR_CHARDEV_H

int ctr_chardev_init(void);
void ctr_chardev_uninit(void);

#endif /* _CTR_CHARDEV_H */
