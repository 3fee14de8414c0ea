/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CTR_CPUTIME_H
#define _CTR_CPUTIME_H

#include "container.h"

void ctr_cputime_add(struct ctr_cputime *to, const struct ctr_cputime *t);
void ctr_cputime_charge(struct ctr_cputime *to, struct ctr_cputime *base,
			const struct ctr_cputime *now);

#endif /* _CTR_CPUTIME_H */
