// SPDX-License-Identifier: GPL-2.0
/*
 * containerctl: process containers through a device and netlink.
 *
 * Module init and exit only: each part of the module has its own
 * ctr_<part>_init()/ctr_<part>_uninit() pair, called in order here and
 * unwound in reverse.
 *
 * Layer: the top; it calls only the parts' init and uninit.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#include "chardev.h"
#include "dump.h"
#include "member.h"
#include "nstrack.h"
#include "procfs.h"
#include "registry.h"
#include "taskwork.h"
#include "track.h"

static int __init ctr_mod_init(void)
{
	int ret;

	ret = ctr_registry_init();
	if (ret)
		return ret;

	ret = ctr_twork_init();
	if (ret)
		goto err_registry;

	ret = ctr_member_init();
	if (ret)
		goto err_twork;

	ret = ctr_dump_init();
	if (ret)
		goto err_member;

	ret = ctr_nstrack_init();
	if (ret)
		goto err_dump;

	ret = ctr_track_init();
	if (ret)
		goto err_nstrack;

	ret = ctr_procfs_init();
	if (ret)
		goto err_track;

	ret = ctr_chardev_init();
	if (ret)
		goto err_procfs;

	pr_info("loaded\n");
	return 0;

err_procfs:
	ctr_procfs_uninit();
err_track:
	ctr_track_uninit();
err_nstrack:
	ctr_nstrack_uninit();
err_dump:
	ctr_dump_uninit();
err_member:
	ctr_member_uninit();
err_twork:
	ctr_twork_uninit();
err_registry:
	ctr_registry_uninit();
	return ret;
}

/*
 * Every container but the root holds a reference on the module, as does
 * every prepared task work, so unload only happens with no
 * container, no tracked task and no pending work left.
 */
static void __exit ctr_mod_exit(void)
{
	ctr_chardev_uninit();
	ctr_procfs_uninit();
	ctr_track_uninit();
	ctr_nstrack_uninit();
	ctr_dump_uninit();
	ctr_member_uninit();
	ctr_twork_uninit();
	ctr_registry_uninit();
	pr_info("unloaded\n");
}

module_init(ctr_mod_init);
module_exit(ctr_mod_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Process containers through a device and netlink");
MODULE_AUTHOR("The containerctl authors");
MODULE_VERSION(CTR_VERSION);
