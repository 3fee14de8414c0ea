/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the in-VM C tests that drive the module through libctrl:
 * the test's descriptor of /dev/containerctl (fd, opened by main()) and
 * the small queries most tests repeat. Include after ctrtest.h.
 */
#ifndef _CTRTEST_CTRL_H
#define _CTRTEST_CTRL_H

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

#include "ctrtest.h"

static int fd;

/* Containers the module has, root included. */
static inline uint32_t nr_containers(void)
{
	struct containerctl_info info;

	REQUIRE(!ctrl_info(fd, &info), "info");
	return info.nr_containers;
}

static inline struct containerctl_stat stat_of(uint64_t id)
{
	struct containerctl_stat st;
	int ret = ctrl_stat(fd, id, &st);

	REQUIRE(!ret, "stat %llu: %s", (unsigned long long)id, strerror(-ret));
	return st;
}

/* The container of @pid; a failure is a failed check, and 0. */
static inline uint64_t which(pid_t pid)
{
	uint64_t id = 0;
	int ret = ctrl_which(fd, pid, &id);

	CHECK(!ret, "which %d: %s", pid, strerror(-ret));
	return id;
}

/* The path of @id, in one of four rotating buffers (for one printf). */
static inline const char *path_of(uint64_t id)
{
	static char bufs[4][CONTAINERCTL_PATH_MAX];
	static int next;
	char *buf = bufs[next++ % 4];
	int ret = ctrl_path(fd, id, buf, CONTAINERCTL_PATH_MAX);

	if (ret)
		snprintf(buf, CONTAINERCTL_PATH_MAX, "(id %llu: %s)",
			 (unsigned long long)id, strerror(-ret));
	return buf;
}

/* The id at @path, or 0 if there is none. */
static inline uint64_t lookup(const char *path)
{
	uint64_t id = 0;

	if (ctrl_lookup(fd, path, &id))
		return 0;
	return id;
}

/* Write a module parameter (/sys/module/containerctl/parameters/NAME). */
static inline int set_param(const char *name, const char *value)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/module/containerctl/parameters/%s", name);
	return ctrtest_write_file(path, value);
}

/*
 * (Needs _GNU_SOURCE.) In a child about to act as another user: become @uid (and gid @uid, no
 * supplementary groups) for good, or exit with status 100.
 */
static inline void ctrtest_become(unsigned int uid)
{
	if (setgroups(0, NULL) || setresgid(uid, uid, uid) ||
	    setresuid(uid, uid, uid))
		_exit(100);
}

/*
 * Destroy @id's subtree, children first (paging by cursor, so that a
 * child that cannot be destroyed is reported once and skipped); every
 * container must be empty.
 */
static inline void destroy_tree(uint64_t id)
{
	uint64_t ids[64], cursor = 0;
	uint32_t i, count;
	int ret;

	for (;;) {
		count = 64;
		ret = ctrl_children(fd, id, cursor, ids, &count, NULL);
		REQUIRE(!ret, "children of %llu: %s", (unsigned long long)id,
			strerror(-ret));
		if (!count)
			break;
		for (i = 0; i < count; i++)
			destroy_tree(ids[i]);
		cursor = ids[count - 1];
	}
	CHECK_RET(ctrl_destroy(fd, id), 0);
}

#endif /* _CTRTEST_CTRL_H */
