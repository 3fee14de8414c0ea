// SPDX-License-Identifier: GPL-2.0
/*
 * Task lifetime hooks: the task_newtask and sched_process_exit
 * tracepoints. Their register_trace_*() helpers are not exported to
 * modules, so the tracepoints are found by name and attached with
 * tracepoint_probe_register(). task_newtask fires for every new task,
 * io_uring workers included, in the creator's context; the probes only
 * call into member.c, which does not sleep. clone_flags tells namespace
 * tracking (nstrack.c) about new namespaces.
 *
 * Layer: the tracepoint probes, above namespace tracking (nstrack.c) and
 * membership (member.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/sched.h>
#include <linux/string.h>
#include <linux/tracepoint.h>

#include "compat.h"
#include "member.h"
#include "nstrack.h"
#include "track.h"

static struct tracepoint *ctr_tp_newtask;
static struct tracepoint *ctr_tp_exit;

static void ctr_find_tracepoint(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "task_newtask"))
		ctr_tp_newtask = tp;
	else if (!strcmp(tp->name, "sched_process_exit"))
		ctr_tp_exit = tp;
}

static void ctr_probe_newtask(void *data, struct task_struct *task,
			      unsigned long clone_flags)
{
	ctr_member_fork(task, clone_flags & CTR_NS_FLAGS,
			ctr_nstrack_clone_work);
}

#ifdef CTR_HAVE_SCHED_EXIT_GROUP_DEAD
static void ctr_probe_exit(void *data, struct task_struct *task,
			   bool group_dead)
{
	ctr_member_exit(task, group_dead);
}
#else
static void ctr_probe_exit(void *data, struct task_struct *task)
{
	ctr_member_exit(task, -1);	/* member.c works it out */
}
#endif

/**
 * ctr_track_init() - attach the probes
 *
 * Return: 0, -ENOENT if a tracepoint is missing, or the registration's
 * error.
 */
int ctr_track_init(void)
{
	int ret;

	for_each_kernel_tracepoint(ctr_find_tracepoint, NULL);
	if (!ctr_tp_newtask || !ctr_tp_exit) {
		pr_err("tracepoints task_newtask and sched_process_exit not found\n");
		return -ENOENT;
	}
	ret = tracepoint_probe_register(ctr_tp_newtask, ctr_probe_newtask, NULL);
	if (ret)
		return ret;
	ret = tracepoint_probe_register(ctr_tp_exit, ctr_probe_exit, NULL);
	if (ret) {
		tracepoint_probe_unregister(ctr_tp_newtask, ctr_probe_newtask,
					    NULL);
		tracepoint_synchronize_unregister();
	}
	return ret;
}

void ctr_track_uninit(void)
{
	tracepoint_probe_unregister(ctr_tp_exit, ctr_probe_exit, NULL);
	tracepoint_probe_unregister(ctr_tp_newtask, ctr_probe_newtask, NULL);
	/* No probe runs past this point, nor uses what is freed next. */
	tracepoint_synchronize_unregister();
}
