// SPDX-License-Identifier: GPL-2.0
/*
 * probe: kmalloc_obj() allocates one object of a variable's type
 *
 * The typed allocators (kmalloc_obj(), kzalloc_obj(), ...) are newer than
 * 6.12 in mainline (Debian's 6.12 has them through stable); checkpatch of
 * the kernels that have them asks for them. Older kernels get an
 * equivalent from compat.h.
 */
#include <linux/slab.h>

struct ctr_probe_obj {
	int a;
};

struct ctr_probe_obj *ctr_probe(void);
struct ctr_probe_obj *ctr_probe(void)
{
	struct ctr_probe_obj *p = kmalloc_obj(*p, GFP_KERNEL);

	return p;
}
