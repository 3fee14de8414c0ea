// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libctrl: the operations that take a container's id, by absolute path.
 * The path is resolved with LOOKUP, then the operation runs on the id: ids
 * are never reused, so a container removed in between fails with ENOENT
 * and the call never reaches another container.
 */
#include <errno.h>
#include <string.h>

#include <containerctl/ctrl.h>

int ctrl_create_args_path(int fd, const char *path,
			  struct containerctl_create *cr)
{
	char parent[CONTAINERCTL_PATH_MAX];
	size_t len = strlen(path), nlen, plen;
	const char *slash;
	uint64_t parent_id;
	int ret;

	if (path[0] != '/')
		return -EINVAL;
	if (len >= sizeof(parent))
		return -ENAMETOOLONG;
	/*
	 * LOOKUP's rule: a run of '/' is one, a trailing '/' is nothing. The
	 * parent keeps whatever slashes it has: LOOKUP takes them.
	 */
	while (len > 1 && path[len - 1] == '/')
		len--;
	if (len == 1)
		return -EEXIST;		/* the root */
	slash = path + len - 1;
	while (*slash != '/')
		slash--;
	nlen = path + len - slash - 1;
	if (nlen >= sizeof(cr->name))
		return -ENAMETOOLONG;
	memcpy(cr->name, slash + 1, nlen);
	cr->name[nlen] = '\0';
	plen = slash == path ? 1 : (size_t)(slash - path);
	memcpy(parent, path, plen);
	parent[plen] = '\0';
	ret = ctrl_lookup(fd, parent, &parent_id);
	if (ret)
		return ret;
	cr->parent = parent_id;
	return ctrl_create_args(fd, cr);
}

int ctrl_create_path(int fd, const char *path, unsigned int mode,
		     unsigned int cflags, uint64_t *id)
{
	struct containerctl_create cr = {
		.mode = mode,
		.cflags = cflags,
	};
	int ret;

	ret = ctrl_create_args_path(fd, path, &cr);
	if (!ret && id)
		*id = cr.id;
	return ret;
}

int ctrl_destroy_path(int fd, const char *path)
{
	uint64_t id;
	int ret = ctrl_lookup(fd, path, &id);

	return ret ? ret : ctrl_destroy(fd, id);
}

int ctrl_stat_path(int fd, const char *path, struct containerctl_stat *st)
{
	uint64_t id;
	int ret = ctrl_lookup(fd, path, &id);

	return ret ? ret : ctrl_stat(fd, id, st);
}

int ctrl_stat_flags_path(int fd, const char *path, unsigned int flags,
			 struct containerctl_stat *st)
{
	uint64_t id;
	int ret = ctrl_lookup(fd, path, &id);

	return ret ? ret : ctrl_stat_flags(fd, id, flags, st);
}

int ctrl_attach_path(int fd, const char *path, pid_t pid, unsigned int flags)
{
	uint64_t id;
	int ret = ctrl_lookup(fd, path, &id);

	return ret ? ret : ctrl_attach(fd, id, pid, flags);
}

int ctrl_kill_path(int fd, const char *path, int sig, unsigned int flags,
		   uint64_t *signalled, uint64_t *denied)
{
	uint64_t id;
	int ret = ctrl_lookup(fd, path, &id);

	return ret ? ret : ctrl_kill(fd, id, sig, flags, signalled, denied);
}

int ctrl_set_path(int fd, const char *path, const struct containerctl_set *set)
{
	struct containerctl_set s = *set;
	uint64_t id;
	int ret = ctrl_lookup(fd, path, &id);

	if (ret)
		return ret;
	s.id = id;
	return ctrl_set(fd, &s);
}

int ctrl_clone_path(int fd, const char *parent, struct containerctl_clone *cl)
{
	uint64_t id;
	int ret = ctrl_lookup(fd, parent, &id);

	if (ret)
		return ret;
	cl->parent = id;
	return ctrl_clone(fd, cl);
}

int ctrl_pids_all_path(int fd, const char *path, unsigned int flags,
		       uint32_t **pids, size_t *n, uint64_t *generation)
{
	uint64_t id;
	int ret = ctrl_lookup(fd, path, &id);

	return ret ? ret : ctrl_pids_all(fd, id, flags, pids, n, generation);
}

int ctrl_children_path(int fd, const char *path, uint64_t cursor,
		       uint64_t *ids, uint32_t *count, uint32_t *total)
{
	uint64_t id;
	int ret = ctrl_lookup(fd, path, &id);

	return ret ? ret : ctrl_children(fd, id, cursor, ids, count, total);
}

int ctrl_attach_batch_path(int fd, const char *path, const pid_t *pids,
			   uint32_t count, unsigned int flags,
			   uint32_t *moved, uint32_t *error_index)
{
	uint64_t id;
	int ret = ctrl_lookup(fd, path, &id);

	if (ret) {
		if (moved)
			*moved = 0;
		if (error_index)
			*error_index = 0;
		return ret;
	}
	return ctrl_attach_batch(fd, id, pids, count, flags, moved,
				 error_index);
}

int ctrl_pids_path(int fd, const char *path, unsigned int flags,
		   uint32_t cursor, uint32_t *buf, uint32_t *count,
		   uint32_t *total, uint64_t *generation)
{
	uint64_t id;
	int ret = ctrl_lookup(fd, path, &id);

	return ret ? ret : ctrl_pids(fd, id, flags, cursor, buf, count, total,
				     generation);
}

int ctrl_walk_path(int fd, const char *path, ctrl_walk_cb cb, void *arg)
{
	uint64_t id;
	int ret = ctrl_lookup(fd, path, &id);

	return ret ? ret : ctrl_walk(fd, id, cb, arg);
}
