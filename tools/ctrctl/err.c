// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl's messages on stderr, one line each: errors ("ctrctl: MESSAGE:
 * strerror (HINT)") and usage errors. The lowest layer of ctrctl: it calls
 * nothing of ctrctl's.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctrctl.h"

/*
 * Print a message on stderr with its control characters escaped (\n, \t,
 * \r, else \xHH): an argument cannot break an error into several lines.
 */
static void vpr_escaped(const char *fmt, va_list ap)
{
	char buf[2 * CONTAINERCTL_PATH_MAX];	/* a path and some words */
	const unsigned char *p;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	for (p = (const unsigned char *)buf; *p; p++) {
		if (*p == '\n')
			fputs("\\n", stderr);
		else if (*p == '\t')
			fputs("\\t", stderr);
		else if (*p == '\r')
			fputs("\\r", stderr);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(stderr, "\\x%02x", *p);
		else
			fputc(*p, stderr);
	}
}

static void vpr_err(int err, const char *hint, const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs("ctrctl: ", stderr);
	vpr_escaped(fmt, ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err));
	if (hint)
		fprintf(stderr, " (%s)", hint);
	fputc('\n', stderr);
}

void errmsg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpr_err(0, NULL, fmt, ap);
	va_end(ap);
}

/* "ctrctl: MESSAGE: strerror(err)"; returns EXIT_FAIL. */
int fail(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpr_err(err, NULL, fmt, ap);
	va_end(ap);
	return EXIT_FAIL;
}

/* "ctrctl: MESSAGE: strerror(err) (HINT)"; returns EXIT_FAIL. */
int fail_hint(int err, const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpr_err(err, hint, fmt, ap);
	va_end(ap);
	return EXIT_FAIL;
}

/* "ctrctl: CMD: MESSAGE (see 'ctrctl CMD --help')", exit status 2. */
void usage_error(const struct cmd *cmd, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("ctrctl: ", stderr);
	if (cmd)
		fprintf(stderr, "%s: ", cmd->name);
	va_start(ap, fmt);
	vpr_escaped(fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, " (see 'ctrctl %s --help')\n", cmd->name);
	else
		fputs(" (see 'ctrctl help')\n", stderr);
	exit(EXIT_USAGE);
}
