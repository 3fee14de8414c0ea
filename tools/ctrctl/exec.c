// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl exec CONTAINER [--] COMMAND [ARGUMENT...]: run COMMAND inside
 * CONTAINER. ctrctl moves itself in (CONTAINERCTL_IOC_ATTACH, pid 0) and
 * then execs COMMAND in place: there is no fork, so the command never runs
 * outside, keeps ctrctl's pid, and its exit status is the command's own.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ctrctl.h"
#include "out.h"

/* As env(1), chroot(1) and the shell: COMMAND found but not run, not found. */
#define EXIT_CANNOT_RUN	126
#define EXIT_NOT_FOUND	127

static const char exec_usage[] =
	"Usage: ctrctl exec CONTAINER [--] COMMAND [ARGUMENT...]\n"
	"\n"
	"Run COMMAND (searched in PATH) inside CONTAINER (an absolute path or\n"
	"an id): ctrctl moves itself into CONTAINER, then replaces itself with\n"
	"COMMAND, which so never runs outside it and keeps ctrctl's pid. Moving\n"
	"needs the permissions of 'ctrctl attach'.\n"
	"\n"
	"Exit status: COMMAND's; 1 if ctrctl could not move into CONTAINER,\n"
	"2 on a usage error, 126 if COMMAND could not be run, 127 if it was\n"
	"not found.\n"
	"\n"
	"Options:\n"
	"  -h, --help  show this help\n";

static const struct option exec_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{}
};

static const struct cmd exec_cmd = {
	.name = "exec",
	.usage = exec_usage,
	/* '+': options end at CONTAINER; COMMAND's are its own. */
	.shortopts = "+:h",
	.longopts = exec_opts,
};

int exec_main(int argc, char *argv[])
{
	const struct cmd *cmd = &exec_cmd;
	struct target c;
	int fd, ret;

	while (cmd_getopt(cmd, argc, argv) != -1)
		;
	target_parse(cmd, cmd_arg(cmd, argc, argv, "CONTAINER"), &c);
	if (optind < argc && !strcmp(argv[optind], "--"))
		optind++;
	if (optind >= argc)
		usage_error(cmd, "missing COMMAND");

	fd = dev_open_target(cmd, &c);
	if (fd < 0)
		return EXIT_FAIL;
	ret = ctrl_attach(fd, c.id, 0, 0);
	close(fd);
	if (ret)
		return fail(-ret, "exec: attach %d to %s", (int)getpid(),
			    c.arg);
	if (out_finish(EXIT_OK))
		return EXIT_FAIL;
	execvp(argv[optind], argv + optind);
	ret = errno;
	fail(ret, "exec %s", argv[optind]);
	return ret == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN;
}
