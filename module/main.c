// SPDX-License-Identifier: GPL-2.0
/*
 * containerctl: process containers through a device and netlink.
 *
 * Module init and exit only: each part of the module has its own
 * ctr_<part>_init()/ctr_<part>_uninit() pair, called in order here and
 * unwound in reverse.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "chardev.h"
#include "procfs.h"

static int __init ctr_mod_init(void)
{
	int ret;

	ret = ctr_procfs_init();
	if (ret)
		return ret;

	ret = ctr_chardev_init();
	if (ret)
		goto err_procfs;

	pr_info("loaded\n");
	return 0;

err_procfs:
	ctr_procfs_uninit();
	return ret;
}

static void __exit ctr_mod_exit(void)
{
	ctr_chardev_uninit();
	ctr_procfs_uninit();
	pr_info("unloaded\n");
}

module_init(ctr_mod_init);
module_exit(ctr_mod_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Process containers through a device and netlink");
MODULE_AUTHOR("The containerctl authors");
