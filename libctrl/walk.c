// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libctrl: a container's children, paged with CHILDREN's cursor, and
 * walking the tree in pre-order with them and STAT. Containers removed
 * during the walk are skipped.
 */
#include <errno.h>
#include <stdlib.h>

#include <containerctl/ctrl.h>

#define CHILDREN_PAGE	256	/* ids asked for per CHILDREN call */

int ctrl_children_all(int fd, uint64_t id, uint64_t **ids, size_t *n)
{
	uint64_t *v = NULL, *nv, cursor = 0;
	size_t len = 0, cap = 0;
	uint32_t count;
	int ret;

	*ids = NULL;
	*n = 0;
	for (;;) {
		if (cap - len < CHILDREN_PAGE) {
			nv = realloc(v, (cap + CHILDREN_PAGE) * sizeof(*v));
			if (!nv) {
				free(v);
				return -ENOMEM;
			}
			v = nv;
			cap += CHILDREN_PAGE;
		}
		count = CHILDREN_PAGE;
		ret = ctrl_children(fd, id, cursor, v + len, &count, NULL);
		if (ret) {
			free(v);
			return ret;
		}
		len += count;
		if (count < CHILDREN_PAGE)
			break;
		cursor = v[len - 1];
	}
	*ids = v;
	*n = len;
	return 0;
}

struct walk {
	int fd;
	unsigned int flags;
	ctrl_walk_cb cb;
	void *arg;
};

/* 0 to go on, or the value that stops the walk. */
static int walk_one(struct walk *w, uint64_t id, int depth, int top)
{
	struct containerctl_stat st;
	uint64_t *ids;
	size_t n, i;
	int ret;

	ret = ctrl_stat_flags(w->fd, id, w->flags, &st);
	if (ret)
		return ret == -ENOENT && !top ? 0 : ret;
	ret = w->cb(w->fd, id, &st, depth, w->arg);
	if (ret == CTRL_WALK_PRUNE)
		return 0;
	if (ret)
		return ret;
	ret = ctrl_children_all(w->fd, id, &ids, &n);
	if (ret == -ENOENT && !top)
		return 0;	/* removed meanwhile */
	for (i = 0; !ret && i < n; i++)
		ret = walk_one(w, ids[i], depth + 1, 0);
	free(ids);
	return ret;
}

int ctrl_walk(int fd, uint64_t root, ctrl_walk_cb cb, void *arg)
{
	return ctrl_walk_flags(fd, root, 0, cb, arg);
}

int ctrl_walk_flags(int fd, uint64_t root, unsigned int flags,
		    ctrl_walk_cb cb, void *arg)
{
	struct walk w = { .fd = fd, .flags = flags, .cb = cb, .arg = arg };

	return walk_one(&w, root, 0, 1);
}
