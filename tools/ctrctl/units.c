// SPDX-License-Identifier: GPL-2.0
/*
 * Human units for the text output: CPU time and memory sizes. JSON keeps
 * the module's raw numbers (nanoseconds, bytes).
 */
#include <inttypes.h>
#include <stdio.h>

#include "ctrctl.h"

void fmt_cputime(char *buf, size_t len, uint64_t ns)
{
	uint64_t ms = ns / 1000000, s = ms / 1000;

	if (s < 60)
		snprintf(buf, len, "%" PRIu64 ".%03" PRIu64 "s", s, ms % 1000);
	else if (s < 3600)
		snprintf(buf, len, "%" PRIu64 "m%02" PRIu64 ".%02" PRIu64 "s",
			 s / 60, s % 60, ms % 1000 / 10);
	else
		snprintf(buf, len, "%" PRIu64 "h%02" PRIu64 "m%02" PRIu64 "s",
			 s / 3600, s / 60 % 60, s % 60);
}

void fmt_bytes(char *buf, size_t len, uint64_t bytes)
{
	static const char units[] = "KMGTPE";
	double v = bytes;
	int i = -1;

	while (v >= 1024 && i < (int)sizeof(units) - 2) {
		v /= 1024;
		i++;
	}
	if (i < 0)
		snprintf(buf, len, "%" PRIu64 "B", bytes);
	else
		snprintf(buf, len, "%.1f%ciB", v, units[i]);
}
