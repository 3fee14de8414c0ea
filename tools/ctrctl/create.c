// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl create PATH [-m MODE] [-f FLAGS] [--no-inherit FLAGS]: create the
 * last component of PATH under its parent, as mkdir does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctrctl.h"

static const char create_usage[] =
	"Usage: ctrctl create [-m MODE] [-f FLAGS] [--no-inherit FLAGS] PATH\n"
	"\n"
	"Create the container PATH (an absolute path): its last component,\n"
	"under its parent, which must exist. The new container is owned by the\n"
	"caller; creating it needs write permission on the parent. It has its\n"
	"parent's flags, those of -f, less those of --no-inherit.\n"
	"\n"
	"Flags (FLAGS is a comma-separated list):\n"
	"  nstrack  namespace tracking: a task that creates namespaces (clone,\n"
	"           unshare) moves into a new child container node_<pid>\n"
	"  nsrules  namespace rules: moving a task in, and creating under it,\n"
	"           are restricted as by the 2007 ns subsystem\n"
	"  autoremove  removed by the module once it has lost its last task\n"
	"           (or child) and has neither; not inherited\n"
	"\n"
	"Options:\n"
	"  -m, --mode MODE         permission bits, octal, at most 0777\n"
	"                          (default 0755)\n"
	"  -f, --flags FLAGS       flags to set\n"
	"      --no-inherit FLAGS  parent's flags not to inherit\n"
	"  -h, --help              show this help\n";

static const struct option create_opts[] = {
	{ "mode", required_argument, NULL, 'm' },
	{ "flags", required_argument, NULL, 'f' },
	{ "no-inherit", required_argument, NULL, 'N' },
	{ "help", no_argument, NULL, 'h' },
	{}
};

static const struct cmd create_cmd = {
	.name = "create",
	.usage = create_usage,
	.shortopts = ":m:f:h",
	.longopts = create_opts,
};

int create_main(int argc, char *argv[])
{
	const struct cmd *cmd = &create_cmd;
	struct containerctl_create cr = { .mode = 0755 };
	const char *hint;
	char *arg;
	int c, fd, ret;

	while ((c = cmd_getopt(cmd, argc, argv)) != -1) {
		switch (c) {
		case 'm':
			if (parse_mode(optarg, &cr.mode))
				usage_error(cmd, "invalid mode '%s': octal, at most 0777",
					    optarg);
			break;
		case 'f':
			cflags_parse(cmd, optarg, &cr.cflags);
			break;
		case 'N':
			cflags_parse(cmd, optarg, &cr.clear_flags);
			break;
		}
	}
	cflags_check(cmd, cr.cflags, cr.clear_flags);
	arg = cmd_arg(cmd, argc, argv, "PATH");
	cmd_end(cmd, argc, argv);
	if (arg[0] != '/')
		usage_error(cmd, "'%s' is not an absolute path", arg);

	fd = dev_open();
	if (fd < 0)
		return EXIT_FAIL;
	ret = ctrl_create_args_path(fd, arg, &cr);
	if (ret) {
		hint = create_hint(fd, -ret, cr.cflags | cr.clear_flags);
		if (!hint && ret == -EINVAL)
			hint = NAME_HINT;
		ret = fail_hint(-ret, hint, "create %s", arg);
	}
	close(fd);
	return ret;
}
