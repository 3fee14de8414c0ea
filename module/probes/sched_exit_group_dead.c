// SPDX-License-Identifier: GPL-2.0
/*
 * probe: sched_process_exit passes (task, group_dead)
 *
 * 6.16 added the group_dead argument (commit "sched: Add a group_dead
 * argument to sched_process_exit"). register_trace_*() is a static inline in
 * the header whose argument type is the probe prototype, so a mismatch is an
 * incompatible-pointer-type error under -Werror. (Only compiled, never
 * linked: the tracepoint symbols are not exported to modules.)
 *
 * <linux/mm_types.h> comes first: <trace/events/sched.h> alone pulls in
 * sched/numa_balancing.h, which declares 'struct folio' inside a parameter
 * list, an error under -Werror on 6.12 and later that would make this probe
 * say no for a reason unrelated to what it tests.
 */
#include <linux/mm_types.h>
#include <linux/sched.h>
#include <trace/events/sched.h>

static void probe(void *data, struct task_struct *p, bool group_dead)
{
}

int ctr_probe(void);
int ctr_probe(void)
{
	return register_trace_sched_process_exit(probe, NULL);
}
