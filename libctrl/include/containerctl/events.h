/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libctrl events: the generic netlink family "containerctl" (see "Events" at
 * the end of <linux/containerctl.h>), decoded. Included by ctrl.h.
 *
 * Calls return 0 (or a non-negative count where documented) or a negative
 * errno, and leave errno alone, like the rest of libctrl. A ctrl_events
 * handle is not thread-safe. Built on libnl-3 and libnl-genl-3:
 * libctrl.so.2 brings them; a program linked with libctrl.a also links
 * -lnl-genl-3 -lnl-3 (pkg-config --static --libs libctrl). The 32-bit
 * build of libctrl does not have them. See ctrl_events(3).
 *
 * Typical monitor:
 *
 *	ctrl_events_open(&ev, CTRL_EVENTS_GROUP_EVENTS);   subscribe first
 *	ctrl_events_dump(ev, state_cb, arg, &seq);          then the state
 *	while (!ctrl_events_next(ev, &e))                   then the changes
 *		apply(&e);                                  (seq > dump's only)
 */
#ifndef _CONTAINERCTL_EVENTS_H
#define _CONTAINERCTL_EVENTS_H

#include <stdint.h>

#include <linux/containerctl.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ctrl_events_open() flags: the groups to join, and options. */
#define CTRL_EVENTS_GROUP_EVENTS	(1U << 0)	/* "events" (default) */
#define CTRL_EVENTS_GROUP_TASKS		(1U << 1)	/* "tasks": FORK, thread EXIT */
#define CTRL_EVENTS_NONBLOCK		(1U << 8)	/* next/dispatch never wait */

/* struct ctrl_event.type of a container listed by ctrl_events_dump(). */
#define CTRL_EVENT_CONTAINER		CONTAINERCTL_EV_UNSPEC

/* Whether the message carried CONTAINERCTL_A_<attr>: CTRL_EVENT_HAS(e, PID). */
#define CTRL_EVENT_HAS(e, attr)	\
	(!!((e)->present & (1ULL << CONTAINERCTL_A_##attr)))

/*
 * One event, or one container of a dump, decoded. Fields whose attribute
 * was absent are 0 (see present). The meaning of each field is that of its
 * CONTAINERCTL_A_* attribute in <linux/containerctl.h>.
 */
struct ctrl_event {
	enum containerctl_event type;	/* CTRL_EVENT_CONTAINER: from a dump */
	uint32_t reserved;
	uint64_t present;	/* bit CONTAINERCTL_A_x: that attribute was there */
	uint64_t seq;
	uint64_t group_seq;	/* the number within its group */
	uint64_t prev_seq;
	uint64_t time_ns;	/* CLOCK_MONOTONIC */
	uint64_t id;
	uint64_t parent;
	char name[CONTAINERCTL_NAME_MAX];
	uint32_t pid;
	uint32_t tgid;
	uint32_t ppid;
	uint32_t uid;
	uint64_t from;
	uint64_t to;
	uint32_t cause;		/* enum containerctl_cause */
	uint32_t exit_code;	/* a wait(2) status */
	uint64_t ns_flags;	/* CLONE_NEW* */
	uint32_t signal;
	uint32_t denied;
	uint64_t count;
	int32_t error;		/* a negative errno */
	uint32_t flags;
	uint64_t nr_threads;
	uint32_t nr_children;
	uint8_t group_dead;
};

struct ctrl_events;

/*
 * ctrl_events_open() - subscribe to containerctl's events
 * @evp: gets the handle
 * @flags: CTRL_EVENTS_GROUP_* (none: GROUP_EVENTS alone), CTRL_EVENTS_NONBLOCK
 *
 * Joins the groups on a netlink socket with a large receive buffer.
 * Both groups need CAP_NET_ADMIN. Return: 0; -ENOENT when the family (or a
 * group) does not exist (the module is not loaded); -EPERM when joining is
 * refused; -EINVAL for unknown flags; another -errno.
 */
int ctrl_events_open(struct ctrl_events **evp, unsigned int flags);
void ctrl_events_close(struct ctrl_events *ev);

/*
 * A descriptor to poll(2) (or epoll) for POLLIN: readable while an event is
 * available, received or already queued in the handle. So the natural loop
 * misses nothing, blocking handle or not:
 *
 *	struct pollfd p = { .fd = ctrl_events_fd(ev), .events = POLLIN };
 *
 *	while (poll(&p, 1, -1) > 0)
 *		if (!ctrl_events_next(ev, &e))	(one event per wakeup)
 *			handle(&e);
 *
 * It is not the netlink socket itself (an epoll descriptor watching it):
 * read events only through ctrl_events_next() and ctrl_events_dispatch().
 */
int ctrl_events_fd(struct ctrl_events *ev);

/*
 * ctrl_events_set_rcvbuf() - the subscription's receive buffer, in bytes
 *
 * ctrl_events_open() asks for 4 MiB. A monitor that reads in bursts wants
 * more; a smaller one makes losses come sooner (the kernel doubles the
 * value for its bookkeeping, as for any socket). Past the system's
 * rmem_max only with CAP_NET_ADMIN. Return: 0, -EINVAL or another -errno.
 */
int ctrl_events_set_rcvbuf(struct ctrl_events *ev, int bytes);

/*
 * ctrl_events_next() - the next event
 *
 * Waits for one unless the handle is non-blocking. Events numbered at most
 * the seq of the last ctrl_events_dump() are skipped: the dump already
 * reflects them. A receive buffer overrun (ENOBUFS) is counted
 * (ctrl_events_overruns()) and reading goes on. A blocking call is not
 * interrupted by signals (libnl retries EINTR): poll the fd with a
 * non-blocking handle to stop on a signal.
 *
 * Return: 0 with @e filled, -EAGAIN (non-blocking, none available), or
 * another -errno.
 */
int ctrl_events_next(struct ctrl_events *ev, struct ctrl_event *e);

/*
 * ctrl_events_dispatch() - every event of one receive, to a callback
 *
 * Receives once (waiting unless non-blocking) and calls @cb for each event
 * (after those ctrl_events_next() left queued), skipping as
 * ctrl_events_next() does. A non-zero return of @cb stops the dispatch; the
 * events not yet passed stay queued for the next call.
 *
 * Return: the number of events passed to @cb, 0 when none was available,
 * @cb's return value if negative, or a -errno.
 */
int ctrl_events_dispatch(struct ctrl_events *ev,
			 int (*cb)(const struct ctrl_event *e, void *arg),
			 void *arg);

/*
 * ctrl_events_lost() - events lost since the handle was opened
 *
 * Counted as each event is returned, from the gap in the numbers before it:
 * - Both groups: every number is an event of theirs, sent in the order of
 *   the numbers, so the gap in SEQ before an event is exactly what was lost,
 *   of either group, at the first event after it. Exact always.
 * - One group: the gap in its GROUP_SEQ (with one group, FORK and the EXIT
 *   of a thread whose process goes on are the "tasks" group's, every other
 *   type the "events" group's), known at the group's next event. Without
 *   GROUP_SEQ (an older module) a break in the PREV_SEQ chain counts one,
 *   and the count becomes a lower bound.
 * After ctrl_events_dump(), only the events after the snapshot count. With
 * one group, a gap that straddles it (the group's previous event received
 * is older than the snapshot) counts as one if events after the snapshot
 * are missing, and the count becomes a lower bound.
 * Events lost after the last one returned show at the next one: until an
 * event comes, nothing tells them.
 */
uint64_t ctrl_events_lost(struct ctrl_events *ev);
/* 1 while ctrl_events_lost() is exact, 0 once it is a lower bound. */
int ctrl_events_lost_exact(struct ctrl_events *ev);
/*
 * Receive buffer overruns (ENOBUFS) seen. Not added to ctrl_events_lost():
 * the gap in the numbers after an overrun already counts its events.
 */
uint64_t ctrl_events_overruns(struct ctrl_events *ev);

/*
 * ctrl_events_dump() - the state: every container, as one snapshot
 * @cb: called per container, in pre-order, with type CTRL_EVENT_CONTAINER
 *	and seq, id, parent (0 for the root), name ("" for the root), flags,
 *	nr_threads, nr_children; a non-zero return stops the dump and is
 *	returned
 * @seq: gets the number of the last event the snapshot reflects (may be NULL)
 *
 * Sent on a separate socket, so that the events arriving meanwhile stay
 * queued on the subscription. Afterwards ctrl_events_next() and
 * ctrl_events_dispatch() skip the events numbered at most @seq: subscribe,
 * dump, then read events, and nothing is missed or counted twice.
 *
 * Return: 0, @cb's return, -EAGAIN if the kernel interrupted the dump
 * (retry), -EPROTO if its messages disagree on the snapshot's number, or
 * another -errno. Anyone may dump; it does not need the subscription's
 * capability.
 */
int ctrl_events_dump(struct ctrl_events *ev,
		     int (*cb)(const struct ctrl_event *e, void *arg),
		     void *arg, uint64_t *seq);

/*
 * The name of an event type: "create", "attach", ... ("container" for
 * CTRL_EVENT_CONTAINER); NULL for a type this library does not know.
 */
const char *ctrl_event_name(int type);

#ifdef __cplusplus
}
#endif

#endif /* _CONTAINERCTL_EVENTS_H */
