// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libctrl: walking the tree in pre-order with CHILDREN (paged with the
 * cursor) and STAT. Containers removed during the walk are skipped.
 */
#include <errno.h>

#include <containerctl/ctrl.h>

#define WALK_PAGE	64

struct walk {
	int fd;
	ctrl_walk_cb cb;
	void *arg;
};

/* 0 to go on, or the value that stops the walk. */
static int walk_one(struct walk *w, uint64_t id, int depth, int top)
{
	struct containerctl_stat st;
	uint64_t ids[WALK_PAGE], cursor = 0;
	uint32_t count, i;
	int ret;

	ret = ctrl_stat(w->fd, id, &st);
	if (ret)
		return ret == -ENOENT && !top ? 0 : ret;
	ret = w->cb(w->fd, id, &st, depth, w->arg);
	if (ret == CTRL_WALK_PRUNE)
		return 0;
	if (ret)
		return ret;
	for (;;) {
		count = WALK_PAGE;
		ret = ctrl_children(w->fd, id, cursor, ids, &count, NULL);
		if (ret == -ENOENT && !top)
			return 0;	/* removed meanwhile */
		if (ret)
			return ret;
		for (i = 0; i < count; i++) {
			ret = walk_one(w, ids[i], depth + 1, 0);
			if (ret)
				return ret;
		}
		if (count < WALK_PAGE)
			return 0;
		cursor = ids[count - 1];
	}
}

int ctrl_walk(int fd, uint64_t root, ctrl_walk_cb cb, void *arg)
{
	struct walk w = { .fd = fd, .cb = cb, .arg = arg };

	return walk_one(&w, root, 0, 1);
}
