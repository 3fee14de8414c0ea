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
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/ptrace.h>

#include "compat.h"
#include "container.h"
#include "core.h"
#include "events.h"
#include "member.h"
#include "nstrack.h"
#include "taskwork.h"

static bool nstrack_unshare = true;
module_param(nstrack_unshare, bool, 0444);
MODULE_PARM_DESC(nstrack_unshare, "Track unshare(2) with a kretprobe on ksys_unshare (default 1)");

static atomic64_t ctr_ns_clones = ATOMIC64_INIT(0);
static atomic64_t ctr_ns_refused = ATOMIC64_INIT(0);
static bool ctr_unshare_registered;	/* set at init only */

void ctr_nstrack_cloned(struct ctr_container *c)
{
	atomic64_inc(&c->ns_clones);
	atomic64_inc(&ctr_ns_clones);
}

/**
 * ctr_nstrack_refused() - count an automatic clone that was not made
 * @c: the container the task stays in
 * @task: the task
 * @ns_flags: the namespaces it created
 * @error: why (a negative errno)
 *
 * May be called in atomic context, under ctr_member_lock or
 * ctr_tree_lock (which keep @c).
 */
void ctr_nstrack_refused(struct ctr_container *c, struct task_struct *task,
			 unsigned long ns_flags, int error)
{
	atomic64_inc(&c->ns_refused);
	atomic64_inc(&ctr_ns_refused);
	ctr_ev_nsrefused(c, task, ns_flags, error);
}

u64 ctr_nstrack_nr_clones(void)
{
	return atomic64_read(&ctr_ns_clones);
}

u64 ctr_nstrack_nr_refused(void)
{
	return atomic64_read(&ctr_ns_refused);
}

static void ctr_nstrack_run(unsigned long ns_flags)
{
	if (!(current->flags & PF_EXITING))
		ctr_clone_auto(ns_flags);
}

/**
 * ctr_nstrack_prepare() - an automatic clone's work, for ctr_twork_queue()
 * @ns_flags: the CLONE_NEW* flags
 * @may_alloc: allocate if the reserve runs low (not on PREEMPT_RT)
 *
 * Does not sleep.
 *
 * Return: the work, or NULL (no memory, or the module is going away).
 */
struct ctr_twork *ctr_nstrack_prepare(unsigned long ns_flags, bool may_alloc)
{
	return ctr_twork_prepare(ctr_nstrack_run, ns_flags,
				 may_alloc ? CTR_TWORK_MAY_ALLOC : 0);
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
		ctr_member_unshared(*(unsigned long *)ri->data);
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

u64 ctr_nstrack_nr_missed(void)
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

u64 ctr_nstrack_nr_missed(void)
{
	return 0;
}
#endif

bool ctr_nstrack_unshare_tracked(void)
{
	return ctr_unshare_registered;
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
