// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl which PID: the path of the container a task is in.
 */
#include <stdio.h>
#include <unistd.h>

#include "ctrctl.h"
#include "table.h"

static const char which_usage[] =
	"Usage: ctrctl which PID\n"
	"\n"
	"Print the path of the container the task PID is in.\n"
	"\n"
	"Options:\n"
	"  -j, --json  print JSON: {\"tasks\": [{\"pid\", \"id\", \"path\"}]}\n"
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

static const struct tbl_col which_cols[] = {
	{ "PID", TBL_JSON_ONLY, J_NUM },
	{ "ID", TBL_JSON_ONLY, J_NUM },
	{ "PATH", 0, J_STR },
};

/* The path alone in text; {"tasks": [{"pid", "id", "path"}]} in JSON. */
static int print_which(pid_t pid, uint64_t id, const char *path)
{
	char p[16], i[24];
	const char *vals[] = { p, i, path };
	int ret;

	snprintf(p, sizeof(p), "%d", (int)pid);
	snprintf(i, sizeof(i), "%" PRIu64, id);
	ret = tbl_print_row("tasks", which_cols, ARRAY_SIZE(which_cols), vals,
			    false);
	return ret ? fail(-ret, "which %d", (int)pid) : EXIT_OK;
}

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

	return print_which(pid, id, path);
}
