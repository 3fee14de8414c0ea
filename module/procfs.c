// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/containers: a text snapshot of the container tree, produced through
 * seq_file so that it never needs one buffer for the whole tree.
 *
 * Format: a header line beginning with '#' naming the columns, then one
 * line per container (added with the container tree itself).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/proc_fs.h>
#include <linux/seq_file.h>

#include <linux/containerctl.h>

#include "procfs.h"

static struct proc_dir_entry *ctr_proc;

static int ctr_proc_show(struct seq_file *m, void *v)
{
	seq_puts(m, "# id parent procs threads children flags path\n");
	return 0;
}

/**
 * ctr_procfs_init() - create /proc/containers
 *
 * Return: 0, or -ENOMEM if the entry could not be created.
 */
int ctr_procfs_init(void)
{
	ctr_proc = proc_create_single(CONTAINERCTL_PROC_NAME, 0444, NULL,
				      ctr_proc_show);
	return ctr_proc ? 0 : -ENOMEM;
}

void ctr_procfs_uninit(void)
{
	proc_remove(ctr_proc);
}
