// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctl ABI of /dev/containerctl: one table (ctr_iocs) gives each
 * command's number, the VER0 size of its structure, the flags it accepts,
 * its reserved field and its handler. ctr_ioctl() checks that fixed part
 * for every command in one place, by the rules of the uapi header
 * (size-extensible structures read with copy_struct_from_user(), the size
 * bits of the command ignored, unknown flags and reserved fields refused),
 * calls the handler, and writes the structure back. The handlers translate
 * to the operations of core.c.
 *
 * Layer: the ABI, below the device (chardev.c); it calls the operations
 * (core.c), the registry and the INFO parts of the layers below.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/nospec.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <linux/containerctl.h>

#include "container.h"
#include "core.h"
#include "ioctl.h"
#include "nscount.h"
#include "nstrack.h"
#include "registry.h"
#include "snapshot.h"

/*
 * One row per command: its fixed part, checked here and nowhere else.
 * @cmd is the command with the size bits of the structure's VER0; a caller
 * may send any size there (the structure's own size field counts), as the
 * number must not change when the structure grows.
 */
struct ctr_ioc {
	unsigned int cmd;
	u16 ver0;		/* smallest size accepted */
	u16 ksize;		/* the module's size of the structure */
	u16 reserved;		/* offset of a __u32 that must be 0, or 0 */
	bool out_on_error;	/* write the structure back when @fn fails */
	u32 flags;		/* the operation's flags accepted */
	long (*fn)(void *arg);
};

/* The largest argument structure the module knows. */
union ctr_ioc_arg {
	struct containerctl_info info;
	struct containerctl_create create;
	struct containerctl_destroy destroy;
	struct containerctl_lookup lookup;
	struct containerctl_path path;
	struct containerctl_stat stat;
	struct containerctl_children children;
	struct containerctl_attach attach;
	struct containerctl_attach_batch attach_batch;
	struct containerctl_pids pids;
	struct containerctl_which which;
	struct containerctl_set set;
	struct containerctl_kill kill;
	struct containerctl_clone clone;
};

/* INFO: a part from each layer that has something to say. */
static long ctr_ioc_info(void *arg)
{
	ctr_core_info(arg);
	ctr_registry_info(arg);
	ctr_nscount_info(arg);
	ctr_nstrack_info(arg);
	return 0;
}

static long ctr_ioc_create(void *arg)
{
	struct containerctl_create *cr = arg;

	/*
	 * Once it exists, a fault writing the id back leaves it, as mkdir(2)
	 * leaves a directory. Callers find it by name.
	 */
	return ctr_create(cr->parent, cr->name, cr->mode, cr->cflags,
			  cr->clear_flags, &cr->id);
}

static long ctr_ioc_destroy(void *arg)
{
	struct containerctl_destroy *d = arg;

	return ctr_destroy(d->id);
}

static long ctr_ioc_lookup(void *arg)
{
	struct containerctl_lookup *lk = arg;
	struct ctr_container *c;
	char *path;

	path = strndup_user(u64_to_user_ptr(lk->path), CONTAINERCTL_PATH_MAX);
	if (IS_ERR(path))
		return PTR_ERR(path) == -EINVAL ? -ENAMETOOLONG : PTR_ERR(path);
	mutex_lock(&ctr_tree_lock);
	c = ctr_tree_walk(ctr_root, path);
	if (!IS_ERR(c))
		lk->id = c->id;
	mutex_unlock(&ctr_tree_lock);
	kfree(path);
	return PTR_ERR_OR_ZERO(c);
}

