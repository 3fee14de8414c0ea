// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/containerctl: the misc device that carries the ioctl ABI.
 *
 * The device node is world-accessible by default (dev_mode=0666): opening
 * it grants nothing by itself. Queries are open to everyone who can open
 * the device; every operation that changes state checks the caller's
 * credentials against the container it touches. Administrators who want to
 * restrict even queries set dev_mode, or the udev rule, to e.g. 0660 with a
 * group.
 *
 * Layer: the device, above the ioctl dispatcher (ioctl.c) alone.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include <linux/containerctl.h>

#include "chardev.h"
#include "ioctl.h"

static ushort dev_mode = 0666;
module_param(dev_mode, ushort, 0444);
MODULE_PARM_DESC(dev_mode, "Mode of /dev/containerctl (default 0666)");

static const struct file_operations ctr_fops = {
	.owner		= THIS_MODULE,
	.open		= nonseekable_open,
	.llseek		= noop_llseek,
	.unlocked_ioctl	= ctr_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

static struct miscdevice ctr_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= CONTAINERCTL_DEVICE_NAME,
	.fops	= &ctr_fops,
};

/**
 * ctr_chardev_init() - register /dev/containerctl
 *
 * Return: 0, or a negative errno (-EINVAL for a dev_mode outside 0..0777).
 */
int ctr_chardev_init(void)
{
	if (dev_mode & ~0777) {
		pr_err("dev_mode %#o is not a permission mode\n", dev_mode);
		return -EINVAL;
	}
	ctr_miscdev.mode = dev_mode;
	return misc_register(&ctr_miscdev);
}

void ctr_chardev_uninit(void)
{
	misc_deregister(&ctr_miscdev);
}
