/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libctrl: the C library over containerctl's ABI (<linux/containerctl.h>).
 *
 * Every call returns 0 (or a non-negative count where documented) on
 * success and a negative errno on failure, and leaves errno alone, as
 * liburing does. Calls take the file descriptor of /dev/containerctl from
 * ctrl_open(). The manual pages (libctrl(7), ctrl_open(3), ...) describe
 * each call.
 */
#ifndef _CONTAINERCTL_CTRL_H
#define _CONTAINERCTL_CTRL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <linux/containerctl.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Open /dev/containerctl (close-on-exec) and check the module's ABI: a
 * module whose INFO reports another abi_version than this header's
 * CONTAINERCTL_ABI_VERSION is refused with -EPROTONOSUPPORT. Return: the
 * descriptor, or -errno. ctrl_open_info() also gives INFO (may be NULL).
 */
int ctrl_open(void);
int ctrl_open_info(struct containerctl_info *info);
int ctrl_info(int fd, struct containerctl_info *info);
/* 1 if the module has every CONTAINERCTL_FEAT_* in features, 0 if not. */
int ctrl_has_feature(int fd, uint64_t features);
/* cflags: container flags (CONTAINERCTL_F_*) to set. */
int ctrl_create(int fd, uint64_t parent, const char *name, unsigned int mode,
		unsigned int cflags, uint64_t *id);
/*
 * CREATE with every field of the structure (clear_flags); size is set,
 * the other fields are the caller's, id is written back.
 */
int ctrl_create_args(int fd, struct containerctl_create *cr);
/*
 * CLONE: size is set, the other fields are the caller's; id and the name
 * given are written back.
 */
int ctrl_clone(int fd, struct containerctl_clone *cl);
int ctrl_destroy(int fd, uint64_t id);
int ctrl_lookup(int fd, const char *path, uint64_t *id);
int ctrl_path(int fd, uint64_t id, char *buf, size_t len);
int ctrl_stat(int fd, uint64_t id, struct containerctl_stat *st);
/* STAT with flags: CONTAINERCTL_STAT_SUBTREE, CONTAINERCTL_STAT_RSS. */
int ctrl_stat_flags(int fd, uint64_t id, unsigned int flags,
		    struct containerctl_stat *st);
int ctrl_children(int fd, uint64_t id, uint64_t cursor, uint64_t *ids,
		  uint32_t *count, uint32_t *total);
/*
 * With CONTAINERCTL_PIDFD in flags, pid (or each of pids) is a pidfd: the
 * move reaches that process or fails with -ESRCH, whatever took its pid.
 */
int ctrl_attach(int fd, uint64_t id, pid_t pid, unsigned int flags);
int ctrl_attach_batch(int fd, uint64_t id, const pid_t *pids, uint32_t count,
		      unsigned int flags, uint32_t *moved,
		      uint32_t *error_index);
int ctrl_pids(int fd, uint64_t id, unsigned int flags, uint32_t cursor,
	      uint32_t *buf, uint32_t *count, uint32_t *total,
	      uint64_t *generation);
int ctrl_which(int fd, pid_t pid, uint64_t *id);
int ctrl_which_pidfd(int fd, int pidfd, uint64_t *id);
int ctrl_set(int fd, const struct containerctl_set *set);
int ctrl_kill(int fd, uint64_t id, int sig, unsigned int flags,
	      uint64_t *signalled, uint64_t *denied);

/*
 * Every pid of one atomic snapshot (PIDS), in a buffer sized by a first
 * call and grown while the container outgrows it; *pids is malloc'd (the
 * caller frees it, also when *n is 0). -EAGAIN if it kept growing.
 */
int ctrl_pids_all(int fd, uint64_t id, unsigned int flags, uint32_t **pids,
		  size_t *n, uint64_t *generation);
/*
 * Every child of id, ascending, paged with CHILDREN's cursor; *ids is
 * malloc'd (the caller frees it, also when *n is 0).
 */
int ctrl_children_all(int fd, uint64_t id, uint64_t **ids, size_t *n);

