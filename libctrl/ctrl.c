// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libctrl: one thin call per ioctl of <linux/containerctl.h>.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <containerctl/ctrl.h>

/* ioctl() that returns 0 or -errno and leaves errno as it was. */
static int __ctrl_ioctl(int fd, unsigned long cmd, void *arg)
{
	int saved = errno, ret;

	ret = ioctl(fd, cmd, arg);
	if (ret < 0)
		ret = -errno;
	errno = saved;
	return ret;
}

#define __ctrl_init(s) do {		\
	memset(&(s), 0, sizeof(s));	\
	(s).size = sizeof(s);		\
} while (0)

int ctrl_open(void)
{
	int saved = errno;
	int fd = open("/dev/" CONTAINERCTL_DEVICE_NAME, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		fd = -errno;
	errno = saved;
	return fd;
}

int ctrl_info(int fd, struct containerctl_info *info)
{
	__ctrl_init(*info);
	return __ctrl_ioctl(fd, CONTAINERCTL_IOC_INFO, info);
}

int ctrl_create(int fd, uint64_t parent, const char *name, unsigned int mode,
		unsigned int flags, uint64_t *id)
{
	struct containerctl_create cr;
	int ret;

	__ctrl_init(cr);
	if (strlen(name) >= sizeof(cr.name))
		return -ENAMETOOLONG;
	strcpy(cr.name, name);
	cr.parent = parent;
	cr.mode = mode;
	cr.flags = flags;
	ret = __ctrl_ioctl(fd, CONTAINERCTL_IOC_CREATE, &cr);
	if (!ret && id)
		*id = cr.id;
	return ret;
}

int ctrl_destroy(int fd, uint64_t id)
{
	struct containerctl_destroy d;

	__ctrl_init(d);
	d.id = id;
	return __ctrl_ioctl(fd, CONTAINERCTL_IOC_DESTROY, &d);
}

int ctrl_lookup(int fd, const char *path, uint64_t *id)
{
	struct containerctl_lookup lk;
	int ret;

	__ctrl_init(lk);
	lk.path = (uintptr_t)path;
	ret = __ctrl_ioctl(fd, CONTAINERCTL_IOC_LOOKUP, &lk);
	if (!ret)
		*id = lk.id;
	return ret;
}

int ctrl_path(int fd, uint64_t id, char *buf, size_t len)
{
	struct containerctl_path p;

	__ctrl_init(p);
	p.id = id;
	p.buf = (uintptr_t)buf;
	p.buf_len = len > UINT32_MAX ? UINT32_MAX : len;
	return __ctrl_ioctl(fd, CONTAINERCTL_IOC_PATH, &p);
}

int ctrl_stat(int fd, uint64_t id, struct containerctl_stat *st)
{
	__ctrl_init(*st);
	st->id = id;
	return __ctrl_ioctl(fd, CONTAINERCTL_IOC_STAT, st);
}

int ctrl_children(int fd, uint64_t id, uint64_t cursor, uint64_t *ids,
		  uint32_t *count, uint32_t *total)
{
	struct containerctl_children ch;
	int ret;

	__ctrl_init(ch);
	ch.id = id;
	ch.cursor = cursor;
	ch.ids = (uintptr_t)ids;
	ch.count = *count;
	ret = __ctrl_ioctl(fd, CONTAINERCTL_IOC_CHILDREN, &ch);
	if (!ret) {
		*count = ch.count;
		if (total)
			*total = ch.total;
	}
	return ret;
}

int ctrl_attach(int fd, uint64_t id, pid_t pid, unsigned int flags)
{
	struct containerctl_attach at;

	__ctrl_init(at);
	at.id = id;
	at.pid = pid;
	at.flags = flags;
	return __ctrl_ioctl(fd, CONTAINERCTL_IOC_ATTACH, &at);
}

int ctrl_attach_batch(int fd, uint64_t id, const pid_t *pids, uint32_t count,
		      unsigned int flags, uint32_t *moved,
		      uint32_t *error_index)
{
	struct containerctl_attach_batch b;
	int ret;

	__ctrl_init(b);
	b.id = id;
	b.pids = (uintptr_t)pids;
	b.count = count;
	b.flags = flags;
	ret = __ctrl_ioctl(fd, CONTAINERCTL_IOC_ATTACH_BATCH, &b);
	if (moved)
		*moved = b.moved;
	if (error_index)
		*error_index = b.error_index;
	return ret;
}

int ctrl_pids(int fd, uint64_t id, unsigned int flags, uint32_t cursor,
	      uint32_t *buf, uint32_t *count, uint32_t *total,
	      uint64_t *generation)
{
	struct containerctl_pids p;
	int ret;

	__ctrl_init(p);
	p.id = id;
	p.flags = flags;
	p.cursor = cursor;
	p.buf = (uintptr_t)buf;
	p.count = *count;
	ret = __ctrl_ioctl(fd, CONTAINERCTL_IOC_PIDS, &p);
	if (!ret) {
		*count = p.count;
		if (total)
			*total = p.total;
		if (generation)
			*generation = p.generation;
	}
	return ret;
}

int ctrl_which(int fd, pid_t pid, uint64_t *id)
{
	struct containerctl_which w;
	int ret;

	__ctrl_init(w);
	w.pid = pid;
	ret = __ctrl_ioctl(fd, CONTAINERCTL_IOC_WHICH, &w);
	if (!ret)
		*id = w.id;
	return ret;
}

int ctrl_set(int fd, const struct containerctl_set *set)
{
	struct containerctl_set s = *set;

	s.size = sizeof(s);
	return __ctrl_ioctl(fd, CONTAINERCTL_IOC_SET, &s);
}

int ctrl_kill(int fd, uint64_t id, int sig, unsigned int flags,
	      uint64_t *signalled, uint32_t *denied)
{
	struct containerctl_kill k;
	int ret;

	__ctrl_init(k);
	k.id = id;
	k.signal = sig;
	k.flags = flags;
	ret = __ctrl_ioctl(fd, CONTAINERCTL_IOC_KILL, &k);
	if (!ret) {
		if (signalled)
			*signalled = k.signalled;
		if (denied)
			*denied = k.denied;
	}
	return ret;
}

int ctrl_create_args(int fd, struct containerctl_create *cr)
{
	cr->size = sizeof(*cr);
	return __ctrl_ioctl(fd, CONTAINERCTL_IOC_CREATE, cr);
}

int ctrl_clone(int fd, struct containerctl_clone *cl)
{
	cl->size = sizeof(*cl);
	return __ctrl_ioctl(fd, CONTAINERCTL_IOC_CLONE, cl);
}
