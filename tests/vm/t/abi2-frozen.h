/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * FROZEN: the ioctl part of uapi/linux/containerctl.h as ABI version 2 was
 * first released (commit "ABI 2: ..."), copied with its comments. NEVER
 * EDIT THIS FILE: it stands for a program built against that header,
 * which every later module must keep serving (21-abi-frozen.c). Only this
 * comment and the include guard differ; the header's own overview and its
 * events part are left out.
 */
#ifndef CTRTEST_ABI2_FROZEN_H
#define CTRTEST_ABI2_FROZEN_H

#include <linux/const.h>
#include <linux/ioctl.h>
#include <linux/types.h>

/* Name of the misc device: /dev/containerctl. */
#define CONTAINERCTL_DEVICE_NAME	"containerctl"

/* Name of the procfs snapshot: /proc/containers. */
#define CONTAINERCTL_PROC_NAME		"containers"

/* The ABI version described by this header (CONTAINERCTL_IOC_INFO). */
#define CONTAINERCTL_ABI_VERSION	2

/* The root container's id. Ids of other containers are larger. */
#define CONTAINERCTL_ROOT_ID		1

/*
 * Container names: 1 to CONTAINERCTL_NAME_MAX - 1 characters from
 * [A-Za-z0-9._-], not "." or "..". CONTAINERCTL_NAME_MAX counts the
 * terminating NUL, as the fixed-size name fields in this ABI do.
 */
#define CONTAINERCTL_NAME_MAX		64

/*
 * Paths: "/" or "/" followed by names separated by single '/', at most
 * CONTAINERCTL_PATH_MAX bytes with the terminating NUL. A trailing '/' is
 * accepted.
 */
#define CONTAINERCTL_PATH_MAX		4096

/* Features (containerctl_info.features). */
#define CONTAINERCTL_FEAT_CORE		_BITULL(0)	/* ioctls 0x00-0x0c */
#define CONTAINERCTL_FEAT_CLONE		_BITULL(1)	/* CONTAINERCTL_IOC_CLONE */
#define CONTAINERCTL_FEAT_NSTRACK_CLONE	_BITULL(2)	/* clone(2) tracked */
#define CONTAINERCTL_FEAT_NSTRACK_UNSHARE _BITULL(3)	/* unshare(2) tracked */
#define CONTAINERCTL_FEAT_NSRULES	_BITULL(4)	/* CONTAINERCTL_F_NSRULES */
#define CONTAINERCTL_FEAT_EVENTS	_BITULL(5)	/* the netlink family */
#define CONTAINERCTL_FEAT_PIDFD		_BITULL(6)	/* CONTAINERCTL_PIDFD */

/*
 * The flag of the calls that name a task (ATTACH, ATTACH_BATCH, CLONE,
 * WHICH): the pid field holds a pidfd (see "ioctl conventions"). The same
 * bit in each of them.
 */
#define CONTAINERCTL_PIDFD		_BITUL(16)

/*
 * Container flags (containerctl_create.cflags, containerctl_clone.cflags,
 * containerctl_set.cflags, containerctl_stat.cflags). A new container
 * inherits its parent's flags, but those its creator clears
 * (containerctl_create.clear_flags, containerctl_clone.clear_flags) and
 * those not in __CONTAINERCTL_F_INHERIT; SET changes one container's
 * flags, not its descendants'.
 */
#define CONTAINERCTL_F_NSTRACK		_BITUL(0)	/* namespace tracking */
#define CONTAINERCTL_F_NSRULES		_BITUL(1)	/* namespace rules */
/*
 * Removed by the module when it has neither tasks nor children after
 * losing its last task or child (EV_EMPTY, then EV_DESTROY). Not inherited.
 */
#define CONTAINERCTL_F_AUTOREMOVE	_BITUL(2)
#define __CONTAINERCTL_F_ALL		(CONTAINERCTL_F_NSTRACK | \
					 CONTAINERCTL_F_NSRULES | \
					 CONTAINERCTL_F_AUTOREMOVE)
#define __CONTAINERCTL_F_INHERIT	(CONTAINERCTL_F_NSTRACK | \
					 CONTAINERCTL_F_NSRULES)

/*
 * CONTAINERCTL_IOC_INFO: the ABI version, features and limits in force.
 * flags: none.
 */
