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

#endif /* _CTR_COMPAT_H */
