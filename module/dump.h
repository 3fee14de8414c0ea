/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CTR_DUMP_H
#define _CTR_DUMP_H

int ctr_dump_init(void);
void ctr_dump_uninit(void);

#endif /* _CTR_DUMP_H */
