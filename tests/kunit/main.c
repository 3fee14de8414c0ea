// SPDX-License-Identifier: GPL-2.0
/*
 * containerctl_kunit.ko: the module information, once for all the suites
 * (each *_test.c registers its own with kunit_test_suites()).
 */
#include <linux/module.h>

#include "compat.h"

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for containerctl's pure core");
MODULE_IMPORT_NS(CTR_KUNIT_NS);
