// SPDX-License-Identifier: GPL-2.0
/*
 * ctrctl rm PATH [-r]: remove an empty container, or with -r its whole
 * subtree, children first.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "ctrctl.h"

static const char rm_usage[] =
	"Usage: ctrctl rm [-r] CONTAINER\n"
	"\n"
	"Remove CONTAINER (an absolute path or an id). It must hold no process;\n"
	"without -r it must have no children either. The root cannot be\n"
	"removed. Removing needs write permission on the parent.\n"
	"\n"
	"Options:\n"
	"  -r, --recursive  remove the whole subtree, children first\n"
	"  -h, --help       show this help\n";

static const struct option rm_opts[] = {
	{ "recursive", no_argument, NULL, 'r' },
	{ "help", no_argument, NULL, 'h' },
	{}
};

static const struct cmd rm_cmd = {
	.name = "rm",
	.usage = rm_usage,
	.shortopts = ":rh",
	.longopts = rm_opts,
};

/*
 * Remove @id and everything below it, children first. A container removed
 * meanwhile by someone else is not an error.
 *
 * Return: 0, or a negative errno with *@failed set to the container that
 * could not be removed.
 */
static int rm_subtree(int fd, uint64_t id, uint64_t *failed)
{
	uint64_t *ids;
	size_t n, i;
	int ret;

	ret = ctrl_children_all(fd, id, &ids, &n);
	if (ret) {
		*failed = id;
		return ret;
	}
	for (i = 0; i < n; i++) {
		ret = rm_subtree(fd, ids[i], failed);
		if (ret == -ENOENT && *failed == ids[i])
			ret = 0;
		if (ret)
			break;
	}
	free(ids);
	if (ret)
		return ret;
	ret = ctrl_destroy(fd, id);
	if (ret)
		*failed = id;
	return ret;
}

/* Why a container is busy, from its counts. */
static const char *busy_hint(int fd, uint64_t id, bool recursive)
{
	struct containerctl_stat st;

	if (ctrl_stat(fd, id, &st))
		return NULL;
	if (st.nr_threads)
		return "it holds processes: move or kill them first";
	if (st.nr_children && !recursive)
		return "it has children: -r removes them too";
	return NULL;
}

int rm_main(int argc, char *argv[])
{
	const struct cmd *cmd = &rm_cmd;
	char path[CONTAINERCTL_PATH_MAX];
	bool recursive = false;
	uint64_t failed = 0;
	struct target c;
	int ch, fd, ret;

	while ((ch = cmd_getopt(cmd, argc, argv)) != -1) {
		switch (ch) {
		case 'r':
			recursive = true;
			break;
		}
	}
	target_parse(cmd, cmd_arg(cmd, argc, argv, "CONTAINER"), &c);
	cmd_end(cmd, argc, argv);

	fd = dev_open_target(cmd, &c);
	if (fd < 0)
		return EXIT_FAIL;
	if (c.id == CONTAINERCTL_ROOT_ID) {
		close(fd);
		errmsg("rm %s: the root container cannot be removed", c.arg);
		return EXIT_FAIL;
	}

	if (recursive) {
		ret = rm_subtree(fd, c.id, &failed);
	} else {
		ret = ctrl_destroy(fd, c.id);
		failed = c.id;
	}
	if (ret) {
		/* Name the container that failed: the one given, or below. */
		if (failed != c.id &&
		    ctrl_path(fd, failed, path, sizeof(path)))
			snprintf(path, sizeof(path), "%" PRIu64, failed);
		ret = fail_hint(-ret,
				ret == -EBUSY ? busy_hint(fd, failed, recursive) : NULL,
				"rm %s", failed == c.id ? c.arg : path);
	}
	close(fd);
	return ret;
}
