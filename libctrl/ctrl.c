// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libctrl: one thin call per ioctl of <linux/containerctl.h>.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
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

int ctrl_info(int fd, struct containerctl_info *info)
{
	__ctrl_init(*info);
	return __ctrl_ioctl(fd, CONTAINERCTL_IOC_INFO, info);
}

/*
 * Open the device and check that the module speaks this header's ABI: a
 * module of another ABI version is refused with -EPROTONOSUPPORT (the
 * protocol, not the device, is what does not match), and the descriptor is
 * closed.
 */
int ctrl_open_info(struct containerctl_info *info)
{
	struct containerctl_info in;
	int saved = errno, fd, ret;

	fd = open("/dev/" CONTAINERCTL_DEVICE_NAME, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fd = -errno;
		errno = saved;
		return fd;
	}
	ret = ctrl_info(fd, &in);
	if (!ret && in.abi_version != CONTAINERCTL_ABI_VERSION)
		ret = -EPROTONOSUPPORT;
	if (ret) {
		close(fd);
		errno = saved;
		return ret;
	}
	if (info)
		*info = in;
	return fd;
}

int ctrl_open(void)
{
	return ctrl_open_info(NULL);
}

int ctrl_has_feature(int fd, uint64_t features)
{
	struct containerctl_info info;
	int ret = ctrl_info(fd, &info);

	if (ret)
		return ret;
	return (info.features & features) == features;
}

int ctrl_create(int fd, uint64_t parent, const char *name, unsigned int mode,
		unsigned int cflags, uint64_t *id)
{
	struct containerctl_create cr;
	int ret;

	__ctrl_init(cr);
	if (strlen(name) >= sizeof(cr.name))
		return -ENAMETOOLONG;
	strcpy(cr.name, name);
	cr.parent = parent;
	cr.mode = mode;
	cr.cflags = cflags;
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
	return ctrl_stat_flags(fd, id, 0, st);
}

int ctrl_stat_flags(int fd, uint64_t id, unsigned int flags,
		    struct containerctl_stat *st)
{
	__ctrl_init(*st);
	st->flags = flags;
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

/*
 * A complete snapshot: sized by a first call, retried with a larger buffer
 * while the container grows faster than the buffer.
 */
#define PIDS_ALL_TRIES	32

int ctrl_pids_all(int fd, uint64_t id, unsigned int flags, uint32_t **pids,
		  size_t *n, uint64_t *generation)
{
	uint32_t *buf = NULL, *nbuf, count, total = 0;
	size_t cap = 0;
	uint64_t gen;
	int ret, i, saved;

	/* The first call, into no buffer, only sizes it. */
	for (i = 0; i <= PIDS_ALL_TRIES; i++) {
		if (i && total >= cap) {
			/* Room for some growth: one more call is rarer. */
			size_t want = (size_t)total + total / 8 + 16;

			if (want > UINT32_MAX)
				want = UINT32_MAX;
			saved = errno;
			nbuf = realloc(buf, want * sizeof(*buf));
			errno = saved;
			if (!nbuf) {
				free(buf);
				return -ENOMEM;
			}
			buf = nbuf;
			cap = want;
		}
		count = cap;
		ret = ctrl_pids(fd, id, flags, 0, buf, &count, &total, &gen);
		if (ret == -EAGAIN)
			continue;	/* the module's own sizing lost the race */
		if (ret) {
			free(buf);
			return ret;
		}
		if (buf && count == total) {
			*pids = buf;
			*n = count;
			if (generation)
				*generation = gen;
			return 0;
		}
	}
	free(buf);
	return -EAGAIN;
}

static int which(int fd, uint32_t pid, unsigned int flags, uint64_t *id)
{
	struct containerctl_which w;
	int ret;

	__ctrl_init(w);
	w.flags = flags;
	w.pid = pid;
	ret = __ctrl_ioctl(fd, CONTAINERCTL_IOC_WHICH, &w);
	if (!ret)
		*id = w.id;
	return ret;
}

int ctrl_which(int fd, pid_t pid, uint64_t *id)
{
	return which(fd, pid, 0, id);
}

int ctrl_which_pidfd(int fd, int pidfd, uint64_t *id)
{
	return which(fd, pidfd, CONTAINERCTL_PIDFD, id);
}

int ctrl_set(int fd, const struct containerctl_set *set)
{
	struct containerctl_set s = *set;

	s.size = sizeof(s);
	return __ctrl_ioctl(fd, CONTAINERCTL_IOC_SET, &s);
}

int ctrl_kill(int fd, uint64_t id, int sig, unsigned int flags,
	      uint64_t *signalled, uint64_t *denied)
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
