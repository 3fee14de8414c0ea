// SPDX-License-Identifier: GPL-2.0
/*
 * CPU time accounting: the pure part. A task's record keeps the task's own
 * times (user, system) from when it entered its container; when it leaves
 * or exits, what it used since is charged to the container and the base
 * moves on. No scheduler hook: the times are read at attach, fork, exit
 * and STAT only. Tested by KUnit.
 *
 * Layer: pure logic, the bottom; it calls nothing else in the module.
 */
#include <linux/export.h>
#include <linux/module.h>

#include "compat.h"
#include "cputime.h"

/**
 * ctr_cputime_add() - add @t to @to
 * @to: the sum
 * @t: the times to add
 */
void ctr_cputime_add(struct ctr_cputime *to, const struct ctr_cputime *t)
{
	to->user += t->user;
	to->system += t->system;
}
EXPORT_SYMBOL_IF_KUNIT(ctr_cputime_add);

/**
 * ctr_cputime_charge() - charge the time used since @base to @to
 * @to: the sum charged
 * @base: the task's times when it was last charged; set to @now
 * @now: the task's times now
 *
 * A task's adjusted times never go back (cputime_adjust() keeps them
 * monotonic); if one did, nothing is charged for it rather than a
 * wrapped-around amount.
 */
void ctr_cputime_charge(struct ctr_cputime *to, struct ctr_cputime *base,
			const struct ctr_cputime *now)
{
	if (now->user > base->user)
		to->user += now->user - base->user;
	if (now->system > base->system)
		to->system += now->system - base->system;
	*base = *now;
}
EXPORT_SYMBOL_IF_KUNIT(ctr_cputime_charge);
