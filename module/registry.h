/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CTR_REGISTRY_H
#define _CTR_REGISTRY_H

#include <linux/types.h>

#include <linux/containerctl.h>

struct ctr_container;

extern struct ctr_container *ctr_root;

int ctr_registry_init(void);
void ctr_registry_uninit(void);
void ctr_registry_info(struct containerctl_info *info);

struct ctr_container *ctr_find(u64 id);
int ctr_register(struct ctr_container *parent, struct ctr_container *c);
void ctr_unregister(struct ctr_container *c);
void ctr_registered(struct ctr_container *c);
void ctr_unlink(struct ctr_container *c);
void ctr_free(struct ctr_container *c);
void ctr_reap_queue(struct ctr_container *c);

#endif /* _CTR_REGISTRY_H */
