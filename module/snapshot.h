/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CTR_SNAPSHOT_H
#define _CTR_SNAPSHOT_H

#include <linux/types.h>

size_t ctr_snap_sort_u32(u32 *v, u32 *tmp, size_t n, bool unique);
void ctr_snap_sort_ul(unsigned long *v, size_t n);
size_t ctr_snap_count_unique_ul(unsigned long *v, size_t n);
size_t ctr_snap_after(const u32 *v, size_t n, u32 cursor);

#endif /* _CTR_SNAPSHOT_H */
