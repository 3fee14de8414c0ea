// SPDX-License-Identifier: GPL-2.0
/*
 * Events: the generic netlink family "containerctl" and its multicast
 * groups "events" and "tasks". The uapi header documents what subscribers
 * see. The family's one command, the dump, is dump.c's: it reads the
 * registry, a layer above this one, and its operations are handed in at
 * init.
 *
 * Emission is split in two so that no netlink message is built or sent
 * from the fork and exit probes:
 * - ctr_event_emit(), callable in atomic context, gives the event its
 *   sequence number and time and copies it into one ring under ctr_ev_lock
 *   (a few hundred bytes, no allocation), then, if the ring was empty,
 *   queues ctr_ev_work to run event_delay_us later, or at once when the
 *   ring is a quarter full. One ring and one lock give one order: the ring's
 *   order is the sequence numbers' order. When the ring is full the event
 *   is dropped, but its number is spent, so subscribers see the gap.
 * - ctr_ev_work, in process context, takes batches off the ring, packs
 *   them into skbs, one message per event and as many per skb as fit, an
 *   skb for each event group and one for "all" (every event), and
 *   multicasts each in order.
 * While nobody subscribes to a group, its events are not generated at all
 * (genl_has_listeners(): a bit test).
 *
 * Callers that change state emit under the lock that orders the change
 * (ctr_member_lock for membership and tree links), so a dump taken under
 * ctr_tree_lock and ctr_member_lock, with the sequence number read under
 * them, matches exactly the events numbered up to it.
 *
 * Layer: below everything that changes state (registry, membership, the
 * operations, namespace counts); it calls nothing else in the module and
 * only reads the containers it is handed (container.h).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/log2.h>
#include <linux/moduleparam.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>

#include "compat.h"
#include "container.h"
#include "events.h"

static unsigned int event_buffer = 8192;
module_param(event_buffer, uint, 0444);
MODULE_PARM_DESC(event_buffer, "Events queued for the netlink sender, rounded up to a power of 2 (default 8192)");

static unsigned int event_delay_us = 1000;
module_param(event_delay_us, uint, 0644);
MODULE_PARM_DESC(event_delay_us, "How long the netlink sender lets events gather after the first, in microseconds: at least one tick unless 0, at most a second; a quarter-full buffer is sent at once (default 1000)");

/*
 * Multicast groups restricted to CAP_NET_ADMIN (see compat.h): one per
 * event group, and "all", every event, in the order of their numbers.
 */
#define CTR_EV_ALL	CTR_EV_NR_GROUPS
#define CTR_EV_NR_MCGRPS	(CTR_EV_NR_GROUPS + 1)
static const struct genl_multicast_group ctr_genl_mcgrps[] = {
	[CTR_EV_EVENTS] = {
		.name = CONTAINERCTL_GENL_MCGRP_EVENTS,
		.flags = CTR_GENL_MCAST_ADMIN,
	},
	[CTR_EV_TASKS] = {
		.name = CONTAINERCTL_GENL_MCGRP_TASKS,
		.flags = CTR_GENL_MCAST_ADMIN,
	},
	[CTR_EV_ALL] = {
		.name = CONTAINERCTL_GENL_MCGRP_ALL,
		.flags = CTR_GENL_MCAST_ADMIN,
	},
};

static_assert(ARRAY_SIZE(ctr_genl_mcgrps) == CTR_EV_NR_MCGRPS);

/* No command takes attributes: every one is refused. */
static const struct nla_policy ctr_genl_policy[CONTAINERCTL_A_MAX + 1] = {};

static struct genl_family ctr_genl_family __ro_after_init = {
	.name = CONTAINERCTL_GENL_NAME,
	.version = CONTAINERCTL_GENL_VERSION,
	.maxattr = CONTAINERCTL_A_MAX,
	.policy = ctr_genl_policy,
	.module = THIS_MODULE,
	/* .ops: the commands, from the layer above (ctr_events_init()) */
	.mcgrps = ctr_genl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(ctr_genl_mcgrps),
};

