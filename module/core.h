/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CTR_CORE_H
#define _CTR_CORE_H

#include <linux/types.h>

#include <linux/containerctl.h>

struct ctr_container;

bool ctr_may_write(struct ctr_container *c);

void ctr_core_info(struct containerctl_info *info);
int ctr_create(u64 parent_id, const char *name, u32 mode, u32 flags,
	       u32 clear_flags, u64 *id);
int ctr_destroy(u64 id);
int ctr_stat(struct ctr_container *c, struct containerctl_stat *st);
int ctr_stat_acct(struct ctr_container *c, struct containerctl_stat *st);
int ctr_set(u64 id, const struct containerctl_set *set);
int ctr_attach(u64 id, u32 nr, u32 flags);
int ctr_attach_batch(u64 id, const u32 *nrs, u32 count, u32 flags,
		     u32 *moved, u32 *index);
int ctr_clone(struct containerctl_clone *cl);
void ctr_clone_auto(unsigned long ns_flags);
int ctr_which(u32 nr, u32 flags, u64 *id);
int ctr_pids(u64 id, u32 flags, u32 **pids, size_t *n, u64 *generation);
int ctr_kill(u64 id, int sig, bool subtree, u64 *signalled, u64 *denied);
size_t ctr_nr_procs(struct ctr_container *c);

#endif /* _CTR_CORE_H */
