// SPDX-License-Identifier: GPL-2.0
/*
 * Namespace tracking: a task of a container with CONTAINERCTL_F_NSTRACK
 * that creates namespaces is moved into a new child container.
 *
 * Seeing it: clone(2) and clone3(2) through the task_newtask tracepoint's
 * clone_flags (track.c, then ctr_member_fork()); unshare(2), which has no
 * tracepoint, through a kretprobe on ksys_unshare(): the entry handler
 * keeps the flags (and lets the call go unwatched when it creates no
 * namespace or nothing is tracked), the return handler acts on success.
 * When the kretprobe cannot be installed (or the nstrack_unshare parameter
 * is 0), unshare(2) is not tracked, CONTAINERCTL_FEAT_NSTRACK_UNSHARE is
 * left out of the features, and the kernel log says why.
 *
 * Acting on it: both places run in atomic context, and creating a container
 * sleeps (ctr_tree_lock, GFP_KERNEL). So they leave a task work
 * (taskwork.c) on the task: it runs in the task's own context before the
 * task next returns to user space (a new task: before its first
 * instruction there) and does the clone (ctr_clone_auto()). A work whose
 * task exits first runs from do_exit() and does nothing.
 *
 * Layer: above the operations (core.c, which makes the clone) and
 * membership; only the probes (track.c) and INFO call into it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/ptrace.h>

#include "compat.h"
#include "core.h"
#include "member.h"
#include "nstrack.h"

static bool nstrack_unshare = true;
module_param(nstrack_unshare, bool, 0444);
MODULE_PARM_DESC(nstrack_unshare, "Track unshare(2) with a kretprobe on ksys_unshare (default 1)");

static bool ctr_unshare_registered;	/* set at init only */

/**
 * ctr_nstrack_clone_work() - the task work of an automatic clone
 * @ns_flags: the CLONE_NEW* flags of the namespaces the task created
 *
 * What ctr_member_fork() and ctr_member_unshared() leave on a task of a
 * container that tracks namespaces (they are given it by the probe and by
 * the unshare return handler): run in the task's own context, it makes the
 * clone (ctr_clone_auto()), unless the task is exiting.
 */
void ctr_nstrack_clone_work(unsigned long ns_flags)
{
	if (!(current->flags & PF_EXITING))
		ctr_clone_auto(ns_flags);
}

#ifdef CONFIG_KRETPROBES
static int ctr_unshare_entry(struct kretprobe_instance *ri,
			     struct pt_regs *regs)
{
	unsigned long flags = regs_get_kernel_argument(regs, 0) & CTR_NS_FLAGS;

	/* Non-zero: the return handler is not called for this call. */
	if (!flags || !ctr_member_nr_tracked())
		return 1;
	*(unsigned long *)ri->data = flags;
	return 0;
}

static int ctr_unshare_return(struct kretprobe_instance *ri,
			      struct pt_regs *regs)
{
	if (!regs_return_value(regs))
		ctr_member_unshared(*(unsigned long *)ri->data,
				    ctr_nstrack_clone_work);
	return 0;
}

static struct kretprobe ctr_unshare_probe = {
	.kp.symbol_name	= "ksys_unshare",
	.entry_handler	= ctr_unshare_entry,
	.handler	= ctr_unshare_return,
	.data_size	= sizeof(unsigned long),
};

static int ctr_unshare_hook(void)
{
	/*
	 * One instance per unshare(2) in flight (it may sleep for long); the
	 * calls beyond are counted in nmissed. 4096 is the kernel's maximum.
	 */
	ctr_unshare_probe.maxactive = clamp(32 * num_possible_cpus(), 256U,
					    4096U);
	return register_kretprobe(&ctr_unshare_probe);
}

static void ctr_unshare_unhook(void)
{
	unregister_kretprobe(&ctr_unshare_probe);
}

static u64 ctr_nstrack_nr_missed(void)
{
	return ctr_unshare_registered ? READ_ONCE(ctr_unshare_probe.nmissed) : 0;
}
#else
static int ctr_unshare_hook(void)
{
	return -EOPNOTSUPP;	/* CONFIG_KRETPROBES is off */
}

static void ctr_unshare_unhook(void)
{
}

static u64 ctr_nstrack_nr_missed(void)
{
	return 0;
}
#endif

/* INFO's part: unshare(2) tracking and its misses. */
void ctr_nstrack_info(struct containerctl_info *info)
{
	if (ctr_unshare_registered)
		info->features |= CONTAINERCTL_FEAT_NSTRACK_UNSHARE;
	info->ns_missed = ctr_nstrack_nr_missed();
}

/**
 * ctr_nstrack_init() - install the unshare(2) hook
 *
 * Its absence is not an error: unshare(2) is then not tracked, and the
 * features and the kernel log say so.
 *
 * Return: 0.
 */
int ctr_nstrack_init(void)
{
	int ret;

	if (!nstrack_unshare) {
		pr_info("unshare(2) not tracked: nstrack_unshare=0\n");
		return 0;
	}
	ret = ctr_unshare_hook();
	if (ret) {
		pr_warn("unshare(2) not tracked: no kretprobe on ksys_unshare (%d)\n",
			ret);
		return 0;
	}
	ctr_unshare_registered = true;
	return 0;
}

void ctr_nstrack_uninit(void)
{
	if (ctr_unshare_registered)
		ctr_unshare_unhook();
	ctr_unshare_registered = false;
}
