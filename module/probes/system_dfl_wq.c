// SPDX-License-Identifier: GPL-2.0
/*
 * probe: system_dfl_wq, the unbound system workqueue's new name
 *
 * 6.17 added system_dfl_wq and system_percpu_wq; 7.x logs "enqueued on
 * deprecated workqueue" for work queued on system_unbound_wq. Debian's
 * 6.12 has the new names through stable, 6.1 not.
 */
#include <linux/workqueue.h>

struct workqueue_struct *ctr_probe(void);
struct workqueue_struct *ctr_probe(void)
{
	return system_dfl_wq;
}