/* The ring, under ctr_ev_lock. */
static DEFINE_RAW_SPINLOCK(ctr_ev_lock);
static struct ctr_event *ctr_ev_ring;
static u32 ctr_ev_mask;
static u32 ctr_ev_head, ctr_ev_tail;		/* free-running */
static u64 ctr_ev_seq;				/* last number given */
static u64 ctr_ev_last[CTR_EV_NR_GROUPS];	/* last number per group */
static u64 ctr_ev_group_nr[CTR_EV_NR_GROUPS];	/* events per group */
static u64 ctr_ev_nr_dropped;

static void ctr_ev_send(struct work_struct *work);
static DECLARE_DELAYED_WORK(ctr_ev_work, ctr_ev_send);

/* The sender's wait for more events after the first (event_delay_us). */
static unsigned long ctr_ev_delay(void)
{
	return usecs_to_jiffies(min_t(unsigned int, READ_ONCE(event_delay_us),
				      USEC_PER_SEC));
}

/* Events taken off the ring per round; only ctr_ev_work uses it. */
#define CTR_EV_BATCH	32
static struct ctr_event ctr_ev_batch[CTR_EV_BATCH];

/* Does anybody subscribe to multicast group @mcgrp? */
static bool ctr_ev_listened(unsigned int mcgrp)
{
	return genl_has_listeners(&ctr_genl_family, &init_net, mcgrp) > 0;
}

/**
 * ctr_events_wanted() - does anybody subscribe to @group, or to "all"?
 * @group: the group
 *
 * Return: true if an event for it would be sent.
 */
bool ctr_events_wanted(enum ctr_ev_group group)
{
	return ctr_ev_listened(group) || ctr_ev_listened(CTR_EV_ALL);
}

/**
 * ctr_event_emit() - number an event and queue it for sending
 * @ev: the event, its type and attributes filled in
 * @group: its group
 *
 * Must not sleep; may be called under ctr_member_lock.
 */
void ctr_event_emit(struct ctr_event *ev, enum ctr_ev_group group)
{
	bool was_empty, kick = false;

	raw_spin_lock(&ctr_ev_lock);
	was_empty = ctr_ev_head == ctr_ev_tail;
	ev->seq = ++ctr_ev_seq;
	ev->group_seq = ++ctr_ev_group_nr[group];
	ev->prev_seq = ctr_ev_last[group];
	ctr_ev_last[group] = ev->seq;
	ev->time_ns = ktime_get_ns();
	ev->group = group;
	if (ctr_ev_head - ctr_ev_tail <= ctr_ev_mask) {
		ctr_ev_ring[ctr_ev_head & ctr_ev_mask] = *ev;
		ctr_ev_head++;
		kick = ctr_ev_head - ctr_ev_tail == (ctr_ev_mask + 1) / 4;
	} else {
		ctr_ev_nr_dropped++;	/* the gap in the numbers shows it */
	}
	raw_spin_unlock(&ctr_ev_lock);
	/*
	 * Only the event that finds the ring empty queues the work: the ring
	 * holds an event only after such a one, whose queueing comes after it,
	 * and a run of the work empties the ring before it ends (ctr_ev_send()
	 * stops when it finds it empty, under the lock). Queueing for every
	 * event cost most of this function: the run in progress has cleared
	 * its pending bit, so each queue_work() queued it again.
	 *
	 * The work waits event_delay_us for more events, so that an skb and a
	 * multicast (and a subscriber's wakeup) carry many: run at once, it
	 * sent 1.6 events a run in a fork storm. The event that fills a
	 * quarter of the ring has it run now, so a storm is not dropped
	 * while the timer runs.
	 */
	if (was_empty)
		queue_delayed_work(CTR_UNBOUND_WQ, &ctr_ev_work, ctr_ev_delay());
	else if (kick)
		mod_delayed_work(CTR_UNBOUND_WQ, &ctr_ev_work, 0);
}

/**
 * ctr_events_seq() - the number of the last event
 *
 * Return: it (0 before the first).
 */
u64 ctr_events_seq(void)
{
	u64 seq;

	raw_spin_lock(&ctr_ev_lock);
	seq = ctr_ev_seq;
	raw_spin_unlock(&ctr_ev_lock);
	return seq;
}