/*
 * By absolute path: LOOKUP, then the call by id. ctrl_create_path()
 * creates the last component under the container its parent path names;
 * ctrl_create_args_path() too, with the rest of cr the caller's (its parent
 * and name are set from path, its size and id as by ctrl_create_args()).
 */
int ctrl_create_path(int fd, const char *path, unsigned int mode,
		     unsigned int cflags, uint64_t *id);
int ctrl_create_args_path(int fd, const char *path,
			  struct containerctl_create *cr);
int ctrl_destroy_path(int fd, const char *path);
int ctrl_stat_path(int fd, const char *path, struct containerctl_stat *st);
int ctrl_stat_flags_path(int fd, const char *path, unsigned int flags,
			 struct containerctl_stat *st);
int ctrl_attach_path(int fd, const char *path, pid_t pid, unsigned int flags);
int ctrl_kill_path(int fd, const char *path, int sig, unsigned int flags,
		   uint64_t *signalled, uint64_t *denied);
/* set->id is ignored: the container is the one at path. */
int ctrl_set_path(int fd, const char *path, const struct containerctl_set *set);
/* cl->parent is set to the id of the container at parent. */
int ctrl_clone_path(int fd, const char *parent, struct containerctl_clone *cl);
int ctrl_pids_all_path(int fd, const char *path, unsigned int flags,
		       uint32_t **pids, size_t *n, uint64_t *generation);
int ctrl_pids_path(int fd, const char *path, unsigned int flags,
		   uint32_t cursor, uint32_t *buf, uint32_t *count,
		   uint32_t *total, uint64_t *generation);
int ctrl_children_path(int fd, const char *path, uint64_t cursor,
		       uint64_t *ids, uint32_t *count, uint32_t *total);
/* A failed lookup sets *moved and *error_index to 0. */
int ctrl_attach_batch_path(int fd, const char *path, const pid_t *pids,
			   uint32_t count, unsigned int flags,
			   uint32_t *moved, uint32_t *error_index);

/*
 * Run a program in a container: the new process moves itself in (ATTACH
 * of pid 0) before execve(2), so the program never runs outside. path is
 * searched in PATH when it has no '/' (execvp(3)); envp NULL means the
 * caller's environment. ctrl_spawn() returns 0 once the program runs, with
 * its pid, or the -errno of the move or of the exec (the failed child is
 * reaped). ctrl_spawn_pidfd() also gives a pidfd of the new process
 * (pidfd_open(2), close-on-exec), to name it in later calls without pid
 * reuse; if none can be had, the child is killed and reaped and that error
 * returned. ctrl_exec() does it in the calling process and returns only on
 * failure.
 */
int ctrl_spawn(int fd, uint64_t id, const char *path, char *const argv[],
	       char *const envp[], pid_t *pid);
int ctrl_spawn_pidfd(int fd, uint64_t id, const char *path,
		     char *const argv[], char *const envp[], pid_t *pid,
		     int *pidfd);
int ctrl_exec(int fd, uint64_t id, const char *path, char *const argv[],
	      char *const envp[]);

/*
 * Walk the subtree of root in pre-order (children by ascending id), the
 * callback getting each container's id, stat and depth below root (0 for
 * root). The callback returns 0 to go on, CTRL_WALK_PRUNE to skip the
 * container's children, anything else to stop: ctrl_walk() returns it.
 * Containers removed during the walk are skipped. Return: 0, the
 * callback's value, or -errno (-ENOENT: no container root).
 * ctrl_walk_flags() passes STAT's flags (CONTAINERCTL_STAT_*) for each.
 */
#define CTRL_WALK_PRUNE	1
typedef int (*ctrl_walk_cb)(int fd, uint64_t id,
			   const struct containerctl_stat *st, int depth,
			   void *arg);
int ctrl_walk(int fd, uint64_t root, ctrl_walk_cb cb, void *arg);
int ctrl_walk_flags(int fd, uint64_t root, unsigned int flags,
		    ctrl_walk_cb cb, void *arg);
int ctrl_walk_path(int fd, const char *path, ctrl_walk_cb cb, void *arg);

#ifdef __cplusplus
}
#endif

/* Events and the dump: the generic netlink family. */
#include <containerctl/events.h>

#endif /* _CONTAINERCTL_CTRL_H */
