/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * containerctl: process containers through a device and netlink.
 *
 * This header is the whole user-space ABI of containerctl.ko, and its
 * reference documentation.
 *
 * Model
 * -----
 * Containers form a tree rooted at "/" (id CONTAINERCTL_ROOT_ID). Every task
 * of the system is in exactly one container; a task nobody moved is in the
 * root. A new task (fork, thread, io_uring worker, ...) starts in the
 * container of the task that created it; an exiting task leaves. A container
 * is identified by a 64-bit id that is never reused: a stale id fails with
 * ENOENT, never reaches another container.
 *
 * Each container has a name (CONTAINERCTL_NAME_MAX), unique among its
 * siblings; an owner uid and gid and a permission mode, interpreted like a
 * directory's; flags; a creation time; counts of processes (distinct thread
 * groups with a thread in it), threads, children and descendants; and a
 * generation number that changes whenever its membership changes.
 *
 * Namespace tracking
 * ------------------
 * In a container with CONTAINERCTL_F_NSTRACK, a task that creates new
 * namespaces (clone(2)/clone3(2) or unshare(2) with any CLONE_NEW* flag;
 * setns(2) creates none) is moved into a new child container named
 * "node_<pid>" (the task's thread id in the initial pid namespace; a
 * suffix "-N" is added if that name is taken): for clone the new task, for
 * unshare the calling thread. The move is done before the task next runs
 * in user space (for clone: before the child's first instruction). The new
 * container is owned like its parent, with its mode and inheritable flags,
 * and has CONTAINERCTL_F_AUTOREMOVE: it is removed once it has neither
 * tasks nor children. The module's max_depth, max_containers and
 * max_auto_clones (automatic clones at once, all users together; only
 * root can change it, so a delegated owner who raises max_descendants
 * still cannot exhaust containers) and the ancestors' max_descendants
 * apply: when one of them (or a lack of memory) stops an automatic clone, the
 * namespace operation still succeeds, the task stays where it is, and the
 * refusal is counted (containerctl_stat.ns_refused, containerctl_info).
 * Tracking of clone(2) is always available (CONTAINERCTL_FEAT_NSTRACK_CLONE);
 * tracking of unshare(2) needs a kernel probe on the unshare system call,
 * and CONTAINERCTL_FEAT_NSTRACK_UNSHARE is absent from the features when it
 * could not be installed (or the module's nstrack_unshare parameter is 0):
 * unshare(2) is then not tracked.
 *
 * Namespace rules
 * ---------------
 * CONTAINERCTL_F_NSRULES applies the rules of the 2007 ns subsystem on top
 * of the permissions below:
 * - ATTACH or CLONE of the caller's own process (or thread) into a
 *   container with the flag: only into an empty child of its current
 *   container (the container CLONE makes is one, but CLONE must also pass
 *   CREATE's rule below, so it needs CAP_SYS_ADMIN);
 * - ATTACH or CLONE of another task into a container with the flag:
 *   CAP_SYS_ADMIN, and the destination in the subtree of the caller's own
 *   container;
 * - CREATE (and CLONE) under a parent with the flag: CAP_SYS_ADMIN, and the
 *   parent in the subtree of the caller's own container.
 * Automatic clones by namespace tracking are not subject to them. A refusal
 * is EPERM.
 *
 * Accounting
 * ----------
 * Each container counts, without a scheduler hook (the module reads a
 * task's own times when it enters, leaves or exits a container, and when
 * STAT asks):
 * - CPU time, user and system, of its tasks while they were in it: the
 *   time of tasks that exited in it or left it, plus, for the tasks in it,
 *   the time since they entered. A task that moves takes nothing with it:
 *   its time up to the move stays with the source. The times are the
 *   task's own as /proc/<pid>/stat shows them (the kernel's
 *   task_cputime_adjusted()), in nanoseconds; a task born in a container
 *   starts at 0 there, a task moved in starts at the move. The root
 *   accounts no time of its own (its tasks have no record); its subtree
 *   totals are the time of every task while it was in a container.
 * - Subtree totals of the same: its own, its descendants', and those of
 *   descendants removed since (a removed container's time stays in its
 *   parent's total).
 * - Forks and exits since its creation: tasks (threads too) born in it and
 *   tasks that ended in it.
 * - On request, the resident memory of its processes: the sum of the
 *   resident set (anonymous, file and shmem pages mapped, as VmRSS in
 *   /proc/<pid>/status) of each distinct address space (mm) that a task in
 *   it uses, each counted once. Pages shared between address spaces count
 *   in each; page cache that no process maps, kernel memory, and what
 *   moved tasks left behind are not counted, though cgroup's
 *   memory.current would count them.
 *
 * Interfaces
 * ----------
 * /dev/containerctl  A misc character device. Every operation is an ioctl on
 *                    a file descriptor opened on it; read-only is enough.
 * netlink            The generic netlink family "containerctl": events and a
 *                    dump (see "Events" at the end of this header).
 * /proc/containers   A text snapshot: a header line starting with '#', then
 *                    one line per container in tree order:
 *                    "id parent procs threads children flags path".
 *
 * ioctl conventions
 * -----------------
 * Every argument is a structure whose first two fields are
 *   __u32 size;   the size of the structure as the caller knows it
 *   __u32 flags;  the operation's flags (CONTAINERCTL_<OP>_*); container
 *                 flags (CONTAINERCTL_F_*) are always in a field `cflags`
 * Structures grow only at the end. The kernel reads `size` bytes: a caller
 * built against an older header passes a smaller size and the kernel treats
 * the missing fields as zero; a newer caller's extra fields must be zero or
 * the call fails with E2BIG. A size below the *_SIZE_VER0 of the structure
 * fails with EINVAL. Output fields are written back within `size` bytes.
 * All fields are fixed-size; pointers are passed as __u64, so 32-bit callers
 * use the same layout. Unknown flags and non-zero reserved fields fail with
 * EINVAL; unknown ioctl numbers fail with ENOTTY. A call that fails changes
 * nothing (but ATTACH_BATCH without CONTAINERCTL_BATCH_ATOMIC: see there).
 *
 * Command numbers have the type CONTAINERCTL_IOC_MAGIC ('J') and the
 * numbers 0x00-0x3f (0x00-0x0d used). Each encodes the *_SIZE_VER0 of its
 * structure, never its current size: a structure that grows keeps its
 * number, and a program built against an older header sends the same
 * command with a smaller `size`. The kernel reads the size from the
 * structure's `size` field only and ignores the size bits of the command
 * (as seccomp's notifier ioctls do); direction, type and number must match.
 *
 * Pids are read and reported in the caller's pid namespace; tasks not
 * visible there are left out of listings and cannot be named.
 *
 * Calls that name a task (ATTACH, ATTACH_BATCH, CLONE, WHICH) take a pid
 * number by default, or with the flag CONTAINERCTL_PIDFD a pidfd
 * (pidfd_open(2), clone3(2)'s CLONE_PIDFD) in the same field: the call
 * then reaches that very process or thread, or fails with ESRCH once it has
 * exited, even when its pid number has been reused; a file descriptor that
 * is not a pidfd fails with EBADF. A pidfd of a process names the process
 * (its thread group leader); with PIDFD_THREAD, the thread.
 *
 * Permissions
 * -----------
 * - Queries (INFO, LOOKUP, PATH, STAT, CHILDREN, PIDS, WHICH): anyone who can
 *   open the device.
 * - CREATE, DESTROY: write permission on the parent container.
 * - CLONE: CREATE's permission on the parent and ATTACH's for the move.
 * - ATTACH: CAP_SYS_ADMIN, or all of: the caller's effective uid equals the
 *   target task's real or saved uid; write permission on the destination;
 *   write permission on the nearest common ancestor of the task's current
 *   container and the destination (delegation, as in cgroup v2). A whole
 *   process is checked for every container one of its live threads is in
 *   (threads moved one by one may be elsewhere; a leader that exited is
 *   in none); the ns rules apply to each such container too.
 * - SET: mode, flags and limits by the owner or CAP_SYS_ADMIN; owner (uid,
 *   gid) by CAP_SYS_ADMIN only.
 * - KILL: write permission on the container, and for each process the
 *   permission kill(2) would require (CAP_KILL, or the caller's real or
 *   effective uid equals the target's real or saved uid); the signal is
 *   sent with the caller's credentials, as by kill(2), so LSMs decide too
 *   and a pid namespace's init is protected from its own namespace.
 *   Processes the caller may not signal, and those outside its pid
 *   namespace, are skipped and counted in `denied`; a SIGKILL's kill at
 *   birth reaches only tasks the caller could have signalled.
 * Write permission follows the mode bits as for a directory (owner, group,
 * other); CAP_SYS_ADMIN grants it always.
 *
 * Errors
 * ------
 * EINVAL        bad size, flags, reserved field, mode, signal or name
 * ENAMETOOLONG  a name without its NUL within CONTAINERCTL_NAME_MAX bytes, a
 *               path longer than CONTAINERCTL_PATH_MAX
 * EEXIST        a sibling has that name
 * ENOENT        no container with that id or path
 * EBUSY         DESTROY of a container with tasks or children, or of the root
 * ESRCH         no such pid, the task is exiting, or a pidfd's task exited
 * EBADF         CONTAINERCTL_PIDFD with a descriptor that is not a pidfd
 * EPERM/EACCES  EPERM for a missing capability or a task the caller may not
 *               move; EACCES for missing write permission on a container
 * EFAULT        a bad pointer
 * E2BIG         a structure larger than the kernel's with non-zero extra
 *               fields
 * ERANGE        PATH: the buffer is too small (path_len tells the size)
 * EMLINK        CREATE, CLONE: the module's max_depth would be exceeded
 * ENOSPC        CREATE, CLONE: the module's max_containers would be exceeded
 * EDQUOT        CREATE, CLONE: an ancestor's max_descendants would be
 *               exceeded
 * EAGAIN        PIDS: the container kept growing faster than the snapshot
 *               could be sized (retry)
 */
#ifndef _UAPI_LINUX_CONTAINERCTL_H
#define _UAPI_LINUX_CONTAINERCTL_H

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
#define CONTAINERCTL_FEAT_ACCT		_BITULL(7)	/* STAT's VER2 fields */

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
 * As in file names, a run of '/' is one separator and a trailing '/' is
 * allowed: "//a//b/" is "/a/b", "//" the root. EINVAL: not absolute, or a
 * component longer than a name; ENOENT: a component does not exist.
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

/*
 * CONTAINERCTL_IOC_STAT: a container's attributes and accounting (see
 * "Accounting" above). flags:
 * - CONTAINERCTL_STAT_SUBTREE: fill subtree_cpu_*; it walks the subtree
 *   (without it they are 0);
 * - CONTAINERCTL_STAT_RSS: fill rss_bytes; it walks the container's
 *   processes (without it, 0).
 */
#define CONTAINERCTL_STAT_SUBTREE	_BITUL(0)
#define CONTAINERCTL_STAT_RSS		_BITUL(1)
#define __CONTAINERCTL_STAT_ALL		(CONTAINERCTL_STAT_SUBTREE | \
					 CONTAINERCTL_STAT_RSS)

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
	__u64 cpu_user_ns;	/* out: user time of its tasks while in it */
	__u64 cpu_system_ns;	/* out: system time, the same way */
	__u64 subtree_cpu_user_ns;	/* out: CONTAINERCTL_STAT_SUBTREE */
	__u64 subtree_cpu_system_ns;	/* out: CONTAINERCTL_STAT_SUBTREE */
	__u64 nr_forks;		/* out: tasks born in it since its creation */
	__u64 nr_exits;		/* out: tasks that ended in it */
	__u64 rss_bytes;	/* out: CONTAINERCTL_STAT_RSS: resident memory */
};

#define CONTAINERCTL_STAT_SIZE_VER0	160
#define CONTAINERCTL_STAT_SIZE_VER1	176	/* ns_clones, ns_refused */
#define CONTAINERCTL_STAT_SIZE_VER2	232	/* accounting */

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
 * cannot see them (another pid namespace). The processes are signalled one
 * after another: one that exits on its own and is reaped before its turn
 * (a pipe's reader whose writer was killed first) is in neither count, so
 * `signalled` can be less than the KILL event's COUNT, decided before the
 * first signal.
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

/*
 * Events: the generic netlink family CONTAINERCTL_GENL_NAME
 * ---------------------------------------------------------
 * Multicast groups, all restricted to CAP_NET_ADMIN (in the initial
 * network namespace: the family is not namespace-aware, and pids and uids
 * in events are those of the initial namespaces):
 *   "events"  CREATE, DESTROY, ATTACH, CLONE, EXIT of a whole process,
 *             EMPTY, KILL, NSREFUSED;
 *   "tasks"   the high-volume ones: FORK of every task, EXIT of a thread
 *             whose process goes on;
 *   "all"     the events of both, one stream: for a subscriber of both.
 * Each group's events are packed into messages of its own, so a socket
 * that joins "events" and "tasks" gets each in order but the two
 * interleaved only by message; "all" is the one ordered stream of both.
 * Only tasks outside the root container produce FORK and EXIT. Each event
 * is one CONTAINERCTL_CMD_EVENT message with CONTAINERCTL_A_EVENT, a
 * CONTAINERCTL_A_SEQ and a CONTAINERCTL_A_TIME_NS (CLOCK_MONOTONIC), and the
 * attributes listed below for its type.
 *
 * Sequence numbers come from one 64-bit counter shared by both groups, in
 * the order the events happened; each multicast group delivers its events
 * in that order. A subscriber of "all" sees consecutive numbers unless it
 * lost events:
 * a gap of N is N lost events (the module drops events when its buffer is
 * full and the socket drops them when the receiver lags, with ENOBUFS; the
 * numbers are never reused). A subscriber of one group sees the other
 * group's numbers as gaps: each event also carries CONTAINERCTL_A_GROUP_SEQ,
 * its number among its group's events (1, 2, ...; a gap of N is N of them
 * lost), and CONTAINERCTL_A_PREV_SEQ, the SEQ of the previous event of its
 * group.
 * Events are generated only while somebody subscribes, and sent in
 * batches: up to the module parameter event_delay_us (1000 by default,
 * rounded up to a tick; 0: at once) after the first of a batch, sooner
 * when a quarter of the buffer waits. TIME_NS is when the event happened.
 *
 * CONTAINERCTL_CMD_DUMP (a dump request, NLM_F_DUMP; CAP_NET_ADMIN, as for
 * subscribing: it copies the whole tree at one instant) lists
 * every container in pre-order, one message each, taken as one snapshot:
 * each carries CONTAINERCTL_A_SEQ, the number of the last event that
 * snapshot reflects. Subscribe first, then dump, then apply the events
 * with a larger number: no gap, no double count.
 *
 * Attributes by event (all have EVENT, SEQ, GROUP_SEQ, PREV_SEQ, TIME_NS):
 *   CREATE, DESTROY  ID, PARENT, NAME
 *   ATTACH           PID, TGID, FROM, TO, UID (of the caller; per thread
 *                    moved, also for CLONE's moves)
 *   CLONE            ID, PARENT, NAME, PID (the task moved: tgid for a
 *                    group), CAUSE, NS_FLAGS (for CONTAINERCTL_CAUSE_NSTRACK);
 *                    follows the new container's CREATE and its ATTACHes
 *   FORK             PID, TGID, PPID (the creating task), ID
 *   EXIT             PID, TGID, ID, EXIT_CODE (a wait(2) status: the
 *                    thread's own, or with GROUP_DEAD the process's, as
 *                    wait(2) reports it), GROUP_DEAD (1: the process ended
 *                    with this task, the last of its threads to exit)
 *   EMPTY            ID (the container lost its last task)
 *   KILL             ID, SIGNAL, COUNT (processes signalled), DENIED, FLAGS
 *                    (CONTAINERCTL_KILL_*)
 *   NSREFUSED        ID (where the task stays), PID (the task that created
 *                    the namespaces: for clone(2) the new one), NS_FLAGS,
 *                    ERROR (the negative errno that stopped the automatic
 *                    clone)
 * Dump messages: SEQ, ID, PARENT (0 for the root), NAME, FLAGS,
 * NR_THREADS, NR_CHILDREN.
 */
#define CONTAINERCTL_GENL_NAME		"containerctl"
#define CONTAINERCTL_GENL_VERSION	1
#define CONTAINERCTL_GENL_MCGRP_EVENTS	"events"
#define CONTAINERCTL_GENL_MCGRP_TASKS	"tasks"
#define CONTAINERCTL_GENL_MCGRP_ALL	"all"

enum containerctl_cmd {
	CONTAINERCTL_CMD_UNSPEC,
	CONTAINERCTL_CMD_EVENT,		/* kernel to user: one event */
	CONTAINERCTL_CMD_DUMP,		/* dump: one container per message */
	__CONTAINERCTL_CMD_MAX
};

#define CONTAINERCTL_CMD_MAX	(__CONTAINERCTL_CMD_MAX - 1)

enum containerctl_event {
	CONTAINERCTL_EV_UNSPEC,
	CONTAINERCTL_EV_CREATE,
	CONTAINERCTL_EV_DESTROY,
	CONTAINERCTL_EV_ATTACH,
	CONTAINERCTL_EV_CLONE,
	CONTAINERCTL_EV_FORK,
	CONTAINERCTL_EV_EXIT,
	CONTAINERCTL_EV_EMPTY,
	CONTAINERCTL_EV_KILL,
	CONTAINERCTL_EV_NSREFUSED,
	__CONTAINERCTL_EV_MAX
};

#define CONTAINERCTL_EV_MAX	(__CONTAINERCTL_EV_MAX - 1)

/* CONTAINERCTL_A_CAUSE of a CLONE. */
enum containerctl_cause {
	CONTAINERCTL_CAUSE_EXPLICIT,	/* CONTAINERCTL_IOC_CLONE */
	CONTAINERCTL_CAUSE_NSTRACK	/* namespace tracking */
};

enum containerctl_attr {
	CONTAINERCTL_A_UNSPEC,
	CONTAINERCTL_A_PAD,		/* alignment of 64-bit attributes */
	CONTAINERCTL_A_EVENT,		/* u32: enum containerctl_event */
	CONTAINERCTL_A_SEQ,		/* u64 */
	CONTAINERCTL_A_PREV_SEQ,	/* u64: previous event of its group */
	CONTAINERCTL_A_TIME_NS,		/* u64: CLOCK_MONOTONIC */
	CONTAINERCTL_A_ID,		/* u64: a container */
	CONTAINERCTL_A_PARENT,		/* u64: its parent */
	CONTAINERCTL_A_NAME,		/* string: its name */
	CONTAINERCTL_A_PID,		/* u32 */
	CONTAINERCTL_A_TGID,		/* u32 */
	CONTAINERCTL_A_PPID,		/* u32 */
	CONTAINERCTL_A_FROM,		/* u64: container moved from */
	CONTAINERCTL_A_TO,		/* u64: container moved to */
	CONTAINERCTL_A_UID,		/* u32 */
	CONTAINERCTL_A_CAUSE,		/* u32: enum containerctl_cause */
	CONTAINERCTL_A_NS_FLAGS,	/* u64: CLONE_NEW* flags */
	CONTAINERCTL_A_EXIT_CODE,	/* u32: wait(2) status */
	CONTAINERCTL_A_GROUP_DEAD,	/* u8: 0 or 1 */
	CONTAINERCTL_A_SIGNAL,		/* u32 */
	CONTAINERCTL_A_COUNT,		/* u64 */
	CONTAINERCTL_A_DENIED,		/* u32 */
	CONTAINERCTL_A_ERROR,		/* s32: negative errno */
	CONTAINERCTL_A_FLAGS,		/* u32 */
	CONTAINERCTL_A_NR_THREADS,	/* u64 */
	CONTAINERCTL_A_NR_CHILDREN,	/* u32 */
	CONTAINERCTL_A_GROUP_SEQ,	/* u64: number within its group */
	__CONTAINERCTL_A_MAX
};

#define CONTAINERCTL_A_MAX	(__CONTAINERCTL_A_MAX - 1)

#endif /* _UAPI_LINUX_CONTAINERCTL_H */