/**
 * ctr_events_counts() - the events numbered, and those the module dropped
 * @seq: set to the number of the last event
 * @dropped: set to how many of them the module dropped: the ring was full,
 *           or no skb could be allocated for them
 */
void ctr_events_counts(u64 *seq, u64 *dropped)
{
	raw_spin_lock(&ctr_ev_lock);
	*seq = ctr_ev_seq;
	*dropped = ctr_ev_nr_dropped;
	raw_spin_unlock(&ctr_ev_lock);
}

/* An event taken off the ring could not be sent. */
static void ctr_ev_lost(void)
{
	raw_spin_lock(&ctr_ev_lock);
	ctr_ev_nr_dropped++;
	raw_spin_unlock(&ctr_ev_lock);
}

/* Put one event's message into @skb; -EMSGSIZE when it does not fit. */
static int ctr_ev_fill(struct sk_buff *skb, const struct ctr_event *ev)
{
	void *hdr;

	hdr = genlmsg_put(skb, 0, 0, &ctr_genl_family, 0,
			  CONTAINERCTL_CMD_EVENT);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, CONTAINERCTL_A_EVENT, ev->type) ||
	    nla_put_u64_64bit(skb, CONTAINERCTL_A_SEQ, ev->seq,
			      CONTAINERCTL_A_PAD) ||
	    nla_put_u64_64bit(skb, CONTAINERCTL_A_GROUP_SEQ, ev->group_seq,
			      CONTAINERCTL_A_PAD) ||
	    nla_put_u64_64bit(skb, CONTAINERCTL_A_PREV_SEQ, ev->prev_seq,
			      CONTAINERCTL_A_PAD) ||
	    nla_put_u64_64bit(skb, CONTAINERCTL_A_TIME_NS, ev->time_ns,
			      CONTAINERCTL_A_PAD))
		goto out_cancel;

	switch (ev->type) {
	case CONTAINERCTL_EV_CREATE:
	case CONTAINERCTL_EV_DESTROY:
	case CONTAINERCTL_EV_CLONE:
		if (nla_put_u64_64bit(skb, CONTAINERCTL_A_ID, ev->id,
				      CONTAINERCTL_A_PAD) ||
		    nla_put_u64_64bit(skb, CONTAINERCTL_A_PARENT, ev->parent,
				      CONTAINERCTL_A_PAD) ||
		    nla_put_string(skb, CONTAINERCTL_A_NAME, ev->name))
			goto out_cancel;
		if (ev->type != CONTAINERCTL_EV_CLONE)
			break;
		if (nla_put_u32(skb, CONTAINERCTL_A_PID, ev->pid) ||
		    nla_put_u32(skb, CONTAINERCTL_A_CAUSE, ev->cause) ||
		    (ev->cause == CONTAINERCTL_CAUSE_NSTRACK &&
		     nla_put_u64_64bit(skb, CONTAINERCTL_A_NS_FLAGS,
				       ev->ns_flags, CONTAINERCTL_A_PAD)))
			goto out_cancel;
		break;
	case CONTAINERCTL_EV_ATTACH:
		if (nla_put_u32(skb, CONTAINERCTL_A_PID, ev->pid) ||
		    nla_put_u32(skb, CONTAINERCTL_A_TGID, ev->tgid) ||
		    nla_put_u64_64bit(skb, CONTAINERCTL_A_FROM, ev->from,
				      CONTAINERCTL_A_PAD) ||
		    nla_put_u64_64bit(skb, CONTAINERCTL_A_TO, ev->to,
				      CONTAINERCTL_A_PAD) ||
		    nla_put_u32(skb, CONTAINERCTL_A_UID, ev->uid))
			goto out_cancel;
		break;
	case CONTAINERCTL_EV_FORK:
		if (nla_put_u32(skb, CONTAINERCTL_A_PID, ev->pid) ||
		    nla_put_u32(skb, CONTAINERCTL_A_TGID, ev->tgid) ||
		    nla_put_u32(skb, CONTAINERCTL_A_PPID, ev->ppid) ||
		    nla_put_u64_64bit(skb, CONTAINERCTL_A_ID, ev->id,
				      CONTAINERCTL_A_PAD))
			goto out_cancel;
		break;
	case CONTAINERCTL_EV_EXIT:
		if (nla_put_u32(skb, CONTAINERCTL_A_PID, ev->pid) ||
		    nla_put_u32(skb, CONTAINERCTL_A_TGID, ev->tgid) ||
		    nla_put_u64_64bit(skb, CONTAINERCTL_A_ID, ev->id,
				      CONTAINERCTL_A_PAD) ||
		    nla_put_u32(skb, CONTAINERCTL_A_EXIT_CODE, ev->exit_code) ||
		    nla_put_u8(skb, CONTAINERCTL_A_GROUP_DEAD, ev->group_dead))
			goto out_cancel;
		break;
	case CONTAINERCTL_EV_EMPTY:
		if (nla_put_u64_64bit(skb, CONTAINERCTL_A_ID, ev->id,
				      CONTAINERCTL_A_PAD))
			goto out_cancel;
		break;
	case CONTAINERCTL_EV_KILL:
		if (nla_put_u64_64bit(skb, CONTAINERCTL_A_ID, ev->id,
				      CONTAINERCTL_A_PAD) ||
		    nla_put_u32(skb, CONTAINERCTL_A_SIGNAL, ev->signal) ||
		    nla_put_u64_64bit(skb, CONTAINERCTL_A_COUNT, ev->count,
				      CONTAINERCTL_A_PAD) ||
		    nla_put_u32(skb, CONTAINERCTL_A_DENIED, ev->denied) ||
		    nla_put_u32(skb, CONTAINERCTL_A_FLAGS, ev->flags))
			goto out_cancel;
		break;
	case CONTAINERCTL_EV_NSREFUSED:
		if (nla_put_u64_64bit(skb, CONTAINERCTL_A_ID, ev->id,
				      CONTAINERCTL_A_PAD) ||
		    nla_put_u32(skb, CONTAINERCTL_A_PID, ev->pid) ||
		    nla_put_u64_64bit(skb, CONTAINERCTL_A_NS_FLAGS,
				      ev->ns_flags, CONTAINERCTL_A_PAD) ||
		    nla_put_s32(skb, CONTAINERCTL_A_ERROR, ev->error))
			goto out_cancel;
		break;
	}
	genlmsg_end(skb, hdr);
	return 0;