struct containerctl_info {
	__u32 size;
	__u32 flags;
	__u32 abi_version;	/* out: CONTAINERCTL_ABI_VERSION of the module */
	__u32 name_max;		/* out: CONTAINERCTL_NAME_MAX */
	__u64 features;		/* out: CONTAINERCTL_FEAT_* */
	__u32 max_depth;	/* out: deepest container allowed (root: 0) */
	__u32 max_containers;	/* out: containers allowed, root included */
	__u32 nr_containers;	/* out: containers existing, root included */
	__u32 reserved;		/* must be 0 */
	__u64 nr_tracked;	/* out: tasks outside the root */
	__u64 track_failures;	/* out: new tasks that could not be tracked */
	__u64 ns_clones;	/* out: automatic clones made */
	__u64 ns_refused;	/* out: automatic clones refused */
	__u64 ns_missed;	/* out: unshare(2) calls the probe missed */
	__u64 nr_events;	/* out: events numbered (the last SEQ) */
	__u64 events_dropped;	/* out: of those, dropped by the module */
};

#define CONTAINERCTL_INFO_SIZE_VER0	56
#define CONTAINERCTL_INFO_SIZE_VER1	80	/* ns_clones, ns_refused, ns_missed */
#define CONTAINERCTL_INFO_SIZE_VER2	96	/* nr_events, events_dropped */

/*
 * events_dropped counts the events the module numbered but could not send:
 * its buffer (the event_buffer parameter) was full, or it lacked the
 * memory for a message. Events a subscriber's socket dropped (ENOBUFS) are
 * not in it: each subscriber sees those as its own gaps.
 */

/*
 * CONTAINERCTL_IOC_CREATE: create a container named `name` under `parent`
 * with permission bits `mode` (at most 0777), owned by the caller's
 * effective uid and gid, with the container flags `cflags`
 * (__CONTAINERCTL_F_ALL) set on top of those inherited from the parent,
 * less `clear_flags`. flags: none.
 */
struct containerctl_create {
	__u32 size;
	__u32 flags;
	__u64 parent;		/* in: parent's id */
	__u32 mode;		/* in: permission bits */
	__u32 cflags;		/* in: container flags to set */
	__u32 clear_flags;	/* in: parent's flags not to inherit */
	__u32 reserved;		/* must be 0 */
	__u64 id;		/* out: the new container's id */
	char name[CONTAINERCTL_NAME_MAX];	/* in */
};

#define CONTAINERCTL_CREATE_SIZE_VER0	104

/*
 * CONTAINERCTL_IOC_DESTROY: remove an empty container (no tasks, no
 * children). flags: none.
 */
struct containerctl_destroy {
	__u32 size;
	__u32 flags;
	__u64 id;		/* in */
};

#define CONTAINERCTL_DESTROY_SIZE_VER0	16

/*
 * CONTAINERCTL_IOC_LOOKUP: the id of the container at an absolute path.
 * flags: none.
 */
struct containerctl_lookup {
	__u32 size;
	__u32 flags;
	__u64 path;		/* in: pointer to a NUL-terminated path */
	__u64 id;		/* out */
};

#define CONTAINERCTL_LOOKUP_SIZE_VER0	24

/*
 * CONTAINERCTL_IOC_PATH: the absolute path of a container, NUL-terminated,
 * into buf. path_len is set to the path's length without the NUL even when
 * the call fails with ERANGE. flags: none.
 */
struct containerctl_path {
	__u32 size;
	__u32 flags;
	__u64 id;		/* in */
	__u64 buf;		/* in: pointer to the buffer */
	__u32 buf_len;		/* in: its size in bytes */
	__u32 path_len;		/* out */
};

#define CONTAINERCTL_PATH_SIZE_VER0	32

/* CONTAINERCTL_IOC_STAT: a container's attributes. flags: none. */
struct containerctl_stat {
	__u32 size;
	__u32 flags;
	__u64 id;		/* in */
	__u64 parent;		/* out: parent's id, 0 for the root */
	__u32 uid;		/* out: owner, in the caller's user namespace */
	__u32 gid;		/* out */
	__u32 mode;		/* out: permission bits */
	__u32 cflags;		/* out: container flags */
	__u64 nr_procs;		/* out: thread groups with a thread in it */
	__u64 nr_threads;	/* out: tasks in it */
	__u32 nr_children;	/* out */
	__u32 depth;		/* out: 0 for the root */
	__u64 nr_descendants;	/* out */
	__u64 max_descendants;	/* out: limit on descendants; ~0 none */
	__u64 generation;	/* out: changes whenever membership changes */
	__u64 ctime_ns;		/* out: creation time, CLOCK_REALTIME */
	char name[CONTAINERCTL_NAME_MAX];	/* out: "" for the root */
	__u64 ns_clones;	/* out: automatic clones made under it */
	__u64 ns_refused;	/* out: automatic clones refused for its tasks */
};

