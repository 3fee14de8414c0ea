/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CTR_PROCFS_H
#define _CTR_PROCFS_H

int ctr_procfs_init(void);
void ctr_procfs_uninit(void);

#endif /* _CTR_PROCFS_H */
