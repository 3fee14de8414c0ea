// SPDX-License-Identifier: GPL-2.0
/*
 * pidfds (CONTAINERCTL_PIDFD): the struct pid a pidfd refers to. Kernel
 * glue, below core.c.
 *
 * The kernel exports no helper for it (pidfd_get_pid() and pidfd_pid() are
 * built in only), so a pidfd is recognised by its filesystem, which only
 * the kernel can put a file on:
 * - pidfs (6.9 and later, probe "pidfs"): every file of it is a pidfd, and
 *   its inode holds the struct pid in i_private;
 * - before it, an anonymous inode's file named "[pidfd]", which holds the
 *   struct pid in private_data.
 * The file holds a reference to the struct pid; the one taken here outlives
 * the file's.
 */
#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/pid.h>
#include <linux/string.h>

#include "compat.h"
#include "pidfd.h"

static struct pid *ctr_pidfd_pid(struct file *file)
{
#ifdef CTR_HAVE_PIDFS
	if (file_inode(file)->i_sb->s_magic == PID_FS_MAGIC)
		return file_inode(file)->i_private;
#else
	if (file_inode(file)->i_sb->s_magic == ANON_INODE_FS_MAGIC &&
	    !strcmp(file->f_path.dentry->d_name.name, "[pidfd]"))
		return file->private_data;
#endif
	return NULL;
}

/**
 * ctr_pidfd_get_pid() - the struct pid of a pidfd of the caller's
 * @fd: the file descriptor
 *
 * Return: the struct pid, referenced (put_pid() it), or ERR_PTR(-EBADF) if
 * @fd is not an open pidfd.
 */
struct pid *ctr_pidfd_get_pid(unsigned int fd)
{
	struct file *file = fget(fd);
	struct pid *pid;

	if (!file)
		return ERR_PTR(-EBADF);
	pid = ctr_pidfd_pid(file);
	pid = pid ? get_pid(pid) : ERR_PTR(-EBADF);
	fput(file);
	return pid;
}
