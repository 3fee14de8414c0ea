// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl clone [-p PARENT] [-n NAME | --name-pid] [-t] [-m MODE] [-f FLAGS]
 * [--no-inherit FLAGS] PID: create a child container and move a process (or
 * a thread) into it in one step (CONTAINERCTL_IOC_CLONE); print its path.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ctrctl.h"
#include "table.h"

static const char clone_usage[] =
	"Usage: ctrctl clone [-p PARENT] [-n NAME | --name-pid] [-t] [-m MODE]\n"
	"                    [-f FLAGS] [--no-inherit FLAGS] PID\n"
	"\n"
	"Create a child container of PARENT (an absolute path or an id; by\n"
	"default the container PID is in) and move the process PID, with all\n"
	"its threads, into it, in one step: nobody sees the new container\n"
	"without the process, and if the process cannot be moved the container\n"
	"is not created. Print the new container's path.\n"
	"\n"
	"The container is named NAME, or else automatically: node1, node2, ...\n"
	"in PARENT, or with --name-pid node_<pid> (the pid as the initial pid\n"
	"namespace sees it, with a suffix -N if that name is taken). Mode and\n"
	"flags are as for 'ctrctl create'; cloning needs the permissions of\n"
	"both create and attach.\n"
	"\n"
	"Options:\n"
	"  -p, --parent PARENT     the parent container\n"
	"  -n, --name NAME         the new container's name\n"
	"      --name-pid          name it node_<pid>\n"
	"  -t, --thread            move only the thread PID, not its process\n"
	"  -m, --mode MODE         permission bits, octal, at most 0777\n"
	"                          (default 0755)\n"
	"  -f, --flags FLAGS       flags to set: nstrack, nsrules, autoremove\n"
	"                          (a comma-separated list)\n"
	"      --no-inherit FLAGS  parent's flags not to inherit\n"
	"  -j, --json              print JSON: {\"containers\": [{\"id\",\n"
	"                          \"path\", \"name\"}]}\n"
	"  -h, --help              show this help\n";

static const struct option clone_opts[] = {
	{ "parent", required_argument, NULL, 'p' },
	{ "name", required_argument, NULL, 'n' },
	{ "name-pid", no_argument, NULL, 'P' },
	{ "thread", no_argument, NULL, 't' },
	{ "mode", required_argument, NULL, 'm' },
	{ "flags", required_argument, NULL, 'f' },
	{ "no-inherit", required_argument, NULL, 'N' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{}
};

static const struct cmd clone_cmd = {
	.name = "clone",
	.usage = clone_usage,
	.shortopts = ":p:n:tm:f:jh",
	.longopts = clone_opts,
};

/* The path alone in text; {"containers": [{"id", "path", "name"}]}. */
static const struct tbl_col clone_cols[] = {
	{ "ID", TBL_JSON_ONLY, J_NUM },
	{ "PATH", 0, J_STR },
	{ "NAME", TBL_JSON_ONLY, J_STR },
};

int clone_main(int argc, char *argv[])
{
	const struct cmd *cmd = &clone_cmd;
	struct containerctl_clone cl = { .mode = 0755 };
	char path[CONTAINERCTL_PATH_MAX], into[CONTAINERCTL_PATH_MAX + 8];
	char taken[CONTAINERCTL_NAME_MAX + 16];
	const char *name = NULL, *arg, *hint;
	char id[24];
	const char *vals[] = { id, path, cl.name };
	struct target parent = {};
	pid_t pid;
	int c, fd, ret;

	while ((c = cmd_getopt(cmd, argc, argv)) != -1) {
		switch (c) {
		case 'p':
			target_parse(cmd, optarg, &parent);
			break;
		case 'n':
			if (!*optarg)
				usage_error(cmd, "empty name");
			name = optarg;
			break;
		case 'P':
			cl.flags |= CONTAINERCTL_CLONE_NAME_PID;
			break;
		case 't':
			cl.flags |= CONTAINERCTL_CLONE_THREAD;
			break;
		case 'm':
			if (parse_mode(optarg, &cl.mode))
				usage_error(cmd, "invalid mode '%s': octal, at most 0777",
					    optarg);
			break;
		case 'f':
			cflags_parse(cmd, optarg, &cl.cflags);
			break;
		case 'N':
			cflags_parse(cmd, optarg, &cl.clear_flags);
			break;
		}
	}
	if (name && (cl.flags & CONTAINERCTL_CLONE_NAME_PID))
		usage_error(cmd, "-n and --name-pid exclude each other");
	cflags_check(cmd, cl.cflags, cl.clear_flags);
	arg = cmd_arg(cmd, argc, argv, "PID");
	cmd_end(cmd, argc, argv);
	if (parse_pid(arg, &pid))
		usage_error(cmd, "invalid pid '%s'", arg);
	cl.pid = pid;

	fd = dev_open();
	if (fd < 0)
		return EXIT_FAIL;
	into[0] = '\0';
	if (parent.arg) {
		if (target_resolve(cmd, fd, &parent)) {
			close(fd);
			return EXIT_FAIL;
		}
		cl.parent = parent.id;
		snprintf(into, sizeof(into), " into %s", parent.path);
	}
	if (name && strlen(name) >= sizeof(cl.name)) {
		close(fd);
		return fail(ENAMETOOLONG, "clone %d%s", pid, into);
	}
	if (name)
		strcpy(cl.name, name);

	ret = ctrl_clone(fd, &cl);
	if (ret) {
		hint = create_hint(fd, -ret, cl.cflags | cl.clear_flags);
		if (!hint && ret == -EINVAL && name)
			hint = NAME_HINT;
		if (ret == -EEXIST && name) {
			snprintf(taken, sizeof(taken), "'%s' is taken", name);
			hint = taken;
		}
		if (ret == -ENOTTY)
			hint = "the module does not support clone";
		ret = fail_hint(-ret, hint, "clone %d%s", pid, into);
	} else {
		/* Done: only the path is missing if this fails. */
		ret = ctrl_path(fd, cl.id, path, sizeof(path));
		if (ret)
			ret = fail(-ret, "clone %d%s: the path of container %" PRIu64,
				   pid, into, (uint64_t)cl.id);
	}
	close(fd);
	if (ret)
		return ret;

	cl.name[sizeof(cl.name) - 1] = '\0';
	snprintf(id, sizeof(id), "%" PRIu64, (uint64_t)cl.id);
	ret = tbl_print_row("containers", clone_cols, ARRAY_SIZE(clone_cols),
			    vals, false);
	return ret ? fail(-ret, "clone %d", pid) : EXIT_OK;
}
