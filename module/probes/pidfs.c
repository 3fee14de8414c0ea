// SPDX-License-Identifier: GPL-2.0
/*
 * probe: pidfs, the filesystem of pidfds
 *
 * 6.9 moved pidfds from anonymous inodes ("[pidfd]", the struct pid in
 * file->private_data) to pidfs (PID_FS_MAGIC, the struct pid in the
 * inode's i_private). Debian's 6.12 and 7.x have pidfs, 6.1 not.
 */
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/pidfs.h>

unsigned long ctr_probe(const struct file *file);
unsigned long ctr_probe(const struct file *file)
{
	return file_inode(file)->i_sb->s_magic == PID_FS_MAGIC;
}
