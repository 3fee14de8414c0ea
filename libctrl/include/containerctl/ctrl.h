/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libctrl: the C library over containerctl's ABI (<linux/containerctl.h>).
 *
 * Every call returns 0 (or a non-negative count where documented) on
 * success and a negative errno on failure, and leaves errno alone, as
 * liburing does. Calls take the file descriptor of /dev/containerctl from
 * ctrl_open().
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

int ctrl_open(void);
int ctrl_info(int fd, struct containerctl_info *info);
int ctrl_create(int fd, uint64_t parent, const char *name, unsigned int mode,
		unsigned int flags, uint64_t *id);
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
int ctrl_children(int fd, uint64_t id, uint64_t cursor, uint64_t *ids,
		  uint32_t *count, uint32_t *total);
int ctrl_attach(int fd, uint64_t id, pid_t pid, unsigned int flags);
int ctrl_attach_batch(int fd, uint64_t id, const pid_t *pids, uint32_t count,
		      unsigned int flags, uint32_t *moved,
		      uint32_t *error_index);
int ctrl_pids(int fd, uint64_t id, unsigned int flags, uint32_t cursor,
	      uint32_t *buf, uint32_t *count, uint32_t *total,
	      uint64_t *generation);
int ctrl_which(int fd, pid_t pid, uint64_t *id);
int ctrl_set(int fd, const struct containerctl_set *set);
int ctrl_kill(int fd, uint64_t id, int sig, unsigned int flags,
	      uint64_t *signalled, uint32_t *denied);

#ifdef __cplusplus
}
#endif

/* Events and the dump: the generic netlink family. */
#include <containerctl/events.h>

#endif /* _CONTAINERCTL_CTRL_H */
