// SPDX-License-Identifier: GPL-2.0
/*
 * Container names: pure logic, no kernel state, tested by KUnit.
 *
 * Layer: pure logic, the bottom; it calls nothing else in the module.
 */
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/module.h>
#include <linux/string.h>

#include <linux/containerctl.h>

#include "compat.h"
#include "name.h"

static bool ctr_name_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/**
 * ctr_name_check() - validate a container name in a fixed-size field
 * @buf: the field, as copied from user space
 * @size: the field's size; at most CONTAINERCTL_NAME_MAX bytes are examined
 *
 * A valid name is NUL-terminated within the first CONTAINERCTL_NAME_MAX
 * bytes, 1 to CONTAINERCTL_NAME_MAX - 1 characters long, made of
 * [A-Za-z0-9._-] and neither "." nor "..".
 *
 * Return: the name's length, -ENAMETOOLONG if there is no terminating NUL
 * in time, or -EINVAL for an empty name, a character outside the set, "."
 * or "..".
 */
int ctr_name_check(const char *buf, size_t size)
{
	size_t len, i;

	len = strnlen(buf, min_t(size_t, size, CONTAINERCTL_NAME_MAX));
	if (len >= CONTAINERCTL_NAME_MAX || len == size)
		return -ENAMETOOLONG;
	if (!len)
		return -EINVAL;
	for (i = 0; i < len; i++)
		if (!ctr_name_char_ok(buf[i]))
			return -EINVAL;
	if (!strcmp(buf, ".") || !strcmp(buf, ".."))
		return -EINVAL;
	return len;
}
EXPORT_SYMBOL_IF_KUNIT(ctr_name_check);
