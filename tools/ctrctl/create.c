// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl create PATH [-m MODE]: create the last component of PATH under its
 * parent, as mkdir does.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctrctl.h"

static const char create_usage[] =
	"Usage: ctrctl create [-m MODE] PATH\n"
	"\n"
	"Create the container PATH (an absolute path): its last component,\n"
	"under its parent, which must exist. The new container is owned by the\n"
	"caller; creating it needs write permission on the parent.\n"
	"\n"
	"Options:\n"
	"  -m, --mode MODE  permission bits, octal, at most 0777 (default 0755)\n"
	"  -h, --help       show this help\n";

static const struct option create_opts[] = {
	{ "mode", required_argument, NULL, 'm' },
	{ "help", no_argument, NULL, 'h' },
	{}
};

static const struct cmd create_cmd = {
	.name = "create",
	.usage = create_usage,
	.shortopts = ":m:h",
	.longopts = create_opts,
};

static int parse_mode(const char *s, unsigned int *mode)
{
	unsigned long m;
	char *end;

	if (*s < '0' || *s > '7')
		return -1;
	errno = 0;
	m = strtoul(s, &end, 8);
	if (errno || *end || m > 0777)
		return -1;
	*mode = m;
	return 0;
}

int create_main(int argc, char *argv[])
{
	const struct cmd *cmd = &create_cmd;
	char parent[CONTAINERCTL_PATH_MAX], *arg, *name;
	unsigned int mode = 0755;
	uint64_t pid;
	size_t len;
	int c, fd, ret;

	while ((c = cmd_getopt(cmd, argc, argv)) != -1) {
		switch (c) {
		case 'm':
			if (parse_mode(optarg, &mode))
				usage_error(cmd, "invalid mode '%s': octal, at most 0777",
					    optarg);
			break;
		}
	}
	arg = cmd_arg(cmd, argc, argv, "PATH");
	cmd_end(cmd, argc, argv);
	if (arg[0] != '/')
		usage_error(cmd, "'%s' is not an absolute path", arg);

	/* Split PATH into its parent and its last component. */
	len = strlen(arg);
	if (len >= sizeof(parent))
		return fail(ENAMETOOLONG, "create %s", arg);
	memcpy(parent, arg, len + 1);
	while (len > 1 && parent[len - 1] == '/')
		parent[--len] = '\0';
	if (len == 1)
		return fail(EEXIST, "create %s", arg);
	name = strrchr(parent, '/');
	*name++ = '\0';

	fd = dev_open();
	if (fd < 0)
		return EXIT_FAIL;
	ret = ctrl_lookup(fd, parent[0] ? parent : "/", &pid);
	if (!ret)
		ret = ctrl_create(fd, pid, name, mode, 0, NULL);
	close(fd);
	if (ret == -EINVAL)
		return fail_hint(-ret,
				 "a name is 1 to 63 characters of A-Z a-z 0-9 . _ -",
				 "create %s", arg);
	if (ret)
		return fail(-ret, "create %s", arg);
	return EXIT_OK;
}
