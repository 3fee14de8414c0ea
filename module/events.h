/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CTR_EVENTS_H
#define _CTR_EVENTS_H

#include <linux/types.h>

#include <linux/containerctl.h>

struct ctr_container;
struct genl_ops;
struct sk_buff;
struct task_struct;

/* The event groups: the family's first multicast groups, in its order. */
enum ctr_ev_group {
	CTR_EV_EVENTS,
	CTR_EV_TASKS,
	CTR_EV_NR_GROUPS,
};

/* One event as queued: what its message will carry. */
struct ctr_event {
	u64 seq;
	u64 group_seq;
	u64 prev_seq;
	u64 time_ns;
	u64 id;
	u64 parent;
	u64 from;
	u64 to;
	u64 ns_flags;
	u64 count;
	u32 type;		/* enum containerctl_event */
	u32 group;		/* enum ctr_ev_group */
	u32 pid;
	u32 tgid;
	u32 ppid;
	u32 uid;
	u32 cause;
	u32 exit_code;
	u32 signal;
	u32 denied;
	u32 flags;
	s32 error;
	u8 group_dead;
	char name[CONTAINERCTL_NAME_MAX];
};

int ctr_events_init(const struct genl_ops *ops, unsigned int n_ops);
void ctr_events_uninit(void);
void *ctr_genl_put(struct sk_buff *skb, u32 portid, u32 seq, int flags,
		   u8 cmd);

bool ctr_events_wanted(enum ctr_ev_group group);
void ctr_event_emit(struct ctr_event *ev, enum ctr_ev_group group);
u64 ctr_events_seq(void);
void ctr_events_counts(u64 *seq, u64 *dropped);

/* Builders; each returns at once when nobody listens to its group. */
void ctr_ev_container(u32 type, struct ctr_container *c);
void ctr_ev_attach(struct task_struct *t, struct ctr_container *from,
		   struct ctr_container *to);
void ctr_ev_clone(struct ctr_container *c, struct task_struct *task,
		  u32 cause, unsigned long ns_flags);
void ctr_ev_fork(struct task_struct *child, struct ctr_container *c);
void ctr_ev_exit(struct task_struct *task, struct ctr_container *c,
		 bool group_dead);
void ctr_ev_empty(struct ctr_container *c);
void ctr_ev_kill(struct ctr_container *c, int sig, u64 signalled, u32 denied,
		 u32 flags);
void ctr_ev_nsrefused(struct ctr_container *c, struct task_struct *task,
		      unsigned long ns_flags, int error);

#endif /* _CTR_EVENTS_H */