#define CONTAINERCTL_STAT_SIZE_VER0	160
#define CONTAINERCTL_STAT_SIZE_VER1	176	/* ns_clones, ns_refused */

/*
 * CONTAINERCTL_IOC_CHILDREN: the ids of a container's children, ascending,
 * those greater than `cursor` first. Pass cursor 0 to start, then the last
 * id returned. flags: none.
 */
struct containerctl_children {
	__u32 size;
	__u32 flags;
	__u64 id;		/* in */
	__u64 cursor;		/* in */
	__u64 ids;		/* in: pointer to a __u64 array */
	__u32 count;		/* in: its capacity; out: ids written */
	__u32 total;		/* out: number of children */
};

#define CONTAINERCTL_CHILDREN_SIZE_VER0	40

/*
 * CONTAINERCTL_IOC_ATTACH: move a task into a container. pid 0 means the
 * caller. By default the whole thread group moves, with every thread it
 * creates meanwhile; CONTAINERCTL_ATTACH_THREAD moves only the one thread.
 * Moving a task where it already is succeeds and changes nothing. With
 * CONTAINERCTL_PIDFD, pid is a pidfd.
 *
 * Example: move a child by pidfd, immune to pid reuse:
 *
 *	int pidfd = syscall(SYS_pidfd_open, child, 0);
 *	struct containerctl_attach at = {
 *		.size = sizeof(at), .flags = CONTAINERCTL_PIDFD,
 *		.id = id, .pid = pidfd,
 *	};
 *	if (ioctl(dev, CONTAINERCTL_IOC_ATTACH, &at))
 *		err(1, "attach");	// ESRCH: that child exited
 */
#define CONTAINERCTL_ATTACH_THREAD	_BITUL(0)
#define __CONTAINERCTL_ATTACH_ALL	(CONTAINERCTL_ATTACH_THREAD | \
					 CONTAINERCTL_PIDFD)

struct containerctl_attach {
	__u32 size;
	__u32 flags;
	__u64 id;		/* in: destination */
	__u32 pid;		/* in: pid, or pidfd with CONTAINERCTL_PIDFD */
	__u32 reserved;		/* must be 0 */
};

#define CONTAINERCTL_ATTACH_SIZE_VER0	24

/*
 * CONTAINERCTL_IOC_ATTACH_BATCH: move `count` tasks (an array of pids, or
 * of pidfds with CONTAINERCTL_PIDFD; CONTAINERCTL_BATCH_MAX at most) into a
 * container, in order, with the permissions of ATTACH, in one pass: the
 * destination is found and the permissions decided once for all. flags: as
 * ATTACH, and CONTAINERCTL_BATCH_ATOMIC.
 *
 * By default it stops at the first failure, as ATTACH one by one would:
 * `moved` tasks were moved, the call fails with that error (negative errno
 * in first_error, index in error_index) and the rest are untouched. With
 * CONTAINERCTL_BATCH_ATOMIC every task is found and checked before any
 * moves: on failure none moved (`moved` is 0, first_error and error_index
 * name the task that failed); on success all did. A task that starts to
 * exit after the check counts as moved (it was alive when the call
 * decided).
 */
#define CONTAINERCTL_BATCH_ATOMIC	_BITUL(1)
#define __CONTAINERCTL_ATTACH_BATCH_ALL	(__CONTAINERCTL_ATTACH_ALL | \
					 CONTAINERCTL_BATCH_ATOMIC)
#define CONTAINERCTL_BATCH_MAX		65536

struct containerctl_attach_batch {
	__u32 size;
	__u32 flags;
	__u64 id;		/* in: destination */
	__u64 pids;		/* in: pointer to a __u32 array */
	__u32 count;		/* in */
	__u32 moved;		/* out */
	__s32 first_error;	/* out: 0 or a negative errno */
	__u32 error_index;	/* out: index of the failed pid */
};

#define CONTAINERCTL_ATTACH_BATCH_SIZE_VER0	40

/*
 * CONTAINERCTL_IOC_PIDS: one atomic snapshot of a container's pids,
 * ascending. Process ids (thread group ids) by default, thread ids with
 * CONTAINERCTL_PIDS_THREADS; the container alone, or its whole subtree with
 * CONTAINERCTL_PIDS_SUBTREE. The pids greater than `cursor` are written,
 * `count` at most; `total` is the number of pids in the snapshot and
 * `generation` its generation (for a subtree, the largest generation in it).
 * A caller whose buffer holds `total` pids has a consistent full listing;
 * one that pages with the cursor can compare generations between calls.
 * The root's snapshot is taken while tasks come and go, without a lock on
 * fork, so it is not atomic against concurrent forks.
 */
