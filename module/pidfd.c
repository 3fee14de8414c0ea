// SPDX-License-Identifier: GPL-2.0
/*
 * Naming tasks: the task of a pid, and (CONTAINERCTL_PIDFD) the struct pid
 * a pidfd refers to. Kernel glue, below core.c and member.c.
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
 *
 * Layer: a helper below the operations and membership; it calls nothing
 * else in the module.
 */
#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
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

/**
 * ctr_pid_task() - the live task of a struct pid, seen from the caller
 * @p: the pid
 * @leader: the leader of the task's thread group instead (which may have
 *          exited itself: a group move takes the live threads)
 *
 * Under the RCU read lock, which keeps the task. The caller must see the
 * task in its pid namespace, and a task already exiting is none.
 *
 * Return: the task, or NULL.
 */
struct task_struct *ctr_pid_task(struct pid *p, bool leader)
{
	struct task_struct *task;

	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "no RCU read lock");
	if (!pid_nr_ns(p, task_active_pid_ns(current)))
		return NULL;
	task = pid_task(p, PIDTYPE_PID);
	if (!task || (task->flags & PF_EXITING))
		return NULL;
	return leader ? task->group_leader : task;
}

/**
 * ctr_vpid_task() - the live task of a pid in the caller's pid namespace
 * @nr: the pid; 0 is the caller
 * @leader: as for ctr_pid_task()
 *
 * Under the RCU read lock, which keeps the task.
 *
 * Return: the task, ERR_PTR(-EINVAL) for a number above INT_MAX, or
 * ERR_PTR(-ESRCH).
 */
struct task_struct *ctr_vpid_task(u32 nr, bool leader)
{
	struct task_struct *task;

	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "no RCU read lock");
	if (nr > INT_MAX)
		return ERR_PTR(-EINVAL);
	task = nr ? pid_task(find_vpid(nr), PIDTYPE_PID) : current;
	if (!task || (task->flags & PF_EXITING))
		return ERR_PTR(-ESRCH);
	return leader ? task->group_leader : task;
}
