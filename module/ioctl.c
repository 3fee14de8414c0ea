// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctl ABI of /dev/containerctl: copying arguments in and out by the
 * rules of the uapi header (size-extensible structures read with
 * copy_struct_from_user(), unknown flags and reserved fields refused), and
 * dispatch to the operations in core.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <linux/containerctl.h>

#include "container.h"
#include "core.h"
#include "ioctl.h"
#include "snapshot.h"

/*
 * Read an argument structure: its leading __u32 size says how much the
 * caller passed. Returns that size, or a negative errno.
 */
static long ctr_copy_in(void *karg, size_t ksize, size_t ver0,
			void __user *uarg)
{
	u32 usize;
	int ret;

	if (get_user(usize, (u32 __user *)uarg))
		return -EFAULT;
	if (usize < ver0)
		return -EINVAL;
	if (usize > PAGE_SIZE)
		return -E2BIG;
	ret = copy_struct_from_user(karg, ksize, uarg, usize);
	if (ret)
		return ret;
	*(u32 *)karg = usize;
	return usize;
}

static int ctr_copy_out(void __user *uarg, const void *karg, size_t ksize,
			size_t usize)
{
	return copy_to_user(uarg, karg, min(ksize, usize)) ? -EFAULT : 0;
}

#define CTR_IN(karg, uarg, ver0) \
	ctr_copy_in(&(karg), sizeof(karg), (ver0), (uarg))

static long ctr_ioc_info(void __user *uarg)
{
	struct containerctl_info info;
	long usize = CTR_IN(info, uarg, CONTAINERCTL_INFO_SIZE_VER0);

	if (usize < 0)
		return usize;
	if (info.flags || info.reserved)
		return -EINVAL;
	ctr_core_info(&info);
	return ctr_copy_out(uarg, &info, sizeof(info), usize);
}

static long ctr_ioc_create(void __user *uarg)
{
	struct containerctl_create cr;
	long usize = CTR_IN(cr, uarg, CONTAINERCTL_CREATE_SIZE_VER0);
	int ret;

	if (usize < 0)
		return usize;
	ret = ctr_create(cr.parent, cr.name, cr.mode, cr.flags, cr.clear_flags,
			 &cr.id);
	if (ret)
		return ret;
	/*
	 * The container exists now; a fault writing the id back leaves it,
	 * as mkdir(2) leaves a directory. Callers find it by name.
	 */
	return ctr_copy_out(uarg, &cr, sizeof(cr), usize);
}

static long ctr_ioc_destroy(void __user *uarg)
{
	struct containerctl_destroy d;
	long usize = CTR_IN(d, uarg, CONTAINERCTL_DESTROY_SIZE_VER0);

	if (usize < 0)
		return usize;
	if (d.flags)
		return -EINVAL;
	return ctr_destroy(d.id);
}

static long ctr_ioc_lookup(void __user *uarg)
{
	struct containerctl_lookup lk;
	long usize = CTR_IN(lk, uarg, CONTAINERCTL_LOOKUP_SIZE_VER0);
	struct ctr_container *c;
	char *path;
	long ret;

	if (usize < 0)
		return usize;
	if (lk.flags)
		return -EINVAL;
	path = strndup_user(u64_to_user_ptr(lk.path), CONTAINERCTL_PATH_MAX);
	if (IS_ERR(path))
		return PTR_ERR(path) == -EINVAL ? -ENAMETOOLONG : PTR_ERR(path);
	mutex_lock(&ctr_tree_lock);
	c = ctr_tree_walk(ctr_root, path);
	if (!IS_ERR(c))
		lk.id = c->id;
	mutex_unlock(&ctr_tree_lock);
	kfree(path);
	if (IS_ERR(c))
		return PTR_ERR(c);
	ret = ctr_copy_out(uarg, &lk, sizeof(lk), usize);
	return ret;
}