#define CONTAINERCTL_PIDS_THREADS	_BITUL(0)
#define CONTAINERCTL_PIDS_SUBTREE	_BITUL(1)
#define __CONTAINERCTL_PIDS_ALL		(CONTAINERCTL_PIDS_THREADS | \
					 CONTAINERCTL_PIDS_SUBTREE)

struct containerctl_pids {
	__u32 size;
	__u32 flags;
	__u64 id;		/* in */
	__u64 buf;		/* in: pointer to a __u32 array */
	__u32 count;		/* in: its capacity; out: pids written */
	__u32 cursor;		/* in: write pids greater than this */
	__u32 total;		/* out */
	__u32 reserved;		/* must be 0 */
	__u64 generation;	/* out */
};

#define CONTAINERCTL_PIDS_SIZE_VER0	48

/*
 * CONTAINERCTL_IOC_WHICH: the container a task is in. flags:
 * CONTAINERCTL_PIDFD (pid is a pidfd).
 */
#define __CONTAINERCTL_WHICH_ALL	CONTAINERCTL_PIDFD

struct containerctl_which {
	__u32 size;
	__u32 flags;
	__u32 pid;		/* in: 0 for the caller; pidfd with the flag */
	__u32 reserved;		/* must be 0 */
	__u64 id;		/* out */
};

#define CONTAINERCTL_WHICH_SIZE_VER0	24

/*
 * CONTAINERCTL_IOC_SET: change attributes; flags select which. uid and gid
 * are in the caller's user namespace.
 */
#define CONTAINERCTL_SET_OWNER		_BITUL(0)	/* uid, gid */
#define CONTAINERCTL_SET_MODE		_BITUL(1)	/* mode */
#define CONTAINERCTL_SET_FLAGS		_BITUL(2)	/* cflags */
#define CONTAINERCTL_SET_MAX_DESCENDANTS _BITUL(3)	/* max_descendants */
#define __CONTAINERCTL_SET_ALL		0xfU

struct containerctl_set {
	__u32 size;
	__u32 flags;
	__u64 id;		/* in */
	__u32 uid;		/* in */
	__u32 gid;		/* in */
	__u32 mode;		/* in */
	__u32 cflags;		/* in */
	__u64 max_descendants;	/* in: ~0 for none */
};

#define CONTAINERCTL_SET_SIZE_VER0	40

/*
 * CONTAINERCTL_IOC_KILL: send `signal` to every process with a thread in
 * the container (or, with CONTAINERCTL_KILL_SUBTREE, in its subtree). With
 * SIGKILL it is race-free against fork: a task created while the kill runs
 * is killed too, if the caller may signal it, so a fork bomb is wiped out
 * in one call; a process whose thread execs meanwhile is killed too. signal
 * 0 only counts. `signalled` is the number of processes signalled,
 * `denied` the number skipped for lack of permission or because the caller
 * cannot see them (another pid namespace).
 */
#define CONTAINERCTL_KILL_SUBTREE	_BITUL(0)
#define __CONTAINERCTL_KILL_ALL		CONTAINERCTL_KILL_SUBTREE

struct containerctl_kill {
	__u32 size;
	__u32 flags;
	__u64 id;		/* in */
	__u32 signal;		/* in */
	__u32 reserved;		/* must be 0 */
	__u64 signalled;	/* out */
	__u64 denied;		/* out */
};

#define CONTAINERCTL_KILL_SIZE_VER0	40

/*
 * CONTAINERCTL_IOC_CLONE: create a child container of `parent` (0: the
 * container the task is in) and move the task into it, in one step: no
 * other caller sees the new container without the task, and if the task
 * cannot be moved (it is exiting: ESRCH) the container is not created.
 * pid 0 means the caller; with CONTAINERCTL_PIDFD, pid is a pidfd. The
 * whole thread group moves by default, only the thread with
 * CONTAINERCTL_CLONE_THREAD.
 *
 * The name is `name`, or if it is empty an automatic one, written back:
 * "node1", "node2", ... from a counter of the parent's that only grows,
 * skipping names taken; or with CONTAINERCTL_CLONE_NAME_PID "node_<pid>"
 * (the task's id in the initial pid namespace), with a suffix "-N" added if
 * that name is taken. An explicit name that is taken fails with EEXIST.
 * mode, cflags and clear_flags are as for CREATE; the id is returned.
 */
