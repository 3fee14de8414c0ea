// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/containers: a text snapshot of the container tree through
 * seq_file, so it never needs one buffer for the whole tree.
 *
 * Format: a header line beginning with '#', then one line per container in
 * tree order (pre-order, children by ascending id):
 *   id parent procs threads children flags path
 * flags is hexadecimal. Each read() takes ctr_tree_lock for the lines it
 * returns; a read resumes at the container the previous one stopped at, so
 * reading the whole file is linear in the number of containers even when
 * they are many. If that very container was removed between two reads, the
 * next read counts its position from the root, and lines may shift.
 *
 * Layer: the ABI, beside ioctl.c and dump.c; it reads the registry and
 * the operations' STAT.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include <linux/containerctl.h>

#include "container.h"
#include "core.h"
#include "procfs.h"
#include "registry.h"

struct ctr_proc_iter {
	loff_t pos;		/* a position and the container at it, */
	u64 id;			/* as ->next() last prepared them */
	struct containerctl_stat st;
	char path[CONTAINERCTL_PATH_MAX];
};

static struct ctr_container *ctr_proc_at(struct ctr_proc_iter *it, loff_t pos)
{
	struct ctr_container *c;
	loff_t i = 1;

	/*
	 * A read resumes where the previous one stopped: at the container
	 * ->next() prepared. Only if that one was removed meanwhile does it
	 * count from the root (lines after it then shift).
	 */
	if (it->id && pos == it->pos) {
		c = ctr_find(it->id);
		if (!IS_ERR(c))
			return c;
	}
	for (c = ctr_root; c && i < pos; c = ctr_tree_next_pre(c, ctr_root))
		i++;
	it->pos = pos;
	it->id = c ? c->id : 0;
	return c;
}

static void *ctr_proc_start(struct seq_file *m, loff_t *pos)
{
	mutex_lock(&ctr_tree_lock);
	if (!*pos)
		return SEQ_START_TOKEN;
	return ctr_proc_at(m->private, *pos);
}

static void *ctr_proc_next(struct seq_file *m, void *v, loff_t *pos)
{
	struct ctr_proc_iter *it = m->private;
	struct ctr_container *c;

	++*pos;
	c = v == SEQ_START_TOKEN ? ctr_root : ctr_tree_next_pre(v, ctr_root);
	it->pos = *pos;
	it->id = c ? c->id : 0;
	return c;
}

static void ctr_proc_stop(struct seq_file *m, void *v)
{
	mutex_unlock(&ctr_tree_lock);
}

static int ctr_proc_show(struct seq_file *m, void *v)
{
	struct ctr_proc_iter *it = m->private;
	struct ctr_container *c = v;

	if (v == SEQ_START_TOKEN) {
		seq_puts(m, "# id parent procs threads children flags path\n");
		return 0;
	}
	ctr_stat(c, &it->st);
	ctr_tree_path(c, it->path, sizeof(it->path));
	seq_printf(m, "%llu %llu %llu %llu %u %x %s\n", c->id,
		   it->st.parent, it->st.nr_procs, it->st.nr_threads,
		   it->st.nr_children, it->st.cflags, it->path);
	return 0;
}

static const struct seq_operations ctr_proc_seq_ops = {
	.start	= ctr_proc_start,
	.next	= ctr_proc_next,
	.stop	= ctr_proc_stop,
	.show	= ctr_proc_show,
};

static struct proc_dir_entry *ctr_proc;

/**
 * ctr_procfs_init() - create /proc/containers
 *
 * Return: 0, or -ENOMEM if the entry could not be created.
 */
int ctr_procfs_init(void)
{
	ctr_proc = proc_create_seq_private(CONTAINERCTL_PROC_NAME, 0444, NULL,
					   &ctr_proc_seq_ops,
					   sizeof(struct ctr_proc_iter), NULL);
	return ctr_proc ? 0 : -ENOMEM;
}

void ctr_procfs_uninit(void)
{
	proc_remove(ctr_proc);
}