out_cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* Send what @skbs[mcgrp] holds, if anything. */
static void ctr_ev_flush(struct sk_buff **skbs, unsigned int mcgrp)
{
	struct sk_buff *skb = skbs[mcgrp];

	skbs[mcgrp] = NULL;
	if (!skb)
		return;
	if (!skb->len) {
		nlmsg_free(skb);
		return;
	}
	/* -ESRCH: the last subscriber left meanwhile. */
	genlmsg_multicast(&ctr_genl_family, skb, 0, mcgrp, GFP_KERNEL);
}

/*
 * Add @ev to the skb of multicast group @mcgrp, sending a full one first.
 * Each group's skb holds its events in the order of their numbers, so
 * each group gets them in that order; a subscriber of both event groups
 * joins "all" for one stream in that order. Returns 0, or -ENOMEM.
 */
static int ctr_ev_pack(struct sk_buff **skbs, unsigned int mcgrp,
		       const struct ctr_event *ev)
{
	int tries;

	for (tries = 0; tries < 2; tries++) {
		if (!skbs[mcgrp])
			skbs[mcgrp] = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
		if (!skbs[mcgrp])
			break;
		if (!ctr_ev_fill(skbs[mcgrp], ev))
			return 0;
		ctr_ev_flush(skbs, mcgrp);
	}
	return -ENOMEM;
}

/*
 * ctr_ev_work: take events off the ring and multicast them, each to its
 * group and to "all", as many consecutive ones per skb as fit. An event
 * that could not be packed for a group that has subscribers is lost (once,
 * whatever the groups), and the gap in the numbers says so.
 */