#define CONTAINERCTL_CLONE_THREAD	_BITUL(0)
#define CONTAINERCTL_CLONE_NAME_PID	_BITUL(1)
#define __CONTAINERCTL_CLONE_ALL	(CONTAINERCTL_CLONE_THREAD | \
					 CONTAINERCTL_CLONE_NAME_PID | \
					 CONTAINERCTL_PIDFD)

struct containerctl_clone {
	__u32 size;
	__u32 flags;
	__u64 parent;		/* in: parent's id, or 0 */
	__u32 pid;		/* in: 0 for the caller; pidfd with the flag */
	__u32 mode;		/* in: permission bits */
	__u32 cflags;		/* in: container flags to set */
	__u32 clear_flags;	/* in: parent's flags not to inherit */
	__u64 id;		/* out: the new container's id */
	char name[CONTAINERCTL_NAME_MAX];	/* in/out */
};

#define CONTAINERCTL_CLONE_SIZE_VER0	104

/*
 * ioctl type byte: 'J', numbers 0x00-0x3f. Documentation/userspace-api/
 * ioctl/ioctl-number.rst lists no user of 'J' (as of Linux 7.3), and no
 * kernel header defines one; 'C', our first choice, is soundcard.h's.
 */
#define CONTAINERCTL_IOC_MAGIC		'J'

/* A command number: the structure's VER0 size, whatever its size today. */
#define __CONTAINERCTL_IOC(dir, nr, ver0) \
	_IOC(dir, CONTAINERCTL_IOC_MAGIC, nr, ver0)
#define __CONTAINERCTL_IOW(nr, ver0)	__CONTAINERCTL_IOC(_IOC_WRITE, nr, ver0)
#define __CONTAINERCTL_IOWR(nr, ver0) \
	__CONTAINERCTL_IOC(_IOC_READ | _IOC_WRITE, nr, ver0)

#define CONTAINERCTL_IOC_INFO	\
	__CONTAINERCTL_IOWR(0x00, CONTAINERCTL_INFO_SIZE_VER0)
#define CONTAINERCTL_IOC_CREATE	\
	__CONTAINERCTL_IOWR(0x01, CONTAINERCTL_CREATE_SIZE_VER0)
#define CONTAINERCTL_IOC_DESTROY	\
	__CONTAINERCTL_IOW(0x02, CONTAINERCTL_DESTROY_SIZE_VER0)
#define CONTAINERCTL_IOC_LOOKUP	\
	__CONTAINERCTL_IOWR(0x03, CONTAINERCTL_LOOKUP_SIZE_VER0)
#define CONTAINERCTL_IOC_PATH	\
	__CONTAINERCTL_IOWR(0x04, CONTAINERCTL_PATH_SIZE_VER0)
#define CONTAINERCTL_IOC_STAT	\
	__CONTAINERCTL_IOWR(0x05, CONTAINERCTL_STAT_SIZE_VER0)
#define CONTAINERCTL_IOC_CHILDREN	\
	__CONTAINERCTL_IOWR(0x06, CONTAINERCTL_CHILDREN_SIZE_VER0)
#define CONTAINERCTL_IOC_ATTACH	\
	__CONTAINERCTL_IOW(0x07, CONTAINERCTL_ATTACH_SIZE_VER0)
#define CONTAINERCTL_IOC_ATTACH_BATCH	\
	__CONTAINERCTL_IOWR(0x08, CONTAINERCTL_ATTACH_BATCH_SIZE_VER0)
#define CONTAINERCTL_IOC_PIDS	\
	__CONTAINERCTL_IOWR(0x09, CONTAINERCTL_PIDS_SIZE_VER0)
#define CONTAINERCTL_IOC_WHICH	\
	__CONTAINERCTL_IOWR(0x0a, CONTAINERCTL_WHICH_SIZE_VER0)
#define CONTAINERCTL_IOC_SET	\
	__CONTAINERCTL_IOW(0x0b, CONTAINERCTL_SET_SIZE_VER0)
#define CONTAINERCTL_IOC_KILL	\
	__CONTAINERCTL_IOWR(0x0c, CONTAINERCTL_KILL_SIZE_VER0)
#define CONTAINERCTL_IOC_CLONE	\
	__CONTAINERCTL_IOWR(0x0d, CONTAINERCTL_CLONE_SIZE_VER0)

#endif /* CTRTEST_ABI2_FROZEN_H */
