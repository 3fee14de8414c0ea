// SPDX-License-Identifier: GPL-2.0
/*
 * The family's dump (CONTAINERCTL_CMD_DUMP): every container with its
 * parent, name, flags and counts, and the number of the last event, as of
 * one instant. The snapshot is taken at start under ctr_tree_lock and
 * ctr_member_lock and sent over as many calls as it takes; see events.c
 * for why it matches the events numbered up to it.
 *
 * Layer: the ABI, beside ioctl.c and procfs.c. It reads the registry and
 * hands its operations to events.c, which owns the family.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/string.h>
#include <net/genetlink.h>

#include "container.h"
#include "dump.h"
#include "events.h"
#include "registry.h"

struct ctr_dump_item {
	u64 id;
	u64 parent;
	u64 nr_threads;
	u32 flags;
	u32 nr_children;
	char name[CONTAINERCTL_NAME_MAX];
};

struct ctr_dump {
	u64 seq;
	size_t n;
	size_t pos;
	struct ctr_dump_item items[];
};

static int ctr_dump_start(struct netlink_callback *cb)
{
	struct ctr_container *pos;
	struct ctr_dump *d;
	size_t n = 0;

	mutex_lock(&ctr_tree_lock);
	for (pos = ctr_root; pos; pos = ctr_tree_next_pre(pos, ctr_root))
		n++;
	d = kvmalloc(struct_size(d, items, n), GFP_KERNEL);
	if (!d) {
		mutex_unlock(&ctr_tree_lock);
		return -ENOMEM;
	}
	d->n = 0;
	d->pos = 0;
	/* Membership and the numbers as of one instant. */
	raw_spin_lock(&ctr_member_lock);
	d->seq = ctr_events_seq();
	for (pos = ctr_root; pos; pos = ctr_tree_next_pre(pos, ctr_root)) {
		struct ctr_dump_item *it = &d->items[d->n++];

		it->id = pos->id;
		it->parent = pos->parent ? pos->parent->id : 0;
		it->nr_threads = pos->nr_threads;
		it->flags = pos->flags;
		it->nr_children = pos->nr_children;
		strscpy(it->name, pos->name, sizeof(it->name));
	}
	raw_spin_unlock(&ctr_member_lock);
	mutex_unlock(&ctr_tree_lock);
	cb->args[0] = (long)d;
	return 0;
}

static int ctr_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ctr_dump *d = (struct ctr_dump *)cb->args[0];

	for (; d->pos < d->n; d->pos++) {
		const struct ctr_dump_item *it = &d->items[d->pos];
		void *hdr;

		hdr = ctr_genl_put(skb, NETLINK_CB(cb->skb).portid,
				   cb->nlh->nlmsg_seq, NLM_F_MULTI,
				   CONTAINERCTL_CMD_DUMP);
		if (!hdr)
			break;
		if (nla_put_u64_64bit(skb, CONTAINERCTL_A_SEQ, d->seq,
				      CONTAINERCTL_A_PAD) ||
		    nla_put_u64_64bit(skb, CONTAINERCTL_A_ID, it->id,
				      CONTAINERCTL_A_PAD) ||
		    nla_put_u64_64bit(skb, CONTAINERCTL_A_PARENT, it->parent,
				      CONTAINERCTL_A_PAD) ||
		    nla_put_string(skb, CONTAINERCTL_A_NAME, it->name) ||
		    nla_put_u32(skb, CONTAINERCTL_A_FLAGS, it->flags) ||
		    nla_put_u32(skb, CONTAINERCTL_A_NR_CHILDREN,
				it->nr_children) ||
		    (it->id != CONTAINERCTL_ROOT_ID &&
		     nla_put_u64_64bit(skb, CONTAINERCTL_A_NR_THREADS,
				       it->nr_threads, CONTAINERCTL_A_PAD))) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	return skb->len;
}

static int ctr_dump_done(struct netlink_callback *cb)
{
	kvfree((void *)cb->args[0]);
	return 0;
}

static const struct genl_ops ctr_dump_ops[] = {
	{
		.cmd = CONTAINERCTL_CMD_DUMP,
		/* It copies every container under ctr_member_lock. */
		.flags = GENL_ADMIN_PERM,
		.start = ctr_dump_start,
		.dumpit = ctr_dump,
		.done = ctr_dump_done,
	},
};

/* Register the family, with the dump as its command. */
int ctr_dump_init(void)
{
	return ctr_events_init(ctr_dump_ops, ARRAY_SIZE(ctr_dump_ops));
}

void ctr_dump_uninit(void)
{
	ctr_events_uninit();
}
