// SPDX-License-Identifier: GPL-2.0
/*
 * probe: MODULE_IMPORT_NS() takes a bare identifier (before 6.13)
 *
 * 6.13 (commit cdd30ebb1b9f, "module: Convert symbol namespace to string
 * literal") made the argument a string literal pasted as it is, so a bare
 * identifier no longer compiles. Before, the argument was stringified: a
 * string literal would compile too but name a namespace with quotes in it,
 * so only the identifier form tells the two apart.
 */
#include <linux/module.h>

MODULE_IMPORT_NS(CTR_PROBE_NAMESPACE);
