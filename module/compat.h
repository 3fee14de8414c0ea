/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel API differences, decided by the compile probes in probes/ (see
 * probe.sh), never by version numbers alone.
 */
#ifndef _CTR_COMPAT_H
#define _CTR_COMPAT_H

#include "probes.h"

/*
 * Pure core functions are exported to the KUnit test module only, in the
 * EXPORTED_FOR_KUNIT_TESTING namespace, and only on kernels with KUnit
 * (<kunit/visibility.h> makes EXPORT_SYMBOL_IF_KUNIT empty otherwise). Where
 * the header is missing, the fallback only checks that the symbol exists.
 */
#ifdef CTR_HAVE_KUNIT_VISIBILITY
#include <kunit/visibility.h>
#else
#define EXPORT_SYMBOL_IF_KUNIT(sym)	static_assert(!__same_type(sym, void))
#endif

/*
 * The namespace the KUnit module imports: a bare identifier before 6.13, a
 * string literal since.
 */
#ifdef CTR_HAVE_MODULE_IMPORT_NS_IDENT
#define CTR_KUNIT_NS	EXPORTED_FOR_KUNIT_TESTING
#else
#define CTR_KUNIT_NS	"EXPORTED_FOR_KUNIT_TESTING"
#endif

/*
 * A multicast group restricted to CAP_NET_ADMIN. Older kernels checked
 * GENL_UNS_ADMIN_PERM on groups; newer ones check GENL_MCAST_CAP_* only,
 * and would take the old flag silently and check nothing.
 */
/*
 * One object of a variable's (or a type's) type: kmalloc_obj() and
 * kzalloc_obj() where the kernel has them, the same by sizeof elsewhere.
 */
#ifndef CTR_HAVE_KMALLOC_OBJ
#include <linux/slab.h>
#define kmalloc_obj(obj, gfp)	kmalloc(sizeof(obj), gfp)
#define kzalloc_obj(obj, gfp)	kzalloc(sizeof(obj), gfp)
#endif

/* The unbound system workqueue: system_dfl_wq where the kernel has it. */
#ifdef CTR_HAVE_SYSTEM_DFL_WQ
#define CTR_UNBOUND_WQ	system_dfl_wq
#else
#define CTR_UNBOUND_WQ	system_unbound_wq
#endif

#ifdef CTR_HAVE_GENL_MCAST_CAP
#define CTR_GENL_MCAST_ADMIN	GENL_MCAST_CAP_NET_ADMIN
#else
#define CTR_GENL_MCAST_ADMIN	GENL_UNS_ADMIN_PERM
#endif

/*
 * One of an mm's resident-set counters, exactly: summed over the CPUs
 * where they are per-CPU (6.2), whose shared count alone lags by a batch
 * per CPU; read whole where they are atomics.
 */
#ifdef CTR_HAVE_MM_RSS_PERCPU
#define ctr_mm_counter(mm, member) \
	percpu_counter_sum_positive(&(mm)->rss_stat[member])
#else
#define ctr_mm_counter(mm, member)	get_mm_counter(mm, member)
#endif

#endif /* _CTR_COMPAT_H */
