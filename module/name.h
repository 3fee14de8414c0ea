/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CTR_NAME_H
#define _CTR_NAME_H

#include <linux/types.h>

int ctr_name_check(const char *buf, size_t size);

#endif /* _CTR_NAME_H */
