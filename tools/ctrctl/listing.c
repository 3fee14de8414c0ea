// SPDX-License-Identifier: GPL-2.0
/*
 * What ctrctl's listings (ls, tree, top) read besides the tables: a subtree
 * with each container's path (libctrl's ctrl_walk()), and a process's
 * command line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctrctl.h"

int grow(void **v, size_t *cap, size_t i, size_t size)
{
	size_t want = *cap ? 2 * *cap : 16;
	void *nv;

	if (i < *cap)
		return 0;
	while (want <= i)
		want *= 2;
	nv = realloc(*v, want * size);
	if (!nv)
		return -ENOMEM;
	*v = nv;
	*cap = want;
	return 0;
}

struct path_walk {
	path_walk_cb cb;
	void *arg;
	char path[CONTAINERCTL_PATH_MAX];
	size_t *plen;		/* the path's length at each depth */
	size_t cap;
};

static int path_walk_one(int fd, uint64_t id,
			 const struct containerctl_stat *st, int depth,
			 void *arg)
{
	struct path_walk *w = arg;
	size_t plen;

	(void)fd;
	(void)id;
	if (grow((void **)&w->plen, &w->cap, depth, sizeof(*w->plen)))
		return -ENOMEM;
	if (depth) {
		plen = w->plen[depth - 1];
		snprintf(w->path + plen, sizeof(w->path) - plen, "%s%s",
			 plen > 1 ? "/" : "", st->name);
	}
	w->plen[depth] = strlen(w->path);
	return w->cb(st, w->path, depth, w->arg);
}

int path_walk(int fd, const struct target *c, unsigned int flags,
	      path_walk_cb cb, void *arg)
{
	struct path_walk w = { .cb = cb, .arg = arg };
	int ret;

	snprintf(w.path, sizeof(w.path), "%s", c->path);
	ret = ctrl_walk_flags(fd, c->id, flags, path_walk_one, &w);
	free(w.plen);
	return ret;
}

void proc_cmdline(pid_t pid, char *buf, size_t len)
{
	char path[64];
	ssize_t n = 0, i;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, len - 1);
		close(fd);
	}
	if (n > 0) {
		/* Trailing NULs dropped, the others are spaces. */
		while (n > 0 && buf[n - 1] == '\0')
			n--;
		for (i = 0; i < n; i++)
			if (buf[i] == '\0' || buf[i] == '\n')
				buf[i] = ' ';
		buf[n] = '\0';
		if (n)
			return;
	}
	/* A kernel thread, a zombie or a process gone: its name, if any. */
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	n = 0;
	if (fd >= 0) {
		n = read(fd, path, sizeof(path) - 1);
		close(fd);
	}
	while (n > 0 && path[n - 1] == '\n')
		n--;
	path[n > 0 ? n : 0] = '\0';
	snprintf(buf, len, "[%s]", n > 0 ? path : "?");
}