static void ctr_ev_send(struct work_struct *work)
{
	struct sk_buff *skbs[CTR_EV_NR_MCGRPS] = {};
	bool want[CTR_EV_NR_MCGRPS];
	const struct ctr_event *ev;
	unsigned int g;
	u32 i, n;
	int ret;

	for (;;) {
		raw_spin_lock(&ctr_ev_lock);
		n = min_t(u32, ctr_ev_head - ctr_ev_tail, CTR_EV_BATCH);
		for (i = 0; i < n; i++)
			ctr_ev_batch[i] = ctr_ev_ring[(ctr_ev_tail + i) & ctr_ev_mask];
		ctr_ev_tail += n;
		raw_spin_unlock(&ctr_ev_lock);
		if (!n)
			break;
		for (g = 0; g < CTR_EV_NR_MCGRPS; g++)
			want[g] = ctr_ev_listened(g);
		for (i = 0; i < n; i++) {
			ev = &ctr_ev_batch[i];
			ret = 0;
			if (want[CTR_EV_ALL])
				ret |= ctr_ev_pack(skbs, CTR_EV_ALL, ev);
			if (want[ev->group])
				ret |= ctr_ev_pack(skbs, ev->group, ev);
			if (ret)
				ctr_ev_lost();
		}
		cond_resched();
	}
	for (g = 0; g < CTR_EV_NR_MCGRPS; g++)
		ctr_ev_flush(skbs, g);
}

/* Builders. */

static void ctr_ev_init(struct ctr_event *ev, u32 type)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = type;
}

/**
 * ctr_ev_container() - CREATE or DESTROY
 * @type: CONTAINERCTL_EV_CREATE or CONTAINERCTL_EV_DESTROY
 * @c: the container, linked (CREATE) or about to be unlinked (DESTROY)
 */
void ctr_ev_container(u32 type, struct ctr_container *c)
{
	struct ctr_event ev;

	if (!ctr_events_wanted(CTR_EV_EVENTS))
		return;
	ctr_ev_init(&ev, type);
	ev.id = c->id;
	ev.parent = c->parent ? c->parent->id : 0;
	strscpy(ev.name, c->name, sizeof(ev.name));
	ctr_event_emit(&ev, CTR_EV_EVENTS);
}

void ctr_ev_attach(struct task_struct *t, struct ctr_container *from,
		   struct ctr_container *to)
{
	struct ctr_event ev;

	if (!ctr_events_wanted(CTR_EV_EVENTS))
		return;
	ctr_ev_init(&ev, CONTAINERCTL_EV_ATTACH);
	ev.pid = task_pid_nr(t);
	ev.tgid = task_tgid_nr(t);
	ev.from = from->id;
	ev.to = to->id;
	ev.uid = from_kuid_munged(&init_user_ns, current_uid());
	ctr_event_emit(&ev, CTR_EV_EVENTS);
}

void ctr_ev_clone(struct ctr_container *c, struct task_struct *task,
		  u32 cause, unsigned long ns_flags)
{
	struct ctr_event ev;

	if (!ctr_events_wanted(CTR_EV_EVENTS))
		return;
	ctr_ev_init(&ev, CONTAINERCTL_EV_CLONE);
	ev.id = c->id;
	ev.parent = c->parent->id;
	strscpy(ev.name, c->name, sizeof(ev.name));
	ev.pid = task_pid_nr(task);
	ev.cause = cause;
	ev.ns_flags = ns_flags;
	ctr_event_emit(&ev, CTR_EV_EVENTS);
}

void ctr_ev_fork(struct task_struct *child, struct ctr_container *c)
{
	struct ctr_event ev;

	if (!ctr_events_wanted(CTR_EV_TASKS))
		return;
	ctr_ev_init(&ev, CONTAINERCTL_EV_FORK);
	ev.pid = task_pid_nr(child);
	ev.tgid = task_tgid_nr(child);
	ev.ppid = task_pid_nr(current);
	ev.id = c->id;
	ctr_event_emit(&ev, CTR_EV_TASKS);
}

/*
 * A thread's own exit code, or for the last thread of a process the
 * process's status as wait(2) will report it: the group's exit code after
 * exit_group() or a fatal signal, else the leader's (which exited before).
 */
