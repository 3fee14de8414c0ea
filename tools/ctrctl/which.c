// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl which PID: the path of the container a task is in.
 */
#include <unistd.h>

#include "ctrctl.h"
#include "out.h"

static const char which_usage[] =
	"Usage: ctrctl which PID\n"
	"\n"
	"Print the path of the container the task PID is in.\n"
	"\n"
	"Options:\n"
	"  -j, --json  print JSON (pid, id, path)\n"
	"  -h, --help  show this help\n";

static const struct option which_opts[] = {
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{}
};

static const struct cmd which_cmd = {
	.name = "which",
	.usage = which_usage,
	.shortopts = ":jh",
	.longopts = which_opts,
};

int which_main(int argc, char *argv[])
{
	const struct cmd *cmd = &which_cmd;
	char path[CONTAINERCTL_PATH_MAX];
	uint64_t id;
	char *arg;
	pid_t pid;
	int fd, ret;

	while (cmd_getopt(cmd, argc, argv) != -1)
		;
	arg = cmd_arg(cmd, argc, argv, "PID");
	cmd_end(cmd, argc, argv);
	if (parse_pid(arg, &pid))
		usage_error(cmd, "invalid pid '%s'", arg);

	fd = dev_open();
	if (fd < 0)
		return EXIT_FAIL;
	ret = ctrl_which(fd, pid, &id);
	if (!ret)
		ret = ctrl_path(fd, id, path, sizeof(path));
	close(fd);
	if (ret)
		return fail(-ret, "which %d", pid);

	out_begin_object(NULL);
	out_field_u64("pid", NULL, pid);
	out_field_u64("id", NULL, id);
	out_field_str("path", "%s\n", path);
	out_end_object();
	return EXIT_OK;
}