static long ctr_ioc_path(void __user *uarg)
{
	struct containerctl_path p;
	long usize = CTR_IN(p, uarg, CONTAINERCTL_PATH_SIZE_VER0);
	struct ctr_container *c;
	char *buf;
	long ret;
	int len;

	if (usize < 0)
		return usize;
	if (p.flags)
		return -EINVAL;
	buf = kmalloc(CONTAINERCTL_PATH_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	mutex_lock(&ctr_tree_lock);
	c = ctr_find(p.id);
	len = IS_ERR(c) ? PTR_ERR(c) :
	      ctr_tree_path(c, buf, CONTAINERCTL_PATH_MAX);
	mutex_unlock(&ctr_tree_lock);
	if (len < 0) {
		ret = len;
		goto out_free;
	}
	p.path_len = len;
	ret = ctr_copy_out(uarg, &p, sizeof(p), usize);
	if (ret)
		goto out_free;
	if (len >= p.buf_len) {
		ret = -ERANGE;
		goto out_free;
	}
	if (copy_to_user(u64_to_user_ptr(p.buf), buf, len + 1))
		ret = -EFAULT;
out_free:
	kfree(buf);
	return ret;
}

static long ctr_ioc_stat(void __user *uarg)
{
	struct containerctl_stat st;
	long usize = CTR_IN(st, uarg, CONTAINERCTL_STAT_SIZE_VER0);
	struct ctr_container *c;
	int ret;

	if (usize < 0)
		return usize;
	if (st.flags)
		return -EINVAL;
	mutex_lock(&ctr_tree_lock);
	c = ctr_find(st.id);
	ret = IS_ERR(c) ? PTR_ERR(c) : ctr_stat(c, &st);
	mutex_unlock(&ctr_tree_lock);
	if (ret)
		return ret;
	return ctr_copy_out(uarg, &st, sizeof(st), usize);
}

static long ctr_ioc_children(void __user *uarg)
{
	struct containerctl_children ch;
	long usize = CTR_IN(ch, uarg, CONTAINERCTL_CHILDREN_SIZE_VER0);
	struct ctr_container *c, *child;
	u64 __user *ids;
	u32 n = 0, limit;
	u64 *buf;
	long ret;

	if (usize < 0)
		return usize;
	if (ch.flags)
		return -EINVAL;
	ids = u64_to_user_ptr(ch.ids);
	buf = kvmalloc_array(min_t(u32, ch.count, 4096), sizeof(*buf),
			     GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	mutex_lock(&ctr_tree_lock);
	c = ctr_find(ch.id);
	if (IS_ERR(c)) {
		mutex_unlock(&ctr_tree_lock);
		kvfree(buf);
		return PTR_ERR(c);
	}
	ch.total = c->nr_children;
	/* The cursor's own entry, if it is still a child, saves the walk. */
	child = ctr_find(ch.cursor);
	if (IS_ERR(child) || child->parent != c)
		child = list_first_entry(&c->children, struct ctr_container,
					 sibling);
	else
		child = list_next_entry(child, sibling);
	limit = min_t(u32, ch.count, 4096);
	list_for_each_entry_from(child, &c->children, sibling) {
		if (n >= limit)
			break;
		if (child->id > ch.cursor)
			buf[n++] = child->id;
	}
	mutex_unlock(&ctr_tree_lock);
	ch.count = n;
	ret = copy_to_user(ids, buf, n * sizeof(*buf)) ? -EFAULT : 0;
	if (!ret)
		ret = ctr_copy_out(uarg, &ch, sizeof(ch), usize);
	kvfree(buf);
	return ret;
}

static long ctr_ioc_attach(void __user *uarg)
{
	struct containerctl_attach at;
	long usize = CTR_IN(at, uarg, CONTAINERCTL_ATTACH_SIZE_VER0);

	if (usize < 0)
		return usize;
	if (at.flags & ~__CONTAINERCTL_ATTACH_ALL || at.reserved ||
	    at.pid > INT_MAX)
		return -EINVAL;
	return ctr_attach(at.id, at.pid, at.flags & CONTAINERCTL_ATTACH_THREAD);
}

static long ctr_ioc_attach_batch(void __user *uarg)
{
	struct containerctl_attach_batch b;
	long usize = CTR_IN(b, uarg, CONTAINERCTL_ATTACH_BATCH_SIZE_VER0);
	u32 *pids;
	long ret = 0;
	u32 i;

	if (usize < 0)
		return usize;
	if (b.flags & ~__CONTAINERCTL_ATTACH_ALL)
		return -EINVAL;
	if (b.count > CONTAINERCTL_BATCH_MAX)
		return -E2BIG;
	pids = vmemdup_user(u64_to_user_ptr(b.pids),
			    (size_t)b.count * sizeof(*pids));
	if (IS_ERR(pids))
		return PTR_ERR(pids);
	b.moved = 0;
	b.first_error = 0;
	b.error_index = 0;
	for (i = 0; i < b.count; i++) {
		ret = pids[i] > INT_MAX ? -EINVAL :
		      ctr_attach(b.id, pids[i],
				 b.flags & CONTAINERCTL_ATTACH_THREAD);
		if (ret) {
			b.first_error = ret;
			b.error_index = i;
			break;
		}
		b.moved++;
	}
	kvfree(pids);
	if (ctr_copy_out(uarg, &b, sizeof(b), usize))
		return -EFAULT;
	return ret;
}

static long ctr_ioc_pids(void __user *uarg)
{
	struct containerctl_pids p;
	long usize = CTR_IN(p, uarg, CONTAINERCTL_PIDS_SIZE_VER0);
	size_t n, from, count;
	u32 *pids;
	long ret;

	if (usize < 0)
		return usize;
	if (p.reserved)
		return -EINVAL;
	ret = ctr_pids(p.id, p.flags, &pids, &n, &p.generation);
	if (ret)
		return ret;
	from = ctr_snap_after(pids, n, p.cursor);
	count = min_t(size_t, n - from, p.count);
	p.total = n;
	p.count = count;
	ret = copy_to_user(u64_to_user_ptr(p.buf), pids + from,
			   count * sizeof(*pids)) ? -EFAULT : 0;
	kvfree(pids);
	if (!ret)
		ret = ctr_copy_out(uarg, &p, sizeof(p), usize);
	return ret;
}

static long ctr_ioc_which(void __user *uarg)
{
	struct containerctl_which w;
	long usize = CTR_IN(w, uarg, CONTAINERCTL_WHICH_SIZE_VER0);
	int ret;

	if (usize < 0)
		return usize;
	if (w.flags || w.reserved || w.pid > INT_MAX)
		return -EINVAL;
	ret = ctr_which(w.pid, &w.id);
	if (ret)
		return ret;
	return ctr_copy_out(uarg, &w, sizeof(w), usize);
}

static long ctr_ioc_set(void __user *uarg)
{
	struct containerctl_set s;
	long usize = CTR_IN(s, uarg, CONTAINERCTL_SET_SIZE_VER0);

	if (usize < 0)
		return usize;
	return ctr_set(s.id, &s);
}

static long ctr_ioc_kill(void __user *uarg)
{
	struct containerctl_kill k;
	long usize = CTR_IN(k, uarg, CONTAINERCTL_KILL_SIZE_VER0);
	int ret;

	if (usize < 0)
		return usize;
	if (k.flags & ~__CONTAINERCTL_KILL_ALL || k.signal > INT_MAX)
		return -EINVAL;
	ret = ctr_kill(k.id, k.signal, k.flags & CONTAINERCTL_KILL_SUBTREE,
		       &k.signalled, &k.denied);
	if (ret)
		return ret;
	return ctr_copy_out(uarg, &k, sizeof(k), usize);
}

static long ctr_ioc_clone(void __user *uarg)
{
	struct containerctl_clone cl;
	long usize = CTR_IN(cl, uarg, CONTAINERCTL_CLONE_SIZE_VER0);
	int ret;

	if (usize < 0)
		return usize;
	ret = ctr_clone(&cl);
	if (ret)
		return ret;
	/* As for CREATE, a fault here leaves the container made. */
	return ctr_copy_out(uarg, &cl, sizeof(cl), usize);
}

long ctr_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case CONTAINERCTL_IOC_INFO:
		return ctr_ioc_info(uarg);
	case CONTAINERCTL_IOC_CREATE:
		return ctr_ioc_create(uarg);
	case CONTAINERCTL_IOC_DESTROY:
		return ctr_ioc_destroy(uarg);
	case CONTAINERCTL_IOC_LOOKUP:
		return ctr_ioc_lookup(uarg);
	case CONTAINERCTL_IOC_PATH:
		return ctr_ioc_path(uarg);
	case CONTAINERCTL_IOC_STAT:
		return ctr_ioc_stat(uarg);
	case CONTAINERCTL_IOC_CHILDREN:
		return ctr_ioc_children(uarg);
	case CONTAINERCTL_IOC_ATTACH:
		return ctr_ioc_attach(uarg);
	case CONTAINERCTL_IOC_ATTACH_BATCH:
		return ctr_ioc_attach_batch(uarg);
	case CONTAINERCTL_IOC_PIDS:
		return ctr_ioc_pids(uarg);
	case CONTAINERCTL_IOC_WHICH:
		return ctr_ioc_which(uarg);
	case CONTAINERCTL_IOC_SET:
		return ctr_ioc_set(uarg);
	case CONTAINERCTL_IOC_KILL:
		return ctr_ioc_kill(uarg);
	case CONTAINERCTL_IOC_CLONE:
		return ctr_ioc_clone(uarg);
	default:
		return -ENOTTY;
	}
}
