// SPDX-License-Identifier: GPL-2.0
/*
 * probe: <kunit/visibility.h> with EXPORT_SYMBOL_IF_KUNIT (6.2+)
 */
#include <linux/export.h>
#include <linux/module.h>
#include <kunit/visibility.h>

int ctr_probe(void);
int ctr_probe(void)
{
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(ctr_probe);
