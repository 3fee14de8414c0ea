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
 * EXPORTED_FOR_KUNIT_TESTING namespace, and only on kernels with KUnit.
 */
#if IS_ENABLED(CONFIG_KUNIT) && defined(CTR_HAVE_KUNIT_VISIBILITY)
#include <kunit/visibility.h>
#define CTR_EXPORT_FOR_KUNIT(sym)	EXPORT_SYMBOL_IF_KUNIT(sym)
#else
#define CTR_EXPORT_FOR_KUNIT(sym)
#endif

#endif /* _CTR_COMPAT_H */