/* path_len is written back on ERANGE too (out_on_error). */
static long ctr_ioc_path(void *arg)
{
	struct containerctl_path *p = arg;
	struct ctr_container *c;
	long ret = 0;
	char *buf;
	int len;

	buf = kmalloc(CONTAINERCTL_PATH_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	mutex_lock(&ctr_tree_lock);
	c = ctr_find(p->id);
	len = IS_ERR(c) ? PTR_ERR(c) :
	      ctr_tree_path(c, buf, CONTAINERCTL_PATH_MAX);
	mutex_unlock(&ctr_tree_lock);
	if (len < 0) {
		ret = len;
		goto out_free;
	}
	p->path_len = len;
	if (len >= p->buf_len)
		ret = -ERANGE;
	else if (copy_to_user(u64_to_user_ptr(p->buf), buf, len + 1))
		ret = -EFAULT;
out_free:
	kfree(buf);
	return ret;
}

static long ctr_ioc_stat(void *arg)
{
	struct containerctl_stat *st = arg;
	struct ctr_container *c;
	int ret;

	mutex_lock(&ctr_tree_lock);
	c = ctr_find(st->id);
	ret = IS_ERR(c) ? PTR_ERR(c) : ctr_stat(c, st) ?: ctr_stat_acct(c, st);
	mutex_unlock(&ctr_tree_lock);
	return ret;
}

static long ctr_ioc_children(void *arg)
{
	struct containerctl_children *ch = arg;
	struct ctr_container *c, *child;
	u32 n = 0, limit;
	u64 *buf;
	long ret;

	limit = min_t(u32, ch->count, 4096);
	buf = kvmalloc_array(limit, sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	mutex_lock(&ctr_tree_lock);
	c = ctr_find(ch->id);
	if (IS_ERR(c)) {
		mutex_unlock(&ctr_tree_lock);
		kvfree(buf);
		return PTR_ERR(c);
	}
	ch->total = c->nr_children;
	/* The cursor's own entry, if it is still a child, saves the walk. */
	child = ctr_find(ch->cursor);
	if (IS_ERR(child) || child->parent != c)
		child = list_first_entry(&c->children, struct ctr_container,
					 sibling);
	else
		child = list_next_entry(child, sibling);
	list_for_each_entry_from(child, &c->children, sibling) {
		if (n >= limit)
			break;
		if (child->id > ch->cursor)
			buf[n++] = child->id;
	}
	mutex_unlock(&ctr_tree_lock);
	ch->count = n;
	ret = copy_to_user(u64_to_user_ptr(ch->ids), buf, n * sizeof(*buf)) ?
	      -EFAULT : 0;
	kvfree(buf);
	return ret;
}

static long ctr_ioc_attach(void *arg)
{
	struct containerctl_attach *at = arg;

	return ctr_attach(at->id, at->pid, at->flags);
}

/* moved, first_error and error_index are written back on failure too. */
static long ctr_ioc_attach_batch(void *arg)
{
	struct containerctl_attach_batch *b = arg;
	u32 *pids;
	long ret;

	b->moved = 0;
	b->first_error = 0;
	b->error_index = 0;
	if (b->count > CONTAINERCTL_BATCH_MAX)
		return -E2BIG;
	if (!b->count)
		return 0;
	pids = vmemdup_user(u64_to_user_ptr(b->pids),
			    (size_t)b->count * sizeof(*pids));
	if (IS_ERR(pids))
		return PTR_ERR(pids);
	ret = ctr_attach_batch(b->id, pids, b->count, b->flags, &b->moved,
			       &b->error_index);
	b->first_error = ret;
	kvfree(pids);
	return ret;
}

static long ctr_ioc_pids(void *arg)
{
	struct containerctl_pids *p = arg;
	size_t n, from, count;
	u32 *pids;
	long ret;

	ret = ctr_pids(p->id, p->flags, &pids, &n, &p->generation);
	if (ret)
		return ret;
	from = ctr_snap_after(pids, n, p->cursor);
	count = min_t(size_t, n - from, p->count);
	p->total = n;
	p->count = count;
	ret = copy_to_user(u64_to_user_ptr(p->buf), pids + from,
			   count * sizeof(*pids)) ? -EFAULT : 0;
	kvfree(pids);
	return ret;
}

static long ctr_ioc_which(void *arg)
{
	struct containerctl_which *w = arg;

	return ctr_which(w->pid, w->flags, &w->id);
}

static long ctr_ioc_set(void *arg)
{
	struct containerctl_set *s = arg;

	return ctr_set(s->id, s);
}

static long ctr_ioc_kill(void *arg)
{
	struct containerctl_kill *k = arg;

	if (k->signal > INT_MAX)
		return -EINVAL;
	return ctr_kill(k->id, k->signal, k->flags & CONTAINERCTL_KILL_SUBTREE,
			&k->signalled, &k->denied);
}

static long ctr_ioc_clone(void *arg)
{
	/* As for CREATE, a fault writing back leaves the container made. */
	return ctr_clone(arg);
}

#define CTR_IOC(NAME, name, allowed, rsv, oerr)				\
	[_IOC_NR(CONTAINERCTL_IOC_##NAME)] = {				\
		.cmd = CONTAINERCTL_IOC_##NAME,				\
		.ver0 = CONTAINERCTL_##NAME##_SIZE_VER0,		\
		.ksize = sizeof(struct containerctl_##name),		\
		.reserved = rsv,					\
		.out_on_error = oerr,					\
		.flags = allowed,					\
		.fn = ctr_ioc_##name,					\
	}
#define CTR_RSV(name)	offsetof(struct containerctl_##name, reserved)

static const struct ctr_ioc ctr_iocs[] = {
	CTR_IOC(INFO, info, 0, CTR_RSV(info), false),
	CTR_IOC(CREATE, create, 0, CTR_RSV(create), false),
	CTR_IOC(DESTROY, destroy, 0, 0, false),
	CTR_IOC(LOOKUP, lookup, 0, 0, false),
	CTR_IOC(PATH, path, 0, 0, true),
	CTR_IOC(STAT, stat, __CONTAINERCTL_STAT_ALL, 0, false),
	CTR_IOC(CHILDREN, children, 0, 0, false),
	CTR_IOC(ATTACH, attach, __CONTAINERCTL_ATTACH_ALL, CTR_RSV(attach),
		false),
	CTR_IOC(ATTACH_BATCH, attach_batch, __CONTAINERCTL_ATTACH_BATCH_ALL, 0,
		true),
	CTR_IOC(PIDS, pids, __CONTAINERCTL_PIDS_ALL, CTR_RSV(pids), false),
	CTR_IOC(WHICH, which, __CONTAINERCTL_WHICH_ALL, CTR_RSV(which), false),
	CTR_IOC(SET, set, __CONTAINERCTL_SET_ALL, 0, false),
	CTR_IOC(KILL, kill, __CONTAINERCTL_KILL_ALL, CTR_RSV(kill), false),
	CTR_IOC(CLONE, clone, __CONTAINERCTL_CLONE_ALL, 0, false),
};

/* The part of a command that must match: all but the size bits. */
#define CTR_IOC_FIXED(cmd)	((cmd) & ~(_IOC_SIZEMASK << _IOC_SIZESHIFT))

/* Every row's number, VER0 and size agree (checked at build time). */
#define CTR_IOC_CHECK(NAME, name)					\
	static_assert(_IOC_SIZE(CONTAINERCTL_IOC_##NAME) ==		\
		      CONTAINERCTL_##NAME##_SIZE_VER0 &&		\
		      CONTAINERCTL_##NAME##_SIZE_VER0 <=		\
		      sizeof(struct containerctl_##name) &&		\
		      sizeof(struct containerctl_##name) <=		\
		      sizeof(union ctr_ioc_arg))
CTR_IOC_CHECK(INFO, info);
CTR_IOC_CHECK(CREATE, create);
CTR_IOC_CHECK(DESTROY, destroy);
CTR_IOC_CHECK(LOOKUP, lookup);
CTR_IOC_CHECK(PATH, path);
CTR_IOC_CHECK(STAT, stat);
CTR_IOC_CHECK(CHILDREN, children);
CTR_IOC_CHECK(ATTACH, attach);
CTR_IOC_CHECK(ATTACH_BATCH, attach_batch);
CTR_IOC_CHECK(PIDS, pids);
CTR_IOC_CHECK(WHICH, which);
CTR_IOC_CHECK(SET, set);
CTR_IOC_CHECK(KILL, kill);
CTR_IOC_CHECK(CLONE, clone);

/*
 * Read the argument structure of @ioc: its leading __u32 size says how much
 * the caller passed (the rules of the uapi header). Returns that size, or a
 * negative errno.
 */
static long ctr_ioc_copy_in(const struct ctr_ioc *ioc, void *karg,
			    void __user *uarg)
{
	u32 usize, flags;
	int ret;

	if (get_user(usize, (u32 __user *)uarg))
		return -EFAULT;
	if (usize < ioc->ver0)
		return -EINVAL;
	if (usize > PAGE_SIZE)
		return -E2BIG;
	ret = copy_struct_from_user(karg, ioc->ksize, uarg, usize);
	if (ret)
		return ret;
	*(u32 *)karg = usize;
	flags = ((u32 *)karg)[1];
	if (flags & ~ioc->flags)
		return -EINVAL;
	if (ioc->reserved && *(u32 *)((u8 *)karg + ioc->reserved))
		return -EINVAL;
	return usize;
}

long ctr_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	const struct ctr_ioc *ioc;
	union ctr_ioc_arg karg;
	long usize, ret;
	unsigned int nr;

	nr = _IOC_NR(cmd);
	if (_IOC_TYPE(cmd) != CONTAINERCTL_IOC_MAGIC ||
	    nr >= ARRAY_SIZE(ctr_iocs))
		return -ENOTTY;
	ioc = &ctr_iocs[array_index_nospec(nr, ARRAY_SIZE(ctr_iocs))];
	if (CTR_IOC_FIXED(cmd) != CTR_IOC_FIXED(ioc->cmd))
		return -ENOTTY;
	usize = ctr_ioc_copy_in(ioc, &karg, uarg);
	if (usize < 0)
		return usize;
	ret = ioc->fn(&karg);
	if (!(_IOC_DIR(ioc->cmd) & _IOC_READ) || (ret && !ioc->out_on_error))
		return ret;
	if (copy_to_user(uarg, &karg, min_t(size_t, ioc->ksize, usize)))
		return -EFAULT;
	return ret;
}