static u32 ctr_ev_exit_status(struct task_struct *task, bool group_dead)
{
	if (!group_dead)
		return task->exit_code;
	if (task->signal->flags & SIGNAL_GROUP_EXIT)
		return task->signal->group_exit_code;
	return task->group_leader->exit_code;
}

void ctr_ev_exit(struct task_struct *task, struct ctr_container *c,
		 bool group_dead)
{
	enum ctr_ev_group group = group_dead ? CTR_EV_EVENTS : CTR_EV_TASKS;
	struct ctr_event ev;

	if (!ctr_events_wanted(group))
		return;
	ctr_ev_init(&ev, CONTAINERCTL_EV_EXIT);
	ev.pid = task_pid_nr(task);
	ev.tgid = task_tgid_nr(task);
	ev.id = c->id;
	ev.exit_code = ctr_ev_exit_status(task, group_dead);
	ev.group_dead = group_dead;
	ctr_event_emit(&ev, group);
}

void ctr_ev_empty(struct ctr_container *c)
{
	struct ctr_event ev;

	if (!ctr_events_wanted(CTR_EV_EVENTS))
		return;
	ctr_ev_init(&ev, CONTAINERCTL_EV_EMPTY);
	ev.id = c->id;
	ctr_event_emit(&ev, CTR_EV_EVENTS);
}

void ctr_ev_kill(struct ctr_container *c, int sig, u64 signalled, u32 denied,
		 u32 flags)
{
	struct ctr_event ev;

	if (!ctr_events_wanted(CTR_EV_EVENTS))
		return;
	ctr_ev_init(&ev, CONTAINERCTL_EV_KILL);
	ev.id = c->id;
	ev.signal = sig;
	ev.count = signalled;
	ev.denied = denied;
	ev.flags = flags;
	ctr_event_emit(&ev, CTR_EV_EVENTS);
}

void ctr_ev_nsrefused(struct ctr_container *c, struct task_struct *task,
		      unsigned long ns_flags, int error)
{
	struct ctr_event ev;

	if (!ctr_events_wanted(CTR_EV_EVENTS))
		return;
	ctr_ev_init(&ev, CONTAINERCTL_EV_NSREFUSED);
	ev.id = c->id;
	ev.pid = task_pid_nr(task);
	ev.ns_flags = ns_flags;
	ev.error = error;
	ctr_event_emit(&ev, CTR_EV_EVENTS);
}

/**
 * ctr_genl_put() - start a message of the family
 * @skb: the buffer
 * @portid: netlink port of the receiver
 * @seq: the request's sequence number
 * @flags: netlink message flags
 * @cmd: the command (CONTAINERCTL_CMD_*)
 *
 * Return: the user header, or NULL when @skb is full.
 */
void *ctr_genl_put(struct sk_buff *skb, u32 portid, u32 seq, int flags,
		   u8 cmd)
{
	return genlmsg_put(skb, portid, seq, &ctr_genl_family, flags, cmd);
}

/**
 * ctr_events_init() - make the ring and register the family
 * @ops: the family's commands (dump.c's: they read the registry, which is
 *       above this file)
 * @n_ops: how many
 *
 * Return: 0 or a negative errno.
 */
int ctr_events_init(const struct genl_ops *ops, unsigned int n_ops)
{
	u32 size = roundup_pow_of_two(clamp(event_buffer, 64U, 1U << 20));
	int ret;

	ctr_ev_ring = kvcalloc(size, sizeof(*ctr_ev_ring), GFP_KERNEL);
	if (!ctr_ev_ring)
		return -ENOMEM;
	ctr_ev_mask = size - 1;
	ctr_genl_family.ops = ops;
	ctr_genl_family.n_ops = n_ops;
	ret = genl_register_family(&ctr_genl_family);
	if (ret)
		kvfree(ctr_ev_ring);
	return ret;
}

/*
 * Called once nothing emits any more (the probes and the device are gone):
 * events still queued are dropped.
 */
void ctr_events_uninit(void)
{
	cancel_delayed_work_sync(&ctr_ev_work);
	genl_unregister_family(&ctr_genl_family);
	kvfree(ctr_ev_ring);
}
